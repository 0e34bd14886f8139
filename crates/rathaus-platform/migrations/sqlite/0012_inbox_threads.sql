-- The inbox becomes a thread per case, both ways: who wrote a message (the authority or
-- the resident), which staff member, and when staff read the resident's message.
-- Attachments of a message are files of its application (application_files, field
-- `_message:<message id>`), so they are read only through the application.
ALTER TABLE inbox_messages ADD COLUMN sender TEXT NOT NULL DEFAULT 'authority';
ALTER TABLE inbox_messages ADD COLUMN author_id BLOB REFERENCES accounts (id);
ALTER TABLE inbox_messages ADD COLUMN staff_read_at TEXT;
CREATE INDEX inbox_messages_application ON inbox_messages (application_id, created_at);
