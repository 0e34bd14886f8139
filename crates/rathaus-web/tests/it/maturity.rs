//! How digital each service is, computed: every service's level with its evidence on a
//! public page, following the catalogue the moment it changes; the monthly snapshot
//! counting applications against counter visits, lead times and payments, taken once per
//! month however often and on however many nodes it runs; and the CDO's cockpit naming
//! what needs attention across the domains, for the CDO only.

use chrono::{DateTime, Datelike, Utc};
use rathaus_core::applications;
use rathaus_core::appointments::counter;
use rathaus_core::catalog;
use rathaus_core::cockpit::maturity::Inputs;
use rathaus_core::cockpit::snapshot;
use rathaus_core::payments::fees;
use rathaus_platform::clock::Clock;

use crate::applications::{complete, dog_form, person};
use crate::cases::staff_member;
use crate::helpers::{TestApp, acting};
use crate::staff::grant;
use rathaus_core::accounts::{Role, Scope};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// The services table as CSV: the row of `service`, by column name.
async fn csv_row(app: &TestApp, service: &str) -> std::collections::HashMap<String, String> {
    let response = app.get("/digitalisierung/leistungen.csv").await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 70, "one row per demo service");
    let row = rows.iter().find(|r| &r[0] == service).expect("the service's row");
    headers.iter().map(str::to_string).zip(row.iter().map(str::to_string)).collect()
}

/// `count` dog tax applications submitted online by `who` now (fb, ten days to decide).
async fn apply_online(app: &TestApp, who: &rathaus_core::accounts::Account, count: usize) -> Vec<uuid::Uuid> {
    let form = dog_form();
    let to = applications::Submission {
        prefix: "HH",
        lang: rathaus_platform::i18n::Lang::De,
        agency: "fb",
        processing_days: Some(10),
        delivery: None,
    };
    let mut ids = Vec::new();
    for _ in 0..count {
        let draft = applications::start(app.db(), &*app.clock, &acting(who), None, &form).await.unwrap();
        complete(app, who, draft.id, &form).await;
        applications::submit(app.db(), &*app.clock, &acting(who), draft.id, &form, to)
            .await
            .unwrap()
            .unwrap();
        ids.push(draft.id);
    }
    ids
}

/// Changes one service in the catalogue as an import does, and makes the app see it.
async fn change_service(app: &TestApp, id: &str, change: impl FnOnce(&mut catalog::Service)) {
    let mut file = catalog::export(app.db().read()).await.unwrap();
    change(file.services.iter_mut().find(|s| s.id == id).unwrap());
    catalog::import(app.db(), &*app.clock, "test", &file).await.unwrap();
    app.state.catalog.invalidate().await;
}

#[tokio::test]
async fn every_service_has_its_level_with_evidence_for_everyone_and_follows_the_catalogue() {
    let app = TestApp::spawn().await;
    // No sign-in: the page is public.
    let (status, page) = app.get_text("/digitalisierung").await;
    assert_eq!(status, 200);
    assert!(page.contains("70 Leistungen"), "every service is listed");
    assert!(page.contains("Stufe 4: Daten nur einmal angeben"));
    let (status, page) = app.get_text("/digitalisierung/bewohnerparkausweis").await;
    assert_eq!(status, 200);
    assert!(page.contains("Online-Formular „Bewohnerparkausweis beantragen“"), "{page}");
    assert!(page.contains("Das Ergebnis kann im Postfach heruntergeladen werden."));
    assert_eq!(csv_row(&app, "bewohnerparkausweis").await["Reifegrad"], "4");

    // The catalogue drops the download: the result no longer comes digitally, level 2.
    change_service(&app, "bewohnerparkausweis", |s| s.delivery_options.retain(|d| d != "download")).await;
    let row = csv_row(&app, "bewohnerparkausweis").await;
    assert_eq!((row["Reifegrad"].as_str(), row["Ergebnis digital"].as_str()), ("2", "nein"));
    let (_, page) = app.get_text("/digitalisierung/bewohnerparkausweis").await;
    assert!(page.contains("Das Ergebnis kommt nur per Post oder zur Abholung."));
    assert!(page.contains("nur dem Anschein nach online"), "the catalogue still says online");
    // And back.
    change_service(&app, "bewohnerparkausweis", |s| s.delivery_options.push("download".into())).await;
    assert_eq!(csv_row(&app, "bewohnerparkausweis").await["Reifegrad"], "4");

    // A service done in a specialist procedure counts up to level 2: the rest is not seen.
    let row = csv_row(&app, "bafoeg").await;
    assert_eq!(
        (row["Reifegrad"].as_str(), row["Nur dem Anschein nach online"].as_str()),
        ("2", "ja")
    );
    let (_, page) = app.get_text("/digitalisierung/bafoeg").await;
    assert!(page.contains("https://bafoeg-digital.example.org/antrag"));
    assert!(page.contains("ob er dort ganz online abgeschlossen wird, kann Rathaus nicht sehen"));

    // Filters: one agency's services; a made-up filter says so and shows everything.
    let (_, page) = app.get_text("/digitalisierung?behoerde=lbv&stufe=").await;
    assert!(!page.contains("70 Leistungen") && page.contains("Landesbetrieb Verkehr"));
    let (status, page) = app.get_text("/digitalisierung?behoerde=erfunden&stufe=9").await;
    assert_eq!(status, 200);
    assert!(page.contains("Diese Behörde oder Stufe gibt es nicht.") && page.contains("70 Leistungen"));
    assert_eq!(app.get("/digitalisierung/erfunden").await.status(), 404);

    // In English, and as a spreadsheet.
    let (_, page) = app.get_text("/digitalisierung/bewohnerparkausweis?lang=en").await;
    assert!(page.contains("The result can be downloaded from the Postfach."), "{page}");
    let xlsx = app.get("/digitalisierung/behoerden.xlsx").await;
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
}

#[tokio::test]
async fn the_monthly_snapshot_counts_the_use_and_is_taken_once() {
    let app = TestApp::spawn().await;
    let anna = person(&app, "anna@example.org").await;
    // October: two dog tax applications online, one decided three days later, and one
    // walk-in at the counter for the same service.
    app.clock.set(at("2026-10-05T09:00:00Z"));
    let ids = apply_online(&app, &anna, 2).await;
    let location = app.state.catalog().await.unwrap().locations()[0].id.clone();
    counter::take_number(app.db(), &*app.clock, &location, Some("hundesteuer"))
        .await
        .unwrap();
    app.clock.set(at("2026-10-08T12:00:00Z"));
    applications::record_event(app.db(), &*app.clock, ids[0], "decided-approved", "test")
        .await
        .unwrap();
    // A second decision (a correction) does not count again.
    app.clock.set(at("2026-10-20T12:00:00Z"));
    applications::record_event(app.db(), &*app.clock, ids[0], "decided-partly", "test")
        .await
        .unwrap();

    // November 23rd: the snapshot takes the twelve months before November. A page read
    // before it has no history; the node reads the snapshots again once they are taken.
    app.clock.set(at("2026-11-23T10:00:00Z"));
    let (_, before) = app.get_text("/digitalisierung/hundesteuer").await;
    assert!(before.contains("<th scope=\"row\">10/2026</th><td>–</td>"), "{before}");
    let catalog = app.state.catalog().await.unwrap();
    let inputs = Inputs {
        forms: &app.state.forms,
        fees: fees::rules(),
        eid: false,
    };
    let taken = snapshot::take(app.db(), app.clock.now(), &catalog, &inputs).await.unwrap();
    assert_eq!(taken.len(), 12);
    assert_eq!(app.count("maturity_snapshots").await, 12 * 70);
    // Again, and on a second node: nothing more.
    assert!(
        snapshot::take(app.db(), app.clock.now(), &catalog, &inputs)
            .await
            .unwrap()
            .is_empty()
    );
    let other = TestApp::spawn_on(app.database.clone(), |_| {}).await;
    other.clock.set(app.clock.now());
    assert!(
        snapshot::take(other.db(), other.clock.now(), &catalog, &inputs)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(app.count("maturity_snapshots").await, 12 * 70);

    let october = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let rows = snapshot::since(app.db().read(), october).await.unwrap();
    let dog = rows.iter().find(|s| s.service == "hundesteuer").unwrap();
    assert_eq!((dog.usage.online, dog.usage.visits, dog.usage.decided()), (2, 1, 1));
    assert_eq!(dog.usage.median_days(), Some(3));
    assert!(dog.level.is_some(), "the month just ended keeps the level seen now");
    let earlier = snapshot::since(app.db().read(), chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap())
        .await
        .unwrap();
    assert!(
        earlier.iter().filter(|s| s.month.month0() == 8).all(|s| s.level.is_none()),
        "a month counted later has no level: it was not seen"
    );

    let (_, page) = app.get_text("/digitalisierung/hundesteuer").await;
    assert!(
        page.contains("<th scope=\"row\">10/2026</th><td>2</td><td>1</td><td>67 %</td>"),
        "{page}"
    );
    assert!(page.contains("Median 3 Tage"), "{page}");

    // December: November is taken with its level; nothing else.
    app.clock.set(at("2026-12-02T08:00:00Z"));
    let taken = snapshot::take(app.db(), app.clock.now(), &catalog, &inputs).await.unwrap();
    assert_eq!(taken, vec![chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()]);
    assert_eq!(app.count("maturity_snapshots").await, 13 * 70);
    let (_, page) = app.get_text("/digitalisierung/hundesteuer").await;
    assert!(page.contains("unverändert seit 10/2026"), "{page}");
}

#[tokio::test]
async fn the_cockpit_names_what_needs_attention_across_the_domains() {
    let app = TestApp::spawn().await;
    // A dog tax case at the finance authority, due in ten days, not decided in time.
    let anna = person(&app, "anna@example.org").await;
    apply_online(&app, &anna, 1).await;
    app.clock.advance(chrono::Duration::days(30));

    // An agency administrator has no cockpit and no city-wide table of cases.
    staff_member(&app, "lena@fb.example.org", "Lena Leitung", Role::AgencyAdmin, "fb").await;
    for path in ["/verwaltung/cdo", "/verwaltung/cdo/vorgaenge.csv", "/verwaltung/cdo/vorgaenge.xlsx"] {
        assert_eq!(app.get(path).await.status(), 403, "{path}");
    }

    let clara = staff_member(&app, "clara@example.org", "Clara Cockpit", Role::CaseWorker, "senatskanzlei").await;
    grant(&app, clara, Role::Cdo, Scope::City).await;
    let (status, page) = app.get_text("/verwaltung/cdo").await;
    assert_eq!(status, 200);
    let attention = &page[page.find("Was Aufmerksamkeit braucht").unwrap()..page.find("id=\"register-title\"").unwrap()];
    assert!(attention.contains("Finanzbehörde: ein überfälliger Vorgang"), "{attention}");
    assert!(attention.contains("eine Maßnahme oder ein bekanntes Supportende"), "{attention}");
    assert!(attention.contains("nur dem Anschein nach online"), "{attention}");
    // The demo's port strategy: a goal off track and a milestone overdue.
    assert!(
        attention.contains("Ein Ziel der Digitalstrategien weicht ab oder ist verfehlt."),
        "{attention}"
    );
    assert!(
        attention.contains("Ein Meilenstein der Digitalstrategien ist überfällig."),
        "{attention}"
    );
    let csv = app.get("/verwaltung/cdo/vorgaenge.csv").await.text().await.unwrap();
    assert!(csv.lines().any(|l| l == "Finanzbehörde;1;1"), "{csv}");
}

#[tokio::test]
async fn the_progress_report_compares_the_period_with_the_one_before_as_page_and_pdf_a() {
    let app = TestApp::spawn().await;
    // Early May: the parking permit's result came only by post (level 2), and April's
    // snapshot keeps that level. Then the download returns: level 4.
    app.clock.set(at("2026-05-04T08:00:00Z"));
    change_service(&app, "bewohnerparkausweis", |s| s.delivery_options.retain(|d| d != "download")).await;
    let inputs = Inputs {
        forms: &app.state.forms,
        fees: fees::rules(),
        eid: false,
    };
    snapshot::take(app.db(), app.clock.now(), &app.state.catalog().await.unwrap(), &inputs)
        .await
        .unwrap();
    change_service(&app, "bewohnerparkausweis", |s| s.delivery_options.push("download".into())).await;

    // September: two dog tax applications online.
    let anna = person(&app, "anna@example.org").await;
    app.clock.set(at("2026-09-07T09:00:00Z"));
    apply_online(&app, &anna, 2).await;
    app.clock.set(at("2026-11-23T10:00:00Z"));
    snapshot::take(app.db(), app.clock.now(), &app.state.catalog().await.unwrap(), &inputs)
        .await
        .unwrap();

    // The report is the CDO office's.
    staff_member(&app, "lena@fb.example.org", "Lena Leitung", Role::AgencyAdmin, "fb").await;
    for path in ["/verwaltung/cdo/bericht", "/verwaltung/cdo/bericht.pdf"] {
        assert_eq!(app.get(path).await.status(), 403, "{path}");
    }
    let clara = staff_member(&app, "clara@example.org", "Clara Cockpit", Role::CaseWorker, "senatskanzlei").await;
    grant(&app, clara, Role::Cdo, Scope::City).await;
    let (status, page) = app.get_text("/verwaltung/cdo/bericht").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Berichtszeitraum Mai 2026 bis Oktober 2026, verglichen mit November 2025 bis April 2026"),
        "{page}"
    );
    assert!(
        page.contains("<th scope=\"row\">Online-Anträge</th><td>0</td><td>2</td><td>+2</td>"),
        "{page}"
    );
    assert!(
        page.contains("Eine Leistung ist im Berichtszeitraum voll online gegangen"),
        "{page}"
    );
    assert!(
        page.contains("<th scope=\"row\">Bewohnerparkausweis beantragen</th>") && page.contains("<td>2</td><td>4</td></tr>"),
        "{page}"
    );
    assert!(
        page.contains("Bei ") && page.contains("Verfahren muss jemand handeln"),
        "the ageing register: {page}"
    );
    assert!(page.contains("Hafen und Wirtschaft digital 2025–2028"), "the strategies: {page}");
    assert!(
        app.scalar::<i64>("SELECT COUNT(*) AS v FROM audit_log WHERE action = 'it_register.read' AND subject = 'it_register:report'")
            .await
            >= 1,
        "reading the register for the report is audited"
    );
    let (_, page) = app.get_text("/verwaltung/cdo/bericht?monate=7").await;
    assert!(page.contains("Diesen Zeitraum gibt es nicht") && page.contains("Mai 2026 bis Oktober 2026"));
    let (_, page) = app.get_text("/verwaltung/cdo/bericht?monate=12").await;
    assert!(
        page.contains("November 2025 bis Oktober 2026, verglichen mit November 2024 bis Oktober 2025"),
        "{page}"
    );

    // The same report as a PDF/A: its figures as text.
    let response = app.get("/verwaltung/cdo/bericht.pdf?monate=6").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap();
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("pdfaid:part>2<") || raw.contains("pdfaid:part=\"2\""),
        "PDF/A-2 metadata"
    );
    let text = rathaus_core::transparency::extract::extract(rathaus_core::transparency::metadata::Format::Pdf, &pdf)
        .pages()
        .join("\n");
    assert!(
        text.contains("Fortschrittsbericht Digitalisierung") && text.contains("Online-Anträge"),
        "{text}"
    );
    assert!(
        text.contains("Bewohnerparkausweis beantragen") && text.contains("Hafen und Wirtschaft digital"),
        "{text}"
    );
}
