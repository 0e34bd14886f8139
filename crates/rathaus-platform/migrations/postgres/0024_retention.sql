-- Retention (Aufbewahrung). Each service keeps its closed cases for `retention_years`
-- from their closing (`closed_at`: closed, or withdrawn); then the retention job erases
-- what names or describes the person — answers, files, messages, notes, the delivery
-- address, the decision's text — and keeps what the figures need (service, agency,
-- dates, outcome, fee), marking the case `erased_at`.
--
-- `online_procedure_url` is where a service that is online but has no form in Rathaus
-- is started: the specialist procedure that takes it.
ALTER TABLE services ADD COLUMN retention_years INTEGER NOT NULL DEFAULT 10;
ALTER TABLE services ADD COLUMN online_procedure_url TEXT;

ALTER TABLE applications ADD COLUMN closed_at TIMESTAMPTZ;
ALTER TABLE applications ADD COLUMN erased_at TIMESTAMPTZ;
UPDATE applications SET closed_at = (
    SELECT MAX(e.at) FROM application_events e
    WHERE e.application_id = applications.id AND e.kind IN ('closed', 'withdrawn')
) WHERE status IN ('closed', 'withdrawn');
UPDATE applications SET closed_at = updated_at WHERE status IN ('closed', 'withdrawn') AND closed_at IS NULL;
CREATE INDEX applications_retention ON applications (service_id, closed_at) WHERE erased_at IS NULL AND closed_at IS NOT NULL;

-- A decision stays as issued, with one exception: at the end of its case's retention
-- its text is erased (title, reasons, remedy emptied, `erased_at` set) — everything
-- else, the outcome, the date, the document's SHA-256 and the check code, stays —
-- and only once its case is erased (the application's `erased_at` is set first).
ALTER TABLE decisions ADD COLUMN erased_at TIMESTAMPTZ;
CREATE OR REPLACE FUNCTION decisions_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL
        AND EXISTS (SELECT 1 FROM applications a WHERE a.id = NEW.application_id AND a.erased_at IS NOT NULL)
        AND NEW.title = '' AND NEW.reasons = '' AND NEW.remedy = ''
        AND NEW.id = OLD.id AND NEW.application_id = OLD.application_id AND NEW.outcome = OLD.outcome
        AND NEW.file_id = OLD.file_id AND NEW.sha256 = OLD.sha256 AND NEW.code = OLD.code
        AND NEW.corrects IS NOT DISTINCT FROM OLD.corrects AND NEW.issued_by = OLD.issued_by
        AND NEW.issued_at = OLD.issued_at
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'decisions are immutable: issue a correction instead';
END;
$$;
