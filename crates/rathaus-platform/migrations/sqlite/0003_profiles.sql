-- Stammdaten: what forms may prefill (with consent). Each field is self-entered unless
-- listed in verified_fields (set only from an eID provider's signed assertion).
CREATE TABLE profiles (
    account_id      BLOB PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    given_name      TEXT NOT NULL,
    family_name     TEXT NOT NULL,
    birth_date      TEXT,
    street          TEXT NOT NULL,
    postcode        TEXT NOT NULL,
    city            TEXT NOT NULL,
    phone           TEXT NOT NULL,
    preferred_lang  TEXT NOT NULL,
    verified_fields TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
