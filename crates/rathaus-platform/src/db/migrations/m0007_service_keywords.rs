use super::prelude::*;

migration!(|s| {
    // Words residents use for a service besides its official name (XZuFi "Schlagwörter"),
    // for the search: "Umzug" for Wohnsitz ummelden, "Perso" for the Personalausweis.
    s.add_column("services", s.json("keywords_de").not_null().default("[]")).await
});
