use super::prelude::*;

migration!(|s| {
    // Replacement measures for ageing IT procedures, each change a revision; and the
    // reminders to owners before an end of support without a measure, each sent once.

    // Rows from before the register (revision 0) were only ever written by the catalogue
    // import, in a looser shape the register cannot read: importing the catalogue again
    // writes them whole (the demo does at every start).
    s.sql("DELETE FROM it_procedures WHERE revision = 0;").await?;
    s.create_table(
        Table::create()
            .table("it_measures")
            .col(s.uuid("id").primary_key())
            .col(s.text("procedure_id").not_null().references_cascade("it_procedures"))
            .col(s.date("target_date").not_null())
            .col(s.json("data").not_null())
            .col(s.integer("revision").not_null())
            .col(s.timestamp("modified_at").not_null()),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("it_measures_procedure")
            .table("it_measures")
            .col("procedure_id")
            .col("target_date"),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("it_measure_revisions")
            .col(s.uuid("measure_id").not_null().references_cascade("it_measures"))
            .col(s.integer("number").not_null())
            .col(s.timestamp("at").not_null())
            .col(s.uuid("actor_id").references_set_null("accounts"))
            .col(s.text("actor_name").not_null())
            .col(s.text("change").not_null())
            .col(s.json("snapshot").not_null())
            .primary_key(Index::create().col("measure_id").col("number")),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("it_reminders")
            .col(s.text("procedure_id").not_null().references_cascade("it_procedures"))
            .col(s.text("component").not_null())
            .col(s.date("end_date").not_null())
            .col(s.integer("months").not_null())
            .col(s.timestamp("sent_at").not_null())
            .primary_key(Index::create().col("procedure_id").col("component").col("end_date").col("months")),
    )
    .await
});
