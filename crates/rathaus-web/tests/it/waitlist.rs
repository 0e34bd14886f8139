//! The waitlist: people with a booking ask for an earlier time; when a place frees up
//! the first in line gets it held and offered by mail; taking it moves the booking
//! (and frees its old time for the next in line); an offer left to lapse returns the
//! place and ends the wish.

use crate::accounts::{mail_with, mails_to};
use crate::applying::worker;
use crate::appointments::{PICKER, confirm_from_mail, give_address, hold, link, one_counter, times};
use crate::helpers::TestApp;
use rathaus_core::appointments::waitlist;

/// Books `time` with a mail address from a fresh browser; the booking page's path.
async fn book(app: &TestApp, time: &str, name: &str, email: &str) -> String {
    app.forget_cookies();
    assert_eq!(hold(app, time).await.status(), 303);
    assert_eq!(give_address(app, name, email).await.status(), 303);
    let response = confirm_from_mail(app, email).await;
    assert_eq!(response.status(), 303);
    let manage = response.headers()["location"].to_str().unwrap();
    manage.trim_end_matches("?hinweis=gebucht").to_string()
}

async fn wish(app: &TestApp, manage: &str, answer: &str) -> reqwest::Response {
    let csrf = app.csrf_from(PICKER).await;
    app.post_form(&format!("{manage}/frueher"), &[("_csrf", &csrf), ("wunsch", answer)])
        .await
}

async fn run_jobs(app: &TestApp) {
    let w = worker(app);
    while w.run_once().await.unwrap() > 0 {}
}

async fn offers_to(app: &TestApp, email: &str) -> usize {
    mails_to(app, email)
        .await
        .iter()
        .filter(|m| m.subject.starts_with("Früherer Termin frei"))
        .count()
}

#[tokio::test]
async fn an_earlier_time_goes_to_the_first_in_line_and_moves_the_booking() {
    let app = TestApp::spawn().await;
    one_counter(&app).await;
    let (_, html) = app.get_text(PICKER).await;
    let offered = times(&html);
    let erika = book(&app, &offered[0], "Erika Muster", "erika@example.org").await;
    let anna = book(&app, &offered[1], "Anna Beispiel", "anna@example.org").await;
    let bob = book(&app, &offered[2], "Bob Beispiel", "bob@example.org").await;

    let (_, page) = app.get_text(&anna).await;
    assert!(page.contains("Bei früherem Termin benachrichtigen"));
    let response = wish(&app, &anna, "ja").await;
    assert_eq!(response.status(), 303);
    let (_, page) = app.get_text(response.headers()["location"].to_str().unwrap()).await;
    assert!(page.contains("Sie stehen auf der Warteliste") && page.contains("Nicht mehr benachrichtigen"));
    assert_eq!(wish(&app, &bob, "ja").await.status(), 303);
    run_jobs(&app).await;
    assert_eq!(offers_to(&app, "anna@example.org").await, 0, "nothing earlier is free");

    // Erika cancels: her time is held for Anna, who asked first, and not offered to others.
    let csrf = app.csrf_from(&format!("{erika}/absagen")).await;
    assert_eq!(app.post_form(&format!("{erika}/absagen"), &[("_csrf", &csrf)]).await.status(), 303);
    run_jobs(&app).await;
    assert_eq!(offers_to(&app, "anna@example.org").await, 1);
    assert_eq!(offers_to(&app, "bob@example.org").await, 0, "first come, first served");
    app.forget_cookies();
    let (_, html) = app.get_text(PICKER).await;
    assert!(!times(&html).contains(&offered[0]), "the offered time is held");

    // Someone else's guess at an offer link opens nothing.
    let (status, _) = app.get_text("/termine/angebot/not-a-token").await;
    assert_eq!(status, 404);

    let mail = mail_with(&app, "anna@example.org", "Früherer Termin frei").await;
    assert!(mail.body_text.contains("Wir halten diese Zeit bis"), "{}", mail.body_text);
    let offer = link(&mail.body_text, "/termine/angebot/");
    let (status, page) = app.get_text(&offer).await;
    assert_eq!(status, 200);
    assert!(page.contains("Frühere Zeit nehmen") && page.contains("Ihr jetziger Termin"));
    let csrf = app.csrf_from(&offer).await;
    let response = app.post_form(&offer, &[("_csrf", &csrf)]).await;
    assert_eq!(response.status(), 303);
    let moved = response.headers()["location"].to_str().unwrap().to_string();
    assert!(moved.ends_with("?hinweis=verschoben"));
    let (_, page) = app.get_text(&moved).await;
    assert!(page.contains("Ihr Termin ist verschoben") && page.contains("Bei früherem Termin benachrichtigen"));
    assert!(
        mail_with(&app, "anna@example.org", "Ihr Termin ist verschoben")
            .await
            .body_text
            .contains("/termine/verwalten/")
    );
    let (status, _) = app.get_text(&anna).await;
    assert_eq!(status, 404, "the old link no longer opens the booking");
    let csrf = app.csrf_from(PICKER).await;
    assert_eq!(
        app.post_form(&offer, &[("_csrf", &csrf)]).await.status(),
        404,
        "an offer is taken once"
    );

    // Anna's old time is free now: Bob is next in line. He lets the offer lapse.
    run_jobs(&app).await;
    assert_eq!(offers_to(&app, "bob@example.org").await, 1);
    let bob_offer = link(
        &mail_with(&app, "bob@example.org", "Früherer Termin frei").await.body_text,
        "/termine/angebot/",
    );
    app.clock.advance(chrono::Duration::minutes(31));
    // The worker's periodic run.
    waitlist::queue_run(app.db().write(), &*app.clock).await.unwrap();
    run_jobs(&app).await;
    let csrf = app.csrf_from(PICKER).await;
    let response = app.post_form(&bob_offer, &[("_csrf", &csrf)]).await;
    assert_eq!(response.status(), 410);
    assert!(response.text().await.unwrap().contains("Dieses Angebot gilt nicht mehr"));
    let (_, page) = app.get_text(&bob).await;
    assert!(page.contains("Bei früherem Termin benachrichtigen"), "one offer ends the wish");
    assert_eq!(offers_to(&app, "bob@example.org").await, 1, "no second offer without asking again");
    assert_eq!(
        app.count("appointments WHERE status = 'held'").await,
        0,
        "the lapsed offer's place is free for everyone"
    );
}

#[tokio::test]
async fn declining_passes_the_time_on_and_leaving_the_list_stops_offers() {
    let app = TestApp::spawn().await;
    one_counter(&app).await;
    let (_, html) = app.get_text(PICKER).await;
    let offered = times(&html);
    let erika = book(&app, &offered[0], "Erika Muster", "erika@example.org").await;
    let anna = book(&app, &offered[1], "Anna Beispiel", "anna@example.org").await;
    let bob = book(&app, &offered[2], "Bob Beispiel", "bob@example.org").await;
    let carla = book(&app, &offered[3], "Carla Beispiel", "carla@example.org").await;
    for manage in [&anna, &bob, &carla] {
        assert_eq!(wish(&app, manage, "ja").await.status(), 303);
    }
    assert_eq!(wish(&app, &bob, "nein").await.status(), 303);
    let (_, page) = app.get_text(&bob).await;
    assert!(page.contains("Bei früherem Termin benachrichtigen"));

    let csrf = app.csrf_from(&format!("{erika}/absagen")).await;
    app.post_form(&format!("{erika}/absagen"), &[("_csrf", &csrf)]).await;
    run_jobs(&app).await;
    let offer = link(
        &mail_with(&app, "anna@example.org", "Früherer Termin frei").await.body_text,
        "/termine/angebot/",
    );
    let csrf = app.csrf_from(&offer).await;
    let response = app.post_form(&format!("{offer}/ablehnen"), &[("_csrf", &csrf)]).await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("Dieses Angebot gilt nicht mehr"));
    let (_, page) = app.get_text(&anna).await;
    assert!(page.contains("Bei früherem Termin benachrichtigen"), "Anna keeps her time");

    run_jobs(&app).await;
    assert_eq!(offers_to(&app, "bob@example.org").await, 0, "Bob left the list");
    assert_eq!(offers_to(&app, "carla@example.org").await, 1, "the declined time goes to the next");

    // A cancelled booking cannot join the list.
    let csrf = app.csrf_from(&format!("{bob}/absagen")).await;
    assert_eq!(app.post_form(&format!("{bob}/absagen"), &[("_csrf", &csrf)]).await.status(), 303);
    assert_eq!(wish(&app, &bob, "ja").await.status(), 409);
}
