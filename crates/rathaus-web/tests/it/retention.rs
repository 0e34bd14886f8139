//! Retention: a closed case is kept for its service's years, then erased — answers,
//! files, messages, notes and the decision's text — while the figures, the decision's
//! outcome and its check code stay. Tried with the clock moved, and from the attacker's
//! side: the decision's one allowed change cannot be made on its own.

use chrono::Duration;
use sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};

use crate::accounts::confirmed_account;
use crate::cases::{AGENCY, case_of, staff_member, status_of, step};
use crate::decisions::{REMEDY, post_decision};
use crate::helpers::TestApp;
use crate::second_factor::sign_in_with_app;
use rathaus_core::accounts::{self, Role};
use rathaus_core::cases::retention::{self, RetentionReport};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::stmt;

const ANNA: &str = "anna@example.org";

async fn erase_due(app: &TestApp) -> RetentionReport {
    retention::erase_due(app.db(), &app.state.blobs, &*app.clock).await.unwrap()
}

async fn scalar_for(app: &TestApp, sql: &str, id: uuid::Uuid) -> i64 {
    let conn = app.db().write();
    let row = conn.query_one_raw(stmt(conn, sql, vec![id.into()])).await.unwrap().unwrap();
    row.try_get_by_index(0).unwrap()
}

#[tokio::test]
async fn a_closed_case_is_kept_for_its_years_then_erased_but_still_counted_and_checkable() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let closed = case_of(&app, &owner, AGENCY).await;
    let still_open = case_of(&app, &owner, AGENCY).await;
    let clerk = staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;

    // The case goes its whole way: a question, a note, a decision, delivered, closed.
    assert_eq!(step(&app, closed, "start-review", "").await.status(), 303);
    step(&app, closed, "request-information", "Bitte reichen Sie den Chipnachweis nach.").await;
    step(&app, closed, "resume-review", "").await;
    let scope = rathaus_core::cases::CaseScope::of(clerk, &accounts::grants_of(app.db(), clerk).await.unwrap());
    let case = rathaus_core::cases::for_staff(app.db(), &scope, closed).await.unwrap();
    rathaus_core::cases::notes::add(app.db(), &*app.clock, &scope, &case, "Halterin hat angerufen.")
        .await
        .unwrap();
    let issued = post_decision(
        &app,
        closed,
        &[
            ("outcome", "approved"),
            ("title", "Bescheid über die Hundesteuer"),
            ("reasons", "Ihr Hund Bello ist angemeldet."),
            ("remedy", REMEDY),
            ("action", "erlassen"),
        ],
    )
    .await;
    assert_eq!(issued.status(), 303);
    step(&app, closed, "deliver", "").await;
    step(&app, closed, "close", "").await;
    assert_eq!(status_of(&app, closed).await, "closed");
    let decision = rathaus_core::cases::decisions::of_case(app.db(), closed).await.unwrap().remove(0);
    let document = app.state.blobs.read_all(app.db(), decision.file_id).await.unwrap();
    assert!(scalar_for(&app, "SELECT COUNT(*) FROM inbox_messages WHERE application_id = $1", closed).await >= 2);
    // A correction proposed for a second clerk's approval (four eyes) holds text too.
    let carla = rathaus_core::accounts::find_by_email(app.db(), "carla.case@example.org")
        .await
        .unwrap();
    let scope = rathaus_core::cases::CaseScope::of(carla.id, &rathaus_core::accounts::grants_of(app.db(), carla.id).await.unwrap());
    let case = rathaus_core::applications::by_id(app.db(), closed).await.unwrap();
    let draft = rathaus_core::cases::decisions::Draft {
        outcome: rathaus_core::cases::workflow::Outcome::Approved,
        title: "Berichtigter Bescheid".into(),
        reasons: "Anna Beispiel hält zwei Hunde.".into(),
        remedy: REMEDY.into(),
        waiver: None,
    };
    let correction = rathaus_core::cases::four_eyes::Propose {
        draft: &draft,
        corrects: Some(decision.id),
        note: "Name im Text.",
    };
    rathaus_core::cases::four_eyes::propose(app.db(), &*app.clock, &scope, &case, &correction)
        .await
        .unwrap();

    // The dog tax keeps its cases ten years from the closing: a day before, nothing goes.
    let catalog = app.state.catalog().await.unwrap();
    assert_eq!(catalog.service("hundesteuer").unwrap().retention_years, 10);
    assert_eq!(erase_due(&app).await, RetentionReport::default());
    app.clock.advance(Duration::days(365 * 10 + 1));
    assert_eq!(
        erase_due(&app).await,
        RetentionReport::default(),
        "ten calendar years are not over yet"
    );
    app.clock.advance(Duration::days(2));
    let report = erase_due(&app).await;
    assert_eq!(report.cases, 1, "only the closed case, never the open one: {report:?}");
    assert!(report.files >= 1 && report.messages >= 2, "{report:?}");

    // Gone: the answers, the messages, the note, the decision's text and every file.
    let erased = rathaus_core::applications::by_id(app.db(), closed).await.unwrap();
    assert!(erased.answers.is_empty());
    assert_eq!(erased.status.as_str(), "closed", "the figures still count it");
    assert_eq!(erased.outcome.map(|o| o.as_str()), Some("approved"));
    for sql in [
        "SELECT COUNT(*) FROM inbox_messages WHERE application_id = $1",
        "SELECT COUNT(*) FROM case_notes WHERE application_id = $1",
        "SELECT COUNT(*) FROM application_files WHERE application_id = $1",
        "SELECT COUNT(*) FROM decisions WHERE application_id = $1 AND (title <> '' OR reasons <> '' OR remedy <> '')",
        "SELECT COUNT(*) FROM decision_proposals WHERE application_id = $1 AND (title <> '' OR reasons <> '' OR note <> '')",
        "SELECT COUNT(*) FROM files WHERE wrapped_key IS NOT NULL AND id IN (SELECT file_id FROM decisions WHERE application_id = $1)",
    ] {
        assert_eq!(scalar_for(&app, sql, closed).await, 0, "{sql}");
    }
    assert!(
        app.state.blobs.read_all(app.db(), decision.file_id).await.is_err(),
        "the document is shredded"
    );
    assert!(scalar_for(&app, "SELECT COUNT(*) FROM application_events WHERE application_id = $1", closed).await >= 5);
    let untouched = rathaus_core::applications::by_id(app.db(), still_open).await.unwrap();
    assert!(!untouched.answers.is_empty(), "an open case is never erased, however old");

    // Nobody reaches it any more: not the resident, not the clerk (signed in anew: ten
    // years have passed).
    app.forget_cookies();
    sign_in_with_app(&app, "carla.case@example.org").await;
    assert_eq!(app.get(&format!("/verwaltung/vorgaenge/{closed}")).await.status(), 404);
    assert_eq!(app.get(&format!("/verwaltung/vorgaenge/{still_open}")).await.status(), 200);
    app.forget_cookies();
    sign_in_with_app(&app, ANNA).await;
    assert_eq!(app.get(&format!("/antraege/{closed}")).await.status(), 404);
    let (_, list) = app.get_text("/antraege").await;
    assert!(!list.contains(&closed.to_string()));

    // The check code still proves a paper copy genuine, and says what happened.
    app.forget_cookies();
    let (status, page) = app.get_text(&format!("/pruefen/{}", decision.code)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Aufbewahrungsfrist gelöscht"), "{page}");
    assert!(!page.contains("Bescheid über die Hundesteuer"));
    assert_eq!(hex::encode(Sha256::digest(&document)), decision.sha256);

    // Run again: nothing more to do. The erasure is in the audit trail.
    assert_eq!(erase_due(&app).await, RetentionReport::default());
    let audited: i64 = app.scalar("SELECT COUNT(*) AS v FROM audit_log WHERE action = 'case.erased'").await;
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn a_decisions_text_cannot_be_erased_outside_the_erasure_of_its_case() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let id = case_of(&app, &owner, AGENCY).await;
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    step(&app, id, "start-review", "").await;
    let fields = [
        ("outcome", "rejected"),
        ("title", "Bescheid"),
        ("reasons", "Der Nachweis fehlt."),
        ("remedy", REMEDY),
        ("action", "erlassen"),
    ];
    assert_eq!(post_decision(&app, id, &fields).await.status(), 303);

    let conn = app.db().write();
    let now = app.clock.now();
    let attempts = [
        // The erasure's own shape, but the case is not erased.
        "UPDATE decisions SET title = '', reasons = '', remedy = '', erased_at = $1",
        // Marked erased, text kept.
        "UPDATE decisions SET erased_at = $1",
    ];
    for sql in attempts {
        let result = conn.execute_raw(stmt(conn, sql, vec![now.into()])).await;
        assert!(result.is_err(), "{sql} must fail");
    }
    // Even with the case marked erased, the outcome cannot change with the text.
    conn.execute_raw(stmt(
        conn,
        "UPDATE applications SET erased_at = $1 WHERE id = $2",
        vec![now.into(), id.into()],
    ))
    .await
    .unwrap();
    let rewrite = conn
        .execute_raw(stmt(
            conn,
            "UPDATE decisions SET title = '', reasons = '', remedy = '', erased_at = $1, outcome = 'approved'",
            vec![now.into()],
        ))
        .await;
    assert!(rewrite.is_err(), "the outcome stays as issued");
    let undelete = conn.execute_raw(stmt(conn, "DELETE FROM decisions", vec![])).await;
    assert!(undelete.is_err());
    let reasons: String = app.scalar("SELECT reasons AS v FROM decisions").await;
    assert_eq!(reasons, "Der Nachweis fehlt.");
}

/// One run erases at most its share and says more are due, so the job comes back at
/// once instead of holding a stopping node for hours on years of history.
#[tokio::test]
async fn a_run_erases_at_most_its_share_and_the_rest_follows() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, ANNA).await;
    let owner = accounts::find_by_email(app.db(), ANNA).await.unwrap();
    let old = [case_of(&app, &owner, AGENCY).await, case_of(&app, &owner, AGENCY).await];
    let open = case_of(&app, &owner, AGENCY).await;
    let long_ago = app.clock.now() - Duration::days(365 * 11);
    let conn = app.db().write();
    for id in old {
        conn.execute_raw(stmt(
            conn,
            "UPDATE applications SET status = 'closed', closed_at = $1 WHERE id = $2",
            vec![long_ago.into(), id.into()],
        ))
        .await
        .unwrap();
    }
    let some = |limit| retention::erase_some(app.db(), &app.state.blobs, &*app.clock, limit);
    let (first, more) = some(1).await.unwrap();
    assert_eq!((first.cases, more), (1, true));
    let (second, _) = some(1).await.unwrap();
    assert_eq!(second.cases, 1);
    let (last, more) = some(1).await.unwrap();
    assert_eq!((last.cases, more), (0, false), "nothing left");
    for id in old {
        assert!(rathaus_core::applications::by_id(app.db(), id).await.unwrap().answers.is_empty());
    }
    assert!(!rathaus_core::applications::by_id(app.db(), open).await.unwrap().answers.is_empty());
}
