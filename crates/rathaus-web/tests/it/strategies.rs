//! The agencies' digital strategies: an agency's administrators keep their own strategy
//! (goals read from live figures, measures with milestones) and reach nobody else's;
//! the CDO office reads every strategy, sees across them what is overdue or off track,
//! and assesses; the agency answers each requested change. Every change is a revision
//! and audited; a change made meanwhile is shown, not overwritten.

use rathaus_core::accounts::{Role, Scope};
use rathaus_core::catalog;
use rathaus_core::cockpit::{review, strategies};

use crate::cases::staff_member;
use crate::helpers::{TestApp, extract_value};
use crate::staff::grant;

/// The form of `path` as the page fills it: its token and the revision it was read at.
async fn form_state(app: &TestApp, path: &str) -> (String, String) {
    let (status, html) = app.get_text(path).await;
    assert_eq!(status, 200, "{path}");
    (
        extract_value(&html, "_csrf").expect("a token"),
        extract_value(&html, "revision").expect("the revision"),
    )
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String, Option<String>) {
    let response = app.post_form(path, fields).await;
    let status = response.status().as_u16();
    let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string());
    (status, response.text().await.unwrap(), location)
}

async fn post_fields(app: &TestApp, path: &str, fields: &[(&'static str, String)]) -> (u16, String, Option<String>) {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post(app, path, &pairs).await
}

async fn change_service(app: &TestApp, id: &str, change: impl FnOnce(&mut catalog::Service)) {
    let mut file = catalog::export(app.db().read()).await.unwrap();
    change(file.services.iter_mut().find(|s| s.id == id).unwrap());
    catalog::import(app.db(), &*app.clock, "test", &file).await.unwrap();
    app.state.catalog.invalidate().await;
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    app.scalar(&format!("SELECT COUNT(*) AS v FROM audit_log WHERE action = '{action}'"))
        .await
}

#[tokio::test]
async fn an_agency_keeps_its_own_strategy_with_live_goals_and_reaches_no_other() {
    let app = TestApp::spawn().await;
    // A case worker has no strategies at all.
    staff_member(&app, "carl@lbv.example.org", "Carl Fall", Role::CaseWorker, "lbv").await;
    for path in [
        "/verwaltung/cdo/strategien",
        "/verwaltung/cdo/strategien/lbv",
        "/verwaltung/cdo/strategien.csv",
    ] {
        assert_eq!(app.get(path).await.status(), 403, "{path}");
    }

    staff_member(&app, "lena@lbv.example.org", "Lena Leitung", Role::AgencyAdmin, "lbv").await;
    let (status, page) = app.get_text("/verwaltung/cdo/strategien").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Landesbetrieb Verkehr") && page.contains("Keine Strategie hinterlegt"),
        "{page}"
    );
    assert!(!page.contains("Wirtschaft und Innovation"), "another agency is not listed");
    // Another agency's strategy does not exist for her: not to read, edit or answer.
    for path in [
        "/verwaltung/cdo/strategien/bwi",
        "/verwaltung/cdo/strategien/bwi/bearbeiten",
        "/verwaltung/cdo/strategien/bwi/ziele/neu",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
    let (csrf, _) = form_state(&app, "/verwaltung/cdo/strategien/lbv/bearbeiten").await;
    let forged = [
        ("_csrf", csrf.as_str()),
        ("title", "Übernommen"),
        ("summary", "x"),
        ("horizon", "2030"),
        ("revision", "1"),
    ];
    for path in ["/verwaltung/cdo/strategien/bwi/bearbeiten", "/verwaltung/cdo/strategien/bwi/ziele"] {
        assert_eq!(post(&app, path, &forged).await.0, 404, "{path}");
    }
    let demo = strategies::all(app.db().read()).await.unwrap();
    assert_eq!(demo.len(), 1);
    assert_eq!(demo[0].revision, 1, "the demo strategy is untouched");

    // Her own: a wrong year is named and what she typed stays.
    let fields = |horizon: &'static str| {
        vec![
            ("_csrf", csrf.clone()),
            ("title", "Verkehr digital 2030".to_string()),
            ("summary", "Zulassung, Parken und Fahrerlaubnis vollständig online.".to_string()),
            ("horizon", horizon.to_string()),
            ("revision", "0".to_string()),
        ]
    };
    let (status, html, _) = post_fields(&app, "/verwaltung/cdo/strategien/lbv/bearbeiten", &fields("bald")).await;
    assert_eq!(status, 422);
    assert!(html.contains("Bitte geben Sie ein Jahr zwischen 2000 und 2100 an.") && html.contains("Verkehr digital 2030"));
    let (status, _, location) = post_fields(&app, "/verwaltung/cdo/strategien/lbv/bearbeiten", &fields("2030")).await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some("/verwaltung/cdo/strategien/lbv?hinweis=gespeichert"))
    );
    // The same form sent again was read before that save: refused, not overwritten.
    let (status, html, _) = post_fields(&app, "/verwaltung/cdo/strategien/lbv/bearbeiten", &fields("2031")).await;
    assert_eq!(status, 422);
    assert!(html.contains("hat jemand anderes diesen Eintrag geändert"), "{html}");
    assert!(
        html.contains("name=\"revision\" value=\"1\""),
        "saving again is a decision made on the current revision"
    );

    // A goal read from a live figure: the parking permit's maturity level, now 4.
    let (csrf, revision) = form_state(&app, "/verwaltung/cdo/strategien/lbv/ziele/neu").await;
    let goal = |service: &'static str, target: &'static str| {
        vec![
            ("_csrf", csrf.clone()),
            ("title", "Bewohnerparken voll digital".to_string()),
            ("figure", "level".to_string()),
            ("service", service.to_string()),
            ("target", target.to_string()),
            ("due", "2027-12-31".to_string()),
            ("direction", "higher".to_string()),
            ("revision", revision.clone()),
        ]
    };
    let (status, html, _) = post_fields(&app, "/verwaltung/cdo/strategien/lbv/ziele", &goal("", "5")).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("Der Reifegrad gilt für eine Leistung.") && html.contains("Der Reifegrad liegt zwischen 0 und 4."),
        "{html}"
    );
    assert_eq!(
        post_fields(&app, "/verwaltung/cdo/strategien/lbv/ziele", &goal("bewohnerparkausweis", "4"))
            .await
            .0,
        303
    );
    let (_, page) = app.get_text("/verwaltung/cdo/strategien/lbv").await;
    assert!(page.contains("Reifegrad – Bewohnerparkausweis beantragen"), "{page}");
    assert!(page.contains("support-ok\">erreicht"), "level 4 reached: {page}");

    // The catalogue drops the download: the level falls to 2 and the goal is off track
    // against its baseline (4 when it was set), read live, typed by nobody.
    change_service(&app, "bewohnerparkausweis", |s| s.delivery_options.retain(|d| d != "download")).await;
    let (_, page) = app.get_text("/verwaltung/cdo/strategien/lbv").await;
    assert!(page.contains("Stufe 2 (Stand"), "{page}");
    assert!(page.contains("support-bad\">weicht ab"), "{page}");

    // A measure: a service not in the catalogue and a procedure not in the register are
    // named; a measure with a milestone past its day is overdue.
    let (csrf, revision) = form_state(&app, "/verwaltung/cdo/strategien/lbv/massnahmen/neu").await;
    let measure = |services: &'static str, procedures: &'static str| {
        vec![
            ("_csrf", csrf.clone()),
            ("title", "Download des Bescheids wiederherstellen".to_string()),
            ("owner", "Abteilung Parken (LBV 3)".to_string()),
            ("budget_eur", "45.000".to_string()),
            ("status", "in_progress".to_string()),
            ("milestones", "2026-10-01 Fehleranalyse\n2027-02-01 Produktiv".to_string()),
            ("services", services.to_string()),
            ("procedures", procedures.to_string()),
            ("revision", revision.clone()),
        ]
    };
    let (status, html, _) = post_fields(&app, "/verwaltung/cdo/strategien/lbv/massnahmen", &measure("erfunden", "nirgends")).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("Eine der Leistungen steht nicht im Katalog.") && html.contains("Eines der IT-Verfahren steht nicht im Register.")
    );
    assert!(html.contains("Abteilung Parken (LBV 3)"), "what she typed stays");
    assert_eq!(
        post_fields(
            &app,
            "/verwaltung/cdo/strategien/lbv/massnahmen",
            &measure("bewohnerparkausweis", "parko")
        )
        .await
        .0,
        303
    );
    let (_, page) = app.get_text("/verwaltung/cdo/strategien/lbv").await;
    assert!(
        page.contains("01.10.2026 Fehleranalyse <span class=\"tag support-bad\">überfällig"),
        "{page}"
    );
    assert!(
        page.contains("href=\"/verwaltung/cdo/verfahren/parko\""),
        "her own procedure is linked"
    );
    assert!(page.contains("45.000,00 €"));

    // Three changes, three revisions, each audited; the history names them.
    assert_eq!(
        app.scalar::<i64>("SELECT COUNT(*) AS v FROM digital_strategy_revisions WHERE agency_id = 'lbv'")
            .await,
        3
    );
    assert_eq!(
        audited(&app, "strategy.created").await,
        1,
        "hers (the demo's load is the operator's)"
    );
    assert_eq!(audited(&app, "strategy.goal_added").await, 1);
    assert_eq!(audited(&app, "strategy.measure_added").await, 1);
    assert!(
        page.contains("Lena Leitung: Maßnahme hinzugefügt: Download des Bescheids wiederherstellen"),
        "{page}"
    );

    // She removes the goal; the measure's link to it goes with it, the history keeps it.
    let stored = strategies::all(app.db().read()).await.unwrap();
    let lbv = stored.iter().find(|s| s.strategy.agency == "lbv").unwrap();
    let goal_id = lbv.strategy.goals[0].id;
    let path = format!("/verwaltung/cdo/strategien/lbv/ziele/{goal_id}");
    let (csrf, revision) = form_state(&app, &path).await;
    let (status, _, location) = post(&app, &format!("{path}/entfernen"), &[("_csrf", csrf.as_str()), ("revision", "1")]).await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some("/verwaltung/cdo/strategien/lbv?hinweis=geaendert")),
        "a stale page removes nothing"
    );
    let (status, _, _) = post(
        &app,
        &format!("{path}/entfernen"),
        &[("_csrf", csrf.as_str()), ("revision", revision.as_str())],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = app.get_text("/verwaltung/cdo/strategien/lbv").await;
    assert!(page.contains("Die Strategie hat noch keine Ziele.") && page.contains("Ziel entfernt: Bewohnerparken voll digital"));
}

#[tokio::test]
async fn the_cdo_sees_every_strategy_assesses_it_and_the_agency_answers_each_request() {
    let app = TestApp::spawn().await;
    let clara = staff_member(&app, "clara@example.org", "Clara Cockpit", Role::CaseWorker, "senatskanzlei").await;
    grant(&app, clara, Role::Cdo, Scope::City).await;

    // The portfolio: the economy agency's port strategy, an overdue milestone and a goal
    // off track (78 % of port calls reported against the 81 % its course expected).
    let (status, page) = app.get_text("/verwaltung/cdo/strategien").await;
    assert_eq!(status, 200);
    assert!(page.contains("Hafen und Wirtschaft digital 2025–2028"), "{page}");
    assert!(page.contains("Keine Strategie hinterlegt"), "agencies without one are named");
    let overdue = &page[page.find("id=\"overdue-title\"").unwrap()..page.find("id=\"alarms-title\"").unwrap()];
    assert!(
        overdue.contains("Gefahrgutmeldungen digital") && overdue.contains("30.09.2026"),
        "{overdue}"
    );
    let alarms = &page[page.find("id=\"alarms-title\"").unwrap()..];
    assert!(
        alarms.contains("Hafenanläufe mit allen behördlichen Meldungen digital angemeldet") && alarms.contains("weicht ab"),
        "{alarms}"
    );
    assert!(
        !alarms.contains("Schwer- und Großraumtransporten"),
        "7 days against 7.3 expected is on track"
    );
    let csv = app.get("/verwaltung/cdo/strategien.csv").await.text().await.unwrap();
    assert!(
        csv.lines()
            .any(|l| l.starts_with("Behörde für Wirtschaft und Innovation;Hafen und Wirtschaft digital 2025–2028;4;1;1;1;0;1;1;3230000;")),
        "{csv}"
    );
    assert!(
        app.get("/verwaltung/cdo/strategien.xlsx")
            .await
            .bytes()
            .await
            .unwrap()
            .starts_with(b"PK")
    );

    // The CDO office reads and assesses; it does not write the agency's strategy.
    assert_eq!(app.get("/verwaltung/cdo/strategien/bwi/bearbeiten").await.status(), 403);
    let (csrf, _) = (app.csrf_from("/verwaltung/cdo/strategien/bwi/bewertungen/neu").await, ());
    let forged = [
        ("_csrf", csrf.as_str()),
        ("title", "Anders"),
        ("summary", "x"),
        ("horizon", "2030"),
        ("revision", "1"),
    ];
    assert_eq!(post(&app, "/verwaltung/cdo/strategien/bwi/bearbeiten", &forged).await.0, 403);
    let review = |funding: &'static str| {
        vec![
            ("_csrf", csrf.clone()),
            ("rating_measurability", "4".to_string()),
            ("rating_user_focus", "3".to_string()),
            ("rating_feasibility", "3".to_string()),
            ("rating_funding", funding.to_string()),
            ("rating_modernisation", "2".to_string()),
            ("comment", "Klare Ziele; die Ablösung der Hafen-IT fehlt.".to_string()),
            (
                "requests",
                "Zwischenziele je Jahr angeben\nAblösung der Altverfahren einplanen".to_string(),
            ),
        ]
    };
    let (status, html, _) = post_fields(&app, "/verwaltung/cdo/strategien/bwi/bewertungen", &review("9")).await;
    assert_eq!(status, 422);
    assert!(html.contains("Bitte bewerten Sie mit 1 (schwach) bis 5 (stark).") && html.contains("die Ablösung der Hafen-IT fehlt"));
    assert_eq!(
        post_fields(&app, "/verwaltung/cdo/strategien/bwi/bewertungen", &review("5"))
            .await
            .0,
        303
    );
    let (_, page) = app.get_text("/verwaltung/cdo/strategien/bwi").await;
    assert!(
        page.contains("Durchschnitt 3,4 von 5") && page.contains("noch nicht beantwortet"),
        "{page}"
    );
    assert_eq!(audited(&app, "strategy.assessed").await, 1);
    let review_id = review::all(app.db().read()).await.unwrap()[0].id;
    let answer_path = format!("/verwaltung/cdo/strategien/bwi/bewertungen/{review_id}");
    // The CDO office does not answer for the agency.
    let answer = [
        ("_csrf", csrf.as_str()),
        ("text", "Gemacht."),
        ("request_0", "done"),
        ("request_1", "done"),
    ];
    assert_eq!(post(&app, &answer_path, &answer).await.0, 403);

    // The agency's administrator answers each request; a refusal says why.
    staff_member(&app, "wiebke@bwi.example.org", "Wiebke Wirtschaft", Role::AgencyAdmin, "bwi").await;
    let (_, page) = app.get_text("/verwaltung/cdo/strategien/bwi").await;
    assert!(page.contains(&format!("bewertungen/{review_id}\">Bewertung beantworten")), "{page}");
    assert!(!page.contains("bewertungen/neu"), "she does not assess");
    let csrf = app.csrf_from(&answer_path).await;
    assert_eq!(
        post(
            &app,
            "/verwaltung/cdo/strategien/bwi/bewertungen",
            &[("_csrf", csrf.as_str()), ("comment", "Selbstlob")]
        )
        .await
        .0,
        403,
        "an agency does not assess itself"
    );
    let (status, html, _) = post(
        &app,
        &answer_path,
        &[
            ("_csrf", csrf.as_str()),
            ("text", ""),
            ("request_0", "accepted"),
            ("request_1", "declined"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("Bitte schreiben Sie, warum Sie einen Wunsch ablehnen."), "{html}");
    let (status, html, _) = post(
        &app,
        &answer_path,
        &[
            ("_csrf", csrf.as_str()),
            ("text", "Zwischenziele folgen."),
            ("request_0", "accepted"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("Bitte beantworten Sie jeden Änderungswunsch.") && html.contains("Zwischenziele folgen."));
    let reply = [
        ("_csrf", csrf.as_str()),
        (
            "text",
            "Zwischenziele folgen mit der nächsten Fassung; die Hafen-IT löst der Hafenbetrieb selbst ab.",
        ),
        ("request_0", "accepted"),
        ("request_1", "declined"),
    ];
    assert_eq!(post(&app, &answer_path, &reply).await.0, 303);
    let (_, page) = app.get_text("/verwaltung/cdo/strategien/bwi").await;
    assert!(
        page.contains("Zwischenziele je Jahr angeben – wird umgesetzt") && page.contains("Ablösung der Altverfahren einplanen – abgelehnt"),
        "{page}"
    );
    assert!(page.contains("Antwort von Wiebke Wirtschaft am"));
    assert_eq!(audited(&app, "strategy.answered").await, 1);
}
