package batch

import "sync"

// Skip is why an entry gets no row in a run that resumes.
type Skip int

const (
	// SkipDone: an earlier run already has its row.
	SkipDone Skip = iota
	// SkipDoneFailed: an earlier run already has its row, failed.
	SkipDoneFailed
	// SkipDuplicate: the same bytes (or the same refused name) came
	// earlier in this run.
	SkipDuplicate
	// SkipNotDocument: neither its name nor its bytes are a document's.
	SkipNotDocument
)

// Seen is what already has a row: documents by SHA-256, and entries
// refused unread (which have no digest) by a name key. It is loaded from
// an earlier run's output and claimed in this one; it holds 32 bytes and
// a mark per document, never the rows. It is safe for concurrent use.
type Seen struct {
	mu    sync.Mutex
	sha   map[[32]byte]mark
	names map[string]mark
}

// mark is how a seen document's row ended.
type mark uint8

const (
	markThisRun mark = iota
	markDone
	markFailed
)

// NewSeen returns an empty set.
func NewSeen() *Seen {
	return &Seen{sha: map[[32]byte]mark{}, names: map[string]mark{}}
}

func markOf(ok bool) mark {
	if ok {
		return markDone
	}
	return markFailed
}

// Add records a document of an earlier run; ok is false when its row
// failed.
func (s *Seen) Add(sum [32]byte, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sha[sum] = markOf(ok)
}

// AddName records a refused entry of an earlier run by its name key.
func (s *Seen) AddName(key string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.names[key] = markOf(ok)
}

// Claim reserves a document for this run, or says why it is skipped.
func (s *Seen) Claim(sum [32]byte) (Skip, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return claimIn(s.sha, sum)
}

// ClaimName reserves a refused entry's row, or says why it is skipped.
func (s *Seen) ClaimName(key string) (Skip, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return claimIn(s.names, key)
}

func claimIn[K comparable](m map[K]mark, k K) (Skip, bool) {
	m0, ok := m[k]
	switch {
	case !ok:
		m[k] = markThisRun
		return 0, true
	case m0 == markThisRun:
		return SkipDuplicate, false
	case m0 == markFailed:
		return SkipDoneFailed, false
	}
	return SkipDone, false
}
