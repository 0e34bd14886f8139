use super::prelude::*;

migration!(|s| {
    // Refunds (Erstattungen) of a payment, full or in part. Above a configured amount a
    // second staff member must approve before the money goes back (four eyes): such a
    // refund waits as `requested` until another person with the payments role approves
    // or refuses it. `provider_ref` is the provider's refund once executed.
    s.create_table(
        Table::create()
            .table("refunds")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("payment_id").not_null().references("payments"))
            .col(s.bigint("amount_cents").not_null().check(Expr::cust("amount_cents > 0")))
            .col(s.text("reason").not_null())
            .col(s.text("status").not_null())
            .col(s.uuid("requested_by").not_null().references("accounts"))
            .col(s.timestamp("requested_at").not_null())
            .col(s.uuid("decided_by").references("accounts"))
            .col(s.timestamp("decided_at"))
            .col(s.text("provider_ref")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("refunds_payment")
            .table("refunds")
            .col("payment_id")
            .col("status"),
    )
    .await?;

    // The Testkasse's refunds, by the id Rathaus gave them (a repeated request is the same
    // refund, never a second one).
    s.create_table(
        Table::create()
            .table("testkasse_refunds")
            .col(s.text("refund_id").primary_key())
            .col(
                s.text("reference")
                    .not_null()
                    .references_key("testkasse_payments", "reference", None),
            )
            .col(s.bigint("amount_cents").not_null())
            .col(s.timestamp("created_at").not_null()),
    )
    .await
});
