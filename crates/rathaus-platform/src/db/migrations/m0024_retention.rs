use super::prelude::*;

migration!(|s| {
    // Retention (Aufbewahrung). Each service keeps its closed cases for `retention_years`
    // from their closing (`closed_at`: closed, or withdrawn); then the retention job erases
    // what names or describes the person — answers, files, messages, notes, the delivery
    // address, the decision's text — and keeps what the figures need (service, agency,
    // dates, outcome, fee), marking the case `erased_at`.
    //
    // `online_procedure_url` is where a service that is online but has no form in Rathaus
    // is started: the specialist procedure that takes it.
    s.add_column("services", s.integer("retention_years").not_null().default(10))
        .await?;
    s.add_column("services", &mut s.text("online_procedure_url")).await?;

    s.add_column("applications", &mut s.timestamp("closed_at")).await?;
    s.add_column("applications", &mut s.timestamp("erased_at")).await?;
    s.sql(
        r#"UPDATE applications SET closed_at = (
    SELECT MAX(e.at) FROM application_events e
    WHERE e.application_id = applications.id AND e.kind IN ('closed', 'withdrawn')
) WHERE status IN ('closed', 'withdrawn');"#,
    )
    .await?;
    s.sql(
        "UPDATE applications SET closed_at = updated_at \
         WHERE status IN ('closed', 'withdrawn') AND closed_at IS NULL;",
    )
    .await?;
    s.create_index(
        Index::create()
            .name("applications_retention")
            .table("applications")
            .col("service_id")
            .col("closed_at")
            .and_where(Expr::cust("erased_at IS NULL AND closed_at IS NOT NULL")),
    )
    .await?;

    // A decision stays as issued, with one exception: at the end of its case's retention
    // its text is erased (title, reasons, remedy emptied, `erased_at` set) — everything
    // else, the outcome, the date, the document's SHA-256 and the check code, stays —
    // and only once its case is erased (the application's `erased_at` is set first).
    s.add_column("decisions", &mut s.timestamp("erased_at")).await?;
    s.per_database(
        r#"DROP TRIGGER decisions_are_immutable;
CREATE TRIGGER decisions_are_immutable BEFORE UPDATE ON decisions
WHEN NOT (
    OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL
    AND (SELECT a.erased_at FROM applications a WHERE a.id = NEW.application_id) IS NOT NULL
    AND NEW.title = '' AND NEW.reasons = '' AND NEW.remedy = ''
    AND NEW.id = OLD.id AND NEW.application_id = OLD.application_id AND NEW.outcome = OLD.outcome
    AND NEW.file_id = OLD.file_id AND NEW.sha256 = OLD.sha256 AND NEW.code = OLD.code
    AND NEW.corrects IS OLD.corrects AND NEW.issued_by = OLD.issued_by AND NEW.issued_at = OLD.issued_at
)
BEGIN
    SELECT RAISE(ABORT, 'decisions are immutable: issue a correction instead');
END;"#,
        r#"CREATE OR REPLACE FUNCTION decisions_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
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
$$;"#,
    )
    .await
});
