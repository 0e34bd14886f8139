-- Foundation schema (SQLite). Keep in step with ../postgres/0001_foundation.sql:
-- the schema parity test compares tables and columns of both.
-- Types: UUIDs are 16-byte BLOBs, timestamps RFC 3339 text in UTC, JSON as text.

CREATE TABLE agencies (
    id          TEXT PRIMARY KEY,
    name_de     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    parent_id   TEXT REFERENCES agencies (id),
    email       TEXT NOT NULL,
    phone       TEXT NOT NULL
);

CREATE TABLE locations (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    agency_id     TEXT NOT NULL REFERENCES agencies (id),
    street        TEXT NOT NULL,
    postcode      TEXT NOT NULL,
    district      TEXT NOT NULL,
    opening_hours TEXT NOT NULL,
    counters      INTEGER NOT NULL,
    accessible    BOOLEAN NOT NULL
);

CREATE TABLE services (
    id                  TEXT PRIMARY KEY,
    leika_key           TEXT,
    name_de             TEXT NOT NULL,
    name_en             TEXT NOT NULL,
    summary_de          TEXT NOT NULL,
    summary_en          TEXT,
    agency_id           TEXT NOT NULL REFERENCES agencies (id),
    audience            TEXT NOT NULL,
    legal_basis         TEXT NOT NULL,
    fee                 TEXT NOT NULL,
    documents_de        TEXT NOT NULL,
    online_possible     BOOLEAN NOT NULL,
    online_why_not_de   TEXT,
    in_person_required  BOOLEAN NOT NULL,
    processing_days     INTEGER,
    appointment_minutes INTEGER,
    assurance_level     TEXT NOT NULL,
    delivery_options    TEXT NOT NULL
);
CREATE INDEX services_agency ON services (agency_id);

CREATE TABLE location_services (
    location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    service_id  TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    PRIMARY KEY (location_id, service_id)
);
CREATE INDEX location_services_service ON location_services (service_id);

CREATE TABLE it_procedures (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    owner_agency_id TEXT REFERENCES agencies (id),
    data            TEXT NOT NULL
);

CREATE TABLE accounts (
    id               BLOB PRIMARY KEY,
    kind             TEXT NOT NULL,
    email            TEXT NOT NULL,
    email_normalized TEXT NOT NULL UNIQUE,
    display_name     TEXT NOT NULL,
    password_hash    TEXT,
    created_at       TEXT NOT NULL,
    disabled_at      TEXT
);

-- scope is an agency id, or '*' for city-wide roles (operator, cdo).
CREATE TABLE role_grants (
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    scope      TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    PRIMARY KEY (account_id, role, scope)
);

-- The session token itself is never stored, only its SHA-256.
CREATE TABLE sessions (
    token_hash          TEXT PRIMARY KEY,
    account_id          BLOB REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token          TEXT NOT NULL,
    assurance_level     TEXT,
    data                TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    last_seen_at        TEXT NOT NULL,
    idle_expires_at     TEXT NOT NULL,
    absolute_expires_at TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_idle ON sessions (idle_expires_at);

CREATE TABLE jobs (
    id           BLOB PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL,
    attempts     INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    run_at       TEXT NOT NULL,
    lease_until  TEXT,
    locked_by    TEXT,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    finished_at  TEXT
);
CREATE INDEX jobs_ready ON jobs (status, run_at);

CREATE TABLE mails (
    id         BLOB PRIMARY KEY,
    to_address TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body_text  TEXT NOT NULL,
    body_html  TEXT NOT NULL,
    status     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at    TEXT,
    error      TEXT
);
CREATE INDEX mails_status ON mails (status, created_at);

CREATE TABLE files (
    id            BLOB PRIMARY KEY,
    object_key    TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    content_type  TEXT NOT NULL,
    original_name TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    wrapped_key   BLOB,
    created_at    TEXT NOT NULL,
    deleted_at    TEXT
);

CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

-- The head of the chain: serialises appends and reveals a deleted tail.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE rate_limits (
    bucket       TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    count        INTEGER NOT NULL
);

-- Reports of accessibility barriers (BITV 2.0 § 7 feedback mechanism).
CREATE TABLE feedback (
    id            BLOB PRIMARY KEY,
    page          TEXT NOT NULL,
    message       TEXT NOT NULL,
    contact_email TEXT,
    lang          TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
