//! The JSON API and its OpenAPI document.

use crate::helpers::TestApp;

#[tokio::test]
async fn services_list_detail_and_problem_json() {
    let app = TestApp::spawn().await;
    let list: serde_json::Value = app.get("/api/v1/services?audience=business").await.json().await.unwrap();
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"gewerbe-anmelden"));
    assert!(!ids.contains(&"wohnsitz-anmelden"));

    let detail: serde_json::Value = app.get("/api/v1/services/hund-anmelden").await.json().await.unwrap();
    insta::assert_json_snapshot!("service_hund_anmelden", detail);

    let response = app.get("/api/v1/services/nope").await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(problem["status"], 404);
    assert_eq!(problem["instance"], "/api/v1/services/nope");

    let response = app.get("/api/v1/services?audience=aliens").await;
    assert_eq!(response.status(), 422);
    let problem: serde_json::Value = response.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("audience"));
}

#[tokio::test]
async fn search_agencies_and_locations() {
    let app = TestApp::spawn().await;
    let hits: serde_json::Value = app.get("/api/v1/search?q=hund").await.json().await.unwrap();
    let ids: Vec<&str> = hits.as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"hund-anmelden"), "{ids:?}");
    let moving: serde_json::Value = app.get("/api/v1/search?q=Umzug").await.json().await.unwrap();
    assert_eq!(moving[0]["id"], "wohnsitz-ummelden");
    let lbv: serde_json::Value = app.get("/api/v1/search?q=anmelden&agency=lbv").await.json().await.unwrap();
    assert!(lbv.as_array().unwrap().iter().all(|s| s["agency"] == "lbv"), "{lbv}");
    let agencies: serde_json::Value = app.get("/api/v1/agencies").await.json().await.unwrap();
    assert_eq!(agencies.as_array().unwrap().len(), 20);
    let location: serde_json::Value = app.get("/api/v1/locations/hsvo-city").await.json().await.unwrap();
    assert_eq!(location["opening_hours"]["monday"], "07:00-19:00");
}

#[tokio::test]
async fn openapi_document_is_stable() {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    insta::assert_json_snapshot!("openapi", doc);
}
