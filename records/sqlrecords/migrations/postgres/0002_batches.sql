-- The same tables as the SQLite schema, in PostgreSQL's native types.

CREATE TABLE batches (
	id             text PRIMARY KEY,
	tenant         text NOT NULL,
	source         text NOT NULL,
	items          integer NOT NULL DEFAULT 0,
	listed_through text NOT NULL DEFAULT '',
	error          text NOT NULL DEFAULT '',
	created_at     timestamptz NOT NULL,
	listed_at      timestamptz
);

CREATE INDEX batches_tenant_created ON batches (tenant, created_at DESC, id DESC);

CREATE TABLE batch_items (
	batch_id    text NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
	tenant      text NOT NULL,
	seq         integer NOT NULL,
	name        text NOT NULL,
	document_id text NOT NULL DEFAULT '',
	error       text NOT NULL DEFAULT '',
	PRIMARY KEY (batch_id, seq)
);

CREATE INDEX batch_items_document ON batch_items (document_id);
