-- How many days after completion a tenant's documents are kept; a tenant
-- without a row keeps them until deleted. Finished documents are found
-- by completion time.

CREATE TABLE tenant_retention (
	tenant text PRIMARY KEY,
	days   integer NOT NULL
);

CREATE INDEX documents_completed ON documents (tenant, completed_at);
