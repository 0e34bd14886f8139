-- The CDO office's register of IT procedures: every change a revision, and the
-- end-of-support table's products as operators import them over the shipped ones.
ALTER TABLE it_procedures ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE it_procedures ADD COLUMN modified_at TIMESTAMPTZ;
CREATE INDEX it_procedures_owner ON it_procedures (owner_agency_id);

CREATE TABLE it_procedure_revisions (
    procedure_id TEXT NOT NULL REFERENCES it_procedures (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    actor_id     UUID REFERENCES accounts (id) ON DELETE SET NULL,
    actor_name   TEXT NOT NULL,
    change       TEXT NOT NULL,
    snapshot     JSONB NOT NULL,
    PRIMARY KEY (procedure_id, number)
);
CREATE INDEX it_procedure_revisions_at ON it_procedure_revisions (at);

CREATE TABLE eol_products (
    product     TEXT PRIMARY KEY,
    label       TEXT NOT NULL,
    aliases     JSONB NOT NULL,
    cycles      JSONB NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL,
    imported_by TEXT NOT NULL
);
