use super::prelude::*;

migration!(|s| {
    // At the counter. A ticket is a visit in the waiting room on one Hamburg day: a booked
    // visitor who checked in (`appointment_id`), or a walk-in who took a number. `number`
    // is what the call display shows ("T 012" booked, "W 034" walk-in); `due_at` is when a
    // booked visitor is due (a late one is due at check-in). Status: waiting → called →
    // done, or no_show.
    s.create_table(
        Table::create()
            .table("counter_tickets")
            .col(s.uuid("id").primary_key())
            .col(s.text("location_id").not_null())
            .col(s.date("day").not_null())
            .col(s.text("number").not_null())
            .col(s.text("kind").not_null())
            .col(s.uuid("appointment_id").unique_key().references_set_null("appointments"))
            .col(s.text("service_id"))
            .col(s.timestamp("issued_at").not_null())
            .col(s.timestamp("due_at").not_null())
            .col(s.text("status").not_null())
            .col(s.integer("counter"))
            .col(s.timestamp("called_at"))
            .col(s.uuid("called_by").references("accounts"))
            .col(s.timestamp("finished_at"))
            .index(Index::create().unique().col("location_id").col("day").col("number")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("counter_tickets_queue")
            .table("counter_tickets")
            .col("location_id")
            .col("day")
            .col("status")
            .col("due_at"),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("counter_tickets_calls")
            .table("counter_tickets")
            .col("location_id")
            .col("called_at"),
    )
    .await?;

    // The last number given per location, day and kind.
    s.create_table(
        Table::create()
            .table("counter_numbers")
            .col(s.text("location_id").not_null())
            .col(s.date("day").not_null())
            .col(s.text("kind").not_null())
            .col(s.integer("last").not_null())
            .primary_key(Index::create().col("location_id").col("day").col("kind")),
    )
    .await?;

    // Kiosks in a waiting room: a device opens `/kiosk/{token}`; only the SHA-256 of the
    // token is kept, and revoking it ends the device's access.
    s.create_table(
        Table::create()
            .table("kiosk_devices")
            .col(s.uuid("id").primary_key())
            .col(s.text("location_id").not_null())
            .col(s.text("name").not_null())
            .col(s.text("token_hash").not_null().unique_key())
            .col(s.timestamp("created_at").not_null())
            .col(s.uuid("created_by").references("accounts"))
            .col(s.timestamp("revoked_at")),
    )
    .await?;

    // How far away the next free appointment was, sampled hourly per location (for the
    // lead-time figure).
    s.create_table(
        Table::create()
            .table("appointment_lead_samples")
            .col(s.text("location_id").not_null())
            .col(s.timestamp("sampled_at").not_null())
            .col(s.integer("lead_minutes"))
            .primary_key(Index::create().col("location_id").col("sampled_at")),
    )
    .await
});
