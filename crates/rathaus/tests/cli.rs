//! The `rathaus` binary as operators use it, against the database chosen by
//! `RATHAUS_TEST_DATABASE`.

use rathaus_platform::db::testing::TestDatabase;
use rathaus_platform::db::{Db, stmt};
use sea_orm::{ConnectionTrait, DatabaseBackend};
use std::process::{Command, Output};

struct Env {
    db: TestDatabase,
    dir: tempfile::TempDir,
}

impl Env {
    async fn new() -> Self {
        Self {
            db: TestDatabase::from_env().await.unwrap(),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args)
            .env("RATHAUS_PUBLIC_URL", "https://rathaus.example.org")
            .output()
            .unwrap()
    }

    /// The command with only the database and the data directory set.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rathaus"));
        command
            .args(args)
            .arg("--data-dir")
            .arg(self.dir.path())
            .env("RATHAUS_DATABASE_URL", &self.db.url)
            .env_remove("RATHAUS_LISTEN")
            .env_remove("RATHAUS_PUBLIC_URL")
            .current_dir(self.dir.path());
        command
    }

    async fn connect(&self) -> Db {
        self.db.connect().await.unwrap()
    }
}

/// `rathaus config check` with only the given environment on top of the defaults.
fn config_check(dir: &std::path::Path, vars: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rathaus"));
    command.args(["config", "check"]).current_dir(dir);
    for (k, v) in vars {
        command.env(k, v);
    }
    command.output().unwrap()
}

/// What an attacker with database access does first: switch off the append-only guard.
async fn drop_audit_guard(db: &Db) {
    let conn = db.write();
    let drops: &[&str] = match conn.get_database_backend() {
        DatabaseBackend::Postgres => &["DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log"],
        _ => &[
            "DROP TRIGGER IF EXISTS audit_log_no_update",
            "DROP TRIGGER IF EXISTS audit_log_no_delete",
        ],
    };
    for sql in drops {
        conn.execute_raw(stmt(conn, sql, vec![])).await.unwrap();
    }
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[tokio::test]
async fn audit_verify_passes_then_names_the_tampered_entry() {
    let env = Env::new().await;
    assert!(env.run(&["demo"]).status.success());
    let staff = env.run(&[
        "admin",
        "create-staff",
        "--email",
        "Sachbearbeiterin@Example.org",
        "--name",
        "Erika Muster",
    ]);
    assert!(staff.status.success(), "{}", text(&staff.stderr));
    let ok = env.run(&["audit", "verify"]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("audit log intact: 2 entries"));

    let db = env.connect().await;
    drop_audit_guard(&db).await;
    let conn = db.write();
    conn.execute_raw(stmt(conn, "UPDATE audit_log SET actor = 'someone:else' WHERE seq = 2", vec![]))
        .await
        .unwrap();
    db.close().await;

    let bad = env.run(&["audit", "verify"]);
    assert_eq!(bad.status.code(), Some(3));
    assert!(text(&bad.stderr).contains("audit entry 2 was changed"), "{}", text(&bad.stderr));
}

#[tokio::test]
async fn roles_are_granted_only_where_they_make_sense() {
    let env = Env::new().await;
    assert!(env.run(&["demo"]).status.success());
    assert!(
        env.run(&["admin", "create-staff", "--email", "case@example.org", "--name", "Case Worker"])
            .status
            .success()
    );
    let twice = env.run(&["admin", "create-staff", "--email", "CASE@example.org", "--name", "Again"]);
    assert!(!twice.status.success());
    assert!(text(&twice.stderr).contains("exists already"));

    let unknown = env.run(&[
        "admin",
        "grant",
        "--email",
        "case@example.org",
        "--role",
        "case_worker",
        "--agency",
        "nowhere",
    ]);
    assert!(!unknown.status.success());
    assert!(text(&unknown.stderr).contains("no agency \"nowhere\""));
    let city_wide = env.run(&[
        "admin",
        "grant",
        "--email",
        "case@example.org",
        "--role",
        "operator",
        "--agency",
        "ba-hamburg-mitte",
    ]);
    assert!(text(&city_wide.stderr).contains("city-wide"));

    let case_worker_role = |verb: &str| {
        env.run(&[
            "admin",
            verb,
            "--email",
            "case@example.org",
            "--role",
            "case_worker",
            "--agency",
            "ba-hamburg-mitte",
        ])
    };
    assert!(case_worker_role("grant").status.success());
    let list = env.run(&["admin", "staff"]);
    assert!(
        text(&list.stdout).contains("case_worker@ba-hamburg-mitte"),
        "{}",
        text(&list.stdout)
    );
    assert!(case_worker_role("revoke").status.success());
    assert!(!text(&env.run(&["admin", "staff"]).stdout).contains("case_worker@"));
}

#[tokio::test]
async fn config_check_masks_secrets_and_bad_values_name_the_key() {
    let env = Env::new().await;
    let out = config_check(
        env.dir.path(),
        &[
            ("RATHAUS_DATABASE_URL", "postgres://rathaus:very-secret@db.example.org/rathaus"),
            ("RATHAUS_SMTP__HOST", "smtp.example.org"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("database_url = \"********\"") && !shown.contains("very-secret"),
        "{shown}"
    );
    assert!(shown.contains("[smtp]") && shown.contains("host = \"smtp.example.org\""), "{shown}");

    let bad = config_check(env.dir.path(), &[("RATHAUS_WORKER__LEASE_SECONDS", "soon")]);
    assert!(!bad.status.success());
    let err = text(&bad.stderr);
    assert!(
        err.contains("worker.lease_seconds") && err.contains("RATHAUS_WORKER__LEASE_SECONDS"),
        "{err}"
    );
}

#[tokio::test]
async fn import_refuses_a_broken_catalogue_and_changes_nothing() {
    let env = Env::new().await;
    assert!(env.run(&["demo"]).status.success());
    let exported = env.dir.path().join("catalog.json");
    assert!(env.run(&["export", exported.to_str().unwrap()]).status.success());
    let mut catalog: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&exported).unwrap()).unwrap();
    assert_eq!(catalog["services"].as_array().unwrap().len(), 70);
    catalog["services"][0]["agency"] = "gibt-es-nicht".into();
    catalog["locations"][0]["opening_hours"]["monday"] = "19:00-07:00".into();
    catalog["services"][1]["publication"] =
        serde_json::json!({ "category": "baugenehmigung", "themes": [], "licence": "officialWork", "legal_basis": " " });
    let broken = env.dir.path().join("broken.json");
    std::fs::write(&broken, catalog.to_string()).unwrap();
    let out = env.run(&["import", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("agency gibt-es-nicht does not exist")
            && err.contains("ends before it starts")
            && err.contains("publication needs at least one theme"),
        "{err}"
    );
    let again = env.dir.path().join("again.json");
    env.run(&["export", again.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(&exported).unwrap(),
        std::fs::read_to_string(&again).unwrap()
    );
}

#[tokio::test]
async fn an_operator_disables_and_enables_an_account() {
    let env = Env::new().await;
    assert!(
        env.run(&["admin", "create-staff", "--email", "case@example.org", "--name", "Case Worker"])
            .status
            .success()
    );
    let disabled = env.run(&["admin", "disable", "--email", "case@example.org", "--reason", "laptop stolen"]);
    assert!(disabled.status.success(), "{}", text(&disabled.stderr));
    let again = env.run(&["admin", "disable", "--email", "case@example.org", "--reason", "twice"]);
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("disabled already"));
    let db = env.connect().await;
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'account.disabled'",
            vec![],
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 1);
    let account = rathaus_core::accounts::find_by_email(&db, "case@example.org").await.unwrap();
    assert!(rathaus_core::accounts::active_account(db.write(), account.id).await.is_err());
    assert!(
        env.run(&["admin", "enable", "--email", "case@example.org", "--reason", "new laptop"])
            .status
            .success()
    );
    assert!(rathaus_core::accounts::active_account(db.write(), account.id).await.is_ok());
    let unknown = env.run(&["admin", "disable", "--email", "nobody@example.org", "--reason", "x"]);
    assert!(text(&unknown.stderr).contains("no account for nobody@example.org"));
}

/// What an attacker with write access to the database does: switch off the guard, edit an
/// entry, and chain everything after it anew, as the unkeyed SHA-256 chain once allowed.
async fn rewrite_chain_from(db: &Db, seq: i64, actor: &str) {
    use sha2::{Digest, Sha256};
    drop_audit_guard(db).await;
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "UPDATE audit_log SET actor = $1 WHERE seq = $2",
        vec![actor.into(), seq.into()],
    ))
    .await
    .unwrap();
    let rows = conn
        .query_all_raw(stmt(
            conn,
            "SELECT seq, at, actor, action, subject, details, prev_hash FROM audit_log WHERE seq >= $1 ORDER BY seq",
            vec![seq.into()],
        ))
        .await
        .unwrap();
    let mut prev: Option<String> = None;
    for row in rows {
        let seq: i64 = row.try_get("", "seq").unwrap();
        let at: chrono::DateTime<chrono::Utc> = row.try_get("", "at").unwrap();
        let prev_hash = prev.clone().unwrap_or_else(|| row.try_get("", "prev_hash").unwrap());
        let mut hash = Sha256::new();
        let at = at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let fields: Vec<String> = vec![
            prev_hash.clone(),
            seq.to_string(),
            at,
            row.try_get("", "actor").unwrap(),
            row.try_get("", "action").unwrap(),
            row.try_get("", "subject").unwrap(),
            row.try_get("", "details").unwrap(),
        ];
        for field in &fields {
            hash.update((field.len() as u64).to_be_bytes());
            hash.update(field.as_bytes());
        }
        let hash = hex::encode(hash.finalize());
        conn.execute_raw(stmt(
            conn,
            "UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3",
            vec![prev_hash.into(), hash.clone().into(), seq.into()],
        ))
        .await
        .unwrap();
        conn.execute_raw(stmt(
            conn,
            "UPDATE audit_head SET hash = $1 WHERE id = 1",
            vec![hash.clone().into()],
        ))
        .await
        .unwrap();
        prev = Some(hash);
    }
}

/// The chain is keyed with a key outside the database: rewriting an entry and chaining
/// the rest anew is found. A checkpoint kept elsewhere also catches a log cut back to an
/// earlier, consistent state, and a forged checkpoint is refused.
#[tokio::test]
async fn a_rewritten_audit_chain_is_found_and_checkpoints_anchor_it() {
    let env = Env::new().await;
    assert!(env.run(&["demo"]).status.success());
    for email in ["eins@example.org", "zwei@example.org"] {
        assert!(
            env.run(&["admin", "create-staff", "--email", email, "--name", "Erika Muster"])
                .status
                .success()
        );
    }
    let kept = tempfile::tempdir().unwrap();
    let checkpoints = kept.path().join("audit-checkpoints.jsonl");
    let made = env.run(&["audit", "checkpoint"]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    std::fs::write(&checkpoints, &made.stdout).unwrap();
    let checkpoint: serde_json::Value = serde_json::from_slice(&made.stdout).unwrap();
    assert_eq!(checkpoint["seq"], 3);
    let path = checkpoints.to_str().unwrap();
    let ok = env.run(&["audit", "verify", "--checkpoint", path]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("holds 1 checkpoint"));

    // A forged checkpoint (another head, the MAC left as it was) is refused.
    let mut forged = checkpoint.clone();
    forged["seq"] = serde_json::json!(2);
    let forged_file = kept.path().join("forged.jsonl");
    std::fs::write(&forged_file, forged.to_string()).unwrap();
    let bad = env.run(&["audit", "verify", "--checkpoint", forged_file.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(3));
    assert!(text(&bad.stderr).contains("not authentic"), "{}", text(&bad.stderr));

    // The log cut back to entry 2, head and all: consistent in itself, but not with the checkpoint.
    let db = env.connect().await;
    drop_audit_guard(&db).await;
    {
        let conn = db.write();
        let row = conn
            .query_one_raw(stmt(conn, "SELECT hash FROM audit_log WHERE seq = 2", vec![]))
            .await
            .unwrap()
            .unwrap();
        let hash: String = row.try_get("", "hash").unwrap();
        for sql in ["DELETE FROM audit_log WHERE seq = 3", "UPDATE audit_head SET seq = 2 WHERE id = 1"] {
            conn.execute_raw(stmt(conn, sql, vec![])).await.unwrap();
        }
        conn.execute_raw(stmt(conn, "UPDATE audit_head SET hash = $1 WHERE id = 1", vec![hash.into()]))
            .await
            .unwrap();
    }
    assert!(env.run(&["audit", "verify"]).status.success(), "consistent in itself");
    let cut = env.run(&["audit", "verify", "--checkpoint", path]);
    assert_eq!(cut.status.code(), Some(3));
    assert!(text(&cut.stderr).contains("checkpoint at entry 3"), "{}", text(&cut.stderr));

    // An entry edited and the chain after it recomputed: found without any checkpoint.
    rewrite_chain_from(&db, 1, "someone:else").await;
    db.close().await;
    let bad = env.run(&["audit", "verify"]);
    assert_eq!(bad.status.code(), Some(3));
    assert!(text(&bad.stderr).contains("audit entry 1 was changed"), "{}", text(&bad.stderr));
}

/// `rathaus files rotate-key` with a new key and the old one beside it: the audit log
/// written under the old key still verifies, and a second run has nothing to do.
#[tokio::test]
async fn the_master_key_rotates_from_the_command_line() {
    let env = Env::new().await;
    assert!(env.run(&["demo"]).status.success());
    // The key Rathaus generated becomes the previous one.
    let old = std::fs::read_to_string(env.dir.path().join("files.key")).unwrap();
    let new = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rathaus"))
            .args(args)
            .arg("--data-dir")
            .arg(env.dir.path())
            .env("RATHAUS_DATABASE_URL", &env.db.url)
            .env("RATHAUS_FILES__MASTER_KEY", new)
            .env("RATHAUS_FILES__PREVIOUS_MASTER_KEYS", format!("[\"{}\"]", old.trim()))
            .current_dir(env.dir.path())
            .output()
            .unwrap()
    };
    let rotated = run(&["files", "rotate-key"]);
    assert!(rotated.status.success(), "{}", text(&rotated.stderr));
    assert!(text(&rotated.stdout).contains("1 previous key(s)"), "{}", text(&rotated.stdout));
    let verified = run(&["audit", "verify"]);
    assert!(verified.status.success(), "{}", text(&verified.stderr));
    let again = run(&["files", "rotate-key"]);
    assert!(text(&again.stdout).contains("file keys: 0 rewrapped"), "{}", text(&again.stdout));
}

/// After a database is restored from an older copy (`pg_restore`, or any copy of the
/// SQLite file), `rathaus files replay-erasures` erases again what the erasure journal
/// names — here an account the journal says was deleted and the database still holds.
#[tokio::test]
async fn erasures_are_replayed_from_the_command_line() {
    use rathaus_platform::blobs::journal::{Erasure, ErasureKind, Journal};
    let env = Env::new().await;
    assert!(env.run(&["demo"]).status.success());
    let empty = env.run(&["files", "replay-erasures"]);
    assert!(empty.status.success(), "{}", text(&empty.stderr));
    assert!(text(&empty.stdout).contains("--erasures"), "{}", text(&empty.stdout));

    assert!(
        env.run(&["admin", "create-staff", "--email", "dora@example.org", "--name", "Dora Beispiel"])
            .status
            .success()
    );
    let db = env.connect().await;
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(conn, "SELECT id FROM accounts WHERE email = 'dora@example.org'", vec![]))
        .await
        .unwrap()
        .unwrap();
    let dora: uuid::Uuid = row.try_get("", "id").unwrap();
    Journal::at(env.dir.path().join("erasure-journal.jsonl"))
        .record(&Erasure {
            at: chrono::Utc::now(),
            kind: ErasureKind::Account,
            id: dora,
        })
        .unwrap();

    let replayed = env.run(&["files", "replay-erasures"]);
    assert!(replayed.status.success(), "{}", text(&replayed.stderr));
    assert!(
        text(&replayed.stdout).contains("1 accounts, 0 drafts"),
        "{}",
        text(&replayed.stdout)
    );
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT email, deleted_at FROM accounts WHERE id = $1",
            vec![dora.into()],
        ))
        .await
        .unwrap()
        .unwrap();
    let email: String = row.try_get("", "email").unwrap();
    let deleted_at: Option<chrono::DateTime<chrono::Utc>> = row.try_get("", "deleted_at").unwrap();
    assert!(
        deleted_at.is_some() && !email.contains("dora"),
        "Dora's account is deleted again: {email}"
    );
    let again = env.run(&["files", "replay-erasures"]);
    assert!(text(&again.stdout).contains("0 accounts, 0 drafts"), "{}", text(&again.stdout));
}

/// An invitation made on the command line links to the address the server uses: the
/// CLI's own `public_url` when set, else the one `rathaus serve` stored at its start;
/// with neither it refuses and names the setting, instead of mailing a localhost link.
#[tokio::test]
async fn create_staff_links_to_the_servers_address_or_refuses() {
    use std::io::{BufRead, BufReader};
    let env = Env::new().await;
    assert!(env.run(&["demo"]).status.success());
    let invite = |email: &str| {
        env.command(&["admin", "create-staff", "--email", email, "--name", "Dora Beispiel"])
            .output()
            .unwrap()
    };
    let refused = invite("dora@example.org");
    assert!(!refused.status.success());
    let message = text(&refused.stderr);
    assert!(
        message.contains("public_url") && message.contains("RATHAUS_PUBLIC_URL"),
        "{message}"
    );

    // The server stores its address when it starts.
    let mut server = env
        .command(&["serve", "--listen", "127.0.0.1:0"])
        .env("RATHAUS_PUBLIC_URL", "https://stadt.example.org")
        .env("RATHAUS_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    let invited = invite("dora@example.org");
    assert!(invited.status.success(), "{}", text(&invited.stderr));
    let db = env.connect().await;
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT body_text FROM mails WHERE to_address = 'dora@example.org'",
            vec![],
        ))
        .await
        .unwrap()
        .unwrap();
    let body: String = row.try_get("", "body_text").unwrap();
    assert!(body.contains("https://stadt.example.org/"), "{body}");
    assert!(!body.contains("localhost"), "{body}");
}

#[tokio::test]
async fn the_demo_publications_are_added_once_and_need_the_demo_city() {
    let env = Env::new().await;
    let without_city = env.run(&["transparency", "demo"]);
    assert!(!without_city.status.success());
    assert!(
        text(&without_city.stderr).contains("rathaus demo"),
        "{}",
        text(&without_city.stderr)
    );
    assert!(env.run(&["demo"]).status.success());
    let first = env.run(&["transparency", "demo"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let count = rathaus_core::transparency::demo::publications().unwrap().len();
    assert!(
        text(&first.stdout).contains(&format!("{count} demo publications added")),
        "{}",
        text(&first.stdout)
    );
    let again = env.run(&["transparency", "demo"]);
    assert!(text(&again.stdout).contains("0 demo publications added"), "{}", text(&again.stdout));
    let published = rathaus_core::transparency::demo::publications()
        .unwrap()
        .iter()
        .filter(|p| p.state == "published")
        .count();
    let reindex = env.run(&["transparency", "reindex"]);
    assert!(reindex.status.success(), "{}", text(&reindex.stderr));
    assert!(
        text(&reindex.stdout).contains(&format!("{count} publications read, {published} published in the index")),
        "{}",
        text(&reindex.stdout)
    );
}

#[tokio::test]
async fn the_demo_seal_is_shown_and_rotated_and_a_configured_one_is_left_to_its_operator() {
    let env = Env::new().await;
    let shown = env.run(&["seal", "show"]);
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    let before = text(&shown.stdout);
    assert!(
        before.contains("sealer: Hamburg (Demo)") && before.contains("authority.pem"),
        "{before}"
    );
    let serial = |out: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix("certificate serial: "))
            .unwrap()
            .to_string()
    };

    let rotated = env.run(&["seal", "rotate"]);
    assert!(rotated.status.success(), "{}", text(&rotated.stderr));
    let after = text(&env.run(&["seal", "show"]).stdout);
    assert_ne!(serial(&before), serial(&after), "a new certificate seals");
    assert!(text(&rotated.stdout).contains(&format!("{} retired", serial(&before))));
    assert_eq!(std::fs::read_dir(env.dir.path().join("seal/retired")).unwrap().count(), 1);

    // Configured files: the trust service issues the next key, not Rathaus.
    let seal = env.dir.path().join("seal");
    let configured = env
        .command(&["seal", "rotate"])
        .env("RATHAUS_SEAL__KEY_FILE", seal.join("seal.key.pem"))
        .env("RATHAUS_SEAL__CERTIFICATE_FILE", seal.join("seal.pem"))
        .env("RATHAUS_SEAL__TIMESTAMP_KEY_FILE", seal.join("timestamp.key.pem"))
        .env("RATHAUS_SEAL__TIMESTAMP_CERTIFICATE_FILE", seal.join("timestamp.pem"))
        .output()
        .unwrap();
    assert_eq!(configured.status.code(), Some(2));
    assert!(text(&configured.stderr).contains("trust service"));
    // Half a configuration names what is missing.
    let half = config_check(env.dir.path(), &[("RATHAUS_SEAL__KEY_FILE", "/etc/rathaus/seal.key.pem")]);
    assert!(!half.status.success());
    assert!(text(&half.stderr).contains("seal.timestamp_key_file"), "{}", text(&half.stderr));
}
