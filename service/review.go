package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/storage"
)

// ErrInvalidValue: a corrected value is not an identifier of its finding's
// kind. It wraps records.ErrInvalid.
var ErrInvalidValue = fmt.Errorf("%w: corrected value is not valid for its kind", records.ErrInvalid)

// Review records a reviewer's decision on finding number finding (its
// index) of a tenant's document. A correction's value is normalized and
// must be valid for the finding's kind (ErrInvalidValue); a missing
// document or finding is records.ErrNotFound.
func (s *Service) Review(ctx context.Context, tenant, id string, finding int, r records.Review) (records.Document, error) {
	if !r.Action.Valid() {
		return records.Document{}, fmt.Errorf("review: %w: unknown action", records.ErrInvalid)
	}
	d, err := s.cfg.Records.Document(ctx, tenant, id)
	if err != nil {
		return records.Document{}, err
	}
	if finding < 0 || finding >= len(d.Findings) {
		return records.Document{}, fmt.Errorf("review %s finding %d: %w", id, finding, records.ErrNotFound)
	}
	r.Finding = finding
	if r.Action == records.ReviewCorrect {
		r.Value = normalizeIdentifier(r.Value)
		if !extractor.Valid(d.Findings[finding].Kind, r.Value) {
			return records.Document{}, fmt.Errorf("review %s finding %d (%s): %w", id, finding, d.Findings[finding].Kind, ErrInvalidValue)
		}
	} else {
		r.Value = ""
	}
	d, err = s.cfg.Records.AddReview(ctx, tenant, id, r)
	if err != nil {
		return records.Document{}, err
	}
	s.log.Info("finding reviewed", "tenant", tenant, "document", id, "finding", finding,
		"kind", d.Findings[finding].Kind, "action", r.Action)
	return d, nil
}

// normalizeIdentifier writes a typed identifier as findings store it:
// upper case, without spaces, hyphens or the "#" people type after "A".
func normalizeIdentifier(v string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '#' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, v)
}

// PageImage returns the preview of page (1-based) of a tenant's document:
// a JPEG of the page as it was read, upright, in which the findings' boxes
// scale by the preview's width over the page's Width. A page without a
// preview is records.ErrNotFound.
func (s *Service) PageImage(ctx context.Context, tenant, id string, page int) (io.ReadCloser, error) {
	d, err := s.cfg.Records.Document(ctx, tenant, id)
	if err != nil {
		return nil, err
	}
	if page < 1 || page > len(d.Pages) {
		return nil, fmt.Errorf("page image %s page %d: %w", id, page, records.ErrNotFound)
	}
	key, err := storage.PreviewKey(tenant, d.SHA256, page)
	if err != nil {
		return nil, fmt.Errorf("page image %s: %w", id, err)
	}
	rc, _, err := s.cfg.Objects.Get(ctx, key)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, fmt.Errorf("page image %s page %d: %w", id, page, records.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("page image %s page %d: %w", id, page, err)
	}
	return rc, nil
}

// deletePreviews removes the previews of a deleted document's pages.
func (s *Service) deletePreviews(ctx context.Context, d records.Document, pages int) {
	for n := 1; n <= pages; n++ {
		key, err := storage.PreviewKey(d.Tenant, d.SHA256, n)
		if err == nil {
			err = s.cfg.Objects.Delete(ctx, key)
		}
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			s.log.Warn("delete page preview", "document", d.ID, "page", n, "error", err)
		}
	}
}
