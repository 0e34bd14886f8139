//! Applications in the domain: drafts saved per page, submitted once with a case
//! reference however often and however concurrently the button is pressed, visible only
//! to their owner, stale drafts purged, submitted ones kept when the account goes.

use serde_json::{Map, Value, json};

use crate::helpers::{TestApp, acting};
use rathaus_core::accounts::{self, Account, AccountKind, privacy};
use rathaus_core::applications;
use rathaus_core::forms::{self, FormDefinition};
use rathaus_platform::i18n::Lang;

/// Submissions in the tests go to the registry office of Hamburg-Mitte.
const TO: applications::Submission<'static> = applications::Submission {
    prefix: "HH",
    lang: Lang::De,
    agency: "ba-hamburg-mitte",
    processing_days: Some(10),
    delivery: None,
};

pub(crate) async fn person(app: &TestApp, email: &str) -> Account {
    accounts::create_account(app.db(), &*app.clock, "test", AccountKind::Person, email, "Anna Beispiel")
        .await
        .unwrap()
}

pub(crate) fn dog_form() -> FormDefinition {
    forms::shipped()
        .unwrap()
        .into_iter()
        .find(|f| f.id == "hund-anmelden-steuer")
        .unwrap()
}

fn map(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

/// Fills in every page of the dog form correctly.
pub(crate) async fn complete(app: &TestApp, owner: &Account, id: uuid::Uuid, form: &FormDefinition) {
    let pages = [
        (
            "halter",
            json!({ "given_name": "Anna", "family_name": "Beispiel", "birth_date": "27.3.1985",
                "address": { "street": "Musterweg 1", "postcode": "20095", "city": "Hamburg" }, "email": "anna@example.org" }),
        ),
        (
            "hund",
            json!({ "dog_name": "Bello", "breed": "Labrador", "dog_born": "1.6.2020", "dog_sex": "male",
                "chip_number": "276098106123456", "kept_since": "1.8.2020", "dangerous": "nein" }),
        ),
        ("steuer", json!({ "exemption": "nein" })),
        (
            "zahlung",
            json!({ "direct_debit": "ja", "iban": "DE89 3704 0044 0532 0130 00", "account_holder": "Anna Beispiel" }),
        ),
    ];
    for (page, answers) in pages {
        let checked = applications::save_page(app.db(), &*app.clock, &acting(owner), id, form, page, &map(answers))
            .await
            .unwrap();
        assert!(checked.problems.is_empty(), "{page}: {:?}", checked.problems);
    }
}

/// A new application of `owner`, filled in and submitted: its id and reference.
async fn submitted(app: &TestApp, owner: &Account, form: &FormDefinition) -> (uuid::Uuid, String) {
    let draft = applications::start(app.db(), &*app.clock, &acting(owner), None, form)
        .await
        .unwrap();
    complete(app, owner, draft.id, form).await;
    let done = applications::submit(app.db(), &*app.clock, &acting(owner), draft.id, form, TO)
        .await
        .unwrap()
        .unwrap();
    (draft.id, done.reference)
}

#[tokio::test]
async fn a_draft_is_saved_per_page_and_submitted_once_with_a_reference() {
    let app = TestApp::spawn().await;
    let anna = person(&app, "anna@example.org").await;
    let form = dog_form();
    let draft = applications::start(app.db(), &*app.clock, &acting(&anna), None, &form)
        .await
        .unwrap();
    assert_eq!((draft.status.as_str(), draft.form_version), ("draft", 1));

    // A page with a mistake keeps what was right and names the mistake.
    let checked = applications::save_page(
        app.db(),
        &*app.clock,
        &acting(&anna),
        draft.id,
        &form,
        "halter",
        &map(json!({ "given_name": "Anna", "family_name": "", "birth_date": "27.3.1985" })),
    )
    .await
    .unwrap();
    assert!(checked.problems.iter().any(|p| p.path == "family_name"));
    let saved = applications::own(app.db(), &acting(&anna), draft.id).await.unwrap();
    assert_eq!(saved.answers["birth_date"], "1985-03-27");

    // Submitting an incomplete draft changes nothing and lists what is missing.
    let refused = applications::submit(app.db(), &*app.clock, &acting(&anna), draft.id, &form, TO)
        .await
        .unwrap();
    let applications::NotSubmitted::Problems(problems) = refused.unwrap_err() else {
        panic!("the dog tax is paid after the decision")
    };
    assert!(problems.iter().any(|p| p.path == "dog_name"));

    complete(&app, &anna, draft.id, &form).await;
    let first = applications::submit(app.db(), &*app.clock, &acting(&anna), draft.id, &form, TO)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.reference, "HH-2026-000001");
    assert!(first.just_now);
    let again = applications::submit(app.db(), &*app.clock, &acting(&anna), draft.id, &form, TO)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.reference, first.reference);
    assert!(!again.just_now, "the second press changes nothing");

    let submitted = applications::own(app.db(), &acting(&anna), draft.id).await.unwrap();
    assert_eq!(submitted.status.as_str(), "submitted");
    assert_eq!(submitted.answers["iban"], "DE89370400440532013000");
    let kinds: Vec<String> = applications::events(app.db(), draft.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, ["started", "submitted"]);
    let late = applications::save_page(
        app.db(),
        &*app.clock,
        &acting(&anna),
        draft.id,
        &form,
        "steuer",
        &map(json!({ "exemption": "ja" })),
    )
    .await;
    assert!(
        matches!(late, Err(rathaus_platform::Error::Conflict(_))),
        "a submitted application is not edited"
    );
}

#[tokio::test]
async fn nobody_else_sees_or_changes_a_draft() {
    let app = TestApp::spawn().await;
    let anna = person(&app, "anna@example.org").await;
    let mallory = person(&app, "mallory@example.org").await;
    let form = dog_form();
    let draft = applications::start(app.db(), &*app.clock, &acting(&anna), None, &form)
        .await
        .unwrap();
    assert!(matches!(
        applications::own(app.db(), &acting(&mallory), draft.id).await,
        Err(rathaus_platform::Error::NotFound)
    ));
    let write = applications::save_page(
        app.db(),
        &*app.clock,
        &acting(&mallory),
        draft.id,
        &form,
        "steuer",
        &map(json!({ "exemption": "ja" })),
    )
    .await;
    assert!(matches!(write, Err(rathaus_platform::Error::NotFound)));
    let submit = applications::submit(app.db(), &*app.clock, &acting(&mallory), draft.id, &form, TO).await;
    assert!(matches!(submit, Err(rathaus_platform::Error::NotFound)));
    assert!(applications::of_account(app.db(), &mallory).await.unwrap().is_empty());
}

#[tokio::test]
async fn many_simultaneous_submits_make_one_application() {
    let app = TestApp::spawn().await;
    let anna = person(&app, "anna@example.org").await;
    let form = dog_form();
    let draft = applications::start(app.db(), &*app.clock, &acting(&anna), None, &form)
        .await
        .unwrap();
    complete(&app, &anna, draft.id, &form).await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (db, clock, anna, form) = (app.db().clone(), app.clock.clone(), anna.clone(), form.clone());
        tasks.push(tokio::spawn(async move {
            applications::submit(&db, &*clock, &acting(&anna), draft.id, &form, TO)
                .await
                .unwrap()
                .unwrap()
        }));
    }
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    assert_eq!(results.iter().filter(|r| r.just_now).count(), 1, "{results:?}");
    assert!(results.iter().all(|r| r.reference == "HH-2026-000001"), "{results:?}");
    let kinds: Vec<String> = applications::events(app.db(), draft.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds.iter().filter(|k| *k == "submitted").count(), 1);
    // The next application takes the next number.
    let (_, next) = submitted(&app, &anna, &form).await;
    assert_eq!(next, "HH-2026-000002");
}

#[tokio::test]
async fn references_start_again_each_year() {
    let app = TestApp::spawn().await;
    let anna = person(&app, "anna@example.org").await;
    let form = dog_form();
    app.clock
        .set(chrono::DateTime::parse_from_rfc3339("2027-01-04T09:00:00Z").unwrap().to_utc());
    let (_, reference) = submitted(&app, &anna, &form).await;
    assert_eq!(reference, "HH-2027-000001");
}

#[tokio::test]
async fn stale_drafts_go_submitted_applications_stay() {
    let app = TestApp::spawn().await;
    let anna = person(&app, "anna@example.org").await;
    let form = dog_form();
    let stale = applications::start(app.db(), &*app.clock, &acting(&anna), None, &form)
        .await
        .unwrap();
    let (done, _) = submitted(&app, &anna, &form).await;

    app.clock.advance(chrono::Duration::days(applications::DRAFT_RETENTION_DAYS - 1));
    let worker = crate::applying::worker(&app);
    let purge = || async {
        worker.enqueue_periodic().await.unwrap();
        while worker.run_once().await.unwrap() > 0 {}
    };
    purge().await;
    assert!(applications::own(app.db(), &acting(&anna), stale.id).await.is_ok(), "not yet");
    app.clock.advance(chrono::Duration::days(2));
    purge().await;
    assert!(
        applications::own(app.db(), &acting(&anna), stale.id).await.is_err(),
        "the stale draft is gone"
    );
    assert!(
        applications::own(app.db(), &acting(&anna), done).await.is_ok(),
        "the submitted one stays"
    );
}

#[tokio::test]
async fn deleting_the_account_deletes_drafts_and_keeps_submitted_applications() {
    let app = TestApp::spawn().await;
    let anna = person(&app, "anna@example.org").await;
    let form = dog_form();
    let draft = applications::start(app.db(), &*app.clock, &acting(&anna), None, &form)
        .await
        .unwrap();
    let (done, _) = submitted(&app, &anna, &form).await;

    let export = privacy::export(app.db(), &*app.clock, anna.id, false).await.unwrap();
    assert_eq!(export["applications"].as_array().unwrap().len(), 2);
    assert_eq!(export["application_events"].as_array().unwrap().len(), 3);

    let report = privacy::delete_account(app.db(), &app.state.blobs, &*app.clock, &anna)
        .await
        .unwrap();
    assert!(report.kept.contains(&"privacy-kept-applications"));
    assert!(applications::own(app.db(), &acting(&anna), draft.id).await.is_err());
    let kept = applications::own(app.db(), &acting(&anna), done).await.unwrap();
    assert_eq!(kept.reference.as_deref(), Some("HH-2026-000001"));
    assert_eq!(app.count("application_events").await, 2, "the draft's event went with it");
}
