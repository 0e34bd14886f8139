//! Decisions: written from the template, previewed without a trace, issued once with a
//! verification code anyone can check (and compare a copy against), corrected by a new
//! decision — and never changed, not even by SQL.

use sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};

use crate::accounts::confirmed_account;
use crate::cases::{AGENCY, OTHER_AGENCY, case_of, restore, save, staff_member, status_of, step};
use crate::helpers::{TestApp, form_action};
use crate::second_factor::sign_in_with_app;
use rathaus_core::accounts::{self, Role};

const ANNA: &str = "anna@example.org";

pub(crate) async fn post_decision(app: &TestApp, id: uuid::Uuid, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/daten").await;
    let mut form = vec![("_csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    app.post_form(&format!("/verwaltung/vorgaenge/{id}/bescheid"), &form).await
}

pub(crate) const REMEDY: &str = "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden.";

/// Reviews and approves the case as the signed-in case worker.
pub(crate) async fn approve(app: &TestApp, id: uuid::Uuid) {
    assert_eq!(step(app, id, "start-review", "").await.status(), 303);
    let issued = post_decision(
        app,
        id,
        &[
            ("outcome", "approved"),
            ("title", "Bescheid über die Hundesteuer"),
            ("reasons", "Ihr Hund ist angemeldet."),
            ("remedy", REMEDY),
            ("action", "erlassen"),
        ],
    )
    .await;
    assert_eq!(issued.status(), 303);
}

#[tokio::test]
async fn a_decision_is_issued_checked_by_anyone_corrected_and_never_changed() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let id = case_of(&app, &owner, AGENCY).await;
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    let staff = save(&app);

    // Not in review yet: no decision.
    let early = post_decision(
        &app,
        id,
        &[
            ("outcome", "approved"),
            ("title", "Bescheid"),
            ("reasons", "Ja."),
            ("remedy", REMEDY),
            ("action", "erlassen"),
        ],
    )
    .await;
    assert_eq!(early.status(), 409);
    step(&app, id, "start-review", "").await;

    // The template for a rejection leaves "…" to fill in; issuing it as is is refused.
    let (status, editor) = app
        .get_text(&format!("/verwaltung/vorgaenge/{id}/bescheid?ergebnis=rejected"))
        .await;
    assert_eq!(status, 200);
    assert!(editor.contains("Die Anmeldung kann nicht angenommen werden, weil …"));
    assert!(editor.contains("Finanzbehörde"), "the remedy names the agency");
    let placeholder = "Die Anmeldung kann nicht angenommen werden, weil …";
    let refused = post_decision(
        &app,
        id,
        &[
            ("outcome", "rejected"),
            ("title", "Bescheid"),
            ("reasons", placeholder),
            ("remedy", REMEDY),
            ("action", "erlassen"),
        ],
    )
    .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("Im Text steht noch „…“") && page.contains(placeholder),
        "message and text kept"
    );

    // The preview is a PDF and leaves no trace.
    let reasons = "Ihr Hund ist angemeldet.\n\nDie Steuermarke kommt mit der Post.";
    let fields = [
        ("outcome", "approved"),
        ("title", "Bescheid über die Hundesteuer"),
        ("reasons", reasons),
        ("remedy", REMEDY),
    ];
    let mut preview = fields.to_vec();
    preview.push(("action", "vorschau"));
    let response = post_decision(&app, id, &preview).await;
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert!(response.bytes().await.unwrap().starts_with(b"%PDF-"));
    assert_eq!(app.count("decisions").await, 0);
    assert_eq!(status_of(&app, id).await, "in_review");

    let mut issue = fields.to_vec();
    issue.push(("action", "erlassen"));
    assert_eq!(post_decision(&app, id, &issue).await.status(), 303);
    assert_eq!(status_of(&app, id).await, "decided");
    let (_, case) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert!(case.contains("Entschieden: bewilligt") && case.contains("Bescheid berichtigen"));
    let decision = rathaus_core::cases::decisions::of_case(app.db(), id).await.unwrap().remove(0);

    // The resident has it in the inbox; the download is the recorded document.
    app.forget_cookies();
    sign_in_with_app(&app, ANNA).await;
    let message = rathaus_core::inbox::of_account(app.db(), &owner)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.subject.starts_with("Bescheid zu Ihrem Antrag"))
        .unwrap();
    let pdf = app
        .get(&format!("/postfach/{}/dokument", message.id))
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    assert_eq!(hex::encode(Sha256::digest(&pdf)), decision.sha256);
    // The status page leads to it.
    let (_, status) = app.get_text(&format!("/antraege/{id}")).await;
    assert!(status.contains(&format!(
        "<a class=\"button\" href=\"/postfach/{}\">Bescheid ansehen</a>",
        message.id
    )));

    // Anyone checks the code — however it is typed — and compares a copy.
    app.forget_cookies();
    let typed = decision.code.to_lowercase().replace('-', "");
    let response = app.get(&format!("/pruefen?code={typed}")).await;
    assert_eq!(response.headers()["location"], format!("/pruefen/{}", decision.code));
    let (status, page) = app.get_text(&format!("/pruefen/{}", decision.code)).await;
    assert_eq!(status, 200);
    assert!(page.contains("echten Bescheid") && page.contains("HH-2026-000001"));
    assert!(!page.contains("Anna"), "no personal data on the public page");
    assert!(compared(&app, &decision.code, pdf.clone()).await.contains("unverändert"));
    let mut forged = pdf.clone();
    forged.extend_from_slice(b"\n% bewilligt: 1000 Euro");
    assert!(compared(&app, &decision.code, forged).await.contains("wurde verändert"));
    let action = form_action(&app, &format!("/pruefen/{}", decision.code), "_csrf=").await;
    let empty = app
        .client
        .post(format!("{}{action}", app.base))
        .header("cookie", app.cookie_header())
        .multipart(reqwest::multipart::Form::new().text("file", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 303);
    let (status, html) = app.get_text(&format!("/pruefen/{}", decision.code)).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("field-error") && html.contains("Wählen Sie eine PDF-Datei aus."),
        "no file chosen: said on the page"
    );
    // An unknown code is a 404 that says so on the verification page itself.
    let (status, unknown) = app.get_text("/pruefen/AAAA-BBBB-CCCC").await;
    assert_eq!(status, 404);
    assert!(unknown.contains("Zu diesem Prüfcode gibt es keinen Bescheid"), "{unknown}");

    // Issued is issued: the database refuses changing or deleting it.
    let conn = app.db().write();
    for sql in ["UPDATE decisions SET reasons = 'anders'", "DELETE FROM decisions"] {
        let result = conn.execute_raw(rathaus_platform::db::stmt(conn, sql, vec![])).await;
        assert!(result.is_err(), "{sql} must fail");
    }
    assert_eq!(app.count("decisions").await, 1);

    // A correction is a new decision naming the old; the old code says so.
    restore(&app, &staff);
    let (status, editor) = app
        .get_text(&format!(
            "/verwaltung/vorgaenge/{id}/bescheid?berichtigt={}&ergebnis=partly",
            decision.id
        ))
        .await;
    assert_eq!(status, 200);
    assert!(editor.contains(&decision.code));
    let correction = [
        ("outcome", "partly"),
        ("title", "Berichtigter Bescheid über die Hundesteuer"),
        ("reasons", "Die Steuerbefreiung wird nicht gewährt."),
        ("remedy", REMEDY),
        ("corrects", &decision.id.to_string()),
        ("action", "erlassen"),
    ];
    assert_eq!(post_decision(&app, id, &correction).await.status(), 303);
    let all = rathaus_core::cases::decisions::of_case(app.db(), id).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].corrects, Some(decision.id));
    assert_eq!(applications_outcome(&app, id).await, "partly");
    let (_, old) = app.get_text(&format!("/pruefen/{}", decision.code)).await;
    assert!(old.contains("wurde am") && old.contains("berichtigt"));
    assert_eq!(
        post_decision(&app, id, &correction).await.status(),
        409,
        "the old one is corrected already"
    );

    // Another agency's staff cannot open the editor or issue.
    staff_member(&app, "olaf.other@example.org", "Olaf Anders", Role::CaseWorker, OTHER_AGENCY).await;
    assert_eq!(app.get(&format!("/verwaltung/vorgaenge/{id}/bescheid")).await.status(), 404);
    assert_eq!(post_decision(&app, id, &issue).await.status(), 404);
}

async fn applications_outcome(app: &TestApp, id: uuid::Uuid) -> String {
    rathaus_core::applications::by_id(app.db(), id)
        .await
        .unwrap()
        .outcome
        .unwrap()
        .as_str()
        .to_string()
}

/// What `/pruefen/{code}` says, once, about an uploaded copy. The result is on the code's
/// own address: no token in the address bar.
pub(crate) async fn compared(app: &TestApp, code: &str, bytes: Vec<u8>) -> String {
    let action = form_action(app, &format!("/pruefen/{code}"), "_csrf=").await;
    let part = reqwest::multipart::Part::bytes(bytes).file_name("Bescheid.pdf");
    let response = app
        .client
        .post(format!("{}{action}", app.base))
        .header("cookie", app.cookie_header())
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], format!("/pruefen/{code}"));
    let (_, html) = app.get_text(&format!("/pruefen/{code}")).await;
    let (_, again) = app.get_text(&format!("/pruefen/{code}")).await;
    assert!(
        !again.contains("den wir erlassen haben") && !again.contains("wurde verändert"),
        "shown once"
    );
    html
}
