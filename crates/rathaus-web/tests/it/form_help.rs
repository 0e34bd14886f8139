//! What a form does for the person filling it in: the error summary names every field
//! and takes the focus, the name given at registration is offered, the address typed
//! into the form is where post goes, and the answers can be printed before sending.

use crate::applying::{application_id, dog_tax_up_to_review, post_page, resident, start_dog_tax};
use crate::helpers::{TestApp, extract_value};
use rathaus_core::accounts::profile::{self, Profile};

const ANNA: &str = "anna@example.org";

#[tokio::test]
async fn the_error_summary_names_each_field_links_to_its_input_and_takes_the_focus() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let id = application_id(&start_dog_tax(&app).await);
    let dog = format!("/antraege/{id}/seite/hund");
    let response = post_page(&app, &dog, &[("dog_name", ""), ("dog_born", "morgen"), ("aktion", "weiter")]).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    let summary = &html[html.find("class=\"error-summary\"").expect("a summary")..];
    let summary = &summary[..summary.find("</div>").unwrap()];
    assert!(summary.contains("autofocus"), "the summary takes the focus: {summary}");
    // Each line says which question it is about, and leads to the input itself.
    assert!(summary.contains("href=\"#f-dog_name\">Name des Hundes: "), "{summary}");
    assert!(
        summary.contains("href=\"#f-dog_born\">Geburtsdatum des Hundes (ungefähr): "),
        "{summary}"
    );
    // A yes/no question leads to its first choice, which the focus can reach.
    assert!(summary.contains("href=\"#f-dangerous-ja\">Gehört der Hund"), "{summary}");
    assert!(html.contains("id=\"f-dangerous-ja\""), "the link target exists");
    // In the order of the page.
    assert!(summary.find("#f-dog_name").unwrap() < summary.find("#f-dangerous-ja").unwrap());

    let response = post_page(&app, &format!("{dog}?lang=en"), &[("dog_name", ""), ("aktion", "weiter")]).await;
    let html = response.text().await.unwrap();
    assert!(
        html.contains("href=\"#f-dog_name\">Dog&#39;s name: ") || html.contains("href=\"#f-dog_name\">Dog&#x27;s name: "),
        "labels in the page's language"
    );
}

#[tokio::test]
async fn the_name_given_at_registration_is_offered_before_any_profile_exists() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let account = rathaus_core::accounts::find_by_email(app.db(), ANNA).await.unwrap();
    assert!(profile::load(app.db(), account.id).await.unwrap().is_none(), "no profile saved yet");
    let first = start_dog_tax(&app).await;
    let (_, html) = app.get_text(&first).await;
    assert!(html.contains("Vorname: <strong>Anna</strong>"), "{html}");
    assert!(html.contains("Nachname: <strong>Beispiel</strong>"));
    assert!(html.contains("E-Mail-Adresse: <strong>anna@example.org</strong>"));
    // The person's own details carry the browser's autofill tokens.
    for (id, token) in [
        ("f-given_name", "given-name"),
        ("f-family_name", "family-name"),
        ("f-birth_date", "bday"),
        ("f-address-street", "address-line1"),
        ("f-address-postcode", "postal-code"),
        ("f-address-city", "address-level2"),
        ("f-email", "email"),
    ] {
        let input = &html[html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("{id}"))..];
        let input = &input[..input.find('>').unwrap()];
        assert!(input.contains(&format!("autocomplete=\"{token}\"")), "{id}: {input}");
    }
    let response = post_page(
        &app,
        &first,
        &[
            ("uebernehmen", "given_name"),
            ("uebernehmen", "family_name"),
            ("aktion", "uebernehmen"),
        ],
    )
    .await;
    let html = response.text().await.unwrap();
    assert_eq!(extract_value(&html, "given_name").as_deref(), Some("Anna"));
    assert_eq!(extract_value(&html, "family_name").as_deref(), Some("Beispiel"));
}

#[tokio::test]
async fn the_address_typed_into_the_form_is_the_delivery_address_unless_changed() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    // The profile holds an older address; the form's is the newer word.
    let account = rathaus_core::accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let old = Profile {
        given_name: "Anna".into(),
        family_name: "Beispiel".into(),
        street: "Altweg 9".into(),
        postcode: "22111".into(),
        city: "Hamburg".into(),
        ..Profile::default()
    };
    profile::save(app.db(), &*app.clock, account.id, &Profile::default(), &old)
        .await
        .unwrap();
    let id = dog_tax_up_to_review(&app).await;
    let (_, check) = app.get_text(&format!("/antraege/{id}/pruefen")).await;
    assert_eq!(extract_value(&check, "delivery_name").as_deref(), Some("Anna Beispiel"));
    assert_eq!(extract_value(&check, "delivery_street").as_deref(), Some("Musterweg 1"));
    assert_eq!(extract_value(&check, "delivery_postcode").as_deref(), Some("20095"));

    // Sending the page as shown goes through the first time.
    let fields: Vec<(&str, String)> = ["_csrf", "delivery_name", "delivery_street", "delivery_postcode", "delivery_city"]
        .into_iter()
        .map(|name| (name, extract_value(&check, name).unwrap()))
        .collect();
    let mut form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    form.push(("delivery", "post"));
    let response = app.post_form(&format!("/antraege/{id}/absenden"), &form).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let status: serde_json::Value = app.get(&format!("/api/v1/applications/{id}")).await.json().await.unwrap();
    assert_eq!(status["delivery"]["address"]["street"], "Musterweg 1", "{status}");
    assert_eq!(status["delivery"]["address"]["name"], "Anna Beispiel");
}

#[tokio::test]
async fn the_answers_can_be_printed_before_sending() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let id = dog_tax_up_to_review(&app).await;
    let (_, check) = app.get_text(&format!("/antraege/{id}/pruefen")).await;
    assert!(
        check.contains(&format!("href=\"/antraege/{id}/druckansicht\"")),
        "the check page offers it"
    );
    let (status, print) = app.get_text(&format!("/antraege/{id}/druckansicht")).await;
    assert_eq!(status, 200);
    for shown in [
        "Hund zur Hundesteuer anmelden",
        "Bello",
        "Musterweg 1",
        "Negativzeugnis Bello.pdf",
        "noch nicht abgeschickt",
    ] {
        assert!(print.contains(shown), "{shown}");
    }
    assert!(!print.contains("<form"), "nothing to fill in or send on paper");
    assert!(print.contains("data-print"), "a print button for browsers with script");
    assert!(print.contains(&format!("href=\"/antraege/{id}/pruefen\"")), "and the way back");
}
