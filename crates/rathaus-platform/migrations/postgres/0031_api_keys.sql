-- Keys with which a program acts for a staff member (the CKAN API's write actions).
-- Only the SHA-256 of a key is kept; the key itself is shown once, when it is made.
CREATE TABLE api_keys (
    id           UUID PRIMARY KEY,
    account_id   UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_keys_account ON api_keys (account_id);
