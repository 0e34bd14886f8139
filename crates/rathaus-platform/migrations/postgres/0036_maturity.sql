-- The monthly snapshot of every service's maturity and usage, the history behind the
-- trend on /digitalisierung. One row per month (its first day, local time) and service.
-- `level` and `criteria` are NULL for a month filled in later from the records: the
-- usage of a past month can be counted again, the level it had cannot.
CREATE TABLE maturity_snapshots (
    month               DATE NOT NULL,
    service_id          TEXT NOT NULL,
    agency_id           TEXT NOT NULL,
    level               INTEGER,
    criteria            JSONB,
    online_applications BIGINT NOT NULL,
    counter_visits      BIGINT NOT NULL,
    payments_online     BIGINT NOT NULL,
    lead_days           JSONB NOT NULL,
    taken_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (month, service_id)
);

-- A month's usage is counted by time, across all agencies and locations.
CREATE INDEX applications_submitted ON applications (submitted_at);
CREATE INDEX application_events_kind ON application_events (kind, at);
CREATE INDEX appointments_starts ON appointments (starts_at);
CREATE INDEX counter_tickets_issued ON counter_tickets (issued_at);
CREATE INDEX payments_paid ON payments (paid_at);

-- The cockpit counts every agency's open and overdue cases from this index alone.
CREATE INDEX applications_open ON applications (status, agency_id, due_on);
