package sqlrecords

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
)

// loadChildren fills the pages and findings of docs, all of one tenant,
// with one query each rather than one per document.
func (db *DB) loadChildren(ctx context.Context, q querier, tenant string, docs []records.Document) error {
	if len(docs) == 0 {
		return nil
	}
	index := make(map[string]int, len(docs))
	args := []any{tenant}
	for i, d := range docs {
		index[d.ID] = i
		args = append(args, d.ID)
	}
	in := "(" + strings.Repeat("?, ", len(docs)-1) + "?)"

	rows, err := db.query(ctx, q, `SELECT document_id, number, source, rotation, ocr_confidence, seconds, error, width, height
		FROM pages WHERE tenant = ? AND document_id IN `+in+` ORDER BY document_id, number`, args...)
	if err != nil {
		return fmt.Errorf("load pages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			docID, source string
			p             results.Page
		)
		if err := rows.Scan(&docID, &p.Number, &source, &p.Rotation, &p.OCRConfidence, &p.Seconds, &p.Error, &p.Width, &p.Height); err != nil {
			return fmt.Errorf("load pages: %w", err)
		}
		p.Source = extractor.Source(source)
		d := &docs[index[docID]]
		d.Pages = append(d.Pages, p)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load pages: %w", err)
	}
	rows.Close()

	rows, err = db.query(ctx, q, `SELECT document_id, kind, value, display, page, bbox, label, confidence, source,
		corrections, occurrences
		FROM findings WHERE tenant = ? AND document_id IN `+in+` ORDER BY document_id, ordinal`, args...)
	if err != nil {
		return fmt.Errorf("load findings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		docID, f, err := scanFinding(rows)
		if err != nil {
			return fmt.Errorf("load findings: %w", err)
		}
		d := &docs[index[docID]]
		d.Findings = append(d.Findings, f)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load findings: %w", err)
	}
	rows.Close()
	return db.loadReviews(ctx, q, tenant, in, args, index, docs)
}

func scanFinding(rows *sql.Rows) (string, extractor.Finding, error) {
	var (
		docID, kind, source            string
		bbox, corrections, occurrences []byte
		f                              extractor.Finding
	)
	if err := rows.Scan(&docID, &kind, &f.Value, &f.Display, &f.Page, &bbox, &f.Label, &f.Confidence, &source,
		&corrections, &occurrences); err != nil {
		return "", f, err
	}
	f.Kind, f.Source = extractor.Kind(kind), extractor.Source(source)
	for _, c := range []struct {
		raw []byte
		v   any
	}{{bbox, &f.BBox}, {corrections, &f.Corrections}, {occurrences, &f.Occurrences}} {
		if err := json.Unmarshal(c.raw, c.v); err != nil {
			// The document id, never the value: errors reach logs.
			return "", f, fmt.Errorf("document %s: finding json: %w", docID, err)
		}
	}
	return docID, f, nil
}

// writeResult records res as document d's outcome inside tx, replacing any
// pages and findings an earlier, interrupted run left. It reports false,
// writing nothing, when d is gone or already final: a result is written
// once.
func (db *DB) writeResult(ctx context.Context, tx *sql.Tx, d records.Document, res results.Outcome) (bool, error) {
	t := now()
	warnings, err := json.Marshal(nonNil(res.Warnings))
	if err != nil {
		return false, err
	}
	up, err := db.exec(ctx, tx, `UPDATE documents
		SET status = ?, error = ?, warnings = ?, pages_done = ?, pages_total = ?, updated_at = ?, completed_at = ?
		WHERE tenant = ? AND id = ? AND status NOT IN (?, ?, ?)`,
		string(res.Status), res.Error, string(warnings), len(res.Pages), len(res.Pages),
		db.dialect.timeArg(t), db.dialect.timeArg(t),
		d.Tenant, d.ID, records.StatusComplete, records.StatusPartial, records.StatusFailed)
	if err != nil {
		return false, fmt.Errorf("update document: %w", err)
	}
	if n, err := up.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	for _, q := range []string{
		`DELETE FROM findings WHERE tenant = ? AND document_id = ?`,
		`DELETE FROM pages WHERE tenant = ? AND document_id = ?`,
	} {
		if _, err := db.exec(ctx, tx, q, d.Tenant, d.ID); err != nil {
			return false, fmt.Errorf("clear earlier result: %w", err)
		}
	}
	for _, p := range res.Pages {
		if _, err := db.exec(ctx, tx, `INSERT INTO pages
			(document_id, tenant, number, source, rotation, ocr_confidence, seconds, error, width, height)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.ID, d.Tenant, p.Number, string(p.Source), p.Rotation, p.OCRConfidence, p.Seconds, p.Error,
			p.Width, p.Height); err != nil {
			return false, fmt.Errorf("insert page %d: %w", p.Number, err)
		}
	}
	for i, f := range res.Findings {
		bbox, err1 := json.Marshal(f.BBox)
		corrections, err2 := json.Marshal(nonNil(f.Corrections))
		occurrences, err3 := json.Marshal(nonNil(f.Occurrences))
		if err := firstErr(err1, err2, err3); err != nil {
			return false, fmt.Errorf("finding %d: %w", i, err)
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO findings
			(document_id, tenant, ordinal, kind, value, display, page, bbox, label, confidence, source, corrections, occurrences)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.ID, d.Tenant, i, string(f.Kind), f.Value, f.Display, f.Page, string(bbox), f.Label, f.Confidence,
			string(f.Source), string(corrections), string(occurrences)); err != nil {
			// Which finding by position and kind; its value stays out.
			return false, fmt.Errorf("insert finding %d (%s): %w", i, f.Kind, err)
		}
	}
	return true, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
