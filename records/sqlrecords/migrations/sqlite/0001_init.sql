-- Times are INTEGER microseconds since the Unix epoch (UTC): exact, and
-- ordered the same way as numbers, which keyset pagination relies on.
-- JSON columns are TEXT.

CREATE TABLE documents (
	id           TEXT PRIMARY KEY,
	tenant       TEXT NOT NULL,
	sha256       TEXT NOT NULL,
	filename     TEXT NOT NULL,
	media_type   TEXT NOT NULL,
	size         INTEGER NOT NULL,
	object_key   TEXT NOT NULL,
	status       TEXT NOT NULL,
	error        TEXT NOT NULL DEFAULT '',
	callback_url TEXT NOT NULL DEFAULT '',
	pages_done   INTEGER NOT NULL DEFAULT 0,
	pages_total  INTEGER NOT NULL DEFAULT 0,
	warnings     TEXT NOT NULL DEFAULT '[]',
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	completed_at INTEGER,
	UNIQUE (tenant, sha256)
);

CREATE INDEX documents_tenant_created ON documents (tenant, created_at DESC, id DESC);
CREATE INDEX documents_tenant_status_created ON documents (tenant, status, created_at DESC, id DESC);

CREATE TABLE pages (
	document_id    TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	tenant         TEXT NOT NULL,
	number         INTEGER NOT NULL,
	source         TEXT NOT NULL DEFAULT '',
	rotation       INTEGER NOT NULL DEFAULT 0,
	ocr_confidence REAL NOT NULL DEFAULT 0,
	seconds        REAL NOT NULL DEFAULT 0,
	error          TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (document_id, number)
);

CREATE TABLE findings (
	document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	tenant      TEXT NOT NULL,
	ordinal     INTEGER NOT NULL,
	kind        TEXT NOT NULL,
	value       TEXT NOT NULL,
	display     TEXT NOT NULL DEFAULT '',
	page        INTEGER NOT NULL,
	bbox        TEXT NOT NULL DEFAULT '{}',
	label       TEXT NOT NULL DEFAULT '',
	confidence  REAL NOT NULL DEFAULT 0,
	source      TEXT NOT NULL DEFAULT '',
	corrections TEXT NOT NULL DEFAULT '[]',
	occurrences TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (document_id, ordinal)
);

CREATE INDEX findings_tenant_kind_value ON findings (tenant, kind, value);
-- A listing's query matches a value of any kind.
CREATE INDEX findings_tenant_value ON findings (tenant, value);

CREATE TABLE api_keys (
	id         TEXT PRIMARY KEY,
	tenant     TEXT NOT NULL,
	prefix     TEXT NOT NULL,
	hash       TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	revoked_at INTEGER
);

CREATE INDEX api_keys_tenant ON api_keys (tenant, created_at);
