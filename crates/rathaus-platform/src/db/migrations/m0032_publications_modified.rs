use super::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let s = Schema::of(m);
        // Each node asks every second for the records changed since its index's watermark:
        // without this index that question reads the whole table.
        s.create_index(
            Index::create()
                .name("publications_modified")
                .table("publications")
                .col("modified_at"),
        )
        .await
    }
}
