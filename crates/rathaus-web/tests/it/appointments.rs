//! Appointments: the booking journey by mail address (confirm → move → cancel), holds
//! that run out, caps per person, the race for the last place (one node and two), and
//! the rate limits in front of it all.

use crate::accounts::{PASSWORD, confirmed_account, mail_with, mails_to, sign_in};
use crate::helpers::{TestApp, extract_value};
use rathaus_core::appointments::calendar::{self, Calendar, CalendarChange};
use rathaus_core::appointments::release;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::stmt;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

const LOCATION: &str = "hsvo-city";
const SERVICE: &str = "wohnsitz-anmelden";
pub(crate) const PICKER: &str = "/termine/orte/hsvo-city?leistung=wohnsitz-anmelden&personen=1";

/// Every `zeit` value offered on a page, in order.
pub(crate) fn times(html: &str) -> Vec<String> {
    html.split("name=\"zeit\" value=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|v| v.replace("&#43;", "+").replace("&#x2b;", "+"))
        .collect()
}

/// The link in a mail that starts with `prefix`, as a path.
pub(crate) fn link(text: &str, prefix: &str) -> String {
    let start = text.find(prefix).unwrap_or_else(|| panic!("a link {prefix} in {text}"));
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .next()
        .unwrap()
        .to_string()
}

/// Lets one counter take bookings at the demo location, so one booking fills a slot.
pub(crate) async fn one_counter(app: &TestApp) {
    let catalog = app.state.catalog().await.unwrap();
    let current = Calendar::load(app.db(), &catalog, LOCATION).await.unwrap();
    let change = CalendarChange {
        hours: current.hours.clone(),
        booking_counters: 1,
    };
    calendar::save(app.db(), &*app.state.clock, &current, &change, staff_id(app).await)
        .await
        .unwrap();
}

/// A staff account to sign calendar changes with (invited; these tests need no session).
pub(crate) async fn staff_id(app: &TestApp) -> Uuid {
    let site = rathaus_core::accounts::notices::Site {
        city: "Hamburg (Demo)",
        public_url: "http://localhost:8080",
        lang: rathaus_platform::i18n::Lang::De,
    };
    let email = format!("kalender-{}@example.org", Uuid::now_v7().simple());
    rathaus_core::accounts::staff::invite(app.db(), &*app.clock, &site, "operator:test", &email, "Kai Kalender")
        .await
        .unwrap()
        .id
}

/// A fresh browser: its cookie and the CSRF token of the picker page.
async fn browser(app: &TestApp) -> (String, String) {
    let response = app.client.get(format!("{}{PICKER}", app.base)).send().await.unwrap();
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ");
    let html = response.text().await.unwrap();
    (cookie, extract_value(&html, "_csrf").expect("csrf"))
}

/// A GET by the browser holding `cookie`.
async fn get_as(app: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

async fn hold_as(app: &TestApp, (cookie, csrf): &(String, String), time: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/termine/halten", app.base))
        .header("cookie", cookie)
        .form(&[
            ("_csrf", csrf.as_str()),
            ("leistung", SERVICE),
            ("personen", "1"),
            ("ort", LOCATION),
            ("zeit", time),
        ])
        .send()
        .await
        .unwrap()
}

pub(crate) async fn hold(app: &TestApp, time: &str) -> reqwest::Response {
    let csrf = app.csrf_from(PICKER).await;
    app.post_form(
        "/termine/halten",
        &[
            ("_csrf", &csrf),
            ("leistung", SERVICE),
            ("personen", "1"),
            ("ort", LOCATION),
            ("zeit", time),
        ],
    )
    .await
}

pub(crate) async fn give_address(app: &TestApp, name: &str, email: &str) -> reqwest::Response {
    let csrf = app.csrf_from("/termine/vormerkung").await;
    app.post_form("/termine/vormerkung", &[("_csrf", &csrf), ("name", name), ("email", email)])
        .await
}

/// Follows the confirmation link mailed to `email`; returns the manage page's path.
pub(crate) async fn confirm_from_mail(app: &TestApp, email: &str) -> reqwest::Response {
    let mail = mail_with(app, email, "Bitte bestätigen Sie Ihren Termin").await;
    let path = link(&mail.body_text, "/termine/bestaetigen/");
    // The session's token (the confirmation page has no form once it is too late).
    let csrf = app.csrf_from(PICKER).await;
    app.post_form(&path, &[("_csrf", &csrf)]).await
}

async fn count_where(app: &TestApp, sql: &str) -> i64 {
    let conn = app.db().write();
    let row = conn.query_one_raw(stmt(conn, sql, vec![])).await.unwrap().unwrap();
    row.try_get("", "n").unwrap()
}

async fn attachments_of(app: &TestApp, to: &str, subject: &str) -> String {
    let conn = app.db().write();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT attachments FROM mails WHERE to_address = $1 AND subject LIKE $2 ORDER BY created_at DESC LIMIT 1",
            vec![to.into(), format!("{subject}%").into()],
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<Option<String>>("", "attachments").unwrap().unwrap_or_default()
}

#[tokio::test]
async fn book_with_a_mail_address_then_move_and_cancel() {
    let app = TestApp::spawn().await;
    let (status, html) = app.get_text("/termine?leistung=wohnsitz-anmelden").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("value=\"wohnsitz-anmelden\" checked"),
        "the service page's choice is kept"
    );
    let (status, _) = app.get_text("/termine/orte?personen=2").await;
    assert_eq!(status, 303, "no service chosen: back to the choice");
    let (status, html) = app.get_text("/termine?fehler=leistung").await;
    assert_eq!(status, 422);
    assert!(html.contains("Wählen Sie mindestens ein Anliegen aus."));

    let (status, html) = app.get_text("/termine/orte?leistung=wohnsitz-anmelden&personen=1").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Hamburg Service vor Ort City") && html.contains("Frühester Termin: Montag, 23.11.2026, 12:"),
        "{html}"
    );

    // Monday 23 November 2026, 11:00 in Hamburg: the first slot is an hour ahead.
    let (status, html) = app.get_text(PICKER).await;
    assert_eq!(status, 200);
    let offered = times(&html);
    assert_eq!(
        offered.first().map(String::as_str),
        Some("2026-11-23T11:15:00+00:00"),
        "12:15 local: an hour's lead, on the 15-minute steps from 7:00"
    );
    assert!(html.contains("12:15 Uhr") && html.contains("Freie Zeiten am Montag, 23.11.2026"));

    // Nothing chosen: the page again with the message, 422.
    let csrf = app.csrf_from(PICKER).await;
    let response = app
        .post_form(
            "/termine/halten",
            &[("_csrf", &csrf), ("leistung", SERVICE), ("personen", "1"), ("ort", LOCATION)],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Wählen Sie eine Uhrzeit aus."));

    let response = hold(&app, &offered[2]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/termine/vormerkung");
    let (status, html) = app.get_text("/termine/vormerkung").await;
    assert_eq!(status, 200);
    assert!(html.contains("bis 11:15 Uhr"), "held for 15 minutes: {html}");

    // A bad address keeps the name typed.
    let response = give_address(&app, "Erika Muster", "erika-at-example.org").await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Geben Sie eine E-Mail-Adresse") && html.contains("value=\"Erika Muster\""));
    let response = give_address(&app, "Erika Muster", "erika@example.org").await;
    assert_eq!(response.status(), 303);
    let (_, html) = app.get_text("/termine/vormerkung?gesendet").await;
    assert!(html.contains("erika@example.org"));

    let response = confirm_from_mail(&app, "erika@example.org").await;
    assert_eq!(response.status(), 303);
    let manage = response.headers()["location"].to_str().unwrap().to_string();
    assert!(manage.starts_with("/termine/verwalten/") && manage.ends_with("?hinweis=gebucht"));
    let (status, html) = app.get_text(&manage).await;
    assert_eq!(status, 200);
    assert!(html.contains("Montag, 23.11.2026, 12:45 Uhr") && html.contains("Ihr Termin ist gebucht"));
    let code = html
        .split("class=\"reference\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    let booked = mail_with(&app, "erika@example.org", "Ihr Termin am").await;
    assert!(booked.body_text.contains(&code) && booked.body_text.contains("/termine/verwalten/"));
    let ics = attachments_of(&app, "erika@example.org", "Ihr Termin am").await;
    assert!(
        ics.contains("BEGIN:VCALENDAR") && ics.contains("DTSTART:20261123T114500Z") && ics.contains("SEQUENCE:0"),
        "{ics}"
    );
    // A second click on the mailed link books nothing twice.
    let mail = mail_with(&app, "erika@example.org", "Bitte bestätigen Sie Ihren Termin").await;
    let (status, html) = app.get_text(&link(&mail.body_text, "/termine/bestaetigen/")).await;
    assert_eq!(status, 200);
    assert!(html.contains("bereits bestätigt") && !html.contains("name=\"_csrf\""));
    assert_eq!(
        count_where(&app, "SELECT COUNT(*) AS n FROM appointments WHERE status = 'confirmed'").await,
        1
    );

    let base = manage.trim_end_matches("?hinweis=gebucht").to_string();
    let file = app.get(&format!("{base}/termin.ics")).await;
    assert_eq!(file.status(), 200);
    assert!(file.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));

    // Moving: the next day's first slot.
    let (status, html) = app.get_text(&format!("{base}/verschieben?tag=2026-11-24")).await;
    assert_eq!(status, 200);
    let tuesday = times(&html);
    assert_eq!(tuesday[0], "2026-11-24T06:00:00+00:00", "07:00 local on Tuesday");
    let csrf = extract_value(&html, "_csrf").unwrap();
    let response = app
        .post_form(&format!("{base}/verschieben"), &[("_csrf", &csrf), ("zeit", &tuesday[0])])
        .await;
    assert_eq!(response.status(), 303);
    let moved = response.headers()["location"].to_str().unwrap().to_string();
    assert_ne!(moved.split('?').next(), Some(base.as_str()), "a new link");
    assert_eq!(app.get(&base).await.status(), 404, "the old link no longer opens it");
    let (_, html) = app.get_text(&moved).await;
    assert!(
        html.contains("Dienstag, 24.11.2026, 07:00 Uhr") && html.contains(&code),
        "the code stays"
    );
    let ics = attachments_of(&app, "erika@example.org", "Ihr Termin ist verschoben").await;
    assert!(ics.contains("SEQUENCE:1") && ics.contains("DTSTART:20261124T060000Z"));
    assert_eq!(
        count_where(&app, "SELECT COUNT(*) AS n FROM appointment_units").await,
        3,
        "15 minutes: three units"
    );

    // Cancelling frees the place.
    let base = moved.split('?').next().unwrap().to_string();
    let (status, html) = app.get_text(&format!("{base}/absagen")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Ja, Termin absagen"));
    let csrf = extract_value(&html, "_csrf").unwrap();
    let response = app.post_form(&format!("{base}/absagen"), &[("_csrf", &csrf)]).await;
    assert_eq!(response.status(), 303);
    let (_, html) = app.get_text(&base).await;
    assert!(html.contains("Dieser Termin ist abgesagt."));
    assert_eq!(count_where(&app, "SELECT COUNT(*) AS n FROM appointment_units").await, 0);
    let ics = attachments_of(&app, "erika@example.org", "Ihr Termin ist abgesagt").await;
    assert!(ics.contains("METHOD:CANCEL") && ics.contains("STATUS:CANCELLED"));
    let response = app.post_form(&format!("{base}/absagen"), &[("_csrf", &csrf)]).await;
    assert_eq!(response.status(), 409, "cancelled once");
}

#[tokio::test]
async fn a_hold_runs_out_and_the_place_returns() {
    let app = TestApp::spawn().await;
    one_counter(&app).await;
    let (_, html) = app.get_text(PICKER).await;
    // Late enough to stay bookable after the clock moves on.
    let slot = times(&html)[4].clone();

    let response = hold(&app, &slot).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    assert_eq!(give_address(&app, "Erika Muster", "erika@example.org").await.status(), 303);

    // Someone else, while the hold lasts: just taken, with the next free times.
    let other = browser(&app).await;
    let response = hold_as(&app, &other, &slot).await;
    assert_eq!(response.status(), 409);
    let html = response.text().await.unwrap();
    assert!(html.contains("Diese Zeit wurde gerade vergeben") && html.contains("Diese Zeiten sind noch frei"));
    assert!(!times(&html).contains(&slot));

    // After 16 minutes the hold is over: the other person gets the place…
    app.clock.advance(chrono::Duration::minutes(16));
    assert_eq!(hold_as(&app, &other, &slot).await.status(), 303);
    // …and the first person's late click says so.
    let response = confirm_from_mail(&app, "erika@example.org").await;
    assert_eq!(response.status(), 409);
    assert!(response.text().await.unwrap().contains("Die Reservierung ist abgelaufen"));
    let mail = mail_with(&app, "erika@example.org", "Bitte bestätigen Sie Ihren Termin").await;
    let (status, html) = app.get_text(&link(&mail.body_text, "/termine/bestaetigen/")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Die Reservierung ist abgelaufen") && html.contains("Neue Zeit wählen"));
    assert_eq!(
        count_where(&app, "SELECT COUNT(*) AS n FROM appointments WHERE status = 'expired'").await,
        1
    );

    // A late click whose slot nobody took still books it.
    let second = times(&app.get_text(PICKER).await.1)[4].clone();
    assert_ne!(second, slot);
    app.forget_cookies();
    assert_eq!(hold(&app, &second).await.status(), 303);
    assert_eq!(give_address(&app, "Max Muster", "max@example.org").await.status(), 303);
    app.clock.advance(chrono::Duration::minutes(20));
    let response = confirm_from_mail(&app, "max@example.org").await;
    assert_eq!(response.status(), 303, "nobody took it meanwhile");
}

#[tokio::test]
async fn one_person_holds_no_more_than_the_cap() {
    let app = TestApp::spawn().await;
    let admin = staff_id(&app).await;
    calendar::set_cap(app.db().write(), &*app.state.clock, SERVICE, Some(1), admin)
        .await
        .unwrap();
    let (_, html) = app.get_text(PICKER).await;
    let offered = times(&html);

    assert_eq!(hold(&app, &offered[0]).await.status(), 303);
    assert_eq!(give_address(&app, "Erika Muster", "erika@example.org").await.status(), 303);
    assert_eq!(confirm_from_mail(&app, "erika@example.org").await.status(), 303);

    // The same address in other letters: refused at the address, the name kept.
    app.forget_cookies();
    assert_eq!(hold(&app, &offered[1]).await.status(), 303);
    let response = give_address(&app, "Erika Muster", "Erika@Example.org").await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("schon so viele Termine gebucht") && html.contains("value=\"Erika Muster\""));
    assert_eq!(
        mails_to(&app, "Erika@Example.org").await.len(),
        2,
        "only the first booking's two mails"
    );

    // A signed-in person is capped at the hold.
    confirmed_account(&app, "anna@example.org").await;
    sign_in(&app, "anna@example.org", PASSWORD, "/termine").await;
    assert_eq!(hold(&app, &offered[2]).await.status(), 303);
    let csrf = app.csrf_from("/termine/vormerkung").await;
    let response = app.post_form("/termine/vormerkung", &[("_csrf", &csrf)]).await;
    assert_eq!(response.status(), 303, "booked at once with the account");
    let (_, html) = app.get_text("/konto/termine").await;
    assert!(html.contains("Montag, 23.11.2026"));
    let response = hold(&app, &offered[3]).await;
    assert_eq!(response.status(), 409);
    assert!(response.text().await.unwrap().contains("schon so viele Termine gebucht"));
}

#[tokio::test]
async fn doctored_choices_book_nothing() {
    let app = TestApp::spawn().await;
    // Sunday, off the grid, in the past, at another location's service, unknown place.
    for time in [
        "2026-11-29T10:00:00+00:00",
        "2026-11-23T11:07:00+00:00",
        "2026-11-23T09:00:00+00:00",
    ] {
        assert_eq!(hold(&app, time).await.status(), 409, "{time}");
    }
    let csrf = app.csrf_from(PICKER).await;
    let response = app
        .post_form(
            "/termine/halten",
            &[
                ("_csrf", &csrf),
                ("leistung", "kfz-zulassung"),
                ("ort", LOCATION),
                ("zeit", "2026-11-24T08:00:00+00:00"),
            ],
        )
        .await;
    assert_eq!(response.status(), 404, "not offered here");
    assert_eq!(app.get("/termine/orte/nirgendwo?leistung=wohnsitz-anmelden").await.status(), 404);
    assert_eq!(app.count("appointments").await, 0);
    // Holidays: Christmas Day has no slots.
    let (_, html) = app.get_text(&format!("{PICKER}&tag=2026-12-25&ab=2026-12-21")).await;
    assert!(html.contains("Freitag, 25.12.2026 <span class=\"hint\">kein Termin frei"), "{html}");
}

/// Twelve people want the last place at once: one gets it, the rest are told it is taken.
async fn race(apps: &[&TestApp]) {
    one_counter(apps[0]).await;
    let (_, html) = apps[0].get_text(PICKER).await;
    let slot = times(&html)[0].clone();
    let mut browsers = Vec::new();
    for i in 0..12 {
        let app = apps[i % apps.len()];
        browsers.push((app, browser(app).await));
    }
    let attempts = browsers.iter().map(|(app, b)| hold_as(app, b, &slot));
    let statuses: Vec<u16> = futures::future::join_all(attempts)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 11, "{statuses:?}");
    assert_eq!(count_where(apps[0], "SELECT COUNT(*) AS n FROM appointment_units").await, 3);
    assert_eq!(count_where(apps[0], "SELECT COUNT(*) AS n FROM appointments").await, 1);
    // The session notes the hold in the hold's own write: only the winner has one to show.
    for ((app, (cookie, _)), status) in browsers.iter().zip(&statuses) {
        let page = get_as(app, cookie, "/termine/vormerkung").await;
        assert_eq!(page.status(), if *status == 303 { 200 } else { 404 });
    }
}

/// Sessions of concurrent requests are read together in one query: each request still
/// gets its own.
#[tokio::test]
async fn sessions_read_together_stay_apart() {
    let app = TestApp::spawn().await;
    let mut browsers = Vec::new();
    for _ in 0..30 {
        browsers.push(browser(&app).await);
    }
    let app = &app;
    let pages = browsers.iter().map(|(cookie, _)| async move {
        let html = get_as(app, cookie, PICKER).await.text().await.unwrap();
        extract_value(&html, "_csrf").expect("csrf")
    });
    let tokens = futures::future::join_all(pages).await;
    for ((_, csrf), seen) in browsers.iter().zip(&tokens) {
        assert_eq!(csrf, seen);
    }
}

#[tokio::test]
async fn the_last_place_goes_to_exactly_one() {
    let app = TestApp::spawn().await;
    race(&[&app]).await;
}

#[tokio::test]
async fn the_last_place_goes_to_exactly_one_across_two_nodes() {
    let first = TestApp::spawn().await;
    let second = TestApp::spawn_on(first.database.clone(), |_| {}).await;
    race(&[&first, &second]).await;
}

#[tokio::test]
async fn holds_are_rate_limited_and_the_limiter_fails_closed() {
    let app = TestApp::spawn_with(|c| c.appointments.holds_per_minute_per_ip = 3).await;
    let (_, html) = app.get_text(PICKER).await;
    let offered = times(&html);
    for slot in &offered[..3] {
        app.forget_cookies();
        assert_eq!(hold(&app, slot).await.status(), 303);
    }
    app.forget_cookies();
    let response = hold(&app, &offered[3]).await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    app.clock.advance(chrono::Duration::minutes(1));
    assert_eq!(hold(&app, &offered[3]).await.status(), 303, "a new minute");

    // An account's holds are counted in the database, across nodes; a limiter that
    // cannot count refuses.
    app.forget_cookies();
    confirmed_account(&app, "limit@example.org").await;
    sign_in(&app, "limit@example.org", PASSWORD, "").await;
    app.clock.advance(chrono::Duration::minutes(1));
    let conn = app.db().write();
    conn.execute_raw(stmt(conn, "DROP TABLE rate_limits", vec![])).await.unwrap();
    let csrf = app.csrf_from(PICKER).await;
    let response = app
        .post_form(
            "/termine/halten",
            &[("_csrf", &csrf), ("leistung", SERVICE), ("ort", LOCATION), ("zeit", &offered[5])],
        )
        .await;
    assert_eq!(response.status(), 503);
    assert_eq!(app.count("appointments").await, 4);
}

#[tokio::test]
async fn administrators_keep_the_calendar_and_a_closure_cancels_with_notice() {
    let app = TestApp::spawn().await;
    let (_, html) = app.get_text(PICKER).await;
    let first = times(&html)[0].clone();
    assert_eq!(hold(&app, &first).await.status(), 303);
    assert_eq!(give_address(&app, "Erika Muster", "erika@example.org").await.status(), 303);
    assert_eq!(confirm_from_mail(&app, "erika@example.org").await.status(), 303);

    crate::cases::staff_member(
        &app,
        "admin@example.org",
        "Ada Admin",
        rathaus_core::accounts::Role::AgencyAdmin,
        "ba-hamburg-mitte",
    )
    .await;
    let (status, html) = app.get_text("/verwaltung/termine").await;
    assert_eq!(status, 200);
    assert!(html.contains("/verwaltung/termine/hsvo-city"));
    let page = "/verwaltung/termine/hsvo-city";
    let (status, html) = app.get_text(page).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("value=\"07:00-19:00\"") && html.contains("value=\"38\""),
        "the catalogue's hours, 3 in 4 of 50 counters"
    );
    assert!(html.contains("Erika Muster"), "today's bookings");

    // A typo keeps every field as typed.
    let csrf = extract_value(&html, "_csrf").unwrap();
    let mut hours = vec![
        ("_csrf", csrf.as_str()),
        ("monday", "07:00-19:00"),
        ("tuesday", "07:00-19:00"),
        ("wednesday", "7 bis 19"),
        ("thursday", "07:00-19:00"),
        ("friday", "07:00-12:00"),
        ("saturday", ""),
        ("sunday", ""),
        ("booking_counters", "60"),
    ];
    let response = app.post_form(page, &hours).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("value=\"7 bis 19\"") && html.contains("Geben Sie eine Zahl von 1 bis 50 an."));
    hours[3].1 = "07:00-19:00";
    hours[8].1 = "2";
    assert_eq!(app.post_form(page, &hours).await.status(), 303);
    let (_, html) = app.get_text(&format!("{PICKER}&tag=2026-11-28")).await;
    assert!(
        html.contains("Samstag, 28.11.2026 <span class=\"hint\">kein Termin frei"),
        "Saturday closed now"
    );
    let (_, html) = app.get_text("/standorte/hsvo-city").await;
    assert!(
        html.contains("07:00–12:00") || html.contains("07:00-12:00"),
        "the location page shows the hours in force"
    );

    // Closing the afternoon cancels Erika's booking and tells her why.
    let response = app
        .post_form(
            &format!("{page}/schliessungen"),
            &[
                ("_csrf", &csrf),
                ("day", "2026-11-23"),
                ("from", "12:00"),
                ("to", "19:00"),
                ("reason", "Betriebsversammlung"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(response.headers()["location"].to_str().unwrap().ends_with("abgesagt-1"));
    let mail = mail_with(&app, "erika@example.org", "Ihr Termin ist abgesagt").await;
    assert!(mail.body_text.contains("Betriebsversammlung"));
    let (_, html) = app.get_text(PICKER).await;
    assert!(!times(&html).iter().any(|t| t.starts_with("2026-11-23")), "nothing left today");
    let response = app
        .post_form(
            &format!("{page}/schliessungen"),
            &[("_csrf", &csrf), ("day", "2026-11-01"), ("reason", "")],
        )
        .await;
    assert_eq!(response.status(), 422, "a past day, no reason");

    // A kiosk link is shown once and works.
    let response = app
        .post_form(&format!("{page}/kioske"), &[("_csrf", &csrf), ("name", "Eingang")])
        .await;
    let html = response.text().await.unwrap();
    let link = html.split("/kiosk/").nth(1).unwrap().split('<').next().unwrap().to_string();
    assert_eq!(app.get(&format!("/kiosk/{link}")).await.status(), 200);

    // Own lengths and caps, the closure taken back, the kiosk revoked, a release set up
    // and the rush protection switched: each change is in the audit log with who made
    // it, for this location, with what was changed — and the refused ones are not.
    let lengths = [("_csrf", csrf.as_str()), ("dauer_wohnsitz-anmelden", "20"), ("dauer_x", "9999")];
    assert_eq!(app.post_form(&format!("{page}/dauer"), &lengths).await.status(), 303);
    let closure = app.scalar::<Uuid>("SELECT id AS v FROM appointment_closures").await;
    let removed = app
        .post_form(&format!("{page}/schliessungen/{closure}/entfernen"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(removed.status(), 303);
    let kiosk = app.scalar::<Uuid>("SELECT id AS v FROM kiosk_devices").await;
    let revoked = app
        .post_form(&format!("{page}/kioske/{kiosk}/entfernen"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(revoked.status(), 303);
    let release = [
        ("_csrf", csrf.as_str()),
        ("first_day", "2026-12-14"),
        ("last_day", "2026-12-18"),
        ("opens_day", "2026-12-01"),
        ("opens_time", "08:00"),
    ];
    assert_eq!(app.post_form(&format!("{page}/freigaben"), &release).await.status(), 303);
    let rush = [("_csrf", csrf.as_str()), ("stunden", "2")];
    assert_eq!(app.post_form(&format!("{page}/andrang"), &rush).await.status(), 303);
    let admin = app
        .scalar::<Uuid>("SELECT id AS v FROM accounts WHERE email = 'admin@example.org'")
        .await;
    let conn = app.db().read();
    let sql =
        format!("SELECT action, details FROM audit_log WHERE actor = 'account:{admin}' AND subject = 'location:hsvo-city' ORDER BY seq");
    let audited: Vec<(String, String)> = conn
        .query_all_raw(stmt(conn, &sql, vec![]))
        .await
        .unwrap()
        .iter()
        .map(|r| (r.try_get("", "action").unwrap(), r.try_get("", "details").unwrap()))
        .collect();
    let actions: Vec<&str> = audited.iter().map(|(action, _)| action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "appointments.calendar-changed",
            "appointments.closure-added",
            "appointments.kiosk-created",
            "appointments.lengths-changed",
            "appointments.closure-removed",
            "appointments.kiosk-revoked",
            "appointments.release-created",
            "appointments.challenge-on",
        ]
    );
    let details = |action: &str| -> serde_json::Value {
        let (_, d) = audited.iter().find(|(a, _)| a == action).unwrap();
        serde_json::from_str(d).unwrap()
    };
    assert_eq!(details("appointments.calendar-changed")["booking_counters"], 2);
    assert_eq!(details("appointments.closure-added")["bookings_cancelled"], 1);
    assert_eq!(details("appointments.closure-added")["reason"], "Betriebsversammlung");
    assert_eq!(details("appointments.lengths-changed")["minutes"]["wohnsitz-anmelden"], 20);
    assert_eq!(details("appointments.kiosk-revoked")["kiosk"], kiosk.to_string());

    // Another district's administrator: no such calendar (audited).
    crate::cases::staff_member(
        &app,
        "altona@example.org",
        "Ali Altona",
        rathaus_core::accounts::Role::AgencyAdmin,
        "ba-altona",
    )
    .await;
    assert_eq!(app.get(page).await.status(), 404);
    let csrf = app.csrf_from("/verwaltung/termine/hsvo-altona").await;
    assert_eq!(
        app.post_form(page, &[("_csrf", &csrf), ("booking_counters", "1")]).await.status(),
        404
    );
    assert_eq!(
        count_where(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'appointments.access-refused'"
        )
        .await,
        2
    );
}

/// Thursday 26 November 2026 gets two 15-minute places (08:00 and 08:15, one counter).
async fn two_places_on_thursday(app: &TestApp) -> Uuid {
    let catalog = app.state.catalog().await.unwrap();
    let current = Calendar::load(app.db(), &catalog, LOCATION).await.unwrap();
    let mut hours = current.hours.clone();
    hours.thursday = Some("08:00-08:30".into());
    let admin = staff_id(app).await;
    let change = CalendarChange {
        hours,
        booking_counters: 1,
    };
    calendar::save(app.db(), &*app.state.clock, &current, &change, admin).await.unwrap();
    admin
}

#[tokio::test]
async fn released_days_wait_for_their_time() {
    let app = TestApp::spawn().await;
    let admin = two_places_on_thursday(&app).await;
    let now = app.clock.now();
    let thursday = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let new = release::NewRelease {
        first_day: thursday,
        last_day: thursday,
        opens_at: now + chrono::Duration::hours(2),
        lottery_until: None,
    };
    release::create(app.db(), &*app.clock, LOCATION, &new, admin).await.unwrap();
    let (_, html) = app.get_text(&format!("{PICKER}&tag=2026-11-26")).await;
    assert!(html.contains("werden am 23.11.2026, 13:00 Uhr freigegeben"), "{html}");
    assert!(html.contains("Donnerstag, 26.11.2026 <span class=\"hint\">kein Termin frei"));
    assert_eq!(hold(&app, "2026-11-26T07:00:00+00:00").await.status(), 409, "not yet");
    app.clock.advance(chrono::Duration::hours(2));
    app.forget_cookies();
    assert_eq!(hold(&app, "2026-11-26T07:00:00+00:00").await.status(), 303, "released");
}

#[tokio::test]
async fn a_lottery_gives_the_released_places_by_lot_and_tells_everyone() {
    let app = TestApp::spawn().await;
    let admin = two_places_on_thursday(&app).await;
    let now = app.clock.now();
    let thursday = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let new = release::NewRelease {
        first_day: thursday,
        last_day: thursday,
        opens_at: now - chrono::Duration::minutes(1),
        lottery_until: Some(now + chrono::Duration::hours(2)),
    };
    let lottery = release::create(app.db(), &*app.clock, LOCATION, &new, admin).await.unwrap();
    assert_eq!(
        hold(&app, "2026-11-26T07:00:00+00:00").await.status(),
        409,
        "no first come, first served"
    );

    let enter = |email: &'static str| {
        let app = &app;
        let path = format!("/termine/verlosung/{}", lottery.id);
        async move {
            app.forget_cookies();
            let (_, html) = app.get_text(&format!("{PICKER}&tag=2026-11-26")).await;
            assert!(html.contains("werden verlost"), "{html}");
            let csrf = extract_value(&html, "_csrf").unwrap();
            app.post_form(
                &path,
                &[
                    ("_csrf", &csrf),
                    ("leistung", SERVICE),
                    ("personen", "1"),
                    ("name", "Eva Los"),
                    ("email", email),
                ],
            )
            .await
        }
    };
    let response = enter("kein-at-zeichen").await;
    assert_eq!(response.status(), 422);
    for email in ["a@example.org", "b@example.org", "c@example.org", "d@example.org"] {
        let response = enter(email).await;
        assert_eq!(response.status(), 200);
        assert!(response.text().await.unwrap().contains("Erst mit der Bestätigung"));
    }
    assert!(
        enter("A@example.org")
            .await
            .text()
            .await
            .unwrap()
            .contains("schon an dieser Verlosung teil")
    );
    // Three confirm; d@ never does.
    for email in ["a@example.org", "b@example.org", "c@example.org"] {
        let mail = mail_with(&app, email, "Bitte bestätigen Sie Ihre Teilnahme").await;
        let path = link(&mail.body_text, "/termine/verlosung/bestaetigen/");
        let csrf = app.csrf_from(&path).await;
        let response = app.post_form(&path, &[("_csrf", &csrf)]).await;
        assert!(response.text().await.unwrap().contains("Sie nehmen an der Verlosung teil"));
    }

    let catalog = app.state.catalog().await.unwrap();
    let rules = rathaus_core::appointments::Rules::current(app.db(), &app.config.appointments)
        .await
        .unwrap();
    let site = rathaus_core::appointments::Site {
        city: "Hamburg",
        public_url: "http://localhost:8080",
    };
    let current = release::by_id(app.db().write(), lottery.id).await.unwrap();
    let early = release::draw(app.db(), &*app.clock, &catalog, &current, &rules, site)
        .await
        .unwrap();
    assert_eq!(early.entries, 0, "not before the window closes");

    app.clock.advance(chrono::Duration::hours(2));
    let due = release::due_draws(app.db().read(), app.clock.now()).await.unwrap();
    assert_eq!(due.len(), 1);
    let drawn = release::draw(app.db(), &*app.clock, &catalog, &due[0], &rules, site).await.unwrap();
    assert_eq!((drawn.entries, drawn.won, drawn.lost), (3, 2, 1));
    let mut winners = 0;
    for email in ["a@example.org", "b@example.org", "c@example.org"] {
        let subjects: Vec<String> = mails_to(&app, email).await.into_iter().map(|m| m.subject).collect();
        let won = subjects.iter().any(|s| s.starts_with("Ihr Termin am Donnerstag, 26.11.2026"));
        let lost = subjects.iter().any(|s| s.starts_with("Terminverlosung: diesmal kein Termin"));
        assert!(won != lost, "{email}: exactly one result mail: {subjects:?}");
        winners += usize::from(won);
    }
    assert_eq!(winners, 2);
    assert_eq!(mails_to(&app, "d@example.org").await.len(), 1, "an unconfirmed entry is not drawn");
    assert_eq!(
        count_where(&app, "SELECT COUNT(*) AS n FROM appointment_lottery_entries WHERE rank IS NOT NULL").await,
        3
    );
    assert_eq!(
        count_where(
            &app,
            "SELECT COUNT(*) AS n FROM appointment_releases WHERE seed IS NOT NULL AND published_at IS NOT NULL"
        )
        .await,
        1
    );
    // Drawing again changes nothing.
    let again = release::by_id(app.db().write(), lottery.id).await.unwrap();
    assert_eq!(
        release::draw(app.db(), &*app.clock, &catalog, &again, &rules, site)
            .await
            .unwrap()
            .entries,
        0
    );
    assert_eq!(
        count_where(&app, "SELECT COUNT(*) AS n FROM appointments WHERE status = 'confirmed'").await,
        2
    );
}

/// An ID-card appointment says what to bring and what it costs — on the booking's page,
/// in the confirmation and in the calendar entry — with the way there; the day before,
/// a reminder with the same and a link to move or cancel. A move keeps the code, makes
/// the old reminder moot and brings a new one for the new time.
#[tokio::test]
async fn an_appointment_says_what_to_bring_and_a_reminder_comes_the_day_before() {
    let app = TestApp::spawn().await;
    let catalog = app.state.catalog().await.unwrap();
    let id_card = catalog.service("personalausweis-beantragen").unwrap();
    let first_document = id_card.documents_de[0].clone();
    assert!(!first_document.is_empty());

    // Wednesday, 25 November, a day and more ahead.
    let picker = "/termine/orte/hsvo-city?leistung=personalausweis-beantragen&personen=1&tag=2026-11-25";
    let (status, html) = app.get_text(picker).await;
    assert_eq!(status, 200);
    let nine = "2026-11-25T08:00:00+00:00";
    assert!(times(&html).iter().any(|t| t == nine), "09:00 local is free");
    let csrf = extract_value(&html, "_csrf").unwrap();
    let held = app
        .post_form(
            "/termine/halten",
            &[
                ("_csrf", csrf.as_str()),
                ("leistung", "personalausweis-beantragen"),
                ("personen", "1"),
                ("ort", LOCATION),
                ("zeit", nine),
            ],
        )
        .await;
    assert_eq!(held.status(), 303);
    assert_eq!(give_address(&app, "Erika Muster", "erika@example.org").await.status(), 303);
    let confirmed = confirm_from_mail(&app, "erika@example.org").await;
    let manage = confirmed.headers()["location"].to_str().unwrap().to_string();
    let base = manage.split('?').next().unwrap().to_string();

    // The booking's page.
    let (_, html) = app.get_text(&manage).await;
    assert!(html.contains("Was Sie mitbringen"), "{html}");
    assert!(html.contains(&first_document) && html.contains("46,00 €") && html.contains("27,60 €"));
    assert!(html.contains("https://www.openstreetmap.org/search?query=Adolphsplatz%2C+20457+Hamburg"));
    let code = html
        .split("class=\"reference\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();

    // The confirmation and its calendar entry.
    let booked = mail_with(&app, "erika@example.org", "Ihr Termin am").await;
    for expected in [
        "Bitte bringen Sie mit:",
        first_document.as_str(),
        "46,00 €",
        "openstreetmap.org/search?query=",
    ] {
        assert!(booked.body_text.contains(expected), "{expected} in {}", booked.body_text);
    }
    let ics = attachments_of(&app, "erika@example.org", "Ihr Termin am").await;
    let ics: String = serde_json::from_str::<serde_json::Value>(&ics).unwrap()[0]["body"]
        .as_str()
        .unwrap()
        .replace("\r\n ", "")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\n", "\n");
    assert!(
        ics.contains(&first_document) && ics.contains("46,00 €") && ics.contains(&code),
        "{ics}"
    );

    // The reminder waits until a day before …
    let worker = crate::applying::worker(&app);
    let reminders = || async {
        mails_to(&app, "erika@example.org")
            .await
            .into_iter()
            .filter(|m| m.subject.starts_with("Erinnerung"))
            .collect::<Vec<_>>()
    };
    app.clock
        .set(chrono::DateTime::parse_from_rfc3339("2026-11-24T07:59:00Z").unwrap().to_utc());
    while worker.run_once().await.unwrap() > 0 {}
    assert!(reminders().await.is_empty(), "not yet");
    app.clock
        .set(chrono::DateTime::parse_from_rfc3339("2026-11-24T08:00:30Z").unwrap().to_utc());
    while worker.run_once().await.unwrap() > 0 {}
    while worker.run_once().await.unwrap() > 0 {}
    let sent = reminders().await;
    assert_eq!(sent.len(), 1, "once");
    let reminder = &sent[0];
    assert_eq!(reminder.subject, "Erinnerung: Ihr Termin am Mittwoch, 25.11.2026, 09:00 Uhr");
    let reminder_link = link(&reminder.body_text, "/termine/verwalten/");
    let token = reminder_link.trim_start_matches("/termine/verwalten/").to_string();
    insta::assert_snapshot!(
        "appointment_reminder_mail",
        reminder.body_text.replace(&token, "[token]").replace(&code, "[code]")
    );
    // … and its link opens the booking, as the confirmation's still does.
    let (status, html) = app.get_text(&reminder_link).await;
    assert_eq!(status, 200);
    assert!(html.contains(&code) && html.contains("Termin verschieben"));
    assert_eq!(app.get(&base).await.status(), 200);

    // Moved to Thursday: same code; both old links and the old reminder are done with.
    let (_, html) = app.get_text(&format!("{reminder_link}/verschieben?tag=2026-11-26")).await;
    let thursday = "2026-11-26T08:00:00+00:00";
    assert!(times(&html).iter().any(|t| t == thursday));
    let csrf = extract_value(&html, "_csrf").unwrap();
    let moved = app
        .post_form(&format!("{reminder_link}/verschieben"), &[("_csrf", &csrf), ("zeit", thursday)])
        .await;
    assert_eq!(moved.status(), 303);
    let moved = moved.headers()["location"].to_str().unwrap().to_string();
    let (_, html) = app.get_text(&moved).await;
    assert!(html.contains(&code) && html.contains("Donnerstag, 26.11.2026, 09:00 Uhr"));
    assert_eq!(app.get(&base).await.status(), 404);
    assert_eq!(app.get(&reminder_link).await.status(), 404);
    let moved_mail = mail_with(&app, "erika@example.org", "Ihr Termin ist verschoben").await;
    assert!(moved_mail.body_text.contains(&first_document) && moved_mail.body_text.contains("46,00 €"));
    app.clock
        .set(chrono::DateTime::parse_from_rfc3339("2026-11-25T08:00:30Z").unwrap().to_utc());
    while worker.run_once().await.unwrap() > 0 {}
    let sent = reminders().await;
    assert_eq!(sent.len(), 2, "one more, for the new time");
    assert_eq!(sent[0].subject, "Erinnerung: Ihr Termin am Donnerstag, 26.11.2026, 09:00 Uhr");

    // Cancelled, no reminder follows.
    let base = moved.split('?').next().unwrap().to_string();
    let csrf = app.csrf_from(&format!("{base}/absagen")).await;
    assert_eq!(app.post_form(&format!("{base}/absagen"), &[("_csrf", &csrf)]).await.status(), 303);
    app.clock
        .set(chrono::DateTime::parse_from_rfc3339("2026-11-26T07:00:00Z").unwrap().to_utc());
    while worker.run_once().await.unwrap() > 0 {}
    assert_eq!(reminders().await.len(), 2);
}
