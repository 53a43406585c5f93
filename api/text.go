package api

import (
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// Caps on the text a client sends, in bytes. A file name is capped as
// file systems cap one; the search text q needs no more than a name or an
// identifier; any other query value or path segment (ids, cursors,
// callback URLs) gets maxParamBytes.
const (
	maxFilenameBytes = 255
	maxQueryBytes    = 256
	maxParamBytes    = 2048
)

// paramLimits are the caps of the query parameters that have their own.
var paramLimits = map[string]int{"q": maxQueryBytes, "filename": maxFilenameBytes}

// checkText refuses what no database column should hold, whatever the
// database: invalid UTF-8 (PostgreSQL rejects it, SQLite stores it), NUL
// and other control characters, and text over limit bytes. what names
// the value in the client's problem; the value itself is not repeated.
func checkText(what, v string, limit int) error {
	if len(v) > limit {
		return badRequest("The %s is longer than %d bytes.", what, limit)
	}
	if !utf8.ValidString(v) {
		return badRequest("The %s is not valid UTF-8.", what)
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return badRequest("The %s holds a control character.", what)
		}
	}
	return nil
}

// checkParams refuses a request whose query values or path segments break
// checkText's rules, before any of them reaches the Service.
func (s *Server) checkParams(c *gin.Context) {
	for key, values := range c.Request.URL.Query() {
		limit, ok := paramLimits[key]
		if !ok {
			limit = maxParamBytes
		}
		if err := checkText("query parameter name", key, maxParamBytes); err != nil {
			s.fail(c, err)
			return
		}
		for _, v := range values {
			if err := checkText(key+" parameter", v, limit); err != nil {
				s.fail(c, err)
				return
			}
		}
	}
	for _, p := range c.Params {
		if err := checkText(p.Key+" in the path", p.Value, maxParamBytes); err != nil {
			s.fail(c, err)
			return
		}
	}
	c.Next()
}

// filename makes a client's file name safe to keep and show: its base
// name, without bidirectional controls, checked by checkText. Empty stays
// empty.
func filename(raw string) (string, error) {
	name := stripBidi(baseName(raw))
	if err := checkText("file name", name, maxFilenameBytes); err != nil {
		return "", err
	}
	return name, nil
}

// baseName strips any directory a client put in a filename, whichever
// separator it used.
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return strings.TrimSpace(name)
}

// stripBidi removes the Unicode controls that reorder text when shown
// (embeddings, overrides, isolates and marks), with which a name such as
// "invoice\u202Efdp.exe" displays as "invoiceexe.pdf".
func stripBidi(s string) string {
	if !strings.ContainsFunc(s, isBidi) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBidi(r) {
			return -1
		}
		return r
	}, s)
}

func isBidi(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}
