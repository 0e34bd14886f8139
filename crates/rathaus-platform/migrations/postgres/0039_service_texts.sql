-- A service's texts beyond its German core, as one JSON document: the documents in
-- English and Leichte Sprache, its steps in all three languages and why it is not
-- online in English and Leichte Sprache (catalog::store reads and writes them).
ALTER TABLE services ADD COLUMN texts JSONB NOT NULL DEFAULT '{}';
