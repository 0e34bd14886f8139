-- A summary in Leichte Sprache (easy-to-read German), shown when a person chooses it.
ALTER TABLE services ADD COLUMN summary_leichte TEXT;
