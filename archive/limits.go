package archive

// Limits bound what reading one source may cost. The zero value of a field
// means its default.
type Limits struct {
	// MaxEntryBytes is the most one file or member may hold, uncompressed.
	// Default 100 MiB, the document size limit.
	MaxEntryBytes int64
	// MaxArchiveBytes is the most all members of one archive may expand
	// to, counting only members that are read (tar and tar.gz skip through
	// the others, and a gzip stream is counted as it is inflated).
	// Default 64 GiB.
	MaxArchiveBytes int64
	// MaxRatio is the most a member (zip) or a whole archive (zip, tar.gz)
	// may expand, as uncompressed bytes per compressed byte. Scans are
	// already compressed and expand about 1:1; deflate cannot go past
	// about 1032:1, which is what bombs use. It is checked only once more
	// than RatioGrace bytes have expanded, since small files cost nothing.
	// Default 100.
	MaxRatio int64
}

// RatioGrace is how many bytes may expand before MaxRatio applies.
const RatioGrace = 1 << 20

// DefaultLimits returns 100 MiB per entry, 64 GiB per archive and 100:1.
func DefaultLimits() Limits {
	return Limits{MaxEntryBytes: 100 << 20, MaxArchiveBytes: 64 << 30, MaxRatio: 100}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxEntryBytes <= 0 {
		l.MaxEntryBytes = d.MaxEntryBytes
	}
	if l.MaxArchiveBytes <= 0 {
		l.MaxArchiveBytes = d.MaxArchiveBytes
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	return l
}

// overRatio reports whether out bytes expanded from in bytes break the ratio.
func (l Limits) overRatio(out, in int64) bool {
	return out > RatioGrace && out/l.MaxRatio > in
}

// archiveCap is the most an archive of size compressed bytes may expand to.
func (l Limits) archiveCap(size int64) int64 {
	c := l.MaxArchiveBytes
	if size >= 0 && size < (c-RatioGrace)/l.MaxRatio {
		c = size*l.MaxRatio + RatioGrace
	}
	return c
}
