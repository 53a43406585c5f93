package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

const tenantsHelp = `NAME
    noticescan tenants - manage what each tenant may read

SYNOPSIS
    noticescan tenants allow    --tenant TENANT s3://BUCKET/[PREFIX/] [--data-dir DIR | --database-url URL]
    noticescan tenants disallow --tenant TENANT s3://BUCKET/[PREFIX/] [--data-dir DIR | --database-url URL]
    noticescan tenants sources  [--tenant TENANT] [--data-dir DIR | --database-url URL]
    noticescan tenants retention --tenant TENANT DAYS [--data-dir DIR | --database-url URL]

DESCRIPTION
    A batch read from S3 ({"source": "s3://..."}) may name only a bucket
    and prefix the operator allowed for its tenant; by default a tenant
    may read none. A grant belongs to the tenant, so every key of the
    tenant may use it, and it covers every prefix below it. A PREFIX must
    end in "/" (so that "inbox/a/" never covers "inbox/ab/"); without one
    the grant is the whole bucket. Anything not granted, and a granted
    bucket that does not exist, answer the same 404 "source not
    available". A grant withdrawn stops the listing of batches already
    running on it.

    'retention' keeps the tenant's documents DAYS days after their
    processing ended; then serve and worker delete them (records,
    original, page previews) within --retention-interval. 0 keeps them
    until deleted, the default.
`

func runTenants(ctx context.Context, args []string, stdout io.Writer) error {
	verb, tenant, rest, db, err := openAdmin(ctx, "tenants", tenantsHelp, "allow, disallow, sources or retention", args, stdout)
	if db == nil {
		return err
	}
	defer db.Close()
	switch verb {
	case "allow", "disallow":
		if tenant == "" || len(rest) != 1 {
			return usageError("tenants %s: want --tenant TENANT and one s3://BUCKET/PREFIX/", verb)
		}
		bucket, prefix, err := parseGrant(rest[0])
		if err != nil {
			return usageError("tenants %s: %v", verb, err)
		}
		if verb == "allow" {
			if _, err := db.AllowSource(ctx, tenant, bucket, prefix); err != nil {
				return fmt.Errorf("tenants allow: %w", err)
			}
			fmt.Fprintf(stdout, "tenant %s may read s3://%s/%s\n", tenant, bucket, prefix)
			return nil
		}
		if err := db.DisallowSource(ctx, tenant, bucket, prefix); err != nil {
			return fmt.Errorf("tenants disallow: %w", err)
		}
		fmt.Fprintf(stdout, "tenant %s may no longer read s3://%s/%s\n", tenant, bucket, prefix)
	case "retention":
		if tenant == "" || len(rest) != 1 {
			return usageError("tenants retention: want --tenant TENANT and DAYS, a whole number >= 0")
		}
		days, err := strconv.Atoi(rest[0])
		if err != nil || days < 0 {
			return usageError("tenants retention: want --tenant TENANT and DAYS, a whole number >= 0")
		}
		if err := db.SetRetention(ctx, tenant, days); err != nil {
			return fmt.Errorf("tenants retention: %w", err)
		}
		fmt.Fprintf(stdout, "tenant %s: documents kept %d days after processing (0: until deleted)\n", tenant, days)
	case "sources":
		srcs, err := db.Sources(ctx, tenant)
		if err != nil {
			return fmt.Errorf("tenants sources: %w", err)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "TENANT\tSOURCE\tGRANTED")
		for _, s := range srcs {
			fmt.Fprintf(tw, "%s\ts3://%s/%s\t%s\n", s.Tenant, s.Bucket, s.Prefix, s.CreatedAt.UTC().Format(time.RFC3339))
		}
		return tw.Flush()
	default:
		return usageError("tenants: unknown action %q: want allow, disallow, sources or retention", verb)
	}
	return nil
}

// parseGrant splits s3://BUCKET/PREFIX/ into its bucket and prefix.
func parseGrant(src string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(src, "s3://")
	bucket, prefix, _ = strings.Cut(rest, "/")
	if !ok || bucket == "" {
		return "", "", fmt.Errorf("%q: want s3://BUCKET/ or s3://BUCKET/PREFIX/", src)
	}
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		return "", "", fmt.Errorf("%q: the prefix must end in \"/\", so that it does not cover names that only start like it", src)
	}
	return bucket, prefix, nil
}
