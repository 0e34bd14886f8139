//! The transparency portal over HTTP, as its users meet it: a publisher drafts a record
//! and uploads a PDF, the check flags a name and an IBAN, the publisher may not release
//! their own draft, a reviewer redacts and releases, and an anonymous visitor reads the
//! record and downloads the file without the redacted text. Drafts stay out of sight;
//! a withdrawn record answers 410 with its reason; other agencies' records are 404.

use rathaus_core::accounts::{Role, Scope};
use rathaus_core::transparency::store;

use crate::cases::staff_member;
use crate::helpers::{TestApp, form_action, post_upload};
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
    post_upload(app, record, "/dateien", &[("name", name)], ("file", file_name, &bytes)).await
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

#[tokio::test]
async fn anyone_reports_a_problem_and_it_waits_on_the_desk_until_done() {
    let app = TestApp::spawn().await;
    rathaus_core::transparency::demo::load(app.db(), &app.state.blobs, &*app.clock)
        .await
        .unwrap();
    let entry = rathaus_core::transparency::demo::publications()
        .unwrap()
        .into_iter()
        .find(|e| e.state == "published" && e.agency == AGENCY)
        .unwrap();
    let form = format!("/transparenz/{}/problem-melden", entry.name);
    // Reading the record sets no cookie; the report's own page does (for its CSRF token).
    let response = app.get(&format!("/transparenz/{}", entry.name)).await;
    assert!(response.headers().get("set-cookie").is_none(), "reading a record sets no cookie");
    let csrf = app.csrf_from(&form).await;
    let response = post(
        &app,
        &form,
        &[("_csrf", csrf.clone()), ("message", "kurz".into()), ("contact_email", "x".into())],
    )
    .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("10 bis 4.000 Zeichen") && html.contains("value=\"x\""), "{html}");
    let message = "Die Summe in der Tabelle für 2025 stimmt nicht.";
    let response = post(
        &app,
        &form,
        &[
            ("_csrf", csrf),
            ("message", message.into()),
            ("contact_email", "leser@example.org".into()),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    // A draft cannot be reported on: it does not exist for the public.
    let draft = rathaus_core::transparency::demo::publications()
        .unwrap()
        .into_iter()
        .find(|e| e.state == "draft")
        .unwrap();
    assert_eq!(app.get(&format!("/transparenz/{}/problem-melden", draft.name)).await.status(), 404);

    staff_member(&app, "paula@example.org", "Paula Presse", Role::Publisher, AGENCY).await;
    let (_, desk) = app.get_text("/verwaltung/transparenz").await;
    assert!(desk.contains("ein Hinweis"), "the desk list shows the open report");
    let id = store::by_name(app.db().read(), &entry.name).await.unwrap().id;
    let record = format!("/verwaltung/transparenz/{id}");
    let (_, html) = app.get_text(&record).await;
    assert!(html.contains(message) && html.contains("leser@example.org"));
    let action = form_action(&app, &record, "/erledigt").await;
    let csrf = app.csrf_from(&record).await;
    assert_eq!(post(&app, &action, &[("_csrf", csrf)]).await.status(), 303);
    let (_, html) = app.get_text(&record).await;
    assert!(!html.contains(message));
    assert_eq!(
        app.scalar::<i64>("SELECT COUNT(*) AS v FROM publication_reports WHERE contact_email IS NOT NULL")
            .await,
        0,
        "the address is erased"
    );
    // Another agency's publisher cannot close another agency's report.
    let csrf = app.csrf_from(&form).await;
    post(&app, &form, &[("_csrf", csrf), ("message", message.into())]).await;
    let report: uuid::Uuid = app.scalar("SELECT id AS v FROM publication_reports WHERE done_at IS NULL").await;
    staff_member(&app, "sven@example.org", "Sven Fremd", Role::Publisher, "bukea").await;
    let csrf = app.csrf_from("/verwaltung/transparenz/neu").await;
    let response = post(
        &app,
        &format!("/verwaltung/transparenz/hinweise/{report}/erledigt"),
        &[("_csrf", csrf)],
    )
    .await;
    assert_eq!(response.status(), 404);
    assert_eq!(
        app.scalar::<i64>("SELECT COUNT(*) AS v FROM publication_reports WHERE done_at IS NULL")
            .await,
        1
    );
}
