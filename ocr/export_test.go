package ocr

// Internal steps exported for the black-box tests.
var (
	RemoveSpecks     = removeSpecks
	Flatten          = flatten
	OrientDecision   = orientDecision
	SidewaysDecision = sidewaysDecision
)
