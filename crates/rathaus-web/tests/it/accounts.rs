//! Servicekonto: registration, confirmation, sign-in, reset — and the attacks on them:
//! enumeration, session fixation, lockout abuse, open redirects, someone else's session.

use crate::helpers::TestApp;
use rathaus_platform::mail;

pub const PASSWORD: &str = "Fahrrad-Alster-Brücke-42";

pub async fn mails_to(app: &TestApp, to: &str) -> Vec<mail::MailRow> {
    mail::list(app.db(), None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.to.eq_ignore_ascii_case(to))
        .collect()
}

/// The newest mail to `to` whose subject starts with `subject`.
pub async fn mail_with(app: &TestApp, to: &str, subject: &str) -> mail::MailRow {
    mails_to(app, to)
        .await
        .into_iter()
        .find(|m| m.subject.starts_with(subject))
        .unwrap_or_else(|| panic!("no mail \"{subject}\" to {to}"))
}

pub fn link_token(text: &str) -> String {
    let start = text.find("token=").expect("a link with a token") + "token=".len();
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '&')
        .next()
        .unwrap()
        .to_string()
}

pub async fn register(app: &TestApp, email: &str) -> reqwest::Response {
    let token = app.csrf_from("/konto/registrieren").await;
    app.post_form(
        "/konto/registrieren",
        &[
            ("_csrf", &token),
            ("name", "Anna Beispiel"),
            ("email", email),
            ("password", PASSWORD),
            ("password_repeat", PASSWORD),
        ],
    )
    .await
}

pub async fn sign_in(app: &TestApp, email: &str, password: &str, back: &str) -> reqwest::Response {
    let token = app.csrf_from("/konto/anmelden").await;
    app.post_form(
        "/konto/anmelden",
        &[("_csrf", &token), ("email", email), ("password", password), ("zurueck", back)],
    )
    .await
}

/// Registers and confirms `email` (which signs in this browser), then forgets the
/// cookies: a fresh browser, signed out.
pub async fn confirmed_account(app: &TestApp, email: &str) {
    assert_eq!(register(app, email).await.status(), 303);
    let token = link_token(&mail_with(app, email, "Bitte bestätigen").await.body_text);
    let (status, _) = app.get_text(&format!("/konto/bestaetigen?token={token}")).await;
    assert_eq!(status, 200);
    let csrf = app.csrf_from(&format!("/konto/bestaetigen?token={token}")).await;
    let response = app.post_form("/konto/bestaetigen", &[("_csrf", &csrf), ("token", &token)]).await;
    // Confirmed in the browser that registered: signed in (the password was set here).
    assert_eq!(response.headers()["location"], "/konto");
    app.forget_cookies();
}

/// Asks for a reset link; the worker then sends what the request queued.
async fn forgot(app: &TestApp, email: &str) -> reqwest::Response {
    let token = app.csrf_from("/konto/passwort-vergessen").await;
    let response = app
        .post_form("/konto/passwort-vergessen", &[("_csrf", &token), ("email", email)])
        .await;
    let worker = crate::applying::worker(app);
    while worker.run_once().await.unwrap() > 0 {}
    response
}

async fn new_device_notices(app: &TestApp) -> usize {
    mails_to(app, "anna@example.org")
        .await
        .iter()
        .filter(|m| m.subject.starts_with("Neue Anmeldung"))
        .count()
}

pub fn session_cookie(app: &TestApp) -> String {
    app.cookie_header()
        .split("; ")
        .find(|c| c.starts_with("__Host-rathaus="))
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn register_confirm_sign_in_and_out() {
    let app = TestApp::spawn().await;
    let response = register(&app, "anna@example.org").await;
    assert_eq!(response.headers()["location"], "/konto/registrieren/gesendet");
    let mail = &mails_to(&app, "anna@example.org").await[0];
    assert_eq!(mail.subject, "Bitte bestätigen Sie Ihre E-Mail-Adresse");

    // Not confirmed yet: the right password brings a new link, not a session — and
    // the answer is the one a wrong password gets.
    let response = sign_in(&app, "anna@example.org", PASSWORD, "").await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Haben Sie sich gerade registriert?"));
    assert_eq!(mails_to(&app, "anna@example.org").await.len(), 2);
    app.forget_cookies();

    let token = link_token(&mail_with(&app, "anna@example.org", "Bitte bestätigen").await.body_text);
    let csrf = app.csrf_from(&format!("/konto/bestaetigen?token={token}")).await;
    assert_eq!(
        app.post_form("/konto/bestaetigen", &[("_csrf", &csrf), ("token", &token)])
            .await
            .status(),
        303
    );
    // A used link does not work twice.
    assert_eq!(
        app.post_form("/konto/bestaetigen", &[("_csrf", &csrf), ("token", &token)])
            .await
            .status(),
        400
    );

    let response = sign_in(&app, "Anna@Example.org", PASSWORD, "").await;
    assert_eq!(response.headers()["location"], "/konto");
    let (status, html) = app.get_text("/konto").await;
    assert_eq!(status, 200);
    assert!(html.contains("Anna Beispiel") && html.contains("dieses Gerät"));

    let csrf = app.csrf_from("/konto").await;
    let response = app.post_form("/konto/abmelden", &[("_csrf", &csrf)]).await;
    assert_eq!(response.headers()["location"], "/konto/anmelden?hinweis=abgemeldet");
    let response = app.get("/konto").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/konto/anmelden?zurueck=%2Fkonto");
}

#[tokio::test]
async fn weak_input_is_explained_and_passwords_are_not_echoed() {
    let app = TestApp::spawn().await;
    let token = app.csrf_from("/konto/registrieren").await;
    let response = app
        .post_form(
            "/konto/registrieren",
            &[
                ("_csrf", &token),
                ("name", ""),
                ("email", "anna@"),
                ("password", "password123"),
                ("password_repeat", "password123"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("href=\"#name\"") && html.contains("href=\"#email\"") && html.contains("zu leicht zu erraten"));
    assert!(!html.contains("password123"), "passwords are never sent back");
    assert!(html.contains("value=\"anna@\""), "other input is kept");
    assert_eq!(app.count("accounts").await, 0);
}

#[tokio::test]
async fn registration_and_reset_do_not_reveal_accounts() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, "anna@example.org").await;

    let known = register(&app, "ANNA@example.org").await;
    let unknown = register(&app, "bernd@example.org").await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(known.headers()["location"], unknown.headers()["location"]);
    mail_with(&app, "anna@example.org", "Sie haben bereits ein Servicekonto").await;

    let known = forgot(&app, "anna@example.org").await;
    let unknown = forgot(&app, "niemand@example.org").await;
    assert_eq!(
        (known.status(), known.headers()["location"].clone()),
        (unknown.status(), unknown.headers()["location"].clone())
    );
    mail_with(&app, "niemand@example.org", "Zu dieser Adresse gibt es kein Servicekonto").await;
    mail_with(&app, "anna@example.org", "Ihr Link für ein neues Passwort").await;
}

#[tokio::test]
async fn sign_in_failures_look_the_same() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, "anna@example.org").await;
    let strip = |html: String| html.replace("anna@example.org", "X").replace("niemand@example.org", "X");
    let wrong_password = sign_in(&app, "anna@example.org", "Falsch-Falsch-Falsch-1", "").await;
    let status = wrong_password.status();
    let body_a = strip(wrong_password.text().await.unwrap());
    let unknown = sign_in(&app, "niemand@example.org", "Falsch-Falsch-Falsch-1", "").await;
    assert_eq!(status, 422);
    assert_eq!(unknown.status(), status);
    let body_b = strip(unknown.text().await.unwrap());
    // Only the CSRF token differs between the two pages.
    let without_token = |s: &str| {
        s.split("name=\"_csrf\" value=\"")
            .map(|p| p.split_once('"').map(|x| x.1).unwrap_or(p))
            .collect::<String>()
    };
    assert_eq!(without_token(&body_a), without_token(&body_b));
    // The right password to an account not yet confirmed looks the same too: the page
    // does not tell that the address has an account.
    app.forget_cookies();
    assert_eq!(register(&app, "bernd@example.org").await.status(), 303);
    let unconfirmed = sign_in(&app, "bernd@example.org", PASSWORD, "").await;
    assert_eq!(unconfirmed.status(), status);
    let body_c = unconfirmed.text().await.unwrap().replace("bernd@example.org", "X");
    assert_eq!(without_token(&body_a), without_token(&body_c));
}

/// Nobody can bomb an address with mails: resets, registrations and sign-ins to an
/// unconfirmed account — from as many client addresses as they like — send at most a
/// few mails an hour to one address, and every request is answered as if it sent one.
#[tokio::test]
async fn mails_to_a_typed_address_are_limited_whoever_asks() {
    let app = TestApp::spawn_with(|c| c.http.trust_forwarded_for = true).await;
    confirmed_account(&app, "anna@example.org").await;
    let before = mails_to(&app, "anna@example.org").await.len();
    let worker = crate::applying::worker(&app);
    for i in 0..25 {
        let token = app.csrf_from("/konto/passwort-vergessen").await;
        let response = app
            .client
            .post(format!("{}/konto/passwort-vergessen", app.base))
            .header("cookie", app.cookie_header())
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .form(&[("_csrf", token.as_str()), ("email", "anna@example.org")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["location"], "/konto/passwort-vergessen/gesendet", "attempt {i}");
    }
    while worker.run_once().await.unwrap() > 0 {}
    for _ in 0..5 {
        assert_eq!(
            register(&app, "anna@example.org").await.headers()["location"],
            "/konto/registrieren/gesendet"
        );
    }
    let sent = mails_to(&app, "anna@example.org").await.len() - before;
    // The confirmation mail of the registration counted too.
    assert_eq!(
        sent as u32 + 1,
        rathaus_core::accounts::notices::TYPED_ADDRESS_LIMIT.max,
        "at most the limit an hour"
    );
    // An hour later the owner can have a link again.
    app.clock.advance(chrono::Duration::minutes(61));
    forgot(&app, "anna@example.org").await;
    assert_eq!(mails_to(&app, "anna@example.org").await.len() - before, sent + 1);
}

/// A reset request does the same work whether or not the address has an account (one
/// queued job, nothing else), so its timing tells nothing; the job then tells the truth.
#[tokio::test]
async fn a_reset_request_does_the_same_work_for_every_address() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, "anna@example.org").await;
    let written = async || {
        let mut counts = Vec::new();
        for table in ["jobs", "mails", "account_tokens", "audit_log"] {
            counts.push(app.count(table).await);
        }
        counts
    };
    let mut deltas = Vec::new();
    for address in ["anna@example.org", "niemand@example.org"] {
        let token = app.csrf_from("/konto/passwort-vergessen").await;
        let before = written().await;
        let response = app
            .post_form("/konto/passwort-vergessen", &[("_csrf", &token), ("email", address)])
            .await;
        assert_eq!(response.headers()["location"], "/konto/passwort-vergessen/gesendet");
        let after = written().await;
        deltas.push(after.iter().zip(&before).map(|(a, b)| a - b).collect::<Vec<_>>());
    }
    assert_eq!(deltas[0], vec![1, 0, 0, 0], "one job, nothing else");
    assert_eq!(deltas[0], deltas[1], "the same for an unknown address");
    assert_eq!(
        app.count("jobs WHERE CAST(payload AS TEXT) LIKE '%example.org%'").await,
        0,
        "the jobs table holds no address in clear"
    );
    // The worker then sends the truth to each address.
    let worker = crate::applying::worker(&app);
    while worker.run_once().await.unwrap() > 0 {}
    mail_with(&app, "anna@example.org", "Ihr Link für ein neues Passwort").await;
    mail_with(&app, "niemand@example.org", "Zu dieser Adresse gibt es kein Servicekonto").await;
}

/// A pause after failures cannot be kept up by trying now and then, and the owner's own
/// browser (one the account has signed in from) still gets in while it lasts.
#[tokio::test]
async fn a_pause_is_not_prolonged_and_the_owners_browser_still_gets_in() {
    use crate::cases::{restore, save};
    let app = TestApp::spawn().await;
    confirmed_account(&app, "anna@example.org").await;
    // Anna has signed in from this browser before.
    assert_eq!(sign_in(&app, "anna@example.org", PASSWORD, "").await.status(), 303);
    let csrf = app.csrf_from("/konto").await;
    app.post_form("/konto/abmelden", &[("_csrf", &csrf)]).await;
    let annas_browser = save(&app);

    // Someone else: failures until the pause, then one try every few minutes.
    app.forget_cookies();
    for _ in 0..9 {
        sign_in(&app, "anna@example.org", "Falsch-Falsch-Falsch-1", "").await;
    }
    let blocked = async || -> chrono::DateTime<chrono::Utc> {
        app.scalar("SELECT blocked_until AS v FROM login_throttle WHERE email_normalized = 'anna@example.org'")
            .await
    };
    let until = blocked().await;
    app.clock.advance(chrono::Duration::seconds(40));
    assert_eq!(sign_in(&app, "anna@example.org", "Falsch-Falsch-Falsch-1", "").await.status(), 422);
    assert_eq!(blocked().await, until, "an attempt during the pause does not prolong it");
    assert_eq!(sign_in(&app, "anna@example.org", PASSWORD, "").await.status(), 422, "still paused");

    // Anna's browser gets in during the pause.
    restore(&app, &annas_browser);
    assert_eq!(sign_in(&app, "anna@example.org", PASSWORD, "").await.status(), 303);
}

#[tokio::test]
async fn the_session_id_changes_at_sign_in() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, "anna@example.org").await;
    app.csrf_from("/konto/anmelden").await;
    let before = session_cookie(&app);
    sign_in(&app, "anna@example.org", PASSWORD, "").await;
    let after = session_cookie(&app);
    assert_ne!(before, after);
    // The planted (pre-sign-in) id is worthless now.
    let planted = app
        .client
        .get(format!("{}/konto", app.base))
        .header("cookie", before)
        .send()
        .await
        .unwrap();
    assert_eq!(planted.status(), 303);
}

#[tokio::test]
async fn repeated_failures_pause_sign_in_briefly_for_every_spelling() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, "anna@example.org").await;
    for spelling in [
        "anna@example.org",
        "ANNA@example.org",
        "Anna@Example.Org",
        "anna@EXAMPLE.org",
        "aNNa@example.org",
    ] {
        assert_eq!(sign_in(&app, spelling, "Falsch-Falsch-Falsch-1", "").await.status(), 422);
    }
    // Paused: even the right password is answered like a wrong one.
    assert_eq!(sign_in(&app, "anna@example.org", PASSWORD, "").await.status(), 422);
    // The pause is short: a few minutes later the owner gets in.
    app.clock.advance(chrono::Duration::minutes(3));
    assert_eq!(sign_in(&app, "anna@example.org", PASSWORD, "").await.status(), 303);
}

#[tokio::test]
async fn an_attacker_cannot_lock_the_owner_out_for_long() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, "anna@example.org").await;
    for _ in 0..40 {
        sign_in(&app, "anna@example.org", "Falsch-Falsch-Falsch-1", "").await;
    }
    app.clock.advance(chrono::Duration::minutes(16));
    assert_eq!(sign_in(&app, "anna@example.org", PASSWORD, "").await.status(), 303);
}

#[tokio::test]
async fn return_addresses_stay_on_the_site() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, "anna@example.org").await;
    for evil in ["https://evil.example.org/", "//evil.example.org", "/\\evil.example.org"] {
        let response = sign_in(&app, "anna@example.org", PASSWORD, evil).await;
        assert_eq!(response.headers()["location"], "/konto", "{evil}");
        app.forget_cookies();
    }
    let response = sign_in(&app, "anna@example.org", PASSWORD, "/leistungen?zielgruppe=resident").await;
    assert_eq!(response.headers()["location"], "/leistungen?zielgruppe=resident");
}

#[tokio::test]
async fn someone_elses_session_cannot_be_ended() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, "anna@example.org").await;
    sign_in(&app, "anna@example.org", PASSWORD, "").await;
    let anna_cookie = app.cookie_header();
    let (_, html) = app.get_text("/konto").await;
    let anna_handle = crate::helpers::extract_value(&html, "handle").unwrap();

    app.forget_cookies();
    confirmed_account(&app, "bernd@example.org").await;
    sign_in(&app, "bernd@example.org", PASSWORD, "").await;
    let csrf = app.csrf_from("/konto").await;
    let response = app
        .post_form("/konto/sitzungen/beenden", &[("_csrf", &csrf), ("handle", &anna_handle)])
        .await;
    assert_eq!(response.status(), 404);
    let still = app
        .client
        .get(format!("{}/konto", app.base))
        .header("cookie", anna_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(still.status(), 200);
}

#[tokio::test]
async fn a_reset_ends_all_sessions_and_works_once() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, "anna@example.org").await;
    sign_in(&app, "anna@example.org", PASSWORD, "").await;
    let signed_in = app.cookie_header();
    app.forget_cookies();

    forgot(&app, "anna@example.org").await;
    let token = link_token(
        &mail_with(&app, "anna@example.org", "Ihr Link für ein neues Passwort")
            .await
            .body_text,
    );
    let csrf = app.csrf_from(&format!("/konto/passwort-neu?token={token}")).await;
    let new = "Leuchtturm-Kaffee-Elbe-77";
    let response = app
        .post_form(
            "/konto/passwort-neu",
            &[("_csrf", &csrf), ("token", &token), ("password", new), ("password_repeat", new)],
        )
        .await;
    assert_eq!(response.headers()["location"], "/konto/anmelden?hinweis=passwort");
    let old_session = app
        .client
        .get(format!("{}/konto", app.base))
        .header("cookie", signed_in)
        .send()
        .await
        .unwrap();
    assert_eq!(old_session.status(), 303, "the old session ended");
    let again = app
        .post_form(
            "/konto/passwort-neu",
            &[("_csrf", &csrf), ("token", &token), ("password", new), ("password_repeat", new)],
        )
        .await;
    assert_eq!(again.status(), 422);
    assert_eq!(sign_in(&app, "anna@example.org", PASSWORD, "").await.status(), 422);
    assert_eq!(sign_in(&app, "anna@example.org", new, "").await.status(), 303);
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions_only() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, "anna@example.org").await;
    sign_in(&app, "anna@example.org", PASSWORD, "").await;
    let other = app.cookie_header();
    app.forget_cookies();
    sign_in(&app, "anna@example.org", PASSWORD, "").await;
    let csrf = app.csrf_from("/konto/passwort").await;
    let new = "Leuchtturm-Kaffee-Elbe-77";
    let wrong = app
        .post_form(
            "/konto/passwort",
            &[("_csrf", &csrf), ("current", "falsch"), ("password", new), ("password_repeat", new)],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let response = app
        .post_form(
            "/konto/passwort",
            &[("_csrf", &csrf), ("current", PASSWORD), ("password", new), ("password_repeat", new)],
        )
        .await;
    assert_eq!(response.headers()["location"], "/konto?hinweis=passwort");
    assert_eq!(app.get("/konto?hinweis=passwort").await.status(), 200, "this session stays");
    let ended = app
        .client
        .get(format!("{}/konto", app.base))
        .header("cookie", other)
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 303);
}

#[tokio::test]
async fn a_new_device_gets_a_notice_the_first_one_does_not() {
    let app = TestApp::spawn().await;
    // The browser that registered and confirmed is the first one: no notice.
    confirmed_account(&app, "anna@example.org").await;
    assert_eq!(new_device_notices(&app).await, 0);
    // A fresh browser (the helper forgot the cookies): a notice.
    sign_in(&app, "anna@example.org", PASSWORD, "").await;
    assert_eq!(new_device_notices(&app).await, 1);
    // Same browser (device cookie kept), new session: no further notice.
    let device = app
        .cookie_header()
        .split("; ")
        .find(|c| c.starts_with("__Host-rathaus-geraet="))
        .unwrap()
        .to_string();
    app.forget_cookies();
    app.set_cookie(&device);
    sign_in(&app, "anna@example.org", PASSWORD, "").await;
    assert_eq!(new_device_notices(&app).await, 1);
    // Another browser.
    app.forget_cookies();
    sign_in(&app, "anna@example.org", PASSWORD, "").await;
    assert_eq!(new_device_notices(&app).await, 2);
}

#[tokio::test]
async fn account_forms_need_their_csrf_token() {
    let app = TestApp::spawn().await;
    app.csrf_from("/konto/anmelden").await;
    let response = app
        .post_form("/konto/anmelden", &[("email", "anna@example.org"), ("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn personal_details_are_validated_saved_and_audited_without_values() {
    use rathaus_platform::db::stmt;
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/konto/daten").await.status(), 303, "only when signed in");
    confirmed_account(&app, "anna@example.org").await;
    sign_in(&app, "anna@example.org", PASSWORD, "").await;
    let (status, html) = app.get_text("/konto/daten").await;
    assert_eq!(status, 200);
    assert_eq!(
        crate::helpers::extract_value(&html, "given_name").as_deref(),
        Some("Anna"),
        "drafted from the account name"
    );
    let csrf = crate::helpers::extract_value(&html, "_csrf").unwrap();

    let bad = [
        ("_csrf", csrf.as_str()),
        ("given_name", "Anna"),
        ("family_name", "Beispiel"),
        ("birth_day", "1"),
        ("birth_month", "1"),
        ("birth_year", "2030"),
        ("postcode", "2009"),
        ("street", "Musterweg 1"),
        ("phone", "x"),
    ];
    let response = app.post_form("/konto/daten", &bad).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("href=\"#birth_day\"") && html.contains("href=\"#postcode\"") && html.contains("href=\"#phone\""));
    assert_eq!(
        crate::helpers::extract_value(&html, "street").as_deref(),
        Some("Musterweg 1"),
        "input kept"
    );

    let good = [
        ("_csrf", csrf.as_str()),
        ("given_name", "Anna"),
        ("family_name", "Beispiel"),
        ("birth_day", "27"),
        ("birth_month", "3"),
        ("birth_year", "1985"),
        ("street", "Musterweg 1"),
        ("postcode", "20095"),
        ("city", "Hamburg"),
        ("phone", "040 555 1100"),
        ("preferred_lang", "en"),
    ];
    let response = app.post_form("/konto/daten", &good).await;
    assert_eq!(response.headers()["location"], "/konto?hinweis=daten");
    let (_, html) = app.get_text("/konto/daten").await;
    assert_eq!(crate::helpers::extract_value(&html, "postcode").as_deref(), Some("20095"));
    assert_eq!(crate::helpers::extract_value(&html, "birth_year").as_deref(), Some("1985"));

    let entries = rathaus_platform::audit::entries_after(app.db().write(), 0, 100).await.unwrap();
    let change = entries.iter().find(|e| e.action == "profile.changed").expect("audited");
    assert!(change.details.contains("postcode") && !change.details.contains("20095") && !change.details.contains("Musterweg"));

    // A field confirmed by an eID provider cannot be overwritten by a crafted post.
    let conn = app.db().write();
    conn.execute_raw(stmt(conn, "UPDATE profiles SET verified_fields = '[\"family_name\"]'", vec![]))
        .await
        .unwrap();
    let forged = [
        ("_csrf", csrf.as_str()),
        ("given_name", "Anna"),
        ("family_name", "Fälschung"),
        ("postcode", "20095"),
    ];
    assert_eq!(app.post_form("/konto/daten", &forged).await.status(), 303);
    let (_, html) = app.get_text("/konto/daten").await;
    assert!(html.contains("Beispiel") && !html.contains("Fälschung") && html.contains("bestätigt durch Online-Ausweis"));
}

#[tokio::test]
async fn a_disabled_account_is_out_with_the_next_request() {
    use rathaus_platform::db::stmt;
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    confirmed_account(&app, "anna@example.org").await;
    sign_in(&app, "anna@example.org", PASSWORD, "").await;
    assert_eq!(app.get("/konto").await.status(), 200);
    let conn = app.db().write();
    conn.execute_raw(stmt(
        conn,
        "UPDATE accounts SET disabled_at = $1 WHERE email_normalized = $2",
        vec![rathaus_platform::clock::Clock::now(&*app.clock).into(), "anna@example.org".into()],
    ))
    .await
    .unwrap();
    assert_eq!(app.get("/konto").await.status(), 303);
    assert_eq!(sign_in(&app, "anna@example.org", PASSWORD, "").await.status(), 422);
}

/// The median times of `a` and `b`, run alternately so that load on the machine
/// falls on both alike.
async fn median_times<A, B, FA, FB>(rounds: usize, mut a: A, mut b: B) -> (std::time::Duration, std::time::Duration)
where
    A: FnMut(usize) -> FA,
    B: FnMut(usize) -> FB,
    FA: std::future::Future<Output = reqwest::Response>,
    FB: std::future::Future<Output = reqwest::Response>,
{
    let (mut times_a, mut times_b) = (Vec::new(), Vec::new());
    for i in 0..rounds {
        let started = std::time::Instant::now();
        a(i).await;
        times_a.push(started.elapsed());
        let started = std::time::Instant::now();
        b(i).await;
        times_b.push(started.elapsed());
    }
    times_a.sort();
    times_b.sort();
    (times_a[rounds / 2], times_b[rounds / 2])
}

/// Whether two medians are alike: skipping the password hash for unknown addresses
/// would make one side many times faster; scheduling noise stays well inside 2×.
fn alike((a, b): (std::time::Duration, std::time::Duration)) -> bool {
    let ratio = a.as_secs_f64() / b.as_secs_f64();
    (0.5..=2.0).contains(&ratio)
}

#[tokio::test]
async fn answers_take_as_long_whether_or_not_the_address_has_an_account() {
    let app = TestApp::spawn_with(|c| c.rate_limit.writes_per_minute = 10_000).await;
    confirmed_account(&app, "anna@example.org").await;
    let app = &app;
    let wrong = "Falsch-Falsch-Falsch-1";
    // Warm up both paths once.
    sign_in(app, "anna@example.org", wrong, "").await;
    sign_in(app, "niemand@example.org", wrong, "").await;

    let times = median_times(
        7,
        |_| sign_in(app, "anna@example.org", wrong, ""),
        |_| sign_in(app, "niemand@example.org", wrong, ""),
    )
    .await;
    assert!(alike(times), "sign-in (known, unknown): {times:?}");

    let times = median_times(
        7,
        |_| register(app, "anna@example.org"),
        |i| async move { register(app, &format!("neu{i}@example.org")).await },
    )
    .await;
    assert!(alike(times), "registration (known, unknown): {times:?}");

    let times = median_times(7, |_| forgot(app, "anna@example.org"), |_| forgot(app, "niemand@example.org")).await;
    assert!(alike(times), "reset (known, unknown): {times:?}");
}
