use super::prelude::*;

migration!(|s| {
    // The waitlist: a confirmed booking whose person wants an earlier time carries
    // `earlier_wanted_at` (when they asked; first come, first served). When an earlier
    // place is free it is held for them as an offer — a held booking with `offer_for`
    // naming the booking it would move — and mailed with a link (`offer_token_hash`).
    // One offer ends the wish; taking it moves the booking into the offer's place.
    s.add_column("appointments", &mut s.timestamp("earlier_wanted_at")).await?;
    s.add_column("appointments", s.uuid("offer_for").references_cascade("appointments"))
        .await?;
    s.add_column("appointments", &mut s.text("offer_token_hash")).await?;
    s.create_index(
        Index::create()
            .name("appointments_waiting")
            .table("appointments")
            .col("earlier_wanted_at")
            .and_where(Expr::cust("earlier_wanted_at IS NOT NULL")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("appointments_offers")
            .table("appointments")
            .col("offer_for")
            .and_where(Expr::cust("offer_for IS NOT NULL")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("appointments_offer_token")
            .table("appointments")
            .unique()
            .col("offer_token_hash")
            .and_where(Expr::cust("offer_token_hash IS NOT NULL")),
    )
    .await
});
