//! Applying online over HTTP, as a browser without JavaScript does it: from the service
//! page through every page of the form (with an upload), the review, one submission
//! however often it is sent, to the receipt in the inbox — and the attacks on it.

use std::sync::Arc;

use crate::accounts::{PASSWORD, confirmed_account, mail_with, sign_in};
use crate::helpers::{TestApp, encoded};
use crate::second_factor::enrol_app;
use rathaus_core::accounts::profile::{self, Profile};
use rathaus_core::applications;
use rathaus_platform::jobs::Worker;

const ANNA: &str = "anna@example.org";
const MALLORY: &str = "mallory@example.org";

/// A minimal PDF; its first bytes make it a PDF for the content check.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A resident signed in with a second factor (level "substantial").
pub(crate) async fn resident(app: &TestApp, email: &str) {
    confirmed_account(app, email).await;
    sign_in(app, email, PASSWORD, "").await;
    enrol_app(app, email).await;
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_string()
}

/// Starts the dog tax application; returns the first page's path.
pub(crate) async fn start_dog_tax(app: &TestApp) -> String {
    let csrf = app.csrf_from("/antraege/neu/hundesteuer").await;
    let response = app.post_form("/antraege/neu/hundesteuer", &[("_csrf", &csrf)]).await;
    assert_eq!(response.status(), 303);
    let to = location(&response);
    assert!(to.ends_with("/seite/halter"), "{to}");
    to
}

pub(crate) fn application_id(path: &str) -> String {
    path.split('/').nth(2).unwrap().to_string()
}

pub(crate) async fn post_page(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.csrf_from(path).await;
    let mut form = vec![("_csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    app.post_form(path, &form).await
}

/// Posts the page's (first) form as multipart with one file.
async fn post_upload(app: &TestApp, path: &str, fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> reqwest::Response {
    crate::helpers::post_upload(app, path, "", fields, file).await
}

const OWNER: &[(&str, &str)] = &[
    ("given_name", "Anna"),
    ("family_name", "Beispiel"),
    ("birth_date", "27.3.1985"),
    ("address.street", "Musterweg 1"),
    ("address.postcode", "20095"),
    ("address.city", "Hamburg"),
    ("email", ANNA),
    ("aktion", "weiter"),
];

const DOG: &[(&str, &str)] = &[
    ("dog_name", "Bello"),
    ("breed", "Staffordshire-Mischling"),
    ("dog_born", "1.6.2020"),
    ("dog_sex", "male"),
    ("chip_number", "276098106123456"),
    ("kept_since", "1.8.2020"),
    ("dangerous", "ja"),
    ("aktion", "weiter"),
];

/// Fills in the dog tax form up to the review; returns the application's id.
pub(crate) async fn dog_tax_up_to_review(app: &TestApp) -> String {
    let first = start_dog_tax(app).await;
    let id = application_id(&first);
    let response = post_page(app, &first, OWNER).await;
    assert_eq!(location(&response), format!("/antraege/{id}/seite/hund"));
    let response = post_upload(
        app,
        &format!("/antraege/{id}/seite/hund"),
        DOG,
        ("dangerous_permit._upload", "Negativzeugnis Bello.pdf", PDF),
    )
    .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    assert_eq!(location(&response), format!("/antraege/{id}/seite/steuer"));
    let response = post_page(
        app,
        &format!("/antraege/{id}/seite/steuer"),
        &[("exemption", "nein"), ("aktion", "weiter")],
    )
    .await;
    assert_eq!(location(&response), format!("/antraege/{id}/seite/zahlung"));
    let response = post_page(
        app,
        &format!("/antraege/{id}/seite/zahlung"),
        &[
            ("direct_debit", "ja"),
            ("iban", "DE89 3704 0044 0532 0130 00"),
            ("account_holder", "Anna Beispiel"),
            ("aktion", "weiter"),
        ],
    )
    .await;
    assert_eq!(location(&response), format!("/antraege/{id}/pruefen"));
    id
}

pub(crate) fn worker(app: &TestApp) -> Worker {
    let mailer = Arc::new(rathaus_platform::mail::Mailer::from_config(&app.config).unwrap());
    let registry = rathaus_core::jobs::registry(&app.config, mailer, app.state.catalog.clone(), app.state.forms.clone()).unwrap();
    Worker::new(app.db().clone(), app.clock.clone(), registry, &app.config.worker)
}

/// The dog tax comes by post: the letter's address is sent with the button.
const BY_POST: [(&str, &str); 5] = [
    ("delivery", "post"),
    ("delivery_name", "Anna Beispiel"),
    ("delivery_street", "Musterweg 1"),
    ("delivery_postcode", "20095"),
    ("delivery_city", "Hamburg"),
];

async fn submit(app: &TestApp, id: &str) -> reqwest::Response {
    let csrf = app.csrf_from(&format!("/antraege/{id}/pruefen")).await;
    // An amount slipped into the form is not read: the server computes the fee.
    let mut fields = vec![("_csrf", csrf.as_str()), ("total_cents", "1"), ("fee", "0")];
    fields.extend(BY_POST);
    app.post_form(&format!("/antraege/{id}/absenden"), &fields).await
}

#[tokio::test]
async fn a_resident_applies_from_the_service_page_to_the_receipt_in_the_inbox() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let (_, service) = app.get_text("/leistungen/hundesteuer").await;
    assert!(service.contains("href=\"/antraege/neu/hundesteuer\""), "Online beantragen");
    let (status, start) = app.get_text("/antraege/neu/hundesteuer").await;
    assert_eq!(status, 200);
    assert!(start.contains("30 Tage"), "the retention period is told");
    // What it costs is told before applying: the dog tax depends on the answers.
    assert!(start.contains("Hundesteuer für ein Jahr (gefährlicher Hund)"));
    assert!(start.contains("600,00 € (je nach Ihren Angaben)"));
    let (_, parking) = app.get_text("/antraege/neu/bewohnerparkausweis").await;
    assert!(parking.contains("Bewohnerparkausweis, ein Jahr (Online-Antrag)") && parking.contains("65,00 €"));
    assert!(parking.contains("Die Gebühr wird mit dem Antrag fällig."));

    let id = dog_tax_up_to_review(&app).await;
    // Every page names its step and lists the others, with a way back to those behind.
    let (_, dog_page) = app.get_text(&format!("/antraege/{id}/seite/hund")).await;
    assert!(dog_page.contains("<summary>Schritt 2 von 4: Ihr Hund</summary>"), "{dog_page}");
    assert!(dog_page.contains(&format!("<li><a href=\"/antraege/{id}/seite/halter\">")));
    assert!(dog_page.contains("<li aria-current=\"step\">Ihr Hund</li>"));
    assert!(
        dog_page.contains("Tag.Monat.Jahr, zum Beispiel 14.06.2021"),
        "a date hint that fits a dog"
    );
    let (status, review) = app.get_text(&format!("/antraege/{id}/pruefen")).await;
    assert_eq!(status, 200);
    assert!(
        !review.contains("Hund zur Hundesteuer anmelden · Hund zur Hundesteuer anmelden"),
        "the subtitle says it once"
    );
    for shown in [
        "Bello",
        "27.03.1985",
        "Musterweg 1, 20095 Hamburg",
        "Negativzeugnis Bello.pdf",
        "DE89370400440532013000",
    ] {
        assert!(review.contains(shown), "review shows {shown}");
    }
    assert!(
        review.contains(&format!("href=\"/antraege/{id}/seite/hund?zurueck=pruefen\"")),
        "change links"
    );

    assert!(
        review.contains("Sie erhalten das Ergebnis per Post."),
        "the only delivery the service offers"
    );
    // The fee follows the answers (a dangerous dog) and is due after the decision.
    assert!(review.contains("Hundesteuer für ein Jahr (gefährlicher Hund)") && review.contains("600,00 €"));
    assert!(!review.contains("90,00 €"), "not the ordinary dog's tax");
    assert!(review.contains("Die Steuer wird mit dem Bescheid festgesetzt und danach fällig."));
    // A missing line of the address is named at its field; what was typed stays.
    let csrf = app.csrf_from(&format!("/antraege/{id}/pruefen")).await;
    let mut fields = vec![("_csrf", csrf.as_str())];
    fields.extend(BY_POST.map(|(k, v)| (k, if k == "delivery_street" { "" } else { v })));
    let refused = app.post_form(&format!("/antraege/{id}/absenden"), &fields).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("href=\"#delivery_street\">Geben Sie Straße und Hausnummer an"),
        "in the error summary: {page}"
    );
    assert!(page.contains("value=\"Anna Beispiel\""), "the typed name stays");
    assert!(page.contains("Bello"), "the answers are still shown");
    assert_eq!(app.count("applications WHERE reference IS NOT NULL").await, 0);

    // Double click, retry, back button: one application, one reference.
    let first = submit(&app, &id).await;
    assert_eq!(location(&first), format!("/antraege/{id}/eingegangen"));
    let csrf = app.csrf_from("/konto/daten").await;
    let again = app.post_form(&format!("/antraege/{id}/absenden"), &[("_csrf", &csrf)]).await;
    assert_eq!(location(&again), format!("/antraege/{id}/eingegangen"));
    assert_eq!(app.count("applications WHERE reference IS NOT NULL").await, 1);
    let stored = applications::by_id(app.db(), id.parse().unwrap()).await.unwrap().fee.unwrap();
    assert_eq!(stored.total_cents, 60000, "computed by the server, whatever the page sent");
    let (_, confirmation) = app.get_text(&format!("/antraege/{id}/eingegangen")).await;
    assert!(confirmation.contains("HH-2026-000001"), "the case reference");

    // Editing a submitted application is over.
    let late = app.get(&format!("/antraege/{id}/seite/halter")).await;
    assert_eq!(location(&late), format!("/antraege/{id}"));

    // The worker makes the receipt: PDF in the inbox, a mail that only points there.
    let w = worker(&app);
    while w.run_once().await.unwrap() > 0 {}
    assert_eq!(app.count("inbox_messages").await, 1);
    let mail = mail_with(&app, ANNA, "Ihr Antrag HH-2026-000001 ist eingegangen").await;
    assert!(!mail.body_text.contains("Bello"), "no content in the mail");
    assert!(mail.body_text.contains(&format!("/antraege/{id}")));

    let (status, inbox) = app.get_text("/postfach").await;
    assert_eq!(status, 200);
    assert!(inbox.contains("Ungelesene Nachrichten: 1"));
    let message = inbox
        .split("href=\"/postfach/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let (_, opened) = app.get_text(&format!("/postfach/{message}")).await;
    assert!(opened.contains("Eingangsbestätigung für Ihren Antrag HH-2026-000001"));
    let pdf = app.get(&format!("/postfach/{message}/dokument")).await;
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
    assert!(
        app.get_text("/postfach").await.1.contains("Ungelesene Nachrichten: 0"),
        "read once opened"
    );

    // The status page: reference, history, the uploaded file, the receipt.
    let (_, status_page) = app.get_text(&format!("/antraege/{id}")).await;
    for shown in [
        "HH-2026-000001",
        "Antrag begonnen",
        "Antrag abgeschickt und eingegangen",
        "Negativzeugnis Bello.pdf",
    ] {
        assert!(status_page.contains(shown), "status page shows {shown}");
    }
    let file_href = status_page
        .split(&format!("href=\"/antraege/{id}/dateien/"))
        .find(|link| link.contains("\" download>Negativzeugnis Bello.pdf</a>"))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let download = app.get(&format!("/antraege/{id}/dateien/{file_href}")).await;
    assert_eq!(download.status(), 200);
    assert_eq!(
        download.headers()["content-disposition"],
        "attachment; filename=\"Negativzeugnis Bello.pdf\"; filename*=UTF-8''Negativzeugnis%20Bello.pdf"
    );
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);

    // A job that runs twice makes one receipt.
    rathaus_platform::jobs::enqueue(
        app.db().write(),
        &*app.clock,
        rathaus_platform::jobs::NewJob::new("application.receipt", serde_json::json!({ "application": id, "lang": "de" })),
    )
    .await
    .unwrap();
    while w.run_once().await.unwrap() > 0 {}
    assert_eq!(app.count("inbox_messages").await, 1);
}

#[tokio::test]
async fn bad_input_comes_back_with_messages_and_nothing_typed_is_lost() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let first = start_dog_tax(&app).await;
    let response = post_page(
        &app,
        &first,
        &[
            ("given_name", "Anna"),
            ("family_name", "Beispiel"),
            ("birth_date", "31.02.1985"),
            ("address.street", "Musterweg 1"),
            ("address.postcode", "2009"),
            ("address.city", "Hamburg"),
            ("email", "anna@"),
            ("aktion", "weiter"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Bitte korrigieren Sie Folgendes"));
    assert!(html.contains("href=\"#f-birth_date\""), "the summary links to the field");
    assert!(html.contains("Bitte geben Sie ein gültiges Datum an"));
    assert!(html.contains("Die Postleitzahl hat fünf Ziffern"));
    for typed in ["value=\"31.02.1985\"", "value=\"2009\"", "value=\"anna@\"", "value=\"Musterweg 1\""] {
        assert!(html.contains(typed), "keeps {typed}");
    }
    // What was valid is saved even so.
    let (_, again) = app.get_text(&first).await;
    assert!(again.contains("value=\"Anna\"") && again.contains("value=\"Beispiel\""));

    // In English, the messages are English.
    let response = post_page(&app, &format!("{first}?lang=en"), &[("birth_date", "morgen"), ("aktion", "weiter")]).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Please enter a valid date"));
}

#[tokio::test]
async fn uploads_are_checked_by_their_content_and_refusals_keep_the_page() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let first = start_dog_tax(&app).await;
    let id = application_id(&first);
    post_page(&app, &first, OWNER).await;
    let response = post_upload(
        &app,
        &format!("/antraege/{id}/seite/hund"),
        DOG,
        ("dangerous_permit._upload", "permit.pdf", b"MZ\x90\x00 this is a program, not a PDF"),
    )
    .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Diese Art von Datei können wir nicht annehmen"), "{html}");
    assert!(html.contains("value=\"Bello\""), "the other answers stay");
    assert_eq!(app.count("files").await, 0, "nothing of a refused file is kept");
}

/// A PDF of `size` bytes: the header makes it a PDF, the rest is a scan's weight.
fn pdf_of(size: usize) -> Vec<u8> {
    let mut bytes = PDF.to_vec();
    bytes.resize(size, b'0');
    bytes
}

const MIB: usize = 1024 * 1024;

/// The configured caps are the limits — a document field's 10 MiB and
/// `files.max_upload_bytes` for the whole body — not a framework default: a 3 MB scan
/// goes through, a file just below each cap too, and just above them the page names
/// the size (keeping what was typed) and the API answers 413.
#[tokio::test]
async fn uploads_are_refused_only_above_the_configured_caps() {
    // 12 MiB for the whole body, so that both caps can be passed with real files.
    let app = TestApp::spawn_with(|c| c.files.max_upload_bytes = 12 * MIB as u64).await;
    resident(&app, ANNA).await;
    let first = start_dog_tax(&app).await;
    let id = application_id(&first);
    post_page(&app, &first, OWNER).await;
    let page = format!("/antraege/{id}/seite/hund");
    let field = "dangerous_permit._upload";

    for size in [3 * MIB, 10 * MIB - 4096] {
        let response = post_upload(&app, &page, DOG, (field, "Negativzeugnis.pdf", &pdf_of(size))).await;
        assert_eq!(response.status(), 303, "{size} bytes: {}", response.text().await.unwrap());
    }
    // Just above the field's cap: the page says how large a file may be.
    let response = post_upload(&app, &page, DOG, (field, "Negativzeugnis.pdf", &pdf_of(10 * MIB + 1))).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("höchstens 10 MB"), "{html}");
    assert!(html.contains("value=\"Bello\""), "the other answers stay");
    // Just above the body's cap: 413, naming the limit.
    let response = post_upload(&app, &page, DOG, (field, "Negativzeugnis.pdf", &pdf_of(12 * MIB + 256 * 1024 + 1))).await;
    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains("höchstens 12,3 MB"));

    // The API: the same caps, 201 below and 413 above with a problem document.
    let csrf = app.csrf_from("/konto/daten").await;
    for (size, status) in [
        (3 * MIB, 201),
        (10 * MIB - 4096, 201),
        (10 * MIB + 1, 413),
        (12 * MIB + 256 * 1024 + 1, 413),
    ] {
        let part = reqwest::multipart::Part::bytes(pdf_of(size)).file_name("Nachweis.pdf");
        let response = app
            .client
            .post(format!("{}/api/v1/applications/{id}/documents/dangerous_permit", app.base))
            .header("cookie", app.cookie_header())
            .header("x-csrf-token", &csrf)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{size} bytes");
        if status == 413 {
            let problem: serde_json::Value = response.json().await.unwrap();
            assert!(problem["detail"].as_str().unwrap().contains("MB"), "{problem}");
        }
    }
}

#[tokio::test]
async fn groups_grow_and_shrink_and_prefill_needs_consent_all_without_javascript() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let account = rathaus_core::accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let filled = Profile {
        given_name: "Anna".into(),
        family_name: "Beispiel".into(),
        street: "Musterweg 1".into(),
        postcode: "20095".into(),
        city: "Hamburg".into(),
        ..Profile::default()
    };
    profile::save(app.db(), &*app.clock, account.id, &Profile::default(), &filled)
        .await
        .unwrap();

    let first = start_dog_tax(&app).await;
    let (_, html) = app.get_text(&first).await;
    assert!(html.contains("Angaben aus Ihrem Servicekonto übernehmen"), "the offer is shown");
    assert!(!html.contains("value=\"Beispiel\""), "nothing is filled in before consent");
    let response = post_page(&app, &first, &[("uebernehmen", "family_name"), ("aktion", "uebernehmen")]).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("value=\"Beispiel\""), "the chosen field is filled");
    assert!(!html.contains("value=\"Musterweg 1\""), "the others are not");

    // Wohngeld: household members are added and removed with buttons.
    let csrf = app.csrf_from("/antraege/neu/wohngeld").await;
    let to = location(&app.post_form("/antraege/neu/wohngeld", &[("_csrf", &csrf)]).await);
    let id = application_id(&to);
    let household = format!("/antraege/{id}/seite/haushalt");
    // The household page may come later; open it directly once the earlier pages allow.
    let page = app.get(&household).await;
    if page.status() == 303 {
        panic!("household page should be reachable in a fresh draft: {}", location(&page));
    }
    let response = post_page(&app, &household, &[("lives_alone", "nein"), ("aktion", "hinzufuegen:household")]).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("name=\"household.1.member_given_name\""));
    let response = post_page(
        &app,
        &household,
        &[
            ("lives_alone", "nein"),
            ("household.1.member_given_name", "Ben"),
            ("aktion", "hinzufuegen:household"),
        ],
    )
    .await;
    let html = response.text().await.unwrap();
    assert!(html.contains("name=\"household.2.member_given_name\""));
    assert!(html.contains("value=\"Ben\""), "the first member stays");
    let response = post_page(
        &app,
        &household,
        &[
            ("lives_alone", "nein"),
            ("household.1.member_given_name", "Ben"),
            ("household.2.member_given_name", "Clara"),
            ("aktion", "entfernen:household:1"),
        ],
    )
    .await;
    let html = response.text().await.unwrap();
    assert!(html.contains("value=\"Clara\"") && !html.contains("value=\"Ben\""));
    assert!(!html.contains("name=\"household.2.member_given_name\""));
}

#[tokio::test]
async fn the_service_trust_level_is_required_before_a_draft_starts() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    sign_in(&app, ANNA, PASSWORD, "").await;
    // Password only: the second factor is asked first.
    let response = app.get("/antraege/neu/hundesteuer").await;
    assert_eq!(response.status(), 303);
    assert!(location(&response).starts_with("/konto/zweiter-faktor?zurueck=%2Fantraege%2Fneu%2Fhundesteuer"));
    enrol_app(&app, ANNA).await;
    assert_eq!(app.get("/antraege/neu/hundesteuer").await.status(), 200);
    // "High" needs the online ID card, which a second factor does not give.
    let (status, html) = app.get_text("/antraege/neu/wohnsitz-anmelden").await;
    assert_eq!(status, 200);
    assert!(html.contains("Online-Ausweis"), "explains the online ID");
    let csrf = app.csrf_from("/antraege/neu/hundesteuer").await;
    app.post_form("/antraege/neu/wohnsitz-anmelden", &[("_csrf", &csrf)]).await;
    assert_eq!(app.count("applications").await, 0, "no draft without the level");
    // Signed out: to the sign-in page and back.
    app.forget_cookies();
    let response = app.get("/antraege/neu/hundesteuer").await;
    assert_eq!(location(&response), "/konto/anmelden?zurueck=%2Fantraege%2Fneu%2Fhundesteuer");
}

#[tokio::test]
async fn another_resident_sees_changes_and_downloads_nothing_and_is_recorded() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let id = dog_tax_up_to_review(&app).await;
    let (_, review) = app.get_text(&format!("/antraege/{id}/pruefen")).await;
    assert!(review.contains("Negativzeugnis"));
    let file: String = {
        let conn = app.db().write();
        use sea_orm::ConnectionTrait;
        let row = conn
            .query_one_raw(rathaus_platform::db::stmt(conn, "SELECT file_id FROM application_files", vec![]))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<uuid::Uuid>("", "file_id").unwrap().to_string()
    };

    app.forget_cookies();
    resident(&app, MALLORY).await;
    let refused_before = app.count("audit_log WHERE action = 'application.access-refused'").await;
    for path in [
        format!("/antraege/{id}"),
        format!("/antraege/{id}/seite/halter"),
        format!("/antraege/{id}/pruefen"),
        format!("/antraege/{id}/druckansicht"),
        format!("/antraege/{id}/eingegangen"),
        format!("/antraege/{id}/dateien/{file}"),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
    let csrf = app.csrf_from("/konto/daten").await;
    for path in [
        format!("/antraege/{id}/seite/halter"),
        format!("/antraege/{id}/absenden"),
        format!("/antraege/{id}/loeschen"),
    ] {
        let response = app.post_form(&path, &[("_csrf", &csrf), ("given_name", "Mallory")]).await;
        assert_eq!(response.status(), 404, "{path}");
    }
    let refused = app.count("audit_log WHERE action = 'application.access-refused'").await - refused_before;
    assert_eq!(refused, 9, "every attempt is in the audit log");
    let (_, list) = app.get_text("/antraege").await;
    assert!(!list.contains(&id), "not in the other's list");

    // Nothing changed for Anna.
    app.forget_cookies();
    sign_in(&app, ANNA, PASSWORD, "").await;
    assert_eq!(app.count("applications WHERE status = 'draft'").await, 1);
}

#[tokio::test]
async fn a_deleted_draft_takes_its_files_with_it() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let id = dog_tax_up_to_review(&app).await;
    assert_eq!(app.count("files WHERE deleted_at IS NULL").await, 1);
    let csrf = app.csrf_from("/konto/daten").await;
    let response = app.post_form(&format!("/antraege/{id}/loeschen"), &[("_csrf", &csrf)]).await;
    assert_eq!(location(&response), "/antraege?hinweis=geloescht");
    assert_eq!(app.count("applications").await, 0);
    assert_eq!(app.count("files WHERE deleted_at IS NULL").await, 0, "crypto-shredded");
}

/// Markup and script in every free-text field come back as text, never as markup: on
/// the form page, on the review, and on the status page.
#[tokio::test]
async fn free_text_is_always_shown_as_text() {
    const CORPUS: &[&str] = &[
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>",
        "</textarea><script>alert(1)</script>",
        "javascript:alert(1)",
        "{{7*7}}<b>fett</b>",
    ];
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    for payload in CORPUS {
        let first = start_dog_tax(&app).await;
        let id = application_id(&first);
        let fields: Vec<(&str, &str)> = vec![
            ("given_name", payload),
            ("family_name", payload),
            ("birth_date", "27.3.1985"),
            ("address.street", payload),
            ("address.postcode", "20095"),
            ("address.city", payload),
            ("email", ANNA),
            ("aktion", "weiter"),
        ];
        let response = post_page(&app, &first, &fields).await;
        assert_eq!(response.status(), 303, "{payload} is valid text");
        let pages = [first.clone(), format!("/antraege/{id}/pruefen"), format!("/antraege/{id}")];
        for path in pages {
            let (_, html) = app.get_text(&path).await;
            for raw in ["<script>alert(1)", "<img src=x", "<svg onload", "<b>fett</b>"] {
                assert!(!html.contains(raw), "{path} renders {raw} from {payload}");
            }
        }
    }
}

/// The level a service needs holds at every step, not only when the draft starts: a
/// draft begun with a second factor cannot be read, changed, paid, submitted, withdrawn
/// or deleted from a session that is now "low" (the authenticator removed, signed in
/// with the password alone) — neither on the pages nor through the API — and the way
/// back is the same step-up as at the start.
#[tokio::test]
async fn a_session_below_the_service_level_can_do_nothing_with_the_draft() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let id = dog_tax_up_to_review(&app).await;
    let file: uuid::Uuid = app.scalar("SELECT file_id AS v FROM application_files").await;
    let answers: serde_json::Value = app.scalar("SELECT answers AS v FROM applications").await;
    // The owner removes the authenticator, then signs in with the password alone.
    let csrf = app.csrf_from("/konto/sicherheit").await;
    let removed = app.post_form("/konto/sicherheit/app/entfernen", &[("_csrf", &csrf)]).await;
    assert_eq!(location(&removed), "/konto/sicherheit?hinweis=app-entfernt");
    app.forget_cookies();
    sign_in(&app, ANNA, PASSWORD, "").await;

    let step_up = |back: &str| format!("/konto/stufe?niveau=substantial&zurueck={}", encoded(back));
    for path in [
        format!("/antraege/{id}"),
        format!("/antraege/{id}/seite/halter"),
        format!("/antraege/{id}/pruefen"),
        format!("/antraege/{id}/zahlung"),
        format!("/antraege/{id}/zurueckziehen"),
        format!("/antraege/{id}/dateien/{file}"),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(location(&response), step_up(&path), "{path}");
    }
    let csrf = app.csrf_from("/konto/daten").await;
    for path in [
        format!("/antraege/{id}/seite/halter"),
        format!("/antraege/{id}/absenden"),
        format!("/antraege/{id}/zurueckziehen"),
        format!("/antraege/{id}/loeschen"),
    ] {
        let response = app
            .post_form(&path, &[("_csrf", &csrf), ("given_name", "Mallory"), ("delivery", "download")])
            .await;
        assert_eq!(response.status(), 303, "{path}");
        assert!(location(&response).starts_with("/konto/stufe?niveau=substantial"), "{path}");
    }
    // The same through the API: 403 with a problem document that names the level.
    let api = |method: reqwest::Method, path: String| {
        app.client
            .request(method, format!("{}{path}", app.base))
            .header("cookie", app.cookie_header())
            .header("x-csrf-token", csrf.clone())
    };
    let part = reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("Nachweis.pdf");
    let attempts = [
        api(reqwest::Method::GET, format!("/api/v1/applications/{id}")),
        api(reqwest::Method::PUT, format!("/api/v1/applications/{id}/pages/steuer")).json(&serde_json::json!({ "exemption": "ja" })),
        api(
            reqwest::Method::POST,
            format!("/api/v1/applications/{id}/documents/dangerous_permit"),
        )
        .multipart(reqwest::multipart::Form::new().part("file", part)),
        api(reqwest::Method::GET, format!("/api/v1/applications/{id}/files/{file}")),
        api(reqwest::Method::POST, format!("/api/v1/applications/{id}/submit"))
            .json(&serde_json::json!({ "delivery": { "method": "download" } })),
        api(reqwest::Method::POST, format!("/api/v1/applications/{id}/payment"))
            .header("idempotency-key", "k1")
            .json(&serde_json::json!({})),
    ];
    for attempt in attempts {
        let response = attempt.send().await.unwrap();
        let path = response.url().path().to_string();
        assert_eq!(response.status(), 403, "{path}");
        let problem: serde_json::Value = response.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().contains("\"substantial\""), "{path}: {problem}");
    }
    assert_eq!(app.count("applications WHERE status = 'draft'").await, 1, "nothing submitted");
    assert_eq!(app.count("payments").await, 0, "nothing paid");
    let saved: serde_json::Value = app.scalar("SELECT answers AS v FROM applications").await;
    assert_eq!(saved, answers, "nothing changed");
    assert_eq!(app.count("application_files").await, 1, "nothing uploaded");

    // The step-up page leads to the second factor and back to the draft.
    let back = format!("/antraege/{id}/pruefen");
    let response = app.get(&step_up(&back)).await;
    assert_eq!(location(&response), format!("/konto/zweiter-faktor?zurueck={}", encoded(&back)));
    enrol_app(&app, ANNA).await;
    let response = app.get(&step_up(&back)).await;
    assert_eq!(location(&response), back, "at the level: straight back");
    assert_eq!(app.get(&back).await.status(), 200);
    let response = submit(&app, &id).await;
    assert_eq!(location(&response), format!("/antraege/{id}/eingegangen"));
}

/// "High" needs the online ID at every step too: a second factor is not enough, and the
/// page explains the way up instead of sending the person round in circles.
#[tokio::test]
async fn a_high_level_draft_needs_the_online_id_at_every_step() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let id = dog_tax_up_to_review(&app).await;
    // The catalogue now asks for more (the level is read at every step, not stored).
    app.exec("UPDATE services SET assurance_level = 'high' WHERE id = 'hundesteuer'")
        .await;
    let path = format!("/antraege/{id}/pruefen");
    let response = app.get(&path).await;
    let to = location(&response);
    assert!(to.starts_with("/konto/stufe?niveau=high"), "{to}");
    let (status, html) = app.get_text(&to).await;
    assert_eq!(status, 200);
    assert!(html.contains("Online-Ausweis"), "explains the online ID");
    let csrf = app.csrf_from("/konto/daten").await;
    let response = app
        .post_form(
            &format!("/antraege/{id}/absenden"),
            &[("_csrf", csrf.as_str()), ("delivery", "download")],
        )
        .await;
    assert!(location(&response).starts_with("/konto/stufe?niveau=high"));
    assert_eq!(app.count("applications WHERE status = 'draft'").await, 1);
}

/// A form speaks the page's language: its title, page titles, labels, help texts and
/// options in German, English and Leichte Sprache, each as the form's data writes it.
#[tokio::test]
async fn a_form_is_read_in_german_english_and_leichte_sprache() {
    let app = TestApp::spawn().await;
    resident(&app, "anna@example.org").await;
    let first = start_dog_tax(&app).await;
    let form = rathaus_core::forms::shipped()
        .unwrap()
        .into_iter()
        .filter(|f| f.service == "hundesteuer")
        .max_by_key(|f| f.version)
        .unwrap();
    let page = &form.pages[0];
    for lang in rathaus_platform::i18n::Lang::ALL {
        let (status, html) = app.get_text(&format!("{first}?lang={}", lang.code())).await;
        assert_eq!(status, 200);
        let texts = [form.title(lang), page.title(lang)]
            .into_iter()
            .chain(page.fields.iter().map(|f| f.label(lang)))
            .chain(page.fields.iter().filter_map(|f| f.help(lang)));
        for text in texts {
            assert!(html.contains(&crate::pages::askama_escape(text)), "{}: {text}", lang.code());
        }
    }
    let leichte = page
        .fields
        .iter()
        .find(|f| f.label_leichte != f.label_de)
        .expect("a label written anew");
    let (_, german) = app.get_text(&format!("{first}?lang=de")).await;
    assert!(!german.contains(&crate::pages::askama_escape(&leichte.label_leichte)));
}
