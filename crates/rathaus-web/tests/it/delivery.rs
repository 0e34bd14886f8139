//! Delivery: a decision by post goes onto the agency's dispatch list; the mailroom
//! prints labels, takes the CSV and marks the letter sent with its tracking number,
//! which delivers the case and shows the resident "sent on … tracking …". A decision
//! fetched from the Postfach is delivered by being fetched; one for pickup waits at
//! the counter. The mailroom sees only its own agency's letters.

use rathaus_core::accounts::{self, Account, Role, Scope};
use rathaus_core::cases::delivery::{Choice, Method, PostalAddress};
use rathaus_platform::db::stmt;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::accounts::confirmed_account;
use crate::cases::{AGENCY, Cookies, OTHER_AGENCY, case_delivered, restore, save, staff_member, status_of, step};
use crate::decisions::approve;
use crate::helpers::TestApp;
use crate::second_factor::sign_in_with_app;
use crate::staff::grant;

const ANNA: &str = "anna@example.org";

fn by_post(name: &str, street: &str) -> Choice {
    Choice {
        method: Method::Post,
        address: Some(PostalAddress {
            name: name.into(),
            street: street.into(),
            postcode: "20095".into(),
            city: "Hamburg".into(),
        }),
        location: None,
    }
}

async fn anna(app: &TestApp) -> Account {
    confirmed_account(app, ANNA).await;
    accounts::find_by_email(app.db(), ANNA).await.unwrap()
}

async fn mark_sent(app: &TestApp, letter: Uuid, tracking: &str) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/daten").await;
    app.post_form(
        &format!("/verwaltung/versand/{letter}"),
        &[("_csrf", &csrf), ("tracking_number", tracking), ("tag", "2026-11-23")],
    )
    .await
}

async fn letter_of(app: &TestApp, case: Uuid) -> Uuid {
    rathaus_core::cases::dispatch::of_application(app.db(), case)
        .await
        .unwrap()
        .remove(0)
        .id
}

/// The case worker of the finance authority, and its mailroom; both signed in, each
/// with their cookies kept.
async fn case_worker_and_mailroom(app: &TestApp) -> (Cookies, Cookies) {
    let carla = staff_member(app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    grant(app, carla, Role::CaseWorker, Scope::Agency(OTHER_AGENCY.into())).await;
    let case_worker = save(app);
    staff_member(app, "paul.post@example.org", "Paul Post", Role::Mailroom, AGENCY).await;
    (case_worker, save(app))
}

#[tokio::test]
async fn a_letter_leaves_the_mailroom_and_the_resident_sees_the_tracking_number() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let id = case_delivered(&app, &owner, AGENCY, Some(&by_post("Anna Beispiel", "Musterweg 1"))).await;
    let (case_worker, mailroom) = case_worker_and_mailroom(&app).await;

    restore(&app, &case_worker);
    approve(&app, id).await;
    assert_eq!(app.count("dispatches WHERE sent_at IS NULL").await, 1, "on the dispatch list");
    let (_, case) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert!(case.contains("Per Post: Anna Beispiel, Musterweg 1, 20095 Hamburg"));
    assert!(case.contains("Der Brief wird vorbereitet"));
    assert!(!case.contains("value=\"deliver\""), "a letter is delivered by the mailroom");
    assert_eq!(step(&app, id, "deliver", "").await.status(), 409);
    assert_eq!(app.get("/verwaltung/versand").await.status(), 403, "no mailroom role");

    restore(&app, &mailroom);
    let (status, list) = app.get_text("/verwaltung/versand?tag=2026-11-23").await;
    assert_eq!(status, 200);
    assert!(list.contains("HH-2026-000001") && list.contains("Musterweg 1, 20095 Hamburg"));
    assert!(list.contains("Ein Brief wartet auf den Versand."));
    let labels = app.get("/verwaltung/versand/etiketten.pdf?tag=2026-11-23").await;
    assert_eq!(labels.headers()["content-type"], "application/pdf");
    assert!(labels.bytes().await.unwrap().starts_with(b"%PDF-"));
    let csv = app.get("/verwaltung/versand/liste.csv?tag=2026-11-23").await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert!(csv.contains("HH-2026-000001;Anna Beispiel;Musterweg 1;20095;Hamburg;"), "{csv}");
    assert_eq!(app.count("audit_log WHERE action = 'dispatch.exported'").await, 2);

    // A tracking number that cannot be one is named; what was typed stays.
    let letter = letter_of(&app, id).await;
    let refused = mark_sent(&app, letter, "<b>RR 1</b>").await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("Die Sendungsnummer darf nur Buchstaben"), "{page}");
    assert!(
        page.contains("value=\"&#60;b&#62;RR 1&#60;/b&#62;\""),
        "typed value kept, escaped: {page}"
    );
    assert_eq!(status_of(&app, id).await, "decided");

    let notices = app.count("jobs WHERE kind = 'case.notice'").await;
    let sent = mark_sent(&app, letter, "rr 1234 5678 9de").await;
    assert_eq!(sent.status(), 303);
    assert_eq!(sent.headers()["location"], "/verwaltung/versand?tag=2026-11-23&hinweis=versandt");
    assert_eq!(status_of(&app, id).await, "delivered");
    assert_eq!(mark_sent(&app, letter, "").await.status(), 409, "sent is sent");
    let (_, list) = app.get_text("/verwaltung/versand?tag=2026-11-23&hinweis=versandt").await;
    assert!(list.contains("Der Brief ist als versandt vermerkt") && list.contains("RR123456789DE"));
    assert!(list.contains("0 Briefe warten auf den Versand."));
    assert_eq!(app.count("audit_log WHERE action = 'dispatch.sent'").await, 1);
    assert_eq!(
        app.count("jobs WHERE kind = 'case.notice'").await,
        notices + 1,
        "the resident is told"
    );

    // The resident reads where and when it went.
    app.forget_cookies();
    sign_in_with_app(&app, ANNA).await;
    let (_, status) = app.get_text(&format!("/antraege/{id}")).await;
    assert!(
        status.contains("Per Post versandt am 23.11.2026, Sendungsnummer RR123456789DE."),
        "{status}"
    );
    assert!(status.contains("Das Ergebnis ist zugestellt"));
    let api: serde_json::Value = app.get(&format!("/api/v1/applications/{id}")).await.json().await.unwrap();
    assert_eq!(api["delivery"]["letters"][0]["tracking_number"], "RR123456789DE");
}

#[tokio::test]
async fn the_mailroom_sees_and_sends_only_its_own_agencys_letters() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let ours = case_delivered(&app, &owner, AGENCY, Some(&by_post("Anna Beispiel", "Musterweg 1"))).await;
    let theirs = case_delivered(&app, &owner, OTHER_AGENCY, Some(&by_post("Anna Geheim", "Altonaer Weg 9"))).await;
    let (case_worker, mailroom) = case_worker_and_mailroom(&app).await;
    restore(&app, &case_worker);
    approve(&app, ours).await;
    approve(&app, theirs).await;
    assert_eq!(app.count("dispatches").await, 2);

    restore(&app, &mailroom);
    let (_, list) = app.get_text("/verwaltung/versand?tag=2026-11-23").await;
    assert!(list.contains("Musterweg 1") && !list.contains("Altonaer Weg"), "only its agency");
    let csv = app.get("/verwaltung/versand/liste.csv?tag=2026-11-23").await.text().await.unwrap();
    assert!(!csv.contains("Anna Geheim"));
    let their_letter = letter_of(&app, theirs).await;
    assert_eq!(mark_sent(&app, their_letter, "RR1").await.status(), 404);
    assert_eq!(mark_sent(&app, Uuid::now_v7(), "RR1").await.status(), 404);
    assert_eq!(app.count("audit_log WHERE action = 'dispatch.access-refused'").await, 2);
    assert_eq!(app.count("dispatches WHERE sent_at IS NOT NULL").await, 0);
    assert_eq!(status_of(&app, theirs).await, "decided");
    // The mailroom role opens no cases.
    assert_eq!(app.get(&format!("/verwaltung/vorgaenge/{ours}")).await.status(), 403);

    // A resident is no staff member.
    app.forget_cookies();
    sign_in_with_app(&app, ANNA).await;
    let response = app.get("/verwaltung/versand").await;
    assert_ne!(response.status(), 200);
    assert!(!response.text().await.unwrap().contains("Musterweg"));
}

#[tokio::test]
async fn a_decision_fetched_from_the_postfach_is_delivered_and_a_pickup_is_recorded_at_the_counter() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let download = Choice {
        method: Method::Download,
        address: None,
        location: None,
    };
    let pickup = Choice {
        method: Method::Pickup,
        address: None,
        location: Some("hsvo-city".into()),
    };
    let fetched = case_delivered(&app, &owner, AGENCY, Some(&download)).await;
    let collected = case_delivered(&app, &owner, AGENCY, Some(&pickup)).await;
    let (case_worker, _) = case_worker_and_mailroom(&app).await;
    restore(&app, &case_worker);
    approve(&app, fetched).await;
    approve(&app, collected).await;
    assert_eq!(app.count("dispatches").await, 0, "nothing for the mailroom");
    let (_, case) = app.get_text(&format!("/verwaltung/vorgaenge/{collected}")).await;
    assert!(case.contains("Als abgeholt vermerken"));

    app.forget_cookies();
    sign_in_with_app(&app, ANNA).await;
    let (_, status) = app.get_text(&format!("/antraege/{collected}")).await;
    assert!(status.contains("Ihr Dokument liegt zur Abholung bereit"));
    assert!(status.contains("href=\"/standorte/hsvo-city\""), "where to pick it up");
    assert!(
        !status.contains("Termin zur Abholung buchen"),
        "the location takes no bookings for the dog tax"
    );
    // Were it a service the location books (a Meldebescheinigung), the pickup
    // appointment is one click away. (Anna's session is at "substantial"; the
    // Meldebescheinigung asks for "high", which this test is not about.)
    app.exec("UPDATE services SET assurance_level = 'substantial' WHERE id = 'meldebescheinigung'")
        .await;
    let conn = app.db().write();
    conn.execute_raw(stmt(
        conn,
        "UPDATE applications SET service_id = 'meldebescheinigung' WHERE id = $1",
        vec![collected.into()],
    ))
    .await
    .unwrap();
    let (_, status) = app.get_text(&format!("/antraege/{collected}")).await;
    let book = "/termine/orte/hsvo-city?leistung=meldebescheinigung&personen=1";
    assert!(
        status.contains(&format!("href=\"{}\"", book.replace('&', "&#38;"))),
        "a pickup appointment is one click away"
    );
    let (code, slots) = app.get_text(book).await;
    assert_eq!(code, 200);
    assert!(slots.contains("name=\"zeit\""), "the link offers times to pick it up");
    conn.execute_raw(stmt(
        conn,
        "UPDATE applications SET service_id = 'hundesteuer' WHERE id = $1",
        vec![collected.into()],
    ))
    .await
    .unwrap();
    let messages = rathaus_core::inbox::of_account(app.db(), &owner).await.unwrap();
    let decision_of = |case: Uuid| {
        messages
            .iter()
            .find(|m| m.application_id == Some(case) && m.kind == "decision")
            .unwrap()
            .id
    };
    let notices_before = app.count("jobs WHERE kind = 'case.notice'").await;
    for case in [fetched, collected] {
        let response = app.get(&format!("/postfach/{}/dokument", decision_of(case))).await;
        assert_eq!(response.status(), 200);
    }
    assert_eq!(status_of(&app, fetched).await, "delivered", "fetched is delivered");
    assert_eq!(status_of(&app, collected).await, "decided", "the original waits at the counter");
    assert_eq!(
        app.count("jobs WHERE kind = 'case.notice'").await,
        notices_before,
        "no mail about one's own download"
    );
    let (_, status) = app.get_text(&format!("/antraege/{fetched}")).await;
    assert!(status.contains("Das Ergebnis ist zugestellt"));

    restore(&app, &case_worker);
    assert_eq!(step(&app, collected, "deliver", "").await.status(), 303);
    assert_eq!(status_of(&app, collected).await, "delivered");
}
