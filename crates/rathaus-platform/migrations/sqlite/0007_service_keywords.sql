-- Words residents use for a service besides its official name (XZuFi "Schlagwörter"),
-- for the search: "Umzug" for Wohnsitz ummelden, "Perso" for the Personalausweis.
ALTER TABLE services ADD COLUMN keywords_de TEXT NOT NULL DEFAULT '[]';
