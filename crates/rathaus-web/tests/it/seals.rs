//! The city's seal on decisions, checked by an independent validator (pyHanko): valid
//! as the resident downloads it, broken by a change to any one byte, still valid after
//! the seal key was rotated — and `/pruefen` names the sealer and the time. Tried as an
//! attacker would: a changed, a shortened and an extended copy, and where the key could
//! leak (the database, a backup).

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::accounts::confirmed_account;
use crate::cases::{AGENCY, Cookies, case_of, restore, save, staff_member};
use crate::decisions::{approve, compared};
use crate::helpers::{TestApp, run_python};
use crate::second_factor::sign_in_with_app;
use rathaus_core::accounts::{self, Role};
use rathaus_core::cases::decisions::{self, Decision};
use rathaus_platform::backup;
use rathaus_platform::db::stmt;
use rathaus_platform::db::testing::TestBackend;
use sea_orm::ConnectionTrait;

const ANNA: &str = "anna@example.org";

/// An approving decision on a new case of Anna's, issued with the staff cookies in `staff`.
async fn decide(app: &TestApp, staff: &Cookies) -> Decision {
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let id = case_of(app, &owner, AGENCY).await;
    restore(app, staff);
    approve(app, id).await;
    decisions::of_case(app.db(), id).await.unwrap().remove(0)
}

/// The document as the resident downloads it from the Postfach.
async fn downloaded(app: &TestApp, decision: &Decision) -> Vec<u8> {
    app.forget_cookies();
    sign_in_with_app(app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let message = rathaus_core::inbox::of_account(app.db(), &owner)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.subject.starts_with("Bescheid zu Ihrem Antrag"))
        .find(|m| m.file_id == Some(decision.file_id))
        .expect("the decision's message");
    let pdf = app
        .get(&format!("/postfach/{}/dokument", message.id))
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    assert_eq!(hex::encode(Sha256::digest(&pdf)), decision.sha256, "the recorded document");
    pdf
}

/// pyHanko's verdict on each signature in `pdf`, trusting only `root`.
async fn validate(dir: &std::path::Path, name: &str, pdf: &[u8], root: &std::path::Path) -> Vec<Value> {
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    let out = run_python("seal_check.py", vec![path.display().to_string(), root.display().to_string()]).await;
    out.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn valid(verdict: &[Value]) -> bool {
    verdict.len() == 1 && verdict[0]["bottom_line"] == true
}

#[tokio::test]
async fn a_decision_carries_a_seal_a_validator_accepts_and_no_changed_byte_survives() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    let staff = save(&app);
    let decision = decide(&app, &staff).await;
    let pdf = downloaded(&app, &decision).await;
    let root = app.data_dir.path().join("seal/authority.pem");
    let work = tempfile::tempdir().unwrap();

    let verdict = validate(work.path(), "issued.pdf", &pdf, &root).await;
    assert!(valid(&verdict), "{verdict:?}");
    let seal = &verdict[0];
    assert_eq!(seal["sub_filter"], "/ETSI.CAdES.detached", "PAdES");
    assert_eq!(seal["coverage"], "ENTIRE_FILE", "the whole document");
    assert_eq!(seal["intact"], true);
    assert_eq!(seal["trusted"], true);
    assert!(seal["signer"].as_str().unwrap().contains("Hamburg (Demo)"), "{seal}");
    let stamp = &seal["timestamp"];
    assert_eq!(stamp["intact"], true, "{stamp}");
    assert_eq!(stamp["trusted"], true, "{stamp}");
    let mark = decision.seal.clone().expect("recorded with the decision");
    assert_eq!(
        seal["signer_serial"].as_str().unwrap(),
        mark.certificate_serial.trim_start_matches('0')
    );
    let stamped = chrono::DateTime::parse_from_rfc3339(stamp["time"].as_str().unwrap()).unwrap();
    assert_eq!(stamped.to_utc(), mark.sealed_at, "the time stamp is the time of issue");

    // One byte changed anywhere the seal covers: in the document's header, in the middle
    // of its content, and after the signature (the update that holds it).
    let original_end = pdf.windows(5).position(|w| w == b"%%EOF").unwrap();
    for (name, at) in [
        ("head.pdf", 200),
        ("content.pdf", original_end / 2),
        ("update.pdf", pdf.len() - 200),
    ] {
        let mut forged = pdf.clone();
        forged[at] ^= 0x01;
        let verdict = validate(work.path(), name, &forged, &root).await;
        assert!(!valid(&verdict), "a byte changed at {at} must break the seal: {verdict:?}");
    }
    // A changed date in the document's metadata, as a forger would try.
    let year = pdf.windows(4).position(|w| w == b"2026").expect("a year in the document");
    let mut forged = pdf.clone();
    forged[year + 3] = b'5';
    assert!(!valid(&validate(work.path(), "year.pdf", &forged, &root).await));
    // Cut short, and something appended after the seal: no longer the sealed file.
    assert!(!valid(&validate(work.path(), "short.pdf", &pdf[..pdf.len() - 10], &root).await));
    let mut appended = pdf.clone();
    appended.extend_from_slice(b"\n1000 0 obj\n(bewilligt: 1000 Euro)\nendobj\n");
    let verdict = validate(work.path(), "appended.pdf", &appended, &root).await;
    assert_ne!(
        verdict[0]["coverage"], "ENTIRE_FILE",
        "what was appended is not sealed: {verdict:?}"
    );
    // Trusting another authority, the same file is not trusted.
    let stranger = tempfile::tempdir().unwrap();
    let other = rathaus_platform::config::Config {
        data_dir: stranger.path().to_path_buf(),
        ..rathaus_platform::config::Config::default()
    };
    rathaus_platform::seal::Seal::load(&other).unwrap();
    let verdict = validate(work.path(), "stranger.pdf", &pdf, &stranger.path().join("seal/authority.pem")).await;
    assert_eq!(verdict[0]["intact"], true);
    assert_eq!(verdict[0]["trusted"], false, "{verdict:?}");

    // The one place no signature covers — the unused end of the signature's own slot —
    // the recorded hash does: /pruefen says such a copy was changed.
    let slot_end = pdf.windows(2).rposition(|w| w == b"0>").expect("the slot's padding");
    let mut padded = pdf.clone();
    padded[slot_end] = b'1';
    app.forget_cookies();
    assert!(compared(&app, &decision.code, padded).await.contains("wurde verändert"));
    assert!(compared(&app, &decision.code, pdf.clone()).await.contains("unverändert"));

    // /pruefen names the sealer, the time and the certificate.
    let (status, page) = app.get_text(&format!("/pruefen/{}", decision.code)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Gesiegelt von") && page.contains("Hamburg (Demo)"), "{page}");
    assert!(page.contains("23.11.2026") && page.contains(&mark.certificate_serial), "{page}");
    assert!(page.contains("elektronische Siegel der Stadt"));
}

#[tokio::test]
async fn after_a_key_rotation_old_and_new_decisions_both_validate() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    let staff = save(&app);
    let before = decide(&app, &staff).await;
    let old_pdf = downloaded(&app, &before).await;
    let root = app.data_dir.path().join("seal/authority.pem");

    // The operator rotates the key; a node started afterwards seals with the new one.
    rathaus_platform::seal::rotate_demo(app.data_dir.path(), "Hamburg (Demo)").unwrap();
    assert!(app.data_dir.path().join("seal/retired").read_dir().unwrap().next().is_some());
    let seal_dir = app.data_dir.path().join("seal");
    let file_key = std::fs::read_to_string(app.data_dir.path().join("files.key")).unwrap();
    let next = TestApp::spawn_on(app.database.clone(), |config| {
        // The same file store, as nodes share it.
        config.files.dir = Some(app.data_dir.path().join("files"));
        config.files.master_key = Some(file_key.into());
        config.seal = rathaus_platform::config::SealConfig {
            key_file: Some(seal_dir.join("seal.key.pem")),
            certificate_file: Some(seal_dir.join("seal.pem")),
            timestamp_key_file: Some(seal_dir.join("timestamp.key.pem")),
            timestamp_certificate_file: Some(seal_dir.join("timestamp.pem")),
        };
    })
    .await;
    staff_member(&next, "dora.case@example.org", "Dora Fall", Role::CaseWorker, AGENCY).await;
    let next_staff = save(&next);
    let after = decide(&next, &next_staff).await;
    let new_pdf = downloaded(&next, &after).await;

    let (old_mark, new_mark) = (before.seal.unwrap(), after.seal.unwrap());
    assert_ne!(old_mark.certificate_serial, new_mark.certificate_serial, "a new key");
    let work = tempfile::tempdir().unwrap();
    for (name, pdf, mark) in [("old.pdf", &old_pdf, &old_mark), ("new.pdf", &new_pdf, &new_mark)] {
        let verdict = validate(work.path(), name, pdf, &root).await;
        assert!(valid(&verdict), "{name}: {verdict:?}");
        assert_eq!(
            verdict[0]["signer_serial"].as_str().unwrap(),
            mark.certificate_serial.trim_start_matches('0')
        );
    }
    // Each code's page names the certificate its document was sealed with.
    let (_, page) = next.get_text(&format!("/pruefen/{}", before.code)).await;
    assert!(page.contains(&old_mark.certificate_serial));
}

#[tokio::test]
async fn the_seal_key_stays_in_its_file() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    let staff = save(&app);
    let decision = decide(&app, &staff).await;
    let key_pem = std::fs::read_to_string(app.data_dir.path().join("seal/seal.key.pem")).unwrap();
    let key_body: String = key_pem.lines().filter(|l| !l.starts_with("-----")).collect();
    assert!(key_pem.contains("PRIVATE KEY"));

    // Not in the sealed document, nor anywhere in the database.
    let pdf = downloaded(&app, &decision).await;
    assert!(!String::from_utf8_lossy(&pdf).contains("PRIVATE KEY"));
    let stored = everything_stored(&app).await;
    assert!(stored.len() > 10_000, "the dump holds the data");
    assert!(!stored.contains(&key_body[..40]) && !stored.contains("PRIVATE KEY"));
    // Nor in a backup (the embedded set-up's).
    if app.database.backend == TestBackend::Sqlite {
        let archive = app.data_dir.path().join("backup.tar.gz");
        backup::backup(&app.config, app.db(), &archive, chrono::Utc::now()).await.unwrap();
        let listing = std::process::Command::new("tar").arg("-tzf").arg(&archive).output().unwrap();
        let names = String::from_utf8_lossy(&listing.stdout);
        assert!(names.contains("rathaus.db") && !names.contains("seal"), "{names}");
    }
}

/// Every stored row as text: on PostgreSQL each table's rows, on SQLite the database
/// file and its write-ahead log as they are on disk.
async fn everything_stored(app: &TestApp) -> String {
    match app.database.backend {
        TestBackend::Sqlite => {
            let file = app.database.url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
            let file = file.split('?').next().unwrap();
            let mut bytes = std::fs::read(file).unwrap();
            bytes.extend(std::fs::read(format!("{file}-wal")).unwrap_or_default());
            String::from_utf8_lossy(&bytes).into_owned()
        }
        TestBackend::Postgres => {
            let conn = app.db().write();
            let tables = conn
                .query_all_raw(stmt(
                    conn,
                    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()",
                    vec![],
                ))
                .await
                .unwrap();
            let mut all = String::new();
            for table in tables {
                let name: String = table.try_get("", "name").unwrap();
                let sql = format!("SELECT COALESCE(string_agg(t::text, ' '), '') AS v FROM \"{name}\" t");
                all.push_str(&app.scalar::<String>(&sql).await);
            }
            all
        }
    }
}
