-- The waitlist: a confirmed booking whose person wants an earlier time carries
-- `earlier_wanted_at` (when they asked; first come, first served). When an earlier
-- place is free it is held for them as an offer — a held booking with `offer_for`
-- naming the booking it would move — and mailed with a link (`offer_token_hash`).
-- One offer ends the wish; taking it moves the booking into the offer's place.
ALTER TABLE appointments ADD COLUMN earlier_wanted_at TEXT;
ALTER TABLE appointments ADD COLUMN offer_for BLOB REFERENCES appointments (id) ON DELETE CASCADE;
ALTER TABLE appointments ADD COLUMN offer_token_hash TEXT;
CREATE INDEX appointments_waiting ON appointments (earlier_wanted_at) WHERE earlier_wanted_at IS NOT NULL;
CREATE INDEX appointments_offers ON appointments (offer_for) WHERE offer_for IS NOT NULL;
CREATE UNIQUE INDEX appointments_offer_token ON appointments (offer_token_hash) WHERE offer_token_hash IS NOT NULL;
