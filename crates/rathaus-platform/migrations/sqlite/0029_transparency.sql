-- The transparency portal: publications (CKAN: datasets) of an agency with their
-- resources (files in the blob store, or links), every change kept as a revision, and the
-- findings of the personal-data check that must be cleared before release.
CREATE TABLE publications (
    id              BLOB PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    agency_id       TEXT NOT NULL REFERENCES agencies (id),
    title           TEXT NOT NULL,
    title_en        TEXT,
    description     TEXT NOT NULL,
    description_en  TEXT,
    category        TEXT NOT NULL,
    themes          TEXT NOT NULL,
    keywords        TEXT NOT NULL,
    licence         TEXT NOT NULL,
    contact_name    TEXT NOT NULL,
    contact_email   TEXT NOT NULL,
    issued          TEXT,
    temporal_start  TEXT,
    temporal_end    TEXT,
    spatial         TEXT NOT NULL,
    frequency       TEXT NOT NULL,
    legal_basis     TEXT NOT NULL,
    status          TEXT NOT NULL,
    release_at      TEXT,
    revision        INTEGER NOT NULL,
    created_by      BLOB REFERENCES accounts (id) ON DELETE SET NULL,
    submitted_by    BLOB REFERENCES accounts (id) ON DELETE SET NULL,
    released_by     BLOB REFERENCES accounts (id) ON DELETE SET NULL,
    source_application_id BLOB REFERENCES applications (id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    modified_at     TEXT NOT NULL,
    published_at    TEXT,
    withdrawn_at    TEXT,
    withdrawn_reason TEXT
);
CREATE INDEX publications_status ON publications (status, published_at);
CREATE INDEX publications_agency ON publications (agency_id, status);

CREATE TABLE publication_resources (
    id              BLOB PRIMARY KEY,
    publication_id  BLOB NOT NULL REFERENCES publications (id),
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL,
    format          TEXT NOT NULL,
    -- Exactly one of the two: a file in the blob store, or a link.
    file_id         BLOB REFERENCES files (id),
    url             TEXT,
    -- The text read from the file, pages apart by a form feed; NULL when unreadable.
    extracted_text  TEXT,
    unreadable      TEXT,
    override_reason TEXT,
    override_by     BLOB REFERENCES accounts (id) ON DELETE SET NULL,
    -- The file before redaction; kept for the reviewer only, never served to the public.
    original_file_id BLOB REFERENCES files (id),
    added_by        BLOB REFERENCES accounts (id) ON DELETE SET NULL,
    added_at        TEXT NOT NULL,
    released_at     TEXT,
    removed_at      TEXT
);
CREATE INDEX publication_resources_publication ON publication_resources (publication_id, position);

CREATE TABLE publication_findings (
    id              BLOB PRIMARY KEY,
    publication_id  BLOB NOT NULL REFERENCES publications (id),
    resource_id     BLOB NOT NULL REFERENCES publication_resources (id),
    kind            TEXT NOT NULL,
    found_text      TEXT NOT NULL,
    page            INTEGER NOT NULL,
    line            INTEGER NOT NULL,
    context         TEXT NOT NULL,
    -- open, redacted or not_personal
    state           TEXT NOT NULL,
    reason          TEXT,
    decided_by      BLOB REFERENCES accounts (id) ON DELETE SET NULL,
    decided_at      TEXT
);
CREATE INDEX publication_findings_publication ON publication_findings (publication_id, state);

CREATE TABLE publication_revisions (
    publication_id  BLOB NOT NULL REFERENCES publications (id),
    number          INTEGER NOT NULL,
    at              TEXT NOT NULL,
    actor_id        BLOB REFERENCES accounts (id) ON DELETE SET NULL,
    actor_name      TEXT NOT NULL,
    change          TEXT NOT NULL,
    snapshot        TEXT NOT NULL,
    PRIMARY KEY (publication_id, number)
);
