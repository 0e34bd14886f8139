use super::prelude::*;

migration!(|s| {
    // Second factors (TOTP, recovery codes, passkeys), the sign-in history a person can
    // read, and the mark left on an account that its owner deleted.

    s.create_table(
        Table::create()
            .table("totp_credentials")
            .col(s.uuid("account_id").primary_key().references_cascade("accounts"))
            // The shared secret, sealed with the master key (account id as associated data).
            .col(s.bytes("secret_sealed").not_null())
            .col(s.timestamp("created_at").not_null())
            // NULL while the person has not yet typed a first code from their app.
            .col(s.timestamp("confirmed_at"))
            // The last accepted 30-second step: a code is accepted once only.
            .col(s.bigint("last_step").not_null()),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("recovery_codes")
            .col(s.uuid("account_id").not_null().references_cascade("accounts"))
            .col(s.text("code_hash").not_null())
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("used_at"))
            .primary_key(Index::create().col("account_id").col("code_hash")),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("passkeys")
            .col(s.text("credential_id").primary_key())
            .col(s.uuid("account_id").not_null().references_cascade("accounts"))
            .col(s.text("name").not_null())
            // The public key and counter as webauthn-rs serialises them.
            .col(s.json("passkey").not_null())
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("last_used_at")),
    )
    .await?;
    s.create_index(Index::create().name("passkeys_account").table("passkeys").col("account_id"))
        .await?;

    s.create_table(
        Table::create()
            .table("login_history")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("account_id").not_null().references_cascade("accounts"))
            .col(s.timestamp("at").not_null())
            .col(s.text("method").not_null())
            .col(s.text("outcome").not_null())
            .col(s.text("assurance_level"))
            .col(s.text("user_agent")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("login_history_account")
            .table("login_history")
            .col("account_id")
            .col("at"),
    )
    .await?;

    s.add_column("accounts", &mut s.timestamp("deleted_at")).await
});
