-- At the counter. A ticket is a visit in the waiting room on one Hamburg day: a booked
-- visitor who checked in (`appointment_id`), or a walk-in who took a number. `number`
-- is what the call display shows ("T 012" booked, "W 034" walk-in); `due_at` is when a
-- booked visitor is due (a late one is due at check-in). Status: waiting → called →
-- done, or no_show.
CREATE TABLE counter_tickets (
    id             BLOB PRIMARY KEY,
    location_id    TEXT NOT NULL,
    day            TEXT NOT NULL,
    number         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    appointment_id BLOB UNIQUE REFERENCES appointments (id) ON DELETE SET NULL,
    service_id     TEXT,
    issued_at      TEXT NOT NULL,
    due_at         TEXT NOT NULL,
    status         TEXT NOT NULL,
    counter        INTEGER,
    called_at      TEXT,
    called_by      BLOB REFERENCES accounts (id),
    finished_at    TEXT,
    UNIQUE (location_id, day, number)
);
CREATE INDEX counter_tickets_queue ON counter_tickets (location_id, day, status, due_at);
CREATE INDEX counter_tickets_calls ON counter_tickets (location_id, called_at);

-- The last number given per location, day and kind.
CREATE TABLE counter_numbers (
    location_id TEXT NOT NULL,
    day         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    last        INTEGER NOT NULL,
    PRIMARY KEY (location_id, day, kind)
);

-- Kiosks in a waiting room: a device opens `/kiosk/{token}`; only the SHA-256 of the
-- token is kept, and revoking it ends the device's access.
CREATE TABLE kiosk_devices (
    id          BLOB PRIMARY KEY,
    location_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    created_by  BLOB REFERENCES accounts (id),
    revoked_at  TEXT
);

-- How far away the next free appointment was, sampled hourly per location (for the
-- lead-time figure).
CREATE TABLE appointment_lead_samples (
    location_id  TEXT NOT NULL,
    sampled_at   TEXT NOT NULL,
    lead_minutes INTEGER,
    PRIMARY KEY (location_id, sampled_at)
);
