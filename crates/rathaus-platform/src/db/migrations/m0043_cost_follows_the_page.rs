use super::prelude::*;

migration!(|s| {
    // When a case was first decided, kept on the case and indexed with its agency: the
    // figures count how long decisions take over a window from the index, instead of
    // reading every case and event the agency ever had.
    s.add_column("applications", &mut s.timestamp("decided_at")).await?;
    s.sql(
        "UPDATE applications SET decided_at = (SELECT MIN(e.at) FROM application_events e \
         WHERE e.application_id = applications.id AND e.kind LIKE 'decided-%') WHERE submitted_at IS NOT NULL",
    )
    .await?;
    s.create_index(
        Index::create()
            .name("applications_decided")
            .table("applications")
            .col("agency_id")
            .col("decided_at"),
    )
    .await?;

    // A person's data export finds their rows through indexes: their payments, the audit
    // entries they made or that are about them, and the bookings and mails under their
    // address (compared in lower case, as the export asks).
    s.create_index(Index::create().name("payments_account").table("payments").col("account_id"))
        .await?;
    s.create_index(Index::create().name("audit_log_actor").table("audit_log").col("actor"))
        .await?;
    s.create_index(Index::create().name("audit_log_subject").table("audit_log").col("subject"))
        .await?;
    s.sql("CREATE INDEX appointments_email_lower ON appointments (LOWER(email))")
        .await?;
    s.sql("CREATE INDEX mails_to_lower ON mails (LOWER(to_address))").await
});
