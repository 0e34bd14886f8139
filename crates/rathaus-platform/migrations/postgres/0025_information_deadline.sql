-- An information request has a deadline (`respond_by`, a calendar day in Hamburg), set
-- by the clerk — by default the service's `response_days` from the request (14 when the
-- catalogue gives none). A reminder goes out a few days before it, once
-- (`information_reminded_at`).
ALTER TABLE applications ADD COLUMN respond_by DATE;
ALTER TABLE applications ADD COLUMN information_reminded_at TIMESTAMPTZ;
ALTER TABLE services ADD COLUMN response_days INTEGER;
