package service

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/noticescan/noticescan/pipeline"
)

// Metrics are the service's Prometheus series. No label ever carries an
// identifier, a file name or a tenant's data: only outcomes and sources.
type Metrics struct {
	uploads    *prometheus.CounterVec
	documents  *prometheus.CounterVec
	pages      *prometheus.CounterVec
	ocrSeconds prometheus.Histogram
	findings   *prometheus.CounterVec
	jobErrors  *prometheus.CounterVec
}

// NewMetrics registers the series on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		uploads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "noticescan_uploads_total", Help: "Uploads accepted, by whether they created a new document.",
		}, []string{"new"}),
		documents: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "noticescan_documents_processed_total", Help: "Documents processed, by outcome.",
		}, []string{"status"}),
		pages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "noticescan_pages_processed_total", Help: "Pages processed, by source and outcome.",
		}, []string{"source", "outcome"}),
		ocrSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "noticescan_ocr_page_seconds", Help: "Time to read one OCR'd page, re-reads included.",
			Buckets: []float64{0.25, 0.5, 1, 1.5, 2, 3, 5, 8, 13, 30, 60},
		}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "noticescan_findings_total", Help: "Identifiers found, by kind.",
		}, []string{"kind"}),
		jobErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "noticescan_job_failures_total", Help: "Job attempts that failed and will be retried or given up, by job.",
		}, []string{"job"}),
	}
	reg.MustRegister(m.uploads, m.documents, m.pages, m.ocrSeconds, m.findings, m.jobErrors)
	return m
}

func (m *Metrics) upload(created bool) {
	if m == nil {
		return
	}
	v := "false"
	if created {
		v = "true"
	}
	m.uploads.WithLabelValues(v).Inc()
}

func (m *Metrics) report(r *pipeline.Report) {
	if m == nil {
		return
	}
	m.documents.WithLabelValues(string(r.Status)).Inc()
	for _, p := range r.Pages {
		outcome := "ok"
		if p.Error != "" {
			outcome = "error"
		}
		src := string(p.Source)
		if src == "" {
			src = "none"
		}
		m.pages.WithLabelValues(src, outcome).Inc()
		if src == "ocr" {
			m.ocrSeconds.Observe(p.Seconds)
		}
	}
	for _, f := range r.Findings {
		m.findings.WithLabelValues(string(f.Kind)).Inc()
	}
}

func (m *Metrics) jobFailed(job string) {
	if m == nil {
		return
	}
	m.jobErrors.WithLabelValues(job).Inc()
}
