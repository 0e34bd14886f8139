//! An information request says what to do and by when: the clerk sets the day (by
//! default the service's days to answer), the mail's subject names it, the status page
//! shows it first, and a reminder goes out three days before — once, and only while the
//! request is open. Tried with the clock moved.

use chrono::{Duration, TimeZone, Utc};

use crate::accounts::{confirmed_account, mails_to};
use crate::cases::{AGENCY, case_of, restore, save, staff_member, status_of};
use crate::helpers::{TestApp, extract_value};
use crate::second_factor::sign_in_with_app;
use rathaus_core::accounts::{self, Role};
use rathaus_core::applications;

const ANNA: &str = "anna@example.org";
const QUESTION: &str = "Bitte reichen Sie den Nachweis der Haftpflichtversicherung nach.";

async fn request(app: &TestApp, id: uuid::Uuid, respond_by: &str) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/daten").await;
    app.post_form(
        &format!("/verwaltung/vorgaenge/{id}/schritt"),
        &[
            ("_csrf", &csrf),
            ("step", "request-information"),
            ("message", QUESTION),
            ("respond_by", respond_by),
        ],
    )
    .await
}

async fn run_jobs(app: &TestApp) {
    let worker = crate::applying::worker(app);
    while worker.run_once().await.unwrap() > 0 {}
}

async fn reminders(app: &TestApp) -> usize {
    mails_to(app, ANNA)
        .await
        .iter()
        .filter(|m| m.subject.starts_with("Erinnerung"))
        .count()
}

#[tokio::test]
async fn a_request_has_a_deadline_in_its_subject_first_on_the_status_page_and_one_reminder() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let id = case_of(&app, &owner, AGENCY).await;
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    let clerk = save(&app);
    crate::cases::step(&app, id, "start-review", "").await;

    // The form offers the service's default (14 days from 23.11.2026).
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert_eq!(extract_value(&page, "respond_by").as_deref(), Some("2026-12-07"));
    // Not after today, too far ahead, not a day: refused at the field, the text kept.
    for bad in ["2026-11-23", "2027-03-01", "bald"] {
        let refused = request(&app, id, bad).await;
        assert_eq!(refused.status(), 422, "{bad}");
        let page = refused.text().await.unwrap();
        assert!(page.contains("Bitte geben Sie einen Tag nach heute an"), "{bad}");
        assert!(page.contains(QUESTION), "{bad}: the question is kept");
    }
    assert_eq!(status_of(&app, id).await, "in_review");

    // Typed the German way, too.
    assert_eq!(request(&app, id, "03.12.2026").await.status(), 303);
    let case = applications::by_id(app.db(), id).await.unwrap();
    assert_eq!(case.respond_by, chrono::NaiveDate::from_ymd_opt(2026, 12, 3));
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{id}")).await;
    assert!(page.contains("Antwort bis 03.12.2026"), "the clerk sees the deadline");
    run_jobs(&app).await;
    let subjects: Vec<String> = mails_to(&app, ANNA).await.into_iter().map(|m| m.subject).collect();
    assert!(
        subjects
            .iter()
            .any(|s| s == "Handeln Sie bis 03.12.2026: Rückfrage zu Ihrem Antrag HH-2026-000001"),
        "{subjects:?}"
    );
    assert!(
        subjects.iter().any(|s| s == "Ihr Antrag HH-2026-000001 wird jetzt bearbeitet"),
        "the start of the review reads differently: {subjects:?}"
    );

    // The resident's status page says it first, and leads to the question itself.
    app.forget_cookies();
    sign_in_with_app(&app, ANNA).await;
    let (_, status) = app.get_text(&format!("/antraege/{id}")).await;
    let deadline = status.find("Bitte antworten Sie bis 03.12.2026.").expect("the deadline is shown");
    assert!(deadline < status.find("class=\"facts\"").unwrap(), "before the facts");
    let message = rathaus_core::inbox::of_account(app.db(), &owner)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.kind == rathaus_core::inbox::KIND_INFORMATION_REQUEST)
        .unwrap();
    assert_eq!(
        message.subject,
        "Bitte antworten Sie bis 03.12.2026: Rückfrage zu Ihrem Antrag HH-2026-000001"
    );
    assert!(status.contains(&format!("href=\"/postfach/{}\"", message.id)));
    let due = case.due_on.unwrap().format("%d.%m.%Y").to_string();
    assert!(
        status.contains(&format!("Voraussichtliche Entscheidung bis</dt><dd>{due}</dd>")),
        "the expected decision date is shown"
    );

    // The reminder: 30.11.2026 at 08:00 in Hamburg (07:00 UTC) — not a minute before, once.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 30, 6, 59, 0).unwrap());
    run_jobs(&app).await;
    assert_eq!(reminders(&app).await, 0);
    app.clock.advance(Duration::minutes(2));
    run_jobs(&app).await;
    assert_eq!(reminders(&app).await, 1);
    let reminder = mails_to(&app, ANNA)
        .await
        .into_iter()
        .find(|m| m.subject.starts_with("Erinnerung"))
        .unwrap();
    assert_eq!(
        reminder.subject,
        "Erinnerung: Bitte antworten Sie bis 03.12.2026 zu Ihrem Antrag HH-2026-000001"
    );
    assert!(!reminder.body_text.contains("Haftpflicht"), "no content of the case in a mail");
    app.clock.advance(Duration::days(1));
    run_jobs(&app).await;
    assert_eq!(reminders(&app).await, 1, "once");

    // Answered (the clerk resumes): a second request's reminder goes out; a request
    // answered before its reminder sends none.
    restore(&app, &clerk);
    sign_in_with_app(&app, "carla.case@example.org").await;
    crate::cases::step(&app, id, "resume-review", "").await;
    assert_eq!(request(&app, id, "").await.status(), 303, "empty: the default");
    let case = applications::by_id(app.db(), id).await.unwrap();
    assert_eq!(
        case.respond_by,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 15),
        "14 days from 01.12.2026"
    );
    crate::cases::step(&app, id, "resume-review", "").await;
    assert_eq!(applications::by_id(app.db(), id).await.unwrap().respond_by, None);
    app.clock.advance(Duration::days(14));
    run_jobs(&app).await;
    assert_eq!(reminders(&app).await, 1, "no reminder for an answered request");
}
