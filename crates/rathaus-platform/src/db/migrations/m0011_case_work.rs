use super::prelude::*;

migration!(|s| {
    // Case work (Sachbearbeitung): a submitted application becomes a case of the agency
    // responsible for its service, with a due date from the service's processing time,
    // an assignee, and — once decided — an outcome. `lang` is the language the person
    // applied in; notices about the case are written in it.
    s.add_column("applications", &mut s.text("agency_id")).await?;
    s.add_column("applications", s.uuid("assignee_id").references("accounts")).await?;
    s.add_column("applications", &mut s.date("due_on")).await?;
    s.add_column("applications", &mut s.timestamp("waiting_since")).await?;
    s.add_column("applications", &mut s.text("outcome")).await?;
    s.add_column("applications", &mut s.text("lang")).await?;
    s.create_index(
        Index::create()
            .name("applications_queue")
            .table("applications")
            .col("agency_id")
            .col("status")
            .col("due_on"),
    )
    .await?;

    // Internal notes of the case workers; never shown to the resident.
    s.create_table(
        Table::create()
            .table("case_notes")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("application_id").not_null().references_cascade("applications"))
            .col(s.uuid("author_id").not_null().references("accounts"))
            .col(s.text("body").not_null())
            .col(s.timestamp("created_at").not_null()),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("case_notes_application")
            .table("case_notes")
            .col("application_id")
            .col("created_at"),
    )
    .await
});
