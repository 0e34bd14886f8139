use super::prelude::*;

migration!(|s| {
    // Rush protection. Until `challenge_until` a location asks for a proof of work (or,
    // without JavaScript, a short wait) before a slot is held.
    s.add_column("appointment_calendars", &mut s.timestamp("challenge_until")).await?;

    // Keys an installation makes for itself on first start and shares between its nodes
    // (hex). `challenge` signs the challenge tokens.
    s.create_table(
        Table::create()
            .table("instance_keys")
            .col(s.text("name").primary_key())
            .col(s.text("secret").not_null())
            .col(s.timestamp("created_at").not_null()),
    )
    .await?;

    // Challenge tokens already used: each buys one attempt. Purged once expired.
    s.create_table(
        Table::create()
            .table("spent_challenges")
            .col(s.text("nonce").primary_key())
            .col(s.timestamp("expires_at").not_null()),
    )
    .await
});
