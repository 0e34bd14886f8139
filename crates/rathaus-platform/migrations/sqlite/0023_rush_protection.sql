-- Rush protection. Until `challenge_until` a location asks for a proof of work (or,
-- without JavaScript, a short wait) before a slot is held.
ALTER TABLE appointment_calendars ADD COLUMN challenge_until TEXT;

-- Keys an installation makes for itself on first start and shares between its nodes
-- (hex). `challenge` signs the challenge tokens.
CREATE TABLE instance_keys (
    name       TEXT PRIMARY KEY,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Challenge tokens already used: each buys one attempt. Purged once expired.
CREATE TABLE spent_challenges (
    nonce      TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);
