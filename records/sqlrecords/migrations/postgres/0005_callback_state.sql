-- Where a document's callback delivery stands, shown to its tenant: the
-- state ('' before the first attempt), attempts made, the class of the
-- last error (never the URL or the receiver's answer) and when.

ALTER TABLE documents ADD COLUMN callback_state text NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN callback_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN callback_error text NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN callback_at timestamptz;
