-- The S3 buckets and prefixes each tenant's batches may read, granted by
-- the operator. A tenant without a row reads none.

CREATE TABLE tenant_sources (
	tenant     TEXT NOT NULL,
	bucket     TEXT NOT NULL,
	prefix     TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (tenant, bucket, prefix)
);
