-- Second factors (TOTP, recovery codes, passkeys), the sign-in history a person can
-- read, and the mark left on an account that its owner deleted.

CREATE TABLE totp_credentials (
    account_id    BLOB PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    -- The shared secret, sealed with the master key (account id as associated data).
    secret_sealed BLOB NOT NULL,
    created_at    TEXT NOT NULL,
    -- NULL while the person has not yet typed a first code from their app.
    confirmed_at  TEXT,
    -- The last accepted 30-second step: a code is accepted once only.
    last_step     BIGINT NOT NULL
);

CREATE TABLE recovery_codes (
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    used_at    TEXT,
    PRIMARY KEY (account_id, code_hash)
);

CREATE TABLE passkeys (
    credential_id TEXT PRIMARY KEY,
    account_id    BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    -- The public key and counter as webauthn-rs serialises them.
    passkey       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT
);
CREATE INDEX passkeys_account ON passkeys (account_id);

CREATE TABLE login_history (
    id              BLOB PRIMARY KEY,
    account_id      BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    at              TEXT NOT NULL,
    method          TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    assurance_level TEXT,
    user_agent      TEXT
);
CREATE INDEX login_history_account ON login_history (account_id, at);

ALTER TABLE accounts ADD COLUMN deleted_at TEXT;
