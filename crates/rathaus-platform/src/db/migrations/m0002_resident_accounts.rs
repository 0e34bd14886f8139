use super::prelude::*;

migration!(|s| {
    // Servicekonto for residents: verified addresses, one-time tokens, sign-in throttling,
    // and what "my sessions" shows.

    s.add_column("accounts", &mut s.timestamp("email_verified_at")).await?;
    s.add_column("accounts", &mut s.timestamp("password_changed_at")).await?;

    // Links sent by mail (address verification, password reset). Only hashes are stored.
    s.create_table(
        Table::create()
            .table("account_tokens")
            .col(s.text("token_hash").primary_key())
            .col(s.uuid("account_id").not_null().references_cascade("accounts"))
            .col(s.text("purpose").not_null())
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("expires_at").not_null())
            .col(s.timestamp("used_at")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("account_tokens_account")
            .table("account_tokens")
            .col("account_id")
            .col("purpose"),
    )
    .await?;

    // Failed sign-ins per normalised address (whether or not an account exists).
    s.create_table(
        Table::create()
            .table("login_throttle")
            .col(s.text("email_normalized").primary_key())
            .col(s.integer("failures").not_null())
            .col(s.timestamp("window_start").not_null())
            .col(s.timestamp("blocked_until")),
    )
    .await?;

    // Browsers that signed in before, for the "new sign-in" notice.
    s.create_table(
        Table::create()
            .table("known_devices")
            .col(s.uuid("account_id").not_null().references_cascade("accounts"))
            .col(s.text("device_hash").not_null())
            .col(s.timestamp("first_seen").not_null())
            .primary_key(Index::create().col("account_id").col("device_hash")),
    )
    .await?;

    s.add_column("sessions", &mut s.text("user_agent")).await?;
    s.add_column("sessions", &mut s.timestamp("signed_in_at")).await
});
