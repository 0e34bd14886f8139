use super::prelude::*;

migration!(|s| {
    // A service's texts beyond its German core, as one JSON document: the documents in
    // English and Leichte Sprache, its steps in all three languages and why it is not
    // online in English and Leichte Sprache (catalog::store reads and writes them).
    s.add_column("services", s.json("texts").not_null().default("{}")).await
});
