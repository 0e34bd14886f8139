-- Appointments (Termine). A location's calendar starts from the catalogue (opening
-- hours, counters, services and their lengths); `appointment_calendars` holds what its
-- staff changed. `opening_hours` is JSON in the catalogue's shape (NULL: the
-- catalogue's); `booking_counters` is how many counters take booked visits (the others
-- serve walk-ins).
CREATE TABLE appointment_calendars (
    location_id      TEXT PRIMARY KEY,
    opening_hours    TEXT,
    booking_counters INTEGER NOT NULL,
    updated_at       TEXT NOT NULL,
    updated_by       BLOB REFERENCES accounts (id)
);

-- Days or hours a location is closed besides public holidays. `from_time`/`to_time`
-- ("HH:MM", local) are NULL for the whole day.
CREATE TABLE appointment_closures (
    id          BLOB PRIMARY KEY,
    location_id TEXT NOT NULL,
    day         TEXT NOT NULL,
    from_time   TEXT,
    to_time     TEXT,
    reason      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  BLOB REFERENCES accounts (id)
);
CREATE INDEX appointment_closures_day ON appointment_closures (location_id, day);

-- A location's own length for a service (else the catalogue's `appointment_minutes`).
CREATE TABLE appointment_durations (
    location_id TEXT NOT NULL,
    service_id  TEXT NOT NULL,
    minutes     INTEGER NOT NULL,
    PRIMARY KEY (location_id, service_id)
);

-- Per service: how many future bookings one person (account or mail address) may hold.
CREATE TABLE appointment_rules (
    service_id         TEXT PRIMARY KEY,
    max_active_per_person INTEGER NOT NULL,
    updated_at         TEXT NOT NULL,
    updated_by         BLOB REFERENCES accounts (id)
);

-- A booking. `held` while the person confirms (until `hold_expires_at`), then
-- `confirmed`; `cancelled` or `expired` end it. Only the SHA-256 of the mailed tokens
-- is kept: `confirm_token_hash` confirms a booking made with a mail address,
-- `manage_token_hash` opens it for moving and cancelling.
CREATE TABLE appointments (
    id                 BLOB PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    location_id        TEXT NOT NULL,
    people             INTEGER NOT NULL,
    starts_at          TEXT NOT NULL,
    ends_at            TEXT NOT NULL,
    counter            INTEGER NOT NULL,
    status             TEXT NOT NULL,
    account_id         BLOB REFERENCES accounts (id),
    email              TEXT,
    name               TEXT,
    lang               TEXT NOT NULL,
    hold_expires_at    TEXT,
    confirm_token_hash TEXT UNIQUE,
    manage_token_hash  TEXT NOT NULL UNIQUE,
    sequence           INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    confirmed_at       TEXT,
    cancelled_at       TEXT
);
CREATE INDEX appointments_location_day ON appointments (location_id, starts_at);
CREATE INDEX appointments_account ON appointments (account_id, starts_at);
CREATE INDEX appointments_email ON appointments (email, starts_at);

CREATE TABLE appointment_services (
    appointment_id BLOB NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    service_id     TEXT NOT NULL,
    PRIMARY KEY (appointment_id, service_id)
);
CREATE INDEX appointment_services_service ON appointment_services (service_id);

-- The arbiter against double booking: one row per counter and 5-minute unit a booking
-- (or a hold, until `hold_expires_at`) occupies. Whoever inserts a unit first has it.
CREATE TABLE appointment_units (
    location_id     TEXT NOT NULL,
    counter         INTEGER NOT NULL,
    starts_at       TEXT NOT NULL,
    appointment_id  BLOB NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    hold_expires_at TEXT,
    PRIMARY KEY (location_id, counter, starts_at)
);
CREATE INDEX appointment_units_appointment ON appointment_units (appointment_id);

-- One row per person booking (account or mail address); locking it serialises that
-- person's bookings, so a cap holds when they book in parallel.
CREATE TABLE appointment_owner_locks (
    owner_key TEXT PRIMARY KEY
);

-- Files sent with a mail (an appointment's .ics): JSON list of {name, content_type, body}.
ALTER TABLE mails ADD COLUMN attachments TEXT;
