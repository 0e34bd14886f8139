use super::prelude::*;

migration!(|s| {
    // The city's seal on a decision's document: who sealed it (the seal certificate's
    // subject), with which certificate (its serial number, hex) and when (the time stamp).
    // Decisions issued before seals existed have none.
    s.add_column("decisions", &mut s.text("sealed_by")).await?;
    s.add_column("decisions", &mut s.text("seal_certificate")).await?;
    s.add_column("decisions", &mut s.timestamp("sealed_at")).await
});
