//! Case work from both sides: staff see, open and move only their agency's cases (the
//! rest is 404 and audited), every step is refused unless the workflow allows it, the
//! resident follows each step on the status page and by a content-free mail, and
//! internal notes never reach the resident.

use chrono::Duration;
use rathaus_core::accounts::notices::Site;
use rathaus_core::accounts::{self, Account, Role, Scope};
use rathaus_core::applications::{self, Submission};
use rathaus_core::cases::delivery::Choice;
use rathaus_platform::clock::Clock;
use rathaus_platform::i18n::Lang;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::accounts::{PASSWORD, confirmed_account, mails_to, sign_in};
use crate::applications::{complete, dog_form};
use crate::applying::worker;
use crate::helpers::{TestApp, acting};
use crate::second_factor::{enrol_app, sign_in_with_app};
use crate::staff::{accept_invitation, grant};

const ANNA: &str = "anna@example.org";
/// The dog tax is the finance authority's ("fb"); the other agency is a district office.
pub(crate) const AGENCY: &str = "fb";
pub(crate) const OTHER_AGENCY: &str = "ba-altona";

/// A staff member with `role` in `agency`, signed in with a second factor; their
/// cookies stay in `app`.
pub(crate) async fn staff_member(app: &TestApp, email: &str, name: &str, role: Role, agency: &str) -> Uuid {
    app.forget_cookies();
    let site = Site {
        city: "Hamburg (Demo)",
        public_url: "http://localhost:8080",
        lang: Lang::De,
    };
    let id = accounts::staff::invite(app.db(), &*app.clock, &site, "operator:test", email, name)
        .await
        .unwrap()
        .id;
    accept_invitation(app, email).await;
    grant(app, id, role, Scope::Agency(agency.into())).await;
    sign_in(app, email, PASSWORD, "").await;
    enrol_app(app, email).await;
    id
}

/// Anna's account (registered and confirmed over HTTP, so she can sign in).
pub(crate) async fn anna(app: &TestApp) -> Account {
    confirmed_account(app, ANNA).await;
    accounts::find_by_email(app.db(), ANNA).await.unwrap()
}

/// One of Anna's dog-tax applications, submitted to `agency`.
pub(crate) async fn case_of(app: &TestApp, owner: &Account, agency: &str) -> Uuid {
    case_delivered(app, owner, agency, None).await
}

/// One of Anna's dog-tax applications, submitted to `agency` with a delivery choice.
pub(crate) async fn case_delivered(app: &TestApp, owner: &Account, agency: &str, delivery: Option<&Choice>) -> Uuid {
    let form = dog_form();
    let draft = applications::start(app.db(), &*app.clock, &acting(owner), None, &form)
        .await
        .unwrap();
    complete(app, owner, draft.id, &form).await;
    let to = Submission {
        prefix: "HH",
        lang: Lang::De,
        agency,
        processing_days: Some(10),
        delivery,
    };
    applications::submit(app.db(), &*app.clock, &acting(owner), draft.id, &form, to)
        .await
        .unwrap()
        .unwrap();
    draft.id
}

pub(crate) struct Cookies(String);

pub(crate) fn save(app: &TestApp) -> Cookies {
    Cookies(app.cookie_header())
}

pub(crate) fn restore(app: &TestApp, cookies: &Cookies) {
    app.forget_cookies();
    for pair in cookies.0.split("; ") {
        app.set_cookie(pair);
    }
}

pub(crate) async fn step(app: &TestApp, id: Uuid, step: &str, message: &str) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/daten").await;
    app.post_form(
        &format!("/verwaltung/vorgaenge/{id}/schritt"),
        &[("_csrf", &csrf), ("step", step), ("message", message)],
    )
    .await
}

pub(crate) async fn status_of(app: &TestApp, id: Uuid) -> String {
    applications::by_id(app.db(), id).await.unwrap().status.as_str().to_string()
}

#[tokio::test]
async fn staff_see_and_act_only_on_their_agencys_cases_and_every_refusal_is_audited() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let ours = case_of(&app, &owner, AGENCY).await;
    let theirs = case_of(&app, &owner, OTHER_AGENCY).await;
    let draft = applications::start(app.db(), &*app.clock, &acting(&owner), None, &dog_form())
        .await
        .unwrap()
        .id;
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;

    let (status, queue) = app.get_text("/verwaltung/vorgaenge").await;
    assert_eq!(status, 200);
    assert!(queue.contains(&format!("/verwaltung/vorgaenge/{ours}")));
    assert!(!queue.contains(&theirs.to_string()), "another agency's case is not listed");
    assert!(!queue.contains(&draft.to_string()), "drafts are not cases");
    assert!(queue.contains("07.12.2026"), "due ten working days after Monday 23.11.");
    let (status, _) = app.get_text(&format!("/verwaltung/vorgaenge/{ours}")).await;
    assert_eq!(status, 200);
    assert_eq!(app.count("audit_log WHERE action = 'case.read'").await, 1);

    let before = app.count("audit_log WHERE action = 'case.access-refused'").await;
    for id in [theirs, draft, Uuid::now_v7()] {
        assert_eq!(app.get(&format!("/verwaltung/vorgaenge/{id}")).await.status(), 404);
    }
    let file = Uuid::now_v7();
    assert_eq!(
        app.get(&format!("/verwaltung/vorgaenge/{theirs}/dateien/{file}")).await.status(),
        404
    );
    assert_eq!(step(&app, theirs, "start-review", "").await.status(), 404);
    let csrf = app.csrf_from("/konto/daten").await;
    for (path, field, value) in [("zuweisen", "assignee", "ich"), ("notizen", "note", "Hallo")] {
        let response = app
            .post_form(
                &format!("/verwaltung/vorgaenge/{theirs}/{path}"),
                &[("_csrf", &csrf), (field, value)],
            )
            .await;
        assert_eq!(response.status(), 404, "{path}");
    }
    let refused = app.count("audit_log WHERE action = 'case.access-refused'").await - before;
    assert_eq!(refused, 7, "every attempt is in the audit log");
    assert_eq!(status_of(&app, theirs).await, "submitted", "nothing changed");
    assert_eq!(app.count("case_notes").await, 0);

    // A filter for another agency shows nothing of it either.
    let (_, filtered) = app
        .get_text(&format!("/verwaltung/vorgaenge?behoerde={OTHER_AGENCY}&stand=alle"))
        .await;
    assert!(!filtered.contains(&theirs.to_string()));

    // Staff without a case role, and residents, get no queue at all.
    staff_member(&app, "paul.publisher@example.org", "Paul Presse", Role::Publisher, AGENCY).await;
    assert_eq!(app.get("/verwaltung/vorgaenge").await.status(), 403);
    assert_eq!(app.get(&format!("/verwaltung/vorgaenge/{ours}")).await.status(), 403);
    app.forget_cookies();
    sign_in_with_app(&app, ANNA).await;
    let response = app.get(&format!("/verwaltung/vorgaenge/{ours}")).await;
    assert!(matches!(response.status().as_u16(), 303 | 403), "{}", response.status());
}

#[tokio::test]
async fn a_case_moves_from_submitted_to_closed_and_the_resident_follows_every_step() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let id = case_of(&app, &owner, AGENCY).await;
    sign_in_with_app(&app, ANNA).await;
    let resident = save(&app);
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    let staff = save(&app);

    // Steps the workflow does not allow are refused in the domain, whatever is posted.
    assert_eq!(step(&app, id, "approve", "").await.status(), 409);
    assert_eq!(
        step(&app, id, "withdraw", "").await.status(),
        403,
        "staff cannot withdraw for the resident"
    );
    assert_eq!(step(&app, id, "delete-everything", "").await.status(), 422);
    assert_eq!(status_of(&app, id).await, "submitted");

    assert_eq!(step(&app, id, "start-review", "").await.status(), 303);
    // An information request needs its text; a bad one comes back with the text kept.
    let response = step(&app, id, "request-information", "   ").await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Schreiben Sie, welche Angaben"));
    let long = "x".repeat(5_001);
    let response = step(&app, id, "request-information", &long).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains(&long), "the typed text is kept");
    let question = "Bitte schicken Sie uns den Nachweis der Haftpflichtversicherung für Bello.";
    assert_eq!(step(&app, id, "request-information", question).await.status(), 303);
    assert_eq!(status_of(&app, id).await, "information_requested");

    // The request went out three working days ago (Wednesday to Monday); now the
    // information is there, and the due date moves by three.
    let conn = app.db().write();
    let three_days_ago = app.clock.now() - Duration::days(5);
    conn.execute_raw(rathaus_platform::db::stmt(
        conn,
        "UPDATE applications SET waiting_since = $1 WHERE id = $2",
        vec![three_days_ago.into(), id.into()],
    ))
    .await
    .unwrap();
    assert_eq!(step(&app, id, "resume-review", "").await.status(), 303);
    let case = applications::by_id(app.db(), id).await.unwrap();
    assert_eq!(case.due_on.unwrap().to_string(), "2026-12-10");
    for s in ["approve", "deliver", "close"] {
        assert_eq!(step(&app, id, s, "").await.status(), 303, "{s}");
    }
    assert_eq!(status_of(&app, id).await, "closed");
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert!(page.contains("keinen weiteren Schritt"));
    assert_eq!(step(&app, id, "start-review", "").await.status(), 409, "closed stays closed");
    restore(&app, &staff);

    // The resident: every step on the status page, the question in the inbox, and one
    // mail per step that says nothing of the case.
    restore(&app, &resident);
    let (_, status) = app.get_text(&format!("/antraege/{id}")).await;
    for text in [
        "Ihr Antrag wird jetzt geprüft",
        "Die Behörde braucht noch Angaben",
        "Die Prüfung geht weiter",
        "Über Ihren Antrag ist entschieden: bewilligt",
        "Das Ergebnis ist zugestellt",
        "Der Vorgang ist abgeschlossen",
    ] {
        assert!(status.contains(text), "status page shows \"{text}\"");
    }
    let (_, inbox) = app.get_text("/postfach").await;
    assert!(inbox.contains("Rückfrage zu Ihrem Antrag HH-2026-000001"));
    let w = worker(&app);
    while w.run_once().await.unwrap() > 0 {}
    // One notice per step, each saying in its subject what it asks or brings.
    let subjects = [
        "Ihr Antrag HH-2026-000001 wird jetzt bearbeitet",
        "Handeln Sie bis 07.12.2026: Rückfrage zu Ihrem Antrag HH-2026-000001",
        "Neuigkeiten zu Ihrem Antrag HH-2026-000001",
        "Der Bescheid zu Ihrem Antrag HH-2026-000001 liegt bereit",
    ];
    let notices: Vec<_> = mails_to(&app, ANNA)
        .await
        .into_iter()
        .filter(|m| subjects.contains(&m.subject.as_str()))
        .collect();
    assert_eq!(
        notices.len(),
        6,
        "one notice per step: {:?}",
        notices.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    for (subject, times) in subjects.iter().zip([1, 1, 3, 1]) {
        assert_eq!(notices.iter().filter(|m| m.subject == *subject).count(), times, "{subject}");
    }
    assert!(
        notices
            .iter()
            .all(|m| !m.body_text.contains("Haftpflicht") && m.body_text.contains(&format!("/antraege/{id}")))
    );
}

#[tokio::test]
async fn the_resident_sees_the_request_and_may_withdraw_only_until_the_decision() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let first = case_of(&app, &owner, AGENCY).await;
    let second = case_of(&app, &owner, AGENCY).await;
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    let staff = save(&app);
    step(&app, first, "start-review", "").await;
    step(&app, first, "request-information", "Bitte den Chip-Nachweis schicken.").await;
    step(&app, second, "start-review", "").await;
    step(&app, second, "reject", "").await;

    app.forget_cookies();
    sign_in_with_app(&app, ANNA).await;
    let (_, status) = app.get_text(&format!("/antraege/{first}")).await;
    assert!(status.contains("Wir brauchen noch Angaben von Ihnen"));
    assert!(status.contains("Antrag zurückziehen"));
    let (code, confirm) = app.get_text(&format!("/antraege/{first}/zurueckziehen")).await;
    assert_eq!(code, 200);
    assert!(confirm.contains("HH-2026-000001"));
    let csrf = app.csrf_from(&format!("/antraege/{first}/zurueckziehen")).await;
    let response = app
        .post_form(&format!("/antraege/{first}/zurueckziehen"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(status_of(&app, first).await, "withdrawn");
    let (_, status) = app.get_text(&format!("/antraege/{first}")).await;
    assert!(status.contains("Sie haben den Antrag zurückgezogen"));

    // Decided: too late, and the page does not offer it.
    let (_, status) = app.get_text(&format!("/antraege/{second}")).await;
    assert!(status.contains("Entschieden: Ihr Antrag ist abgelehnt"));
    assert!(!status.contains("/zurueckziehen"));
    let response = app
        .post_form(&format!("/antraege/{second}/zurueckziehen"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(response.status(), 409);
    assert_eq!(status_of(&app, second).await, "decided");

    // Staff cannot act on the withdrawn case any more.
    restore(&app, &staff);
    assert_eq!(step(&app, first, "resume-review", "").await.status(), 409);
}

#[tokio::test]
async fn case_workers_take_cases_team_leads_reassign_and_notes_stay_internal() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let id = case_of(&app, &owner, AGENCY).await;
    let bert = staff_member(&app, "bert.case@example.org", "Bert Bearbeiter", Role::CaseWorker, AGENCY).await;
    let bert_cookies = save(&app);
    let outsider = staff_member(&app, "olaf.other@example.org", "Olaf Anders", Role::CaseWorker, OTHER_AGENCY).await;
    let carla = staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    let carla_cookies = save(&app);
    let assign = |to: String| {
        let app = &app;
        async move {
            let csrf = app.csrf_from("/konto/daten").await;
            app.post_form(
                &format!("/verwaltung/vorgaenge/{id}/zuweisen"),
                &[("_csrf", &csrf), ("assignee", &to)],
            )
            .await
        }
    };

    // Carla takes the unassigned case; her queue "mine" shows it.
    assert_eq!(assign("ich".into()).await.status(), 303);
    let (_, mine) = app.get_text("/verwaltung/vorgaenge?bearbeitung=ich").await;
    assert!(mine.contains(&id.to_string()));
    // Someone outside the agency cannot be given the case.
    assert_eq!(assign(outsider.to_string()).await.status(), 422);

    // Bert cannot take it away from her.
    restore(&app, &bert_cookies);
    assert_eq!(assign("ich".into()).await.status(), 403);
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert!(page.contains("Nur die Teamleitung kann ihn neu zuweisen"));
    let (_, nobodys) = app.get_text("/verwaltung/vorgaenge?bearbeitung=niemand").await;
    assert!(!nobodys.contains(&id.to_string()));

    // The team lead reassigns to Bert.
    staff_member(&app, "tina.lead@example.org", "Tina Teamleitung", Role::TeamLead, AGENCY).await;
    assert_eq!(assign(bert.to_string()).await.status(), 303);
    assert_eq!(applications::by_id(app.db(), id).await.unwrap().assignee_id, Some(bert));
    assert_eq!(app.count("audit_log WHERE action = 'case.assigned'").await, 2);
    assert_ne!(Some(carla), applications::by_id(app.db(), id).await.unwrap().assignee_id);

    // Notes: kept with author and line breaks, shown to colleagues, never to the resident.
    restore(&app, &carla_cookies);
    let csrf = app.csrf_from("/konto/daten").await;
    let empty = app
        .post_form(&format!("/verwaltung/vorgaenge/{id}/notizen"), &[("_csrf", &csrf), ("note", " ")])
        .await;
    assert_eq!(empty.status(), 422);
    let secret = "Rückfrage beim Veterinäramt läuft <b>noch</b>.";
    let saved = app
        .post_form(
            &format!("/verwaltung/vorgaenge/{id}/notizen"),
            &[("_csrf", &csrf), ("note", secret)],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert!(
        page.contains("Rückfrage beim Veterinäramt läuft &#60;b&#62;noch&#60;/b&#62;."),
        "{page}"
    );
    assert!(page.contains("Carla Fall"));

    app.forget_cookies();
    sign_in_with_app(&app, ANNA).await;
    for path in [
        format!("/antraege/{id}"),
        format!("/api/v1/applications/{id}"),
        "/postfach".to_string(),
    ] {
        let (_, body) = app.get_text(&path).await;
        assert!(!body.contains("Veterinäramt"), "{path}");
    }
    let export = accounts::privacy::export(app.db(), &*app.clock, owner.id, false).await.unwrap();
    assert!(
        !export.to_string().contains("Veterinäramt"),
        "the export names the note, not its text"
    );
    assert_eq!(export["case_notes"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_revoked_case_role_fails_on_the_next_request() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let id = case_of(&app, &owner, AGENCY).await;
    let carla = staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    assert_eq!(app.get(&format!("/verwaltung/vorgaenge/{id}")).await.status(), 200);
    accounts::revoke_role(
        app.db(),
        &*app.clock,
        "operator:test",
        carla,
        Role::CaseWorker,
        Scope::Agency(AGENCY.into()),
    )
    .await
    .unwrap();
    assert_eq!(app.get(&format!("/verwaltung/vorgaenge/{id}")).await.status(), 403);
    assert_eq!(step(&app, id, "start-review", "").await.status(), 403);
    assert_eq!(status_of(&app, id).await, "submitted");
}

#[tokio::test]
async fn exports_and_figures_stay_within_the_agency_and_neutralise_formulas() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let ours = case_of(&app, &owner, AGENCY).await;
    let decided = case_of(&app, &owner, AGENCY).await;
    case_of(&app, &owner, OTHER_AGENCY).await;
    // A name that a spreadsheet would run as a formula.
    let tricky = staff_member(
        &app,
        "eve.formula@example.org",
        "=HYPERLINK(\"http://evil.example\")",
        Role::CaseWorker,
        AGENCY,
    )
    .await;
    staff_member(&app, "tina.lead@example.org", "Tina Teamleitung", Role::TeamLead, AGENCY).await;
    let csrf = app.csrf_from("/konto/daten").await;
    let assigned = app
        .post_form(
            &format!("/verwaltung/vorgaenge/{ours}/zuweisen"),
            &[("_csrf", &csrf), ("assignee", &tricky.to_string())],
        )
        .await;
    assert_eq!(assigned.status(), 303);
    step(&app, decided, "start-review", "").await;
    step(&app, decided, "approve", "").await;

    let csv = app.get("/verwaltung/vorgaenge/export.csv?stand=alle").await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    assert!(text.starts_with('\u{feff}'), "a byte order mark for spreadsheet programs");
    assert!(text.contains("Aktenzeichen;"), "{text}");
    assert!(text.contains("HH-2026-000001") && text.contains("HH-2026-000002"));
    assert!(!text.contains("HH-2026-000003"), "another agency's case is not exported");
    assert!(text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""), "neutralised: {text}");
    let mine = app
        .get("/verwaltung/vorgaenge/export.csv?stand=alle&behoerde=ba-altona")
        .await
        .text()
        .await
        .unwrap();
    assert!(!mine.contains("HH-2026-"), "a filter for another agency exports nothing");

    let xlsx = app.get("/verwaltung/vorgaenge/export.xlsx").await;
    assert_eq!(
        xlsx.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"), "a zip container");
    assert_eq!(app.count("audit_log WHERE action = 'case.exported'").await, 3);

    let (status, figures) = app.get_text("/verwaltung/kennzahlen").await;
    assert_eq!(status, 200);
    assert!(figures.contains("Finanzbehörde") && !figures.contains("Bezirksamt Altona"));
    assert!(
        figures.contains("<dt>Entschieden in den letzten zwölf Monaten</dt><dd>1</dd>"),
        "{figures}"
    );
    assert!(figures.contains("0,0 Tage"), "decided the same minute it came in");
}

/// Open and overdue cases per agency as the CDO's cockpit counts them (from the table of
/// open cases the database keeps), beside the same counted from the applications.
async fn open_cases_counted_both_ways(app: &TestApp) -> Vec<(String, i64, i64)> {
    let today = rathaus_core::cases::due::local_date(app.clock.now());
    let kept: Vec<_> = rathaus_core::cases::figures::open_by_agency(app.db().read(), today)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.agency_id, c.open, c.overdue))
        .collect();
    let conn = app.db().read();
    let counted: Vec<(String, i64, i64)> = conn
        .query_all_raw(rathaus_platform::db::stmt(
            conn,
            "SELECT agency_id, COUNT(*) AS open, COALESCE(SUM(CASE WHEN due_on < $1 THEN 1 ELSE 0 END), 0) AS overdue \
             FROM applications WHERE status IN ('submitted', 'in_review', 'information_requested') \
             AND agency_id IS NOT NULL GROUP BY agency_id ORDER BY agency_id",
            vec![today.into()],
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.try_get("", "agency_id").unwrap(),
                r.try_get("", "open").unwrap(),
                r.try_get("", "overdue").unwrap(),
            )
        })
        .collect();
    assert_eq!(kept, counted, "the kept open cases are the applications' open cases");
    kept
}

/// Cases per agency and state as the figures read them (from the counts the database
/// keeps) must be the applications' own, counted.
async fn case_counts_agree(app: &TestApp) {
    let conn = app.db().read();
    let rows = |sql: &'static str| async move {
        conn.query_all_raw(rathaus_platform::db::stmt(conn, sql, vec![]))
            .await
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r.try_get::<String>("", "agency_id").unwrap(),
                    r.try_get::<String>("", "status").unwrap(),
                    r.try_get::<i64>("", "n").unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let kept = rows(
        "SELECT agency_id, status, CAST(SUM(n) AS BIGINT) AS n FROM case_counts GROUP BY agency_id, status \
         HAVING SUM(n) <> 0 ORDER BY agency_id, status",
    )
    .await;
    let counted = rows(
        "SELECT agency_id, status, COUNT(*) AS n FROM applications WHERE status <> 'draft' AND agency_id IS NOT NULL \
         GROUP BY agency_id, status ORDER BY agency_id, status",
    )
    .await;
    assert_eq!(kept, counted, "the kept counts are the applications' counts");
}

fn of_agency(counts: &[(String, i64, i64)], agency: &str) -> (i64, i64) {
    counts.iter().find(|c| c.0 == agency).map_or((0, 0), |c| (c.1, c.2))
}

#[tokio::test]
async fn the_open_cases_and_the_counts_the_database_keeps_follow_every_step_of_every_case() {
    let app = TestApp::spawn().await;
    let before = of_agency(&open_cases_counted_both_ways(&app).await, AGENCY);
    let owner = anna(&app).await;
    let cases = [
        case_of(&app, &owner, AGENCY).await,
        case_of(&app, &owner, AGENCY).await,
        case_of(&app, &owner, AGENCY).await,
    ];
    let elsewhere = case_of(&app, &owner, OTHER_AGENCY).await;
    // A draft is nobody's case yet.
    applications::start(app.db(), &*app.clock, &acting(&owner), None, &dog_form())
        .await
        .unwrap();
    let counts = open_cases_counted_both_ways(&app).await;
    assert_eq!(of_agency(&counts, AGENCY), (before.0 + 3, before.1));
    case_counts_agree(&app).await;

    // A question keeps a case open; a decision and a withdrawal end it.
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    for (id, steps) in [
        (cases[0], &["start-review", "request-information"][..]),
        (cases[1], &["start-review", "reject"][..]),
    ] {
        for s in steps {
            assert_eq!(step(&app, id, s, "Bitte den Chip-Nachweis schicken.").await.status(), 303, "{s}");
        }
    }
    rathaus_core::cases::withdraw(app.db(), &*app.clock, &acting(&owner), cases[2])
        .await
        .unwrap();
    let counts = open_cases_counted_both_ways(&app).await;
    assert_eq!(of_agency(&counts, AGENCY), (before.0 + 1, before.1));
    case_counts_agree(&app).await;

    // Five weeks on, the question and the other agency's case are past their due days
    // (as is what the demo left open); a moved due day is followed too.
    app.clock.advance(Duration::days(35));
    let counts = open_cases_counted_both_ways(&app).await;
    assert_eq!(of_agency(&counts, AGENCY).0, before.0 + 1);
    assert!(of_agency(&counts, AGENCY).1 > before.1);
    let conn = app.db().write();
    let later = rathaus_core::cases::due::local_date(app.clock.now()) + Duration::days(7);
    conn.execute_raw(rathaus_platform::db::stmt(
        conn,
        "UPDATE applications SET due_on = $1 WHERE id = $2",
        vec![later.into(), elsewhere.into()],
    ))
    .await
    .unwrap();
    let moved = of_agency(&open_cases_counted_both_ways(&app).await, OTHER_AGENCY);
    assert_eq!(moved.1, of_agency(&counts, OTHER_AGENCY).1 - 1, "no longer overdue");

    // A case handed to another agency, and a case deleted, are counted where they are.
    conn.execute_raw(rathaus_platform::db::stmt(
        conn,
        "UPDATE applications SET agency_id = $1 WHERE id = $2",
        vec![OTHER_AGENCY.into(), cases[0].into()],
    ))
    .await
    .unwrap();
    case_counts_agree(&app).await;
    conn.execute_raw(rathaus_platform::db::stmt(
        conn,
        "DELETE FROM applications WHERE id = $1",
        vec![elsewhere.into()],
    ))
    .await
    .unwrap();
    case_counts_agree(&app).await;
    open_cases_counted_both_ways(&app).await;
}
