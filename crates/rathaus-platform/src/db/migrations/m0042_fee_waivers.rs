use super::prelude::*;

migration!(|s| {
    // A fee waiver (Gebührenerlass) is part of a decision: the amount the decision waives
    // of the fee and why. A fee not yet paid is invoiced less; a fee paid with the
    // application is refunded by the amount, by the decision's own order.
    s.add_column("decisions", s.bigint("waived_cents").check(Expr::cust("waived_cents > 0")))
        .await?;
    s.add_column("decisions", s.text("waiver_reason").not_null().default("")).await?;
    s.add_column("decision_proposals", s.bigint("waived_cents").check(Expr::cust("waived_cents > 0")))
        .await?;
    s.add_column("decision_proposals", s.text("waiver_reason").not_null().default(""))
        .await?;

    // A refund a decision orders: the decision is its approval, so the cash office neither
    // approves nor refuses it; it is paid back by a job that retries until it is.
    s.add_column("refunds", s.uuid("decision_id").references("decisions")).await?;

    // Per agency: fee waivers need a second clerk on every service, even where its
    // decisions otherwise do not.
    s.create_table(
        Table::create()
            .table("four_eyes_agencies")
            .col(s.text("agency_id").primary_key())
            .col(s.boolean("fee_waivers").not_null())
            .col(s.uuid("set_by").references("accounts"))
            .col(s.timestamp("set_at").not_null()),
    )
    .await?;

    // The erasure at the end of retention empties the waiver's reason too; its amount,
    // like every other fact of the decision (and its seal), stays as issued.
    s.per_database(
        r#"DROP TRIGGER decisions_are_immutable;
CREATE TRIGGER decisions_are_immutable BEFORE UPDATE ON decisions
WHEN NOT (
    OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL
    AND (SELECT a.erased_at FROM applications a WHERE a.id = NEW.application_id) IS NOT NULL
    AND NEW.title = '' AND NEW.reasons = '' AND NEW.remedy = '' AND NEW.waiver_reason = ''
    AND NEW.id = OLD.id AND NEW.application_id = OLD.application_id AND NEW.outcome = OLD.outcome
    AND NEW.file_id = OLD.file_id AND NEW.sha256 = OLD.sha256 AND NEW.code = OLD.code
    AND NEW.corrects IS OLD.corrects AND NEW.issued_by = OLD.issued_by AND NEW.issued_at = OLD.issued_at
    AND NEW.proposed_by IS OLD.proposed_by AND NEW.waived_cents IS OLD.waived_cents
    AND NEW.sealed_by IS OLD.sealed_by AND NEW.seal_certificate IS OLD.seal_certificate
    AND NEW.sealed_at IS OLD.sealed_at
)
BEGIN
    SELECT RAISE(ABORT, 'decisions are immutable: issue a correction instead');
END;"#,
        r#"CREATE OR REPLACE FUNCTION decisions_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL
        AND EXISTS (SELECT 1 FROM applications a WHERE a.id = NEW.application_id AND a.erased_at IS NOT NULL)
        AND NEW.title = '' AND NEW.reasons = '' AND NEW.remedy = '' AND NEW.waiver_reason = ''
        AND NEW.id = OLD.id AND NEW.application_id = OLD.application_id AND NEW.outcome = OLD.outcome
        AND NEW.file_id = OLD.file_id AND NEW.sha256 = OLD.sha256 AND NEW.code = OLD.code
        AND NEW.corrects IS NOT DISTINCT FROM OLD.corrects AND NEW.issued_by = OLD.issued_by
        AND NEW.issued_at = OLD.issued_at
        AND NEW.proposed_by IS NOT DISTINCT FROM OLD.proposed_by
        AND NEW.waived_cents IS NOT DISTINCT FROM OLD.waived_cents
        AND NEW.sealed_by IS NOT DISTINCT FROM OLD.sealed_by
        AND NEW.seal_certificate IS NOT DISTINCT FROM OLD.seal_certificate
        AND NEW.sealed_at IS NOT DISTINCT FROM OLD.sealed_at
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'decisions are immutable: issue a correction instead';
END;
$$;"#,
    )
    .await
});
