use super::prelude::*;

migration!(|s| {
    // Message templates of an agency's case workers: texts they save once and insert into a
    // message or an information request, with the case's reference, the applicant's name
    // and the service filled in.
    s.create_table(
        Table::create()
            .table("message_templates")
            .col(s.uuid("id").primary_key())
            .col(s.text("agency_id").not_null())
            .col(s.text("title").not_null())
            .col(s.text("body").not_null())
            .col(s.uuid("updated_by").not_null().references("accounts"))
            .col(s.timestamp("updated_at").not_null()),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("message_templates_agency")
            .table("message_templates")
            .col("agency_id")
            .col("title"),
    )
    .await
});
