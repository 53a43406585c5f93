package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"
)

const purgeHelp = `NAME
    noticescan purge - delete a tenant's finished documents

SYNOPSIS
    noticescan purge --tenant TENANT [--before DATE] [service flags: --data-dir, --database-url, --s3-*]

DESCRIPTION
    Deletes every document of TENANT whose processing ended before DATE
    (RFC 3339, or YYYY-MM-DD for midnight UTC; default now): its records,
    findings and reviews, its original and its page previews, in the
    database and the object store the service uses. Documents still
    queued or being read are kept. A tenant's retention
    ('noticescan tenants retention') does the same on a schedule.
`

func runPurge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("purge", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	var (
		cfg            config
		tenant, before string
	)
	cfg.register(fl, purgeSettings)
	fl.StringVar(&tenant, "tenant", "", "")
	fl.StringVar(&before, "before", "", "")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, purgeHelp+"\n"+envHelp(purgeSettings))
			return nil
		}
		return usageError("purge: %v", err)
	}
	if tenant == "" || fl.NArg() > 0 {
		return usageError("purge: --tenant is required and no other argument is taken")
	}
	cutoff := time.Now()
	if before != "" {
		t, err := parseDate(before)
		if err != nil {
			return usageError("purge: --before %q: want RFC 3339 or YYYY-MM-DD", before)
		}
		cutoff = t
	}
	if err := cfg.validate(); err != nil {
		return usageError("purge: %v", err)
	}
	log, err := newLogger(stderr, "warn")
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, log, false)
	if err != nil {
		return err
	}
	defer a.close()
	n, err := a.svc.Purge(ctx, tenant, cutoff)
	fmt.Fprintf(stdout, "purged %d documents of tenant %s finished before %s\n", n, tenant, cutoff.UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	return nil
}

// parseDate reads RFC 3339 or a bare date (midnight UTC).
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, s)
}
