//! The CDO office's cockpit: the transparency portal's figures city-wide, for the `cdo`
//! role only — per agency (records by state, views and downloads of the last 30 days,
//! open reports, the check's findings), the most read records and the last 12 months,
//! as a page and as CSV and XLSX.

use chrono::Duration;
use rathaus_core::accounts::{Role, Scope};
use rathaus_core::transparency::actions::{self, Upload};
use rathaus_core::transparency::{Desk, reports};
use rathaus_platform::clock::Clock;
use sea_orm::ConnectionTrait;

use crate::cases::staff_member;
use crate::helpers::TestApp;
use crate::staff::grant;
use crate::transparency::metadata;

/// A registry office with no demo records: its row holds only what this test makes.
const AGENCY: &str = "standesamt-altona";

#[tokio::test]
async fn the_cockpit_counts_the_portal_per_agency_for_the_cdo_only() {
    let app = TestApp::spawn().await;
    let (db, clock, desk) = (app.db(), &*app.clock, Desk::system("Test"));

    // One record published, read and reported; one draft with a finding still open.
    let mut meta = metadata("geburten-2026").parse().unwrap();
    meta.title = "Geburten im Bezirk Altona 2026".into();
    let published = actions::create(db, clock, &desk, AGENCY, meta, None).await.unwrap();
    actions::add_link(
        db,
        clock,
        &desk,
        published.id,
        ("Tabelle", ""),
        "https://daten.example.org/geburten.csv",
    )
    .await
    .unwrap();
    actions::submit(db, clock, &desk, published.id).await.unwrap();
    actions::release(db, clock, &desk, published.id, None).await.unwrap();
    let draft = actions::create(db, clock, &desk, AGENCY, metadata("trauungen-2026").parse().unwrap(), None)
        .await
        .unwrap();
    let table = Upload {
        name: "Liste".into(),
        description: String::new(),
        file_name: "liste.csv".into(),
        bytes: b"Ort;Kontakt\nAltona;standesamt.person@example.org\n".to_vec(),
    };
    actions::add_file(db, &app.state.blobs, clock, &desk, draft.id, table)
        .await
        .unwrap();
    reports::submit(db, clock, published.id, "Die Zahl für März fehlt in der Tabelle.", None)
        .await
        .unwrap();
    let today = rathaus_core::cases::due::local_date(clock.now());
    for (day, views, downloads) in [
        (today, 5, 1),
        (today - Duration::days(10), 2, 1),
        (today - Duration::days(40), 100, 9),
    ] {
        db.write()
            .execute_raw(rathaus_platform::db::stmt(
                db.write(),
                "INSERT INTO publication_figures (publication_id, day, views, downloads) VALUES ($1, $2, $3, $4)",
                vec![
                    published.id.into(),
                    day.into(),
                    i64::from(views).into(),
                    i64::from(downloads).into(),
                ],
            ))
            .await
            .unwrap();
    }

    // A publisher of the agency has no cockpit, not even its exports.
    let paula = staff_member(&app, "paula@altona.example.org", "Paula Presse", Role::Publisher, AGENCY).await;
    for path in [
        "/verwaltung/cdo",
        "/verwaltung/cdo/transparenz.csv",
        "/verwaltung/cdo/transparenz.xlsx",
    ] {
        assert_eq!(app.get(path).await.status(), 403, "{path}");
    }
    let (_, home) = app.get_text("/verwaltung").await;
    assert!(!home.contains("/verwaltung/cdo"));

    // The CDO sees the city.
    grant(&app, paula, Role::Cdo, Scope::City).await;
    let (status, page) = app.get_text("/verwaltung/cdo").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Cockpit Digitalisierung") && page.contains("Standesamt Altona"),
        "{page}"
    );
    assert!(page.contains("Geburten im Bezirk Altona 2026"), "among the most read");
    assert!(page.contains("<svg role=\"img\"") && page.contains("Aufrufe je Monat"));
    let (_, home) = app.get_text("/verwaltung").await;
    assert!(home.contains("href=\"/verwaltung/cdo\""), "the workspace offers the cockpit");

    // The agency's row: 1 published, 1 in work, 7 views and 2 downloads in 30 days (the
    // 100 of 40 days ago are not), 1 open report, 1 open finding.
    let response = app.get("/verwaltung/cdo/transparenz.csv").await;
    assert_eq!(response.status(), 200);
    let csv = response.text().await.unwrap();
    let header = csv.lines().next().unwrap().trim_start_matches('\u{feff}');
    assert!(
        header.starts_with("Behörde;Veröffentlicht;In Arbeit;Zurückgezogen;Aufrufe (30 Tage)"),
        "{header}"
    );
    let row = csv.lines().find(|l| l.starts_with("Standesamt Altona;")).expect("the agency's row");
    assert_eq!(row, "Standesamt Altona;1;1;0;7;2;1;0;0;1");
    // The months: the 100 views of 40 days ago count in their month.
    let figures = rathaus_core::transparency::figures::portal(db.read(), clock.now()).await.unwrap();
    assert_eq!(figures.months.len(), 12);
    assert!(figures.months.iter().map(|m| m.views).sum::<i64>() >= 107);
    assert_eq!(
        figures.most_read.iter().find(|r| r.name == "geburten-2026").map(|r| r.views),
        Some(7)
    );
    let xlsx = app.get("/verwaltung/cdo/transparenz.xlsx").await;
    assert_eq!(
        xlsx.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"), "an XLSX is a zip");

    // What the public read is summed at most once a minute per node: a count written
    // meanwhile shows after that minute, the records' own counts at once.
    db.write()
        .execute_raw(rathaus_platform::db::stmt(
            db.write(),
            "UPDATE publication_figures SET views = views + 3 WHERE publication_id = $1 AND day = $2",
            vec![published.id.into(), today.into()],
        ))
        .await
        .unwrap();
    actions::withdraw(db, clock, &desk, published.id, "Veraltet").await.unwrap();
    let row_of = |csv: String| csv.lines().find(|l| l.starts_with("Standesamt Altona;")).unwrap().to_string();
    let row = row_of(app.get("/verwaltung/cdo/transparenz.csv").await.text().await.unwrap());
    assert_eq!(row, "Standesamt Altona;0;1;1;7;2;1;0;0;1", "withdrawn at once, read as summed");
    app.clock.advance(Duration::seconds(61));
    let row = row_of(app.get("/verwaltung/cdo/transparenz.csv").await.text().await.unwrap());
    assert_eq!(row, "Standesamt Altona;0;1;1;10;2;1;0;0;1", "summed again after a minute");
}
