//! Journeys with detours: a newcomer who starts an application without an account
//! comes back to it after every detour — sign-in page, registration, the mail link
//! (opened in another browser), sign-in, the second factor set up on the way, the
//! recovery codes — and no page comes twice.

use crate::accounts::{PASSWORD, link_token, mail_with};
use crate::helpers::{TestApp, extract_value};
use crate::second_factor::app_code;

const DORA: &str = "dora@example.org";
const TASK: &str = "/antraege/neu/hundesteuer";
const TASK_ENCODED: &str = "%2Fantraege%2Fneu%2Fhundesteuer";

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn a_newcomer_is_brought_back_to_the_application_after_every_detour() {
    let app = TestApp::spawn().await;
    let mut visited: Vec<String> = Vec::new();
    let mut visit = |path: &str| {
        let page = path.split('?').next().unwrap().to_string();
        assert!(!visited.contains(&page), "{page} shown twice: {visited:?}");
        visited.push(page);
    };

    // The service page says first what is needed, then the button.
    let (_, service) = app.get_text("/leistungen/hundesteuer").await;
    visit("/leistungen/hundesteuer");
    let needs = service.find("Authenticator-App oder einem Passkey").expect("says what is needed");
    assert!(needs < service.find(&format!("href=\"{TASK}\"")).unwrap());

    // Not signed in: the sign-in page, which offers an account for this task.
    let start = app.get(TASK).await;
    let to_sign_in = location(&start);
    assert_eq!(to_sign_in, format!("/konto/anmelden?zurueck={TASK_ENCODED}"));
    let (_, sign_in) = app.get_text(&to_sign_in).await;
    visit(&to_sign_in);
    // Pages write the address as it is (askama keeps `/` in a query value).
    let register = format!("/konto/registrieren?zurueck={TASK}");
    assert!(
        sign_in.contains(&format!("href=\"{register}\"")),
        "Servicekonto anlegen keeps the task"
    );

    let (_, form) = app.get_text(&register).await;
    visit(&register);
    assert!(form.contains(&format!("action=\"{register}\"")));
    let csrf = extract_value(&form, "_csrf").unwrap();
    let registered = app
        .post_form(
            &register,
            &[
                ("_csrf", &csrf),
                ("name", "Dora Beispiel"),
                ("email", DORA),
                ("password", PASSWORD),
                ("password_repeat", PASSWORD),
            ],
        )
        .await;
    assert_eq!(location(&registered), "/konto/registrieren/gesendet");
    visit("/konto/registrieren/gesendet");

    // The link in the mail carries the task; it is opened in another browser.
    let mail = mail_with(&app, DORA, "Bitte bestätigen").await;
    assert!(mail.body_text.contains(&format!("&zurueck={TASK_ENCODED}")), "{}", mail.body_text);
    let token = link_token(&mail.body_text);
    app.forget_cookies();
    let confirm = format!("/konto/bestaetigen?token={token}&zurueck={TASK_ENCODED}");
    let (_, page) = app.get_text(&confirm).await;
    visit(&confirm);
    let csrf = extract_value(&page, "_csrf").unwrap();
    assert_eq!(extract_value(&page, "zurueck").as_deref(), Some(TASK));
    let confirmed = app
        .post_form("/konto/bestaetigen", &[("_csrf", &csrf), ("token", &token), ("zurueck", TASK)])
        .await;
    let after = location(&confirmed);
    assert_eq!(after, format!("/konto/anmelden?hinweis=bestaetigt&zurueck={TASK_ENCODED}"));

    // Signing in there leads to the task, not to /konto. The page was the sign-in page
    // before, in the first browser; here it is the first time in this one.
    let (_, page) = app.get_text(&after).await;
    assert!(page.contains("bestätigt"));
    let csrf = extract_value(&page, "_csrf").unwrap();
    let signed_in = app
        .post_form(
            "/konto/anmelden",
            &[("_csrf", &csrf), ("email", DORA), ("password", PASSWORD), ("zurueck", TASK)],
        )
        .await;
    assert_eq!(location(&signed_in), TASK);

    // The dog tax needs a second factor: set it up on the way, and back.
    let step_up = location(&app.get(TASK).await);
    assert_eq!(step_up, format!("/konto/zweiter-faktor?zurueck={TASK_ENCODED}"));
    let (_, page) = app.get_text(&step_up).await;
    visit(&step_up);
    let set_up = format!("/konto/sicherheit/app?zurueck={TASK}");
    assert!(page.contains(&format!("href=\"{set_up}\"")), "the set-up keeps the task");
    // So does the way to a passkey (the security page, which sends it on).
    let other_ways = format!("/konto/sicherheit?zurueck={TASK}");
    assert!(page.contains(&format!("href=\"{other_ways}\"")), "the other ways keep the task");
    let (_, security) = app.get_text(&other_ways).await;
    assert_eq!(
        extract_value(&security, "zurueck").as_deref(),
        Some(TASK),
        "the passkey form sends it on"
    );
    assert!(security.contains(&format!("href=\"{set_up}\"")), "and the app's set-up");
    assert!(security.contains("Danach geht es dort weiter, wo Sie waren."));
    let (_, page) = app.get_text(&set_up).await;
    visit(&set_up);
    let csrf = extract_value(&page, "_csrf").unwrap();
    let code = app_code(&app, DORA).await;
    let codes = app
        .post_form("/konto/sicherheit/app", &[("_csrf", &csrf), ("code", &code), ("zurueck", TASK)])
        .await;
    assert_eq!(codes.status(), 200);
    let page = codes.text().await.unwrap();
    visit("/konto/sicherheit/app (codes)");
    assert!(page.contains(&format!("href=\"{TASK}\"")), "the codes page leads on to the task");
    assert!(page.contains("download=\"servicekonto-wiederherstellungscodes.txt\""));
    assert!(page.contains("data-print"), "and they can be printed");

    // And the task opens.
    let (status, form) = app.get_text(TASK).await;
    visit(TASK);
    assert_eq!(status, 200, "{form}");
    assert!(form.contains("Hundesteuer"));
    assert!(visited.len() <= 9, "{} pages: {visited:?}", visited.len());
}

/// The return address survives every detour only if it stays on this site: a foreign
/// one is dropped from the forms and links that carry it on.
#[tokio::test]
async fn a_foreign_return_address_is_dropped_on_every_detour() {
    let app = TestApp::spawn().await;
    for foreign in [
        "https%3A%2F%2Fevil.example.org%2F",
        "%2F%2Fevil.example.org",
        "%2F%5Cevil.example.org",
    ] {
        let (status, page) = app.get_text(&format!("/konto/registrieren?zurueck={foreign}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("action=\"/konto/registrieren\""), "{foreign}");
        assert!(page.contains("href=\"/konto/anmelden\""), "{foreign}");
        let (_, page) = app.get_text(&format!("/konto/anmelden?zurueck={foreign}")).await;
        assert_eq!(extract_value(&page, "zurueck").as_deref(), Some(""), "{foreign}");
        assert!(page.contains("href=\"/konto/registrieren\""), "{foreign}");
    }
}

/// Confirming in the browser that registered (it set the password) signs in and goes
/// on with the task; any other browser — or this browser with another person's link —
/// only gets the sign-in page.
#[tokio::test]
async fn confirming_signs_in_only_the_browser_that_registered_that_account() {
    let app = TestApp::spawn().await;
    let register = |email: &'static str| {
        let app = &app;
        async move {
            let path = format!("/konto/registrieren?zurueck={TASK_ENCODED}");
            let csrf = app.csrf_from(&path).await;
            let form = [
                ("_csrf", csrf.as_str()),
                ("name", "Eva Beispiel"),
                ("email", email),
                ("password", PASSWORD),
                ("password_repeat", PASSWORD),
            ];
            assert_eq!(app.post_form(&path, &form).await.status(), 303);
            link_token(&mail_with(app, email, "Bitte bestätigen").await.body_text)
        }
    };
    let confirm = |token: String| {
        let app = &app;
        async move {
            let csrf = app.csrf_from(&format!("/konto/bestaetigen?token={token}")).await;
            let response = app
                .post_form("/konto/bestaetigen", &[("_csrf", &csrf), ("token", &token), ("zurueck", TASK)])
                .await;
            location(&response)
        }
    };

    // Eva's browser registers Eva, but opens Fritz's link (which Fritz forwarded, say).
    app.forget_cookies();
    let fritz = register("fritz@example.org").await;
    app.forget_cookies();
    let eva = register("eva@example.org").await;
    assert!(
        confirm(fritz).await.starts_with("/konto/anmelden?hinweis=bestaetigt"),
        "not signed in as Fritz"
    );
    assert_eq!(app.get("/konto").await.status(), 303, "still signed out");

    // Her own link: signed in, at "low", back at the task (which then asks for more).
    assert_eq!(confirm(eva).await, TASK);
    let (status, _) = app.get_text("/konto").await;
    assert_eq!(status, 200);
    assert!(location(&app.get(TASK).await).starts_with("/konto/zweiter-faktor"));
}
