use super::prelude::*;

migration!(|s| {
    // Decisions (Bescheide): issued once, never changed. A correction is a new decision
    // that names the one it corrects. The document's SHA-256 is recorded at issue, and the
    // public verification code leads to it (/pruefen/{code}).
    s.create_table(
        Table::create()
            .table("decisions")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("application_id").not_null().references("applications"))
            .col(s.text("outcome").not_null())
            .col(s.text("title").not_null())
            .col(s.text("reasons").not_null())
            .col(s.text("remedy").not_null())
            .col(s.uuid("file_id").not_null().references("files"))
            .col(s.text("sha256").not_null())
            .col(s.text("code").not_null().unique_key())
            .col(s.uuid("corrects").references("decisions"))
            .col(s.uuid("issued_by").not_null().references("accounts"))
            .col(s.timestamp("issued_at").not_null()),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("decisions_application")
            .table("decisions")
            .col("application_id")
            .col("issued_at"),
    )
    .await?;

    s.per_database(
        r#"CREATE TRIGGER decisions_are_immutable BEFORE UPDATE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'decisions are immutable: issue a correction instead');
END;
CREATE TRIGGER decisions_are_kept BEFORE DELETE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'decisions are immutable: issue a correction instead');
END;"#,
        r#"CREATE FUNCTION decisions_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'decisions are immutable: issue a correction instead';
END;
$$;
CREATE TRIGGER decisions_are_immutable BEFORE UPDATE OR DELETE ON decisions
    FOR EACH ROW EXECUTE FUNCTION decisions_are_immutable();"#,
    )
    .await
});
