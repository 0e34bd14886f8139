-- Payments (Zahlungen). One row per payment Rathaus asked a provider for. Only the
-- provider's signed webhook or its answer to a status query moves `status` from `open`
-- to `paid`, `failed` or `cancelled`, and only once. `idempotency_key` makes a repeated
-- request (a double click, a retry) the same payment; `request_hash` tells a repeated
-- request from a different one with the same key. `cash_reference` is the
-- Kassenzeichen the city's accounting books it under.
CREATE TABLE payments (
    id              UUID PRIMARY KEY,
    account_id      UUID NOT NULL REFERENCES accounts (id),
    application_id  UUID NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    purpose         TEXT NOT NULL,
    amount_cents    BIGINT NOT NULL CHECK (amount_cents > 0),
    fee             TEXT NOT NULL,
    cash_reference  TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL,
    provider        TEXT NOT NULL,
    provider_ref    TEXT,
    redirect_url    TEXT,
    method          TEXT,
    idempotency_key TEXT NOT NULL UNIQUE,
    request_hash    TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    paid_at         TIMESTAMPTZ
);
CREATE UNIQUE INDEX payments_provider_ref ON payments (provider, provider_ref);
CREATE INDEX payments_application ON payments (application_id, status);
CREATE INDEX payments_open ON payments (status, created_at);

-- Webhook events already applied, so a repeated delivery changes nothing.
CREATE TABLE payment_events (
    provider    TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    payment_id  UUID NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, event_id)
);

-- The last cash reference (Kassenzeichen) number handed out per year.
CREATE TABLE cash_reference_counters (
    year INTEGER PRIMARY KEY,
    last BIGINT NOT NULL
);

-- The test payment provider's own state ("Testkasse"): what a real provider keeps on its
-- side. Rathaus never reads it except through the provider's interface.
CREATE TABLE testkasse_payments (
    reference     TEXT PRIMARY KEY,
    merchant_ref  TEXT NOT NULL UNIQUE,
    amount_cents  BIGINT NOT NULL,
    description   TEXT NOT NULL,
    return_url    TEXT NOT NULL,
    status        TEXT NOT NULL,
    method        TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    decided_at    TIMESTAMPTZ
);
