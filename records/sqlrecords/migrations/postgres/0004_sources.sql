-- The S3 buckets and prefixes each tenant's batches may read, granted by
-- the operator. A tenant without a row reads none.

CREATE TABLE tenant_sources (
	tenant     text NOT NULL,
	bucket     text NOT NULL,
	prefix     text NOT NULL,
	created_at timestamptz NOT NULL,
	PRIMARY KEY (tenant, bucket, prefix)
);
