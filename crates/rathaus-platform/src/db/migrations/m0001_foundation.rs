use super::prelude::*;

migration!(|s| {
    // Foundation schema.
    // Types (SQLite): UUIDs are 16-byte BLOBs, timestamps RFC 3339 text in UTC, JSON as text.

    s.create_table(
        Table::create()
            .table("agencies")
            .col(s.text("id").primary_key())
            .col(s.text("name_de").not_null())
            .col(s.text("name_en").not_null())
            .col(s.text("kind").not_null())
            .col(s.text("parent_id").references("agencies"))
            .col(s.text("email").not_null())
            .col(s.text("phone").not_null()),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("locations")
            .col(s.text("id").primary_key())
            .col(s.text("name").not_null())
            .col(s.text("agency_id").not_null().references("agencies"))
            .col(s.text("street").not_null())
            .col(s.text("postcode").not_null())
            .col(s.text("district").not_null())
            .col(s.json("opening_hours").not_null())
            .col(s.integer("counters").not_null())
            .col(s.boolean("accessible").not_null()),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("services")
            .col(s.text("id").primary_key())
            .col(s.text("leika_key"))
            .col(s.text("name_de").not_null())
            .col(s.text("name_en").not_null())
            .col(s.text("summary_de").not_null())
            .col(s.text("summary_en"))
            .col(s.text("agency_id").not_null().references("agencies"))
            .col(s.json("audience").not_null())
            .col(s.text("legal_basis").not_null())
            .col(s.json("fee").not_null())
            .col(s.json("documents_de").not_null())
            .col(s.boolean("online_possible").not_null())
            .col(s.text("online_why_not_de"))
            .col(s.boolean("in_person_required").not_null())
            .col(s.integer("processing_days"))
            .col(s.integer("appointment_minutes"))
            .col(s.text("assurance_level").not_null())
            .col(s.json("delivery_options").not_null()),
    )
    .await?;
    s.create_index(Index::create().name("services_agency").table("services").col("agency_id"))
        .await?;

    s.create_table(
        Table::create()
            .table("location_services")
            .col(s.text("location_id").not_null().references_cascade("locations"))
            .col(s.text("service_id").not_null().references_cascade("services"))
            .primary_key(Index::create().col("location_id").col("service_id")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("location_services_service")
            .table("location_services")
            .col("service_id"),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("it_procedures")
            .col(s.text("id").primary_key())
            .col(s.text("name").not_null())
            .col(s.text("owner_agency_id").references("agencies"))
            .col(s.json("data").not_null()),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("accounts")
            .col(s.uuid("id").primary_key())
            .col(s.text("kind").not_null())
            .col(s.text("email").not_null())
            .col(s.text("email_normalized").not_null().unique_key())
            .col(s.text("display_name").not_null())
            .col(s.text("password_hash"))
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("disabled_at")),
    )
    .await?;

    // scope is an agency id, or '*' for city-wide roles (operator, cdo).
    s.create_table(
        Table::create()
            .table("role_grants")
            .col(s.uuid("account_id").not_null().references_cascade("accounts"))
            .col(s.text("role").not_null())
            .col(s.text("scope").not_null())
            .col(s.timestamp("granted_at").not_null())
            .col(s.text("granted_by").not_null())
            .primary_key(Index::create().col("account_id").col("role").col("scope")),
    )
    .await?;

    // The session token itself is never stored, only its SHA-256.
    s.create_table(
        Table::create()
            .table("sessions")
            .col(s.text("token_hash").primary_key())
            .col(s.uuid("account_id").references_cascade("accounts"))
            .col(s.text("csrf_token").not_null())
            .col(s.text("assurance_level"))
            .col(s.json("data").not_null())
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("last_seen_at").not_null())
            .col(s.timestamp("idle_expires_at").not_null())
            .col(s.timestamp("absolute_expires_at").not_null()),
    )
    .await?;
    s.create_index(Index::create().name("sessions_account").table("sessions").col("account_id"))
        .await?;
    s.create_index(Index::create().name("sessions_idle").table("sessions").col("idle_expires_at"))
        .await?;

    s.create_table(
        Table::create()
            .table("jobs")
            .col(s.uuid("id").primary_key())
            .col(s.text("kind").not_null())
            .col(s.json("payload").not_null())
            .col(s.text("status").not_null())
            .col(s.integer("attempts").not_null())
            .col(s.integer("max_attempts").not_null())
            .col(s.timestamp("run_at").not_null())
            .col(s.timestamp("lease_until"))
            .col(s.text("locked_by"))
            .col(s.text("last_error"))
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("finished_at")),
    )
    .await?;
    s.create_index(Index::create().name("jobs_ready").table("jobs").col("status").col("run_at"))
        .await?;

    s.create_table(
        Table::create()
            .table("mails")
            .col(s.uuid("id").primary_key())
            .col(s.text("to_address").not_null())
            .col(s.text("subject").not_null())
            .col(s.text("body_text").not_null())
            .col(s.text("body_html").not_null())
            .col(s.text("status").not_null())
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("sent_at"))
            .col(s.text("error")),
    )
    .await?;
    s.create_index(Index::create().name("mails_status").table("mails").col("status").col("created_at"))
        .await?;

    s.create_table(
        Table::create()
            .table("files")
            .col(s.uuid("id").primary_key())
            .col(s.text("object_key").not_null())
            .col(s.bigint("size_bytes").not_null())
            .col(s.text("content_type").not_null())
            .col(s.text("original_name").not_null())
            .col(s.text("sha256").not_null())
            .col(s.bytes("wrapped_key"))
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("deleted_at")),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("audit_log")
            .col(s.bigint("seq").primary_key())
            .col(s.timestamp("at").not_null())
            .col(s.text("actor").not_null())
            .col(s.text("action").not_null())
            .col(s.text("subject").not_null())
            .col(s.text("details").not_null())
            .col(s.text("prev_hash").not_null())
            .col(s.text("hash").not_null()),
    )
    .await?;

    // The head of the chain: serialises appends and reveals a deleted tail.
    s.create_table(
        Table::create()
            .table("audit_head")
            .col(s.integer("id").primary_key().check(Expr::cust("id = 1")))
            .col(s.bigint("seq").not_null())
            .col(s.text("hash").not_null()),
    )
    .await?;
    s.sql(
        "INSERT INTO audit_head (id, seq, hash) \
         VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')",
    )
    .await?;

    s.per_database(
        r#"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"#,
        r#"CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();"#,
    )
    .await?;

    s.create_table(
        Table::create()
            .table("rate_limits")
            .col(s.text("bucket").primary_key())
            .col(s.timestamp("window_start").not_null())
            .col(s.integer("count").not_null()),
    )
    .await?;

    // Reports of accessibility barriers (BITV 2.0 § 7 feedback mechanism).
    s.create_table(
        Table::create()
            .table("feedback")
            .col(s.uuid("id").primary_key())
            .col(s.text("page").not_null())
            .col(s.text("message").not_null())
            .col(s.text("contact_email"))
            .col(s.text("lang").not_null())
            .col(s.timestamp("created_at").not_null()),
    )
    .await
});
