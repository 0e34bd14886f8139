use super::prelude::*;

migration!(|s| {
    // A summary in Leichte Sprache (easy-to-read German), shown when a person chooses it.
    s.add_column("services", &mut s.text("summary_leichte")).await
});
