-- Page sizes, so boxes can be drawn on page previews, and reviews of
-- findings: append-only, one row per decision.

ALTER TABLE pages ADD COLUMN width double precision NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN height double precision NOT NULL DEFAULT 0;

CREATE TABLE reviews (
	seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	tenant      text NOT NULL,
	finding     integer NOT NULL,
	action      text NOT NULL,
	value       text NOT NULL DEFAULT '',
	reviewer    text NOT NULL,
	created_at  timestamptz NOT NULL
);

CREATE INDEX reviews_document ON reviews (tenant, document_id, seq);
-- A corrected value finds its document in listings and searches.
CREATE INDEX reviews_tenant_value ON reviews (tenant, value);
