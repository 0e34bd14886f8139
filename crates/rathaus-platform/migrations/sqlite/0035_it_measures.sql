-- Replacement measures for ageing IT procedures, each change a revision; and the
-- reminders to owners before an end of support without a measure, each sent once.

-- Rows from before the register (revision 0) were only ever written by the catalogue
-- import, in a looser shape the register cannot read: importing the catalogue again
-- writes them whole (the demo does at every start).
DELETE FROM it_procedures WHERE revision = 0;
CREATE TABLE it_measures (
    id           BLOB PRIMARY KEY,
    procedure_id TEXT NOT NULL REFERENCES it_procedures (id) ON DELETE CASCADE,
    target_date  TEXT NOT NULL,
    data         TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    modified_at  TEXT NOT NULL
);
CREATE INDEX it_measures_procedure ON it_measures (procedure_id, target_date);

CREATE TABLE it_measure_revisions (
    measure_id BLOB NOT NULL REFERENCES it_measures (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    at         TEXT NOT NULL,
    actor_id   BLOB REFERENCES accounts (id) ON DELETE SET NULL,
    actor_name TEXT NOT NULL,
    change     TEXT NOT NULL,
    snapshot   TEXT NOT NULL,
    PRIMARY KEY (measure_id, number)
);

CREATE TABLE it_reminders (
    procedure_id TEXT NOT NULL REFERENCES it_procedures (id) ON DELETE CASCADE,
    component    TEXT NOT NULL,
    end_date     TEXT NOT NULL,
    months       INTEGER NOT NULL,
    sent_at      TEXT NOT NULL,
    PRIMARY KEY (procedure_id, component, end_date, months)
);
