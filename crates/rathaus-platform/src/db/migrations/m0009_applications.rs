use super::prelude::*;

migration!(|s| {
    // Applications (Anträge): drafts while the person fills in the form, then submitted
    // with a case reference. Each keeps the form version it was made with.
    s.create_table(
        Table::create()
            .table("applications")
            .col(s.uuid("id").primary_key())
            // No cascade: submitted applications are records the city keeps; the account row
            // stays (pseudonymised) when its owner deletes it.
            .col(s.uuid("account_id").not_null().references("accounts"))
            .col(s.uuid("organisation_id").references_set_null("organisations"))
            .col(s.text("service_id").not_null())
            .col(s.text("form_id").not_null())
            .col(s.integer("form_version").not_null())
            .col(s.text("status").not_null())
            .col(s.json("answers").not_null())
            .col(s.text("reference").unique_key())
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("updated_at").not_null())
            .col(s.timestamp("submitted_at")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("applications_account")
            .table("applications")
            .col("account_id")
            .col("status"),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("applications_drafts")
            .table("applications")
            .col("status")
            .col("updated_at"),
    )
    .await?;

    // What happened to an application, for its status page.
    s.create_table(
        Table::create()
            .table("application_events")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("application_id").not_null().references_cascade("applications"))
            .col(s.timestamp("at").not_null())
            .col(s.text("kind").not_null())
            .col(s.text("actor").not_null()),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("application_events_application")
            .table("application_events")
            .col("application_id")
            .col("at"),
    )
    .await?;

    // The last case reference number handed out per year.
    s.create_table(
        Table::create()
            .table("reference_counters")
            .col(s.integer("year").primary_key())
            .col(s.bigint("last").not_null()),
    )
    .await
});
