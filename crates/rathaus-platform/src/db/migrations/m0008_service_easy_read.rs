use super::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let s = Schema::of(m);
        // A summary in Leichte Sprache (easy-to-read German), shown when a person chooses it.
        s.add_column("services", &mut s.text("summary_leichte")).await
    }
}
