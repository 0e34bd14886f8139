-- Publishing a decision straight from its case. A service whose decisions may be
-- published names how (HmbTG category, EU themes, licence, keywords, legal basis), as
-- JSON; NULL for every other service.
ALTER TABLE services ADD COLUMN publication TEXT;
-- A finding the case proposed (the applicant's own data, known from the application)
-- rather than a detector: the reviewer sees it marked, and redacts all of them at once.
ALTER TABLE publication_findings ADD COLUMN proposed BOOLEAN NOT NULL DEFAULT FALSE;
-- The case page asks for the publication made from the case.
CREATE INDEX publications_source_application ON publications (source_application_id);
