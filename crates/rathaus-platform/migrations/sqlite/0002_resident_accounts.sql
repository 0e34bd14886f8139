-- Servicekonto for residents: verified addresses, one-time tokens, sign-in throttling,
-- and what "my sessions" shows.

ALTER TABLE accounts ADD COLUMN email_verified_at TEXT;
ALTER TABLE accounts ADD COLUMN password_changed_at TEXT;

-- Links sent by mail (address verification, password reset). Only hashes are stored.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX account_tokens_account ON account_tokens (account_id, purpose);

-- Failed sign-ins per normalised address (whether or not an account exists).
CREATE TABLE login_throttle (
    email_normalized TEXT PRIMARY KEY,
    failures         INTEGER NOT NULL,
    window_start     TEXT NOT NULL,
    blocked_until    TEXT
);

-- Browsers that signed in before, for the "new sign-in" notice.
CREATE TABLE known_devices (
    account_id  BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    device_hash TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    PRIMARY KEY (account_id, device_hash)
);

ALTER TABLE sessions ADD COLUMN user_agent TEXT;
ALTER TABLE sessions ADD COLUMN signed_in_at TEXT;
