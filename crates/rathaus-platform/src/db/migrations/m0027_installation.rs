use super::prelude::*;

migration!(|s| {
    // What the running installation says about itself, for the command line: `public_url`,
    // the address residents and staff use, stored by `rathaus serve` at every start, so an
    // invitation created with `rathaus admin create-staff` links there even when the CLI's
    // own configuration does not name it.
    s.create_table(
        Table::create()
            .table("installation")
            .col(s.text("key").primary_key())
            .col(s.text("value").not_null())
            .col(s.timestamp("updated_at").not_null()),
    )
    .await
});
