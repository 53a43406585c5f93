package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/noticescan/noticescan/records/sqlrecords"
	"github.com/noticescan/noticescan/storage"
)

const keysHelp = `NAME
    noticescan keys - manage API keys

SYNOPSIS
    noticescan keys create --tenant TENANT [--data-dir DIR | --database-url URL]
    noticescan keys list   [--tenant TENANT] [--data-dir DIR | --database-url URL]
    noticescan keys revoke --tenant TENANT KEY_ID [--data-dir DIR | --database-url URL]

DESCRIPTION
    A key belongs to one tenant, which sees only its own documents. A
    tenant name is 1 to 63 of a-z, 0-9, '-' and '_', starting with a
    letter or digit. The secret is printed once, alone on the last line
    of standard output, and only its hash is stored. Revoked keys stop
    working at once. Flags may come before or after KEY_ID.
`

func runKeys(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	verb, tenant, rest, db, err := openAdmin(ctx, "keys", keysHelp, "create, list or revoke", args, stdout)
	if db == nil {
		return err
	}
	defer db.Close()
	switch verb {
	case "create":
		if tenant == "" || len(rest) > 0 {
			return usageError("keys create: --tenant is required and no other argument is taken")
		}
		// The tenant names its documents' storage keys: a name that
		// storage refuses would make a key whose every upload fails.
		if _, err := storage.DocumentPrefix(tenant); err != nil {
			return usageError("keys create: tenant %q is not a valid name: use 1 to 63 of a-z, 0-9, '-' and '_', starting with a letter or digit", tenant)
		}
		secret, key, err := db.CreateKey(ctx, tenant)
		if err != nil {
			return fmt.Errorf("keys create: %w", err)
		}
		fmt.Fprintf(stdout, "created key %s for tenant %s; keep the secret below, it is not shown again:\n%s\n", key.ID, key.Tenant, secret)
	case "list":
		keys, err := db.Keys(ctx, tenant)
		if err != nil {
			return fmt.Errorf("keys list: %w", err)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tTENANT\tPREFIX\tCREATED\tREVOKED")
		for _, k := range keys {
			rev := "-"
			if k.RevokedAt != nil {
				rev = k.RevokedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", k.ID, k.Tenant, k.Prefix, k.CreatedAt.UTC().Format(time.RFC3339), rev)
		}
		return tw.Flush()
	case "revoke":
		if tenant == "" || len(rest) != 1 {
			return usageError("keys revoke: want --tenant TENANT and one KEY_ID")
		}
		if err := db.RevokeKey(ctx, tenant, rest[0]); err != nil {
			return fmt.Errorf("keys revoke: %w", err)
		}
		fmt.Fprintf(stdout, "revoked %s\n", rest[0])
	default:
		return usageError("keys: unknown action %q: want create, list or revoke", verb)
	}
	return nil
}

// openAdmin parses the flags of an administration command (keys, tenants)
// and opens the database. A nil database with a nil error means help was
// printed and there is nothing more to do.
func openAdmin(ctx context.Context, cmd, help, verbs string, args []string, stdout io.Writer) (verb, tenant string, rest []string, db *sqlrecords.DB, err error) {
	help += "\n" + envHelp(adminSettings)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, help)
		if len(args) == 0 {
			return "", "", nil, nil, usageError("%s: want %s", cmd, verbs)
		}
		return "", "", nil, nil, nil
	}
	verb = args[0]
	fl := flag.NewFlagSet(cmd+" "+verb, flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	var cfg config
	cfg.register(fl, adminSettings)
	fl.StringVar(&tenant, "tenant", "", "")
	if rest, err = parseAnywhere(fl, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, help)
			return "", "", nil, nil, nil
		}
		return "", "", nil, nil, usageError("%s %s: %v", cmd, verb, err)
	}
	if err := cfg.validate(); err != nil {
		return "", "", nil, nil, usageError("%s: %v", cmd, err)
	}
	log, err := newLogger(io.Discard, "error")
	if err != nil {
		return "", "", nil, nil, err
	}
	db, err = openDB(ctx, cfg, log)
	if err != nil {
		return "", "", nil, nil, err
	}
	return verb, tenant, rest, db, nil
}
