package noticegen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/noticescan/noticescan/extractor"
)

// officeCodes are the receipt prefixes a case-status tracker accepts
// (service centers, field and overseas offices).
var officeCodes = strings.Fields(`
AAO ABQ AGA ALB ANC ATL BAL BOI BOS BUF CHA CHI CHL CHR CIN CLE CLM CLT CSC DAL DEN DET DSM
EAC ELP FRE FSA GRR HAR HEL HHW HIA HLG HNT HOU IMP INP IOE JAC JAK KAN KND LAW LIN LNY LOS
LOU LVG MAN MCF MCT MEM MES MGL MIA MIL MIT MSC MTL NBC NEW NOL NOR NSC NYC OAK OKC OKL OMA
ORL PHI PHO PIT POM POO PRO QNS RAL REN SAA SAC SAJ SBD SEA SFR SFV SLC SNA SND SNJ SPM SPO
SRC STA STL TAM TSC TUC VSC WAC WAS WIC WPB YAK YSC ZAR ZBO ZCH ZHN ZLA ZMI ZNK ZNY ZOL ZSF`)

// centerCodes are the prefixes most notices carry; the rest of officeCodes
// still shows up, so it is drawn from too, just less often.
var centerCodes = []string{"EAC", "WAC", "LIN", "SRC", "MSC", "NBC", "IOE", "IOE", "YSC"}

// nvcPosts are consular post codes for NVC case numbers. MTL is also an
// office code, which is exactly what makes those case numbers a trap.
var nvcPosts = []string{"MNL", "GUZ", "CDJ", "SDO", "MTL", "MTL", "HCM", "MBM", "NWD", "ABD", "ACC", "LGS", "BNK", "SEO", "ISL", "KNG", "PNM", "TGG", "SNS", "PRT"}

// IsOfficeCode reports whether prefix is a USCIS office code that may start
// a receipt number.
func IsOfficeCode(prefix string) bool { return slices.Contains(officeCodes, prefix) }

// ident is one identifier: its normalized truth value and the text printed
// for it on this particular notice.
type ident struct {
	kind    extractor.Kind
	value   string
	printed string
}

func newOAN(r *rnd) ident {
	v := r.nzDigits(12)
	return ident{kind: extractor.KindOnlineAccountNumber, value: v, printed: groupDigits(r, v, 4, 4, 4)}
}

// groupDigits prints v contiguous, or split into the given groups with
// spaces or hyphens, the three ways 12-digit numbers show up on notices.
func groupDigits(r *rnd, v string, groups ...int) string {
	switch r.weighted(45, 35, 20) {
	case 0:
		return v
	case 1:
		return split(v, " ", groups...)
	default:
		return split(v, "-", groups...)
	}
}

func split(v, sep string, groups ...int) string {
	var parts []string
	for _, g := range groups {
		if len(v) <= g {
			break
		}
		parts = append(parts, v[:g])
		v = v[g:]
	}
	if v != "" {
		parts = append(parts, v)
	}
	return strings.Join(parts, sep)
}

func receiptPrefix(r *rnd) string {
	if r.chance(0.8) {
		return pick(r, centerCodes)
	}
	return pick(r, officeCodes)
}

// receiptDigits follows the service-center scheme (fiscal year, workday,
// sequence) with lockbox workdays above 366 mixed in; IOE digits carry no
// date meaning.
func receiptDigits(r *rnd, prefix string) string {
	if prefix == "IOE" {
		return pick(r, []string{"0", "0", "8", "9"}) + r.digits(9)
	}
	day := r.intIn(1, 366)
	if r.chance(0.35) {
		day = r.intIn(900, 999)
	}
	return fmt.Sprintf("%02d%03d%s", r.intIn(10, 25), day, r.digits(5))
}

func newReceipt(r *rnd) ident {
	p := receiptPrefix(r)
	return receiptWith(r, p, receiptDigits(r, p))
}

func receiptWith(r *rnd, prefix, digits string) ident {
	v := prefix + digits
	return ident{kind: extractor.KindReceiptNumber, value: v, printed: printReceipt(r, v)}
}

func printReceipt(r *rnd, v string) string {
	p, d := v[:3], v[3:]
	switch r.weighted(55, 14, 14, 10, 7) {
	case 0:
		return v
	case 1:
		return p + "-" + split(d, "-", 2, 3)
	case 2:
		return p + " " + split(d, " ", 2, 3)
	case 3:
		return p + "-" + split(d, "-", 3, 3)
	default:
		return p + " " + d
	}
}

// newANumber draws 9 digits mostly, and the older 8- and 7-digit numbers
// whose truth is zero-padded right after the A.
func newANumber(r *rnd) ident {
	var d string
	switch r.weighted(80, 17, 3) {
	case 0:
		d = pick(r, []string{"0", "1", "2", "2"}) + r.digits(8)
	case 1:
		d = r.nzDigits(8)
	default:
		d = r.nzDigits(7)
	}
	id := ident{kind: extractor.KindANumber, value: "A" + strings.Repeat("0", 9-len(d)) + d}
	if len(d) == 9 {
		switch r.weighted(40, 20, 15, 15, 10) {
		case 0:
			id.printed = "A" + d
		case 1:
			id.printed = "A " + split(d, " ", 3, 3)
		case 2:
			id.printed = "A-" + split(d, "-", 3, 3)
		case 3:
			id.printed = "A" + split(d, "-", 3, 3)
		default:
			id.printed = "A " + d
		}
	} else {
		id.printed = pick(r, []string{"A", "A", "A-", "A "}) + d
	}
	return id
}

// bareA prints an A-Number without its letter, as notices do after an
// "A#" label.
func bareA(r *rnd, id ident) string {
	d := strings.TrimLeft(id.value[1:], "0")
	if len(d) < 8 {
		d = id.value[1:]
	}
	if len(d) == 9 && r.chance(0.4) {
		return split(d, "-", 3, 3)
	}
	return d
}

// Distractor kinds: numbers printed on notices that must never be reported.
const (
	distBarcode     = "barcode"
	distTracking    = "tracking_number"
	distDocID       = "document_id"
	distBank        = "bank_account"
	distAccessCode  = "online_access_code"
	distPhone       = "phone"
	distI94         = "i94_number"
	distSEVIS       = "sevis_id"
	distSSN         = "ssn"
	distFEIN        = "fein"
	distZIP         = "zip4"
	distNVC         = "nvc_case_number"
	distCard        = "card_number"
	distFakeReceipt = "receipt_shaped"
	distRouting     = "routing_number"
	distInvoice     = "invoice_id"
)

func trackingNumber(r *rnd) string {
	switch r.IntN(3) {
	case 0:
		return groupDigits(r, r.nzDigits(12), 4, 4, 4)
	case 1:
		return split("9"+r.digits(21), " ", 4, 4, 4, 4, 4)
	default:
		return "1Z" + r.letters(1) + r.digits(2) + r.letters(3) + r.digits(10)
	}
}

// accessCode is the one-time code mailed to paper filers; a fifth of them
// are all digits and 12 long, the same shape as an account number.
func accessCode(r *rnd) string {
	if r.chance(0.2) {
		return groupDigits(r, r.nzDigits(12), 4, 4, 4)
	}
	const alnum = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 12)
	for i := range b {
		b[i] = alnum[r.IntN(len(alnum))]
	}
	if r.chance(0.5) {
		return split(string(b), "-", 4, 4)
	}
	return string(b)
}

func i94Number(r *rnd) string {
	if r.chance(0.5) {
		return r.nzDigits(11)
	}
	return r.nzDigits(9) + r.letters(1) + r.digits(1)
}

func sevisID(r *rnd) string { return "N00" + r.digits(8) }

func ssn(r *rnd) string {
	return fmt.Sprintf("%03d-%02d-%04d", r.intIn(100, 665), r.intIn(1, 99), r.intIn(1, 9999))
}

func fein(r *rnd) string { return fmt.Sprintf("%02d-%s", r.intIn(10, 98), r.digits(7)) }

func nvcCase(r *rnd) string {
	return fmt.Sprintf("%s%d%03d%03d", pick(r, nvcPosts), r.intIn(2005, 2025), 500+r.intIn(1, 365), r.intIn(1, 999))
}

// fakeReceipt is receipt-shaped but carries a prefix no office uses.
func fakeReceipt(r *rnd) string {
	for {
		p := r.letters(3)
		if !IsOfficeCode(p) {
			return p + r.digits(10)
		}
	}
}

func documentID(r *rnd) string {
	switch r.IntN(3) {
	case 0:
		return r.nzDigits(12)
	case 1:
		return fmt.Sprintf("%d-%s-%s", r.intIn(2015, 2025), r.digits(3), r.digits(7))
	default:
		return r.letters(2) + r.digits(10)
	}
}

// Label spellings seen on notices and forms; case is varied per document
// on top of these.
var (
	oanLabels = []string{
		"USCIS Online Account Number", "USCIS ONLINE ACCOUNT NUMBER", "Online Account Number",
		"USCIS Online Account No.", "USCIS Online Account Number (if any)",
	}
	receiptLabels = []string{"Receipt Number", "RECEIPT NUMBER", "Receipt #", "Receipt No.", "Receipt number"}
	aLabels       = []string{
		"A#", "USCIS A#", "A-Number", "Alien Number", "Alien Registration Number", "A Number",
	}
)
