//! A fee waiver (Gebührenerlass) as part of a decision, tried as an attacker would: no
//! more than the decision charges, never without reasons, under four eyes where the
//! agency requires it (nobody approves their own, another agency's clerk sees nothing),
//! invoiced less or refunded by the decision's own order — which the cash office can
//! neither approve nor refuse — and never in a correction.

use rathaus_core::accounts::Role;
use rathaus_core::cases::{decisions, four_eyes};
use rathaus_core::payments::{self, refunds};
use rathaus_core::transparency::extract;
use rathaus_core::transparency::metadata::Format;
use uuid::Uuid;

use crate::cases::{AGENCY, OTHER_AGENCY, anna, case_of, restore, save, staff_member, step};
use crate::decisions::{REMEDY, post_decision};
use crate::helpers::TestApp;
use crate::payments::{decide_refund, paid_application, worker_of};

const REASONS: &str = "Ihr Hund ist zur Hundesteuer angemeldet.";
const WAIVER_REASON: &str = "Erlass nach § 9 Hundesteuergesetz: Ihr Hund ist ein Assistenzhund.";

fn decision<'a>(action: &'a str, waived: &'a str, reason: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("outcome", "approved"),
        ("title", "Bescheid über die Hundesteuer"),
        ("reasons", REASONS),
        ("remedy", REMEDY),
        ("waived", waived),
        ("waiver_reason", reason),
        ("note", "Bitte den Erlass ansehen."),
        ("action", action),
    ]
}

async fn post(app: &TestApp, path: &str) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/daten").await;
    app.post_form(path, &[("_csrf", csrf.as_str())]).await
}

fn text_of(pdf: &[u8]) -> String {
    extract::extract(Format::Pdf, pdf).pages().join("\n")
}

#[tokio::test]
async fn a_waiver_needs_reasons_a_second_clerk_where_the_agency_says_and_is_invoiced_less() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    // The dog tax (90 €, invoiced after the decision) at the Finanzbehörde, where the
    // demo city has every fee waiver seen by a second clerk.
    let id = case_of(&app, &owner, AGENCY).await;
    assert!(four_eyes::fee_waivers(app.db().write(), AGENCY).await.unwrap());
    let carla = staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    let as_carla = save(&app);
    step(&app, id, "start-review", "").await;

    let (_, editor) = app.get_text(&format!("/verwaltung/vorgaenge/{id}/bescheid")).await;
    assert!(editor.contains("Steuer und Erlass") && editor.contains("Erlassen werden können höchstens 90,00 €."));
    assert!(editor.contains("Bescheid erlassen</button>") && editor.contains("Zur Freigabe vorlegen"));

    // More than the fee, an amount that is none, or no reasons: named, the text kept.
    for (waived, reason, message) in [
        ("100", WAIVER_REASON, "höchstens die Gebühr dieses Bescheids"),
        ("zehn", WAIVER_REASON, "höchstens die Gebühr dieses Bescheids"),
        ("0", WAIVER_REASON, "höchstens die Gebühr dieses Bescheids"),
        ("30", "  ", "Begründen Sie den Gebührenerlass."),
    ] {
        let refused = post_decision(&app, id, &decision("erlassen", waived, reason)).await;
        assert_eq!(refused.status(), 422, "{waived}");
        let page = refused.text().await.unwrap();
        assert!(page.contains(message) && page.contains(REASONS), "{waived}: {message}");
        assert!(page.contains(&format!("value=\"{waived}\"")), "the typed amount stays");
    }
    // Issuing it alone is refused: the waiver needs a second clerk here.
    let alone = post_decision(&app, id, &decision("erlassen", "30,00", WAIVER_REASON)).await;
    assert_eq!(alone.status(), 422);
    let page = alone.text().await.unwrap();
    assert!(page.contains("Ein Gebührenerlass braucht hier die Zustimmung einer zweiten Person") && page.contains(WAIVER_REASON));
    assert_eq!(app.count("decisions").await, 0);

    // The preview states the waiver, what is left to pay, and why.
    let preview = post_decision(&app, id, &decision("vorschau", "30,00", WAIVER_REASON)).await;
    assert_eq!(preview.headers()["content-type"], "application/pdf");
    let text = text_of(&preview.bytes().await.unwrap());
    for line in [
        "Erlassen mit diesem Bescheid: 30,00",
        "Zusammen 60,00",
        "Begründung des Erlasses",
        "Assistenzhund",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }

    // Carla proposes it; she cannot approve it herself; another agency cannot see it.
    assert_eq!(
        post_decision(&app, id, &decision("vorlegen", "30,00", WAIVER_REASON))
            .await
            .status(),
        303
    );
    let proposal = four_eyes::open_of(app.db(), id).await.unwrap().expect("the proposal");
    let waiver = proposal.draft.waiver.clone().expect("the proposal carries the waiver");
    assert_eq!((waiver.cents, waiver.reason.as_str()), (3000, WAIVER_REASON));
    let (_, case) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert!(case.contains("Gebührenerlass: 30,00 €"));
    let approve = format!("/verwaltung/vorgaenge/{id}/vorschlaege/{}/freigeben", proposal.id);
    assert_eq!(post(&app, &approve).await.status(), 403);
    staff_member(&app, "otto.other@example.org", "Otto Anders", Role::CaseWorker, OTHER_AGENCY).await;
    assert_eq!(post(&app, &approve).await.status(), 404);
    assert_eq!(app.count("decisions").await, 0);
    assert_eq!(app.count("payments").await, 0);

    // Bernd approves: the decision waives 30 €, the invoice asks for 60 €.
    let bernd = staff_member(&app, "bernd.zweit@example.org", "Bernd Zweit", Role::CaseWorker, AGENCY).await;
    assert_eq!(post(&app, &approve).await.status(), 303);
    let issued = decisions::of_case(app.db(), id).await.unwrap().remove(0);
    assert_eq!(issued.waived_cents, Some(3000));
    let (by, proposed_by): (Uuid, Option<Uuid>) = (
        app.scalar("SELECT issued_by AS v FROM decisions").await,
        app.scalar("SELECT proposed_by AS v FROM decisions").await,
    );
    assert_eq!((by, proposed_by), (bernd, Some(carla)));
    let invoice = payments::of_application(app.db(), id).await.unwrap().remove(0);
    assert_eq!(invoice.amount_cents, 6000);
    let last = invoice.fee.lines.last().unwrap();
    assert_eq!((last.label_de.as_str(), last.cents), ("Erlass laut Bescheid", -3000));
    let details: String = app
        .scalar("SELECT CAST(details AS TEXT) AS v FROM audit_log WHERE action = 'decision.issued'")
        .await;
    assert!(details.contains("\"waived_cents\":3000"), "{details}");

    // A correction settles no fee: a waiver in it is refused, on the page and in core.
    restore(&app, &as_carla);
    let mut correction = decision("vorlegen", "10", WAIVER_REASON);
    let corrects = issued.id.to_string();
    correction.push(("corrects", &corrects));
    let refused = post_decision(&app, id, &correction).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("keine Gebühr, die erlassen werden könnte"));
    assert_eq!(four_eyes::of_case(app.db(), id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_waiver_in_full_sends_no_invoice_and_an_agency_administrator_decides_who_looks() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let id = case_of(&app, &owner, AGENCY).await;
    // The Finanzbehörde's administrator lets clerks waive alone; audited.
    staff_member(&app, "ada.admin@example.org", "Ada Verwaltung", Role::AgencyAdmin, AGENCY).await;
    let (_, page) = app.get_text("/verwaltung/vier-augen").await;
    assert!(page.contains("name=\"fee_waivers\" value=\"on\" checked"));
    let csrf = app.csrf_from("/konto/daten").await;
    let saved = app
        .post_form("/verwaltung/vier-augen", &[("_csrf", csrf.as_str()), ("agency", AGENCY)])
        .await;
    assert_eq!(saved.status(), 303);
    assert!(!four_eyes::fee_waivers(app.db().write(), AGENCY).await.unwrap());
    assert_eq!(app.count("audit_log WHERE action = 'four-eyes.fee-waivers'").await, 1);
    // Another agency's administrator cannot switch it back on.
    staff_member(&app, "nora.nord@example.org", "Nora Nord", Role::AgencyAdmin, "ba-hamburg-nord").await;
    let csrf = app.csrf_from("/konto/daten").await;
    let other = app
        .post_form(
            "/verwaltung/vier-augen",
            &[("_csrf", csrf.as_str()), ("agency", AGENCY), ("fee_waivers", "on")],
        )
        .await;
    assert_eq!(other.status(), 403);
    assert!(!four_eyes::fee_waivers(app.db().write(), AGENCY).await.unwrap());

    // Carla waives the whole tax alone: no invoice, the decision says so.
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    step(&app, id, "start-review", "").await;
    let (_, editor) = app.get_text(&format!("/verwaltung/vorgaenge/{id}/bescheid")).await;
    assert!(!editor.contains("Zur Freigabe vorlegen"));
    let preview = post_decision(&app, id, &decision("vorschau", "90", WAIVER_REASON)).await;
    assert!(text_of(&preview.bytes().await.unwrap()).contains("Die Steuer ist vollständig erlassen."));
    assert_eq!(
        post_decision(&app, id, &decision("erlassen", "90", WAIVER_REASON)).await.status(),
        303
    );
    assert_eq!(app.count("decisions WHERE waived_cents = 9000").await, 1);
    assert_eq!(app.count("payments").await, 0, "nothing is invoiced");
    assert_eq!(app.count("inbox_messages WHERE kind = 'invoice'").await, 0);

    // A rejection of a fee due after the decision charges nothing, so waives nothing.
    let second = case_of(&app, &owner, AGENCY).await;
    step(&app, second, "start-review", "").await;
    let mut rejected = decision("erlassen", "10", WAIVER_REASON);
    rejected[0] = ("outcome", "rejected");
    let refused = post_decision(&app, second, &rejected).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("keine Gebühr, die erlassen werden könnte"));
}

#[tokio::test]
async fn a_waiver_of_a_fee_paid_with_the_application_is_refunded_by_the_decisions_order_once() {
    use rathaus_core::accounts::Scope;

    let app = TestApp::spawn().await;
    // The residents' parking permit: 65 € paid by card with the application (LBV).
    let (id, payment) = paid_application(&app).await;
    let resident = save(&app);
    let kasimir = staff_member(&app, "kasimir.kasse@example.org", "Kasimir Kasse", Role::Payments, "lbv").await;
    crate::staff::grant(&app, kasimir, Role::CaseWorker, Scope::Agency("lbv".into())).await;
    let as_kasimir = save(&app);
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, "lbv").await;
    let as_carla = save(&app);
    step(&app, id, "start-review", "").await;
    let (_, editor) = app.get_text(&format!("/verwaltung/vorgaenge/{id}/bescheid")).await;
    assert!(editor.contains("Was Sie erlassen, wird mit dem Bescheid erstattet.") && editor.contains("höchstens 65,00 €"));

    // Meanwhile the cash office refunded 50 € of it: only 15 € are left to waive.
    restore(&app, &as_kasimir);
    let csrf = app.csrf_from("/konto/daten").await;
    let refunded = app
        .post_form(
            &format!("/verwaltung/zahlungen/{payment}/erstattung"),
            &[("_csrf", csrf.as_str()), ("amount", "50"), ("reason", "Doppelt beantragt.")],
        )
        .await;
    assert_eq!(refunded.status(), 303);
    restore(&app, &as_carla);
    let mut fields = decision("erlassen", "20", "Ermäßigung nach § 3 Gebührenordnung: Schwerbehinderung.");
    fields[1] = ("title", "Bescheid über den Bewohnerparkausweis");
    let too_much = post_decision(&app, id, &fields).await;
    assert_eq!(too_much.status(), 422);
    assert!(too_much.text().await.unwrap().contains("höchstens die Gebühr dieses Bescheids"));
    fields[4] = ("waived", "15");
    assert_eq!(post_decision(&app, id, &fields).await.status(), 303);

    // The decision orders the refund: waiting for the job, not for the cash office.
    let ordered = refunds::of_payment(app.db(), payment).await.unwrap().remove(1);
    let decision = decisions::of_case(app.db(), id).await.unwrap().remove(0);
    assert_eq!(
        (ordered.amount_cents, ordered.status, ordered.decision_id),
        (1500, refunds::RefundStatus::Requested, Some(decision.id))
    );
    assert!(ordered.reason.contains(&decision.code));
    restore(&app, &as_kasimir);
    assert_eq!(decide_refund(&app, ordered.id, "ablehnen").await.status(), 409);
    assert_eq!(decide_refund(&app, ordered.id, "freigeben").await.status(), 409);
    let (_, list) = app.get_text("/verwaltung/zahlungen").await;
    assert!(list.contains("Gebührenerlass laut Bescheid") && !list.contains(&format!("/verwaltung/erstattungen/{}/freigeben", ordered.id)));

    // The job pays it back once, however often it runs; the resident is told.
    let worker = worker_of(&app);
    for _ in 0..2 {
        while worker.run_once().await.unwrap() > 0 {}
    }
    let ordered = refunds::of_payment(app.db(), payment).await.unwrap().remove(1);
    assert_eq!(ordered.status, refunds::RefundStatus::Executed);
    assert_eq!(app.count("testkasse_refunds").await, 2, "the cash office's and the decision's");
    assert_eq!(app.count("refunds WHERE status = 'executed'").await, 2);
    restore(&app, &resident);
    let owner = rathaus_core::accounts::find_by_email(app.db(), "anna@example.org").await.unwrap();
    let messages = rathaus_core::inbox::of_account(app.db(), &owner).await.unwrap();
    assert!(
        messages
            .iter()
            .any(|m| m.kind == refunds::INBOX_KIND && m.body.contains("15,00") && m.body.contains("Gebührenerlass laut Bescheid")),
        "the resident is told in the Postfach, with the decision named"
    );
    let decision_message = messages.iter().find(|m| m.kind == decisions::INBOX_KIND).expect("the decision");
    let document = app.get(&format!("/postfach/{}/dokument", decision_message.id)).await;
    assert_eq!(document.status(), 200);
    let text = text_of(&document.bytes().await.unwrap());
    for line in ["Erlassen mit diesem Bescheid: 15,00", "Erstattet werden 15,00", "Schwerbehinderung"] {
        assert!(text.contains(line), "{line} in the issued decision: {text}");
    }
}
