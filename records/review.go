package records

import "time"

// ReviewAction is a reviewer's decision on a finding.
type ReviewAction string

// Review actions.
const (
	// ReviewConfirm: the value is right as read.
	ReviewConfirm ReviewAction = "confirm"
	// ReviewCorrect: the value is wrong; Review.Value holds the right one.
	ReviewCorrect ReviewAction = "correct"
	// ReviewReject: there is no such identifier on the page.
	ReviewReject ReviewAction = "reject"
)

// Valid reports whether a is one of the review actions.
func (a ReviewAction) Valid() bool {
	return a == ReviewConfirm || a == ReviewCorrect || a == ReviewReject
}

// Review is one person's decision on one finding. Reviews are appended,
// never changed or removed (but with their document): the latest is the
// finding's state, and together they are its audit trail.
type Review struct {
	// Finding is the finding's index in Document.Findings.
	Finding int          `json:"finding"`
	Action  ReviewAction `json:"action"`
	// Value is the normalized corrected value of a ReviewCorrect.
	Value string `json:"value,omitempty"`
	// Reviewer names who decided: an API key's shown prefix, or "local"
	// on a server without authentication.
	Reviewer string    `json:"reviewer"`
	At       time.Time `json:"at"`
}
