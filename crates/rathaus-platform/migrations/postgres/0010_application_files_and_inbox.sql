-- Files uploaded into an application (a document for a file field). A file can be
-- downloaded only through an application its owner can see.
CREATE TABLE application_files (
    application_id UUID NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    file_id        UUID NOT NULL REFERENCES files (id),
    field          TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, file_id)
);
CREATE INDEX application_files_file ON application_files (file_id);

-- The resident's inbox (Postfach): messages from the authority, e.g. the receipt of an
-- application with its PDF. Subject and text are written in the person's language.
CREATE TABLE inbox_messages (
    id             UUID PRIMARY KEY,
    account_id     UUID NOT NULL REFERENCES accounts (id),
    application_id UUID REFERENCES applications (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    file_id        UUID REFERENCES files (id),
    created_at     TIMESTAMPTZ NOT NULL,
    read_at        TIMESTAMPTZ
);
CREATE INDEX inbox_messages_account ON inbox_messages (account_id, created_at);
