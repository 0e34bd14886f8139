-- Fair release. A location releases the slots of `first_day`..`last_day` at `opens_at`;
-- before that they are not offered. With `lottery`, requests are collected from
-- `opens_at` until `closes_at`, then drawn (`drawn_at`, with the `seed` kept for the
-- record); the places left are offered to everyone once `published_at` is set.
CREATE TABLE appointment_releases (
    id           UUID PRIMARY KEY,
    location_id  TEXT NOT NULL,
    first_day    DATE NOT NULL,
    last_day     DATE NOT NULL,
    opens_at     TIMESTAMPTZ NOT NULL,
    lottery      BOOLEAN NOT NULL,
    closes_at    TIMESTAMPTZ,
    drawn_at     TIMESTAMPTZ,
    seed         TEXT,
    published_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    created_by   UUID REFERENCES accounts (id)
);
CREATE INDEX appointment_releases_location ON appointment_releases (location_id, opens_at);

-- A request in a lottery: one per mail address and release, counted once the address
-- confirmed it. `rank` is its place in the drawn order; `outcome` pending, won or lost.
CREATE TABLE appointment_lottery_entries (
    id                 UUID PRIMARY KEY,
    release_id         UUID NOT NULL REFERENCES appointment_releases (id),
    email              TEXT NOT NULL,
    email_normalized   TEXT NOT NULL,
    name               TEXT NOT NULL,
    lang               TEXT NOT NULL,
    services           TEXT NOT NULL,
    people             INTEGER NOT NULL,
    confirm_token_hash TEXT NOT NULL UNIQUE,
    confirmed_at       TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL,
    rank               INTEGER,
    outcome            TEXT NOT NULL,
    appointment_id     UUID REFERENCES appointments (id) ON DELETE SET NULL,
    UNIQUE (release_id, email_normalized)
);
