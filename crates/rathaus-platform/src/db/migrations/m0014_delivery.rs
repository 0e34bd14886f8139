use super::prelude::*;

migration!(|s| {
    // Delivery (Versand): how the resident receives the result — `download` (in the
    // Postfach only), `post` (the paper original to `delivery_address`, a JSON object with
    // name, street, postcode, city) or `pickup` (at `pickup_location_id`). The decision
    // itself is in the Postfach in every case.
    s.add_column("applications", &mut s.text("delivery")).await?;
    s.add_column("applications", &mut s.text("delivery_address")).await?;
    s.add_column("applications", &mut s.text("pickup_location_id")).await?;

    // The mailroom's items: one per decision to be sent by post, with the address as it
    // was when the decision was issued. `sent_at` and the tracking number once it left.
    s.create_table(
        Table::create()
            .table("dispatches")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("application_id").not_null().references("applications"))
            .col(s.uuid("decision_id").not_null().unique_key().references("decisions"))
            .col(s.text("agency_id").not_null())
            .col(s.text("recipient_name").not_null())
            .col(s.text("street").not_null())
            .col(s.text("postcode").not_null())
            .col(s.text("city").not_null())
            .col(s.timestamp("queued_at").not_null())
            .col(s.timestamp("sent_at"))
            .col(s.uuid("sent_by").references("accounts"))
            .col(s.text("tracking_number")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("dispatches_open")
            .table("dispatches")
            .col("agency_id")
            .col("sent_at")
            .col("queued_at"),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("dispatches_application")
            .table("dispatches")
            .col("application_id"),
    )
    .await
});
