//! At the counter: kiosk check-in and numbers, the calling rule, no-shows, the call
//! display (page and live events), and who may work which desk.

use crate::appointments::{PICKER, confirm_from_mail, give_address, hold, staff_id, times};
use crate::cases::staff_member;
use crate::helpers::TestApp;
use rathaus_core::accounts::Role;
use rathaus_core::appointments::{counter, kiosks};
use sea_orm::ConnectionTrait;

const LOCATION: &str = "hsvo-city";

/// A confirmed booking at the first free time today; returns its code.
async fn booked_today(app: &TestApp, email: &str) -> String {
    let slot = times(&app.get_text(PICKER).await.1)[0].clone();
    assert_eq!(hold(app, &slot).await.status(), 303);
    assert_eq!(give_address(app, "Erika Muster", email).await.status(), 303);
    let response = confirm_from_mail(app, email).await;
    let (_, html) = app.get_text(response.headers()["location"].to_str().unwrap()).await;
    html.split("class=\"reference\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string()
}

async fn desk_post(app: &TestApp, path: &str, counter: &str, extra: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app
        .csrf_from(&format!("/verwaltung/schalter?ort={LOCATION}&schalter={counter}"))
        .await;
    let mut form = vec![("_csrf", csrf.as_str()), ("ort", LOCATION), ("schalter", counter)];
    form.extend_from_slice(extra);
    app.post_form(path, &form).await
}

#[tokio::test]
async fn walk_ins_and_booked_visitors_are_called_and_shown_on_the_display() {
    // A counter shift outlasts the default idle timeout of a session.
    let app = TestApp::spawn_with(|c| c.session.idle_timeout_minutes = 240).await;
    let code = booked_today(&app, "erika@example.org").await;
    app.forget_cookies();
    let (_, token) = kiosks::create(app.db(), &*app.clock, LOCATION, "Eingang", staff_id(&app).await)
        .await
        .unwrap();

    // The kiosk: an unknown code is refused with the code kept; the right one checks in.
    let kiosk = format!("/kiosk/{token}");
    let csrf = app.csrf_from(&kiosk).await;
    let response = app
        .post_form(&format!("{kiosk}/termin"), &[("_csrf", &csrf), ("code", "ZZZZ-ZZZZ")])
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Zu dieser Buchungsnummer gibt es keinen Termin")
    );
    let typed = code.to_lowercase().replace('-', " ");
    let response = app
        .post_form(&format!("{kiosk}/termin"), &[("_csrf", &csrf), ("code", &typed)])
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("T 001") && html.contains("Sie sind eingecheckt"));
    let response = app
        .post_form(&format!("{kiosk}/termin"), &[("_csrf", &csrf), ("code", &code)])
        .await;
    assert!(
        response.text().await.unwrap().contains("Sie waren schon eingecheckt"),
        "the same number again"
    );
    for expected in ["W 001", "W 002"] {
        let response = app
            .post_form(&format!("{kiosk}/nummer"), &[("_csrf", &csrf), ("leistung", "wohnsitz-anmelden")])
            .await;
        let html = response.text().await.unwrap();
        assert!(html.contains(expected) && html.contains("Geschätzte Wartezeit"), "{html}");
    }
    let (_, html) = app.get_text("/standorte/hsvo-city").await;
    assert!(html.contains("2 Personen ohne Termin warten"));

    // The desk: nobody is due yet at 11:00, so the first walk-in comes first.
    staff_member(&app, "schalter@example.org", "Sina Schalter", Role::Counter, "ba-hamburg-mitte").await;
    let response = desk_post(&app, "/verwaltung/schalter/aufrufen", "3", &[]).await;
    assert_eq!(response.status(), 303);
    let (status, html) = app.get_text("/standorte/hsvo-city/aufruf").await;
    assert_eq!(status, 200);
    assert!(html.contains("W 001") && html.contains("Schalter 3") && html.contains("http-equiv=\"refresh\""));
    assert!(!html.contains("Erika"), "numbers only, no names");

    // At the booked time the booked visitor goes first; then the waiting walk-in.
    app.clock.advance(chrono::Duration::minutes(74));
    desk_post(&app, "/verwaltung/schalter/aufrufen", "3", &[]).await;
    let (_, html) = app.get_text("/verwaltung/schalter?ort=hsvo-city&schalter=3").await;
    assert!(html.contains("Jetzt bei Ihnen: T 001"), "{html}");
    desk_post(&app, "/verwaltung/schalter/aufrufen", "3", &[]).await;
    desk_post(&app, "/verwaltung/schalter/fertig", "3", &[("erschienen", "nein")]).await;
    let conn = app.db().write();
    let statuses: Vec<(String, String)> = conn
        .query_all_raw(rathaus_platform::db::stmt(
            conn,
            "SELECT number, status FROM counter_tickets ORDER BY number",
            vec![],
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| (r.try_get("", "number").unwrap(), r.try_get("", "status").unwrap()))
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("T 001".into(), "done".into()),
            ("W 001".into(), "done".into()),
            ("W 002".into(), "no_show".into())
        ]
    );
    let response = desk_post(&app, "/verwaltung/schalter/aufrufen", "3", &[]).await;
    assert!(
        response.headers()["location"].to_str().unwrap().contains("wartet"),
        "nobody waiting"
    );

    // The live board: the first event at once, newest call first, no-shows left out.
    let mut live = app
        .client
        .get(format!("{}/standorte/hsvo-city/aufruf/live", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(live.headers()["content-type"], "text/event-stream");
    let chunk = String::from_utf8(live.chunk().await.unwrap().unwrap().to_vec()).unwrap();
    assert!(chunk.starts_with("event: calls"), "{chunk}");
    assert!(
        chunk.find("T 001").unwrap() < chunk.find("W 001").unwrap() && !chunk.contains("W 002"),
        "{chunk}"
    );
}

#[tokio::test]
async fn two_counters_never_call_the_same_person() {
    let app = TestApp::spawn().await;
    let by = staff_id(&app).await;
    for _ in 0..6 {
        counter::take_number(app.db(), &*app.clock, LOCATION, None).await.unwrap();
    }
    let calls = (1..=6).map(|c| counter::call_next(app.db(), &*app.clock, LOCATION, c, by));
    let mut called: Vec<String> = futures::future::join_all(calls)
        .await
        .into_iter()
        .map(|r| r.unwrap().expect("someone to call").number)
        .collect();
    called.sort();
    assert_eq!(called, ["W 001", "W 002", "W 003", "W 004", "W 005", "W 006"]);
}

#[tokio::test]
async fn desks_and_kiosks_stay_with_their_location() {
    let app = TestApp::spawn().await;
    let admin = staff_id(&app).await;
    let (kiosk, token) = kiosks::create(app.db(), &*app.clock, LOCATION, "Eingang", admin).await.unwrap();
    kiosks::revoke(app.db(), &*app.clock, LOCATION, kiosk.id, admin).await.unwrap();
    assert_eq!(app.get(&format!("/kiosk/{token}")).await.status(), 404, "a revoked kiosk");

    // Counter staff of another district office: not this location's desk.
    staff_member(&app, "nord@example.org", "Nora Nord", Role::Counter, "ba-hamburg-nord").await;
    let (status, html) = app.get_text("/verwaltung/schalter").await;
    assert_eq!(status, 200);
    assert!(!html.contains("hsvo-city"));
    assert_eq!(app.get("/verwaltung/schalter?ort=hsvo-city").await.status(), 404);
    let csrf = app.csrf_from("/verwaltung/schalter?ort=hsvo-eppendorf").await;
    let response = app
        .post_form(
            "/verwaltung/schalter/nummer",
            &[("_csrf", &csrf), ("ort", LOCATION), ("schalter", "1")],
        )
        .await;
    assert_eq!(response.status(), 404);
    assert_eq!(app.count("counter_tickets").await, 0);
    let conn = app.db().write();
    let refused = conn
        .query_one_raw(rathaus_platform::db::stmt(
            conn,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'counter.access-refused'",
            vec![],
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(refused.try_get::<i64>("", "n").unwrap(), 2);
    // Residents have no desk at all.
    app.forget_cookies();
    assert_eq!(app.get("/verwaltung/schalter").await.status(), 303, "to the sign-in");
}

#[tokio::test]
async fn figures_count_bookings_walk_ins_waits_and_no_shows() {
    let app = TestApp::spawn_with(|c| c.session.idle_timeout_minutes = 24 * 60).await;
    // Two bookings today: Erika comes, Max does not.
    let erika = booked_today(&app, "erika@example.org").await;
    app.forget_cookies();
    booked_today(&app, "max@example.org").await;
    app.forget_cookies();
    counter::take_number(app.db(), &*app.clock, LOCATION, None).await.unwrap();
    let admin = staff_id(&app).await;
    app.clock.advance(chrono::Duration::minutes(20));
    // The walk-in waited 20 minutes when called.
    counter::call_next(app.db(), &*app.clock, LOCATION, 1, admin).await.unwrap();
    counter::check_in(app.db(), &*app.clock, LOCATION, &erika).await.unwrap();
    let catalog = app.state.catalog().await.unwrap();
    let rules = rathaus_core::appointments::Rules::current(app.db(), &app.config.appointments)
        .await
        .unwrap();
    let sampled = rathaus_core::appointments::figures::sample_lead_times(app.db(), &*app.clock, &catalog, &rules)
        .await
        .unwrap();
    assert!(sampled >= 10, "every location that books: {sampled}");
    assert_eq!(
        rathaus_core::appointments::figures::sample_lead_times(app.db(), &*app.clock, &catalog, &rules)
            .await
            .unwrap(),
        0,
        "once an hour"
    );
    // The next day: Max never checked in.
    app.clock.advance(chrono::Duration::days(1));

    staff_member(&app, "ada@example.org", "Ada Admin", Role::AgencyAdmin, "ba-hamburg-mitte").await;
    let (status, html) = app.get_text("/verwaltung/termine/hsvo-city/zahlen").await;
    assert_eq!(status, 200);
    assert!(html.contains("<svg role=\"img\""));
    let today = html
        .split("Montag, 23.11.2026")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap()
        .to_string();
    let cells: Vec<&str> = today.split("<td>").skip(1).map(|c| c.split('<').next().unwrap()).collect();
    // Bookings, no-shows, walk-ins, wait median, wait p90, lead median (an hour and a bit).
    assert_eq!(&cells[..5], ["2", "1", "1", "20", "20"], "{today}");
    assert!(cells[5].parse::<i64>().unwrap() >= 60, "{}", cells[5]);
    let response = app
        .get("/verwaltung/termine/hsvo-city/zahlen.csv?von=2026-11-23&bis=2026-11-24")
        .await;
    assert_eq!(response.status(), 200);
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("Tag;Termine;Nicht erschienen;Ohne Termin"));
    assert!(lines[1].starts_with("2026-11-23;2;1;1;20;20;"), "{}", lines[1]);
}
