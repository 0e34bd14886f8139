//! Four eyes on decisions, tried as an attacker would: where an agency requires a
//! second clerk, nobody issues the decision alone, nobody approves their own proposal,
//! a clerk of another agency cannot even see it, a returned proposal cannot be
//! approved, and each step is in the case's event log and the audit.

use rathaus_core::accounts::Role;
use rathaus_core::applications;
use rathaus_core::cases::four_eyes::{self, ProposalState};
use uuid::Uuid;

use crate::cases::{AGENCY, OTHER_AGENCY, anna, case_of, restore, save, staff_member, status_of, step};
use crate::decisions::{REMEDY, post_decision};
use crate::helpers::TestApp;
use crate::second_factor::sign_in_with_app;

const SERVICE: &str = "hundesteuer";

fn decision(action: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("outcome", "approved"),
        ("title", "Bescheid über die Hundesteuer"),
        ("reasons", "Ihr Hund ist zur Hundesteuer angemeldet."),
        ("remedy", REMEDY),
        ("note", "Bitte die Steuerhöhe ansehen."),
        ("action", action),
    ]
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    app.scalar(&format!("SELECT COUNT(*) AS v FROM audit_log WHERE action = '{action}'"))
        .await
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/daten").await;
    let mut form = vec![("_csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    app.post_form(path, &form).await
}

async fn events(app: &TestApp, id: Uuid) -> Vec<String> {
    applications::events(app.db(), id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

#[tokio::test]
async fn a_decision_needing_four_eyes_is_proposed_returned_revised_and_approved_by_a_second_clerk_only() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let id = case_of(&app, &owner, AGENCY).await;
    let carla = staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    four_eyes::set(app.db(), &*app.clock, carla, AGENCY, SERVICE, true).await.unwrap();
    let as_carla = save(&app);
    step(&app, id, "start-review", "").await;

    // Issuing alone is refused, whatever the form says — also from an editor opened before
    // four eyes were switched on: the text comes back with the way to go.
    let (_, editor) = app.get_text(&format!("/verwaltung/vorgaenge/{id}/bescheid")).await;
    assert!(editor.contains("Zur Freigabe vorlegen") && !editor.contains("Bescheid erlassen</button>"));
    let alone = post_decision(&app, id, &decision("erlassen")).await;
    assert_eq!(alone.status(), 422);
    let page = alone.text().await.unwrap();
    assert!(
        page.contains("Für diese Leistung gilt jetzt das Vier-Augen-Prinzip") && page.contains("Ihr Hund ist zur Hundesteuer angemeldet.")
    );
    assert_eq!(app.count("decisions").await, 0);

    // Carla proposes; the case waits, the editor leads back to the proposal.
    let proposed = post_decision(&app, id, &decision("vorlegen")).await;
    assert_eq!(proposed.status(), 303);
    assert_eq!(
        proposed.headers()["location"],
        format!("/verwaltung/vorgaenge/{id}?hinweis=vorgelegt")
    );
    assert_eq!(status_of(&app, id).await, "in_review");
    let first = four_eyes::open_of(app.db(), id).await.unwrap().expect("an open proposal");
    assert_eq!((first.proposed_by, first.note.as_str()), (carla, "Bitte die Steuerhöhe ansehen."));
    let again = app.get(&format!("/verwaltung/vorgaenge/{id}/bescheid")).await;
    assert_eq!(again.status(), 303);
    let second = post_decision(&app, id, &decision("vorlegen")).await;
    assert_eq!(second.status(), 422, "one open proposal at a time");
    assert!(second.text().await.unwrap().contains("Inzwischen liegt ein anderer Bescheid"));
    assert_eq!(four_eyes::of_case(app.db(), id).await.unwrap().len(), 1);
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert!(page.contains("Sie haben diesen Bescheid vorgeschlagen") && !page.contains("Freigeben und Bescheid erlassen"));

    // Her own proposal: neither approved nor returned by her.
    let approve = format!("/verwaltung/vorgaenge/{id}/vorschlaege/{}/freigeben", first.id);
    let send_back = format!("/verwaltung/vorgaenge/{id}/vorschlaege/{}/zurueckgeben", first.id);
    assert_eq!(post(&app, &approve, &[]).await.status(), 403);
    assert_eq!(post(&app, &send_back, &[("return_reason", "Passt.")]).await.status(), 403);
    assert_eq!(app.count("decisions").await, 0);

    // A clerk of another agency: the case does not exist for him, and that is audited.
    staff_member(&app, "otto.other@example.org", "Otto Anders", Role::CaseWorker, OTHER_AGENCY).await;
    let refused_before = audited(&app, "case.access-refused").await;
    assert_eq!(post(&app, &approve, &[]).await.status(), 404);
    assert_eq!(post(&app, &send_back, &[("return_reason", "Nein.")]).await.status(), 404);
    assert_eq!(
        app.get(&format!("/verwaltung/vorgaenge/{id}/vorschlaege/{}/vorschau", first.id))
            .await
            .status(),
        404
    );
    assert_eq!(audited(&app, "case.access-refused").await, refused_before + 3);

    // Bernd, of the same agency, returns it — a reason is required, and kept when missing.
    let bernd = staff_member(&app, "bernd.zweit@example.org", "Bernd Zweit", Role::CaseWorker, AGENCY).await;
    let as_bernd = save(&app);
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert!(page.contains("Freigeben und Bescheid erlassen") && page.contains("Bitte die Steuerhöhe ansehen."));
    let preview = app
        .get(&format!("/verwaltung/vorgaenge/{id}/vorschlaege/{}/vorschau", first.id))
        .await;
    assert_eq!(preview.headers()["content-type"], "application/pdf");
    let empty = post(&app, &send_back, &[("return_reason", "  ")]).await;
    assert_eq!(empty.status(), 422);
    assert!(
        empty
            .text()
            .await
            .unwrap()
            .contains("Schreiben Sie, warum Sie den Vorschlag zurückgeben")
    );
    let reason = "Die Steuer für den zweiten Hund ist höher.";
    assert_eq!(post(&app, &send_back, &[("return_reason", reason)]).await.status(), 303);
    let returned = four_eyes::of_case(app.db(), id).await.unwrap().remove(0);
    assert_eq!(
        (returned.state, returned.answered_by, returned.answer.as_str()),
        (ProposalState::Returned, Some(bernd), reason)
    );

    // A returned proposal cannot be sent after all, by anyone.
    assert_eq!(post(&app, &approve, &[]).await.status(), 409);
    assert_eq!(post(&app, &send_back, &[("return_reason", "Doch nicht.")]).await.status(), 409);
    assert_eq!(app.count("decisions").await, 0);

    // Carla revises it from the returned text and proposes again.
    restore(&app, &as_carla);
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert!(page.contains(reason) && page.contains("Vorschlag überarbeiten"));
    let (_, editor) = app
        .get_text(&format!("/verwaltung/vorgaenge/{id}/bescheid?ueberarbeiten={}", first.id))
        .await;
    assert!(
        editor.contains("Ihr Hund ist zur Hundesteuer angemeldet."),
        "the returned text is the start"
    );
    let mut revised = decision("vorlegen");
    revised[2] = ("reasons", "Ihre zwei Hunde sind zur Hundesteuer angemeldet.");
    assert_eq!(post_decision(&app, id, &revised).await.status(), 303);
    let second = four_eyes::open_of(app.db(), id).await.unwrap().expect("the revised proposal");

    // Bernd approves: the decision is issued as proposed, by him, proposed by her.
    restore(&app, &as_bernd);
    let approve = format!("/verwaltung/vorgaenge/{id}/vorschlaege/{}/freigeben", second.id);
    let approved = post(&app, &approve, &[]).await;
    assert_eq!(approved.status(), 303);
    assert_eq!(status_of(&app, id).await, "decided");
    let (issued_by, proposed_by): (Uuid, Uuid) = {
        let row: (Uuid, Option<Uuid>) = (
            app.scalar("SELECT issued_by AS v FROM decisions").await,
            app.scalar("SELECT proposed_by AS v FROM decisions").await,
        );
        (row.0, row.1.unwrap())
    };
    assert_eq!((issued_by, proposed_by), (bernd, carla));
    let reasons: String = app.scalar("SELECT reasons AS v FROM decisions").await;
    assert_eq!(reasons, "Ihre zwei Hunde sind zur Hundesteuer angemeldet.");
    assert_eq!(post(&app, &approve, &[]).await.status(), 409, "approved once");
    assert_eq!(app.count("decisions").await, 1);

    // Both clerks are in the event log and the audit.
    let kinds = events(&app, id).await;
    for kind in ["decision-proposed", "decision-returned", "decision-approved"] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
    assert_eq!(audited(&app, "decision.proposed").await, 2);
    assert_eq!(audited(&app, "decision.returned").await, 1);
    let details: String = app
        .scalar("SELECT CAST(details AS TEXT) AS v FROM audit_log WHERE action = 'decision.issued'")
        .await;
    assert!(details.contains(&carla.to_string()), "the issue names the proposer: {details}");
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert!(page.contains("Freigegeben und erlassen von Bernd Zweit") && page.contains("Zurückgegeben von Bernd Zweit"));

    // The resident follows it on the status page, without the clerks' names.
    app.forget_cookies();
    sign_in_with_app(&app, "anna@example.org").await;
    let (_, status) = app.get_text(&format!("/antraege/{id}")).await;
    assert!(status.contains("Eine zweite Person der Behörde hat den Bescheid freigegeben."));
    assert!(!status.contains("Bernd Zweit") && !status.contains("Carla Fall"));
}

#[tokio::test]
async fn agency_administrators_choose_the_services_and_the_demo_default_stays_chosen() {
    let app = TestApp::spawn().await;
    // The demo city requires four eyes for its social benefits.
    assert!(four_eyes::required(app.db().write(), "ba-hamburg-nord", "wohngeld").await.unwrap());
    assert!(!four_eyes::required(app.db().write(), AGENCY, SERVICE).await.unwrap());

    staff_member(
        &app,
        "ada.admin@example.org",
        "Ada Verwaltung",
        Role::AgencyAdmin,
        "ba-hamburg-nord",
    )
    .await;
    let (status, page) = app.get_text("/verwaltung/vier-augen").await;
    assert_eq!(status, 200);
    assert!(page.contains("value=\"wohngeld\" checked"));
    // Wohngeld off, Elterngeld and Kita-Gutschein stay on (others of the demo untouched).
    let ticked = four_eyes::required_services(app.db(), "ba-hamburg-nord").await.unwrap();
    let mut form: Vec<(&str, &str)> = vec![("agency", "ba-hamburg-nord")];
    form.extend(ticked.iter().filter(|s| *s != "wohngeld").map(|s| ("service", s.as_str())));
    let saved = post(&app, "/verwaltung/vier-augen", &form).await;
    assert_eq!(saved.status(), 303);
    assert!(!four_eyes::required(app.db().write(), "ba-hamburg-nord", "wohngeld").await.unwrap());
    assert!(
        four_eyes::required(app.db().write(), "ba-hamburg-nord", "elterngeld")
            .await
            .unwrap()
    );
    assert_eq!(audited(&app, "four-eyes.set").await, 1, "one change, one entry");

    // Another agency's services are not hers to set.
    let other = post(&app, "/verwaltung/vier-augen", &[("agency", AGENCY), ("service", SERVICE)]).await;
    assert_eq!(other.status(), 403);
    assert!(!four_eyes::required(app.db().write(), AGENCY, SERVICE).await.unwrap());

    // Loading the demo again does not switch it back on.
    rathaus_core::demo::load(app.db(), &*app.clock).await.unwrap();
    assert!(!four_eyes::required(app.db().write(), "ba-hamburg-nord", "wohngeld").await.unwrap());

    // A case worker without the administration role cannot change it.
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, "ba-hamburg-nord").await;
    let refused = post(
        &app,
        "/verwaltung/vier-augen",
        &[("agency", "ba-hamburg-nord"), ("service", "wohngeld")],
    )
    .await;
    assert_eq!(refused.status(), 403);
    assert!(!four_eyes::required(app.db().write(), "ba-hamburg-nord", "wohngeld").await.unwrap());
}

/// The answers go to a specialist procedure as JSON with the federal keys: the LeiKa key
/// of the service, the form's FIM schema and each field's FIM id; only for the agency's
/// staff, and audited.
#[tokio::test]
async fn a_case_exports_its_answers_with_the_federal_keys() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let id = case_of(&app, &owner, AGENCY).await;
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    let response = app.get(&format!("/verwaltung/vorgaenge/{id}/antrag.json")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let exported: serde_json::Value = response.json().await.unwrap();
    assert_eq!(exported["service"]["id"], SERVICE);
    assert_eq!(exported["service"]["leika_key"], "99102013104000");
    let answers = exported["answers"].as_array().unwrap();
    let fim = |path: &str| answers.iter().find(|a| a["path"] == path).map(|a| a["fim_id"].clone());
    assert_eq!(fim("given_name"), Some(serde_json::json!("F60000228")));
    assert_eq!(fim("family_name"), Some(serde_json::json!("F60000227")));
    assert_eq!(audited(&app, "case.exported").await, 1);

    staff_member(&app, "otto.other@example.org", "Otto Anders", Role::CaseWorker, OTHER_AGENCY).await;
    assert_eq!(app.get(&format!("/verwaltung/vorgaenge/{id}/antrag.json")).await.status(), 404);
}
