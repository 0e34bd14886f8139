//! Paying the fee due with an application: created once however often the button is
//! pressed, settled only by the provider's signed webhook or a status query — never by
//! the redirect back — and the application is submitted exactly once, in the
//! transaction that records the payment. Forged, stale and replayed webhooks change
//! nothing; many confirmations at once pay once.

use rathaus_core::accounts::{self, Account};
use rathaus_core::applications;
use rathaus_core::forms::{self, FormDefinition};
use rathaus_core::payments::{self, testkasse};
use rathaus_platform::clock::Clock;
use rathaus_platform::jobs::Worker;
use sea_orm::ConnectionTrait;
use serde_json::{Map, Value, json};
use std::sync::Arc;
use uuid::Uuid;

use crate::applying::resident;
use crate::helpers::{TestApp, acting};

const ANNA: &str = "anna@example.org";
/// The webhook secret of this test's installation (derived from its master key).
fn secret(app: &TestApp) -> Vec<u8> {
    rathaus_core::payments::provider::webhook_secret(&app.config).unwrap()
}

fn parking_form() -> FormDefinition {
    forms::shipped()
        .unwrap()
        .into_iter()
        .filter(|f| f.id == "bewohnerparkausweis")
        .max_by_key(|f| f.version)
        .unwrap()
}

fn map(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

/// Anna's complete draft for a residents' parking permit (65 € due with it).
async fn parking_draft(app: &TestApp, owner: &Account) -> Uuid {
    let form = parking_form();
    let draft = applications::start(app.db(), &*app.clock, &acting(owner), None, &form)
        .await
        .unwrap();
    let pages = [
        (
            "person",
            json!({ "given_name": "Anna", "family_name": "Beispiel", "birth_date": "27.3.1985",
                "address": { "street": "Musterweg 1", "postcode": "20095", "city": "Hamburg" }, "email": ANNA }),
        ),
        ("fahrzeug", json!({ "plate": "HH-AB 123", "vehicle_kind": "car", "holder": "self" })),
        ("gebiet", json!({ "zone": "E405", "start": "1.3.2027" })),
    ];
    for (page, answers) in pages {
        let checked = applications::save_page(app.db(), &*app.clock, &acting(owner), draft.id, &form, page, &map(answers))
            .await
            .unwrap();
        assert!(checked.problems.is_empty(), "{page}: {:?}", checked.problems);
    }
    draft.id
}

fn path_of(response: &reqwest::Response) -> String {
    let location = response.headers()["location"].to_str().unwrap();
    match location.find("://") {
        Some(scheme) => {
            let rest = &location[scheme + 3..];
            rest[rest.find('/').unwrap()..].to_string()
        }
        None => location.to_string(),
    }
}

/// Presses "pay" on the check page (download delivery); returns the provider's page.
async fn press_pay(app: &TestApp, id: Uuid) -> reqwest::Response {
    // The form's token (the check page itself is locked once a payment runs).
    let csrf = app.csrf_from("/konto/daten").await;
    // An amount slipped into the form is not read.
    app.post_form(
        &format!("/antraege/{id}/absenden"),
        &[
            ("_csrf", &csrf),
            ("delivery", "download"),
            ("amount_cents", "1"),
            ("total_cents", "1"),
        ],
    )
    .await
}

async fn pay_by_card(app: &TestApp, checkout: &str, number: &str) -> reqwest::Response {
    let csrf = app.csrf_from(checkout).await;
    app.post_form(
        &format!("{checkout}/karte"),
        &[
            ("_csrf", &csrf),
            ("card_number", number),
            ("expiry", "12/28"),
            ("cvc", "123"),
            ("card_holder", "Anna Beispiel"),
        ],
    )
    .await
}

async fn post_webhook(app: &TestApp, body: &[u8], signature: Option<String>) -> u16 {
    let mut request = app
        .client
        .post(format!("{}/zahlungen/webhook/testkasse", app.base))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(signature) = signature {
        request = request.header(testkasse::SIGNATURE_HEADER, signature);
    }
    request.send().await.unwrap().status().as_u16()
}

/// The webhook the Testkasse sends for its payment, signed at `at`.
async fn webhook_for(app: &TestApp, reference: &str, event: &str, at: chrono::DateTime<chrono::Utc>) -> (Vec<u8>, String) {
    let payment = testkasse::find(app.db(), reference).await.unwrap();
    let body = testkasse::event_body(&payment, event, at);
    let signature = testkasse::sign(&secret(app), &body, at);
    (body, signature)
}

/// Anna at the provider's page for her parking permit: the application, the checkout
/// path, the provider's reference and the open payment.
struct Paying {
    id: Uuid,
    checkout: String,
    reference: String,
    payment: payments::Payment,
}

async fn paying(app: &TestApp) -> Paying {
    resident(app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let id = parking_draft(app, &owner).await;
    let checkout = path_of(&press_pay(app, id).await);
    let reference = reference_of(&checkout);
    let payment = payments::of_application(app.db(), id).await.unwrap().remove(0);
    Paying {
        id,
        checkout,
        reference,
        payment,
    }
}

fn reference_of(checkout: &str) -> String {
    checkout.trim_start_matches("/testkasse/").to_string()
}

#[tokio::test]
async fn a_fee_due_with_the_application_is_paid_by_card_and_submits_it_once() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let id = parking_draft(&app, &owner).await;

    let (_, check) = app.get_text(&format!("/antraege/{id}/pruefen")).await;
    assert!(check.contains("Weiter zur Bezahlung (65,00 €)"), "the button says what it costs");
    assert!(check.contains("Die Gebühr wird mit dem Antrag fällig."));

    // A double click: one payment, at the provider too, for the server's amount.
    let first = press_pay(&app, id).await;
    assert_eq!(first.status(), 303);
    let checkout = path_of(&first);
    assert!(checkout.starts_with("/testkasse/tk_"), "{checkout}");
    assert_eq!(path_of(&press_pay(&app, id).await), checkout);
    assert_eq!(app.count("payments").await, 1);
    assert_eq!(app.count("testkasse_payments").await, 1);
    let payment = payments::of_application(app.db(), id).await.unwrap().remove(0);
    assert_eq!(payment.amount_cents, 6500);
    assert!(payment.cash_reference.starts_with("KZ-2026-"));

    // While it runs, the answers stay as they are.
    assert_eq!(
        path_of(&app.get(&format!("/antraege/{id}/seite/person")).await),
        format!("/antraege/{id}/zahlung")
    );
    assert_eq!(
        path_of(&app.get(&format!("/antraege/{id}/pruefen")).await),
        format!("/antraege/{id}/zahlung")
    );
    let (status, waiting) = app.get_text(&format!("/antraege/{id}/zahlung")).await;
    assert_eq!(status, 200);
    assert!(waiting.contains(&payment.cash_reference) && waiting.contains("Weiter zur Bezahlung"));

    // The provider's page checks the card; a wrong number is named, nothing decided.
    let (status, page) = app.get_text(&checkout).await;
    assert_eq!(status, 200);
    assert!(page.contains("65,00 €"));
    let refused = pay_by_card(&app, &checkout, "4242 4242 4242 4241").await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Geben Sie eine gültige Kartennummer an"));
    let paid = pay_by_card(&app, &checkout, "4242 4242 4242 4242").await;
    let back = path_of(&paid);
    assert_eq!(back, format!("/zahlungen/{}/zurueck", payment.id));
    assert_eq!(
        applications::by_id(app.db(), id).await.unwrap().status.as_str(),
        "draft",
        "not before Rathaus knows"
    );

    // Back at Rathaus: it asks the provider, and the application goes.
    let returned = app.get(&back).await;
    assert_eq!(path_of(&returned), format!("/antraege/{id}/eingegangen"));
    let submitted = applications::by_id(app.db(), id).await.unwrap();
    assert_eq!(submitted.status.as_str(), "submitted");
    assert_eq!(submitted.fee.unwrap().total_cents, 6500);
    assert_eq!(payments::by_id(app.db(), payment.id).await.unwrap().method.as_deref(), Some("card"));

    // The webhook arrives after: it changes nothing.
    let worker = worker_of(&app);
    while worker.run_once().await.unwrap() > 0 {}
    assert_eq!(
        app.count("jobs WHERE kind = 'testkasse.webhook' AND status = 'done'").await,
        1,
        "delivered"
    );
    assert_eq!(app.count("payment_events").await, 1);
    assert_eq!(app.count("application_events WHERE kind = 'submitted'").await, 1);
    assert_eq!(app.count("audit_log WHERE action = 'payment.paid'").await, 1);
    let (_, status) = app.get_text(&format!("/antraege/{id}")).await;
    assert!(status.contains("65,00 €"), "the paid fee on the status page");

    // The confirmation is a PDF in the Postfach, made once.
    while worker.run_once().await.unwrap() > 0 {}
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let messages = rathaus_core::inbox::of_account(app.db(), &owner).await.unwrap();
    let confirmations: Vec<_> = messages.iter().filter(|m| m.kind == "payment-confirmation").collect();
    assert_eq!(confirmations.len(), 1);
    assert_eq!(confirmations[0].subject, format!("Zahlungsbestätigung {}", payment.cash_reference));
    let pdf = app.get(&format!("/postfach/{}/dokument", confirmations[0].id)).await;
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
}

#[tokio::test]
async fn the_redirect_alone_proves_nothing_and_forged_stale_or_replayed_webhooks_change_nothing() {
    let app = TestApp::spawn().await;
    let Paying {
        id,
        checkout,
        reference,
        payment,
    } = paying(&app).await;

    // Coming "back" without paying, with a doctored address: Rathaus asks, the
    // provider says open.
    let back = app
        .get(&format!("/zahlungen/{}/zurueck?status=paid&amount_cents=1", payment.id))
        .await;
    assert_eq!(path_of(&back), format!("/antraege/{id}/zahlung"));
    assert_eq!(applications::by_id(app.db(), id).await.unwrap().status.as_str(), "draft");

    // A webhook claiming "paid" for a payment the provider has not decided: forged,
    // unsigned, stale.
    let now = app.clock.now();
    let claim = json!({ "id": "evt_forged", "type": "payment.succeeded",
        "payment": { "reference": reference, "status": "paid", "method": "card" } })
    .to_string()
    .into_bytes();
    assert_eq!(
        post_webhook(&app, &claim, Some(testkasse::sign(b"guessed", &claim, now))).await,
        403
    );
    assert_eq!(post_webhook(&app, &claim, None).await, 403);
    let stale = now - chrono::Duration::seconds(301);
    assert_eq!(
        post_webhook(&app, &claim, Some(testkasse::sign(&secret(&app), &claim, stale))).await,
        403
    );
    let tampered = String::from_utf8(claim.clone())
        .unwrap()
        .replace("evt_forged", "evt_other")
        .into_bytes();
    assert_eq!(
        post_webhook(&app, &tampered, Some(testkasse::sign(&secret(&app), &claim, now))).await,
        403
    );
    assert_eq!(payments::by_id(app.db(), payment.id).await.unwrap().status.as_str(), "open");
    assert_eq!(app.count("payment_events").await, 0);

    // The real one, after the payer paid: applied once, replays ignored.
    pay_by_card(&app, &checkout, "4242 4242 4242 4242").await;
    let (body, signature) = webhook_for(&app, &reference, "evt_1", now).await;
    for _ in 0..3 {
        assert_eq!(post_webhook(&app, &body, Some(signature.clone())).await, 200);
    }
    assert_eq!(applications::by_id(app.db(), id).await.unwrap().status.as_str(), "submitted");
    assert_eq!(app.count("payment_events").await, 1);
    assert_eq!(app.count("application_events WHERE kind = 'submitted'").await, 1);

    // A "failed" arriving late, out of order, does not undo "paid".
    let mut late = testkasse::find(app.db(), &reference).await.unwrap();
    late.status = rathaus_core::payments::provider::Outcome::Failed;
    let body = testkasse::event_body(&late, "evt_2", now);
    assert_eq!(
        post_webhook(&app, &body, Some(testkasse::sign(&secret(&app), &body, now))).await,
        200
    );
    assert_eq!(payments::by_id(app.db(), payment.id).await.unwrap().status.as_str(), "paid");
}

/// A webhook signed with the right secret that lies about what was paid (1 cent for
/// 65 €, dollars, no amount at all) settles nothing: refused with 422 and audited, and
/// the provider's own record decides — open while the payer has not paid, 65 € once
/// they have.
#[tokio::test]
async fn a_signed_webhook_that_lies_about_the_amount_settles_nothing() {
    let app = TestApp::spawn().await;
    let Paying {
        id,
        checkout,
        reference,
        payment,
    } = paying(&app).await;
    let now = app.clock.now();
    let record = testkasse::find(app.db(), &reference).await.unwrap();
    let lie = |event: &str, cents: Option<i64>, currency: &str| {
        let mut claimed = record.clone();
        claimed.status = rathaus_core::payments::provider::Outcome::Paid;
        let mut body: Value = serde_json::from_slice(&testkasse::event_body(&claimed, event, now)).unwrap();
        body["payment"]["amount_cents"] = json!(cents);
        body["payment"]["currency"] = json!(currency);
        serde_json::to_vec(&body).unwrap()
    };
    for (event, cents, currency) in [
        ("evt_cent", Some(1), "EUR"),
        ("evt_usd", Some(6500), "USD"),
        ("evt_none", None, "EUR"),
    ] {
        let body = lie(event, cents, currency);
        let status = post_webhook(&app, &body, Some(testkasse::sign(&secret(&app), &body, now))).await;
        assert_eq!(status, 422, "{event}");
    }
    assert_eq!(payments::by_id(app.db(), payment.id).await.unwrap().status.as_str(), "open");
    assert_eq!(applications::by_id(app.db(), id).await.unwrap().status.as_str(), "draft");
    assert_eq!(app.count("audit_log WHERE action = 'payment.report-refused'").await, 3);
    assert_eq!(app.count("payment_events").await, 0);

    // The payer pays 65 €; a lying webhook still does not decide, the provider's record does.
    pay_by_card(&app, &checkout, "4242 4242 4242 4242").await;
    let body = lie("evt_after", Some(1), "EUR");
    assert_eq!(
        post_webhook(&app, &body, Some(testkasse::sign(&secret(&app), &body, now))).await,
        200
    );
    let settled = payments::by_id(app.db(), payment.id).await.unwrap();
    assert_eq!((settled.status.as_str(), settled.amount_cents), ("paid", 6500));
    assert_eq!(applications::by_id(app.db(), id).await.unwrap().status.as_str(), "submitted");
}

/// Every installation signs with its own secret: one derived from its master key, never
/// a value from the source; the public value that once was the default is refused.
#[tokio::test]
async fn no_two_installations_share_a_webhook_secret() {
    let one = TestApp::spawn().await;
    let two = TestApp::spawn().await;
    assert_ne!(secret(&one), secret(&two));
    assert_ne!(secret(&one), b"testkasse-demo-secret".to_vec());
    let mut config = one.config.clone();
    config.payments.webhook_secret = Some("testkasse-demo-secret".to_string().into());
    let refused = config.validate().unwrap_err().to_string();
    assert!(refused.contains("payments.webhook_secret"), "{refused}");
}

#[tokio::test]
async fn many_confirmations_at_once_pay_and_submit_once() {
    let app = TestApp::spawn().await;
    let Paying {
        id: _,
        checkout,
        reference,
        payment,
    } = paying(&app).await;
    pay_by_card(&app, &checkout, "4242 4242 4242 4242").await;

    // Twelve webhooks (different event ids) and twelve returns, all at once.
    let now = app.clock.now();
    let mut tasks = Vec::new();
    for i in 0..12 {
        let (body, signature) = webhook_for(&app, &reference, &format!("evt_{i}"), now).await;
        let client = app.client.clone();
        let url = format!("{}/zahlungen/webhook/testkasse", app.base);
        tasks.push(tokio::spawn(async move {
            let response = client
                .post(url)
                .header(testkasse::SIGNATURE_HEADER, signature)
                .body(body)
                .send()
                .await
                .unwrap();
            response.status().as_u16()
        }));
        let client = app.client.clone();
        let url = format!("{}/zahlungen/{}/zurueck", app.base, payment.id);
        let cookies = app.cookie_header();
        tasks.push(tokio::spawn(async move {
            client.get(url).header("cookie", cookies).send().await.unwrap().status().as_u16()
        }));
    }
    for task in tasks {
        let status = task.await.unwrap();
        assert!(status == 200 || status == 303, "answered {status}");
    }
    assert_eq!(payments::by_id(app.db(), payment.id).await.unwrap().status.as_str(), "paid");
    assert_eq!(app.count("application_events WHERE kind = 'submitted'").await, 1, "submitted once");
    assert_eq!(app.count("applications WHERE reference IS NOT NULL").await, 1);
    assert_eq!(app.count("audit_log WHERE action = 'payment.paid'").await, 1, "paid once");
    assert_eq!(app.count("jobs WHERE kind = 'application.receipt'").await, 1, "one receipt");
}

#[tokio::test]
async fn a_declined_payment_leaves_the_draft_to_change_and_pay_again_by_direct_debit() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let id = parking_draft(&app, &owner).await;
    let checkout = path_of(&press_pay(&app, id).await);
    let declined = pay_by_card(&app, &checkout, testkasse::DECLINED_CARD).await;
    let back = path_of(&declined);
    assert_eq!(path_of(&app.get(&back).await), format!("/antraege/{id}/zahlung"));
    let (_, page) = app.get_text(&format!("/antraege/{id}/zahlung")).await;
    assert!(page.contains("Die Zahlung ist nicht zustande gekommen"));
    // Editable again.
    assert_eq!(app.get(&format!("/antraege/{id}/seite/person")).await.status(), 200);

    let again = path_of(&press_pay(&app, id).await);
    assert_ne!(again, checkout, "a new payment after a declined one");
    let csrf = app.csrf_from(&again).await;
    let missing = app
        .post_form(
            &format!("{again}/lastschrift"),
            &[
                ("_csrf", &csrf),
                ("iban", "DE89 3704 0044 0532 0130 00"),
                ("account_holder", "Anna Beispiel"),
            ],
        )
        .await;
    assert_eq!(missing.status(), 422);
    assert!(missing.text().await.unwrap().contains("Bestätigen Sie das Lastschriftmandat"));
    let debit = app
        .post_form(
            &format!("{again}/lastschrift"),
            &[
                ("_csrf", &csrf),
                ("iban", "DE89 3704 0044 0532 0130 00"),
                ("account_holder", "Anna Beispiel"),
                ("mandate", "ja"),
            ],
        )
        .await;
    assert_eq!(path_of(&app.get(&path_of(&debit)).await), format!("/antraege/{id}/eingegangen"));
    let states: Vec<String> = payments::of_application(app.db(), id)
        .await
        .unwrap()
        .iter()
        .map(|p| p.status.as_str().to_string())
        .collect();
    assert_eq!(states, ["paid", "failed"]);
}

#[tokio::test]
async fn nobody_else_sees_or_completes_a_residents_payment_and_a_reused_key_is_refused() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let id = parking_draft(&app, &owner).await;
    press_pay(&app, id).await;
    let payment = payments::of_application(app.db(), id).await.unwrap().remove(0);

    app.forget_cookies();
    resident(&app, "mallory@example.org").await;
    assert_eq!(app.get(&format!("/antraege/{id}/zahlung")).await.status(), 404);
    assert_eq!(app.get(&format!("/zahlungen/{}/zurueck", payment.id)).await.status(), 404);

    // The same idempotency key for another request is a conflict, not a second payment.
    let other = rathaus_core::payments::fees::Fee {
        lines: vec![],
        total_cents: 100,
        due: rathaus_core::payments::fees::Due::AtSubmission,
        charge: Default::default(),
    };
    let reused = payments::create(
        app.db(),
        &*app.clock,
        &*app.state.payments,
        &payments::NewPayment {
            account: owner.id,
            application: id,
            purpose: payments::Purpose::Submission,
            fee: &other,
            idempotency_key: &format!("submission:{id}:0:{}", "x"),
            request: "",
            description: "x",
        },
        &|p| format!("/zahlungen/{p}/zurueck"),
    )
    .await;
    assert!(reused.is_ok(), "a new key is a new payment request");
    let again = payments::create(
        app.db(),
        &*app.clock,
        &*app.state.payments,
        &payments::NewPayment {
            account: owner.id,
            application: id,
            purpose: payments::Purpose::Submission,
            fee: &rathaus_core::payments::fees::Fee {
                total_cents: 200,
                ..other.clone()
            },
            idempotency_key: &format!("submission:{id}:0:{}", "x"),
            request: "",
            description: "x",
        },
        &|p| format!("/zahlungen/{p}/zurueck"),
    )
    .await;
    assert!(matches!(again, Err(rathaus_platform::Error::Invalid(_))), "{again:?}");
}

/// A worker of `app` whose webhooks reach `app` (the test's public address).
pub(crate) fn worker_of(app: &TestApp) -> Worker {
    let mut config = app.config.clone();
    config.public_url = app.base.clone();
    let mailer = Arc::new(rathaus_platform::mail::Mailer::from_config(&config).unwrap());
    let registry = rathaus_core::jobs::registry(&config, mailer, app.state.catalog.clone(), app.state.forms.clone()).unwrap();
    Worker::new(app.db().clone(), app.clock.clone(), registry, &config.worker)
}

#[tokio::test]
async fn a_payment_confirmed_while_rathaus_was_down_is_completed_by_the_recovery_once() {
    let first = TestApp::spawn().await;
    resident(&first, ANNA).await;
    let owner = accounts::find_by_email(first.db(), ANNA).await.unwrap();
    let id = parking_draft(&first, &owner).await;
    let checkout = path_of(&press_pay(&first, id).await);
    // The provider takes the money; then Rathaus is gone: the person never comes back
    // and the webhook job never runs on this node.
    pay_by_card(&first, &checkout, "4242 4242 4242 4242").await;
    let payment = payments::of_application(first.db(), id).await.unwrap().remove(0);
    assert_eq!(payment.status.as_str(), "open");
    // The provider's webhook is lost too (the Testkasse queues it in the shared jobs
    // table; a real provider's would fail against the dead node and give up).
    let conn = first.db().write();
    conn.execute_raw(rathaus_platform::db::stmt(
        conn,
        "DELETE FROM jobs WHERE kind = 'testkasse.webhook'",
        vec![],
    ))
    .await
    .unwrap();

    // Another node on the same database (the restart) runs its periodic jobs.
    let second = TestApp::spawn_on(first.database.clone(), |_| {}).await;
    let worker = worker_of(&second);
    worker.enqueue_periodic().await.unwrap();
    while worker.run_once().await.unwrap() > 0 {}
    assert_eq!(
        payments::by_id(second.db(), payment.id).await.unwrap().status.as_str(),
        "open",
        "a payment just begun is left to the person and the webhook"
    );
    second
        .clock
        .advance(chrono::Duration::seconds(second.config.payments.recover_after_secs + 60));
    worker.enqueue_periodic().await.unwrap();
    worker.enqueue_periodic().await.unwrap();
    assert_eq!(
        second.count("jobs WHERE kind = 'payments.recover' AND status = 'queued'").await,
        1,
        "one at a time"
    );
    while worker.run_once().await.unwrap() > 0 {}
    assert_eq!(payments::by_id(second.db(), payment.id).await.unwrap().status.as_str(), "paid");
    assert_eq!(applications::by_id(second.db(), id).await.unwrap().status.as_str(), "submitted");

    // The late webhook and another sweep change nothing: paid once, submitted once.
    worker.enqueue_periodic().await.unwrap();
    while worker.run_once().await.unwrap() > 0 {}
    assert_eq!(second.count("payment_events").await, 0, "no webhook came");
    let (body, signature) = webhook_for(&second, &reference_of(&checkout), "evt_late", second.clock.now()).await;
    assert_eq!(post_webhook(&second, &body, Some(signature)).await, 200);
    assert_eq!(second.count("audit_log WHERE action = 'payment.paid'").await, 1);
    assert_eq!(second.count("application_events WHERE kind = 'submitted'").await, 1);
    assert_eq!(second.count("testkasse_payments WHERE status = 'paid'").await, 1, "charged once");
}

/// Anna's parking permit, paid by card and submitted; returns the application and the
/// payment's id.
pub(crate) async fn paid_application(app: &TestApp) -> (Uuid, Uuid) {
    resident(app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let id = parking_draft(app, &owner).await;
    let checkout = path_of(&press_pay(app, id).await);
    let back = path_of(&pay_by_card(app, &checkout, "4242 4242 4242 4242").await);
    app.get(&back).await;
    let payment = payments::of_application(app.db(), id).await.unwrap().remove(0);
    assert_eq!(payment.status.as_str(), "paid");
    (id, payment.id)
}

async fn refund(app: &TestApp, payment: Uuid, amount: &str, reason: &str) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/daten").await;
    app.post_form(
        &format!("/verwaltung/zahlungen/{payment}/erstattung"),
        &[("_csrf", &csrf), ("amount", amount), ("reason", reason)],
    )
    .await
}

pub(crate) async fn decide_refund(app: &TestApp, refund: Uuid, how: &str) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/daten").await;
    app.post_form(&format!("/verwaltung/erstattungen/{refund}/{how}"), &[("_csrf", &csrf)])
        .await
}

#[tokio::test]
async fn the_cash_office_refunds_part_with_a_second_approval_and_case_workers_see_no_payment() {
    use crate::cases::{restore, save, staff_member};
    use crate::staff::grant;
    use rathaus_core::accounts::{Role, Scope};
    use rathaus_core::payments::refunds;

    let app = TestApp::spawn().await;
    let (id, payment) = paid_application(&app).await;
    let resident_cookies = save(&app);
    // The receipt and the payment confirmation are in the case's Postfach thread.
    let worker = crate::applying::worker(&app);
    while worker.run_once().await.unwrap() > 0 {}
    assert_eq!(app.count("inbox_messages WHERE kind = 'payment-confirmation'").await, 1);

    // A case worker of the agency: the case, but no payment fields (not on the page,
    // not in the thread) and no refunds.
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, "lbv").await;
    let (status, case) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert_eq!(status, 200);
    for field in ["KZ-2026", "Kassenzeichen", "65,00"] {
        assert!(!case.contains(field), "no payment field: {field}");
    }
    assert_eq!(app.get("/verwaltung/zahlungen").await.status(), 403);
    assert_eq!(refund(&app, payment, "10,00", "Versuch").await.status(), 403);

    // The cash office: Kasimir also works the cases, Paula only the payments.
    let kasimir = staff_member(&app, "kasimir.kasse@example.org", "Kasimir Kasse", Role::Payments, "lbv").await;
    grant(&app, kasimir, Role::CaseWorker, Scope::Agency("lbv".into())).await;
    let (_, case) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert!(case.contains("KZ-2026-0000001 – 65,00 € (bezahlt)"), "the payment on the case");
    assert!(case.matches("KZ-2026-0000001").count() > 1, "and its confirmation in the thread");
    let (status, list) = app.get_text("/verwaltung/zahlungen?suche=kz-2026-0000001").await;
    assert_eq!(status, 200);
    assert!(list.contains("KZ-2026-0000001") && list.contains("65,00 €"));

    // Too much, or without a reason: named, the typed amount kept.
    let too_much = refund(&app, payment, "70,00", "Zu viel").await;
    assert_eq!(too_much.status(), 422);
    let page = too_much.text().await.unwrap();
    assert!(page.contains("höchstens den noch erstattbaren") && page.contains("value=\"70,00\""));
    assert_eq!(refund(&app, payment, "10,00", " ").await.status(), 422);

    // Up to the limit (50 €) it goes at once; the resident is told.
    assert_eq!(
        path_of(&refund(&app, payment, "10", "Doppelt berechnet.").await),
        "/verwaltung/zahlungen?suche=&hinweis=erstattet"
    );
    let executed = refunds::of_payment(app.db(), payment).await.unwrap();
    assert_eq!(executed[0].status, refunds::RefundStatus::Executed);
    // Above it, a second person approves — never the one who asked.
    assert_eq!(
        path_of(&refund(&app, payment, "55,00", "Antrag zurückgenommen.").await),
        "/verwaltung/zahlungen?suche=&hinweis=freigabe"
    );
    let waiting = refunds::of_payment(app.db(), payment).await.unwrap().remove(1);
    assert_eq!(waiting.status, refunds::RefundStatus::Requested);
    let (_, list) = app.get_text("/verwaltung/zahlungen").await;
    assert!(list.contains("Von Ihnen beantragt: eine andere Person muss freigeben."));
    assert_eq!(decide_refund(&app, waiting.id, "freigeben").await.status(), 403, "four eyes");
    assert_eq!(
        refund(&app, payment, "0,01", "Rest").await.status(),
        422,
        "the waiting amount is bound"
    );

    // Another agency's cash office sees nothing of it.
    staff_member(&app, "fritz.fb@example.org", "Fritz Finanz", Role::Payments, "fb").await;
    let (_, other) = app.get_text("/verwaltung/zahlungen").await;
    assert!(!other.contains("KZ-2026-0000001"));
    assert_eq!(decide_refund(&app, waiting.id, "freigeben").await.status(), 404);
    assert_eq!(refund(&app, payment, "1,00", "Fremd").await.status(), 404);

    staff_member(&app, "paula.kasse@example.org", "Paula Kasse", Role::Payments, "lbv").await;
    assert_eq!(
        path_of(&decide_refund(&app, waiting.id, "freigeben").await),
        "/verwaltung/zahlungen?suche=&hinweis=erstattet"
    );
    assert_eq!(
        decide_refund(&app, waiting.id, "freigeben").await.status(),
        409,
        "decided is decided"
    );
    let (_, list) = app.get_text("/verwaltung/zahlungen").await;
    assert!(list.contains("Noch erstattbar</dt><dd>0,00 €"), "everything refunded");
    let refunded: i64 = app.count("testkasse_refunds").await;
    assert_eq!(refunded, 2, "the provider paid back twice: 10 € and 55 €");
    assert_eq!(app.count("audit_log WHERE action = 'refund.executed'").await, 2);
    assert_eq!(app.count("audit_log WHERE action = 'refund.requested'").await, 2);

    // The day's bookings for the accounting, and the provider's settlement matches.
    let csv = app
        .get("/verwaltung/zahlungen/buchungen.csv?tag=2026-11-23")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains(";bewohnerparkausweis;LBV-2310;43110.100;6500;payment;card;tk_"),
        "{csv}"
    );
    assert!(csv.contains(";-1000;refund;") && csv.contains(";-5500;refund;"), "{csv}");
    assert_eq!(app.count("audit_log WHERE action = 'payment.exported'").await, 1);
    let settlement = app
        .get("/testkasse/abrechnung.csv?tag=2026-11-23")
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let compare = |file: Vec<u8>| {
        let app = &app;
        async move {
            let action = crate::helpers::form_action(app, "/verwaltung/zahlungen", "abgleich").await;
            let part = reqwest::multipart::Part::bytes(file).file_name("abrechnung.csv");
            app.client
                .post(format!("{}{action}", app.base))
                .header("cookie", app.cookie_header())
                .multipart(reqwest::multipart::Form::new().part("file", part))
                .send()
                .await
                .unwrap()
        }
    };
    let matched = compare(settlement.clone()).await.text().await.unwrap();
    assert!(matched.contains("Alles stimmt überein: 3 Buchungen."), "{matched}");
    let text = String::from_utf8(settlement).unwrap();
    let first_refund = text.lines().find(|l| l.contains(";-1000;")).unwrap().to_string();
    let altered = text.replace(&first_refund, &first_refund.replace("-1000", "-1100")) + "tk_unknown;700;payment\n";
    let differences = compare(altered.into_bytes()).await.text().await.unwrap();
    assert!(differences.contains("2 Abweichungen."), "{differences}");
    assert!(differences.contains("Betrag weicht ab") && differences.contains("Abgerechnet, bei uns nicht gebucht"));
    let broken = compare(b"reference;amount_cents\ntk_1;zehn\n".to_vec()).await;
    assert_eq!(broken.status(), 422);
    assert!(broken.text().await.unwrap().contains("line 2"));

    // The resident reads both refunds in the inbox.
    restore(&app, &resident_cookies);
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let messages = rathaus_core::inbox::of_account(app.db(), &owner).await.unwrap();
    let refunds_told: Vec<_> = messages.iter().filter(|m| m.kind == "refund").collect();
    assert_eq!(refunds_told.len(), 2);
    assert!(
        refunds_told
            .iter()
            .any(|m| m.body.contains("55,00 €") && m.body.contains("Antrag zurückgenommen."))
    );
}

#[tokio::test]
async fn a_fee_due_after_the_decision_is_invoiced_reminded_once_and_paid() {
    use crate::cases::{AGENCY, case_of, restore, save, staff_member, step};
    use crate::decisions::{REMEDY, post_decision};
    use rathaus_core::accounts::Role;

    // Sessions outlast the month this test waits (in life she would sign in again).
    let app = TestApp::spawn_with(|c| {
        c.session.idle_timeout_minutes = 60 * 24 * 60;
        c.session.absolute_timeout_hours = 24 * 60;
    })
    .await;
    resident(&app, ANNA).await;
    let resident_cookies = save(&app);
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    // The dog tax: 90 € a year, due after the decision.
    let id = case_of(&app, &owner, AGENCY).await;
    assert_eq!(app.count("payments").await, 0, "nothing to pay before the decision");
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    step(&app, id, "start-review", "").await;
    let issued = post_decision(
        &app,
        id,
        &[
            ("outcome", "approved"),
            ("title", "Bescheid"),
            ("reasons", "Angemeldet."),
            ("remedy", REMEDY),
            ("action", "erlassen"),
        ],
    )
    .await;
    assert_eq!(issued.status(), 303);
    let invoice = payments::of_application(app.db(), id).await.unwrap().remove(0);
    assert_eq!(invoice.purpose, payments::Purpose::Invoice);
    assert_eq!(invoice.amount_cents, 9000);
    assert_eq!(invoice.due_on.unwrap().to_string(), "2026-12-23", "30 days after the decision");
    assert_eq!(invoice.provider_ref, None, "no provider until the person pays");

    restore(&app, &resident_cookies);
    let messages = rathaus_core::inbox::of_account(app.db(), &owner).await.unwrap();
    assert!(
        messages
            .iter()
            .any(|m| m.kind == "invoice" && m.body.contains("Steuer von 90,00 €") && m.body.contains("23.12.2026")),
        "the dog tax is called a tax, not a fee"
    );
    let (_, status) = app.get_text(&format!("/antraege/{id}")).await;
    assert!(status.contains("Jetzt bezahlen (90,00 €)") && status.contains(&invoice.cash_reference));

    // Not yet due: no reminder. Past the due day: one, however often the job runs.
    let worker = worker_of(&app);
    worker.enqueue_periodic().await.unwrap();
    while worker.run_once().await.unwrap() > 0 {}
    assert_eq!(app.count("inbox_messages WHERE kind = 'invoice-reminder'").await, 0);
    app.clock.advance(chrono::Duration::days(31));
    for _ in 0..2 {
        worker.enqueue_periodic().await.unwrap();
        while worker.run_once().await.unwrap() > 0 {}
    }
    assert_eq!(
        app.count("inbox_messages WHERE kind = 'invoice-reminder'").await,
        1,
        "reminded once"
    );
    let (_, status) = app.get_text(&format!("/antraege/{id}")).await;
    assert!(status.contains("Die Zahlungsfrist ist abgelaufen."), "{status}");

    // The thanks cannot be conjured by the address while the invoice is open.
    let (_, open) = app.get_text(&format!("/antraege/{id}?hinweis=bezahlt")).await;
    assert!(!open.contains("Ihre Zahlung ist eingegangen"));

    // Paying it: the provider's page, back to the application.
    let csrf = app.csrf_from(&format!("/antraege/{id}")).await;
    let pay = app
        .post_form(&format!("/zahlungen/{}/bezahlen", invoice.id), &[("_csrf", &csrf)])
        .await;
    let checkout = path_of(&pay);
    assert!(checkout.starts_with("/testkasse/tk_"));
    let back = path_of(&pay_by_card(&app, &checkout, "4242 4242 4242 4242").await);
    let landed = path_of(&app.get(&back).await);
    assert_eq!(landed, format!("/antraege/{id}?hinweis=bezahlt"));
    assert_eq!(payments::by_id(app.db(), invoice.id).await.unwrap().status.as_str(), "paid");
    let (_, status) = app.get_text(&landed).await;
    assert!(
        status.contains("Vielen Dank: Ihre Zahlung ist eingegangen."),
        "paying says it worked"
    );
    assert!(status.contains("Bezahlt am") && status.contains("Die Steuer ist bezahlt"));
    assert!(!status.contains("Jetzt bezahlen"));
}

async fn api_pay(app: &TestApp, id: Uuid, key: Option<&str>, body: Value) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/daten").await;
    let mut request = app
        .client
        .post(format!("{}/api/v1/applications/{id}/payment", app.base))
        .header("cookie", app.cookie_header())
        .header("x-csrf-token", csrf)
        .json(&body);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn an_api_client_starts_one_payment_per_idempotency_key() {
    let app = TestApp::spawn().await;
    resident(&app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let id = parking_draft(&app, &owner).await;
    let other = parking_draft(&app, &owner).await;
    let body = json!({ "delivery": { "method": "download" }, "amount_cents": 1 });

    assert_eq!(api_pay(&app, id, None, body.clone()).await.status(), 422, "the key is required");
    let first = api_pay(&app, id, Some("k-1"), body.clone()).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["amount_cents"], 6500, "the server's amount");
    assert!(first["pay_url"].as_str().unwrap().contains("/testkasse/tk_"));
    let again = api_pay(&app, id, Some("k-1"), body.clone()).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap()["id"], first["id"], "the same payment");
    assert_eq!(
        api_pay(&app, other, Some("k-1"), body.clone()).await.status(),
        422,
        "the key names another request"
    );
    // The same key for the same application with another body is another request too.
    let pickup = json!({ "delivery": { "method": "pickup", "location": "lbv-mitte" }, "amount_cents": 1 });
    let reused = api_pay(&app, id, Some("k-1"), pickup).await;
    assert_eq!(reused.status(), 422);
    let problem: Value = reused.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("another request"), "{problem}");
    // The same body written otherwise is the same request.
    let reordered = json!({ "amount_cents": 1, "delivery": { "method": "download" } });
    assert_eq!(api_pay(&app, id, Some("k-1"), reordered).await.status(), 200);
    assert_eq!(app.count("payments").await, 1);

    // While the first request is still at the provider, a repeat is told so.
    let provider_ref: String = app.scalar("SELECT provider_ref AS v FROM payments").await;
    let redirect_url: String = app.scalar("SELECT redirect_url AS v FROM payments").await;
    app.exec("UPDATE payments SET provider_ref = NULL, redirect_url = NULL").await;
    let waiting = api_pay(&app, id, Some("k-1"), body.clone()).await;
    assert_eq!(waiting.status(), 409);
    let problem: Value = waiting.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("still being processed"), "{problem}");
    let another_key = api_pay(&app, id, Some("k-2"), body.clone()).await;
    assert_eq!(another_key.status(), 409, "another request waits for the running payment too");
    app.exec(&format!(
        "UPDATE payments SET provider_ref = '{provider_ref}', redirect_url = '{redirect_url}'"
    ))
    .await;
    assert_eq!(app.count("payments").await, 1);

    // While it runs, the answers stay; submitting without paying answers 402.
    let csrf = app.csrf_from("/konto/daten").await;
    let edit = app
        .client
        .put(format!("{}/api/v1/applications/{id}/pages/gebiet", app.base))
        .header("cookie", app.cookie_header())
        .header("x-csrf-token", &csrf)
        .json(&json!({ "zone": "E406", "start": "1.3.2027" }))
        .send()
        .await
        .unwrap();
    assert_eq!(edit.status(), 409);
    let submit = app
        .client
        .post(format!("{}/api/v1/applications/{other}/submit", app.base))
        .header("cookie", app.cookie_header())
        .header("x-csrf-token", &csrf)
        .json(&json!({ "delivery": { "method": "download" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(submit.status(), 402);
    assert_eq!(submit.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = submit.json().await.unwrap();
    assert_eq!(problem["title"], "Zahlung nötig", "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("/pruefen"), "says where to pay");
    assert_eq!(problem["instance"], format!("/api/v1/applications/{other}/submit"));
    assert_eq!(applications::by_id(app.db(), other).await.unwrap().status.as_str(), "draft");
}
