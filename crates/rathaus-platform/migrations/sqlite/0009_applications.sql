-- Applications (Anträge): drafts while the person fills in the form, then submitted
-- with a case reference. Each keeps the form version it was made with.
CREATE TABLE applications (
    id              BLOB PRIMARY KEY,
    -- No cascade: submitted applications are records the city keeps; the account row
    -- stays (pseudonymised) when its owner deletes it.
    account_id      BLOB NOT NULL REFERENCES accounts (id),
    organisation_id BLOB REFERENCES organisations (id) ON DELETE SET NULL,
    service_id      TEXT NOT NULL,
    form_id         TEXT NOT NULL,
    form_version    INTEGER NOT NULL,
    status          TEXT NOT NULL,
    answers         TEXT NOT NULL,
    reference       TEXT UNIQUE,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    submitted_at    TEXT
);
CREATE INDEX applications_account ON applications (account_id, status);
CREATE INDEX applications_drafts ON applications (status, updated_at);

-- What happened to an application, for its status page.
CREATE TABLE application_events (
    id             BLOB PRIMARY KEY,
    application_id BLOB NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    at             TEXT NOT NULL,
    kind           TEXT NOT NULL,
    actor          TEXT NOT NULL
);
CREATE INDEX application_events_application ON application_events (application_id, at);

-- The last case reference number handed out per year.
CREATE TABLE reference_counters (
    year INTEGER PRIMARY KEY,
    last BIGINT NOT NULL
);
