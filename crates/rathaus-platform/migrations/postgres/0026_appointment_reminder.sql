-- A reminder goes out before a booked appointment (`appointments.reminder_hours_before`),
-- once per start time (`reminded_at`, cleared by a move). It carries its own link to move
-- or cancel (`reminder_token_hash`), beside the one of the confirmation mail, so the
-- earlier link keeps working; a move replaces both.
ALTER TABLE appointments ADD COLUMN reminded_at TIMESTAMPTZ;
ALTER TABLE appointments ADD COLUMN reminder_token_hash TEXT;
CREATE UNIQUE INDEX appointments_reminder_token ON appointments (reminder_token_hash);
