-- Second factors (TOTP, recovery codes, passkeys), the sign-in history a person can
-- read, and the mark left on an account that its owner deleted.

CREATE TABLE totp_credentials (
    account_id    UUID PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    -- The shared secret, sealed with the master key (account id as associated data).
    secret_sealed BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    -- NULL while the person has not yet typed a first code from their app.
    confirmed_at  TIMESTAMPTZ,
    -- The last accepted 30-second step: a code is accepted once only.
    last_step     BIGINT NOT NULL
);

CREATE TABLE recovery_codes (
    account_id UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    PRIMARY KEY (account_id, code_hash)
);

CREATE TABLE passkeys (
    credential_id TEXT PRIMARY KEY,
    account_id    UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    -- The public key and counter as webauthn-rs serialises them.
    passkey       JSONB NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ
);
CREATE INDEX passkeys_account ON passkeys (account_id);

CREATE TABLE login_history (
    id              UUID PRIMARY KEY,
    account_id      UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    at              TIMESTAMPTZ NOT NULL,
    method          TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    assurance_level TEXT,
    user_agent      TEXT
);
CREATE INDEX login_history_account ON login_history (account_id, at);

ALTER TABLE accounts ADD COLUMN deleted_at TIMESTAMPTZ;
