package extractor

import "strings"

// Kind names an identifier type.
type Kind string

// The identifier kinds the extractor reports.
const (
	KindOnlineAccountNumber Kind = "online_account_number"
	KindReceiptNumber       Kind = "receipt_number"
	KindANumber             Kind = "a_number"
)

// Kinds lists every kind the extractor reports, in output order.
func Kinds() []Kind {
	return []Kind{KindOnlineAccountNumber, KindReceiptNumber, KindANumber}
}

// Name is the kind in words, as a notice prints its label.
func (k Kind) Name() string {
	switch k {
	case KindOnlineAccountNumber:
		return "USCIS Online Account Number"
	case KindReceiptNumber:
		return "receipt number"
	case KindANumber:
		return "A-Number"
	}
	return string(k)
}

// officeCodes are the receipt prefixes a public USCIS case-status tracker
// accepts: service centers, ELIS/lockbox (IOE), field and overseas offices.
// A receipt-shaped value with any other prefix (NVC posts, card series,
// look-alikes) is not a receipt number.
var officeCodes = func() map[string]bool {
	const list = `AAO ABQ AGA ALB ANC ATL BAL BOI BOS BUF CHA CHI CHL CHR CIN CLE CLM CLT CSC DAL DEN DET DSM
EAC ELP FRE FSA GRR HAR HEL HHW HIA HLG HNT HOU IMP INP IOE JAC JAK KAN KND LAW LIN LNY LOS
LOU LVG MAN MCF MCT MEM MES MGL MIA MIL MIT MSC MTL NBC NEW NOL NOR NSC NYC OAK OKC OKL OMA
ORL PHI PHO PIT POM POO PRO QNS RAL REN SAA SAC SAJ SBD SEA SFR SFV SLC SNA SND SNJ SPM SPO
SRC STA STL TAM TSC TUC VSC WAC WAS WIC WPB YAK YSC ZAR ZBO ZCH ZHN ZLA ZMI ZNK ZNY ZOL ZSF`
	m := make(map[string]bool)
	for _, c := range strings.Fields(list) {
		m[c] = true
	}
	return m
}()

// IsOfficeCode reports whether p is a USCIS office receipt prefix.
func IsOfficeCode(p string) bool { return officeCodes[p] }

// Valid reports whether value is a normalized identifier of kind k:
// 12 digits; 3 office letters + 10 digits; or "A" + 9 digits.
func Valid(k Kind, value string) bool {
	switch k {
	case KindOnlineAccountNumber:
		return len(value) == 12 && allDigits(value)
	case KindReceiptNumber:
		return len(value) == 13 && IsOfficeCode(value[:3]) && allDigits(value[3:])
	case KindANumber:
		return len(value) == 10 && value[0] == 'A' && allDigits(value[1:])
	}
	return false
}

// Mask hides all but the last four characters of an identifier (and a
// receipt's office prefix, which is not personal), so a value can appear in
// logs and metrics without disclosing it.
func Mask(k Kind, value string) string {
	keepHead := 0
	switch k {
	case KindReceiptNumber:
		keepHead = 3
	case KindANumber:
		keepHead = 1
	}
	if len(value) <= keepHead+4 {
		return strings.Repeat("*", len(value))
	}
	return value[:keepHead] + strings.Repeat("*", len(value)-keepHead-4) + value[len(value)-4:]
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
