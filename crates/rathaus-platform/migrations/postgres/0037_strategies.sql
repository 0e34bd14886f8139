-- Agencies' digital strategies, one document per agency (goals and measures inside),
-- each change a revision; and the CDO office's assessments with the agency's answers.
CREATE TABLE digital_strategies (
    agency_id   TEXT PRIMARY KEY REFERENCES agencies (id) ON DELETE CASCADE,
    data        JSONB NOT NULL,
    revision    INTEGER NOT NULL,
    modified_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE digital_strategy_revisions (
    agency_id  TEXT NOT NULL REFERENCES digital_strategies (agency_id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    actor_id   UUID REFERENCES accounts (id) ON DELETE SET NULL,
    actor_name TEXT NOT NULL,
    change     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    snapshot   JSONB NOT NULL,
    PRIMARY KEY (agency_id, number)
);

CREATE TABLE strategy_reviews (
    id         UUID PRIMARY KEY,
    agency_id  TEXT NOT NULL REFERENCES digital_strategies (agency_id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    data       JSONB NOT NULL
);
CREATE INDEX strategy_reviews_agency ON strategy_reviews (agency_id, created_at);
