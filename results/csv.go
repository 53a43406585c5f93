package results

import (
	"bytes"
	"encoding/csv"
	"strings"
)

// BOM starts a CSV file so that spreadsheets read its names as UTF-8.
const BOM = "\ufeff"

// CSVHeader is the start of a CSV file: the BOM and the header row.
func CSVHeader() []byte {
	return append([]byte(BOM), csvLine(Columns())...)
}

// CSV is r as one CRLF-terminated CSV line in Columns order. Free text
// goes through CSVText; identifiers that start with a digit (the 12-digit
// USCIS Online Account Number) get a leading apostrophe, the mark a
// spreadsheet takes for "this is text", so that it keeps every digit
// instead of making a number of them. It is the formula guard's own mark:
// a CSV cell's leading apostrophe is never part of the value.
func CSV(r Row) []byte {
	cs := r.cells()
	out := make([]string, len(cs))
	for i, c := range cs {
		switch c.kind {
		case cellText:
			out[i] = CSVText(c.text)
		case cellID:
			out[i] = c.text
			if c.text[0] >= '0' && c.text[0] <= '9' {
				out[i] = "'" + c.text
			}
		case cellEmpty:
		default:
			out[i] = c.String()
		}
	}
	return csvLine(out)
}

// csvLine writes one record with CRLF, as spreadsheets expect.
func csvLine(cells []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.Write(cells) // a bytes.Buffer does not fail
	w.Flush()
	return b.Bytes()
}

// CSVText makes s one safe spreadsheet cell: line breaks become spaces,
// so a row stays one line, and formulas are disarmed by Cell.
func CSVText(s string) string {
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
	}
	return Cell(s)
}

// Cell keeps a spreadsheet from running text as a formula: a value that
// starts with = + - @ (or a tab/CR) is prefixed with an apostrophe, as
// OWASP advises.
func Cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
