-- Batches of documents submitted together, and their items in order.
-- An item's document_id is empty when the entry was refused before it
-- became a document; it is not a foreign key, because deleting a document
-- leaves the item (counted as failed) rather than renumbering the batch.

CREATE TABLE batches (
	id             TEXT PRIMARY KEY,
	tenant         TEXT NOT NULL,
	source         TEXT NOT NULL,
	items          INTEGER NOT NULL DEFAULT 0,
	listed_through TEXT NOT NULL DEFAULT '',
	error          TEXT NOT NULL DEFAULT '',
	created_at     INTEGER NOT NULL,
	listed_at      INTEGER
);

CREATE INDEX batches_tenant_created ON batches (tenant, created_at DESC, id DESC);

CREATE TABLE batch_items (
	batch_id    TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
	tenant      TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	name        TEXT NOT NULL,
	document_id TEXT NOT NULL DEFAULT '',
	error       TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (batch_id, seq)
);

CREATE INDEX batch_items_document ON batch_items (document_id);
