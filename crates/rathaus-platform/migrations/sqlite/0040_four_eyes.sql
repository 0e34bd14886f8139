-- Four eyes on decisions (Vier-Augen-Prinzip): for the services an agency requires it, a
-- decision is proposed by one clerk and issued only when a second clerk approves it;
-- a proposal returned with reasons goes back to the first. At most one proposal per
-- case is open at a time.
CREATE TABLE four_eyes_services (
    agency_id  TEXT NOT NULL,
    service_id TEXT NOT NULL,
    -- Off is kept as a row, so the demo's defaults never switch it on again.
    required   BOOLEAN NOT NULL,
    set_by     BLOB REFERENCES accounts (id),
    set_at     TEXT NOT NULL,
    PRIMARY KEY (agency_id, service_id)
);

CREATE TABLE decision_proposals (
    id             BLOB PRIMARY KEY,
    application_id BLOB NOT NULL REFERENCES applications (id),
    outcome        TEXT NOT NULL,
    title          TEXT NOT NULL,
    reasons        TEXT NOT NULL,
    remedy         TEXT NOT NULL,
    corrects       BLOB REFERENCES decisions (id),
    note           TEXT NOT NULL DEFAULT '',
    proposed_by    BLOB NOT NULL REFERENCES accounts (id),
    proposed_at    TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('open', 'returned', 'approved')),
    answered_by    BLOB REFERENCES accounts (id),
    answered_at    TEXT,
    answer         TEXT NOT NULL DEFAULT '',
    decision_id    BLOB REFERENCES decisions (id)
);
CREATE INDEX decision_proposals_application ON decision_proposals (application_id, proposed_at);
CREATE UNIQUE INDEX decision_proposals_one_open ON decision_proposals (application_id) WHERE state = 'open';

-- Who proposed an issued decision, where a second clerk approved it (then `issued_by`).
ALTER TABLE decisions ADD COLUMN proposed_by BLOB REFERENCES accounts (id);
