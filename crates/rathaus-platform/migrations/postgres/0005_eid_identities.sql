-- Identities confirmed by an external eID provider (OpenID Connect), linked to one
-- account each. The provider's subject identifier is all we keep of the card.
CREATE TABLE eid_identities (
    issuer       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    account_id   UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    linked_at    TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    PRIMARY KEY (issuer, subject)
);
CREATE UNIQUE INDEX eid_identities_account ON eid_identities (account_id, issuer);
