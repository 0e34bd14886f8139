use super::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let s = Schema::of(m);
        // The fee of an application as computed on the server at submission, from the stored
        // answers and the delivery (JSON: lines with labels and cents, total_cents, due).
        s.add_column("applications", &mut s.text("fee")).await
    }
}
