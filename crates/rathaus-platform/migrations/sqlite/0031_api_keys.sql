-- Keys with which a program acts for a staff member (the CKAN API's write actions).
-- Only the SHA-256 of a key is kept; the key itself is shown once, when it is made.
CREATE TABLE api_keys (
    id           BLOB PRIMARY KEY,
    account_id   BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_keys_account ON api_keys (account_id);
