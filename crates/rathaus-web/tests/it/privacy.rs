//! GDPR self-service: the export covers every registered table and holds no secrets;
//! deleting the account removes or pseudonymises everything but what the law keeps;
//! and a table with personal data cannot be added without registering it.

use sea_orm::ConnectionTrait;

use crate::accounts::{PASSWORD, confirmed_account, register, sign_in};
use crate::helpers::{TestApp, extract_value};
use crate::second_factor::account_with_app;
use rathaus_core::accounts::{self, privacy};
use rathaus_platform::db::{dialect, stmt};

const ANNA: &str = "anna@example.org";

async fn save_profile(app: &TestApp) {
    let csrf = app.csrf_from("/konto/daten").await;
    let response = app
        .post_form(
            "/konto/daten",
            &[
                ("_csrf", &csrf),
                ("given_name", "Anna"),
                ("family_name", "Beispiel"),
                ("birth_day", "27"),
                ("birth_month", "3"),
                ("birth_year", "1985"),
                ("street", "Musterweg 1"),
                ("postcode", "20095"),
                ("city", "Hamburg"),
                ("phone", "040 123456"),
                ("preferred_lang", "de"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn every_table_is_classified_for_personal_data() {
    let app = TestApp::spawn().await;
    let conn = app.db().read();
    let rows = conn
        .query_all_raw(stmt(conn, dialect::columns_query(conn.get_database_backend()), vec![]))
        .await
        .unwrap();
    let mut tables: Vec<String> = rows.iter().map(|r| r.try_get::<String>("", "t").unwrap()).collect();
    tables.dedup();
    let registered: Vec<&str> = privacy::PERSONAL_DATA.iter().map(|t| t.table).collect();
    let unclassified: Vec<&String> = tables
        .iter()
        .filter(|t| !registered.contains(&t.as_str()) && !privacy::NO_PERSONAL_DATA.contains(&t.as_str()))
        .collect();
    assert!(
        unclassified.is_empty(),
        "tables {unclassified:?} are not classified: add them to privacy::PERSONAL_DATA (with export and deletion rules) \
         or, if they hold no personal data, to privacy::NO_PERSONAL_DATA with the reason"
    );
    for table in registered {
        assert!(tables.iter().any(|t| t == table), "registered table {table} does not exist");
    }
}

#[tokio::test]
async fn the_export_covers_every_registered_table_and_holds_no_secrets() {
    let app = TestApp::spawn().await;
    account_with_app(&app, ANNA).await;
    save_profile(&app).await;

    let response = app.get("/konto/meine-daten/export.json").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"rathaus-daten-2026-11-23.json\"")
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    let text = response.text().await.unwrap();
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    let export = &document["rathaus_data_export"];
    for table in privacy::PERSONAL_DATA {
        assert!(export.get(table.export_as).is_some(), "section {} missing", table.export_as);
    }
    assert_eq!(export["account"]["email"], ANNA);
    assert_eq!(export["personal_details"]["birth_date"], "1985-03-27");
    assert_eq!(export["recovery_codes"].as_array().unwrap().len(), 10);
    assert!(!export["sign_in_history"].as_array().unwrap().is_empty());

    // No secret leaves: not the password hash, the app's seed, code hashes or session tokens.
    let conn = app.db().write();
    let secrets = conn
        .query_all_raw(stmt(
            conn,
            "SELECT password_hash AS s FROM accounts UNION ALL SELECT token_hash FROM sessions UNION ALL SELECT code_hash FROM recovery_codes",
            vec![],
        ))
        .await
        .unwrap();
    for row in secrets {
        let secret: Option<String> = row.try_get("", "s").unwrap();
        if let Some(secret) = secret {
            assert!(!text.contains(&secret), "a secret is in the export");
        }
    }
    assert!(!text.contains("secret_sealed") && !text.contains("password_hash"));

    // Times come from the test clock; only the random account id differs per run.
    insta::assert_json_snapshot!("data_export", export, {
        ".account.id" => "[id]",
        ".audit_log[].subject" => "[account]",
    });
}

#[tokio::test]
async fn data_pages_need_the_second_factor_when_there_is_one() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    sign_in(&app, ANNA, PASSWORD, "").await;
    // Without a factor, a password session may export.
    assert_eq!(app.get("/konto/meine-daten/export.json").await.status(), 200);
    let older_session = app.cookie_header();

    // Another browser sets up the app; the older password-only session now must step up.
    app.forget_cookies();
    sign_in(&app, ANNA, PASSWORD, "").await;
    crate::second_factor::enrol_app(&app, ANNA).await;
    assert_eq!(app.get("/konto/meine-daten/export.json").await.status(), 200);
    app.forget_cookies();
    for pair in older_session.split("; ") {
        app.set_cookie(pair);
    }
    for page in ["/konto/meine-daten/export.json", "/konto/loeschen"] {
        let response = app.get(page).await;
        assert_eq!(response.status(), 303, "{page}");
        assert!(
            response.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/konto/zweiter-faktor?zurueck=")
        );
    }
    app.forget_cookies();
    assert_eq!(
        app.get("/konto/meine-daten/export.json").await.status(),
        303,
        "signed out: no export"
    );
}

#[tokio::test]
async fn deleting_asks_twice_then_removes_the_person_and_keeps_the_audit_trail() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    sign_in(&app, ANNA, PASSWORD, "").await;
    save_profile(&app).await;
    let id = accounts::find_by_email(app.db(), ANNA).await.unwrap().id;
    let audit_before = rathaus_platform::audit::count(app.db()).await.unwrap();

    let (status, html) = app.get_text("/konto/loeschen").await;
    assert_eq!(status, 200);
    let csrf = extract_value(&html, "_csrf").unwrap();
    assert_eq!(
        app.post_form("/konto/loeschen", &[("confirm", "ja"), ("password", PASSWORD)])
            .await
            .status(),
        403,
        "CSRF"
    );

    let unconfirmed = app
        .post_form("/konto/loeschen", &[("_csrf", &csrf), ("password", "falsch-falsch-falsch")])
        .await;
    assert_eq!(unconfirmed.status(), 422);
    let html = unconfirmed.text().await.unwrap();
    assert!(html.contains("Bitte bestätigen Sie") && html.contains("Das Passwort stimmt nicht"));
    assert_eq!(app.get("/konto").await.status(), 200, "nothing happened");

    let response = app
        .post_form("/konto/loeschen", &[("_csrf", &csrf), ("confirm", "ja"), ("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Ihr Konto ist gelöscht") && html.contains("Sicherheitsprotokoll"));
    assert_eq!(app.get("/konto").await.status(), 303, "signed out");

    for table in ["profiles", "sessions", "login_history", "known_devices", "account_tokens"] {
        let conn = app.db().write();
        let n: i64 = conn
            .query_one_raw(stmt(
                conn,
                &format!("SELECT COUNT(*) AS n FROM {table} WHERE account_id = $1"),
                vec![id.into()],
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "n")
            .unwrap();
        assert_eq!(n, 0, "{table} still holds rows");
    }
    let conn = app.db().write();
    let mails: i64 = conn
        .query_one_raw(stmt(
            conn,
            "SELECT COUNT(*) AS n FROM mails WHERE LOWER(to_address) = $1",
            vec![ANNA.into()],
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap();
    assert_eq!(mails, 0);
    let account = accounts::account_by_id(conn, id).await.unwrap();
    assert_eq!(account.display_name, "");
    assert!(!account.email.contains("anna"));
    assert!(
        rathaus_platform::audit::count(app.db()).await.unwrap() > audit_before,
        "kept, and the deletion recorded"
    );
    assert!(
        rathaus_platform::audit::verify(app.db()).await.unwrap().is_ok(),
        "the chain is intact"
    );

    // The address is free again, and the old password opens nothing.
    assert_eq!(sign_in(&app, ANNA, PASSWORD, "").await.status(), 422);
    assert_eq!(register(&app, ANNA).await.status(), 303);
}

/// Every file in the blob store's directory (the encrypted objects).
fn stored_objects(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => stored_objects(&e.path()),
            Ok(_) => 1,
            Err(_) => 0,
        })
        .sum()
}

/// Deleting the account erases a draft's documents (their keys, names and objects) with
/// the draft, and on SQLite the erased answers are in no file of the database any more —
/// neither in free pages nor in the write-ahead log.
#[tokio::test]
async fn deleting_an_account_shreds_its_drafts_and_leaves_no_copy_behind() {
    let app = TestApp::spawn().await;
    crate::applying::resident(&app, ANNA).await;
    crate::applying::dog_tax_up_to_review(&app).await;
    assert_eq!(app.count("files WHERE wrapped_key IS NOT NULL").await, 1);
    let objects_before = stored_objects(&app.config.files_dir());
    assert_eq!(objects_before, 1);
    // A distinctive answer: the dog's chip number.
    const CHIP: &[u8] = b"276098106123456";

    let csrf = app.csrf_from("/konto/loeschen").await;
    let response = app
        .post_form("/konto/loeschen", &[("_csrf", &csrf), ("confirm", "ja"), ("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("Gespeicherte Dateien"));
    assert_eq!(app.count("files WHERE wrapped_key IS NOT NULL OR original_name <> ''").await, 0);
    assert_eq!(stored_objects(&app.config.files_dir()), 0, "the encrypted object is gone too");

    let url = app
        .config
        .database_url
        .as_ref()
        .map(|u| secrecy::ExposeSecret::expose_secret(u).to_string());
    if let Some(path) = url.as_deref().and_then(|u| u.strip_prefix("sqlite:")) {
        for file in [path.to_string(), format!("{path}-wal")] {
            let bytes = std::fs::read(&file).unwrap_or_default();
            assert!(
                !bytes.windows(CHIP.len()).any(|w| w == CHIP),
                "{file} still holds the erased answers"
            );
        }
    }
}

/// The export names every stored file of the person (name, type, size, dates), and the
/// ZIP archive holds the files themselves beside the same document.
#[tokio::test]
async fn the_export_holds_the_persons_files() {
    use std::io::Read;
    let app = TestApp::spawn().await;
    crate::applying::resident(&app, ANNA).await;
    crate::applying::dog_tax_up_to_review(&app).await;
    let (status, json) = app.get_text("/konto/meine-daten/export.json").await;
    assert_eq!(status, 200);
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let files = document["rathaus_data_export"]["files"].as_array().unwrap().clone();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0]["original_name"], "Negativzeugnis Bello.pdf");
    assert_eq!(files[0]["content_type"], "application/pdf");
    assert!(files[0]["size_bytes"].as_i64().unwrap() > 0 && files[0]["created_at"].is_string());

    let response = app.get("/konto/meine-daten/export.zip").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    let bytes = response.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names: Vec<String> = archive.file_names().map(|n| n.unwrap().to_string()).collect();
    assert!(names.contains(&"daten.json".to_string()), "{names:?}");
    let pdf = names
        .iter()
        .find(|n| n.ends_with("Negativzeugnis Bello.pdf"))
        .expect("the file is in the archive")
        .clone();
    let mut content = Vec::new();
    archive.by_name(&pdf).unwrap().read_to_end(&mut content).unwrap();
    assert!(content.starts_with(b"%PDF"), "the file itself, decrypted");
    assert_eq!(app.count("audit_log WHERE action = 'account.exported'").await, 2);
}
