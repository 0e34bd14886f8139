//! The accessibility feedback form: CSRF, validation that keeps the input, the mail
//! queued in the same transaction, the audit entry.

use crate::helpers::{TestApp, extract_value};

const MESSAGE: &str = "Der Kontrast der Links im Fuß ist zu schwach.";

#[tokio::test]
async fn post_without_session_or_token_is_refused_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let response = app.post_form("/barrierefreiheit", &[("message", MESSAGE)]).await;
    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("Zugriff verweigert"));

    app.csrf_from("/barrierefreiheit").await;
    let response = app
        .post_form("/barrierefreiheit", &[("_csrf", "forged"), ("message", MESSAGE)])
        .await;
    assert_eq!(response.status(), 403);
    let response = app.post_form("/barrierefreiheit", &[("message", MESSAGE)]).await;
    assert_eq!(response.status(), 403);
    assert_eq!(app.count("feedback").await, 0);
    assert_eq!(app.count("mails").await, 0);
}

#[tokio::test]
async fn a_token_from_another_session_does_not_work() {
    let app = TestApp::spawn().await;
    let token = app.csrf_from("/barrierefreiheit").await;
    app.forget_cookies();
    app.csrf_from("/barrierefreiheit").await;
    let response = app.post_form("/barrierefreiheit", &[("_csrf", &token), ("message", MESSAGE)]).await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn valid_report_is_stored_mailed_and_audited() {
    let app = TestApp::spawn().await;
    let audit_before = app.count("audit_log").await;
    let token = app.csrf_from("/barrierefreiheit").await;
    let response = app
        .post_form(
            "/barrierefreiheit",
            &[
                ("_csrf", &token),
                ("page", "/leistungen"),
                ("message", MESSAGE),
                ("email", "anna@example.org"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/barrierefreiheit/danke");
    assert_eq!(app.count("feedback").await, 1);
    assert_eq!(app.count("jobs").await, 1, "the mail job was enqueued with the report");
    assert_eq!(app.count("audit_log").await, audit_before + 1);
    let mails = rathaus_platform::mail::list(app.db(), None, 10).await.unwrap();
    assert_eq!(mails[0].to, "barrierefreiheit@example.org");
    assert!(mails[0].body_text.contains(MESSAGE));
    assert!(mails[0].body_text.contains("anna@example.org"));
    let (status, thanks) = app.get_text("/barrierefreiheit/danke").await;
    assert_eq!(status, 200);
    assert!(thanks.contains("Vielen Dank"));
}

#[tokio::test]
async fn invalid_input_is_explained_and_kept() {
    let app = TestApp::spawn().await;
    let token = app.csrf_from("/barrierefreiheit").await;
    let typed = "kurz <b>";
    let response = app
        .post_form(
            "/barrierefreiheit",
            &[("_csrf", &token), ("message", typed), ("email", "nicht-gültig")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("class=\"error-summary\""));
    assert!(
        html.contains("href=\"#message\"") && html.contains("href=\"#email\""),
        "summary links to the fields"
    );
    assert!(
        html.contains("kurz &#60;b&#62;") || html.contains("kurz &lt;b&gt;"),
        "input kept and escaped"
    );
    assert_eq!(extract_value(&html, "email").as_deref(), Some("nicht-gültig"));
    assert!(html.contains("aria-invalid=\"true\""));
    assert_eq!(app.count("feedback").await, 0);

    let (_, english) = app.get_text("/barrierefreiheit?lang=en").await;
    let token = extract_value(&english, "_csrf").unwrap();
    let html = app
        .post_form("/barrierefreiheit", &[("_csrf", &token), ("message", "")])
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Please describe the barrier."));
}

#[tokio::test]
async fn a_server_error_is_a_translated_page_without_internals() {
    use rathaus_platform::db::stmt;
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    let token = app.csrf_from("/barrierefreiheit").await;
    let conn = app.db().write();
    conn.execute_raw(stmt(conn, "DROP TABLE feedback", vec![])).await.unwrap();
    let response = app.post_form("/barrierefreiheit", &[("_csrf", &token), ("message", MESSAGE)]).await;
    assert_eq!(response.status(), 500);
    assert!(response.headers().contains_key("content-security-policy"));
    let html = response.text().await.unwrap();
    assert!(html.contains("Ein Fehler ist aufgetreten"));
    assert!(
        !html.to_lowercase().contains("feedback") || !html.contains("no such table"),
        "no database details"
    );
    assert!(!html.contains("relation") && !html.contains("no such table"));
}
