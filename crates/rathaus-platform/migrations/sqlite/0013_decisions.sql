-- Decisions (Bescheide): issued once, never changed. A correction is a new decision
-- that names the one it corrects. The document's SHA-256 is recorded at issue, and the
-- public verification code leads to it (/pruefen/{code}).
CREATE TABLE decisions (
    id             BLOB PRIMARY KEY,
    application_id BLOB NOT NULL REFERENCES applications (id),
    outcome        TEXT NOT NULL,
    title          TEXT NOT NULL,
    reasons        TEXT NOT NULL,
    remedy         TEXT NOT NULL,
    file_id        BLOB NOT NULL REFERENCES files (id),
    sha256         TEXT NOT NULL,
    code           TEXT NOT NULL UNIQUE,
    corrects       BLOB REFERENCES decisions (id),
    issued_by      BLOB NOT NULL REFERENCES accounts (id),
    issued_at      TEXT NOT NULL
);
CREATE INDEX decisions_application ON decisions (application_id, issued_at);

CREATE TRIGGER decisions_are_immutable BEFORE UPDATE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'decisions are immutable: issue a correction instead');
END;
CREATE TRIGGER decisions_are_kept BEFORE DELETE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'decisions are immutable: issue a correction instead');
END;
