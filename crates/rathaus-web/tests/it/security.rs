//! Headers, body limits and the database rate limiter (which fails closed).

use crate::helpers::TestApp;
use rathaus_platform::db::stmt;
use sea_orm::ConnectionTrait;

fn assert_security_headers(response: &reqwest::Response) {
    let h = response.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["strict-transport-security"].to_str().unwrap().contains("max-age="));
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    assert!(h.contains_key("x-request-id"));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/", "/nicht-da", "/api/v1/services", "/api/v1/nicht-da", "/healthz"] {
        assert_security_headers(&app.get(path).await);
    }
    assert_security_headers(&app.post_form("/barrierefreiheit", &[("message", "x")]).await);
}

#[tokio::test]
async fn no_inline_script_or_style_in_pages() {
    let app = TestApp::spawn().await;
    for path in [
        "/",
        "/leistungen",
        "/leistungen/bewohnerparkausweis",
        "/barrierefreiheit",
        "/nicht-da",
    ] {
        let (_, html) = app.get_text(path).await;
        assert!(!html.contains("<script"), "{path}");
        assert!(!html.contains("style=\"") && !html.contains("<style"), "{path}");
    }
}

#[tokio::test]
async fn session_cookie_is_host_bound_and_http_only() {
    let app = TestApp::spawn().await;
    let response = app.get("/barrierefreiheit").await;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("__Host-rathaus="))
        .unwrap();
    for part in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Domain="));
    // Plain pages create no session.
    let response = app.client.get(format!("{}/leistungen", app.base)).send().await.unwrap();
    assert!(
        response
            .headers()
            .get_all("set-cookie")
            .iter()
            .all(|c| !c.to_str().unwrap().starts_with("__Host-"))
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::spawn().await;
    let token = app.csrf_from("/barrierefreiheit").await;
    let huge = "x".repeat(app.config.http.max_body_bytes + 10);
    let response = app.post_form("/barrierefreiheit", &[("_csrf", &token), ("message", &huge)]).await;
    assert_eq!(response.status(), 413);
    assert_eq!(app.count("feedback").await, 0);
}

#[tokio::test]
async fn writes_are_rate_limited_per_client() {
    let app = TestApp::spawn_with(|c| c.rate_limit.writes_per_minute = 3).await;
    let token = app.csrf_from("/barrierefreiheit").await;
    for _ in 0..3 {
        let status = app
            .post_form("/barrierefreiheit", &[("_csrf", &token), ("message", "")])
            .await
            .status();
        assert_eq!(status, 422);
    }
    let response = app.post_form("/barrierefreiheit", &[("_csrf", &token), ("message", "")]).await;
    assert_eq!(response.status(), 429);
    let retry: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert!(response.text().await.unwrap().contains("Zu viele Anfragen"));
    // Reading stays possible.
    assert_eq!(app.get("/leistungen").await.status(), 200);
}

#[tokio::test]
async fn the_rate_limiter_fails_closed() {
    let app = TestApp::spawn().await;
    let token = app.csrf_from("/barrierefreiheit").await;
    let conn = app.db().write();
    conn.execute_raw(stmt(conn, "DROP TABLE rate_limits", vec![])).await.unwrap();
    // The counts of this node cannot be merged with the others' any more.
    assert!(app.merge_limits().await.is_err());
    let response = app
        .post_form("/barrierefreiheit", &[("_csrf", &token), ("message", "Lange genug, wirklich.")])
        .await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    assert_eq!(app.count("feedback").await, 0);
}

/// Every route that accepts POST, read from the router's source, so a new form cannot
/// be added without this test covering it.
fn post_routes() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes");
    let mut files = vec![std::path::PathBuf::from(dir)];
    let mut routes = Vec::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let mut rest = source.as_str();
        while let Some(start) = rest.find(".route(") {
            let call = &rest[start + ".route(".len()..];
            let mut depth = 1;
            let end = call
                .char_indices()
                .find(|(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map(|(i, _)| i)
                .unwrap_or(call.len());
            let body = &call[..end];
            // The CKAN API reads no cookie, so a forged request has nothing to ride on;
            // `ckan::every_write_needs_a_valid_key_of_the_records_agency` proves that a
            // signed-in session is no key there.
            if body.contains("post(")
                && let Some(path) = body.split('"').nth(1)
                && !path.contains("/action/")
            {
                routes.push(path.to_string());
            }
            rest = &call[end..];
        }
    }
    routes.sort();
    routes
}

#[tokio::test]
async fn every_form_and_json_write_needs_the_csrf_token() {
    // Many writes from one address: lift the rate limit so CSRF is what answers.
    let app = TestApp::spawn_with(|c| c.rate_limit.writes_per_minute = 10_000).await;
    // A signed-in session, so requests get past sign-in checks if CSRF let them.
    crate::second_factor::account_with_app(&app, "anna@example.org").await;
    let routes = post_routes();
    assert!(routes.len() >= 25, "found only {routes:?}");
    let audit_before = rathaus_platform::audit::count(app.db()).await.unwrap();
    for route in &routes {
        let path = route.replace("{id}", &uuid::Uuid::now_v7().to_string());
        let form = app.post_form(&path, &[("email", "x@example.org"), ("code", "123456")]).await;
        assert_eq!(form.status(), 403, "form POST {path} without token");
        let json = app
            .client
            .post(format!("{}{path}", app.base))
            .header("cookie", app.cookie_header())
            .header("x-csrf-token", "forged")
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(json.status(), 403, "JSON POST {path} with a forged token");
    }
    // Nothing was written but the record of each refusal.
    let refusals = app.count("audit_log WHERE action = 'access.forbidden-refused'").await;
    assert_eq!(refusals, 2 * routes.len() as i64, "each refusal audited");
    assert_eq!(
        rathaus_platform::audit::count(app.db()).await.unwrap(),
        audit_before + refusals,
        "nothing else was written"
    );
}

/// Every refusal is in the audit log: someone else's payment (404 like a missing one),
/// a sign-in with a wrong password or an unknown address, a resident on a staff page
/// (403), a write without the CSRF token (403) — with who asked and for what.
#[tokio::test]
async fn every_refusal_and_failed_sign_in_is_audited() {
    use crate::accounts::{PASSWORD, confirmed_account, sign_in};
    use rathaus_core::accounts;

    let app = TestApp::spawn().await;
    let audited = async |action: &str| app.count(&format!("audit_log WHERE action = '{action}'")).await;
    // Sign-in failures, for an address with an account and for one without.
    confirmed_account(&app, "anna@example.org").await;
    let anna = accounts::find_by_email(app.db(), "anna@example.org").await.unwrap();
    assert_eq!(sign_in(&app, "anna@example.org", "wrong password!", "").await.status(), 422);
    assert_eq!(sign_in(&app, "nobody@example.org", PASSWORD, "").await.status(), 422);
    assert_eq!(audited("account.sign-in-refused").await, 2);
    let subjects = app
        .scalar::<String>(&format!(
            "SELECT subject AS v FROM audit_log WHERE action = 'account.sign-in-refused' AND subject = 'account:{}'",
            anna.id
        ))
        .await;
    assert_eq!(subjects, format!("account:{}", anna.id));
    assert_eq!(
        app.count("audit_log WHERE action = 'account.sign-in-refused' AND subject = 'account:unknown'")
            .await,
        1,
        "an address without an account is not written down"
    );

    // A resident on a staff page.
    sign_in(&app, "anna@example.org", PASSWORD, "").await;
    assert_eq!(app.get("/verwaltung/betrieb").await.status(), 403);
    let actor: String = app
        .scalar("SELECT actor AS v FROM audit_log WHERE action = 'access.forbidden-refused'")
        .await;
    assert_eq!(actor, format!("account:{}", anna.id));

    // Someone else's payment, or one that does not exist: 404 and audited alike.
    let payment = uuid::Uuid::now_v7();
    assert_eq!(app.get(&format!("/zahlungen/{payment}/zurueck")).await.status(), 404);
    let csrf = app.csrf_from("/konto/daten").await;
    let response = app
        .post_form(&format!("/zahlungen/{payment}/bezahlen"), &[("_csrf", csrf.as_str())])
        .await;
    assert_eq!(response.status(), 404);
    assert_eq!(audited("payment.access-refused").await, 2);

    // A write without the CSRF token, signed out.
    app.forget_cookies();
    let before = audited("access.forbidden-refused").await;
    assert_eq!(app.post_form("/konto/anmelden", &[("email", "x@example.org")]).await.status(), 403);
    assert_eq!(audited("access.forbidden-refused").await, before + 1);
    let actor: String = app
        .scalar("SELECT actor AS v FROM audit_log WHERE action = 'access.forbidden-refused' ORDER BY seq DESC")
        .await;
    assert!(actor.starts_with("anonymous:127.0.0.1"), "{actor}");
}

/// A passkey sign-in with a credential no account has is refused and audited.
#[tokio::test]
async fn a_refused_passkey_sign_in_is_audited() {
    use base64::Engine;
    let app = TestApp::spawn().await;
    let csrf = app.csrf_from("/konto/anmelden").await;
    let options = app
        .client
        .post(format!("{}/konto/passkey/optionen", app.base))
        .header("cookie", app.cookie_header())
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(options.status(), 200);
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let credential = serde_json::json!({
        "id": b64(b"unknown-credential"),
        "rawId": b64(b"unknown-credential"),
        "type": "public-key",
        "extensions": {},
        "response": {
            "authenticatorData": b64(&[0_u8; 37]),
            "clientDataJSON": b64(b"{}"),
            "signature": b64(&[0_u8; 64]),
            "userHandle": b64(uuid::Uuid::now_v7().as_bytes()),
        },
    });
    let response = app
        .client
        .post(format!("{}/konto/passkey/anmelden", app.base))
        .header("cookie", app.cookie_header())
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({ "credential": credential, "zurueck": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(
        app.count("audit_log WHERE action = 'account.sign-in-refused' AND subject = 'passkey'")
            .await,
        1
    );
}
