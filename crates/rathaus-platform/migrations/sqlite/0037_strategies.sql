-- Agencies' digital strategies, one document per agency (goals and measures inside),
-- each change a revision; and the CDO office's assessments with the agency's answers.
CREATE TABLE digital_strategies (
    agency_id   TEXT PRIMARY KEY REFERENCES agencies (id) ON DELETE CASCADE,
    data        TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    modified_at TEXT NOT NULL
);

CREATE TABLE digital_strategy_revisions (
    agency_id  TEXT NOT NULL REFERENCES digital_strategies (agency_id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    at         TEXT NOT NULL,
    actor_id   BLOB REFERENCES accounts (id) ON DELETE SET NULL,
    actor_name TEXT NOT NULL,
    change     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    snapshot   TEXT NOT NULL,
    PRIMARY KEY (agency_id, number)
);

CREATE TABLE strategy_reviews (
    id         BLOB PRIMARY KEY,
    agency_id  TEXT NOT NULL REFERENCES digital_strategies (agency_id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX strategy_reviews_agency ON strategy_reviews (agency_id, created_at);
