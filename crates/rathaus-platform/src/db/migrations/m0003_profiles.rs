use super::prelude::*;

migration!(|s| {
    // Stammdaten: what forms may prefill (with consent). Each field is self-entered unless
    // listed in verified_fields (set only from an eID provider's signed assertion).
    s.create_table(
        Table::create()
            .table("profiles")
            .col(s.uuid("account_id").primary_key().references_cascade("accounts"))
            .col(s.text("given_name").not_null())
            .col(s.text("family_name").not_null())
            .col(s.date("birth_date"))
            .col(s.text("street").not_null())
            .col(s.text("postcode").not_null())
            .col(s.text("city").not_null())
            .col(s.text("phone").not_null())
            .col(s.text("preferred_lang").not_null())
            .col(s.text("verified_fields").not_null())
            .col(s.timestamp("updated_at").not_null()),
    )
    .await
});
