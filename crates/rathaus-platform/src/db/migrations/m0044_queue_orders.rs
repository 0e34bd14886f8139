use super::prelude::*;

migration!(|s| {
    // Every order the queue offers reads the agency's cases from an index in that order,
    // so a page of the newest, the oldest, by reference or by due date stops after its
    // rows instead of sorting all the agency ever had: over every state from one index
    // per order, and over the open cases from a smaller one holding only those. The open
    // states are written as `cases::queue::OPEN` writes them: a query names the same
    // condition, which is how both databases know the index holds its rows.
    let orders: [(&str, &[&str]); 3] = [
        ("due", &["due_on", "submitted_at", "id"]),
        ("submitted", &["submitted_at", "id"]),
        ("reference", &["reference"]),
    ];
    for (order, columns) in orders {
        for (name, only_open) in [
            (format!("applications_agency_{order}"), false),
            (format!("applications_open_{order}"), true),
        ] {
            let mut index = Index::create();
            index.name(name).table("applications").col("agency_id");
            for column in columns {
                index.col(*column);
            }
            if only_open {
                index.and_where(Expr::cust("status IN ('submitted', 'in_review', 'information_requested')"));
            }
            s.create_index(&mut index).await?;
        }
    }
    Ok(())
});
