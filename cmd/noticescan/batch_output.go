package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/noticescan/noticescan/batch"
	"github.com/noticescan/noticescan/results"
)

// batchRow is one document's line in batch output.
type batchRow = results.Row

// refusedRow is the row of an entry refused before its bytes were read.
func refusedRow(name string, err error) batchRow {
	return batchRow{File: name, Status: string(results.StatusFailed), Error: err.Error(), ReadAt: time.Now().UTC()}
}

// journalSuffix names the rows file beside a workbook: a workbook cannot
// grow a row at a time, so batch appends its rows to FILE.xlsx.jsonl, as
// it would to FILE.jsonl, resumes from there, and writes the workbook
// from it when the run ends or is interrupted.
const journalSuffix = ".jsonl"

// maxOutputLine bounds one line read back from an existing output file.
const maxOutputLine = 64 << 20

// batchOutput appends rows to the output file. Each row goes to the file
// in one write as soon as it is ready, so the file is valid after every
// row, and at worst a crash in the middle of a write leaves a last line
// cut short, which openBatchOutput removes.
type batchOutput struct {
	mu     sync.Mutex
	path   string
	f      *os.File
	csv    bool
	closed bool
	// workbook, for xlsx output, is the workbook written from path at
	// close.
	workbook string
}

// openBatchOutput opens or creates path, reads the rows already there
// into a batch.Seen (streaming, without keeping them), cuts a last line left
// incomplete by a crash, and positions the file for appending.
func openBatchOutput(path, format string) (*batchOutput, *batch.Seen, error) {
	var workbook string
	if format == "xlsx" {
		workbook, path = path, path+journalSuffix
		if err := checkWorkbook(workbook, path); err != nil {
			return nil, nil, err
		}
	}
	// Rows hold identifiers of people: readable by the owner only.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open output: %w", err)
	}
	o := &batchOutput{path: path, f: f, csv: format == "csv", workbook: workbook}
	done := batch.NewSeen()
	good, err := o.resume(done)
	if err == nil {
		err = f.Truncate(good)
	}
	if err == nil {
		_, err = f.Seek(good, io.SeekStart)
	}
	if err == nil && good == 0 && o.csv {
		_, err = f.Write(results.CSVHeader())
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return o, done, nil
}

// resume reads the existing rows and returns the length of the file up
// to the end of the last complete one.
func (o *batchOutput) resume(done *batch.Seen) (int64, error) {
	br := bufio.NewReaderSize(o.f, 64<<10)
	var off int64
	for n := 1; ; n++ {
		line, err := readOutputLine(br)
		if err != nil {
			return 0, fmt.Errorf("read %s: %w", o.path, err)
		}
		if len(line) == 0 {
			return off, nil
		}
		if line[len(line)-1] != '\n' {
			// Only the last line can lack its end, and only because a
			// write was cut short; anything else is not our file.
			if !o.csv && line[0] != '{' {
				return 0, usageError("batch: %s line %d is not a batch row; give another --out", o.path, n)
			}
			return off, nil
		}
		if err := o.readRow(n, line, done); err != nil {
			return 0, usageError("batch: %s line %d: %v; give another --out", o.path, n, err)
		}
		off += int64(len(line))
	}
}

// readOutputLine returns the next line with its '\n', or the unterminated
// rest of the file, or nothing at the end.
func readOutputLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		switch {
		case len(line) > maxOutputLine:
			return nil, fmt.Errorf("a line is over %d bytes", maxOutputLine)
		case err == nil, err == io.EOF:
			return line, nil
		case !errors.Is(err, bufio.ErrBufferFull):
			return nil, err
		}
	}
}

// readRow checks one complete line and records its document in done.
func (o *batchOutput) readRow(n int, line []byte, done *batch.Seen) error {
	var file, sha, status string
	if o.csv {
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte(results.BOM))
		}
		fields, err := csv.NewReader(bytes.NewReader(line)).Read()
		if err != nil {
			return fmt.Errorf("not CSV: %v", err)
		}
		cols := results.Columns()
		if n == 1 {
			if strings.Join(fields, ",") != strings.Join(cols, ",") {
				return errors.New("the header is not that of batch output")
			}
			return nil
		}
		if len(fields) != len(cols) {
			return fmt.Errorf("%d fields, want %d", len(fields), len(cols))
		}
		file, sha, status = fields[0], fields[1], fields[2]
	} else {
		var r struct {
			File   string `json:"file"`
			SHA256 string `json:"sha256"`
			Status string `json:"status"`
		}
		if err := json.Unmarshal(line, &r); err != nil {
			return fmt.Errorf("not JSON: %v", err)
		}
		file, sha, status = r.File, r.SHA256, r.Status
	}
	switch results.Status(status) {
	case results.StatusComplete, results.StatusPartial, results.StatusFailed:
	default:
		return fmt.Errorf("status %q is not complete, partial or failed", status)
	}
	// A partial row is a result to check, not a failure to report again.
	ok := results.Status(status) != results.StatusFailed
	if file == "" {
		return errors.New("no file")
	}
	if sha == "" {
		done.AddName("n:"+file, ok)
		return nil
	}
	var sum [32]byte
	if b, err := hex.DecodeString(sha); err != nil || len(b) != len(sum) {
		return fmt.Errorf("sha256 %q is not 64 hex digits", sha)
	} else {
		copy(sum[:], b)
	}
	done.Add(sum, ok)
	return nil
}

// nameKey is how a row without a digest is known on resume: by its file
// as the output spells it.
func (o *batchOutput) nameKey(name string) string {
	if o.csv {
		return "n:" + results.CSVText(name)
	}
	return "n:" + name
}

// write appends a row.
func (o *batchOutput) write(r batchRow) error {
	var line []byte
	var err error
	if o.csv {
		line = results.CSV(r)
	} else if line, err = results.JSONL(r); err != nil {
		return fmt.Errorf("encode row of %s: %w", r.File, err)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, err := o.f.Write(line); err != nil {
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	return nil
}

// close syncs and closes the file, and writes the workbook from it for
// xlsx output; later calls do nothing.
func (o *batchOutput) close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return nil
	}
	o.closed = true
	err := o.f.Sync()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err == nil && o.workbook != "" {
		err = writeWorkbook(o.path, o.workbook)
	}
	return err
}

// checkWorkbook refuses to replace a workbook that batch did not write:
// one of ours has its rows beside it.
func checkWorkbook(workbook, journal string) error {
	if _, err := os.Stat(workbook); errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("open output: %w", err)
	}
	if _, err := os.Stat(journal); errors.Is(err, fs.ErrNotExist) {
		return usageError("batch: %s exists without its rows in %s, so it is not batch output to resume; give another --out", workbook, journal)
	} else if err != nil {
		return fmt.Errorf("open output: %w", err)
	}
	return nil
}

// writeWorkbook writes every row of the journal into the workbook,
// replacing it whole (a new file renamed over it), so that the workbook
// is never half written.
func writeWorkbook(journal, workbook string) (err error) {
	in, err := os.Open(journal)
	if err != nil {
		return fmt.Errorf("read rows: %w", err)
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(workbook), "."+filepath.Base(workbook)+".*")
	if err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	x, err := results.NewXLSX(tmp)
	if err != nil {
		return err
	}
	br := bufio.NewReaderSize(in, 64<<10)
	for n := 1; ; n++ {
		line, err := readOutputLine(br)
		if err != nil {
			x.Close()
			return fmt.Errorf("read %s: %w", journal, err)
		}
		if len(line) == 0 {
			break
		}
		r, err := results.ParseJSONL(line)
		if err == nil {
			err = x.Write(r)
		}
		if err != nil {
			x.Close()
			return fmt.Errorf("%s line %d: %w", journal, n, err)
		}
	}
	if err := x.Close(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	if err := os.Rename(tmp.Name(), workbook); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}
