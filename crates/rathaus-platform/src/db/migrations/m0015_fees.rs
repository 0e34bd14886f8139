use super::prelude::*;

migration!(|s| {
    // The fee of an application as computed on the server at submission, from the stored
    // answers and the delivery (JSON: lines with labels and cents, total_cents, due).
    s.add_column("applications", &mut s.text("fee")).await
});
