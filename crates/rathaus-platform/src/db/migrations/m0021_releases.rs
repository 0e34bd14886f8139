use super::prelude::*;

migration!(|s| {
    // Fair release. A location releases the slots of `first_day`..`last_day` at `opens_at`;
    // before that they are not offered. With `lottery`, requests are collected from
    // `opens_at` until `closes_at`, then drawn (`drawn_at`, with the `seed` kept for the
    // record); the places left are offered to everyone once `published_at` is set.
    s.create_table(
        Table::create()
            .table("appointment_releases")
            .col(s.uuid("id").primary_key())
            .col(s.text("location_id").not_null())
            .col(s.date("first_day").not_null())
            .col(s.date("last_day").not_null())
            .col(s.timestamp("opens_at").not_null())
            .col(s.boolean("lottery").not_null())
            .col(s.timestamp("closes_at"))
            .col(s.timestamp("drawn_at"))
            .col(s.text("seed"))
            .col(s.timestamp("published_at"))
            .col(s.timestamp("created_at").not_null())
            .col(s.uuid("created_by").references("accounts")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("appointment_releases_location")
            .table("appointment_releases")
            .col("location_id")
            .col("opens_at"),
    )
    .await?;

    // A request in a lottery: one per mail address and release, counted once the address
    // confirmed it. `rank` is its place in the drawn order; `outcome` pending, won or lost.
    s.create_table(
        Table::create()
            .table("appointment_lottery_entries")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("release_id").not_null().references("appointment_releases"))
            .col(s.text("email").not_null())
            .col(s.text("email_normalized").not_null())
            .col(s.text("name").not_null())
            .col(s.text("lang").not_null())
            .col(s.text("services").not_null())
            .col(s.integer("people").not_null())
            .col(s.text("confirm_token_hash").not_null().unique_key())
            .col(s.timestamp("confirmed_at"))
            .col(s.timestamp("created_at").not_null())
            .col(s.integer("rank"))
            .col(s.text("outcome").not_null())
            .col(s.uuid("appointment_id").references_set_null("appointments"))
            .index(Index::create().unique().col("release_id").col("email_normalized")),
    )
    .await
});
