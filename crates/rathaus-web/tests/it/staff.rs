//! Staff pages: invitation, the second factor before any staff page, roles read on every
//! request, and the operator page — tested from the side of someone who should not get in.

use crate::accounts::{PASSWORD, confirmed_account, link_token, mail_with, sign_in};
use crate::helpers::TestApp;
use crate::second_factor::{account_with_app, enrol_app};
use rathaus_core::accounts::notices::Site;
use rathaus_core::accounts::{self, Role, Scope};
use rathaus_platform::i18n::Lang;
use rathaus_platform::jobs::{self, NewJob};

const OPERATOR: &str = "olga.operator@example.org";

pub(crate) async fn invite(app: &TestApp, email: &str) -> uuid::Uuid {
    let site = Site {
        city: "Hamburg (Demo)",
        public_url: "http://localhost:8080",
        lang: Lang::De,
    };
    accounts::staff::invite(app.db(), &*app.clock, &site, "operator:test", email, "Olga Operator")
        .await
        .unwrap()
        .id
}

/// Follows the invitation link and sets the password.
pub(crate) async fn accept_invitation(app: &TestApp, email: &str) {
    let token = link_token(&mail_with(app, email, "Ihr Zugang zur Verwaltung").await.body_text);
    let csrf = app.csrf_from(&format!("/konto/passwort-neu?token={token}")).await;
    let response = app
        .post_form(
            "/konto/passwort-neu",
            &[
                ("_csrf", &csrf),
                ("token", &token),
                ("password", PASSWORD),
                ("password_repeat", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.headers()["location"], "/konto/anmelden?hinweis=passwort");
}

pub(crate) async fn grant(app: &TestApp, id: uuid::Uuid, role: Role, scope: Scope) {
    accounts::grant_role(app.db(), &*app.clock, "operator:test", id, role, scope)
        .await
        .unwrap();
}

/// An operator signed in with a second factor.
pub(crate) async fn signed_in_operator(app: &TestApp) -> uuid::Uuid {
    let id = invite(app, OPERATOR).await;
    accept_invitation(app, OPERATOR).await;
    grant(app, id, Role::Operator, Scope::City).await;
    sign_in(app, OPERATOR, PASSWORD, "").await;
    enrol_app(app, OPERATOR).await;
    id
}

#[tokio::test]
async fn no_staff_page_opens_without_a_second_factor() {
    let app = TestApp::spawn().await;
    let id = invite(&app, OPERATOR).await;
    accept_invitation(&app, OPERATOR).await;
    grant(&app, id, Role::Operator, Scope::City).await;
    assert_eq!(
        sign_in(&app, OPERATOR, PASSWORD, "").await.headers()["location"],
        "/verwaltung",
        "staff land in their workspace (which asks for the second factor)"
    );

    for page in ["/verwaltung", "/verwaltung/betrieb"] {
        let response = app.get(page).await;
        assert_eq!(response.status(), 303, "{page}");
        let to = response.headers()["location"].to_str().unwrap().to_string();
        assert!(to.starts_with("/konto/zweiter-faktor?zurueck=%2Fverwaltung"), "{to}");
        let (_, html) = app.get_text(&to).await;
        assert!(html.contains("noch kein zweiter Faktor"), "explains what to set up");
    }
    enrol_app(&app, OPERATOR).await;
    let (status, html) = app.get_text("/verwaltung").await;
    assert_eq!(status, 200);
    assert!(html.contains("Betrieb – stadtweit"));
}

#[tokio::test]
async fn a_revoked_role_stops_working_on_the_next_request() {
    let app = TestApp::spawn().await;
    let id = signed_in_operator(&app).await;
    assert_eq!(app.get("/verwaltung/betrieb").await.status(), 200);
    accounts::revoke_role(app.db(), &*app.clock, "operator:test", id, Role::Operator, Scope::City)
        .await
        .unwrap();
    assert_eq!(app.get("/verwaltung/betrieb").await.status(), 403);
    assert_eq!(app.get("/verwaltung").await.status(), 403, "no role left: no staff page");
}

#[tokio::test]
async fn residents_and_other_roles_cannot_use_the_operator_page() {
    let app = TestApp::spawn().await;
    // A resident with a second factor is still no staff member.
    account_with_app(&app, "anna@example.org").await;
    assert_eq!(app.get("/verwaltung").await.status(), 403);
    assert_eq!(app.get("/verwaltung/betrieb").await.status(), 403);

    // A case worker may open the staff start page, not the operator page, and cannot
    // grant themselves more.
    app.forget_cookies();
    let worker = invite(&app, "carl.case@example.org").await;
    accept_invitation(&app, "carl.case@example.org").await;
    grant(&app, worker, Role::CaseWorker, Scope::Agency("ba-altona".into())).await;
    sign_in(&app, "carl.case@example.org", PASSWORD, "").await;
    enrol_app(&app, "carl.case@example.org").await;
    assert_eq!(app.get("/verwaltung").await.status(), 200);
    assert_eq!(app.get("/verwaltung/betrieb").await.status(), 403);
    let csrf = app.csrf_from("/konto/sicherheit").await;
    let attempt = app
        .post_form(
            "/verwaltung/betrieb/rollen",
            &[
                ("_csrf", &csrf),
                ("account", &worker.to_string()),
                ("role", "operator"),
                ("scope", "*"),
            ],
        )
        .await;
    assert_eq!(attempt.status(), 403);
    let grants = accounts::grants_of(app.db(), worker).await.unwrap();
    assert_eq!(grants.len(), 1, "nothing was granted");
}

#[tokio::test]
async fn operators_invite_grant_and_revoke_with_an_audit_trail() {
    let app = TestApp::spawn().await;
    signed_in_operator(&app).await;
    let csrf = app.csrf_from("/verwaltung/betrieb").await;

    // Bad input is explained and kept.
    let response = app
        .post_form(
            "/verwaltung/betrieb/mitarbeitende",
            &[("_csrf", &csrf), ("name", "Bea Beispiel"), ("email", "bea@")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("value=\"Bea Beispiel\""));

    let response = app
        .post_form(
            "/verwaltung/betrieb/mitarbeitende",
            &[("_csrf", &csrf), ("name", "Bea Beispiel"), ("email", "bea@example.org")],
        )
        .await;
    assert_eq!(response.headers()["location"], "/verwaltung/betrieb?hinweis=eingeladen");
    mail_with(&app, "bea@example.org", "Ihr Zugang zur Verwaltung").await;
    let bea = accounts::find_by_email(app.db(), "bea@example.org").await.unwrap();
    assert_eq!(bea.kind, "staff");

    // An agency role needs an agency.
    let no_agency = app
        .post_form(
            "/verwaltung/betrieb/rollen",
            &[
                ("_csrf", &csrf),
                ("account", &bea.id.to_string()),
                ("role", "case_worker"),
                ("scope", "*"),
            ],
        )
        .await;
    assert_eq!(no_agency.status(), 422);
    let granted = app
        .post_form(
            "/verwaltung/betrieb/rollen",
            &[
                ("_csrf", &csrf),
                ("account", &bea.id.to_string()),
                ("role", "case_worker"),
                ("scope", "ba-altona"),
            ],
        )
        .await;
    assert_eq!(granted.status(), 303);
    let (_, html) = app.get_text("/verwaltung/betrieb").await;
    assert!(html.contains("Sachbearbeitung – Bezirksamt Altona"), "{html}");

    let revoked = app
        .post_form(
            "/verwaltung/betrieb/rollen/entziehen",
            &[
                ("_csrf", &csrf),
                ("account", &bea.id.to_string()),
                ("role", "case_worker"),
                ("scope", "ba-altona"),
            ],
        )
        .await;
    assert_eq!(revoked.status(), 303);
    assert!(accounts::grants_of(app.db(), bea.id).await.unwrap().is_empty());

    let actions: Vec<String> = rathaus_platform::audit::entries_after(app.db().write(), 0, 500)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in ["account.created", "role.granted", "role.revoked"] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn operators_see_failed_jobs_and_held_mail_and_can_retry() {
    let app = TestApp::spawn().await;
    signed_in_operator(&app).await;
    confirmed_account(&app, "held@example.org").await; // leaves a held verification mail
    app.forget_cookies();
    sign_in(&app, OPERATOR, PASSWORD, "").await;
    app.clock.advance(chrono::Duration::seconds(30));
    let code = {
        let id = accounts::find_by_email(app.db(), OPERATOR).await.unwrap().id;
        rathaus_core::accounts::totp::current_code(app.db(), &*app.clock, app.state.blobs.master_key(), id)
            .await
            .unwrap()
    };
    let csrf = app.csrf_from("/konto/zweiter-faktor").await;
    app.post_form("/konto/zweiter-faktor", &[("_csrf", &csrf), ("code", &code)]).await;

    let job = jobs::enqueue(
        app.db().write(),
        &*app.clock,
        NewJob::new("no-such-kind", serde_json::json!({})).max_attempts(1),
    )
    .await
    .unwrap();
    let conn = app.db().write();
    sea_orm::ConnectionTrait::execute_raw(
        conn,
        rathaus_platform::db::stmt(
            conn,
            "UPDATE jobs SET status = 'dead', last_error = 'no handler' WHERE id = $1",
            vec![job.into()],
        ),
    )
    .await
    .unwrap();

    let (status, html) = app.get_text("/verwaltung/betrieb").await;
    assert_eq!(status, 200);
    assert!(html.contains("no-such-kind") && html.contains("no handler"));
    assert!(html.contains("held@example.org"), "held mail listed");
    let csrf = crate::helpers::extract_value(&html, "_csrf").unwrap();
    let response = app
        .post_form(
            "/verwaltung/betrieb/jobs/wiederholen",
            &[("_csrf", &csrf), ("id", &job.to_string())],
        )
        .await;
    assert_eq!(response.headers()["location"], "/verwaltung/betrieb?hinweis=job");
    let queued = jobs::list(app.db(), jobs::JobStatus::Queued, 100).await.unwrap();
    assert!(queued.iter().any(|j| j.id == job), "the dead job is queued again");
}
