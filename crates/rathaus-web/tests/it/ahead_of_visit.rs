//! Services that need the person at the counter: the page says so and offers the
//! appointment and a form that takes ahead of the visit what can be given online; after
//! sending it, the confirmation and the status page lead to booking the visit. Every
//! such form is filled here through the API (the browser suite fills each on a phone).

use rathaus_core::forms::{FieldDefinition, FieldKind, FormDefinition};
use serde_json::{Map, Value, json};

use crate::accounts::{confirmed_account, sign_in};
use crate::helpers::{TestApp, api_call as send, api_upload};
use crate::second_factor::enrol_app;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// The id of a PDF uploaded for `field` of draft `id`.
async fn upload(app: &TestApp, id: &str, field: &str) -> String {
    let uploaded = api_upload(app, id, field, "Nachweis.pdf", PDF).await;
    assert_eq!(uploaded.status(), 201, "upload for {field}");
    uploaded.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

/// A valid answer to every field — also those shown only for other answers, which the
/// server drops — as a person would type it.
async fn answers(app: &TestApp, id: &str, fields: &[FieldDefinition]) -> Map<String, Value> {
    let mut out = Map::new();
    for field in fields {
        let answer = match &field.kind {
            FieldKind::Text { max_len, .. } => json!("Beispiel"[..(*max_len).min(8)]),
            FieldKind::Number { min, .. } => json!(min.unwrap_or(2.0).max(1.0)),
            FieldKind::Date { when } => match when {
                rathaus_core::forms::model::DateRule::Future => json!("1.3.2027"),
                _ => json!("27.3.1985"),
            },
            FieldKind::Email => json!("anna@example.org"),
            FieldKind::Phone => json!("040 555 1100"),
            FieldKind::Iban => json!("DE89 3704 0044 0532 0130 00"),
            FieldKind::Postcode => json!("20095"),
            FieldKind::Address => json!({ "street": "Musterweg 1", "postcode": "20095", "city": "Hamburg" }),
            FieldKind::Choice { options, multiple } => match multiple {
                true => json!([options[0].value]),
                false => json!(options[0].value),
            },
            FieldKind::YesNo => json!(false),
            FieldKind::Confirm => json!(true),
            FieldKind::File { .. } => json!(upload(app, id, &field.id).await),
            FieldKind::Group { fields, min, .. } => {
                let mut items = Vec::new();
                for _ in 0..(*min).max(1) {
                    items.push(Value::Object(Box::pin(answers(app, id, fields)).await));
                }
                json!(items)
            }
        };
        out.insert(field.id.clone(), answer);
    }
    out
}

/// The newest version of every form filled in ahead of a visit.
fn forms_ahead_of_visit() -> Vec<FormDefinition> {
    let all = rathaus_core::forms::shipped().unwrap();
    all.iter()
        .filter(|f| f.ahead_of_visit)
        .filter(|f| !all.iter().any(|g| g.service == f.service && g.version > f.version))
        .cloned()
        .collect()
}

#[tokio::test]
async fn every_form_ahead_of_a_visit_is_sent_and_leads_to_booking_the_visit() {
    // One person sends two dozen forms a minute here; in life each has their own limit.
    let app = TestApp::spawn_with(|config| config.rate_limit.writes_per_minute = 2_000).await;
    confirmed_account(&app, "anna@example.org").await;
    sign_in(&app, "anna@example.org", crate::accounts::PASSWORD, "").await;
    enrol_app(&app, "anna@example.org").await;
    let forms = forms_ahead_of_visit();
    assert!(
        forms.len() >= 20,
        "the services that need a visit have their forms: {}",
        forms.len()
    );

    for form in &forms {
        let service = &form.service;
        // The page says a visit is needed, offers the appointment and the form.
        let (status, page) = app.get_text(&format!("/leistungen/{service}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("Diese Leistung können Sie noch nicht online beantragen"), "{service}");
        assert!(
            page.contains(&format!("href=\"/antraege/neu/{service}\"")),
            "{service}: the form ahead"
        );
        let catalog = app.state.catalog().await.unwrap();
        let bookable = !catalog.locations_for(service).is_empty();
        assert_eq!(
            page.contains("/termine/orte?leistung="),
            bookable,
            "{service}: the appointment where there are places"
        );
        let (_, start) = app.get_text(&format!("/antraege/neu/{service}")).await;
        assert!(start.contains("persönlich ins Amt kommen"), "{service}: {start}");
        assert!(start.contains("Bringen Sie zum Termin mit") || !start.contains("Halten Sie bereit"));

        let created = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/applications",
            Some(json!({ "service": service })),
        )
        .await;
        assert_eq!(created.status(), 201, "{service}: a substantial session may fill it in ahead");
        let id = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
        for page in &form.pages {
            let body = Value::Object(answers(&app, &id, &page.fields).await);
            let path = format!("/api/v1/applications/{id}/pages/{}", page.id);
            let saved = send(&app, reqwest::Method::PUT, &path, Some(body)).await;
            assert_eq!(saved.status(), 200, "{service} page {}: {}", page.id, saved.text().await.unwrap());
        }
        // Picked up where the service names places: the first of them.
        let places = catalog.locations_for(service);
        let pickup = catalog.service(service).unwrap().delivery_options.iter().any(|d| d == "pickup");
        let delivery = (pickup && !places.is_empty()).then(|| json!({ "delivery": { "method": "pickup", "location": places[0].id } }));
        let submitted = send(&app, reqwest::Method::POST, &format!("/api/v1/applications/{id}/submit"), delivery).await;
        assert_eq!(submitted.status(), 200, "{service}: {}", submitted.text().await.unwrap());

        // Next: book the visit, or come at the opening hours where there are no appointments.
        let next = match bookable {
            true => format!("href=\"/termine/orte?leistung={service}&#38;personen=1\""),
            false => format!("href=\"/leistungen/{service}\""),
        };
        let (_, confirmation) = app.get_text(&format!("/antraege/{id}/eingegangen")).await;
        assert!(confirmation.contains(&next), "{service}: {confirmation}");
        let (_, status_page) = app.get_text(&format!("/antraege/{id}")).await;
        assert!(status_page.contains(&next), "{service}: the status page leads to the visit");
    }

    // The receipt says these are details ahead of a visit, not the application itself.
    let worker = crate::applying::worker(&app);
    while worker.run_once().await.unwrap() > 0 {}
    let owner = rathaus_core::accounts::find_by_email(app.db(), "anna@example.org").await.unwrap();
    let receipts: Vec<_> = rathaus_core::inbox::of_account(app.db(), &owner)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "receipt")
        .collect();
    assert_eq!(receipts.len(), forms.len(), "one receipt per form");
    let document = app.get(&format!("/postfach/{}/dokument", receipts[0].id)).await;
    assert_eq!(document.status(), 200);
    let bytes = document.bytes().await.unwrap();
    let text = rathaus_core::transparency::extract::extract(rathaus_core::transparency::metadata::Format::Pdf, &bytes)
        .pages()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Für diese Leistung müssen Sie persönlich zu uns kommen"), "{text}");
}

#[tokio::test]
async fn a_form_ahead_of_a_visit_needs_no_online_id_but_a_second_factor() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, "ben@example.org").await;
    sign_in(&app, "ben@example.org", crate::accounts::PASSWORD, "").await;
    // The ID card's own service is "high" online; ahead of the visit a password alone is
    // not enough, a second factor is.
    let start = |service: &'static str| {
        send(
            &app,
            reqwest::Method::POST,
            "/api/v1/applications",
            Some(json!({ "service": service })),
        )
    };
    let created = start("personalausweis-beantragen").await;
    assert_eq!(created.status(), 403);
    assert!(created.text().await.unwrap().contains("substantial"));
    enrol_app(&app, "ben@example.org").await;
    assert_eq!(start("personalausweis-beantragen").await.status(), 201);
    // A service done online keeps its own level.
    assert_eq!(
        start("wohnsitz-anmelden").await.status(),
        403,
        "registering a move online needs the online ID"
    );
}
