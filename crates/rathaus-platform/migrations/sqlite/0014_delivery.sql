-- Delivery (Versand): how the resident receives the result — `download` (in the
-- Postfach only), `post` (the paper original to `delivery_address`, a JSON object with
-- name, street, postcode, city) or `pickup` (at `pickup_location_id`). The decision
-- itself is in the Postfach in every case.
ALTER TABLE applications ADD COLUMN delivery TEXT;
ALTER TABLE applications ADD COLUMN delivery_address TEXT;
ALTER TABLE applications ADD COLUMN pickup_location_id TEXT;

-- The mailroom's items: one per decision to be sent by post, with the address as it
-- was when the decision was issued. `sent_at` and the tracking number once it left.
CREATE TABLE dispatches (
    id              BLOB PRIMARY KEY,
    application_id  BLOB NOT NULL REFERENCES applications (id),
    decision_id     BLOB NOT NULL UNIQUE REFERENCES decisions (id),
    agency_id       TEXT NOT NULL,
    recipient_name  TEXT NOT NULL,
    street          TEXT NOT NULL,
    postcode        TEXT NOT NULL,
    city            TEXT NOT NULL,
    queued_at       TEXT NOT NULL,
    sent_at         TEXT,
    sent_by         BLOB REFERENCES accounts (id),
    tracking_number TEXT
);
CREATE INDEX dispatches_open ON dispatches (agency_id, sent_at, queued_at);
CREATE INDEX dispatches_application ON dispatches (application_id);
