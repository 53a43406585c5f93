-- The same tables as the SQLite schema, in PostgreSQL's native types.

CREATE TABLE documents (
	id           text PRIMARY KEY,
	tenant       text NOT NULL,
	sha256       text NOT NULL,
	filename     text NOT NULL,
	media_type   text NOT NULL,
	size         bigint NOT NULL,
	object_key   text NOT NULL,
	status       text NOT NULL,
	error        text NOT NULL DEFAULT '',
	callback_url text NOT NULL DEFAULT '',
	pages_done   integer NOT NULL DEFAULT 0,
	pages_total  integer NOT NULL DEFAULT 0,
	warnings     jsonb NOT NULL DEFAULT '[]',
	created_at   timestamptz NOT NULL,
	updated_at   timestamptz NOT NULL,
	completed_at timestamptz,
	UNIQUE (tenant, sha256)
);

CREATE INDEX documents_tenant_created ON documents (tenant, created_at DESC, id DESC);
CREATE INDEX documents_tenant_status_created ON documents (tenant, status, created_at DESC, id DESC);

CREATE TABLE pages (
	document_id    text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	tenant         text NOT NULL,
	number         integer NOT NULL,
	source         text NOT NULL DEFAULT '',
	rotation       integer NOT NULL DEFAULT 0,
	ocr_confidence double precision NOT NULL DEFAULT 0,
	seconds        double precision NOT NULL DEFAULT 0,
	error          text NOT NULL DEFAULT '',
	PRIMARY KEY (document_id, number)
);

CREATE TABLE findings (
	document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	tenant      text NOT NULL,
	ordinal     integer NOT NULL,
	kind        text NOT NULL,
	value       text NOT NULL,
	display     text NOT NULL DEFAULT '',
	page        integer NOT NULL,
	bbox        jsonb NOT NULL DEFAULT '{}',
	label       text NOT NULL DEFAULT '',
	confidence  double precision NOT NULL DEFAULT 0,
	source      text NOT NULL DEFAULT '',
	corrections jsonb NOT NULL DEFAULT '[]',
	occurrences jsonb NOT NULL DEFAULT '[]',
	PRIMARY KEY (document_id, ordinal)
);

CREATE INDEX findings_tenant_kind_value ON findings (tenant, kind, value);
-- A listing's query matches a value of any kind.
CREATE INDEX findings_tenant_value ON findings (tenant, value);

CREATE TABLE api_keys (
	id         text PRIMARY KEY,
	tenant     text NOT NULL,
	prefix     text NOT NULL,
	hash       text NOT NULL UNIQUE,
	created_at timestamptz NOT NULL,
	revoked_at timestamptz
);

CREATE INDEX api_keys_tenant ON api_keys (tenant, created_at);
