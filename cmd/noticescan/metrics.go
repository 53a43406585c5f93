package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// serveMetrics serves GET /metrics, without authentication, on its own
// listener at addr until ctx ends: the operator's choice for a scraper on
// a private network, instead of the API port where /metrics needs a key.
// It returns once listening; a failure to listen is returned.
func serveMetrics(ctx context.Context, addr string, reg *prometheus.Registry, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("metrics listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Info("metrics listening", "addr", "http://"+ln.Addr().String()+"/metrics")
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener", "error", err)
		}
	}()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	return nil
}

// registerBuildInfo adds noticescan_build_info, a constant 1 whose labels
// say which build is running, so dashboards can tell versions apart.
func registerBuildInfo(reg prometheus.Registerer) {
	b := thisBuild()
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "noticescan_build_info",
		Help:        "The running build: module version, VCS revision and Go version; always 1.",
		ConstLabels: prometheus.Labels{"version": b.Version, "revision": b.Revision, "goversion": b.GoVersion},
	}, func() float64 { return 1 }))
}

// requestMetrics returns the api.Config.ObserveRequest hook that records
// noticescan_http_requests_total and noticescan_http_request_duration_seconds
// by method, route pattern and status. Routes are patterns, so the label
// sets stay few however many documents there are.
func requestMetrics(reg prometheus.Registerer) func(method, route string, status int, d time.Duration) {
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "noticescan_http_requests_total", Help: "HTTP requests answered, by method, route pattern and status.",
	}, []string{"method", "route", "status"})
	seconds := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "noticescan_http_request_duration_seconds", Help: "Time to answer an HTTP request, by method, route pattern and status.",
		Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120},
	}, []string{"method", "route", "status"})
	reg.MustRegister(requests, seconds)
	return func(method, route string, status int, d time.Duration) {
		code := strconv.Itoa(status)
		requests.WithLabelValues(method, route, code).Inc()
		seconds.WithLabelValues(method, route, code).Observe(d.Seconds())
	}
}
