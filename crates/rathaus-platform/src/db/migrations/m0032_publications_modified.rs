use super::prelude::*;

migration!(|s| {
    // Each node asks every second for the records changed since its index's watermark:
    // without this index that question reads the whole table.
    s.create_index(
        Index::create()
            .name("publications_modified")
            .table("publications")
            .col("modified_at"),
    )
    .await
});
