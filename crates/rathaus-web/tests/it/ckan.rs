//! The CKAN Action API: CKAN's own client (`ckanapi` from PyPI) reads, searches, dumps
//! and writes against it unchanged; and, tried as an attacker would, a key is needed for
//! every write, works only for its own agency and stops at once when revoked or
//! expired, a cookie is no key, drafts and unreleased files stay hidden, and what the
//! API makes runs the same four-eyes workflow and personal-data check as the desk.

use chrono::Duration;
use rathaus_core::accounts::api_keys;
use rathaus_core::accounts::{Role, Scope};
use rathaus_core::transparency::{Desk, actions, demo, store};
use rathaus_platform::clock::Clock;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::cases::staff_member;
use crate::helpers::{TestApp, run_python};
use crate::staff::grant;
use crate::transparency::{desk, permit_pdf};

const AGENCY: &str = "ba-altona";

async fn demo_app(app: TestApp) -> TestApp {
    demo::load(app.db(), &app.state.blobs, &*app.clock).await.unwrap();
    app.state.transparency.sync(app.db()).await.unwrap();
    app
}

async fn key_of(app: &TestApp, desk: &Desk) -> String {
    api_keys::create(app.db(), &*app.clock, desk.account.unwrap(), "Test", 30)
        .await
        .unwrap()
        .1
}

/// A call as a CKAN client makes it: POST with a JSON body, the key in `Authorization`.
async fn call(app: &TestApp, action: &str, key: Option<&str>, body: Value) -> (u16, Value) {
    let mut request = app.client.post(format!("{}/api/3/action/{action}", app.base)).json(&body);
    if let Some(key) = key {
        request = request.header("authorization", key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

fn error_type(body: &Value) -> &str {
    assert_eq!(body["success"], false, "{body}");
    body["error"]["__type"].as_str().unwrap_or_default()
}

async fn published_count(app: &TestApp) -> i64 {
    app.scalar("SELECT COUNT(*) AS v FROM publications WHERE status = 'published'")
        .await
}

#[tokio::test]
async fn ckans_own_client_reads_searches_dumps_and_writes() {
    let app = demo_app(TestApp::spawn().await).await;
    let publisher = desk(&app, "api@altona.example.org", "Paula Schnittstelle", &[Role::Publisher], AGENCY).await;
    let key = key_of(&app, &publisher).await;
    let entry = demo::publications()
        .unwrap()
        .into_iter()
        .find(|e| e.state == "published" && e.pdf_only_word.is_some())
        .unwrap();
    let expected = json!({
        "published": published_count(&app).await,
        "record": entry.name,
        "pdf_word": entry.pdf_only_word,
        "pdf_word_record": entry.name,
        "agency": AGENCY,
    });
    let work = tempfile::tempdir().unwrap();
    let pdf = work.path().join("bescheid.pdf");
    std::fs::write(&pdf, permit_pdf(&app)).unwrap();
    let args = vec![
        app.base.clone(),
        key,
        expected.to_string(),
        pdf.display().to_string(),
        work.path().display().to_string(),
    ];
    let printed = run_python("ckan_client.py", args).await;
    let made: Value = serde_json::from_str(&printed).unwrap();
    let id: Uuid = made["created"].as_str().unwrap().parse().unwrap();

    // The record is a draft of the agency, its PDF checked like one from the desk.
    let record = store::get(app.db().read(), id).await.unwrap();
    assert_eq!(record.status.as_str(), "draft");
    assert_eq!(record.agency_id, AGENCY);
    assert_eq!(record.meta.title, "Baugenehmigung (geändert)");
    let findings = store::findings(app.db().read(), id).await.unwrap();
    let found: Vec<&str> = findings.iter().map(|f| f.text.as_str()).collect();
    assert!(found.iter().any(|t| t.contains("Beispielmann")), "{found:?}");
    assert!(
        found.iter().any(|t| t.replace(' ', "").contains("DE89370400440532013000")),
        "{found:?}"
    );
    let changes: Vec<String> = store::revisions(app.db().read(), id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.change)
        .collect();
    assert_eq!(changes.len(), 3, "created, file added, edited: {changes:?}");
    let audited: i64 = app
        .scalar(&format!(
            "SELECT COUNT(*) AS v FROM audit_log WHERE actor = 'account:{}' AND action LIKE 'transparency.%'",
            publisher.account.unwrap()
        ))
        .await;
    assert!(audited >= 3, "each write is audited under the key's person: {audited}");
}

#[tokio::test]
async fn every_write_needs_a_valid_key_of_the_records_agency() {
    let app = demo_app(TestApp::spawn().await).await;
    let publisher = desk(
        &app,
        "p@altona.example.org",
        "Pia Publisher",
        &[Role::Publisher, Role::Reviewer],
        AGENCY,
    )
    .await;
    let key = key_of(&app, &publisher).await;
    let before: i64 = app.count("publications").await;
    let new_record = json!({
        "name": "neuer-datensatz", "title": "Neuer Datensatz", "notes": "Beschreibung.", "owner_org": AGENCY,
        "license_id": "cc-by/4.0", "maintainer": "Pressestelle", "maintainer_email": "presse@altona.example.org",
        "groups": [{"name": "gove"}], "hmbtg_category": "statistik", "legalbasisText": "§ 3 HmbTG", "frequency": "ANNUAL",
    });

    // No key, a made-up key, a session cookie instead of a key: refused, nothing written.
    let (status, body) = call(&app, "package_create", None, new_record.clone()).await;
    assert_eq!((status, error_type(&body)), (403, "Authorization Error"));
    let (status, body) = call(&app, "package_create", Some("rathaus_erfunden"), new_record.clone()).await;
    assert_eq!((status, error_type(&body)), (403, "Authorization Error"));
    // A signed-in publisher's session, sent as a browser would send it (cookie and CSRF
    // token): the API acts by keys alone.
    let signed_in = staff_member(&app, "s@altona.example.org", "Sina Sitzung", Role::Publisher, AGENCY).await;
    grant(&app, signed_in, Role::Reviewer, Scope::Agency(AGENCY.into())).await;
    let csrf = app.csrf_from("/verwaltung/transparenz/neu").await;
    let response = app
        .client
        .post(format!("{}/api/3/action/package_create", app.base))
        .header("cookie", app.cookie_header())
        .header("x-csrf-token", csrf)
        .json(&new_record)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(app.count("publications").await, before);

    // Another agency's records are out of reach, to write and to withdraw.
    let mut elsewhere = new_record.clone();
    elsewhere["owner_org"] = json!("bsw");
    let (status, body) = call(&app, "package_create", Some(&key), elsewhere).await;
    assert_eq!((status, error_type(&body)), (403, "Authorization Error"));
    let foreign = store::published(app.db().read(), None, None, 100, 0)
        .await
        .unwrap()
        .0
        .into_iter()
        .find(|p| p.agency_id != AGENCY)
        .unwrap();
    let (status, _) = call(&app, "package_patch", Some(&key), json!({"id": foreign.id, "title": "Übernommen"})).await;
    assert_eq!(status, 403);
    let (status, _) = call(&app, "package_delete", Some(&key), json!({"id": foreign.id, "reason": "weg"})).await;
    assert_eq!(status, 403);
    assert_eq!(store::get(app.db().read(), foreign.id).await.unwrap(), foreign, "untouched");

    // With the key: a draft, invisible to everyone else, and never published by the API.
    let (status, created) = call(&app, "package_create", Some(&key), new_record.clone()).await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["result"]["state"], "draft");
    let (status, again) = call(&app, "package_create", Some(&key), new_record.clone()).await;
    assert_eq!((status, error_type(&again)), (409, "Validation Error"));
    assert!(again["error"]["name"][0].as_str().unwrap().contains("vergeben"), "{again}");
    let (status, _) = call(&app, "package_show", None, json!({"id": "neuer-datensatz"})).await;
    assert_eq!(status, 404);
    let (status, _) = call(&app, "package_show", Some(&key), json!({"id": "neuer-datensatz"})).await;
    assert_eq!(status, 200);
    let (_, names) = call(&app, "package_list", None, json!({})).await;
    assert!(!names["result"].as_array().unwrap().contains(&json!("neuer-datensatz")));

    // A published record: withdrawing needs a reason, then it is a tombstone.
    let own = store::published(app.db().read(), None, Some(AGENCY), 1, 0)
        .await
        .unwrap()
        .0
        .remove(0);
    let (status, body) = call(&app, "package_delete", Some(&key), json!({"id": own.meta.name})).await;
    assert_eq!((status, error_type(&body)), (409, "Validation Error"));
    assert!(body["error"]["reason"].is_array(), "{body}");
    let (status, _) = call(
        &app,
        "package_delete",
        Some(&key),
        json!({"id": own.meta.name, "reason": "Veraltet, ersetzt durch 2026"}),
    )
    .await;
    assert_eq!(status, 200);
    let (_, tombstone) = call(&app, "package_show", None, json!({"id": own.meta.name})).await;
    assert_eq!(tombstone["result"]["state"], "deleted");
    assert_eq!(tombstone["result"]["resources"], json!([]), "a withdrawn record offers no files");
    assert!(tombstone["result"]["extras"].to_string().contains("Veraltet, ersetzt durch 2026"));
    let (_, names) = call(&app, "package_list", None, json!({})).await;
    assert!(!names["result"].as_array().unwrap().contains(&json!(own.meta.name)));

    // A revoked key and an expired key stop at once.
    let (revoked, secret) = api_keys::create(app.db(), &*app.clock, publisher.account.unwrap(), "Alt", 1)
        .await
        .unwrap();
    api_keys::revoke(app.db(), &*app.clock, publisher.account.unwrap(), revoked.id)
        .await
        .unwrap();
    let (status, _) = call(&app, "package_patch", Some(&secret), json!({"id": "neuer-datensatz", "title": "x"})).await;
    assert_eq!(status, 403);
    app.clock.advance(Duration::days(31));
    let (status, body) = call(&app, "package_patch", Some(&key), json!({"id": "neuer-datensatz", "title": "x"})).await;
    assert_eq!((status, error_type(&body)), (403, "Authorization Error"));
    assert_eq!(
        store::by_name(app.db().read(), "neuer-datensatz").await.unwrap().meta.title,
        "Neuer Datensatz"
    );
}

#[tokio::test]
async fn the_public_sees_only_released_files_and_gets_ckans_error_shapes() {
    let app = demo_app(TestApp::spawn_with(|c| c.rate_limit.writes_per_minute = 3).await).await;
    let publisher = desk(&app, "f@altona.example.org", "Fritz Datei", &[Role::Publisher], AGENCY).await;

    // A file added to a published record waits for its own release.
    let own = store::published(app.db().read(), None, Some(AGENCY), 1, 0)
        .await
        .unwrap()
        .0
        .remove(0);
    let upload = crate::transparency::upload("Nachtrag", "nachtrag.pdf", permit_pdf(&app));
    let added = actions::add_file(app.db(), &app.state.blobs, &*app.clock, &publisher, own.id, upload)
        .await
        .unwrap();
    let (status, _) = call(&app, "resource_show", None, json!({"id": added.id})).await;
    assert_eq!(status, 404);
    let (_, shown) = call(&app, "package_show", None, json!({"id": own.id})).await;
    assert!(
        !shown.to_string().contains(&added.id.to_string()),
        "the unreleased file is not listed"
    );

    // Reading calls sent as POST do not count as writes (the limit here is 3 a minute).
    for _ in 0..10 {
        let (status, _) = call(&app, "package_list", None, json!({})).await;
        assert_eq!(status, 200);
    }
    // GET works as in CKAN, on both paths.
    let response = app
        .client
        .get(format!("{}/api/action/package_search?q=*:*&rows=2", app.base))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["result"]["results"].as_array().unwrap().len(), 2);
    assert_eq!(body["result"]["count"], published_count(&app).await);
    assert!(body["help"].as_str().unwrap().contains("help_show?name=package_search"));

    let (status, body) = call(&app, "nicht_vorhanden", None, json!({})).await;
    assert_eq!((status, error_type(&body)), (400, "Bad Request"));
    let (status, body) = call(&app, "package_search", None, json!({"sort": "title_string asc"})).await;
    assert_eq!((status, error_type(&body)), (400, "Search Query Error"));
    let (status, body) = call(&app, "package_search", None, json!({"rows": 5000})).await;
    assert_eq!((status, error_type(&body)), (409, "Validation Error"));
    let response = app
        .client
        .post(format!("{}/api/3/action/package_show", app.base))
        .header("content-type", "application/json")
        .body("{kaputt")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_type(&body), "Bad Request");
    let response = app
        .client
        .put(format!("{}/api/3/action/package_show", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["success"], false, "even a wrong method answers in CKAN's envelope");
}

#[tokio::test]
async fn a_key_is_made_on_its_page_shown_once_and_revoked_there() {
    let app = TestApp::spawn().await;
    let paula = staff_member(&app, "paula@example.org", "Paula Presse", Role::Publisher, AGENCY).await;
    grant(&app, paula, Role::Reviewer, Scope::Agency(AGENCY.into())).await;
    let page = "/verwaltung/transparenz/api-schluessel";
    let csrf = app.csrf_from(page).await;

    let response = app.post_form(page, &[("_csrf", &csrf), ("name", ""), ("days", "900")]).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Geben Sie eine Bezeichnung"), "{html}");

    let response = app
        .post_form(page, &[("_csrf", &csrf), ("name", "Import Luftmessdaten"), ("days", "30")])
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let secret = crate::helpers::extract_value(&html, "new-key")
        .or_else(|| {
            html.split("value=\"rathaus_")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .map(|s| format!("rathaus_{s}"))
        })
        .expect("the new key is shown");
    let (status, _) = call(&app, "package_patch", Some(&secret), json!({"id": "gibt-es-nicht", "title": "x"})).await;
    assert_eq!(status, 404, "the key is accepted (the record does not exist)");
    let stored: String = app.scalar("SELECT key_hash AS v FROM api_keys").await;
    assert!(!stored.contains(&secret[8..]), "only a hash is kept");
    let (_, again) = app.get_text(page).await;
    assert!(!again.contains(&secret), "the key is shown only once");
    assert!(again.contains("Import Luftmessdaten"));

    let revoke = crate::helpers::form_action(&app, page, "/widerrufen").await;
    let response = app.post_form(&revoke, &[("_csrf", &csrf)]).await;
    assert_eq!(response.status(), 303);
    let (status, _) = call(&app, "package_patch", Some(&secret), json!({"id": "gibt-es-nicht", "title": "x"})).await;
    assert_eq!(status, 403, "a revoked key stops at once");
    let audited: i64 = app
        .scalar("SELECT COUNT(*) AS v FROM audit_log WHERE action IN ('api_key.created', 'api_key.revoked')")
        .await;
    assert_eq!(audited, 2);
    let _ = app.clock.now();
}
