use super::prelude::*;

migration!(|s| {
    // How often a published record was read and its files downloaded, per day (local date).
    // Nothing about the reader is kept: no address, no cookie, no agent.
    s.create_table(
        Table::create()
            .table("publication_figures")
            .col(s.uuid("publication_id").not_null().references("publications"))
            .col(s.date("day").not_null())
            .col(s.bigint("views").not_null())
            .col(s.bigint("downloads").not_null())
            .primary_key(Index::create().col("publication_id").col("day")),
    )
    .await?;

    // Problems the public reports about a record ("the table has an error"): a task for
    // the record's publishers. The contact address, if given, is erased when it is done.
    s.create_table(
        Table::create()
            .table("publication_reports")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("publication_id").not_null().references("publications"))
            .col(s.text("message").not_null())
            .col(s.text("contact_email"))
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("done_at"))
            .col(s.uuid("done_by").references_set_null("accounts")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("publication_reports_open")
            .table("publication_reports")
            .col("publication_id")
            .col("done_at"),
    )
    .await
});
