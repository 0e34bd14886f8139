//! Mail through a real SMTP server on loopback (Python's aiosmtpd), and the outbox when
//! no SMTP server is configured.

use rathaus_platform::config::{SmtpConfig, SmtpTls};
use rathaus_platform::i18n::Lang;
use rathaus_platform::jobs::{JobRegistry, Worker};
use rathaus_platform::mail::{self, MailContent, Mailer, SendMailJob};
use std::sync::Arc;

use crate::helpers::{ChildProcess, TestApp, free_port, spawn_listening};

struct SmtpSink {
    _process: ChildProcess,
    port: u16,
    maildir: tempfile::TempDir,
}

async fn start_sink() -> SmtpSink {
    let port = free_port();
    let maildir = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new("python3");
    command
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ])
        .arg(maildir.path().join("box"));
    let process = spawn_listening(command, port, "the SMTP sink (python3 -m aiosmtpd)").await;
    SmtpSink {
        _process: process,
        port,
        maildir,
    }
}

/// A worker that knows only the mail job, as every node runs it.
fn mail_worker(app: &TestApp) -> Worker {
    let mailer = Arc::new(Mailer::from_config(&app.config).unwrap());
    let mut registry = JobRegistry::default();
    registry.add(SendMailJob { mailer });
    Worker::new(app.db().clone(), app.clock.clone(), registry, &app.config.worker)
}

fn read_messages(dir: &std::path::Path) -> Vec<String> {
    let mut out = vec![];
    for sub in ["new", "cur"] {
        if let Ok(entries) = std::fs::read_dir(dir.join("box").join(sub)) {
            for e in entries.flatten() {
                out.push(std::fs::read_to_string(e.path()).unwrap());
            }
        }
    }
    out
}

#[tokio::test]
async fn mail_is_delivered_over_smtp_and_readable_back() {
    let sink = start_sink().await;
    let app = TestApp::spawn_with(|c| {
        c.smtp = Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port: sink.port,
            tls: SmtpTls::None,
            username: None,
            password: None,
        })
    })
    .await;
    let content = MailContent::new(Lang::En, "Hamburg (Demo)")
        .paragraph("Your application HH-2026-000123 has arrived.")
        .action("Open your inbox", "https://example.org/postfach");
    mail::queue(
        app.db().write(),
        &*app.clock,
        content.render("anna@example.org", "We received your application").unwrap(),
    )
    .await
    .unwrap();

    assert_eq!(mail_worker(&app).run_once().await.unwrap(), 1);

    let messages = read_messages(sink.maildir.path());
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert!(m.contains("Subject: We received your application"));
    assert!(m.contains("To: anna@example.org"));
    assert!(m.contains("multipart/alternative"));
    assert!(m.contains("HH-2026-000123"));
    let stored = mail::list(app.db(), Some("sent"), 5).await.unwrap();
    assert_eq!(stored.len(), 1);
}

#[tokio::test]
async fn without_smtp_mails_stay_in_the_outbox() {
    let app = TestApp::spawn().await;
    let content = MailContent::new(Lang::De, "Hamburg (Demo)").paragraph("Test");
    mail::queue(
        app.db().write(),
        &*app.clock,
        content.render("anna@example.org", "Betreff").unwrap(),
    )
    .await
    .unwrap();
    let mailer = Arc::new(Mailer::from_config(&app.config).unwrap());
    let mut registry = JobRegistry::default();
    registry.add(SendMailJob { mailer });
    Worker::new(app.db().clone(), app.clock.clone(), registry, &app.config.worker)
        .run_once()
        .await
        .unwrap();
    let held = mail::list(app.db(), Some("held"), 5).await.unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].subject, "Betreff");
}

#[test]
fn mail_layout_snapshot() {
    let content = MailContent::new(Lang::De, "Hamburg (Demo)")
        .paragraph("Ihr Antrag <HH-2026-000123> ist eingegangen.")
        .paragraph("Bitte bringen Sie mit:")
        .list(vec!["Personalausweis".into(), "Foto <biometrisch>".into()])
        .link("Weg zum Standort", "https://www.openstreetmap.org/search?query=A%2C+1&x=<y>")
        .action("Zum Postfach", "https://example.org/postfach");
    let mail = content.render("anna@example.org", "Eingangsbestätigung").unwrap();
    insta::assert_snapshot!("mail_text", mail.text);
    insta::assert_snapshot!("mail_html", mail.html);
}
