use super::prelude::*;

migration!(|s| {
    // Publishing a decision straight from its case. A service whose decisions may be
    // published names how (HmbTG category, EU themes, licence, keywords, legal basis), as
    // JSON; NULL for every other service.
    s.add_column("services", &mut s.json("publication")).await?;
    // A finding the case proposed (the applicant's own data, known from the application)
    // rather than a detector: the reviewer sees it marked, and redacts all of them at once.
    s.add_column(
        "publication_findings",
        s.boolean("proposed").not_null().default(Expr::cust("FALSE")),
    )
    .await?;
    // The case page asks for the publication made from the case; a case has at most one
    // that is not withdrawn, even when two publishers click at once.
    s.create_index(
        Index::create()
            .name("publications_source_application")
            .table("publications")
            .col("source_application_id"),
    )
    .await?;
    s.create_index(
        Index::create()
            .unique()
            .name("publications_source_application_open")
            .table("publications")
            .col("source_application_id")
            .and_where(Expr::cust("source_application_id IS NOT NULL AND status <> 'withdrawn'")),
    )
    .await?;
    // The CDO's cockpit sums the portal's views and downloads over the last days and months.
    s.create_index(
        Index::create()
            .name("publication_figures_day")
            .table("publication_figures")
            .col("day"),
    )
    .await
});
