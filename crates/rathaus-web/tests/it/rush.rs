//! Rush protection: a location's administrators switch it on; every hold and move
//! there then needs the picker's challenge solved — or, without JavaScript, a short
//! wait that keeps the choice — and each challenge buys one attempt.

use crate::appointments::{PICKER, confirm_from_mail, give_address, times};
use crate::cases::staff_member;
use crate::helpers::{TestApp, extract_value};
use rathaus_core::accounts::Role;
use rathaus_platform::challenge::solves;

const BITS: u8 = 12;
const CALENDAR: &str = "/verwaltung/termine/hsvo-city";

async fn switch(app: &TestApp, hours: &str) -> reqwest::Response {
    let csrf = app.csrf_from(CALENDAR).await;
    app.post_form(&format!("{CALENDAR}/andrang"), &[("_csrf", &csrf), ("stunden", hours)])
        .await
}

/// What a browser's script would send: the number that solves the page's challenge.
fn solve(token: &str) -> String {
    (0u64..).map(|n| n.to_string()).find(|n| solves(token, n, BITS)).unwrap()
}

/// Holds `time` as the picker's form would, with the challenge fields given.
async fn hold_with(app: &TestApp, time: &str, token: Option<&str>, solution: &str) -> reqwest::Response {
    let csrf = app.csrf_from(PICKER).await;
    let mut form = vec![
        ("_csrf", csrf.as_str()),
        ("leistung", "wohnsitz-anmelden"),
        ("personen", "1"),
        ("ort", "hsvo-city"),
        ("zeit", time),
        ("loesung", solution),
    ];
    if let Some(t) = token {
        form.push(("pruefung", t));
    }
    app.post_form("/termine/halten", &form).await
}

#[tokio::test]
async fn a_protected_location_asks_for_a_solved_challenge_or_a_short_wait() {
    let app = TestApp::spawn_with(|c| c.appointments.challenge_bits = BITS).await;
    let (_, html) = app.get_text(PICKER).await;
    assert!(!html.contains("data-challenge"), "no protection unless switched on");

    staff_member(&app, "admin@example.org", "Ada Admin", Role::AgencyAdmin, "ba-hamburg-mitte").await;
    let (_, html) = app.get_text(CALENDAR).await;
    assert!(html.contains("Der Schutz ist ausgeschaltet."));
    assert_eq!(switch(&app, "1000").await.status(), 422, "only the offered durations");
    let response = switch(&app, "4").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/verwaltung/termine/hsvo-city?hinweis=andrang-an");
    let (_, html) = app.get_text(CALENDAR).await;
    assert!(
        html.contains("Der Schutz ist eingeschaltet bis 23.11.2026, 15:00 Uhr"),
        "four hours from 11:00 local"
    );
    assert_eq!(app.count("audit_log WHERE action = 'appointments.challenge-on'").await, 1);

    app.forget_cookies();
    let (_, html) = app.get_text(PICKER).await;
    let token = extract_value(&html, "pruefung").expect("the form carries a challenge");
    assert!(html.contains(&format!("data-challenge-bits=\"{BITS}\"")) && html.contains("/static/challenge."));
    let offered = times(&html);

    // Chosen faster than the wait, without a solution: a wait page keeping the choice.
    let response = hold_with(&app, &offered[0], Some(&token), "").await;
    assert_eq!(response.status(), 429);
    assert_eq!(
        response.headers().get("retry-after").map(|v| v.to_str().unwrap()),
        Some("10"),
        "{:?}",
        response.headers()
    );
    let html = response.text().await.unwrap();
    assert!(html.contains("Einen Moment bitte") && html.contains("noch 10 Sekunden"), "{html}");
    assert!(html.contains("Montag, 23.11.2026, 12:15 Uhr"), "the choice, named");
    assert_eq!(extract_value(&html, "pruefung").as_deref(), Some(token.as_str()));
    assert_eq!(times(&html), vec![offered[0].clone()], "sent again with \"Weiter\"");

    // No challenge, or a doctored one: the picker again, the time still chosen.
    for doctored in [None, Some(format!("{token}0")), Some(token.replace('.', ".0"))] {
        let response = hold_with(&app, &offered[0], doctored.as_deref(), "1").await;
        assert_eq!(response.status(), 409);
        let html = response.text().await.unwrap();
        assert!(html.contains("Diese Seite war zu lange geöffnet"));
        assert!(html.contains(&format!("value=\"{}\" checked", offered[0])), "the time still chosen");
    }

    // Solved: held at once.
    let solution = solve(&token);
    let response = hold_with(&app, &offered[0], Some(&token), &solution).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/termine/vormerkung");
    // The same form sent again (a double click) shows that hold.
    let response = hold_with(&app, &offered[0], Some(&token), &solution).await;
    assert_eq!(response.headers()["location"], "/termine/vormerkung");
    assert_eq!(app.count("appointments").await, 1);
    // From another browser the used challenge buys nothing.
    app.forget_cookies();
    let response = hold_with(&app, &offered[1], Some(&token), &solution).await;
    assert_eq!(response.status(), 409);
    assert_eq!(app.count("appointments").await, 1);

    // Without JavaScript: after the wait, "Weiter" sends the same choice through.
    let (_, html) = app.get_text(PICKER).await;
    let token = extract_value(&html, "pruefung").unwrap();
    assert_eq!(hold_with(&app, &offered[1], Some(&token), "").await.status(), 429);
    app.clock.advance(chrono::Duration::seconds(10));
    let response = hold_with(&app, &offered[1], Some(&token), "").await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.count("appointments").await, 2);
    assert_eq!(give_address(&app, "Erika Muster", "erika@example.org").await.status(), 303);
    let response = confirm_from_mail(&app, "erika@example.org").await;
    let base = response.headers()["location"]
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();

    // Moving there is protected too.
    let (_, html) = app.get_text(&format!("{base}/verschieben?tag=2026-11-24")).await;
    let token = extract_value(&html, "pruefung").expect("the move picker carries a challenge");
    let tuesday = times(&html);
    let csrf = extract_value(&html, "_csrf").unwrap();
    let moving = |solution: String| {
        let (csrf, token, time) = (csrf.clone(), token.clone(), tuesday[0].clone());
        let (app, path) = (&app, format!("{base}/verschieben"));
        async move {
            app.post_form(
                &path,
                &[("_csrf", &csrf), ("zeit", &time), ("pruefung", &token), ("loesung", &solution)],
            )
            .await
        }
    };
    let response = moving(String::new()).await;
    assert_eq!(response.status(), 429);
    assert!(response.text().await.unwrap().contains(&format!("action=\"{base}/verschieben\"")));
    let response = moving(solve(&token)).await;
    assert_eq!(response.status(), 303);
    assert!(response.headers()["location"].to_str().unwrap().ends_with("?hinweis=verschoben"));

    // Switched off: no challenge asked.
    staff_member(&app, "admin2@example.org", "Ada Admin", Role::AgencyAdmin, "ba-hamburg-mitte").await;
    assert_eq!(switch(&app, "aus").await.status(), 303);
    assert_eq!(app.count("audit_log WHERE action = 'appointments.challenge-off'").await, 1);
    app.forget_cookies();
    let (_, html) = app.get_text(PICKER).await;
    assert!(!html.contains("data-challenge"));
    assert_eq!(hold_with(&app, &offered[2], None, "").await.status(), 303);
}

#[tokio::test]
async fn only_the_locations_administrators_switch_protection() {
    let app = TestApp::spawn().await;
    staff_member(&app, "fremd@example.org", "Fritz Fremd", Role::AgencyAdmin, "ba-altona").await;
    let refused = app.count("audit_log WHERE action = 'appointments.access-refused'").await;
    let csrf = app.csrf_from("/verwaltung/termine/hsvo-altona").await;
    let response = app
        .post_form(&format!("{CALENDAR}/andrang"), &[("_csrf", &csrf), ("stunden", "4")])
        .await;
    assert_eq!(response.status(), 404, "another agency's location");
    assert_eq!(
        app.count("audit_log WHERE action = 'appointments.access-refused'").await,
        refused + 1
    );

    staff_member(&app, "sb@example.org", "Sina Sach", Role::CaseWorker, "ba-hamburg-mitte").await;
    let csrf = app.csrf_from(PICKER).await;
    let response = app
        .post_form(&format!("{CALENDAR}/andrang"), &[("_csrf", &csrf), ("stunden", "4")])
        .await;
    assert_eq!(response.status(), 403, "case workers do not keep calendars");

    app.forget_cookies();
    let response = app.post_form(&format!("{CALENDAR}/andrang"), &[("stunden", "4")]).await;
    assert!(response.status() == 403 || response.status() == 303, "no session, no change");
    assert_eq!(app.count("appointment_calendars WHERE challenge_until IS NOT NULL").await, 0);
}
