use super::prelude::*;

migration!(|s| {
    // Identities confirmed by an external eID provider (OpenID Connect), linked to one
    // account each. The provider's subject identifier is all we keep of the card.
    s.create_table(
        Table::create()
            .table("eid_identities")
            .col(s.text("issuer").not_null())
            .col(s.text("subject").not_null())
            .col(s.uuid("account_id").not_null().references_cascade("accounts"))
            .col(s.timestamp("linked_at").not_null())
            .col(s.timestamp("last_used_at"))
            .primary_key(Index::create().col("issuer").col("subject")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("eid_identities_account")
            .table("eid_identities")
            .unique()
            .col("account_id")
            .col("issuer"),
    )
    .await
});
