use super::prelude::*;

migration!(|s| {
    // Appointments (Termine). A location's calendar starts from the catalogue (opening
    // hours, counters, services and their lengths); `appointment_calendars` holds what its
    // staff changed. `opening_hours` is JSON in the catalogue's shape (NULL: the
    // catalogue's); `booking_counters` is how many counters take booked visits (the others
    // serve walk-ins).
    s.create_table(
        Table::create()
            .table("appointment_calendars")
            .col(s.text("location_id").primary_key())
            .col(s.text("opening_hours"))
            .col(s.integer("booking_counters").not_null())
            .col(s.timestamp("updated_at").not_null())
            .col(s.uuid("updated_by").references("accounts")),
    )
    .await?;

    // Days or hours a location is closed besides public holidays. `from_time`/`to_time`
    // ("HH:MM", local) are NULL for the whole day.
    s.create_table(
        Table::create()
            .table("appointment_closures")
            .col(s.uuid("id").primary_key())
            .col(s.text("location_id").not_null())
            .col(s.date("day").not_null())
            .col(s.text("from_time"))
            .col(s.text("to_time"))
            .col(s.text("reason").not_null())
            .col(s.timestamp("created_at").not_null())
            .col(s.uuid("created_by").references("accounts")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("appointment_closures_day")
            .table("appointment_closures")
            .col("location_id")
            .col("day"),
    )
    .await?;

    // A location's own length for a service (else the catalogue's `appointment_minutes`).
    s.create_table(
        Table::create()
            .table("appointment_durations")
            .col(s.text("location_id").not_null())
            .col(s.text("service_id").not_null())
            .col(s.integer("minutes").not_null())
            .primary_key(Index::create().col("location_id").col("service_id")),
    )
    .await?;

    // Per service: how many future bookings one person (account or mail address) may hold.
    s.create_table(
        Table::create()
            .table("appointment_rules")
            .col(s.text("service_id").primary_key())
            .col(s.integer("max_active_per_person").not_null())
            .col(s.timestamp("updated_at").not_null())
            .col(s.uuid("updated_by").references("accounts")),
    )
    .await?;

    // A booking. `held` while the person confirms (until `hold_expires_at`), then
    // `confirmed`; `cancelled` or `expired` end it. Only the SHA-256 of the mailed tokens
    // is kept: `confirm_token_hash` confirms a booking made with a mail address,
    // `manage_token_hash` opens it for moving and cancelling.
    s.create_table(
        Table::create()
            .table("appointments")
            .col(s.uuid("id").primary_key())
            .col(s.text("code").not_null().unique_key())
            .col(s.text("location_id").not_null())
            .col(s.integer("people").not_null())
            .col(s.timestamp("starts_at").not_null())
            .col(s.timestamp("ends_at").not_null())
            .col(s.integer("counter").not_null())
            .col(s.text("status").not_null())
            .col(s.uuid("account_id").references("accounts"))
            .col(s.text("email"))
            .col(s.text("name"))
            .col(s.text("lang").not_null())
            .col(s.timestamp("hold_expires_at"))
            .col(s.text("confirm_token_hash").unique_key())
            .col(s.text("manage_token_hash").not_null().unique_key())
            .col(s.integer("sequence").not_null().default(0))
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("confirmed_at"))
            .col(s.timestamp("cancelled_at")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("appointments_location_day")
            .table("appointments")
            .col("location_id")
            .col("starts_at"),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("appointments_account")
            .table("appointments")
            .col("account_id")
            .col("starts_at"),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("appointments_email")
            .table("appointments")
            .col("email")
            .col("starts_at"),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("appointment_services")
            .col(s.uuid("appointment_id").not_null().references_cascade("appointments"))
            .col(s.text("service_id").not_null())
            .primary_key(Index::create().col("appointment_id").col("service_id")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("appointment_services_service")
            .table("appointment_services")
            .col("service_id"),
    )
    .await?;

    // The arbiter against double booking: one row per counter and 5-minute unit a booking
    // (or a hold, until `hold_expires_at`) occupies. Whoever inserts a unit first has it.
    s.create_table(
        Table::create()
            .table("appointment_units")
            .col(s.text("location_id").not_null())
            .col(s.integer("counter").not_null())
            .col(s.timestamp("starts_at").not_null())
            .col(s.uuid("appointment_id").not_null().references_cascade("appointments"))
            .col(s.timestamp("hold_expires_at"))
            .primary_key(Index::create().col("location_id").col("counter").col("starts_at")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("appointment_units_appointment")
            .table("appointment_units")
            .col("appointment_id"),
    )
    .await?;

    // One row per person booking (account or mail address); locking it serialises that
    // person's bookings, so a cap holds when they book in parallel.
    s.create_table(
        Table::create()
            .table("appointment_owner_locks")
            .col(s.text("owner_key").primary_key()),
    )
    .await?;

    // Files sent with a mail (an appointment's .ics): JSON list of {name, content_type, body}.
    s.add_column("mails", &mut s.text("attachments")).await
});
