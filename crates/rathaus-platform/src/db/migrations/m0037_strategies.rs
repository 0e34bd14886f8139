use super::prelude::*;

migration!(|s| {
    // Agencies' digital strategies, one document per agency (goals and measures inside),
    // each change a revision; and the CDO office's assessments with the agency's answers.
    s.create_table(
        Table::create()
            .table("digital_strategies")
            .col(s.text("agency_id").primary_key().references_cascade("agencies"))
            .col(s.json("data").not_null())
            .col(s.integer("revision").not_null())
            .col(s.timestamp("modified_at").not_null()),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("digital_strategy_revisions")
            .col(
                s.text("agency_id")
                    .not_null()
                    .references_key("digital_strategies", "agency_id", Some("CASCADE")),
            )
            .col(s.integer("number").not_null())
            .col(s.timestamp("at").not_null())
            .col(s.uuid("actor_id").references_set_null("accounts"))
            .col(s.text("actor_name").not_null())
            .col(s.text("change").not_null())
            .col(s.text("subject").not_null())
            .col(s.json("snapshot").not_null())
            .primary_key(Index::create().col("agency_id").col("number")),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("strategy_reviews")
            .col(s.uuid("id").primary_key())
            .col(
                s.text("agency_id")
                    .not_null()
                    .references_key("digital_strategies", "agency_id", Some("CASCADE")),
            )
            .col(s.timestamp("created_at").not_null())
            .col(s.json("data").not_null()),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("strategy_reviews_agency")
            .table("strategy_reviews")
            .col("agency_id")
            .col("created_at"),
    )
    .await
});
