-- Refunds (Erstattungen) of a payment, full or in part. Above a configured amount a
-- second staff member must approve before the money goes back (four eyes): such a
-- refund waits as `requested` until another person with the payments role approves
-- or refuses it. `provider_ref` is the provider's refund once executed.
CREATE TABLE refunds (
    id           UUID PRIMARY KEY,
    payment_id   UUID NOT NULL REFERENCES payments (id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    reason       TEXT NOT NULL,
    status       TEXT NOT NULL,
    requested_by UUID NOT NULL REFERENCES accounts (id),
    requested_at TIMESTAMPTZ NOT NULL,
    decided_by   UUID REFERENCES accounts (id),
    decided_at   TIMESTAMPTZ,
    provider_ref TEXT
);
CREATE INDEX refunds_payment ON refunds (payment_id, status);

-- The Testkasse's refunds, by the id Rathaus gave them (a repeated request is the same
-- refund, never a second one).
CREATE TABLE testkasse_refunds (
    refund_id    TEXT PRIMARY KEY,
    reference    TEXT NOT NULL REFERENCES testkasse_payments (reference),
    amount_cents BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
