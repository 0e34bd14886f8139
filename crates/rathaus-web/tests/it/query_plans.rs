//! The statements whose cost must follow the page, not the city's history, find their
//! rows through indexes: each plan is read from the database itself
//! (`rathaus_platform::db::plans`). The scale benchmark reads the same statements'
//! plans on a seeded database.

use uuid::Uuid;

use crate::applications::person;
use crate::helpers::TestApp;
use rathaus_core::cases::CaseScope;
use rathaus_core::cost;
use rathaus_platform::db::plans::{explain, full_scans, sorts, visits_rows};

/// The queue in every order, from the first page and from a case on, with its counts;
/// the figures; and a person's data export: no large table is read whole, and SQLite
/// reads each page of the queue in its order from an index (a page read backwards turns only
/// its own rows round), so it stops after the page
/// instead of sorting all the agency ever had.
#[tokio::test]
async fn the_queue_the_figures_and_the_data_export_read_through_indexes() {
    let app = TestApp::spawn().await;
    let anna = person(&app, "anna@example.org").await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let backend = sea_orm::ConnectionTrait::get_database_backend(app.db().write());
    let mut failed = Vec::new();
    // One agency for the queue's orders; two for the figures, which group by agency.
    for agencies in [vec!["fb".to_string()], vec!["fb".to_string(), "ba-altona".to_string()]] {
        let scope = CaseScope {
            account: Uuid::now_v7(),
            agencies: agencies.clone(),
            lead_agencies: Vec::new(),
            payment_agencies: Vec::new(),
            publish_agencies: Vec::new(),
        };
        for checked in cost::statements(backend, &scope, (anna.id, "anna@example.org"), None, today) {
            let plan = explain(app.db(), &checked.sql, checked.values).await.unwrap();
            let scans = full_scans(&plan);
            let sorted = agencies.len() == 1 && !app.db().is_postgres() && checked.sorts.is_some_and(|allowed| sorts(&plan) > allowed);
            // Counts and figures read the applications from an index alone: SQLite says
            // so in its plan whatever the table's size (PostgreSQL decides by its
            // statistics and the visibility map).
            let visited = checked.index_only && !app.db().is_postgres() && visits_rows(&plan, "applications");
            if !scans.is_empty() || sorted || visited {
                failed.push(format!(
                    "{} ({agencies:?}) reads {scans:?} whole, sorts or visits rows:\n  {}",
                    checked.label,
                    plan.join("\n  ")
                ));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
