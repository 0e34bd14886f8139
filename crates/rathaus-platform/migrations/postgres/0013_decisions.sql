-- Decisions (Bescheide): issued once, never changed. A correction is a new decision
-- that names the one it corrects. The document's SHA-256 is recorded at issue, and the
-- public verification code leads to it (/pruefen/{code}).
CREATE TABLE decisions (
    id             UUID PRIMARY KEY,
    application_id UUID NOT NULL REFERENCES applications (id),
    outcome        TEXT NOT NULL,
    title          TEXT NOT NULL,
    reasons        TEXT NOT NULL,
    remedy         TEXT NOT NULL,
    file_id        UUID NOT NULL REFERENCES files (id),
    sha256         TEXT NOT NULL,
    code           TEXT NOT NULL UNIQUE,
    corrects       UUID REFERENCES decisions (id),
    issued_by      UUID NOT NULL REFERENCES accounts (id),
    issued_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX decisions_application ON decisions (application_id, issued_at);

CREATE FUNCTION decisions_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'decisions are immutable: issue a correction instead';
END;
$$;
CREATE TRIGGER decisions_are_immutable BEFORE UPDATE OR DELETE ON decisions
    FOR EACH ROW EXECUTE FUNCTION decisions_are_immutable();
