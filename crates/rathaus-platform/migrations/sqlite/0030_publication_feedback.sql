-- How often a published record was read and its files downloaded, per day (local date).
-- Nothing about the reader is kept: no address, no cookie, no agent.
CREATE TABLE publication_figures (
    publication_id BLOB NOT NULL REFERENCES publications (id),
    day            TEXT NOT NULL,
    views          BIGINT NOT NULL,
    downloads      BIGINT NOT NULL,
    PRIMARY KEY (publication_id, day)
);

-- Problems the public reports about a record ("the table has an error"): a task for
-- the record's publishers. The contact address, if given, is erased when it is done.
CREATE TABLE publication_reports (
    id             BLOB PRIMARY KEY,
    publication_id BLOB NOT NULL REFERENCES publications (id),
    message        TEXT NOT NULL,
    contact_email  TEXT,
    created_at     TEXT NOT NULL,
    done_at        TEXT,
    done_by        BLOB REFERENCES accounts (id) ON DELETE SET NULL
);
CREATE INDEX publication_reports_open ON publication_reports (publication_id, done_at);
