-- Page sizes, so boxes can be drawn on page previews, and reviews of
-- findings: append-only, one row per decision.

ALTER TABLE pages ADD COLUMN width REAL NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN height REAL NOT NULL DEFAULT 0;

CREATE TABLE reviews (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	tenant      TEXT NOT NULL,
	finding     INTEGER NOT NULL,
	action      TEXT NOT NULL,
	value       TEXT NOT NULL DEFAULT '',
	reviewer    TEXT NOT NULL,
	created_at  INTEGER NOT NULL
);

CREATE INDEX reviews_document ON reviews (tenant, document_id, seq);
-- A corrected value finds its document in listings and searches.
CREATE INDEX reviews_tenant_value ON reviews (tenant, value);
