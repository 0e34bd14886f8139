//! Second factors: the authenticator app (TOTP) with recovery codes, the second step at
//! sign-in, the step-up to a higher level, and the attacks on them (replayed codes,
//! guessing, an expired first step, foreign return addresses, CSRF).

use chrono::Duration;

use crate::accounts::{PASSWORD, confirmed_account, sign_in};
use crate::helpers::{TestApp, extract_value};
use rathaus_core::accounts::{self, totp};

const ANNA: &str = "anna@example.org";

async fn account_id(app: &TestApp, email: &str) -> uuid::Uuid {
    accounts::find_by_email(app.db(), email).await.unwrap().id
}

/// The code Anna's app shows at the app's current time.
pub(crate) async fn app_code(app: &TestApp, email: &str) -> String {
    let id = account_id(app, email).await;
    totp::current_code(app.db(), &*app.clock, app.state.blobs.master_key(), id)
        .await
        .unwrap()
}

/// A confirmed, signed-in account with an authenticator app; returns its recovery codes.
pub async fn account_with_app(app: &TestApp, email: &str) -> Vec<String> {
    confirmed_account(app, email).await;
    assert_eq!(sign_in(app, email, PASSWORD, "").await.status(), 303);
    enrol_app(app, email).await
}

/// Sets up the app for the signed-in account; returns the recovery codes shown.
pub async fn enrol_app(app: &TestApp, email: &str) -> Vec<String> {
    let (status, html) = app.get_text("/konto/sicherheit/app").await;
    assert_eq!(status, 200);
    assert!(html.contains("<svg"), "QR code shown");
    assert!(html.contains("id=\"totp-secret\""), "secret shown for typing");
    let csrf = extract_value(&html, "_csrf").unwrap();
    let code = app_code(app, email).await;
    let response = app.post_form("/konto/sicherheit/app", &[("_csrf", &csrf), ("code", &code)]).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let codes: Vec<String> = html
        .split("<li><code>")
        .skip(1)
        .map(|part| part.split("</code>").next().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10);
    codes
}

/// Signs in with the password and the authenticator app (set up at the first sign-in):
/// a session at "substantial", as the services with applications need.
pub async fn sign_in_with_app(app: &TestApp, email: &str) {
    let response = sign_in(app, email, PASSWORD, "").await;
    let to = response.headers()["location"].to_str().unwrap().to_string();
    if to.starts_with("/konto/zweiter-faktor") {
        // A code counts once: the next one comes with the app's next time step.
        app.clock.advance(Duration::seconds(31));
        let code = app_code(app, email).await;
        assert_eq!(submit_code(app, &code, "/konto").await.status(), 303);
    } else {
        enrol_app(app, email).await;
    }
}

async fn submit_code(app: &TestApp, code: &str, back: &str) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/zweiter-faktor").await;
    app.post_form("/konto/zweiter-faktor", &[("_csrf", &csrf), ("code", code), ("zurueck", back)])
        .await
}

async fn level_shown(app: &TestApp) -> String {
    let (status, html) = app.get_text("/konto").await;
    assert_eq!(status, 200);
    ["niedrig", "substanziell", "hoch"]
        .into_iter()
        .find(|l| html.contains(&format!("Vertrauensniveau {l}")))
        .unwrap_or("none")
        .to_string()
}

#[tokio::test]
async fn an_app_code_raises_the_level_and_is_then_asked_at_every_sign_in() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    sign_in(&app, ANNA, PASSWORD, "").await;
    assert_eq!(level_shown(&app).await, "niedrig");

    // A wrong first code keeps the setup open and says why.
    let csrf = app.csrf_from("/konto/sicherheit/app").await;
    let wrong = app
        .post_form("/konto/sicherheit/app", &[("_csrf", &csrf), ("code", "000000")])
        .await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("Der Code stimmt nicht"));
    assert!(matches!(
        totp::status(app.db(), account_id(&app, ANNA).await).await.unwrap(),
        totp::Status::Pending
    ));

    enrol_app(&app, ANNA).await;
    assert_eq!(level_shown(&app).await, "substanziell", "proving the app raises this session");

    // Next sign-in: the password alone opens nothing.
    app.forget_cookies();
    let response = sign_in(&app, ANNA, PASSWORD, "/konto/daten").await;
    assert_eq!(response.headers()["location"], "/konto/zweiter-faktor");
    assert_eq!(app.get("/konto").await.status(), 303, "not signed in before the second step");
    let (_, html) = app.get_text("/konto/zweiter-faktor").await;
    assert!(html.contains("Ihr Passwort war richtig"));

    // The code used at enrolment is spent; the next 30-second step brings a fresh one.
    let spent = app_code(&app, ANNA).await;
    assert_eq!(submit_code(&app, &spent, "").await.status(), 422, "a code counts once");
    app.clock.advance(Duration::seconds(30));
    let response = submit_code(&app, &app_code(&app, ANNA).await, "").await;
    assert_eq!(
        response.headers()["location"],
        "/konto/daten",
        "back to where the person wanted to go"
    );
    assert_eq!(level_shown(&app).await, "substanziell");

    let (_, history) = app.get_text("/konto/sicherheit").await;
    assert!(history.contains("Passwort und Authenticator-App"));
    assert!(history.contains("falscher Code"));
}

#[tokio::test]
async fn a_recovery_code_works_once() {
    let app = TestApp::spawn().await;
    let codes = account_with_app(&app, ANNA).await;
    app.forget_cookies();

    sign_in(&app, ANNA, PASSWORD, "").await;
    // Typed in lower case and without the dash: still the same code.
    let typed = codes[3].to_lowercase().replace('-', "");
    assert_eq!(submit_code(&app, &typed, "").await.headers()["location"], "/konto");
    let (_, html) = app.get_text("/konto/sicherheit").await;
    assert!(html.contains("Unbenutzte Wiederherstellungscodes: 9"));

    app.forget_cookies();
    sign_in(&app, ANNA, PASSWORD, "").await;
    assert_eq!(submit_code(&app, &codes[3], "").await.status(), 422);
    assert_eq!(submit_code(&app, &codes[4], "").await.status(), 303);
}

#[tokio::test]
async fn guessing_codes_pauses_the_second_step() {
    let app = TestApp::spawn().await;
    account_with_app(&app, ANNA).await;
    app.forget_cookies();
    app.clock.advance(Duration::seconds(30));
    sign_in(&app, ANNA, PASSWORD, "").await;
    for guess in ["111111", "222222", "333333", "444444", "555555"] {
        assert_eq!(submit_code(&app, guess, "").await.status(), 422);
    }
    assert_eq!(
        app.count("audit_log WHERE action = 'account.sign-in-refused' AND details LIKE '%wrong-second-factor%'")
            .await,
        5,
        "every wrong code is in the audit log"
    );
    // Paused: even the right code is refused, with the same answer.
    let right = app_code(&app, ANNA).await;
    let refused = submit_code(&app, &right, "").await;
    assert_eq!(refused.status(), 422);
    // The pause is short; afterwards the right code works.
    app.clock.advance(Duration::minutes(3));
    let response = sign_in(&app, ANNA, PASSWORD, "").await;
    assert_eq!(response.headers()["location"], "/konto/zweiter-faktor");
    assert_eq!(submit_code(&app, &app_code(&app, ANNA).await, "").await.status(), 303);
}

#[tokio::test]
async fn the_second_step_expires_and_cannot_be_skipped() {
    let app = TestApp::spawn().await;
    account_with_app(&app, ANNA).await;
    app.forget_cookies();
    sign_in(&app, ANNA, PASSWORD, "").await;
    for page in ["/konto", "/konto/daten", "/konto/sicherheit", "/verwaltung"] {
        assert_eq!(app.get(page).await.status(), 303, "{page} needs the second step");
    }
    app.clock.advance(Duration::minutes(11));
    let response = app.get("/konto/zweiter-faktor").await;
    assert_eq!(response.headers()["location"], "/konto/anmelden");
}

#[tokio::test]
async fn step_up_returns_only_to_own_paths() {
    let app = TestApp::spawn().await;
    account_with_app(&app, ANNA).await;
    app.forget_cookies();
    app.clock.advance(Duration::seconds(30));
    sign_in(&app, ANNA, PASSWORD, "https://evil.example.org/").await;
    let code = app_code(&app, ANNA).await;
    let response = submit_code(&app, &code, "//evil.example.org").await;
    assert_eq!(response.headers()["location"], "/konto");
}

#[tokio::test]
async fn removing_the_app_needs_a_confirmed_session_and_csrf() {
    let app = TestApp::spawn().await;
    account_with_app(&app, ANNA).await;
    let csrf = app.csrf_from("/konto/sicherheit").await;
    let forged = app.post_form("/konto/sicherheit/app/entfernen", &[]).await;
    assert_eq!(forged.status(), 403);
    let response = app.post_form("/konto/sicherheit/app/entfernen", &[("_csrf", &csrf)]).await;
    assert_eq!(response.headers()["location"], "/konto/sicherheit?hinweis=app-entfernt");
    let id = account_id(&app, ANNA).await;
    assert_eq!(totp::status(app.db(), id).await.unwrap(), totp::Status::None);

    // Without a factor, a password sign-in is complete again (level low).
    app.forget_cookies();
    assert_eq!(sign_in(&app, ANNA, PASSWORD, "").await.headers()["location"], "/konto");
    assert_eq!(level_shown(&app).await, "niedrig");
}

#[tokio::test]
async fn new_recovery_codes_replace_the_old_ones() {
    let app = TestApp::spawn().await;
    let old = account_with_app(&app, ANNA).await;
    let csrf = app.csrf_from("/konto/sicherheit").await;
    let response = app
        .post_form("/konto/sicherheit/wiederherstellungscodes", &[("_csrf", &csrf)])
        .await;
    assert_eq!(response.status(), 200);
    assert!(!response.text().await.unwrap().contains(&old[0]));
    app.forget_cookies();
    sign_in(&app, ANNA, PASSWORD, "").await;
    assert_eq!(submit_code(&app, &old[0], "").await.status(), 422);
}

#[tokio::test]
async fn the_app_secret_is_sealed_at_rest() {
    let app = TestApp::spawn().await;
    account_with_app(&app, ANNA).await;
    let conn = app.db().write();
    let row = sea_orm::ConnectionTrait::query_one_raw(
        conn,
        rathaus_platform::db::stmt(conn, "SELECT secret_sealed FROM totp_credentials", vec![]),
    )
    .await
    .unwrap()
    .unwrap();
    let sealed: Vec<u8> = row.try_get("", "secret_sealed").unwrap();
    // Nonce (24) + secret (20) + tag (16): sealed, not the raw 20 bytes.
    assert_eq!(sealed.len(), 60);
}
