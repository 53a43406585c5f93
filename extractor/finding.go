package extractor

import (
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sort"
	"strconv"
)

// Finding is one identifier found in a document, with the evidence a person
// needs to check it.
type Finding struct {
	Kind Kind `json:"kind"`
	// Value is normalized: 12 digits, 3 letters + 10 digits, or "A" + 9 digits.
	Value string `json:"value"`
	// Display is the value as printed (after slot repairs), e.g. "EAC-21-900-12345".
	Display string `json:"display"`
	Page    int    `json:"page"`
	BBox    Box    `json:"bbox"`
	// Label is the label text that tied the value to its kind; empty for an
	// unlabeled receipt number.
	Label      string  `json:"label"`
	Confidence float64 `json:"confidence"`
	Source     Source  `json:"source"`
	// Corrections lists the character repairs made, e.g. "O→0 at 5".
	Corrections []string `json:"corrections"`
	// Occurrences holds every place the same value was found, the best first.
	Occurrences []Occurrence `json:"occurrences,omitempty"`
}

// Occurrence is one place a value was found.
type Occurrence struct {
	Page       int     `json:"page"`
	BBox       Box     `json:"bbox"`
	Label      string  `json:"label"`
	Confidence float64 `json:"confidence"`
	Source     Source  `json:"source"`
}

// LogValue keeps full identifiers out of logs: a Finding logs masked.
func (f Finding) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("kind", string(f.Kind)),
		slog.String("value", Mask(f.Kind, f.Value)),
		slog.Int("page", f.Page),
		slog.Float64("confidence", f.Confidence),
	)
}

// String is masked for the same reason as LogValue.
func (f Finding) String() string {
	return fmt.Sprintf("%s %s (page %d, %.2f)", f.Kind, Mask(f.Kind, f.Value), f.Page, f.Confidence)
}

// Result is what extraction found in one document.
type Result struct {
	Findings []Finding `json:"findings"`
	// Warnings are document-level notes for a reviewer, never containing a
	// full identifier.
	Warnings []string `json:"warnings"`
	// Slots are labeled places whose value could not be read, or was read
	// with doubt; a caller with the page image can re-read them and pass
	// the readings to ResolveSlots, after which the ones left are open
	// (see Unread).
	Slots []Slot `json:"-"`
	// strays are A-Number-shaped numbers no label announced (see Strays).
	strays []Stray
	// forms are form numbers read in pages' margins (see Missing).
	forms []formMark
	// disputed are first readings kept against re-reads (see Disputed).
	disputed []Disputed
	// accounts are "Account Number" look-alike labels with garbled words
	// before them (see garbledAccount).
	accounts []Caption
	// copies are first readings dropped as misread copies of a value
	// found elsewhere (see dropCopies), with that value.
	copies []Disputed
}

// Add merges f into r: a value already present gains an occurrence (and the
// better evidence), a new value is appended. Warnings are recomputed.
func (r *Result) Add(f Finding) {
	occ := Occurrence{Page: f.Page, BBox: f.BBox, Label: f.Label, Confidence: f.Confidence, Source: f.Source}
	for i := range r.Findings {
		g := &r.Findings[i]
		if g.Kind != f.Kind || g.Value != f.Value {
			continue
		}
		g.Occurrences = append(g.Occurrences, occ)
		sort.SliceStable(g.Occurrences, func(a, b int) bool {
			return g.Occurrences[a].Confidence > g.Occurrences[b].Confidence
		})
		// Two independent sightings of one value make it more certain.
		best := g.Occurrences[0].Confidence
		if f.Confidence > g.Confidence || (f.Confidence == g.Confidence && g.Label == "" && f.Label != "") {
			keep := g.Occurrences
			*g = f
			g.Occurrences = keep
		}
		g.Confidence = clamp01(best + (1-best)*0.5*second(g.Occurrences))
		r.warn()
		return
	}
	f.Occurrences = []Occurrence{occ}
	r.Findings = append(r.Findings, f)
	r.sort()
	r.warn()
}

func second(o []Occurrence) float64 {
	if len(o) < 2 {
		return 0
	}
	return o[1].Confidence
}

func (r *Result) sort() {
	order := map[Kind]int{}
	for i, k := range Kinds() {
		order[k] = i
	}
	sort.SliceStable(r.Findings, func(a, b int) bool {
		fa, fb := r.Findings[a], r.Findings[b]
		if order[fa.Kind] != order[fb.Kind] {
			return order[fa.Kind] < order[fb.Kind]
		}
		if fa.Page != fb.Page {
			return fa.Page < fb.Page
		}
		return fa.BBox.Y0 < fb.BBox.Y0
	})
}

// dropEchoes removes unlabeled findings that repeat a labeled finding of
// the same kind with one or two characters misread. Notices print their
// numbers more than once (header and body, a barcode's caption), and on a
// poor scan the unlabeled repetition comes out with a wrong digit. Numbers
// filed together for one family run consecutively and differ only in
// their last two characters: those are kept. So do numbers of one batch
// that differ in three: an unlabeled repetition with three characters
// misread is dropped only when its digits stand too far from the labeled
// one's for one batch (a barcode's small caption read
// "WAC1405264558" under "WAC1405201858"). A copy whose office code alone
// was misread goes too (see officeMisread).
func (r *Result) dropEchoes() {
	var out []Finding
	for _, f := range r.Findings {
		if f.Label == "" && r.echoes(f) {
			continue
		}
		out = append(out, f)
	}
	r.Findings = out
}

func (r *Result) echoes(f Finding) bool {
	for _, g := range r.Findings {
		if g.Kind == f.Kind && g.Label != "" && (g.Confidence > f.Confidence && misreadCopy(g.Value, f.Value) || officeMisread(g, f)) {
			return true
		}
	}
	return false
}

// officeMisread reports receipt numbers with the same ten digits under
// other office codes: no two cases share them, so one code was misread,
// and the unlabeled copy goes whatever its confidence ("CIN2391087679" at
// 0.31 beside the labeled LIN2391087679 at 0.30, which all eight re-reads
// had read).
func officeMisread(g, f Finding) bool {
	return f.Kind == KindReceiptNumber && len(f.Value) == 13 && len(g.Value) == 13 && f.Value[3:] == g.Value[3:] && f.Value[:3] != g.Value[:3]
}

// misreadCopy reports whether b, as long as a, is a with one or two
// characters misread, one of them before the last two, or with three
// misread and too far from a for one batch (see dropEchoes).
func misreadCopy(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	diff, early := 0, false
	for i := range a {
		if a[i] != b[i] {
			diff++
			early = early || i < len(a)-2
		}
	}
	return diff > 0 && diff <= 2 && early || diff == 3 && apart(a, b) >= batchSpan
}

// batchSpan is how far apart the digits of numbers filed in one batch may
// stand: a family's forms are numbered one after another.
const batchSpan = 1000

// apart is the distance between the numbers a's and b's digits make; a
// value of over 18 digits counts as far from any.
func apart(a, b string) uint64 {
	x, err1 := strconv.ParseUint(digitsOnly(a), 10, 64)
	y, err2 := strconv.ParseUint(digitsOnly(b), 10, 64)
	if err1 != nil || err2 != nil {
		return math.MaxUint64
	}
	if x > y {
		return x - y
	}
	return y - x
}

// warn recomputes document-level warnings from the findings.
func (r *Result) warn() {
	var w []string
	var oans, lowConf int
	for _, f := range r.Findings {
		if f.Kind == KindOnlineAccountNumber {
			oans++
		}
		if f.Confidence < ReviewBelow {
			lowConf++
		}
	}
	if oans > 1 {
		w = append(w, fmt.Sprintf("%d different USCIS Online Account Numbers found; a person has one, check which applies", oans))
	}
	if lowConf > 0 {
		w = append(w, fmt.Sprintf("%d finding(s) below confidence %.2f: check them against the page", lowConf, ReviewBelow))
	}
	for _, u := range r.Unread() {
		w = append(w, u.Warning())
	}
	for _, d := range r.Disputed() {
		w = append(w, d.Warning())
	}
	for _, m := range r.Missing() {
		w = append(w, m.Warning())
	}
	for _, c := range r.copies {
		if r.found(c.Kind, c.value) {
			w = append(w, fmt.Sprintf("page %d: a %s read there once, one character off one read again elsewhere, was taken for its misread copy; check it", c.Page, c.Kind.Name()))
		}
	}
	for _, s := range r.Strays() {
		w = append(w, s.Warning())
	}
	for _, c := range r.accounts {
		w = append(w, fmt.Sprintf("page %d: an \"Account Number\" label follows words that could not be read; check whether it is the USCIS Online Account Number", c.Page))
	}
	w = append(w, r.twinWarnings()...)
	// Two notes alike (two garbled numbers on one page) send a person to
	// the same page once.
	seen := map[string]bool{}
	r.Warnings = slices.DeleteFunc(w, func(s string) bool {
		dup := seen[s]
		seen[s] = true
		return dup
	})
}

// ReviewBelow is the confidence under which a finding should be checked by a person.
const ReviewBelow = 0.7

func clamp01(x float64) float64 {
	switch {
	case x < 0:
		return 0
	case x > 1:
		return 1
	}
	return x
}
