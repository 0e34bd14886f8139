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
    assert_eq!(agencies.as_array().unwrap().len(), 21);
    let location: serde_json::Value = app.get("/api/v1/locations/hsvo-city").await.json().await.unwrap();
    assert_eq!(location["opening_hours"]["monday"], "07:00-19:00");
}

#[tokio::test]
async fn openapi_document_is_stable() {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    insta::assert_json_snapshot!("openapi", doc);
}

mod applying {
    use crate::accounts::{PASSWORD, confirmed_account, sign_in};
    use crate::helpers::{TestApp, api_call as send, api_upload};
    use crate::second_factor::enrol_app;
    use serde_json::{Value, json};

    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

    #[tokio::test]
    async fn a_program_applies_through_the_api_with_problem_json_for_bad_answers() {
        let app = TestApp::spawn().await;
        let response = app.get("/api/v1/applications").await;
        assert_eq!(response.status(), 401);
        assert_eq!(response.headers()["content-type"], "application/problem+json");

        let form: Value = app.get("/api/v1/services/hundesteuer/form").await.json().await.unwrap();
        assert_eq!(form["id"], "hund-anmelden-steuer");
        assert!(form["pages"].as_array().unwrap().len() >= 4);

        confirmed_account(&app, "anna@example.org").await;
        sign_in(&app, "anna@example.org", PASSWORD, "").await;
        let low = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/applications",
            Some(json!({ "service": "hundesteuer" })),
        )
        .await;
        assert_eq!(low.status(), 403);
        let problem: Value = low.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().contains("substantial"), "{problem}");
        enrol_app(&app, "anna@example.org").await;

        let created = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/applications",
            Some(json!({ "service": "hundesteuer" })),
        )
        .await;
        assert_eq!(created.status(), 201);
        let draft: Value = created.json().await.unwrap();
        let id = draft["id"].as_str().unwrap().to_string();
        assert_eq!(draft["status"], "draft");

        let bad = send(
            &app,
            reqwest::Method::PUT,
            &format!("/api/v1/applications/{id}/pages/halter"),
            Some(json!({ "given_name": "Anna", "family_name": "Beispiel", "birth_date": "31.2.1985", "email": "anna@" })),
        )
        .await;
        assert_eq!(bad.status(), 422);
        assert_eq!(bad.headers()["content-type"], "application/problem+json");
        let problem: Value = bad.json().await.unwrap();
        let keys: Vec<(&str, &str)> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["path"].as_str().unwrap(), e["key"].as_str().unwrap()))
            .collect();
        assert_eq!(
            keys,
            [
                ("birth_date", "form-error-date"),
                ("address", "form-error-required"),
                ("email", "form-error-email")
            ]
        );
        let good = send(
            &app,
            reqwest::Method::PUT,
            &format!("/api/v1/applications/{id}/pages/halter"),
            Some(
                json!({ "given_name": "Anna", "family_name": "Beispiel", "birth_date": "27.3.1985", "email": "anna@example.org",
                "address": { "street": "Musterweg 1", "postcode": "20095", "city": "Hamburg" } }),
            ),
        )
        .await;
        assert_eq!(good.status(), 200);
        let saved: Value = good.json().await.unwrap();
        assert_eq!(saved["answers"]["birth_date"], "1985-03-27");

        let uploaded = api_upload(&app, &id, "dangerous_permit", "Negativzeugnis.pdf", PDF).await;
        assert_eq!(uploaded.status(), 201);
        let file: Value = uploaded.json().await.unwrap();
        assert_eq!(file["content_type"], "application/pdf");

        for (page, answers) in [
            (
                "hund",
                json!({ "dog_name": "Bello", "breed": "Mischling", "dog_born": "1.6.2020", "dog_sex": "male",
                    "chip_number": "276098106123456", "kept_since": "1.8.2020", "dangerous": true, "dangerous_permit": file["id"] }),
            ),
            ("steuer", json!({ "exemption": false })),
            ("zahlung", json!({ "direct_debit": false })),
        ] {
            let response = send(
                &app,
                reqwest::Method::PUT,
                &format!("/api/v1/applications/{id}/pages/{page}"),
                Some(answers),
            )
            .await;
            assert_eq!(response.status(), 200, "{page}: {}", response.text().await.unwrap());
        }
        // The dog tax comes by post. Address lines sent empty are named; lines left out
        // come from the form's answers (below).
        let blank = json!({ "delivery": { "method": "post",
            "address": { "name": "", "street": " ", "postcode": "", "city": "" } } });
        let refused = send(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/applications/{id}/submit"),
            Some(blank),
        )
        .await;
        assert_eq!(refused.status(), 422);
        let problem: Value = refused.json().await.unwrap();
        let paths: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["path"].as_str().unwrap())
            .collect();
        assert_eq!(
            paths,
            [
                "delivery.address.name",
                "delivery.address.street",
                "delivery.address.postcode",
                "delivery.address.city"
            ]
        );
        let wrong = json!({ "delivery": { "method": "pickup" } });
        let refused: Value = send(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/applications/{id}/submit"),
            Some(wrong),
        )
        .await
        .json()
        .await
        .unwrap();
        assert_eq!(refused["errors"][0]["path"], "delivery.method", "not offered for the dog tax");
        // An amount sent along is not read: the server computes the fee.
        let by_post = json!({ "delivery": { "method": "post" }, "fee": { "total_cents": 1 }, "total_cents": 1 });
        let submitted: Value = send(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/applications/{id}/submit"),
            Some(by_post),
        )
        .await
        .json()
        .await
        .unwrap();
        assert_eq!(submitted["reference"], "HH-2026-000001");
        assert_eq!(submitted["submitted_now"], true);
        let again: Value = send(&app, reqwest::Method::POST, &format!("/api/v1/applications/{id}/submit"), None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(again, json!({ "reference": "HH-2026-000001", "submitted_now": false }));

        let status: Value = app.get(&format!("/api/v1/applications/{id}")).await.json().await.unwrap();
        assert_eq!(status["status"], "submitted");
        assert_eq!(status["delivery"]["method"], "post");
        assert_eq!(status["fee"]["total_cents"], 60000, "a dangerous dog's tax");
        assert_eq!(status["fee"]["due"], "after_decision");
        assert_eq!(status["delivery"]["address"]["street"], "Musterweg 1", "the form's address");
        assert_eq!(status["delivery"]["letters"], json!([]));
        let kinds: Vec<&str> = status["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["started", "submitted"]);
        let href = status["files"][0]["href"].as_str().unwrap().to_string();
        assert_eq!(app.get(&href).await.bytes().await.unwrap().as_ref(), PDF);

        // Another person: 404 for the application and its file.
        app.forget_cookies();
        confirmed_account(&app, "mallory@example.org").await;
        sign_in(&app, "mallory@example.org", PASSWORD, "").await;
        for path in [format!("/api/v1/applications/{id}"), href] {
            let response = app.get(&path).await;
            assert_eq!(response.status(), 404, "{path}");
            assert_eq!(response.headers()["content-type"], "application/problem+json");
        }
        let listed: Value = app.get("/api/v1/applications").await.json().await.unwrap();
        assert_eq!(listed, json!([]));
    }

    async fn upload(app: &TestApp, id: &str, field: &str) -> reqwest::Response {
        api_upload(app, id, field, "Nachweis.pdf", PDF).await
    }

    async fn resident_with_second_factor(app: &TestApp, email: &str) {
        app.forget_cookies();
        confirmed_account(app, email).await;
        sign_in(app, email, PASSWORD, "").await;
        enrol_app(app, email).await;
    }

    /// The write side from the attacker's chair: another resident can neither change,
    /// upload to, nor submit someone's draft, nor borrow one of its files for their own.
    #[tokio::test]
    async fn another_resident_cannot_write_to_a_draft_or_borrow_its_files() {
        let app = TestApp::spawn().await;
        resident_with_second_factor(&app, "anna@example.org").await;
        let draft: Value = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/applications",
            Some(json!({ "service": "hundesteuer" })),
        )
        .await
        .json()
        .await
        .unwrap();
        let id = draft["id"].as_str().unwrap().to_string();
        let file: Value = upload(&app, &id, "dangerous_permit").await.json().await.unwrap();
        let file_id = file["id"].as_str().unwrap().to_string();
        let anna = app.cookie_header();

        resident_with_second_factor(&app, "mallory@example.org").await;
        let refused_before = app.count("audit_log WHERE action = 'application.access-refused'").await;
        let attempts = [
            send(
                &app,
                reqwest::Method::PUT,
                &format!("/api/v1/applications/{id}/pages/halter"),
                Some(json!({ "given_name": "Mallory" })),
            )
            .await,
            upload(&app, &id, "dangerous_permit").await,
            send(&app, reqwest::Method::POST, &format!("/api/v1/applications/{id}/submit"), None).await,
        ];
        for response in attempts {
            assert_eq!(response.status(), 404, "{}", response.url());
            assert_eq!(response.headers()["content-type"], "application/problem+json");
        }
        let refused = app.count("audit_log WHERE action = 'application.access-refused'").await - refused_before;
        assert_eq!(refused, 3, "every attempt is in the audit log");

        // Naming Anna's file in Mallory's own draft does not link it.
        let own: Value = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/applications",
            Some(json!({ "service": "hundesteuer" })),
        )
        .await
        .json()
        .await
        .unwrap();
        let own_id = own["id"].as_str().unwrap();
        send(
            &app,
            reqwest::Method::PUT,
            &format!("/api/v1/applications/{own_id}/pages/hund"),
            Some(json!({ "dangerous": true, "dangerous_permit": file_id })),
        )
        .await;
        let mine: Value = app.get(&format!("/api/v1/applications/{own_id}")).await.json().await.unwrap();
        assert_ne!(mine["answers"]["dangerous_permit"], json!(file_id), "{mine}");
        assert_eq!(mine["files"], json!([]));
        let borrowed = app.get(&format!("/api/v1/applications/{own_id}/files/{file_id}")).await;
        assert_eq!(borrowed.status(), 404);

        // Anna's draft is as she left it.
        app.forget_cookies();
        for pair in anna.split("; ") {
            app.set_cookie(pair);
        }
        let after: Value = app.get(&format!("/api/v1/applications/{id}")).await.json().await.unwrap();
        assert_eq!(after["status"], "draft");
        assert_eq!(after["answers"].get("given_name"), None, "{after}");
        assert_eq!(after["files"].as_array().unwrap().len(), 1);
    }
}
