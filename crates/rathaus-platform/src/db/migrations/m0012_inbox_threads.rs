use super::prelude::*;

migration!(|s| {
    // The inbox becomes a thread per case, both ways: who wrote a message (the authority or
    // the resident), which staff member, and when staff read the resident's message.
    // Attachments of a message are files of its application (application_files, field
    // `_message:<message id>`), so they are read only through the application.
    s.add_column("inbox_messages", s.text("sender").not_null().default("authority"))
        .await?;
    s.add_column("inbox_messages", s.uuid("author_id").references("accounts")).await?;
    s.add_column("inbox_messages", &mut s.timestamp("staff_read_at")).await?;
    s.create_index(
        Index::create()
            .name("inbox_messages_application")
            .table("inbox_messages")
            .col("application_id")
            .col("created_at"),
    )
    .await
});
