package noticegen

import "slices"

// Abbreviated spellings of the identifier labels, as letters and forms
// written by firms print them. They are drawn only with
// Options.AbbreviatedLabels, from a stream of their own, so every other
// draw of a document (and so every existing seed's output) is unchanged.
var (
	oanAbbrevs = []string{
		"USCIS Online Account No.", "Online Account No.", "Online Acct #", "Online Acct. No.",
		"USCIS Online Acct. Nbr", "Online Acct Nbr", "USCIS Online Account #", "Online Account Num.",
		"USCIS Online Acc. No.", "USCIS Online Acct. #",
	}
	receiptAbbrevs = []string{"Receipt No.", "Receipt #", "Rcpt No.", "Rcpt #", "Receipt Nbr", "Receipt Num."}
	aAbbrevs       = []string{
		"A No.", "A#", "A Nbr", "A-No.", "Alien Reg. No.", "Alien Registration Nbr", "Alien Reg. #",
		"USCIS #", "A-Number", "Alien No.",
	}
)

// abbreviationStream offsets a document's stream for its abbreviation
// draws, far from the document indexes that number the main streams.
const abbreviationStream = 1 << 40

// abbreviate swaps an identifier label for one of its abbreviations most
// of the time; any other label is returned as is.
func abbreviate(r *rnd, label string) string {
	for _, set := range [][2][]string{{oanLabels, oanAbbrevs}, {receiptLabels, receiptAbbrevs}, {aLabels, aAbbrevs}} {
		if slices.Contains(set[0], label) && r.chance(0.8) {
			return pick(r, set[1])
		}
	}
	return label
}
