//! The thread of a case, both ways: the resident answers an information request with a
//! document and the case resumes; staff see it as new, open the document (audited) and
//! write back; each side sees when the other has read; nobody else gets in.

use crate::accounts::{PASSWORD, confirmed_account, mails_to, sign_in};
use crate::applying::worker;
use crate::cases::{AGENCY, case_of, restore, save, staff_member, status_of, step};
use crate::helpers::{TestApp, form_action, post_multipart};
use crate::second_factor::sign_in_with_app;
use rathaus_core::accounts::{self, Role};
use uuid::Uuid;

const ANNA: &str = "anna@example.org";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// Posts the multipart form whose address contains `marker` on the page at `path`.
async fn post_message(app: &TestApp, path: &str, marker: &str, text: (&str, &str), file: Option<(&str, &[u8])>) -> reqwest::Response {
    post_multipart(app, (path, marker), &[text], file.map(|(name, body)| ("attachment", name, body))).await
}

/// The id of the newest inbox message whose subject starts with `subject`.
async fn message_id(app: &TestApp, subject: &str) -> Uuid {
    let account = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    rathaus_core::inbox::of_account(app.db(), &account)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.subject.starts_with(subject))
        .unwrap_or_else(|| panic!("no message \"{subject}\""))
        .id
}

#[tokio::test]
async fn the_resident_answers_with_a_document_the_case_resumes_and_staff_write_back() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let id = case_of(&app, &owner, AGENCY).await;
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    let staff = save(&app);
    step(&app, id, "start-review", "").await;
    step(&app, id, "request-information", "Bitte schicken Sie den Impfpass von Bello.").await;

    app.forget_cookies();
    sign_in_with_app(&app, ANNA).await;
    let resident = save(&app);
    let request = message_id(&app, "Bitte antworten Sie bis").await;
    let thread = format!("/postfach/{request}");
    let (status, html) = app.get_text(&thread).await;
    assert_eq!(status, 200);
    assert!(html.contains("Impfpass von Bello") && html.contains("Antworten"));
    assert!(html.contains("Finanzbehörde"), "the message names the agency that wrote it");

    // Nothing at all, or a file of the wrong kind: refused, the text kept, nothing stored.
    let empty = post_message(&app, &thread, "/antworten", ("text", "  "), None).await;
    assert_eq!(empty.status(), 422);
    assert!(
        empty
            .text()
            .await
            .unwrap()
            .contains("Schreiben Sie eine Nachricht oder hängen Sie ein Dokument an")
    );
    let typed = "Anbei der Impfpass.";
    let wrong = post_message(
        &app,
        &thread,
        "/antworten",
        ("text", typed),
        Some(("impfpass.exe", b"MZ\x90\x00 not a document")),
    )
    .await;
    assert_eq!(wrong.status(), 422);
    let page = wrong.text().await.unwrap();
    assert!(page.contains(typed), "the text is kept");
    assert_eq!(app.count("application_files WHERE field LIKE '_message:%'").await, 0);
    assert_eq!(status_of(&app, id).await, "information_requested");

    let sent = post_message(&app, &thread, "/antworten", ("text", typed), Some(("Impfpass.pdf", PDF))).await;
    assert_eq!(sent.status(), 303);
    assert_eq!(status_of(&app, id).await, "in_review", "the answer resumes the case");
    assert_eq!(app.count("application_files WHERE field LIKE '_message:%'").await, 1);
    let (_, status) = app.get_text(&format!("/antraege/{id}")).await;
    assert!(status.contains("Die Prüfung geht weiter"));

    // Staff: the queue marks the new message; the case shows it with the document.
    restore(&app, &staff);
    let (_, queue) = app.get_text("/verwaltung/vorgaenge").await;
    assert!(queue.contains("Neue Nachricht"));
    let (_, case) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert!(case.contains("Anbei der Impfpass.") && case.contains("Impfpass.pdf"));
    assert!(
        case.contains("Noch nicht gelesen") || case.contains("Gelesen am"),
        "the request's read state"
    );
    let href = case
        .split("href=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|h| h.contains("/dateien/"))
        .unwrap()
        .to_string();
    let before = app.count("audit_log WHERE action = 'case.file-read'").await;
    let download = app.get(&href).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(app.count("audit_log WHERE action = 'case.file-read'").await, before + 1);
    let (_, queue) = app.get_text("/verwaltung/vorgaenge").await;
    assert!(!queue.contains("Neue Nachricht"), "read once a colleague opened the case");

    // Staff write back; a bad attachment is refused with the text kept.
    let path = format!("/verwaltung/vorgaenge/{id}");
    let wrong = post_message(
        &app,
        &path,
        "/nachricht",
        ("reply", "Danke!"),
        Some(("x.html", b"<html><script>alert(1)</script>")),
    )
    .await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("Danke!"));
    let written = post_message(&app, &path, "/nachricht", ("reply", "Danke, der Impfpass liegt vor."), None).await;
    assert_eq!(written.status(), 303);

    restore(&app, &resident);
    let (_, html) = app.get_text(&thread).await;
    assert!(html.contains("Von der Behörde gelesen am"), "the resident sees that staff read it");
    assert!(html.contains("Danke, der Impfpass liegt vor."));
    let w = worker(&app);
    while w.run_once().await.unwrap() > 0 {}
    let notices = mails_to(&app, ANNA).await;
    assert!(notices.iter().all(|m| !m.body_text.contains("Impfpass")), "mails carry no content");

    restore(&app, &staff);
    let (_, case) = app.get_text(&path).await;
    assert!(case.contains("Gelesen am"), "staff see that the resident read their message");
}

#[tokio::test]
async fn nobody_else_reads_or_writes_a_thread_and_a_closed_case_takes_no_answers() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let id = case_of(&app, &owner, AGENCY).await;
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    let staff = save(&app);
    step(&app, id, "start-review", "").await;
    step(&app, id, "request-information", "Bitte den Chip-Nachweis.").await;
    let request = message_id(&app, "Bitte antworten Sie bis").await;

    app.forget_cookies();
    sign_in_with_app(&app, ANNA).await;
    let thread = format!("/postfach/{request}");
    assert_eq!(
        post_message(&app, &thread, "/antworten", ("text", "Kommt"), Some(("Chip.pdf", PDF)))
            .await
            .status(),
        303
    );
    let file: Uuid = {
        use sea_orm::ConnectionTrait;
        let conn = app.db().write();
        let row = conn
            .query_one_raw(rathaus_platform::db::stmt(
                conn,
                "SELECT file_id FROM application_files WHERE field LIKE '_message:%'",
                vec![],
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "file_id").unwrap()
    };
    let anna_form_action = form_action(&app, &thread, "/antworten").await;

    // Mallory: the thread, its document and the answer form are 404 and audited.
    app.forget_cookies();
    confirmed_account(&app, "mallory@example.org").await;
    sign_in(&app, "mallory@example.org", PASSWORD, "").await;
    let before = app.count("audit_log WHERE action = 'application.access-refused'").await;
    assert_eq!(app.get(&thread).await.status(), 404);
    assert_eq!(app.get(&format!("/antraege/{id}/dateien/{file}")).await.status(), 404);
    let own_csrf = app.csrf_from("/konto/daten").await;
    let forged = anna_form_action.split("_csrf=").next().unwrap().to_string() + "_csrf=" + &own_csrf;
    let response = app
        .client
        .post(format!("{}{forged}", app.base))
        .header("cookie", app.cookie_header())
        .multipart(reqwest::multipart::Form::new().text("text", "Ich bin Anna"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(app.count("audit_log WHERE action = 'application.access-refused'").await >= before + 3);
    assert_eq!(app.count("inbox_messages WHERE body = 'Ich bin Anna'").await, 0);

    // Closed: no more answers, and the form is gone.
    restore(&app, &staff);
    for s in ["approve", "deliver", "close"] {
        step(&app, id, s, "").await;
    }
    app.forget_cookies();
    sign_in_with_app(&app, ANNA).await;
    let (_, html) = app.get_text(&thread).await;
    assert!(!html.contains("/antworten"), "no answer form on a closed case");
    let csrf = app.csrf_from("/konto/daten").await;
    let late = anna_form_action.split("_csrf=").next().unwrap().to_string() + "_csrf=" + &csrf;
    let response = app
        .client
        .post(format!("{}{late}", app.base))
        .header("cookie", app.cookie_header())
        .multipart(reqwest::multipart::Form::new().text("text", "Noch etwas"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
}
