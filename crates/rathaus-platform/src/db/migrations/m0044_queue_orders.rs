use super::prelude::*;

migration!(|s| {
    // Every order the queue offers reads the agency's cases from an index in that order,
    // so a page of the newest, the oldest, by reference or by due date stops after its
    // rows instead of sorting all the agency ever had: over every state from these three,
    // and over the open cases from the three smaller ones below.
    s.create_index(
        Index::create()
            .name("applications_agency_submitted")
            .table("applications")
            .col("agency_id")
            .col("submitted_at")
            .col("id"),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("applications_agency_reference")
            .table("applications")
            .col("agency_id")
            .col("reference"),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("applications_agency_due")
            .table("applications")
            .col("agency_id")
            .col("due_on")
            .col("submitted_at")
            .col("id"),
    )
    .await?;
    // The open states as `cases::queue::OPEN` writes them: a query names the same
    // condition, which is how both databases know the index holds its rows.
    let open = || Expr::cust("status IN ('submitted', 'in_review', 'information_requested')");
    s.create_index(
        Index::create()
            .name("applications_open_due")
            .table("applications")
            .col("agency_id")
            .col("due_on")
            .col("submitted_at")
            .col("id")
            .and_where(open()),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("applications_open_submitted")
            .table("applications")
            .col("agency_id")
            .col("submitted_at")
            .col("id")
            .and_where(open()),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("applications_open_reference")
            .table("applications")
            .col("agency_id")
            .col("reference")
            .and_where(open()),
    )
    .await
});
