//! Mail through a real SMTP server on loopback (Python's aiosmtpd), and the outbox when
//! no SMTP server is configured.

use rathaus_platform::config::{SmtpConfig, SmtpTls};
use rathaus_platform::i18n::Lang;
use rathaus_platform::jobs::{JobRegistry, Worker};
use rathaus_platform::mail::{self, MailContent, Mailer, SendMailJob};
use std::sync::Arc;

use crate::helpers::TestApp;

struct SmtpSink {
    child: std::process::Child,
    port: u16,
    maildir: tempfile::TempDir,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_sink() -> SmtpSink {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let maildir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new("python3")
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ])
        .arg(maildir.path().join("box"))
        .spawn()
        .expect("python3 with aiosmtpd (pip install aiosmtpd) is needed for the SMTP test");
    // Wait for the server by trying to connect (no fixed sleep).
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return SmtpSink { child, port, maildir };
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the SMTP sink did not start on port {port}");
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

    let mailer = Arc::new(Mailer::from_config(&app.config).unwrap());
    let mut registry = JobRegistry::default();
    registry.register(mail::SEND_MAIL_JOB, Arc::new(SendMailJob { mailer }));
    let worker = Worker::new(app.db().clone(), app.clock.clone(), registry, &app.config.worker);
    assert_eq!(worker.run_once().await.unwrap(), 1);

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
    registry.register(mail::SEND_MAIL_JOB, Arc::new(SendMailJob { mailer }));
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
        .action("Zum Postfach", "https://example.org/postfach");
    let mail = content.render("anna@example.org", "Eingangsbestätigung").unwrap();
    insta::assert_snapshot!("mail_text", mail.text);
    insta::assert_snapshot!("mail_html", mail.html);
}
