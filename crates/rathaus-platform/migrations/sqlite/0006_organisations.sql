-- Organisation accounts (Unternehmenskonto): a business or association whose members
-- act on its behalf. Owners invite and remove members.
CREATE TABLE organisations (
    id              BLOB PRIMARY KEY,
    name            TEXT NOT NULL,
    register_number TEXT NOT NULL,
    street          TEXT NOT NULL,
    postcode        TEXT NOT NULL,
    city            TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

CREATE TABLE organisation_members (
    organisation_id BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    account_id      BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    joined_at       TEXT NOT NULL,
    PRIMARY KEY (organisation_id, account_id)
);
CREATE INDEX organisation_members_account ON organisation_members (account_id);

-- Invitations travel by mail; only the token's hash is stored.
CREATE TABLE organisation_invitations (
    token_hash       TEXT PRIMARY KEY,
    organisation_id  BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email_normalized TEXT NOT NULL,
    role             TEXT NOT NULL,
    invited_by       BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    accepted_at      TEXT
);
CREATE INDEX organisation_invitations_org ON organisation_invitations (organisation_id);
