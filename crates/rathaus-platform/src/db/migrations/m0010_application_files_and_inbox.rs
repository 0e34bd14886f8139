use super::prelude::*;

migration!(|s| {
    // Files uploaded into an application (a document for a file field). A file can be
    // downloaded only through an application its owner can see.
    s.create_table(
        Table::create()
            .table("application_files")
            .col(s.uuid("application_id").not_null().references_cascade("applications"))
            .col(s.uuid("file_id").not_null().references("files"))
            .col(s.text("field").not_null())
            .col(s.timestamp("created_at").not_null())
            .primary_key(Index::create().col("application_id").col("file_id")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("application_files_file")
            .table("application_files")
            .col("file_id"),
    )
    .await?;

    // The resident's inbox (Postfach): messages from the authority, e.g. the receipt of an
    // application with its PDF. Subject and text are written in the person's language.
    s.create_table(
        Table::create()
            .table("inbox_messages")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("account_id").not_null().references("accounts"))
            .col(s.uuid("application_id").references_cascade("applications"))
            .col(s.text("kind").not_null())
            .col(s.text("subject").not_null())
            .col(s.text("body").not_null())
            .col(s.uuid("file_id").references("files"))
            .col(s.timestamp("created_at").not_null())
            .col(s.timestamp("read_at")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("inbox_messages_account")
            .table("inbox_messages")
            .col("account_id")
            .col("created_at"),
    )
    .await
});
