//! The transparency portal over HTTP, as its users meet it: a publisher drafts a record
//! and uploads a PDF, the check flags a name and an IBAN, the publisher may not release
//! their own draft, a reviewer redacts and releases, and an anonymous visitor reads the
//! record and downloads the file without the redacted text. Drafts stay out of sight;
//! a withdrawn record answers 410 with its reason; other agencies' records are 404.

use rathaus_core::accounts::{Role, Scope};
use rathaus_core::transparency::store;

use crate::cases::staff_member;
use crate::helpers::{TestApp, form_action};
use crate::staff::grant;
use crate::transparency::permit_pdf;

const AGENCY: &str = "ba-altona";
const NAME: &str = "baugenehmigung-elbchaussee-2026";

fn metadata_form(csrf: &str) -> Vec<(&'static str, String)> {
    vec![
        ("_csrf", csrf.to_string()),
        ("agency", AGENCY.into()),
        ("name", NAME.into()),
        ("title", "Baugenehmigung Wohnhaus Elbchaussee".into()),
        ("description", "Genehmigung eines Wohnhauses mit Auflagen zum Baumschutz.".into()),
        ("category", "baugenehmigung".into()),
        ("themes", "REGI".into()),
        ("themes", "ENVI".into()),
        ("keywords", "Bauen, Baumschutz".into()),
        ("licence", "dl-by-de/2.0".into()),
        ("contact_name", "Fachamt Bauprüfung".into()),
        ("contact_email", "baupruefung@altona.example.org".into()),
        ("issued", "2026-11-02".into()),
        ("spatial", "Hamburg-Altona".into()),
        ("frequency", "NEVER".into()),
        ("legal_basis", "§ 3 Abs. 1 Nr. 13 HmbTG".into()),
    ]
}

async fn post(app: &TestApp, path: &str, form: &[(&str, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form(path, &pairs).await
}

async fn upload(app: &TestApp, record: &str, name: &str, file_name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let action = form_action(app, record, "/dateien").await;
    assert!(
        action.contains("_csrf="),
        "the upload form carries its token in the address: {action}"
    );
    let form = reqwest::multipart::Form::new()
        .text("name", name.to_string())
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string()));
    app.client
        .post(format!("{}{action}", app.base))
        .header("cookie", app.cookie_header())
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_permit_goes_from_the_desk_through_review_to_the_public_without_the_applicants_data() {
    let app = TestApp::spawn().await;
    let paula = staff_member(&app, "paula@example.org", "Paula Presse", Role::Publisher, AGENCY).await;
    grant(&app, paula, Role::Reviewer, Scope::Agency(AGENCY.into())).await;

    // A broken form comes back with every problem and keeps what was typed.
    let csrf = app.csrf_from("/verwaltung/transparenz/neu").await;
    let mut broken = metadata_form(&csrf);
    broken.retain(|(k, _)| *k != "themes");
    broken.iter_mut().find(|(k, _)| *k == "contact_email").unwrap().1 = "kein-mail".into();
    let response = post(&app, "/verwaltung/transparenz/neu", &broken).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Wählen Sie mindestens ein Thema.") && html.contains("wie name@beispiel.de"),
        "{html}"
    );
    assert!(html.contains("Baugenehmigung Wohnhaus Elbchaussee"), "the title typed stays");

    let response = post(&app, "/verwaltung/transparenz/neu", &metadata_form(&csrf)).await;
    assert_eq!(response.status(), 303);
    let record = response.headers()["location"]
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let response = upload(&app, &record, "Bescheid", "bescheid.pdf", permit_pdf(&app)).await;
    assert_eq!(response.status(), 303);
    let (_, html) = app.get_text(&record).await;
    assert!(
        html.contains("Name einer Person") && html.contains("Jonas Beispielmann") && html.contains("IBAN"),
        "{html}"
    );
    // A file that is not what its name says is refused in words, and nothing is added.
    let response = upload(&app, &record, "Tabelle", "tabelle.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Diese Datei wird nicht angenommen"));

    let csrf = app.csrf_from(&record).await;
    assert_eq!(
        post(&app, &format!("{record}/einreichen"), &[("_csrf", csrf.clone())])
            .await
            .status(),
        303
    );
    // Paula holds the reviewer role too, but may not release her own draft.
    let response = post(
        &app,
        &format!("{record}/freigeben"),
        &[("_csrf", csrf.clone()), ("when", "jetzt".into())],
    )
    .await;
    assert_eq!(response.status(), 409);
    assert!(response.text().await.unwrap().contains("Vier-Augen-Prinzip"));
    // Not visible to the public while in review.
    app.forget_cookies();
    assert_eq!(app.get(&format!("/transparenz/{NAME}")).await.status(), 404);

    staff_member(&app, "rolf@example.org", "Rolf Revision", Role::Reviewer, AGENCY).await;
    let csrf = app.csrf_from(&record).await;
    let response = post(
        &app,
        &format!("{record}/freigeben"),
        &[("_csrf", csrf.clone()), ("when", "jetzt".into())],
    )
    .await;
    assert_eq!(response.status(), 409, "findings are open");
    let id = record.rsplit('/').next().unwrap().parse().unwrap();
    for finding in store::findings(app.db().read(), id).await.unwrap() {
        let response = post(
            &app,
            &format!("/verwaltung/transparenz/befunde/{}", finding.id),
            &[("_csrf", csrf.clone()), ("decision", "schwaerzen".into())],
        )
        .await;
        assert_eq!(response.status(), 303);
    }
    let response = post(
        &app,
        &format!("{record}/freigeben"),
        &[("_csrf", csrf.clone()), ("when", "jetzt".into())],
    )
    .await;
    assert_eq!(response.status(), 303);

    // The public: the record, its facts, and the file without the redacted text.
    app.forget_cookies();
    let (status, html) = app.get_text(&format!("/transparenz/{NAME}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Baugenehmigung Wohnhaus Elbchaussee")
            && html.contains("Datenlizenz Deutschland")
            && html.contains("Bezirksamt Altona")
    );
    assert!(!html.contains("Rolf Revision"), "the public history names no staff");
    let (_, list) = app.get_text("/transparenz/veroeffentlichungen?kategorie=baugenehmigung").await;
    assert!(list.contains(NAME));
    let download = form_or_link(&html, "/ressourcen/");
    let response = app.get(&download).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap();
    let text = rathaus_core::transparency::extract::extract(rathaus_core::transparency::metadata::Format::Pdf, &bytes)
        .pages()
        .join("\n");
    assert!(
        !text.contains("Beispielmann") && !text.contains("DE89") && text.contains("Starkregenvorsorge"),
        "{text}"
    );

    // Withdrawn: a tombstone with the date and the reason, and out of the list.
    staff_member(&app, "rita@example.org", "Rita Rückzug", Role::Reviewer, AGENCY).await;
    let csrf = app.csrf_from(&record).await;
    let response = post(
        &app,
        &format!("{record}/zurueckziehen"),
        &[("_csrf", csrf.clone()), ("reason", String::new())],
    )
    .await;
    assert_eq!(response.status(), 422);
    let response = post(
        &app,
        &format!("{record}/zurueckziehen"),
        &[("_csrf", csrf), ("reason", "Bescheid aufgehoben".into())],
    )
    .await;
    assert_eq!(response.status(), 303);
    app.forget_cookies();
    let (status, html) = app.get_text(&format!("/transparenz/{NAME}")).await;
    assert_eq!(status, 410);
    assert!(html.contains("Bescheid aufgehoben"));
    assert_eq!(app.get(&download).await.status(), 404);
    let (_, list) = app.get_text("/transparenz/veroeffentlichungen").await;
    assert!(!list.contains(NAME));
}

fn form_or_link(html: &str, marker: &str) -> String {
    html.split("href=\"")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .find(|h| h.contains(marker))
        .expect("a link")
        .to_string()
}

#[tokio::test]
async fn the_desk_is_for_publishers_and_reviewers_of_the_agency_only() {
    let app = TestApp::spawn().await;
    staff_member(&app, "paula@example.org", "Paula Presse", Role::Publisher, AGENCY).await;
    let csrf = app.csrf_from("/verwaltung/transparenz/neu").await;
    let response = post(&app, "/verwaltung/transparenz/neu", &metadata_form(&csrf)).await;
    let record = response.headers()["location"]
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    // Publishing for another agency is refused at the field.
    let mut elsewhere = metadata_form(&csrf);
    elsewhere.iter_mut().find(|(k, _)| *k == "agency").unwrap().1 = "bukea".into();
    elsewhere.iter_mut().find(|(k, _)| *k == "name").unwrap().1 = "anderswo-2026".into();
    assert_eq!(post(&app, "/verwaltung/transparenz/neu", &elsewhere).await.status(), 422);
    // The same name twice is refused at the field.
    let response = post(&app, "/verwaltung/transparenz/neu", &metadata_form(&csrf)).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("schon vergeben"));

    staff_member(&app, "sven@example.org", "Sven Fremd", Role::Publisher, "bukea").await;
    assert_eq!(app.get(&record).await.status(), 404);
    assert_eq!(app.get("/verwaltung/transparenz").await.status(), 200);
    staff_member(&app, "carla@example.org", "Carla Kasse", Role::Payments, AGENCY).await;
    assert_eq!(app.get("/verwaltung/transparenz").await.status(), 403);
    assert_eq!(app.get(&record).await.status(), 403);
}
