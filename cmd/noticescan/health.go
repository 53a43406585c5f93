package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

const healthHelp = `NAME
    noticescan health - check that a running server is ready

SYNOPSIS
    noticescan health [--url URL]

DESCRIPTION
    Asks URL and exits 0 when it answers 200 OK within 5 seconds, 1
    otherwise; for container health checks, where no HTTP client may be
    installed. /readyz answers 200 when the server's database and object
    store answer.

    The default URL is /readyz on the server's --addr as NOTICESCAN_ADDR
    sets it (127.0.0.1:8080 when unset; an unspecified host such as
    0.0.0.0 is asked on 127.0.0.1), so the check follows the port the
    server was configured with.

OPTIONS
    --url URL    the URL to ask (default %s)

ENVIRONMENT (a flag wins over its variable)
    NOTICESCAN_ADDR              the server's --addr, for the default --url
`

// runHealth checks a running server, for container health checks where no
// HTTP client is installed.
func runHealth(ctx context.Context, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("health", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	def, err := readyURL(os.Getenv("NOTICESCAN_ADDR"))
	if err != nil {
		return usageError("health: bad environment: NOTICESCAN_ADDR: %v", err)
	}
	url := fl.String("url", def, "")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, healthHelp, def)
			return nil
		}
		return usageError("health: %v", err)
	}
	if fl.NArg() > 0 {
		return usageError("health: unexpected argument %q", fl.Arg(0))
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

// readyURL is the readiness URL of a server listening on addr ("" for
// the default address).
func readyURL(addr string) (string, error) {
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", err
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/readyz", nil
}
