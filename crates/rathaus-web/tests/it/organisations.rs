//! Organisation accounts: found, invite by mail, accept, roles, act on behalf, leave and
//! be removed — and what outsiders, plain members and forwarded links cannot do.

use crate::accounts::{PASSWORD, confirmed_account, link_token, mail_with, sign_in};
use crate::helpers::{TestApp, extract_value};
use rathaus_core::accounts;
use rathaus_core::organisations::{self, MemberRole};

const OWNER: &str = "olaf.owner@example.org";
const MEMBER: &str = "mia.member@example.org";
const OUTSIDER: &str = "otto.outsider@example.org";

/// Signs in as `email` (fresh cookies).
async fn as_person(app: &TestApp, email: &str) {
    app.forget_cookies();
    assert_eq!(sign_in(app, email, PASSWORD, "").await.status(), 303);
}

async fn found(app: &TestApp) -> String {
    let csrf = app.csrf_from("/konto/organisationen").await;
    let response = app
        .post_form(
            "/konto/organisationen",
            &[
                ("_csrf", &csrf),
                ("name", "Bäckerei Beispiel GmbH"),
                ("register_number", "HRB 12345"),
                ("street", "Beispielweg 1"),
                ("postcode", "20095"),
                ("city", "Hamburg"),
            ],
        )
        .await;
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(location.ends_with("?hinweis=angelegt"), "{location}");
    location.trim_end_matches("?hinweis=angelegt").to_string()
}

async fn invite(app: &TestApp, org: &str, email: &str, role: &str) -> reqwest::Response {
    let csrf = app.csrf_from(org).await;
    app.post_form(&format!("{org}/einladen"), &[("_csrf", &csrf), ("email", email), ("role", role)])
        .await
}

async fn accept_invitation(app: &TestApp, email: &str) -> reqwest::Response {
    let token = link_token(&mail_with(app, email, "Einladung: Bäckerei Beispiel GmbH").await.body_text);
    let (status, html) = app.get_text(&format!("/konto/organisationen/einladung?token={token}")).await;
    assert_eq!(status, 200);
    let csrf = extract_value(&html, "_csrf").unwrap();
    app.post_form("/konto/organisationen/einladung", &[("_csrf", &csrf), ("token", &token)])
        .await
}

async fn setup(app: &TestApp) -> String {
    for email in [OWNER, MEMBER, OUTSIDER] {
        confirmed_account(app, email).await;
    }
    as_person(app, OWNER).await;
    let org = found(app).await;
    assert_eq!(invite(app, &org, MEMBER, "member").await.status(), 303);
    as_person(app, MEMBER).await;
    let joined = accept_invitation(app, MEMBER).await;
    assert!(joined.headers()["location"].to_str().unwrap().ends_with("?hinweis=beigetreten"));
    org
}

fn org_id(org: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(org.rsplit('/').next().unwrap()).unwrap()
}

async fn account(app: &TestApp, email: &str) -> uuid::Uuid {
    accounts::find_by_email(app.db(), email).await.unwrap().id
}

#[tokio::test]
async fn founding_inviting_and_joining() {
    let app = TestApp::spawn().await;
    let org = setup(&app).await;
    let (status, html) = app.get_text(&org).await;
    assert_eq!(status, 200);
    assert!(html.contains("Bäckerei Beispiel GmbH") && html.contains(MEMBER) && html.contains(OWNER));
    assert_eq!(
        organisations::role_of(app.db(), org_id(&org), account(&app, MEMBER).await)
            .await
            .unwrap(),
        MemberRole::Member
    );
    // A plain member sees no invitation form.
    assert!(!html.contains("Einladung senden"));

    // Bad input when founding is explained and kept.
    let csrf = app.csrf_from("/konto/organisationen").await;
    let response = app
        .post_form(
            "/konto/organisationen",
            &[
                ("_csrf", &csrf),
                ("name", "Verein"),
                ("street", ""),
                ("postcode", "2009"),
                ("city", "Hamburg"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("value=\"Verein\"") && html.contains("fünf Ziffern"));
}

#[tokio::test]
async fn outsiders_see_nothing_and_members_cannot_manage() {
    let app = TestApp::spawn().await;
    let org = setup(&app).await;
    let owner = account(&app, OWNER).await.to_string();

    as_person(&app, OUTSIDER).await;
    assert_eq!(app.get(&org).await.status(), 404, "not a member: as if it did not exist");
    let csrf = app.csrf_from("/konto/organisationen").await;
    for (path, form) in [
        (format!("{org}/einladen"), vec![("email", OUTSIDER), ("role", "owner")]),
        (format!("{org}/handeln"), vec![]),
        (format!("{org}/mitglieder/entfernen"), vec![("member", owner.as_str())]),
    ] {
        let mut fields = vec![("_csrf", csrf.as_str())];
        fields.extend(form);
        let status = app.post_form(&path, &fields).await.status();
        assert_eq!(status, 404, "{path}");
    }

    as_person(&app, MEMBER).await;
    let csrf = app.csrf_from(&org).await;
    let attempt = app
        .post_form(
            &format!("{org}/einladen"),
            &[("_csrf", &csrf), ("email", OUTSIDER), ("role", "owner")],
        )
        .await;
    assert_eq!(attempt.status(), 403, "members do not invite");
    let attempt = app
        .post_form(
            &format!("{org}/mitglieder/rolle"),
            &[
                ("_csrf", &csrf),
                ("member", &account(&app, MEMBER).await.to_string()),
                ("role", "owner"),
            ],
        )
        .await;
    assert_eq!(attempt.status(), 403, "members do not promote themselves");
    let attempt = app
        .post_form(&format!("{org}/mitglieder/entfernen"), &[("_csrf", &csrf), ("member", &owner)])
        .await;
    assert_eq!(attempt.status(), 403, "members do not remove others");
    assert!(mail_with_subject_count(&app, OUTSIDER).await == 0);
}

async fn mail_with_subject_count(app: &TestApp, to: &str) -> usize {
    crate::accounts::mails_to(app, to)
        .await
        .iter()
        .filter(|m| m.subject.starts_with("Einladung"))
        .count()
}

#[tokio::test]
async fn a_forwarded_invitation_does_not_make_someone_else_a_member() {
    let app = TestApp::spawn().await;
    for email in [OWNER, MEMBER, OUTSIDER] {
        confirmed_account(&app, email).await;
    }
    as_person(&app, OWNER).await;
    let org = found(&app).await;
    invite(&app, &org, MEMBER, "owner").await;
    let token = link_token(&mail_with(&app, MEMBER, "Einladung: Bäckerei Beispiel GmbH").await.body_text);

    as_person(&app, OUTSIDER).await;
    let (_, html) = app.get_text(&format!("/konto/organisationen/einladung?token={token}")).await;
    assert!(html.contains("Diese Einladung ist für mia.member@example.org"));
    let csrf = app.csrf_from("/konto/organisationen").await;
    let attempt = app
        .post_form("/konto/organisationen/einladung", &[("_csrf", &csrf), ("token", &token)])
        .await;
    assert_eq!(attempt.status(), 403);
    assert!(
        organisations::role_of(app.db(), org_id(&org), account(&app, OUTSIDER).await)
            .await
            .is_err()
    );

    // The right person can still accept, once.
    as_person(&app, MEMBER).await;
    let csrf = app.csrf_from("/konto/organisationen").await;
    let ok = app
        .post_form("/konto/organisationen/einladung", &[("_csrf", &csrf), ("token", &token)])
        .await;
    assert_eq!(ok.status(), 303);
    let again = app
        .post_form("/konto/organisationen/einladung", &[("_csrf", &csrf), ("token", &token)])
        .await;
    assert_eq!(again.status(), 422);
}

#[tokio::test]
async fn acting_on_behalf_ends_when_the_membership_ends() {
    let app = TestApp::spawn().await;
    let org = setup(&app).await;
    let csrf = app.csrf_from(&org).await;
    let response = app.post_form(&format!("{org}/handeln"), &[("_csrf", &csrf)]).await;
    assert_eq!(response.headers()["location"], format!("{org}?hinweis=handeln").as_str());
    let (_, html) = app.get_text("/konto").await;
    assert!(html.contains("Sie handeln gerade für: Bäckerei Beispiel GmbH"));
    let member_session = app.cookie_header();

    // The owner removes the member; the member's next request shows no organisation.
    as_person(&app, OWNER).await;
    let csrf = app.csrf_from(&org).await;
    let member = account(&app, MEMBER).await.to_string();
    let removed = app
        .post_form(&format!("{org}/mitglieder/entfernen"), &[("_csrf", &csrf), ("member", &member)])
        .await;
    assert_eq!(removed.headers()["location"], format!("{org}?hinweis=entfernt").as_str());

    app.forget_cookies();
    for pair in member_session.split("; ") {
        app.set_cookie(pair);
    }
    let (_, html) = app.get_text("/konto").await;
    assert!(!html.contains("Sie handeln gerade für"));
    assert_eq!(app.get(&org).await.status(), 404);
}

#[tokio::test]
async fn the_last_owner_stays_until_someone_takes_over() {
    let app = TestApp::spawn().await;
    let org = setup(&app).await;
    as_person(&app, OWNER).await;
    let me = account(&app, OWNER).await.to_string();
    let csrf = app.csrf_from(&org).await;
    let leave = app
        .post_form(&format!("{org}/mitglieder/entfernen"), &[("_csrf", &csrf), ("member", &me)])
        .await;
    assert_eq!(leave.status(), 409);
    assert!(leave.text().await.unwrap().contains("letzte Inhaberin"));

    // Deleting the account waits too.
    let (_, html) = app.get_text("/konto/loeschen").await;
    assert!(html.contains("einzige Inhaberin oder der einzige Inhaber von: Bäckerei Beispiel GmbH"));
    let refused = app
        .post_form("/konto/loeschen", &[("_csrf", &csrf), ("confirm", "ja"), ("password", PASSWORD)])
        .await;
    assert_eq!(refused.status(), 422);

    // Hand over, then leave.
    let member = account(&app, MEMBER).await.to_string();
    let promoted = app
        .post_form(
            &format!("{org}/mitglieder/rolle"),
            &[("_csrf", &csrf), ("member", &member), ("role", "owner")],
        )
        .await;
    assert_eq!(promoted.status(), 303);
    let left = app
        .post_form(&format!("{org}/mitglieder/entfernen"), &[("_csrf", &csrf), ("member", &me)])
        .await;
    assert_eq!(left.headers()["location"], "/konto/organisationen");
    assert_eq!(app.get(&org).await.status(), 404);
    let actions: Vec<String> = rathaus_platform::audit::entries_after(app.db().write(), 0, 500)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in [
        "organisation.created",
        "organisation.member_invited",
        "organisation.member_joined",
        "organisation.role_changed",
        "organisation.member_left",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}");
    }
}

#[tokio::test]
async fn invitations_can_be_withdrawn_and_expire() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, OWNER).await;
    confirmed_account(&app, MEMBER).await;
    as_person(&app, OWNER).await;
    let org = found(&app).await;
    invite(&app, &org, MEMBER, "member").await;
    let (_, html) = app.get_text(&org).await;
    let handle = extract_value(&html, "handle").unwrap();
    let csrf = extract_value(&html, "_csrf").unwrap();
    let withdrawn = app
        .post_form(
            &format!("{org}/einladungen/zurueckziehen"),
            &[("_csrf", &csrf), ("handle", &handle)],
        )
        .await;
    assert_eq!(withdrawn.status(), 303);
    as_person(&app, MEMBER).await;
    let token = link_token(&mail_with(&app, MEMBER, "Einladung: Bäckerei Beispiel GmbH").await.body_text);
    let (_, html) = app.get_text(&format!("/konto/organisationen/einladung?token={token}")).await;
    assert!(html.contains("Diese Einladung gilt nicht mehr"));

    as_person(&app, OWNER).await;
    invite(&app, &org, MEMBER, "member").await;
    app.clock.advance(chrono::Duration::days(15));
    as_person(&app, MEMBER).await;
    let token = link_token(&mail_with(&app, MEMBER, "Einladung: Bäckerei Beispiel GmbH").await.body_text);
    let (_, html) = app.get_text(&format!("/konto/organisationen/einladung?token={token}")).await;
    assert!(html.contains("Diese Einladung gilt nicht mehr"));
}

#[tokio::test]
async fn an_organisation_of_one_goes_with_its_deleted_account() {
    let app = TestApp::spawn().await;
    confirmed_account(&app, OWNER).await;
    as_person(&app, OWNER).await;
    let org = found(&app).await;
    let csrf = app.csrf_from("/konto/loeschen").await;
    let deleted = app
        .post_form("/konto/loeschen", &[("_csrf", &csrf), ("confirm", "ja"), ("password", PASSWORD)])
        .await;
    assert_eq!(deleted.status(), 200);
    assert!(matches!(
        organisations::get(app.db(), org_id(&org)).await,
        Err(rathaus_platform::Error::NotFound)
    ));
}
