-- The transparency portal: publications (CKAN: datasets) of an agency with their
-- resources (files in the blob store, or links), every change kept as a revision, and the
-- findings of the personal-data check that must be cleared before release.
CREATE TABLE publications (
    id              UUID PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    agency_id       TEXT NOT NULL REFERENCES agencies (id),
    title           TEXT NOT NULL,
    title_en        TEXT,
    description     TEXT NOT NULL,
    description_en  TEXT,
    category        TEXT NOT NULL,
    themes          JSONB NOT NULL,
    keywords        JSONB NOT NULL,
    licence         TEXT NOT NULL,
    contact_name    TEXT NOT NULL,
    contact_email   TEXT NOT NULL,
    issued          DATE,
    temporal_start  DATE,
    temporal_end    DATE,
    spatial         TEXT NOT NULL,
    frequency       TEXT NOT NULL,
    legal_basis     TEXT NOT NULL,
    status          TEXT NOT NULL,
    release_at      TIMESTAMPTZ,
    revision        INTEGER NOT NULL,
    created_by      UUID REFERENCES accounts (id) ON DELETE SET NULL,
    submitted_by    UUID REFERENCES accounts (id) ON DELETE SET NULL,
    released_by     UUID REFERENCES accounts (id) ON DELETE SET NULL,
    source_application_id UUID REFERENCES applications (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    modified_at     TIMESTAMPTZ NOT NULL,
    published_at    TIMESTAMPTZ,
    withdrawn_at    TIMESTAMPTZ,
    withdrawn_reason TEXT
);
CREATE INDEX publications_status ON publications (status, published_at);
CREATE INDEX publications_agency ON publications (agency_id, status);

CREATE TABLE publication_resources (
    id              UUID PRIMARY KEY,
    publication_id  UUID NOT NULL REFERENCES publications (id),
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL,
    format          TEXT NOT NULL,
    -- Exactly one of the two: a file in the blob store, or a link.
    file_id         UUID REFERENCES files (id),
    url             TEXT,
    -- The text read from the file, pages apart by a form feed; NULL when unreadable.
    extracted_text  TEXT,
    unreadable      TEXT,
    override_reason TEXT,
    override_by     UUID REFERENCES accounts (id) ON DELETE SET NULL,
    -- The file before redaction; kept for the reviewer only, never served to the public.
    original_file_id UUID REFERENCES files (id),
    added_by        UUID REFERENCES accounts (id) ON DELETE SET NULL,
    added_at        TIMESTAMPTZ NOT NULL,
    released_at     TIMESTAMPTZ,
    removed_at      TIMESTAMPTZ
);
CREATE INDEX publication_resources_publication ON publication_resources (publication_id, position);

CREATE TABLE publication_findings (
    id              UUID PRIMARY KEY,
    publication_id  UUID NOT NULL REFERENCES publications (id),
    resource_id     UUID NOT NULL REFERENCES publication_resources (id),
    kind            TEXT NOT NULL,
    found_text      TEXT NOT NULL,
    page            INTEGER NOT NULL,
    line            INTEGER NOT NULL,
    context         TEXT NOT NULL,
    -- open, redacted or not_personal
    state           TEXT NOT NULL,
    reason          TEXT,
    decided_by      UUID REFERENCES accounts (id) ON DELETE SET NULL,
    decided_at      TIMESTAMPTZ
);
CREATE INDEX publication_findings_publication ON publication_findings (publication_id, state);

CREATE TABLE publication_revisions (
    publication_id  UUID NOT NULL REFERENCES publications (id),
    number          INTEGER NOT NULL,
    at              TIMESTAMPTZ NOT NULL,
    actor_id        UUID REFERENCES accounts (id) ON DELETE SET NULL,
    actor_name      TEXT NOT NULL,
    change          TEXT NOT NULL,
    snapshot        JSONB NOT NULL,
    PRIMARY KEY (publication_id, number)
);
