//! The queue pages through an agency's cases by their keys (keyset paging): every case
//! is on exactly one page in every order, forwards and backwards, whatever ties the
//! order has; a position from another agency or from nowhere starts at the beginning;
//! the counts stop at their cap; and an export holds every case of the filter, not only
//! a page.

use std::io::Read;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rathaus_core::accounts::Role;
use rathaus_core::cases::queue::{COUNT_CAP, PAGE};
use rathaus_platform::db::stmt;
use sea_orm::{ConnectionTrait, Value};
use uuid::Uuid;

use crate::cases::{AGENCY, OTHER_AGENCY, anna, staff_member};
use crate::helpers::TestApp;

/// A case as the queue orders it.
#[derive(Debug, Clone)]
struct Seeded {
    id: Uuid,
    reference: String,
    due_on: NaiveDate,
    submitted_at: chrono::DateTime<Utc>,
    open: bool,
}

/// Writes `n` cases of `agency` straight into the table, `first` numbering their
/// references: many share a due day and some a submission time, so the orders have
/// ties that only the later keys break.
async fn seed(app: &TestApp, owner: Uuid, agency: &str, first: usize, n: usize) -> Vec<Seeded> {
    let base = Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap();
    let mut cases = Vec::with_capacity(n);
    let conn = app.db().write();
    for chunk in (first..first + n).collect::<Vec<_>>().chunks(200) {
        let mut values: Vec<Value> = Vec::new();
        let mut rows = Vec::new();
        for &i in chunk {
            let case = Seeded {
                id: Uuid::now_v7(),
                // Not in the order of submission, so the orders differ.
                reference: format!("HH-2026-{:06}", (i * 7919) % 100_000),
                due_on: (base + Duration::days((i % 13) as i64)).date_naive(),
                submitted_at: base + Duration::minutes((i / 3) as i64 * 17 % 5_000),
                open: i % 5 != 0,
            };
            let status = if case.open { "submitted" } else { "closed" };
            let at = values.len();
            rows.push(format!(
                "({})",
                (1..=13).map(|k| format!("${}", at + k)).collect::<Vec<_>>().join(", ")
            ));
            values.extend([
                case.id.into(),
                owner.into(),
                "hund-anmelden-steuer".into(),
                "hund-anmelden-steuer".into(),
                1.into(),
                status.into(),
                Value::Json(Some(Box::new(serde_json::json!({})))),
                case.reference.clone().into(),
                case.submitted_at.into(),
                case.submitted_at.into(),
                case.submitted_at.into(),
                agency.into(),
                case.due_on.into(),
            ]);
            cases.push(case);
        }
        conn.execute_raw(stmt(
            conn,
            &format!(
                "INSERT INTO applications (id, account_id, service_id, form_id, form_version, status, answers, reference, \
                 created_at, updated_at, submitted_at, agency_id, due_on) VALUES {}",
                rows.join(", ")
            ),
            values,
        ))
        .await
        .unwrap();
    }
    cases
}

/// The references of the queue page's rows, in order.
fn references(html: &str) -> Vec<String> {
    html.split("<a href=\"/verwaltung/vorgaenge/")
        .skip(1)
        .filter_map(|rest| rest.split_once("\">").map(|(_, after)| after))
        .filter_map(|after| after.split('<').next())
        .filter(|text| text.starts_with("HH-"))
        .map(str::to_string)
        .collect()
}

/// The address of the link with `rel` on the page.
fn link(html: &str, rel: &str) -> Option<String> {
    let marker = format!("rel=\"{rel}\"");
    let before = html.split(&marker).next().filter(|_| html.contains(&marker))?;
    let href = before.rsplit("href=\"").next()?.split('"').next()?;
    // As a browser reads the attribute: the page escapes `&`.
    Some(href.replace("&#38;", "&").replace("&amp;", "&"))
}

/// Every page of `start`, following "next", and then back from the last, following
/// "previous": the references in the order read.
async fn walk(app: &TestApp, start: &str) -> (Vec<String>, Vec<String>) {
    let mut forwards = Vec::new();
    let mut path = start.to_string();
    let mut last_page = String::new();
    for _ in 0..100 {
        let (status, html) = app.get_text(&path).await;
        assert_eq!(status, 200, "{path}");
        let rows = references(&html);
        assert!(rows.len() as u64 <= PAGE, "a page holds at most {PAGE} cases");
        forwards.extend(rows);
        last_page = html.clone();
        match link(&html, "next") {
            Some(next) => path = next,
            None => break,
        }
    }
    let mut backwards: Vec<String> = references(&last_page).into_iter().rev().collect();
    let mut html = last_page;
    for _ in 0..100 {
        let Some(previous) = link(&html, "prev") else { break };
        let (status, page) = app.get_text(&previous).await;
        assert_eq!(status, 200, "{previous}");
        backwards.extend(references(&page).into_iter().rev());
        html = page;
    }
    backwards.reverse();
    (forwards, backwards)
}

/// Fails where `got` first differs from `expected`, with the neighbourhood.
fn same(got: &[String], expected: &[String], what: &str) {
    if let Some(at) = (0..got.len().max(expected.len())).find(|&i| got.get(i) != expected.get(i)) {
        let around = |list: &[String]| list[at.saturating_sub(2)..(at + 3).min(list.len())].to_vec();
        panic!(
            "{what}: {} cases read, {} expected; first difference at {at}: read {:?}, expected {:?}",
            got.len(),
            expected.len(),
            around(got),
            around(expected)
        );
    }
}

#[tokio::test]
async fn every_case_is_on_exactly_one_page_in_every_order_forwards_and_backwards() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await.id;
    let cases = seed(&app, owner, AGENCY, 0, 260).await;
    seed(&app, owner, OTHER_AGENCY, 1_000, 40).await;
    staff_member(&app, "clara.clerk@example.org", "Clara Clerk", Role::CaseWorker, AGENCY).await;

    let sorted = |open_only: bool, key: &dyn Fn(&Seeded, &Seeded) -> std::cmp::Ordering| {
        let mut chosen: Vec<Seeded> = cases.iter().filter(|c| c.open || !open_only).cloned().collect();
        chosen.sort_by(|a, b| key(a, b));
        chosen.into_iter().map(|c| c.reference).collect::<Vec<_>>()
    };
    let due = |a: &Seeded, b: &Seeded| (a.due_on, a.submitted_at, a.id).cmp(&(b.due_on, b.submitted_at, b.id));
    let newest = |a: &Seeded, b: &Seeded| (b.submitted_at, b.id).cmp(&(a.submitted_at, a.id));
    let oldest = |a: &Seeded, b: &Seeded| (a.submitted_at, a.id).cmp(&(b.submitted_at, b.id));
    let reference = |a: &Seeded, b: &Seeded| a.reference.cmp(&b.reference);
    let orders: [(&str, Vec<String>); 5] = [
        ("/verwaltung/vorgaenge", sorted(true, &due)),
        ("/verwaltung/vorgaenge?stand=alle", sorted(false, &due)),
        ("/verwaltung/vorgaenge?stand=alle&sortierung=neu", sorted(false, &newest)),
        ("/verwaltung/vorgaenge?sortierung=alt", sorted(true, &oldest)),
        (
            "/verwaltung/vorgaenge?stand=alle&sortierung=aktenzeichen",
            sorted(false, &reference),
        ),
    ];
    for (start, expected) in orders {
        let (forwards, backwards) = walk(&app, start).await;
        same(&forwards, &expected, &format!("{start}: forwards, every case once, in order"));
        same(&backwards, &expected, &format!("{start}: backwards from the last page"));
    }

    let (_, first) = app.get_text("/verwaltung/vorgaenge?stand=alle").await;
    assert!(first.contains("260 Vorgänge."), "the total, not the page");
    assert!(first.contains("Diese Seite zeigt 100 davon."));
    assert!(link(&first, "prev").is_none(), "the first page has no page before it");
    assert!(first.contains("aria-label=\"Seiten der Vorgangsliste\""));
}

#[tokio::test]
async fn a_position_outside_the_queue_starts_at_the_beginning_and_reveals_nothing() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await.id;
    seed(&app, owner, AGENCY, 0, 120).await;
    let theirs = seed(&app, owner, OTHER_AGENCY, 1_000, 5).await;
    staff_member(&app, "clara.clerk@example.org", "Clara Clerk", Role::CaseWorker, AGENCY).await;
    let (_, first) = app.get_text("/verwaltung/vorgaenge?stand=alle").await;
    for position in [
        format!("nach={}", theirs[0].id),
        format!("vor={}", theirs[0].id),
        format!("nach={}", Uuid::now_v7()),
        "nach=kein-vorgang".to_string(),
        "vor=%27%20OR%201%3D1".to_string(),
    ] {
        let (status, page) = app.get_text(&format!("/verwaltung/vorgaenge?stand=alle&{position}")).await;
        assert_eq!(status, 200, "{position}");
        assert_eq!(references(&page), references(&first), "{position}: the first page");
        assert!(!page.contains(&theirs[0].reference), "another agency's case stays hidden");
    }
}

#[tokio::test]
async fn the_counts_stop_at_their_cap_and_say_so() {
    let app = TestApp::spawn_with(|c| c.rate_limit.writes_per_minute = 2_000).await;
    let owner = anna(&app).await.id;
    seed(&app, owner, AGENCY, 0, COUNT_CAP as usize + 30).await;
    staff_member(&app, "clara.clerk@example.org", "Clara Clerk", Role::CaseWorker, AGENCY).await;
    let (status, page) = app.get_text("/verwaltung/vorgaenge?stand=alle").await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("Mehr als {COUNT_CAP} Vorgänge.")), "{page}");
    assert_eq!(references(&page).len() as u64, PAGE);
}

#[tokio::test]
async fn an_export_holds_every_case_of_the_filter_in_its_order() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await.id;
    let cases = seed(&app, owner, AGENCY, 0, 2_345).await;
    seed(&app, owner, OTHER_AGENCY, 10_000, 30).await;
    staff_member(&app, "clara.clerk@example.org", "Clara Clerk", Role::CaseWorker, AGENCY).await;

    let csv = app.get("/verwaltung/vorgaenge/export.csv?stand=alle&sortierung=aktenzeichen").await;
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.unwrap();
    let exported: Vec<&str> = text.lines().skip(1).map(|l| l.split(';').next().unwrap()).collect();
    let mut expected: Vec<&str> = cases.iter().map(|c| c.reference.as_str()).collect();
    expected.sort();
    assert_eq!(
        exported, expected,
        "every case of the agency, beyond the first chunk, once, in order"
    );

    let xlsx = app.get("/verwaltung/vorgaenge/export.xlsx").await;
    assert_eq!(xlsx.status(), 200);
    let body = xlsx.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(body.to_vec())).unwrap();
    let mut sheet = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    let open = cases.iter().filter(|c| c.open).count();
    assert_eq!(sheet.matches("<row ").count(), open + 1, "the header and every open case");

    let conn = app.db().read();
    let details: Vec<String> = conn
        .query_all_raw(stmt(
            conn,
            "SELECT details FROM audit_log WHERE action = 'case.exported' ORDER BY seq",
            vec![],
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "details").unwrap())
        .collect();
    assert_eq!(details.len(), 2);
    assert!(details[0].contains("\"rows\":2345"), "{}", details[0]);
    assert!(details[1].contains(&format!("\"rows\":{open}")), "{}", details[1]);
}
