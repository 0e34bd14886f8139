use super::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let s = Schema::of(m);
        // Words residents use for a service besides its official name (XZuFi "Schlagwörter"),
        // for the search: "Umzug" for Wohnsitz ummelden, "Perso" for the Personalausweis.
        s.add_column("services", s.json("keywords_de").not_null().default("[]")).await
    }
}
