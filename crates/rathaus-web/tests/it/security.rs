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
    let response = app
        .post_form("/barrierefreiheit", &[("_csrf", &token), ("message", "Lange genug, wirklich.")])
        .await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    assert_eq!(app.count("feedback").await, 0);
}
