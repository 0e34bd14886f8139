use super::prelude::*;

migration!(|s| {
    // Keys with which a program acts for a staff member (the CKAN API's write actions).
    // Only the SHA-256 of a key is kept; the key itself is shown once, when it is made.
    s.create_table(
        Table::create()
            .table("api_keys")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("account_id").not_null().references_cascade("accounts"))
            .col(s.text("name").not_null())
            .col(s.text("key_hash").not_null().unique_key())
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("expires_at").not_null())
            .col(s.timestamp("last_used_at"))
            .col(s.timestamp("revoked_at")),
    )
    .await?;
    s.create_index(Index::create().name("api_keys_account").table("api_keys").col("account_id"))
        .await
});
