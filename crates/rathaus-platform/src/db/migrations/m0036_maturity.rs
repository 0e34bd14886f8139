use super::prelude::*;

migration!(|s| {
    // The monthly snapshot of every service's maturity and usage, the history behind the
    // trend on /digitalisierung. One row per month (its first day, local time) and service.
    // `level` and `criteria` are NULL for a month filled in later from the records: the
    // usage of a past month can be counted again, the level it had cannot.
    s.create_table(
        Table::create()
            .table("maturity_snapshots")
            .col(s.date("month").not_null())
            .col(s.text("service_id").not_null())
            .col(s.text("agency_id").not_null())
            .col(s.integer("level"))
            .col(s.json("criteria"))
            .col(s.bigint("online_applications").not_null())
            .col(s.bigint("counter_visits").not_null())
            .col(s.bigint("payments_online").not_null())
            .col(s.json("lead_days").not_null())
            .col(s.timestamp("taken_at").not_null())
            .primary_key(Index::create().col("month").col("service_id")),
    )
    .await?;

    // A month's usage is counted by time, across all agencies and locations.
    s.create_index(
        Index::create()
            .name("applications_submitted")
            .table("applications")
            .col("submitted_at"),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("application_events_kind")
            .table("application_events")
            .col("kind")
            .col("at"),
    )
    .await?;
    s.create_index(Index::create().name("appointments_starts").table("appointments").col("starts_at"))
        .await?;
    s.create_index(
        Index::create()
            .name("counter_tickets_issued")
            .table("counter_tickets")
            .col("issued_at"),
    )
    .await?;
    s.create_index(Index::create().name("payments_paid").table("payments").col("paid_at"))
        .await?;

    // The cockpit counts every agency's open and overdue cases from this index alone.
    s.create_index(
        Index::create()
            .name("applications_open")
            .table("applications")
            .col("status")
            .col("agency_id")
            .col("due_on"),
    )
    .await
});
