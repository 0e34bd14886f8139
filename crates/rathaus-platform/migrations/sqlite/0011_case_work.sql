-- Case work (Sachbearbeitung): a submitted application becomes a case of the agency
-- responsible for its service, with a due date from the service's processing time,
-- an assignee, and — once decided — an outcome. `lang` is the language the person
-- applied in; notices about the case are written in it.
ALTER TABLE applications ADD COLUMN agency_id TEXT;
ALTER TABLE applications ADD COLUMN assignee_id BLOB REFERENCES accounts (id);
ALTER TABLE applications ADD COLUMN due_on TEXT;
ALTER TABLE applications ADD COLUMN waiting_since TEXT;
ALTER TABLE applications ADD COLUMN outcome TEXT;
ALTER TABLE applications ADD COLUMN lang TEXT;
CREATE INDEX applications_queue ON applications (agency_id, status, due_on);

-- Internal notes of the case workers; never shown to the resident.
CREATE TABLE case_notes (
    id             BLOB PRIMARY KEY,
    application_id BLOB NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    author_id      BLOB NOT NULL REFERENCES accounts (id),
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX case_notes_application ON case_notes (application_id, created_at);
