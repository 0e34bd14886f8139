-- Message templates of an agency's case workers: texts they save once and insert into a
-- message or an information request, with the case's reference, the applicant's name
-- and the service filled in.
CREATE TABLE message_templates (
    id         UUID PRIMARY KEY,
    agency_id  TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_by UUID NOT NULL REFERENCES accounts (id),
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX message_templates_agency ON message_templates (agency_id, title);
