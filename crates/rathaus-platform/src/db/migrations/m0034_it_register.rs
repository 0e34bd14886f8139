use super::prelude::*;

migration!(|s| {
    // The CDO office's register of IT procedures: every change a revision, and the
    // end-of-support table's products as operators import them over the shipped ones.
    s.add_column("it_procedures", s.integer("revision").not_null().default(0)).await?;
    s.add_column("it_procedures", &mut s.timestamp("modified_at")).await?;
    s.create_index(
        Index::create()
            .name("it_procedures_owner")
            .table("it_procedures")
            .col("owner_agency_id"),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("it_procedure_revisions")
            .col(s.text("procedure_id").not_null().references_cascade("it_procedures"))
            .col(s.integer("number").not_null())
            .col(s.timestamp("at").not_null())
            .col(s.uuid("actor_id").references_set_null("accounts"))
            .col(s.text("actor_name").not_null())
            .col(s.text("change").not_null())
            .col(s.json("snapshot").not_null())
            .primary_key(Index::create().col("procedure_id").col("number")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("it_procedure_revisions_at")
            .table("it_procedure_revisions")
            .col("at"),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("eol_products")
            .col(s.text("product").primary_key())
            .col(s.text("label").not_null())
            .col(s.json("aliases").not_null())
            .col(s.json("cycles").not_null())
            .col(s.timestamp("imported_at").not_null())
            .col(s.text("imported_by").not_null()),
    )
    .await
});
