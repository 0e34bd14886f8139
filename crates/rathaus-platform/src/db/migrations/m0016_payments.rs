use super::prelude::*;

migration!(|s| {
    // Payments (Zahlungen). One row per payment Rathaus asked a provider for. Only the
    // provider's signed webhook or its answer to a status query moves `status` from `open`
    // to `paid`, `failed` or `cancelled`, and only once. `idempotency_key` makes a repeated
    // request (a double click, a retry) the same payment; `request_hash` tells a repeated
    // request from a different one with the same key. `cash_reference` is the
    // Kassenzeichen the city's accounting books it under.
    s.create_table(
        Table::create()
            .table("payments")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("account_id").not_null().references("accounts"))
            .col(s.uuid("application_id").not_null().references_cascade("applications"))
            .col(s.text("purpose").not_null())
            .col(s.bigint("amount_cents").not_null().check(Expr::cust("amount_cents > 0")))
            .col(s.text("fee").not_null())
            .col(s.text("cash_reference").not_null().unique_key())
            .col(s.text("status").not_null())
            .col(s.text("provider").not_null())
            .col(s.text("provider_ref"))
            .col(s.text("redirect_url"))
            .col(s.text("method"))
            .col(s.text("idempotency_key").not_null().unique_key())
            .col(s.text("request_hash").not_null())
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("updated_at").not_null())
            .col(s.timestamp("paid_at")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("payments_provider_ref")
            .table("payments")
            .unique()
            .col("provider")
            .col("provider_ref"),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("payments_application")
            .table("payments")
            .col("application_id")
            .col("status"),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("payments_open")
            .table("payments")
            .col("status")
            .col("created_at"),
    )
    .await?;

    // Webhook events already applied, so a repeated delivery changes nothing.
    s.create_table(
        Table::create()
            .table("payment_events")
            .col(s.text("provider").not_null())
            .col(s.text("event_id").not_null())
            .col(s.uuid("payment_id").not_null().references_cascade("payments"))
            .col(s.text("kind").not_null())
            .col(s.timestamp("received_at").not_null())
            .primary_key(Index::create().col("provider").col("event_id")),
    )
    .await?;

    // The last cash reference (Kassenzeichen) number handed out per year.
    s.create_table(
        Table::create()
            .table("cash_reference_counters")
            .col(s.integer("year").primary_key())
            .col(s.bigint("last").not_null()),
    )
    .await?;

    // The test payment provider's own state ("Testkasse"): what a real provider keeps on its
    // side. Rathaus never reads it except through the provider's interface.
    s.create_table(
        Table::create()
            .table("testkasse_payments")
            .col(s.text("reference").primary_key())
            .col(s.text("merchant_ref").not_null().unique_key())
            .col(s.bigint("amount_cents").not_null())
            .col(s.text("description").not_null())
            .col(s.text("return_url").not_null())
            .col(s.text("status").not_null())
            .col(s.text("method"))
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("decided_at")),
    )
    .await
});
