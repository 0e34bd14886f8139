-- Identities confirmed by an external eID provider (OpenID Connect), linked to one
-- account each. The provider's subject identifier is all we keep of the card.
CREATE TABLE eid_identities (
    issuer       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    account_id   BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    linked_at    TEXT NOT NULL,
    last_used_at TEXT,
    PRIMARY KEY (issuer, subject)
);
CREATE UNIQUE INDEX eid_identities_account ON eid_identities (account_id, issuer);
