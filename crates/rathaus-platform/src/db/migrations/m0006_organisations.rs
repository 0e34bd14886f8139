use super::prelude::*;

migration!(|s| {
    // Organisation accounts (Unternehmenskonto): a business or association whose members
    // act on its behalf. Owners invite and remove members.
    s.create_table(
        Table::create()
            .table("organisations")
            .col(s.uuid("id").primary_key())
            .col(s.text("name").not_null())
            .col(s.text("register_number").not_null())
            .col(s.text("street").not_null())
            .col(s.text("postcode").not_null())
            .col(s.text("city").not_null())
            .col(s.timestamp("created_at").not_null()),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("organisation_members")
            .col(s.uuid("organisation_id").not_null().references_cascade("organisations"))
            .col(s.uuid("account_id").not_null().references_cascade("accounts"))
            .col(s.text("role").not_null())
            .col(s.timestamp("joined_at").not_null())
            .primary_key(Index::create().col("organisation_id").col("account_id")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("organisation_members_account")
            .table("organisation_members")
            .col("account_id"),
    )
    .await?;

    // Invitations travel by mail; only the token's hash is stored.
    s.create_table(
        Table::create()
            .table("organisation_invitations")
            .col(s.text("token_hash").primary_key())
            .col(s.uuid("organisation_id").not_null().references_cascade("organisations"))
            .col(s.text("email_normalized").not_null())
            .col(s.text("role").not_null())
            .col(s.uuid("invited_by").not_null().references_cascade("accounts"))
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("expires_at").not_null())
            .col(s.timestamp("accepted_at")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("organisation_invitations_org")
            .table("organisation_invitations")
            .col("organisation_id"),
    )
    .await
});
