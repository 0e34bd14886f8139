//! Sign-in with an eID provider, against a real OpenID Connect provider (npm
//! oidc-provider) on loopback: linking, signing in at level "high", verified profile
//! data — and the attacks: a broken signature, a token for another client, a replayed
//! token (old nonce), a replayed code, a foreign state and a mixed-up issuer.

use serde_json::json;
use std::collections::BTreeMap;

use crate::accounts::{PASSWORD, confirmed_account, sign_in};
use crate::helpers::{ChildProcess, TestApp, extract_value, free_port, spawn_listening};
use rathaus_core::accounts::{self, profile};
use rathaus_platform::config::EidConfig;

const ANNA: &str = "anna@example.org";

struct Provider {
    _process: ChildProcess,
    base: String,
    client: reqwest::Client,
}

impl Provider {
    async fn start() -> Self {
        let port = free_port();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../e2e/oidc/provider.mjs");
        let mut command = std::process::Command::new("node");
        command.arg(script).arg("--port").arg(port.to_string());
        let process = spawn_listening(command, port, "the OpenID Connect test provider (node e2e/oidc/provider.mjs)").await;
        Self {
            _process: process,
            base: format!("http://127.0.0.1:{port}"),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    fn config(&self) -> EidConfig {
        EidConfig {
            issuer: self.base.clone(),
            client_id: "rathaus".into(),
            client_secret: "rathaus-test-secret".to_string().into(),
            name: "BundID (Test)".into(),
            scopes: vec!["profile".into(), "address".into()],
            acr_levels: BTreeMap::from([
                ("urn:eid:high".to_string(), "high".to_string()),
                ("urn:eid:substantial".to_string(), "substantial".to_string()),
            ]),
            default_level: "low".into(),
        }
    }

    /// A new browser at the provider: the next login asks again (the provider's session
    /// would otherwise answer with the level of the last one).
    fn new_browser(&mut self) {
        self.client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
    }

    /// Who shows their ID card at the next login, and how the provider misbehaves.
    async fn next(&self, sub: &str, mode: Option<&str>) {
        self.next_at(sub, mode, "urn:eid:high").await
    }

    /// The same, with the level (`acr`) the provider states.
    async fn next_at(&self, sub: &str, mode: Option<&str>, acr: &str) {
        let body = json!({
            "sub": sub,
            "acr": acr,
            "mode": mode,
            "claims": {
                "given_name": "Anna",
                "family_name": "Musterfrau",
                "birthdate": "1984-08-12",
                "address": { "street_address": "Heidestraße 17", "postal_code": "51147", "locality": "Köln" }
            }
        });
        let response = self
            .client
            .post(format!("{}/test/next", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204);
    }

    /// Plays the browser at the provider: follows its redirects until it sends the
    /// person back to Rathaus, and returns that path with its query.
    async fn authorize(&self, url: &str) -> String {
        let mut url = url.to_string();
        for _ in 0..10 {
            if let Some(rest) = url.strip_prefix("http://localhost:8080") {
                return rest.to_string();
            }
            let response = self.client.get(&url).send().await.unwrap();
            assert!(
                response.status().is_redirection(),
                "provider answered {} at {url}",
                response.status()
            );
            let location = response.headers()["location"].to_str().unwrap().to_string();
            url = if location.starts_with('/') {
                format!("{}{location}", self.base)
            } else {
                location
            };
        }
        panic!("the provider did not send the browser back");
    }
}

async fn app_with(provider: &Provider) -> TestApp {
    let config = provider.config();
    TestApp::spawn_with(move |c| c.eid = Some(config)).await
}

/// Starts an eID login at `start` (GET) and returns Rathaus's answer to the callback.
async fn eid_login(app: &TestApp, provider: &Provider, start: &str) -> reqwest::Response {
    let response = app.get(start).await;
    assert_eq!(response.status(), 303, "{start}");
    let to_provider = response.headers()["location"].to_str().unwrap().to_string();
    assert!(to_provider.starts_with(&provider.base));
    assert!(to_provider.contains("code_challenge_method=S256"), "PKCE");
    let back = provider.authorize(&to_provider).await;
    app.get(&back).await
}

async fn link(app: &TestApp, provider: &Provider) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/sicherheit").await;
    let response = app.post_form("/konto/sicherheit/eid", &[("_csrf", &csrf)]).await;
    assert_eq!(response.status(), 303);
    let back = provider.authorize(response.headers()["location"].to_str().unwrap()).await;
    app.get(&back).await
}

/// Anna's account with her ID card linked; signed out afterwards.
async fn anna_with_linked_card(app: &TestApp, provider: &Provider) {
    confirmed_account(app, ANNA).await;
    sign_in(app, ANNA, PASSWORD, "").await;
    provider.next("eid-anna", None).await;
    let linked = link(app, provider).await;
    assert_eq!(linked.headers()["location"], "/konto/sicherheit?hinweis=eid-verknuepft");
    app.forget_cookies();
}

async fn level(app: &TestApp) -> Option<String> {
    let (status, html) = app.get_text("/konto").await;
    (status == 200).then(|| {
        ["niedrig", "substanziell", "hoch"]
            .into_iter()
            .find(|l| html.contains(&format!("Vertrauensniveau {l}")))
            .unwrap_or("none")
            .to_string()
    })
}

#[tokio::test]
async fn a_linked_id_card_signs_in_at_level_high_with_verified_details() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    confirmed_account(&app, ANNA).await;
    sign_in(&app, ANNA, PASSWORD, "").await;

    provider.next("eid-anna", None).await;
    let linked = link(&app, &provider).await;
    assert_eq!(linked.headers()["location"], "/konto/sicherheit?hinweis=eid-verknuepft");
    assert_eq!(level(&app).await.as_deref(), Some("hoch"));
    let id = accounts::find_by_email(app.db(), ANNA).await.unwrap().id;
    let details = profile::load(app.db(), id).await.unwrap().unwrap();
    assert_eq!(details.family_name, "Musterfrau");
    assert_eq!(details.city, "Köln");
    assert_eq!(details.birth_date, chrono::NaiveDate::from_ymd_opt(1984, 8, 12));
    for field in ["given_name", "family_name", "birth_date", "street", "postcode", "city"] {
        assert!(details.is_verified(field), "{field} verified");
    }
    assert!(!details.is_verified("phone"));

    // Verified fields cannot be edited by hand.
    let (_, html) = app.get_text("/konto/daten").await;
    assert!(html.contains("Musterfrau") && !html.contains("name=\"family_name\""));

    // Signed out, the ID card alone signs in — at level high, back to where asked.
    app.forget_cookies();
    provider.next("eid-anna", None).await;
    let response = eid_login(&app, &provider, "/konto/eid?zurueck=%2Fkonto%2Fdaten").await;
    assert_eq!(response.headers()["location"], "/konto/daten");
    assert_eq!(level(&app).await.as_deref(), Some("hoch"));
    let (_, history) = app.get_text("/konto/sicherheit").await;
    assert!(history.contains("Online-Ausweis") && history.contains("verknüpft"));
}

/// A provider that says "low" (an acr the configuration does not map) signs in at
/// "low", never at the configured default — and a service at "substantial" then asks for
/// the step-up.
#[tokio::test]
async fn a_level_the_provider_states_is_never_raised() {
    let mut provider = Provider::start().await;
    let app = app_with(&provider).await;
    anna_with_linked_card(&app, &provider).await;
    provider.new_browser();
    provider.next_at("eid-anna", None, "urn:eid:low").await;
    let response = eid_login(&app, &provider, "/konto/eid").await;
    assert_eq!(response.status(), 303);
    assert_eq!(level(&app).await.as_deref(), Some("niedrig"));
    let response = app.get("/antraege/neu/hundesteuer").await;
    assert!(
        response.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/konto/zweiter-faktor")
    );
    // The mapped levels still count as mapped.
    app.forget_cookies();
    provider.new_browser();
    provider.next_at("eid-anna", None, "urn:eid:substantial").await;
    eid_login(&app, &provider, "/konto/eid").await;
    assert_eq!(level(&app).await.as_deref(), Some("substanziell"));
}

#[tokio::test]
async fn an_unknown_id_card_opens_nothing() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    provider.next("eid-stranger", None).await;
    let response = eid_login(&app, &provider, "/konto/eid").await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("mit keinem Servicekonto verknüpft"));
    assert_eq!(level(&app).await, None, "not signed in");
}

#[tokio::test]
async fn forged_tokens_are_refused() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    anna_with_linked_card(&app, &provider).await;

    for mode in ["bad-signature", "wrong-audience", "replay-token"] {
        provider.next("eid-anna", Some(mode)).await;
        let response = eid_login(&app, &provider, "/konto/eid").await;
        assert_eq!(response.status(), 422, "{mode}");
        assert!(response.text().await.unwrap().contains("fehlgeschlagen"), "{mode}");
        assert_eq!(level(&app).await, None, "{mode}: not signed in");
    }
    // The honest answer still works.
    provider.next("eid-anna", None).await;
    assert_eq!(eid_login(&app, &provider, "/konto/eid").await.status(), 303);
}

#[tokio::test]
async fn a_replayed_answer_or_foreign_state_is_refused() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    anna_with_linked_card(&app, &provider).await;

    // A complete login; its answer URL used a second time is refused.
    provider.next("eid-anna", None).await;
    let start = app.get("/konto/eid").await;
    let answer = provider.authorize(start.headers()["location"].to_str().unwrap()).await;
    assert_eq!(app.get(&answer).await.status(), 303);
    app.forget_cookies();
    assert_eq!(app.get(&answer).await.status(), 422, "the state belonged to another session");

    // A fresh login in this session, answered with the old (spent) code: the provider
    // refuses to redeem it twice.
    let start = app.get("/konto/eid").await;
    let location = start.headers()["location"].to_str().unwrap().to_string();
    let state = url_param(&location, "state");
    let old_code = url_param(&answer, "code");
    let replay = format!("/konto/eid/rueckkehr?code={old_code}&state={state}");
    assert_eq!(app.get(&replay).await.status(), 422);
    assert_eq!(level(&app).await, None);

    // An answer naming another issuer (mix-up) is refused before the code is used.
    let start = app.get("/konto/eid").await;
    let location = start.headers()["location"].to_str().unwrap().to_string();
    let answer = provider.authorize(&location).await;
    let mixed = answer.replace(&url_param(&answer, "iss"), "https%3A%2F%2Fevil.example.org");
    assert_eq!(app.get(&mixed).await.status(), 422);
}

#[tokio::test]
async fn one_id_card_belongs_to_one_account() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    confirmed_account(&app, ANNA).await;
    sign_in(&app, ANNA, PASSWORD, "").await;
    provider.next("eid-anna", None).await;
    link(&app, &provider).await;

    app.forget_cookies();
    confirmed_account(&app, "bert@example.org").await;
    sign_in(&app, "bert@example.org", PASSWORD, "").await;
    provider.next("eid-anna", None).await;
    let response = link(&app, &provider).await;
    assert_eq!(response.status(), 409);
    let bert = accounts::find_by_email(app.db(), "bert@example.org").await.unwrap().id;
    assert!(profile::load(app.db(), bert).await.unwrap().is_none(), "nothing taken over");

    // Unlinking needs the CSRF token; then the card opens nothing any more.
    app.forget_cookies();
    sign_in(&app, ANNA, PASSWORD, "").await;
    let (_, html) = app.get_text("/konto/sicherheit").await;
    assert!(html.contains("verknüpft"));
    assert_eq!(app.post_form("/konto/sicherheit/eid/trennen", &[]).await.status(), 403);
    let csrf = extract_value(&html, "_csrf").unwrap();
    let response = app.post_form("/konto/sicherheit/eid/trennen", &[("_csrf", &csrf)]).await;
    assert_eq!(response.headers()["location"], "/konto/sicherheit?hinweis=eid-getrennt");
    app.forget_cookies();
    provider.next("eid-anna", None).await;
    assert_eq!(
        eid_login(&app, &provider, "/konto/eid").await.status(),
        200,
        "the not-linked notice"
    );
    assert_eq!(level(&app).await, None);
}

#[tokio::test]
async fn an_unreachable_provider_gets_a_clear_answer() {
    let port = free_port();
    let config = EidConfig {
        issuer: format!("http://127.0.0.1:{port}"),
        client_id: "rathaus".into(),
        client_secret: "x".to_string().into(),
        name: "BundID (Test)".into(),
        scopes: vec![],
        acr_levels: BTreeMap::new(),
        default_level: "high".into(),
    };
    let app = TestApp::spawn_with(move |c| c.eid = Some(config)).await;
    let response = app.get("/konto/eid").await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
}

fn url_param(url: &str, name: &str) -> String {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} in {url}"))
        .to_string()
}
