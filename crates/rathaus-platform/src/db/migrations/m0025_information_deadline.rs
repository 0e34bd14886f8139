use super::prelude::*;

migration!(|s| {
    // An information request has a deadline (`respond_by`, a calendar day in Hamburg), set
    // by the clerk — by default the service's `response_days` from the request (14 when the
    // catalogue gives none). A reminder goes out a few days before it, once
    // (`information_reminded_at`).
    s.add_column("applications", &mut s.date("respond_by")).await?;
    s.add_column("applications", &mut s.timestamp("information_reminded_at")).await?;
    s.add_column("services", &mut s.integer("response_days")).await
});
