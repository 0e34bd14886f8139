-- How often a published record was read and its files downloaded, per day (local date).
-- Nothing about the reader is kept: no address, no cookie, no agent.
CREATE TABLE publication_figures (
    publication_id UUID NOT NULL REFERENCES publications (id),
    day            DATE NOT NULL,
    views          BIGINT NOT NULL,
    downloads      BIGINT NOT NULL,
    PRIMARY KEY (publication_id, day)
);

-- Problems the public reports about a record ("the table has an error"): a task for
-- the record's publishers. The contact address, if given, is erased when it is done.
CREATE TABLE publication_reports (
    id             UUID PRIMARY KEY,
    publication_id UUID NOT NULL REFERENCES publications (id),
    message        TEXT NOT NULL,
    contact_email  TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    done_at        TIMESTAMPTZ,
    done_by        UUID REFERENCES accounts (id) ON DELETE SET NULL
);
CREATE INDEX publication_reports_open ON publication_reports (publication_id, done_at);
