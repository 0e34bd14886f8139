-- Publishing a decision straight from its case. A service whose decisions may be
-- published names how (HmbTG category, EU themes, licence, keywords, legal basis), as
-- JSON; NULL for every other service.
ALTER TABLE services ADD COLUMN publication JSONB;
-- A finding the case proposed (the applicant's own data, known from the application)
-- rather than a detector: the reviewer sees it marked, and redacts all of them at once.
ALTER TABLE publication_findings ADD COLUMN proposed BOOLEAN NOT NULL DEFAULT FALSE;
-- The case page asks for the publication made from the case; a case has at most one
-- that is not withdrawn, even when two publishers click at once.
CREATE INDEX publications_source_application ON publications (source_application_id);
CREATE UNIQUE INDEX publications_source_application_open ON publications (source_application_id)
    WHERE source_application_id IS NOT NULL AND status <> 'withdrawn';
-- The CDO's cockpit sums the portal's views and downloads over the last days and months.
CREATE INDEX publication_figures_day ON publication_figures (day);
