//! The transparency portal's rules, tried as an attacker would: four eyes on every
//! release, no release while a finding is open or a file cannot be read, a scheduled
//! release that waits for its time, a withdrawal with its reason, redaction that really
//! removes, another agency's records out of reach, and the demo's planted data caught.

use chrono::Duration;
use rathaus_core::accounts::notices::Site;
use rathaus_core::accounts::{self, Role, Scope};
use rathaus_core::transparency::actions::{self, Decision, Upload};
use rathaus_core::transparency::detect::Kind;
use rathaus_core::transparency::extract::{Extraction, extract};
use rathaus_core::transparency::redact::text_document;
use rathaus_core::transparency::{Desk, FindingState, MetadataInput, Status, demo, store};
use rathaus_platform::Error;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::stmt;
use rathaus_platform::i18n::Lang;
use sea_orm::ConnectionTrait;

use crate::helpers::TestApp;

const AGENCY: &str = "ba-altona";

/// A staff account with the roles in the agency, as the desk it works at.
pub(crate) async fn desk(app: &TestApp, email: &str, name: &str, roles: &[Role], agency: &str) -> Desk {
    let site = Site {
        city: "Hamburg (Demo)",
        public_url: "http://localhost:8080",
        lang: Lang::De,
    };
    let account = accounts::staff::invite(app.db(), &*app.clock, &site, "operator:test", email, name)
        .await
        .unwrap();
    for role in roles {
        accounts::grant_role(
            app.db(),
            &*app.clock,
            "operator:test",
            account.id,
            *role,
            Scope::Agency(agency.into()),
        )
        .await
        .unwrap();
    }
    let grants = accounts::grants_of(app.db(), account.id).await.unwrap();
    Desk::of(account.id, name, &grants)
}

pub(crate) fn metadata(name: &str) -> MetadataInput {
    MetadataInput {
        name: name.into(),
        title: "Baugenehmigung Wohnhaus Elbchaussee".into(),
        description: "Genehmigung eines Wohnhauses mit Auflagen zum Baumschutz.".into(),
        category: "baugenehmigung".into(),
        themes: "REGI".into(),
        keywords: "Bauen, Wohnen".into(),
        licence: "dl-by-de/2.0".into(),
        contact_name: "Fachamt Bauprüfung".into(),
        contact_email: "baupruefung@altona.example.org".into(),
        issued: "2026-11-02".into(),
        frequency: "NEVER".into(),
        legal_basis: "§ 3 Abs. 1 Nr. 13 HmbTG".into(),
        ..MetadataInput::default()
    }
}

pub(crate) fn permit_pdf(app: &TestApp) -> Vec<u8> {
    let pages = vec![
        "Baugenehmigung Az. 21-3/2026\n\nDer Antragsteller Herr Jonas Beispielmann erhält die Genehmigung. Die Starkregenvorsorge ist zu beachten.".to_string(),
        "Die Gebühr ist auf DE89 3704 0044 0532 0130 00 zu zahlen.\n\nSitzung vom 12.03.2026.".to_string(),
    ];
    text_document("Baugenehmigung", None, "Bezirksamt Altona", &pages, &[], app.clock.now()).unwrap()
}

pub(crate) fn upload(name: &str, file_name: &str, bytes: Vec<u8>) -> Upload {
    Upload {
        name: name.into(),
        description: String::new(),
        file_name: file_name.into(),
        bytes,
    }
}

fn text_of(bytes: &[u8]) -> String {
    match extract(rathaus_core::transparency::metadata::Format::Pdf, bytes) {
        Extraction::Text(pages) => pages.join("\n"),
        other => panic!("unreadable: {other:?}"),
    }
}

fn refusal(error: Error) -> String {
    match error {
        Error::Conflict(key) | Error::Invalid(key) => key,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_release_needs_four_eyes_and_every_finding_redacted_or_cleared() {
    let app = TestApp::spawn().await;
    let publisher = desk(
        &app,
        "paula@example.org",
        "Paula Presse",
        &[Role::Publisher, Role::Reviewer],
        AGENCY,
    )
    .await;
    let reviewer = desk(&app, "rolf@example.org", "Rolf Revision", &[Role::Reviewer], AGENCY).await;
    let (db, clock, blobs) = (app.db(), &*app.clock, &app.state.blobs);

    let meta = metadata("baugenehmigung-elbchaussee-2026").parse().unwrap();
    let draft = actions::create(db, clock, &publisher, AGENCY, meta, None).await.unwrap();
    // The reviewer alone cannot draft, nor release an empty draft.
    assert!(matches!(
        actions::create(db, clock, &reviewer, AGENCY, metadata("x-2026").parse().unwrap(), None).await,
        Err(Error::Forbidden)
    ));
    assert_eq!(
        refusal(actions::submit(db, clock, &publisher, draft.id).await.unwrap_err()),
        "transparency-refused-no-resource"
    );
    actions::add_file(
        db,
        blobs,
        clock,
        &publisher,
        draft.id,
        upload("Bescheid", "bescheid.pdf", permit_pdf(&app)),
    )
    .await
    .unwrap();
    assert_eq!(
        refusal(actions::release(db, clock, &reviewer, draft.id, None).await.unwrap_err()),
        "transparency-refused-wrong-state"
    );
    actions::submit(db, clock, &publisher, draft.id).await.unwrap();

    let findings = store::findings(db.read(), draft.id).await.unwrap();
    let kinds: Vec<(Kind, &str)> = findings.iter().map(|f| (f.kind, f.text.as_str())).collect();
    assert!(kinds.contains(&(Kind::Name, "Jonas Beispielmann")), "{kinds:?}");
    assert!(kinds.contains(&(Kind::Iban, "DE89 3704 0044 0532 0130 00")), "{kinds:?}");
    // The publisher holds the reviewer role too, but never releases their own draft.
    assert_eq!(
        refusal(actions::release(db, clock, &publisher, draft.id, None).await.unwrap_err()),
        "transparency-refused-own-work"
    );
    assert_eq!(
        refusal(actions::release(db, clock, &reviewer, draft.id, None).await.unwrap_err()),
        "transparency-refused-findings-open"
    );

    for finding in &findings {
        let decision = match finding.kind {
            Kind::Iban => Decision::NotPersonal(String::new()),
            _ => Decision::Redact,
        };
        if decision == Decision::NotPersonal(String::new()) {
            // A "not personal" needs its reason.
            assert_eq!(
                refusal(
                    actions::decide(db, blobs, clock, &reviewer, finding.id, decision)
                        .await
                        .unwrap_err()
                ),
                "transparency-error-reason"
            );
        }
        actions::decide(db, blobs, clock, &reviewer, finding.id, Decision::Redact)
            .await
            .unwrap();
    }
    let after = store::findings(db.read(), draft.id).await.unwrap();
    assert!(after.iter().all(|f| f.state == FindingState::Redacted), "{after:?}");
    actions::release(db, clock, &reviewer, draft.id, None).await.unwrap();

    let published = store::get(db.read(), draft.id).await.unwrap();
    assert_eq!(published.status, Status::Published);
    assert_eq!(published.released_by, reviewer.account);
    let resource = &store::resources(db.read(), draft.id).await.unwrap()[0];
    let served = blobs.read_all(db, resource.file_id.unwrap()).await.unwrap();
    let text = text_of(&served);
    assert!(
        !text.contains("Beispielmann") && !text.contains("0532 0130"),
        "the published file still holds it: {text}"
    );
    assert!(text.contains("Starkregenvorsorge") && text.contains("geschwärzt"), "{text}");
    // The original stays for the reviewer, with the text in it.
    assert!(text_of(&blobs.read_all(db, resource.original_file_id.unwrap()).await.unwrap()).contains("Beispielmann"));
    // Every step is a revision, newest first.
    let history: Vec<String> = store::revisions(db.read(), draft.id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.change)
        .collect();
    assert_eq!(history.first().map(String::as_str), Some("released"));
    assert_eq!(history.last().map(String::as_str), Some("created"));
    assert_eq!(history.iter().filter(|c| *c == "finding-redacted").count(), findings.len());
}

#[tokio::test]
async fn a_file_without_text_needs_an_audited_override_by_someone_else() {
    let app = TestApp::spawn().await;
    let publisher = desk(&app, "paula@example.org", "Paula Presse", &[Role::Publisher], AGENCY).await;
    let reviewer = desk(&app, "rolf@example.org", "Rolf Revision", &[Role::Reviewer], AGENCY).await;
    let (db, clock, blobs) = (app.db(), &*app.clock, &app.state.blobs);
    let draft = actions::create(db, clock, &publisher, AGENCY, metadata("scan-2026").parse().unwrap(), None)
        .await
        .unwrap();
    let scan = rathaus_platform::pdf::render("#rect(width: 10cm, height: 5cm, fill: gray)", &serde_json::json!({}), clock.now()).unwrap();
    let resource = actions::add_file(db, blobs, clock, &publisher, draft.id, upload("Scan", "scan.pdf", scan))
        .await
        .unwrap();
    assert_eq!(resource.unreadable.as_deref(), Some("no_text_layer"));
    actions::submit(db, clock, &publisher, draft.id).await.unwrap();
    assert_eq!(
        refusal(actions::release(db, clock, &reviewer, draft.id, None).await.unwrap_err()),
        "transparency-refused-unreadable"
    );
    assert!(matches!(
        actions::override_unreadable(db, clock, &publisher, resource.id, "geprüft").await,
        Err(Error::Forbidden)
    ));
    assert_eq!(
        refusal(
            actions::override_unreadable(db, clock, &reviewer, resource.id, " ")
                .await
                .unwrap_err()
        ),
        "transparency-error-reason"
    );
    actions::override_unreadable(db, clock, &reviewer, resource.id, "Lageplan ohne Personenbezug, Sichtprüfung")
        .await
        .unwrap();
    actions::release(db, clock, &reviewer, draft.id, None).await.unwrap();
    let conn = db.read();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1",
            vec!["transparency.unreadable-override".into()],
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 1);
}

#[tokio::test]
async fn a_scheduled_release_waits_for_its_time_and_a_withdrawal_leaves_its_reason() {
    let app = TestApp::spawn().await;
    let publisher = desk(&app, "paula@example.org", "Paula Presse", &[Role::Publisher], AGENCY).await;
    let reviewer = desk(&app, "rolf@example.org", "Rolf Revision", &[Role::Reviewer], AGENCY).await;
    let (db, clock, blobs) = (app.db(), &*app.clock, &app.state.blobs);
    let mut meta = metadata("haushalt-altona-2026");
    meta.category = "haushaltsplan".into();
    let draft = actions::create(db, clock, &publisher, AGENCY, meta.parse().unwrap(), None)
        .await
        .unwrap();
    actions::add_file(
        db,
        blobs,
        clock,
        &publisher,
        draft.id,
        upload("Tabelle", "haushalt.csv", b"Produkt;Ansatz\nSpielplaetze;120000\n".to_vec()),
    )
    .await
    .unwrap();
    actions::submit(db, clock, &publisher, draft.id).await.unwrap();
    let at = clock.now() + Duration::hours(2);
    actions::release(db, clock, &reviewer, draft.id, Some(at)).await.unwrap();
    assert_eq!(store::get(db.read(), draft.id).await.unwrap().status, Status::Scheduled);
    assert_eq!(actions::publish_due(db, clock).await.unwrap(), 0);
    app.clock.advance(Duration::minutes(119));
    assert_eq!(actions::publish_due(db, clock).await.unwrap(), 0);
    app.clock.advance(Duration::minutes(1));
    assert_eq!(actions::publish_due(db, clock).await.unwrap(), 1);
    let published = store::get(db.read(), draft.id).await.unwrap();
    assert_eq!((published.status, published.published_at), (Status::Published, Some(at)));

    assert_eq!(
        refusal(actions::withdraw(db, clock, &reviewer, draft.id, "").await.unwrap_err()),
        "transparency-error-reason"
    );
    actions::withdraw(db, clock, &reviewer, draft.id, "Ersetzt durch den Nachtragshaushalt")
        .await
        .unwrap();
    let withdrawn = store::get(db.read(), draft.id).await.unwrap();
    assert_eq!(withdrawn.status, Status::Withdrawn);
    assert_eq!(withdrawn.withdrawn_reason.as_deref(), Some("Ersetzt durch den Nachtragshaushalt"));
    assert_eq!(
        refusal(actions::withdraw(db, clock, &reviewer, draft.id, "noch einmal").await.unwrap_err()),
        "transparency-refused-wrong-state"
    );
}

#[tokio::test]
async fn another_agencys_records_are_not_found_and_a_published_record_keeps_no_personal_words() {
    let app = TestApp::spawn().await;
    let publisher = desk(&app, "paula@example.org", "Paula Presse", &[Role::Publisher], AGENCY).await;
    let stranger = desk(&app, "sven@example.org", "Sven Fremd", &[Role::Publisher, Role::Reviewer], "bukea").await;
    let (db, clock) = (app.db(), &*app.clock);
    let draft = actions::create(db, clock, &publisher, AGENCY, metadata("fremd-2026").parse().unwrap(), None)
        .await
        .unwrap();
    assert!(matches!(
        actions::create(db, clock, &stranger, AGENCY, metadata("y-2026").parse().unwrap(), None).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        actions::for_desk(db.read(), &stranger, draft.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        actions::submit(db, clock, &stranger, draft.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        actions::add_link(db, clock, &stranger, draft.id, ("x", ""), "https://geo.example.org").await,
        Err(Error::NotFound)
    ));
    // A name in the words of the record itself is refused at submission.
    let mut meta = metadata("fremd-2026");
    meta.description = "Antrag von Herrn Jonas Beispielmann.".into();
    actions::update(db, clock, &publisher, draft.id, meta.parse().unwrap())
        .await
        .unwrap();
    actions::add_link(db, clock, &publisher, draft.id, ("Karte", ""), "https://geo.example.org/karte")
        .await
        .unwrap();
    assert!(refusal(actions::submit(db, clock, &publisher, draft.id).await.unwrap_err()).starts_with("transparency-metadata-personal"));
}

#[tokio::test]
async fn the_demo_publishes_clean_records_and_the_check_catches_every_planted_item() {
    let app = TestApp::spawn().await;
    let (db, clock, blobs) = (app.db(), &*app.clock, &app.state.blobs);
    let all = demo::publications().unwrap();
    assert!(all.len() >= 40);
    assert_eq!(demo::load(db, blobs, clock).await.unwrap(), all.len());
    assert_eq!(demo::load(db, blobs, clock).await.unwrap(), 0, "loading twice adds nothing");
    for entry in &all {
        let publication = store::by_name(db.read(), &entry.name).await.unwrap();
        let findings = store::findings(db.read(), publication.id).await.unwrap();
        if entry.state == "published" {
            assert_eq!(publication.status, Status::Published);
            assert!(findings.is_empty(), "{}: {findings:?}", entry.name);
            continue;
        }
        assert!(!entry.planted.is_empty(), "{} plants nothing", entry.name);
        for planted in &entry.planted {
            assert!(
                findings
                    .iter()
                    .any(|f| f.text.contains(planted.as_str()) || planted.contains(f.text.as_str())),
                "{}: planted {planted:?} not found; found {:?}",
                entry.name,
                findings.iter().map(|f| &f.text).collect::<Vec<_>>()
            );
        }
    }
}
