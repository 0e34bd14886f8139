//! The CDO office's register of IT procedures: agency administrators keep their own
//! agency's entries (form, CSV/XLSX import, CycloneDX SBOM) and nobody else's; the CDO
//! office reads every agency's; every component is read against the end-of-support table
//! on the day; every read and change is audited and every change a revision.

use chrono::Duration;
use rathaus_core::accounts::{Role, Scope};
use rathaus_core::cockpit::input::{COLUMNS, ProcedureInput};
use rathaus_core::cockpit::{ageing, register, store};

use crate::cases::staff_member;
use crate::helpers::{TestApp, post_multipart, post_upload};
use crate::staff::grant;

/// The vehicle registration office: three procedures in the demo register.
const LBV: &str = "lbv";

/// The form fields of an entry as a browser sends them: ticked boxes once per box.
fn form_of(input: &ProcedureInput, csrf: &str) -> Vec<(String, String)> {
    let mut fields = vec![("_csrf".to_string(), csrf.to_string())];
    for (column, cell) in COLUMNS.iter().zip(input.cells()) {
        match *column {
            "data_classes" | "services" => fields.extend(cell.lines().map(|v| (column.to_string(), v.to_string()))),
            "from_sbom" => {}
            _ => fields.push((column.to_string(), cell.to_string())),
        }
    }
    fields
}

/// The fields of an edit as the edit form of `id` sends them: with its token and the
/// revision it was filled from.
async fn edit_fields(app: &TestApp, id: &str, input: &ProcedureInput) -> Vec<(String, String)> {
    let (_, html) = app.get_text(&format!("/verwaltung/cdo/verfahren/{id}/bearbeiten")).await;
    let csrf = crate::helpers::extract_value(&html, "_csrf").expect("the edit form");
    let mut fields = form_of(input, &csrf);
    fields.push((
        "revision".into(),
        crate::helpers::extract_value(&html, "revision").expect("the revision it shows"),
    ));
    fields
}

async fn post(app: &TestApp, path: &str, fields: &[(String, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form(path, &pairs).await
}

async fn entry(app: &TestApp, id: &str) -> rathaus_core::cockpit::it_procedure::ItProcedure {
    store::get(app.db().read(), id).await.unwrap().expect("the entry")
}

async fn revisions(app: &TestApp, id: &str) -> usize {
    store::revisions(app.db().read(), id).await.unwrap().len()
}

#[tokio::test]
async fn an_agency_admin_keeps_their_own_register_and_reaches_nothing_of_another_agency() {
    let app = TestApp::spawn().await;
    let melda = entry(&app, "melda").await;
    let melda_revisions = revisions(&app, "melda").await;

    // A case worker has no register at all.
    staff_member(&app, "carl@lbv.example.org", "Carl Fall", Role::CaseWorker, LBV).await;
    for path in [
        "/verwaltung/cdo/verfahren",
        "/verwaltung/cdo/verfahren/kfz-hanse",
        "/verwaltung/cdo/verfahren.csv",
    ] {
        assert_eq!(app.get(path).await.status(), 403, "{path}");
    }

    let lena = staff_member(&app, "lena@lbv.example.org", "Lena Leitung", Role::AgencyAdmin, LBV).await;
    let (status, page) = app.get_text("/verwaltung/cdo/verfahren").await;
    assert_eq!(status, 200);
    assert!(page.contains("KFZ-HANSE") && page.contains("PARKO"), "{page}");
    assert!(!page.contains("MELDA"), "another agency's entry is not listed");
    let csv = app.get("/verwaltung/cdo/verfahren.csv").await.text().await.unwrap();
    let mut ids: Vec<String> = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    ids.sort();
    assert_eq!(ids, ["fe-reg", "kfz-hanse", "parko"], "the agency's own entries only");

    // Another agency's entry does not exist for her: not to read, edit, post or upload to.
    for path in ["/verwaltung/cdo/verfahren/melda", "/verwaltung/cdo/verfahren/melda/bearbeiten"] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
    let csrf = app.csrf_from("/verwaltung/cdo/verfahren/kfz-hanse/bearbeiten").await;
    let mut forged = ProcedureInput::of(&melda);
    forged.users = "1".into();
    forged.owner = LBV.into();
    let response = post(&app, "/verwaltung/cdo/verfahren/melda", &form_of(&forged, &csrf)).await;
    assert_eq!(response.status(), 404);
    let sbom = br#"{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[{"type":"library","name":"x","version":"1"}]}"#;
    let response = app
        .client
        .post(format!("{}/verwaltung/cdo/verfahren/melda/sbom?_csrf={csrf}", app.base))
        .header("cookie", app.cookie_header())
        .multipart(reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(sbom.to_vec()).file_name("bom.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);

    // Nor can she make a new entry for it, or take its key, in the form or in a sheet.
    let csrf = app.csrf_from("/verwaltung/cdo/verfahren/neu").await;
    let mut stolen = ProcedureInput::of(&melda);
    stolen.id = "melda-neu".into();
    let (status, page) = {
        let r = post(&app, "/verwaltung/cdo/verfahren", &form_of(&stolen, &csrf)).await;
        (r.status(), r.text().await.unwrap())
    };
    assert_eq!(status, 422);
    assert!(page.contains("Sie können nur Verfahren Ihrer eigenen Behörde eintragen."), "{page}");
    let mut taken = ProcedureInput::of(&melda);
    taken.owner = LBV.into();
    let sheet = format!(
        "{}\n{}\n{}\n",
        COLUMNS.join(";"),
        ProcedureInput::of(&melda).cells().map(csv_cell).join(";"),
        taken.cells().map(csv_cell).join(";")
    );
    let response = post_upload(
        &app,
        "/verwaltung/cdo/verfahren/import",
        "/import",
        &[],
        ("file", "register.csv", sheet.as_bytes()),
    )
    .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Diese Kennung ist schon vergeben."), "{page}");
    assert_eq!(entry(&app, "melda").await, melda, "nothing changed");
    assert_eq!(revisions(&app, "melda").await, melda_revisions);

    // Every read is audited.
    let reads: i64 = app
        .scalar(&format!(
            "SELECT COUNT(*) AS v FROM audit_log WHERE actor = 'account:{lena}' AND action IN ('it_register.read', 'it_procedure.read')"
        ))
        .await;
    assert!(reads >= 3, "{reads} reads audited");

    // The CDO office reads every agency's entries but edits none.
    grant(&app, lena, Role::Cdo, Scope::City).await;
    assert_eq!(app.get("/verwaltung/cdo/verfahren/melda").await.status(), 200);
    assert_eq!(app.get("/verwaltung/cdo/verfahren/melda/bearbeiten").await.status(), 403);
    let response = post(&app, "/verwaltung/cdo/verfahren/melda", &form_of(&forged, &csrf)).await;
    assert_eq!(response.status(), 403);
    assert_eq!(entry(&app, "melda").await, melda);
}

/// A cell as the CSV writer of the export would quote it.
fn csv_cell(cell: &str) -> String {
    if cell.contains([';', '"', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

#[tokio::test]
async fn each_component_is_read_against_the_table_on_the_day_and_the_riskiest_come_first() {
    let app = TestApp::spawn().await;
    let cdo = staff_member(&app, "clara@cdo.example.org", "Clara Cockpit", Role::CaseWorker, "amt-itd").await;
    grant(&app, cdo, Role::Cdo, Scope::City).await;

    // The test's day is 2026-11-23: PostgreSQL 13 ended, Tomcat 9 ends within a year,
    // an IBM mainframe product is not in the table at all.
    let (_, melda) = app.get_text("/verwaltung/cdo/verfahren/melda").await;
    assert!(melda.contains("kein Support mehr seit 13.11.2025"), "{melda}");
    assert!(melda.contains("Support endet am 31.03.2027"));
    assert!(melda.contains("Wird gebraucht von"), "what depends on it");
    let (_, steuer) = app.get_text("/verwaltung/cdo/verfahren/steuer-komm").await;
    assert!(steuer.contains("unbekannt: Produkt nicht in der Supportende-Tabelle"), "{steuer}");

    // The list is in the order of the documented score, riskiest first.
    let table = register::table(app.db()).await.unwrap();
    let graph = register::graph(app.db()).await.unwrap();
    let today = rathaus_core::cases::due::local_date(rathaus_platform::clock::Clock::now(&*app.clock));
    let ranked = ageing::assess_all(graph.clone(), &graph, &table, today);
    assert!(ranked.windows(2).all(|w| w[0].risk.score >= w[1].risk.score));
    let (_, list) = app.get_text("/verwaltung/cdo/verfahren").await;
    let positions: Vec<usize> = ranked
        .iter()
        .map(|a| {
            list.find(&format!("/verwaltung/cdo/verfahren/{}\"", a.procedure.id))
                .expect("every entry listed")
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "the page keeps the ranking");
    // The cockpit names the riskiest ones.
    let (_, cockpit) = app.get_text("/verwaltung/cdo").await;
    assert!(cockpit.contains(&format!("/verwaltung/cdo/verfahren/{}\"", ranked[0].procedure.id)));

    // Two years on, Tomcat 9's end has come and gone, and MELDA's risk has not fallen.
    let before = ranked.iter().find(|a| a.procedure.id == "melda").unwrap();
    let later = today + Duration::days(2 * 365);
    let melda_later = ageing::assess_all(vec![before.procedure.clone()], &graph, &table, later).remove(0);
    let tomcat = before.procedure.components.iter().position(|c| c.name == "Apache Tomcat").unwrap();
    assert_eq!(
        melda_later.components[tomcat].support,
        rathaus_core::cockpit::end_of_support::Support::Ended {
            on: chrono::NaiveDate::from_ymd_opt(2027, 3, 31)
        }
    );
    let (before, after) = (before.risk.score, melda_later.risk.score);
    assert!(after >= before, "{before} → {after}");
}

#[tokio::test]
async fn an_entry_is_made_and_changed_in_the_form_and_its_history_says_what_changed() {
    let app = TestApp::spawn().await;
    staff_member(&app, "lena@lbv.example.org", "Lena Leitung", Role::AgencyAdmin, LBV).await;
    let csrf = app.csrf_from("/verwaltung/cdo/verfahren/neu").await;

    // Wrong input: every wrong field named, everything typed still there.
    let mut input = ProcedureInput {
        id: "Fahrtenbuch Neu".into(),
        name: "FAHRTENBUCH – Auflagen (fiktiv)".into(),
        owner: LBV.into(),
        purpose_de: "Überwacht Fahrtenbuchauflagen.".into(),
        responsible_name: "Lena Leitung (fiktiv)".into(),
        responsible_email: "lena-at-example".into(),
        vendor: "Eigenentwicklung".into(),
        hosting: "state_data_centre".into(),
        users: "viele".into(),
        confidentiality: "high".into(),
        integrity: "normal".into(),
        availability: "normal".into(),
        data_classes: "personal_data".into(),
        services: "kfz-zulassung-neufahrzeug".into(),
        interfaces: "kfz-hanse: Halterdaten".into(),
        components: "PostgreSQL".into(),
        ..Default::default()
    };
    let response = post(&app, "/verwaltung/cdo/verfahren", &form_of(&input, &csrf)).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    for message in [
        "Bitte geben Sie eine Kennung aus 2 bis 64 Kleinbuchstaben",
        "Bitte geben Sie eine E-Mail-Adresse",
        "Bitte geben Sie eine ganze Zahl an",
        "Bitte schreiben Sie jeden Bestandteil als Name@Version",
    ] {
        assert!(page.contains(message), "{message}");
    }
    assert!(page.contains("FAHRTENBUCH – Auflagen (fiktiv)") && page.contains("Überwacht Fahrtenbuchauflagen."));

    input.id = "fahrtenbuch".into();
    input.responsible_email = "lena@verfahren.example.org".into();
    input.users = "40".into();
    input.components = "PostgreSQL@16\nEigenentwicklung@1.0@2027-06".into();
    input.services = String::new();
    let response = post(&app, "/verwaltung/cdo/verfahren", &form_of(&input, &csrf)).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/verwaltung/cdo/verfahren/fahrtenbuch?hinweis=angelegt"
    );
    let (_, page) = app.get_text("/verwaltung/cdo/verfahren/fahrtenbuch?hinweis=angelegt").await;
    assert!(page.contains("Das Verfahren ist im Register."));
    assert!(
        page.contains("Support endet am 30.06.2027") && page.contains("eigenes Datum (Vertrag)"),
        "{page}"
    );

    // The same key again is refused; saving without a change writes no revision.
    let response = post(&app, "/verwaltung/cdo/verfahren", &form_of(&input, &csrf)).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Diese Kennung ist schon vergeben."));
    let unchanged = edit_fields(&app, "fahrtenbuch", &input).await;
    let response = post(&app, "/verwaltung/cdo/verfahren/fahrtenbuch", &unchanged).await;
    assert_eq!(response.status(), 303);
    assert_eq!(revisions(&app, "fahrtenbuch").await, 1);

    // A change: the history and the changes since last quarter name the fields.
    input.users = "55".into();
    input.contract_end = "2029-12-31".into();
    let stale = edit_fields(&app, "fahrtenbuch", &input).await;
    let response = post(&app, "/verwaltung/cdo/verfahren/fahrtenbuch", &stale).await;
    assert_eq!(
        response.headers()["location"],
        "/verwaltung/cdo/verfahren/fahrtenbuch?hinweis=gespeichert"
    );
    assert_eq!(entry(&app, "fahrtenbuch").await.users, 55);
    let (_, page) = app.get_text("/verwaltung/cdo/verfahren/fahrtenbuch").await;
    assert!(page.contains("Vertragsende, Nutzende"), "{page}");
    let (_, changes) = app.get_text("/verwaltung/cdo/verfahren/aenderungen").await;
    assert!(
        changes.contains("Änderungen seit dem 01.07.2026") && changes.contains("FAHRTENBUCH"),
        "{changes}"
    );
    assert!(!changes.contains("MELDA"), "another agency's changes stay hidden");

    // Saving a form filled before someone else's change does not overwrite it: the form
    // comes back with what was typed, now on the current revision.
    let mut late = input.clone();
    late.users = "60".into();
    let stale: Vec<(String, String)> = stale
        .into_iter()
        .map(|(k, v)| if k == "users" { (k, "60".to_string()) } else { (k, v) })
        .collect();
    let response = post(&app, "/verwaltung/cdo/verfahren/fahrtenbuch", &stale).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("hat jemand anderes diesen Eintrag geändert") && page.contains("value=\"60\""),
        "{page}"
    );
    assert_eq!(entry(&app, "fahrtenbuch").await.users, 55);
    let resent = edit_fields(&app, "fahrtenbuch", &late).await;
    assert_eq!(post(&app, "/verwaltung/cdo/verfahren/fahrtenbuch", &resent).await.status(), 303);
    assert_eq!(entry(&app, "fahrtenbuch").await.users, 60);

    let (status, changes) = app.get_text("/verwaltung/cdo/verfahren/aenderungen?seit=gestern").await;
    assert_eq!(status, 200);
    assert!(changes.contains("Bitte geben Sie ein Datum als Jahr-Monat-Tag an"));
}

#[tokio::test]
async fn the_register_goes_out_as_a_sheet_and_comes_back_whole_or_not_at_all() {
    let app = TestApp::spawn().await;
    staff_member(&app, "lena@lbv.example.org", "Lena Leitung", Role::AgencyAdmin, LBV).await;
    let import = |name: &'static str, bytes: Vec<u8>| {
        let app = &app;
        async move { post_upload(app, "/verwaltung/cdo/verfahren/import", "/import", &[], ("file", name, &bytes)).await }
    };

    // XLSX out and in again: nothing changes.
    let xlsx = app.get("/verwaltung/cdo/verfahren.xlsx").await.bytes().await.unwrap().to_vec();
    let response = import("register.xlsx", xlsx).await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Übernommen: 0 neu, 0 geändert, 3 unverändert.")
    );

    // CSV out, one cell changed, in again: one entry changed, as an import.
    let csv = app.get("/verwaltung/cdo/verfahren.csv").await.text().await.unwrap();
    let users = entry(&app, "parko").await.users.to_string();
    let changed: String = csv
        .lines()
        .map(|l| {
            if l.starts_with("parko;") {
                l.replacen(&format!(";{users};"), ";777;", 1)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let response = import("register.csv", changed.into_bytes()).await;
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Übernommen: 0 neu, 1 geändert, 2 unverändert.")
    );
    assert_eq!(entry(&app, "parko").await.users, 777);
    let history = store::revisions(app.db().read(), "parko").await.unwrap();
    assert_eq!(history[0].change, "imported");

    // Wrong rows: nothing is taken, and every wrong cell is named with its row.
    let before = entry(&app, "kfz-hanse").await;
    let mut good = ProcedureInput::of(&before);
    good.users = "1".into();
    let mut bad = ProcedureInput::of(&entry(&app, "fe-reg").await);
    bad.hosting = "im Keller".into();
    bad.services = "gibt-es-nicht".into();
    let sheet = format!(
        "{}\n{}\n{}\n",
        COLUMNS.join(";"),
        good.cells().map(csv_cell).join(";"),
        bad.cells().map(csv_cell).join(";")
    );
    let response = import("register.csv", sheet.into_bytes()).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Nichts wurde übernommen"), "{page}");
    assert!(page.contains("<th scope=\"row\">3</th><td>fe-reg</td><td>Betrieb</td>"), "{page}");
    assert_eq!(entry(&app, "kfz-hanse").await, before, "the good row waits for the bad one");

    // Files that are no sheet of the register say so.
    let response = import("notes.csv", b"Spalte;Andere\n1;2\n".to_vec()).await;
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("In der ersten Zeile fehlen die Spalten: id, name, owner.")
    );
    let response = import("broken.xlsx", b"PK\x03\x04 kaputt".to_vec()).await;
    assert!(response.text().await.unwrap().contains("keine lesbare CSV- oder XLSX-Tabelle"));
}

/// An SBOM written by CycloneDX's own Python tool for a pinned requirements file.
async fn sbom_of(requirements: &str, spec: Option<&str>) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("requirements.txt"), dir.path().join("bom.json"));
    std::fs::write(&input, requirements).unwrap();
    let mut args = vec![
        "requirements".to_string(),
        input.display().to_string(),
        "--of".into(),
        "JSON".into(),
    ];
    if let Some(spec) = spec {
        args.extend(["--sv".to_string(), spec.to_string()]);
    }
    args.extend(["-o".to_string(), output.display().to_string()]);
    let status = tokio::task::spawn_blocking(move || std::process::Command::new("cyclonedx-py").args(args).status())
        .await
        .unwrap()
        .expect("cyclonedx-py runs; `scripts/install-test-deps` installs it");
    assert!(status.success());
    std::fs::read(output).unwrap()
}

#[tokio::test]
async fn an_sbom_from_a_real_tool_replaces_the_last_sboms_components_and_keeps_the_typed_ones() {
    let app = TestApp::spawn().await;
    staff_member(&app, "lena@lbv.example.org", "Lena Leitung", Role::AgencyAdmin, LBV).await;
    let page = "/verwaltung/cdo/verfahren/parko";
    let typed = entry(&app, "parko").await.components;

    let bom = sbom_of("django==3.2.25\nrequests==2.31.0\n", Some("1.5")).await;
    let response = post_upload(&app, page, "/sbom", &[], ("file", "bom.json", &bom)).await;
    assert_eq!(response.status(), 303);
    let (_, html) = app.get_text(&format!("{page}?hinweis=sbom")).await;
    assert!(html.contains("Die Bestandteile aus der SBOM sind übernommen."));
    assert!(
        html.contains("<th scope=\"row\">django</th><td>3.2.25</td><td>Django 3.2</td>"),
        "{html}"
    );
    assert!(html.contains("kein Support mehr seit 01.04.2024"));
    let components = entry(&app, "parko").await.components;
    assert_eq!(components.len(), typed.len() + 2);
    assert!(components.iter().any(|c| c.purl.as_deref() == Some("pkg:pypi/requests@2.31.0")));

    // The next SBOM replaces the last one's components; the typed ones stay.
    let bom = sbom_of("django==5.2.1\n", Some("1.5")).await;
    post_upload(&app, page, "/sbom", &[], ("file", "bom.json", &bom)).await;
    let components = entry(&app, "parko").await.components;
    assert_eq!(components.len(), typed.len() + 1);
    assert!(components.iter().any(|c| c.name == "django" && c.version == "5.2.1"));
    assert!(typed.iter().all(|t| components.contains(t)));
    let history = store::revisions(app.db().read(), "parko").await.unwrap();
    assert_eq!(history[0].change, "sbom");

    // The tool's default (CycloneDX 1.6) and a file that is no SBOM are refused with
    // what to do; the entry stays as it was.
    let before = entry(&app, "parko").await;
    let bom = sbom_of("django==5.2.1\n", None).await;
    let response = post_upload(&app, page, "/sbom", &[], ("file", "bom.json", &bom)).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("die CycloneDX-Version 1.6"));
    let response = post_multipart(&app, (page, "/sbom"), &[], Some(("file", "bom.json", b"{\"name\": 1}"))).await;
    assert!(response.text().await.unwrap().contains("keine lesbare CycloneDX-SBOM"));
    assert_eq!(entry(&app, "parko").await, before);
}

#[tokio::test]
async fn the_cdo_office_updates_a_product_from_endoflifes_file() {
    let app = TestApp::spawn().await;
    let clara = staff_member(&app, "clara@cdo.example.org", "Clara Cockpit", Role::AgencyAdmin, "amt-itd").await;
    let (status, page) = app.get_text("/verwaltung/cdo/supportende").await;
    assert_eq!(status, 200, "agency administrators read the table");
    assert!(
        page.contains("PostgreSQL") && !page.contains("/verwaltung/cdo/supportende?_csrf"),
        "but cannot import"
    );
    grant(&app, clara, Role::Cdo, Scope::City).await;

    // endoflife.date's own cycle names ("9") and shape, with fields the register ignores.
    let tomcat = br#"[{"cycle":"11.0","releaseDate":"2024-10-03","eol":false,"latest":"11.0.2","lts":false,"link":null},
        {"cycle":"9","releaseDate":"2017-09-27","eol":"2029-03-31","extendedSupport":false,"latest":"9.0.98"}]"#;
    let response = post_upload(
        &app,
        "/verwaltung/cdo/supportende",
        "/supportende",
        &[("product", "tomcat")],
        ("file", "tomcat.json", tomcat),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("2 Zyklen für „tomcat“ übernommen."));
    let (_, melda) = app.get_text("/verwaltung/cdo/verfahren/melda").await;
    assert!(melda.contains("unterstützt bis 31.03.2029"), "{melda}");

    // A broken file, and a new product without its name, are refused with the reason.
    let response = post_upload(
        &app,
        "/verwaltung/cdo/supportende",
        "/supportende",
        &[("product", "tomcat")],
        ("file", "x.json", br#"[{"cycle":"9","eol":"bald"}]"#),
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("nicht die Form von endoflife.date"));
    let response = post_upload(
        &app,
        "/verwaltung/cdo/supportende",
        "/supportende",
        &[("product", "jetty")],
        ("file", "jetty.json", br#"[{"cycle":"9","eol":"2022-06-01"}]"#),
    )
    .await;
    assert!(response.text().await.unwrap().contains("Bitte geben Sie seinen Namen an."));
    let imported: i64 = app
        .scalar("SELECT COUNT(*) AS v FROM audit_log WHERE action = 'end_of_support.imported'")
        .await;
    assert_eq!(imported, 1);
}

/// Lena's own procedure with one component whose support ends on 2027-06-30 (seven
/// months after the test's day) and one that ends in November 2028.
async fn fahrtenbuch(app: &TestApp) {
    let csrf = app.csrf_from("/verwaltung/cdo/verfahren/neu").await;
    let input = ProcedureInput {
        id: "fahrtenbuch".into(),
        name: "FAHRTENBUCH – Auflagen (fiktiv)".into(),
        owner: LBV.into(),
        purpose_de: "Überwacht Fahrtenbuchauflagen.".into(),
        responsible_name: "Lena Leitung (fiktiv)".into(),
        responsible_email: "fahrtenbuch@verfahren.example.org".into(),
        vendor: "Eigenentwicklung".into(),
        hosting: "state_data_centre".into(),
        users: "40".into(),
        confidentiality: "high".into(),
        integrity: "normal".into(),
        availability: "normal".into(),
        data_classes: "personal_data".into(),
        components: "PostgreSQL@16\nFahrtenbuch-Kern@1.0@2027-06".into(),
        ..Default::default()
    };
    let response = post(app, "/verwaltung/cdo/verfahren", &form_of(&input, &csrf)).await;
    assert_eq!(response.status(), 303);
}

async fn plan(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let (_, html) = app.get_text(path).await;
    let csrf = crate::helpers::extract_value(&html, "_csrf").expect("the measure form");
    let action = html
        .split("action=\"")
        .nth(1)
        .and_then(|a| a.split('"').next())
        .unwrap()
        .to_string();
    let mut form = vec![("_csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    app.post_form(&action, &form).await
}

#[tokio::test]
async fn a_measure_answers_an_end_of_support_and_the_roadmap_shows_whether_it_comes_in_time() {
    let app = TestApp::spawn().await;
    staff_member(&app, "lena@lbv.example.org", "Lena Leitung", Role::AgencyAdmin, LBV).await;
    fahrtenbuch(&app).await;

    // Without a measure the end in seven months is on the list of what needs doing.
    let (_, roadmap) = app.get_text("/verwaltung/cdo/fahrplan").await;
    assert!(
        roadmap.contains("Fahrtenbuch-Kern 1.0: Support endet am 30.06.2027 – keine Maßnahme geplant"),
        "{roadmap}"
    );
    assert!(roadmap.contains("zuständig: Lena Leitung (fiktiv) (fahrtenbuch@verfahren.example.org)"));

    // A wrong measure: every field named, nothing lost.
    let new = "/verwaltung/cdo/verfahren/fahrtenbuch/massnahmen/neu";
    let response = plan(
        &app,
        new,
        &[
            ("title", "Neuentwicklung"),
            ("target", ""),
            ("target_date", "Sommer 2027"),
            ("status", "planned"),
            ("milestones", "bald Test"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Bitte füllen Sie dieses Feld aus.") && page.contains("Bitte schreiben Sie jeden Meilenstein"),
        "{page}"
    );
    assert!(page.contains("value=\"Neuentwicklung\""));

    // In time: before the first end of support.
    let fields = [
        ("title", "Neuentwicklung auf Basis der Plattform"),
        ("target", "FAHRTENBUCH 2"),
        ("target_date", "2027-05-31"),
        ("budget_eur", "250.000"),
        ("status", "in_progress"),
        ("milestones", "2027-02-01 Testbetrieb\n2026-12-01 Ausschreibung [x]"),
    ];
    let response = plan(&app, new, &fields).await;
    assert_eq!(response.status(), 303);
    let (_, page) = app.get_text("/verwaltung/cdo/verfahren/fahrtenbuch?hinweis=massnahme").await;
    assert!(
        page.contains("Die Maßnahme ist gespeichert.") && page.contains("250.000,00 €"),
        "{page}"
    );
    assert!(page.contains("01.12.2026: Ausschreibung (erreicht)"));
    assert!(!page.contains("nach dem Supportende"));
    let (_, roadmap) = app.get_text("/verwaltung/cdo/fahrplan").await;
    assert!(!roadmap.contains("Fahrtenbuch-Kern 1.0: Support endet"), "answered by the measure");
    let q2 = roadmap
        .split("<th scope=\"row\">Q2/2027</th>")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(
        q2.contains("Fahrtenbuch-Kern 1.0") && q2.contains("Neuentwicklung auf Basis der Plattform") && q2.contains("rechtzeitig"),
        "{q2}"
    );

    // Moved after the end: late on the roadmap, on the list and on the entry.
    let measure = rathaus_core::cockpit::measure::of_procedure(app.db().read(), "fahrtenbuch")
        .await
        .unwrap()
        .remove(0);
    let edit = format!("/verwaltung/cdo/verfahren/fahrtenbuch/massnahmen/{}", measure.id);
    let mut later = fields;
    later[2] = ("target_date", "2027-09-30");
    assert_eq!(plan(&app, &edit, &later).await.status(), 303);
    let (_, roadmap) = app.get_text("/verwaltung/cdo/fahrplan?behoerde=lbv").await;
    assert!(
        roadmap.contains("Maßnahme „Neuentwicklung auf Basis der Plattform“ erst bis 30.09.2027, nach dem Supportende am 30.06.2027"),
        "{roadmap}"
    );
    let q3 = roadmap
        .split("<th scope=\"row\">Q3/2027</th>")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(q3.contains("nach dem Supportende"), "{q3}");
    let (_, page) = app.get_text("/verwaltung/cdo/verfahren/fahrtenbuch").await;
    assert!(page.contains("nach dem Supportende"));

    // Nobody else plans for it: another agency's administrator, or the CDO office.
    staff_member(
        &app,
        "otto@hsvo.example.org",
        "Otto Ort",
        Role::AgencyAdmin,
        "hamburg-service-vor-ort",
    )
    .await;
    assert_eq!(app.get(new).await.status(), 404);
    assert_eq!(app.get(&edit).await.status(), 404);
    let (_, roadmap) = app.get_text("/verwaltung/cdo/fahrplan").await;
    assert!(!roadmap.contains("FAHRTENBUCH"), "another agency's roadmap");
    let conn = app.db().read();
    let row = sea_orm::ConnectionTrait::query_one_raw(
        conn,
        rathaus_platform::db::stmt(
            conn,
            "SELECT COUNT(*) AS n FROM it_measure_revisions WHERE measure_id = $1",
            vec![measure.id.into()],
        ),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 2, "created and edited");
}

#[tokio::test]
async fn owners_are_reminded_once_per_threshold_until_a_measure_answers() {
    use rathaus_core::cockpit::reminders;
    let app = TestApp::spawn().await;
    staff_member(&app, "lena@lbv.example.org", "Lena Leitung", Role::AgencyAdmin, LBV).await;
    fahrtenbuch(&app).await;
    let site = ("Hamburg (Demo)", "http://localhost:8080");
    let mails = || app.scalar::<i64>("SELECT COUNT(*) AS v FROM mails WHERE to_address = 'fahrtenbuch@verfahren.example.org'");

    // Seven months ahead: the 12-month reminder, once — however often the job runs, and
    // when two workers run it at the same moment.
    let (a, b) = tokio::join!(
        reminders::remind(app.db(), &*app.clock, site),
        reminders::remind(app.db(), &*app.clock, site)
    );
    a.unwrap();
    b.unwrap();
    reminders::remind(app.db(), &*app.clock, site).await.unwrap();
    assert_eq!(mails().await, 1);
    assert_eq!(
        reminders::sent(app.db().read(), "fahrtenbuch").await.unwrap(),
        [("Fahrtenbuch-Kern 1.0".to_string(), 12)]
    );
    let subject: String = app
        .scalar("SELECT subject AS v FROM mails WHERE to_address = 'fahrtenbuch@verfahren.example.org'")
        .await;
    assert_eq!(subject, "Supportende in 12 Monaten: FAHRTENBUCH – Auflagen (fiktiv)");

    // Two months later the 6-month one.
    app.clock.advance(Duration::days(60));
    reminders::remind(app.db(), &*app.clock, site).await.unwrap();
    reminders::remind(app.db(), &*app.clock, site).await.unwrap();
    assert_eq!(mails().await, 2);

    // A measure answers it: no 3-month reminder.
    let measure = rathaus_core::cockpit::measure::Measure {
        id: uuid::Uuid::now_v7(),
        procedure: "fahrtenbuch".into(),
        title: "Neuentwicklung".into(),
        target: "FAHRTENBUCH 2".into(),
        target_date: chrono::NaiveDate::from_ymd_opt(2027, 5, 31).unwrap(),
        budget_eur: 0,
        status: rathaus_core::cockpit::measure::MeasureStatus::Planned,
        milestones: vec![],
    };
    let lena = rathaus_core::accounts::find_by_email(app.db(), "lena@lbv.example.org")
        .await
        .unwrap();
    let office = register::Office::of(
        lena.id,
        "Lena Leitung",
        &rathaus_core::accounts::grants_of(app.db(), lena.id).await.unwrap(),
    );
    rathaus_core::cockpit::measure::save(app.db(), &*app.clock, &office, &measure)
        .await
        .unwrap();
    app.clock.advance(Duration::days(90));
    reminders::remind(app.db(), &*app.clock, site).await.unwrap();
    assert_eq!(mails().await, 2);
}
