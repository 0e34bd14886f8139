//! The staff workspace: staff land in it after signing in, its navigation follows their
//! roles, the queue names the applicant, the history speaks to staff, and an agency's
//! message templates are written once and inserted into any of its cases — never into
//! another agency's.

use rathaus_core::accounts::Role;

use crate::accounts::{PASSWORD, sign_in};
use crate::cases::{AGENCY, OTHER_AGENCY, anna, case_of, staff_member, step};
use crate::helpers::{TestApp, extract_value};
use crate::second_factor::sign_in_with_app;

/// The links of the workspace's navigation (the wide list; the menu repeats it).
fn workspace_links(html: &str) -> Vec<String> {
    let nav = html.split("<div class=\"nav-wide\">").nth(1).expect("a navigation");
    let nav = nav.split("</div>").next().unwrap();
    nav.split("<a href=\"")
        .skip(1)
        .map(|l| l.split('"').next().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn staff_work_in_a_workspace_of_their_own() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let case = case_of(&app, &owner, AGENCY).await;

    // A case worker: after signing in, the workspace; its menu has the queue, not the
    // operators' page.
    staff_member(&app, "carla.case@example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    app.forget_cookies();
    let response = sign_in(&app, "carla.case@example.org", PASSWORD, "").await;
    let to = response.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/konto/zweiter-faktor"), "{to}");
    sign_in_with_app(&app, "carla.case@example.org").await;
    let (status, home) = app.get_text("/verwaltung").await;
    assert_eq!(status, 200);
    assert!(home.contains("Arbeitsbereich der Verwaltung"));
    let links = workspace_links(&home);
    assert!(links.contains(&"/verwaltung/vorgaenge".to_string()) && links.contains(&"/verwaltung/vorlagen".to_string()));
    assert!(
        !links.contains(&"/verwaltung/betrieb".to_string()) && !links.contains(&"/leistungen".to_string()),
        "{links:?}"
    );

    // The queue names the applicant; the history says what staff did.
    let (_, queue) = app.get_text("/verwaltung/vorgaenge").await;
    assert!(
        queue.contains("<td>Anna Beispiel</td>") || queue.contains(&format!("<td>{}</td>", owner.display_name)),
        "{queue}"
    );
    assert_eq!(step(&app, case, "start-review", "").await.status(), 303);
    assert_eq!(
        step(
            &app,
            case,
            "request-information",
            "Bitte senden Sie den Nachweis der Haftpflichtversicherung."
        )
        .await
        .status(),
        303
    );
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{case}")).await;
    assert!(
        page.contains("Angaben oder Unterlagen bei der antragstellenden Person angefordert"),
        "staff wording"
    );
    assert!(!page.contains("Die Behörde braucht noch Angaben oder Unterlagen von Ihnen"));

    // A template: a wrong one keeps what was typed; a right one is offered on the case
    // and filled in.
    let csrf = app.csrf_from("/verwaltung/vorlagen").await;
    let refused = app
        .post_form(
            "/verwaltung/vorlagen",
            &[("_csrf", &csrf), ("agency", AGENCY), ("title", ""), ("body", "Guten Tag {Name}")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("Geben Sie einen Titel") && html.contains("Guten Tag {Name}"),
        "{html}"
    );
    let saved = app
        .post_form(
            "/verwaltung/vorlagen",
            &[
                ("_csrf", &csrf),
                ("agency", AGENCY),
                ("title", "Nachweis fehlt"),
                (
                    "body",
                    "Guten Tag {Name}, zu Ihrem Antrag {Aktenzeichen} ({Leistung}) fehlt noch der Nachweis.",
                ),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let (_, list) = app.get_text("/verwaltung/vorlagen?hinweis=gespeichert").await;
    assert!(list.contains("Die Vorlage ist gespeichert.") && list.contains("Nachweis fehlt"));
    let template = list
        .split("href=\"/verwaltung/vorlagen/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{case}")).await;
    assert!(page.contains(&format!("?vorlage={template}&amp;fuer=nachricht")));
    let (_, filled) = app
        .get_text(&format!("/verwaltung/vorgaenge/{case}?vorlage={template}&fuer=nachricht"))
        .await;
    let reference = rathaus_core::applications::by_id(app.db(), case).await.unwrap().reference.unwrap();
    let reply = filled
        .split("<textarea id=\"reply\"")
        .nth(1)
        .unwrap()
        .split("</textarea>")
        .next()
        .unwrap()
        .to_string();
    assert!(
        reply.contains(&format!(
            "Guten Tag {}, zu Ihrem Antrag {reference} (Hund zur Hundesteuer anmelden) fehlt",
            owner.display_name
        )),
        "{reply}"
    );

    // Another agency's case worker neither sees nor uses it.
    staff_member(&app, "otto.other@example.org", "Otto Anders", Role::CaseWorker, OTHER_AGENCY).await;
    let (_, theirs) = app.get_text("/verwaltung/vorlagen").await;
    assert!(!theirs.contains("Nachweis fehlt"));
    assert_eq!(app.get(&format!("/verwaltung/vorlagen/{template}")).await.status(), 404);
    let csrf = extract_value(&theirs, "_csrf").unwrap();
    let foreign = app
        .post_form(&format!("/verwaltung/vorlagen/{template}/loeschen"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(foreign.status(), 404);
    let stolen = app
        .post_form(
            "/verwaltung/vorlagen",
            &[("_csrf", &csrf), ("agency", AGENCY), ("title", "Fremd"), ("body", "x")],
        )
        .await;
    assert_eq!(stolen.status(), 422, "not for an agency one does not work for");

    // An operator's workspace: operations, no queue.
    crate::staff::signed_in_operator(&app).await;
    let (_, ops) = app.get_text("/verwaltung").await;
    let links = workspace_links(&ops);
    assert!(
        links.contains(&"/verwaltung/betrieb".to_string()) && !links.contains(&"/verwaltung/vorgaenge".to_string()),
        "{links:?}"
    );
}
