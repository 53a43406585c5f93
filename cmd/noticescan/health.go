package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"
)

// runHealth checks a running server, for container health checks where no
// HTTP client is installed.
func runHealth(ctx context.Context, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("health", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	url := fl.String("url", "http://127.0.0.1:8080/readyz", "")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "usage: noticescan health [--url http://127.0.0.1:8080/readyz]\n\nExits 0 when the URL answers 200 within 5 seconds.")
			return nil
		}
		return usageError("health: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return usageError("health: %v", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health: %s answered %s", *url, resp.Status)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}
