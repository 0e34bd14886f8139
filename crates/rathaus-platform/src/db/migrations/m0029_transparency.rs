use super::prelude::*;

migration!(|s| {
    // The transparency portal: publications (CKAN: datasets) of an agency with their
    // resources (files in the blob store, or links), every change kept as a revision, and the
    // findings of the personal-data check that must be cleared before release.
    s.create_table(
        Table::create()
            .table("publications")
            .col(s.uuid("id").primary_key())
            .col(s.text("name").not_null().unique_key())
            .col(s.text("agency_id").not_null().references("agencies"))
            .col(s.text("title").not_null())
            .col(s.text("title_en"))
            .col(s.text("description").not_null())
            .col(s.text("description_en"))
            .col(s.text("category").not_null())
            .col(s.json("themes").not_null())
            .col(s.json("keywords").not_null())
            .col(s.text("licence").not_null())
            .col(s.text("contact_name").not_null())
            .col(s.text("contact_email").not_null())
            .col(s.date("issued"))
            .col(s.date("temporal_start"))
            .col(s.date("temporal_end"))
            .col(s.text("spatial").not_null())
            .col(s.text("frequency").not_null())
            .col(s.text("legal_basis").not_null())
            .col(s.text("status").not_null())
            .col(s.timestamp("release_at"))
            .col(s.integer("revision").not_null())
            .col(s.uuid("created_by").references_set_null("accounts"))
            .col(s.uuid("submitted_by").references_set_null("accounts"))
            .col(s.uuid("released_by").references_set_null("accounts"))
            .col(s.uuid("source_application_id").references_set_null("applications"))
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("modified_at").not_null())
            .col(s.timestamp("published_at"))
            .col(s.timestamp("withdrawn_at"))
            .col(s.text("withdrawn_reason")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("publications_status")
            .table("publications")
            .col("status")
            .col("published_at"),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("publications_agency")
            .table("publications")
            .col("agency_id")
            .col("status"),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("publication_resources")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("publication_id").not_null().references("publications"))
            .col(s.integer("position").not_null())
            .col(s.text("name").not_null())
            .col(s.text("description").not_null())
            .col(s.text("format").not_null())
            // Exactly one of the two: a file in the blob store, or a link.
            .col(s.uuid("file_id").references("files"))
            .col(s.text("url"))
            // The text read from the file, pages apart by a form feed; NULL when unreadable.
            .col(s.text("extracted_text"))
            .col(s.text("unreadable"))
            .col(s.text("override_reason"))
            .col(s.uuid("override_by").references_set_null("accounts"))
            // The file before redaction; kept for the reviewer only, never served to the public.
            .col(s.uuid("original_file_id").references("files"))
            .col(s.uuid("added_by").references_set_null("accounts"))
            .col(s.timestamp("added_at").not_null())
            .col(s.timestamp("released_at"))
            .col(s.timestamp("removed_at")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("publication_resources_publication")
            .table("publication_resources")
            .col("publication_id")
            .col("position"),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("publication_findings")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("publication_id").not_null().references("publications"))
            .col(s.uuid("resource_id").not_null().references("publication_resources"))
            .col(s.text("kind").not_null())
            .col(s.text("found_text").not_null())
            .col(s.integer("page").not_null())
            .col(s.integer("line").not_null())
            .col(s.text("context").not_null())
            // open, redacted or not_personal
            .col(s.text("state").not_null())
            .col(s.text("reason"))
            .col(s.uuid("decided_by").references_set_null("accounts"))
            .col(s.timestamp("decided_at")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("publication_findings_publication")
            .table("publication_findings")
            .col("publication_id")
            .col("state"),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("publication_revisions")
            .col(s.uuid("publication_id").not_null().references("publications"))
            .col(s.integer("number").not_null())
            .col(s.timestamp("at").not_null())
            .col(s.uuid("actor_id").references_set_null("accounts"))
            .col(s.text("actor_name").not_null())
            .col(s.text("change").not_null())
            .col(s.json("snapshot").not_null())
            .primary_key(Index::create().col("publication_id").col("number")),
    )
    .await
});
