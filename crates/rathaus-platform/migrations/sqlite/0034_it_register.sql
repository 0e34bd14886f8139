-- The CDO office's register of IT procedures: every change a revision, and the
-- end-of-support table's products as operators import them over the shipped ones.
ALTER TABLE it_procedures ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE it_procedures ADD COLUMN modified_at TEXT;
CREATE INDEX it_procedures_owner ON it_procedures (owner_agency_id);

CREATE TABLE it_procedure_revisions (
    procedure_id TEXT NOT NULL REFERENCES it_procedures (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    at           TEXT NOT NULL,
    actor_id     BLOB REFERENCES accounts (id) ON DELETE SET NULL,
    actor_name   TEXT NOT NULL,
    change       TEXT NOT NULL,
    snapshot     TEXT NOT NULL,
    PRIMARY KEY (procedure_id, number)
);
CREATE INDEX it_procedure_revisions_at ON it_procedure_revisions (at);

CREATE TABLE eol_products (
    product     TEXT PRIMARY KEY,
    label       TEXT NOT NULL,
    aliases     TEXT NOT NULL,
    cycles      TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);
