package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/noticescan/noticescan/records"
)

// purgePage is how many documents one round of Purge deletes.
const purgePage = 100

// Purge deletes, as Delete does (records, original, page previews), every
// document of tenant whose processing ended before before, and returns
// how many it deleted.
func (s *Service) Purge(ctx context.Context, tenant string, before time.Time) (int, error) {
	if s.cfg.Retention == nil {
		return 0, errors.New("purge: no retention store")
	}
	purged := 0
	for {
		ids, err := s.cfg.Retention.FinishedBefore(ctx, tenant, before, purgePage)
		if err != nil {
			return purged, fmt.Errorf("purge: %w", err)
		}
		if len(ids) == 0 {
			return purged, nil
		}
		for _, id := range ids {
			// Another process purging the same tenant got there first.
			if err := s.Delete(ctx, tenant, id); err != nil && !errors.Is(err, records.ErrNotFound) {
				return purged, fmt.Errorf("purge: %w", err)
			}
			purged++
		}
	}
}

// Expire purges each tenant's documents older than its retention.
func (s *Service) Expire(ctx context.Context, now time.Time) error {
	if s.cfg.Retention == nil {
		return nil
	}
	rs, err := s.cfg.Retention.Retentions(ctx)
	if err != nil {
		return fmt.Errorf("expire: %w", err)
	}
	var errs []error
	for _, r := range rs {
		n, err := s.Purge(ctx, r.Tenant, now.AddDate(0, 0, -r.Days))
		if n > 0 {
			s.log.Info("expired documents", "tenant", r.Tenant, "documents", n, "retention_days", r.Days)
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
