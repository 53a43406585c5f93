package results

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// XLSXContentType is the media type of an Excel workbook.
const XLSXContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Sheet names the workbook's one worksheet.
const Sheet = "Results"

// sizeRows is how many rows set the column widths: the workbook streams
// its rows, and a column's width must be known before its first row.
const sizeRows = 1000

// Column widths, in characters, that content may set.
const (
	minWidth = 8
	maxWidth = 60
)

// XLSX writes rows as an Excel workbook: a header that stays in view
// (frozen), columns as wide as their content, identifiers and free text
// as text cells in the Text format (so Excel neither drops a leading zero
// nor runs a formula, even after the cell is edited), confidences as
// numbers and read_at_utc as a date-time in UTC. Rows stream to a
// temporary file past a size, so a large table takes little memory;
// Close writes the workbook.
type XLSX struct {
	w       io.Writer
	f       *excelize.File
	sw      *excelize.StreamWriter
	styles  xlsxStyles
	pending [][]cell // rows held until the widths are known
	started bool     // the header is written
	next    int      // the next row number to write
}

// xlsxStyles are the workbook's cell styles by cell kind.
type xlsxStyles struct {
	header, text, confidence, time int
}

// NewXLSX starts a workbook that Close writes to w.
func NewXLSX(w io.Writer) (*XLSX, error) {
	f := excelize.NewFile()
	x := &XLSX{w: w, f: f, next: 2}
	err := x.setUp()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("start workbook: %w", err)
	}
	return x, nil
}

func (x *XLSX) setUp() error {
	if err := x.f.SetSheetName("Sheet1", Sheet); err != nil {
		return err
	}
	textFmt := 49 // "@": Excel's Text format
	dec, stamp := "0.000", `yyyy-mm-dd hh:mm:ss "UTC"`
	var err error
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&x.styles.header, excelize.Style{NumFmt: textFmt, Font: &excelize.Font{Bold: true}}},
		{&x.styles.text, excelize.Style{NumFmt: textFmt}},
		{&x.styles.confidence, excelize.Style{CustomNumFmt: &dec}},
		{&x.styles.time, excelize.Style{CustomNumFmt: &stamp}},
	} {
		if *s.id, err = x.f.NewStyle(&s.style); err != nil {
			return err
		}
	}
	x.sw, err = x.f.NewStreamWriter(Sheet)
	return err
}

// Write adds r as the next row.
func (x *XLSX) Write(r Row) error {
	if !x.started {
		x.pending = append(x.pending, r.cells())
		if len(x.pending) < sizeRows {
			return nil
		}
		return x.start()
	}
	return x.row(r.cells())
}

// start sets the widths from the rows held, freezes the header, and
// writes the header and the rows held.
func (x *XLSX) start() error {
	cols := Columns()
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = utf8.RuneCountInString(c)
	}
	for _, cs := range x.pending {
		for i, c := range cs {
			widths[i] = max(widths[i], c.width())
		}
	}
	for i, w := range widths {
		// Two characters of margin, so that text clears the cell borders.
		if err := x.sw.SetColWidth(i+1, i+1, float64(min(max(w+2, minWidth), maxWidth))); err != nil {
			return fmt.Errorf("set column widths: %w", err)
		}
	}
	err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
	if err != nil {
		return fmt.Errorf("freeze the header: %w", err)
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: x.styles.header, Value: c}
	}
	if err := x.sw.SetRow("A1", header); err != nil {
		return fmt.Errorf("write header: %w", err)
	}
	x.started = true
	pending := x.pending
	x.pending = nil
	for _, cs := range pending {
		if err := x.row(cs); err != nil {
			return err
		}
	}
	return nil
}

// row writes one row of cells.
func (x *XLSX) row(cs []cell) error {
	values := make([]any, len(cs))
	for i, c := range cs {
		switch c.kind {
		case cellText, cellID:
			values[i] = excelize.Cell{StyleID: x.styles.text, Value: c.text}
		case cellInt:
			values[i] = int(c.num)
		case cellConfidence:
			values[i] = excelize.Cell{StyleID: x.styles.confidence, Value: c.num}
		case cellTime:
			values[i] = excelize.Cell{StyleID: x.styles.time, Value: c.at.UTC()}
		}
	}
	ref, err := excelize.CoordinatesToCellName(1, x.next)
	if err == nil {
		err = x.sw.SetRow(ref, values)
	}
	if err != nil {
		return fmt.Errorf("write row %d: %w", x.next, err)
	}
	x.next++
	return nil
}

// width is how many characters the cell shows.
func (c cell) width() int {
	switch c.kind {
	case cellEmpty:
		return 0
	case cellTime:
		return len("2006-01-02 15:04:05 UTC")
	}
	return utf8.RuneCountInString(c.String())
}

// Close writes the workbook to w and frees its temporary files.
func (x *XLSX) Close() error {
	defer x.f.Close()
	if !x.started {
		if err := x.start(); err != nil {
			return err
		}
	}
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("finish workbook: %w", err)
	}
	if err := x.f.Write(x.w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// Discard frees the workbook without writing it.
func (x *XLSX) Discard() {
	x.f.Close()
}
