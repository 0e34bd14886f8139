-- What the running installation says about itself, for the command line: `public_url`,
-- the address residents and staff use, stored by `rathaus serve` at every start, so an
-- invitation created with `rathaus admin create-staff` links there even when the CLI's
-- own configuration does not name it.
CREATE TABLE installation (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
