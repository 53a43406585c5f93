// Package sqlrecords implements records.Store, and the durable queue that
// processes documents, over database/sql: embedded SQLite (pure Go,
// modernc.org/sqlite; the default) or PostgreSQL (pgx). The queue is River
// (riverqueue.com) in the same database, so that a record and the job that
// follows from it are written by one transaction:
//
//   - CreateDocument inserts the document and its process_document job
//     together: an acknowledged upload is never lost.
//   - The process_document worker calls the Process handler it was given
//     (Handlers), writes the results.Outcome it returns as it is (pages,
//     findings, status), queues the notify_document job when there is a
//     callback, and marks its own job completed, all in one transaction: a
//     result is written exactly once, even when a job runs twice after a
//     crash.
//
// The queue lives here, not in a package of its own, because it shares
// those transactions with the records; it reaches the code that reads
// documents and sends callbacks only through Handlers.
//
// Both databases share every line of Go and SQL except what dialect.go and
// the per-dialect schema files in migrations/ hold (placeholders, column
// types). Migrations, River's and ours, run on Open.
//
// Workers run in any process that calls Start, including ones that never
// serve HTTP; on PostgreSQL many such processes may share one database, so
// nothing here keeps state in memory that another process would need.
//
// Full identifier values never appear in this package's errors or logs.
// It imports records, results, extractor and its database and queue
// libraries; it must not import the HTTP, OCR or pipeline packages.
package sqlrecords
