//! A decision published straight from its case (Transparenzportal, "publish from a
//! decision"): a publisher of the agency turns the decision of a publishable service
//! into a draft in one step, with the applicant's data proposed for redaction; a
//! reviewer redacts the proposals in one step and releases; the public file holds none
//! of it, and the issued decision stays as it was. Every way around it is refused: no
//! publisher role, another agency, a decision of another case, a rejection, a service
//! not marked publishable, a second draft of the same case.

use rathaus_core::accounts::{self, Account, Role, Scope};
use rathaus_core::applications::{self, Submission};
use rathaus_core::cases::CaseScope;
use rathaus_core::cases::{decisions, retention};
use rathaus_core::forms::{self, FormDefinition};
use rathaus_core::transparency::from_case::{self, Source};
use rathaus_core::transparency::metadata::{Category, Format, Licence};
use rathaus_core::transparency::{Desk, Status, extract, store};
use rathaus_platform::i18n::Lang;
use serde_json::json;
use uuid::Uuid;

use crate::cases::{AGENCY as DOG_AGENCY, anna, case_of, restore, save, staff_member, step};
use crate::decisions::{REMEDY, post_decision};
use crate::helpers::{TestApp, acting};
use crate::staff::grant;

/// The district office that grants the special use of public roads.
const AGENCY: &str = "ba-hamburg-mitte";
const PHONE: &str = "040 42854-1234";

fn special_use_form() -> FormDefinition {
    forms::shipped().unwrap().into_iter().find(|f| f.id == "sondernutzung").unwrap()
}

/// Anna's application for scaffolding on the pavement, submitted to the district office.
async fn special_use_case(app: &TestApp, owner: &Account) -> Uuid {
    let form = special_use_form();
    let draft = applications::start(app.db(), &*app.clock, &acting(owner), None, &form)
        .await
        .unwrap();
    let pages = [
        (
            "antragsteller",
            json!({ "given_name": "Anna", "family_name": "Beispiel", "birth_date": "27.3.1985",
                "address": { "street": "Musterweg 1", "postcode": "20095", "city": "Hamburg" },
                "phone": PHONE, "email": "anna@example.org" }),
        ),
        (
            "ort",
            json!({ "location": { "street": "Jungfernstieg 7", "postcode": "20354", "city": "Hamburg" },
                "purpose": "scaffolding", "surface": "sidewalk" }),
        ),
        ("umfang", json!({ "start": "11.1.2027", "end": "22.1.2027", "area": "12" })),
    ];
    for (page, answers) in pages {
        let answers = answers.as_object().unwrap().clone();
        let checked = applications::save_page(app.db(), &*app.clock, &acting(owner), draft.id, &form, page, &answers)
            .await
            .unwrap();
        assert!(checked.problems.is_empty(), "{page}: {:?}", checked.problems);
    }
    let to = Submission {
        prefix: "HH",
        lang: Lang::De,
        agency: AGENCY,
        processing_days: Some(21),
        delivery: None,
    };
    applications::submit(app.db(), &*app.clock, &acting(owner), draft.id, &form, to)
        .await
        .unwrap()
        .unwrap();
    draft.id
}

const REASONS: &str = "Die Sondernutzung des Gehwegs vor dem Haus Jungfernstieg 7 für ein Baugerüst \
    auf 12 Quadratmetern wird vom 11.01.2027 bis zum 22.01.2027 erlaubt.\n\n\
    Die Antragstellerin, wohnhaft Musterweg 1, ist unter 040 42854-1234 erreichbar.";

async fn decide(app: &TestApp, case: Uuid, outcome: &str) -> decisions::Decision {
    assert_eq!(step(app, case, "start-review", "").await.status(), 303);
    let fields = [
        ("outcome", outcome),
        ("title", "Sondernutzungserlaubnis"),
        ("reasons", REASONS),
        ("remedy", REMEDY),
        ("action", "erlassen"),
    ];
    assert_eq!(post_decision(app, case, &fields).await.status(), 303);
    decisions::of_case(app.db(), case).await.unwrap().pop().unwrap()
}

async fn publish(app: &TestApp, case: Uuid, decision: Uuid) -> reqwest::Response {
    let csrf = app.csrf_from("/konto/daten").await;
    app.post_form(
        &format!("/verwaltung/vorgaenge/{case}/bescheide/{decision}/veroeffentlichen"),
        &[("_csrf", &csrf)],
    )
    .await
}

fn pdf_text(bytes: &[u8]) -> String {
    extract::extract(Format::Pdf, bytes).pages().join("\n")
}

#[tokio::test]
async fn a_decision_becomes_a_draft_with_the_applicants_data_proposed_and_reaches_the_public_redacted() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let case = special_use_case(&app, &owner).await;
    let carla = staff_member(&app, "carla@mitte.example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    grant(&app, carla, Role::Publisher, Scope::Agency(AGENCY.into())).await;
    let clerk = save(&app);

    // Nothing to publish before there is a decision.
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{case}")).await;
    assert!(!page.contains("Im Transparenzportal veröffentlichen"));
    let decision = decide(&app, case, "approved").await;
    let issued = app.get(&format!("/verwaltung/vorgaenge/{case}/dateien/{}", decision.file_id)).await;
    let issued = issued.bytes().await.unwrap();
    assert!(pdf_text(&issued).contains("Musterweg 1"), "the decision itself names the applicant");
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{case}")).await;
    assert!(page.contains("Im Transparenzportal veröffentlichen"), "{page}");
    let action = format!("/verwaltung/vorgaenge/{case}/bescheide/{}/veroeffentlichen", decision.id);
    assert!(page.contains(&action));

    // One click: the draft, with the decision's PDF and the metadata of the service.
    let response = publish(&app, case, decision.id).await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(location.ends_with("?hinweis=aus-bescheid"), "{location}");
    let record = location.split('?').next().unwrap().to_string();
    let id: Uuid = record.rsplit('/').next().unwrap().parse().unwrap();
    let draft = store::get(app.db().read(), id).await.unwrap();
    assert_eq!(draft.status, Status::Draft);
    assert_eq!(draft.agency_id, AGENCY);
    assert_eq!(draft.source_application_id, Some(case));
    assert_eq!(draft.meta.category, Category::Genehmigung);
    assert_eq!(draft.meta.licence, Licence::OfficialWork);
    assert!(
        draft
            .meta
            .title
            .starts_with("Sondernutzungserlaubnis – Sondernutzung öffentlicher Wege beantragen (HH-"),
        "{}",
        draft.meta.title
    );
    assert!(!draft.meta.description.contains("Beispiel"), "the words name no one");
    let (status, html) = app.get_text(&location).await;
    assert_eq!(status, 200);
    assert!(html.contains("Der Entwurf aus dem Bescheid ist angelegt") && html.contains("Aus dem Vorgang HH-"));

    // What the application knows of Anna is proposed wherever it stands; the place of
    // use is not hers.
    let findings = store::findings(app.db().read(), id).await.unwrap();
    let proposed: Vec<&str> = findings.iter().filter(|f| f.proposed).map(|f| f.text.as_str()).collect();
    let display_name = accounts::find_by_email(app.db(), "anna@example.org").await.unwrap().display_name;
    for known in ["Musterweg 1", PHONE, display_name.as_str()] {
        assert!(proposed.contains(&known), "{known} is proposed: {proposed:?}");
    }
    assert!(!proposed.iter().any(|p| p.contains("Jungfernstieg")), "{proposed:?}");
    assert!(html.contains("Aus dem Antrag bekannt"));
    assert!(
        !html.contains("Alle Vorschläge aus dem Antrag schwärzen"),
        "only a reviewer redacts, once the draft is in review"
    );

    // The case shows the record instead of the button; a second draft is refused in words.
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{case}")).await;
    assert!(page.contains("Im Transparenzportal: Sondernutzungserlaubnis") && page.contains("(Entwurf)"));
    assert!(!page.contains(&action));
    let again = publish(&app, case, decision.id).await;
    assert_eq!(again.status(), 409);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("Aus diesem Vorgang gibt es schon eine Veröffentlichung")
    );
    assert_eq!(store::from_application(app.db().read(), case).await.unwrap().len(), 1);
    let events = applications::events(app.db(), case).await.unwrap();
    assert!(events.iter().any(|e| e.kind == "publication-drafted"));

    // The same workflow as every record: submitted by the publisher, redacted and
    // released by another person.
    let csrf = app.csrf_from(&record).await;
    let submitted = app.post_form(&format!("{record}/einreichen"), &[("_csrf", &csrf)]).await;
    assert_eq!(submitted.status(), 303);
    let refused = app
        .post_form(&format!("{record}/vorschlaege-schwaerzen"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(refused.status(), 403, "a publisher does not decide the check");
    restore(&app, &clerk);

    staff_member(&app, "rolf@mitte.example.org", "Rolf Revision", Role::Reviewer, AGENCY).await;
    let (_, html) = app.get_text(&record).await;
    assert!(html.contains("Alle Vorschläge aus dem Antrag schwärzen"), "{html}");
    let csrf = app.csrf_from(&record).await;
    let response = app
        .post_form(&format!("{record}/vorschlaege-schwaerzen"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(response.status(), 303);
    let findings = store::findings(app.db().read(), id).await.unwrap();
    assert!(findings.iter().filter(|f| f.proposed).all(|f| f.state.as_str() == "redacted"));
    // What the detectors found besides is the reviewer's to decide, one by one.
    for finding in findings.iter().filter(|f| f.state.as_str() == "open") {
        let (decision, reason) = match finding.text.contains("Jungfernstieg") {
            true => ("nicht-personenbezogen", "Ort der Sondernutzung, öffentlich"),
            false => ("schwaerzen", ""),
        };
        let response = app
            .post_form(
                &format!("/verwaltung/transparenz/befunde/{}", finding.id),
                &[("_csrf", &csrf), ("decision", decision), ("reason", reason)],
            )
            .await;
        assert_eq!(response.status(), 303, "{}", finding.text);
    }
    let released = app
        .post_form(&format!("{record}/freigeben"), &[("_csrf", &csrf), ("when", "jetzt")])
        .await;
    assert_eq!(released.status(), 303);

    // The public file: none of Anna's data, the permit's substance kept.
    let published = store::get(app.db().read(), id).await.unwrap();
    assert_eq!(published.status, Status::Published);
    let resource = store::resources(app.db().read(), id).await.unwrap().remove(0);
    app.forget_cookies();
    let response = app
        .get(&format!("/transparenz/{}/ressourcen/{}", published.meta.name, resource.id))
        .await;
    assert_eq!(response.status(), 200);
    let text = pdf_text(&response.bytes().await.unwrap());
    for personal in ["Musterweg 1", "42854", display_name.as_str()] {
        assert!(!text.contains(personal), "{personal} is gone: {text}");
    }
    assert!(text.contains("Jungfernstieg 7") && text.contains("Baugerüst"), "{text}");

    // The issued decision is untouched: the case still holds exactly what was issued.
    let kept = decisions::by_id(app.db(), decision.id).await.unwrap();
    assert_eq!(kept.file_id, decision.file_id);
    restore(&app, &clerk);
    let again = app.get(&format!("/verwaltung/vorgaenge/{case}/dateien/{}", decision.file_id)).await;
    assert_eq!(again.bytes().await.unwrap(), issued);

    // When the case's retention ends, what the record held of Anna goes with it: the
    // unredacted original and the findings' words. The published file stays.
    let original = resource.original_file_id.expect("the original before redaction");
    for s in ["deliver", "close"] {
        assert_eq!(step(&app, case, s, "").await.status(), 303, "{s}");
    }
    app.clock.advance(chrono::Duration::days(365 * 5 + 3));
    let report = retention::erase_due(app.db(), &app.state.blobs, &*app.clock).await.unwrap();
    assert_eq!(report.cases, 1);
    assert!(
        app.state.blobs.read_all(app.db(), original).await.is_err(),
        "the original is shredded"
    );
    let resource_now = store::resource(app.db().read(), resource.id).await.unwrap();
    assert_eq!(resource_now.original_file_id, None);
    assert_eq!(resource_now.file_id, resource.file_id, "the published file stays");
    let findings = store::findings(app.db().read(), id).await.unwrap();
    assert!(!findings.is_empty() && findings.iter().all(|f| f.text.is_empty() && f.context.is_empty()));
    app.forget_cookies();
    let response = app
        .get(&format!("/transparenz/{}/ressourcen/{}", published.meta.name, resource.id))
        .await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn publishing_a_decision_is_refused_to_everyone_and_everything_it_is_not_for() {
    let app = TestApp::spawn().await;
    let owner = anna(&app).await;
    let case = special_use_case(&app, &owner).await;
    let rejected_case = special_use_case(&app, &owner).await;
    let dog_case = case_of(&app, &owner, DOG_AGENCY).await;

    // A case worker without the publisher role sees no button and is refused.
    staff_member(&app, "carla@mitte.example.org", "Carla Fall", Role::CaseWorker, AGENCY).await;
    let decision = decide(&app, case, "approved").await;
    let rejection = decide(&app, rejected_case, "rejected").await;
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{case}")).await;
    assert!(!page.contains("Im Transparenzportal veröffentlichen"));
    assert_eq!(publish(&app, case, decision.id).await.status(), 403);

    // A publisher and case worker of another agency does not see the case at all.
    let other = staff_member(&app, "otto@altona.example.org", "Otto Anders", Role::CaseWorker, "ba-altona").await;
    grant(&app, other, Role::Publisher, Scope::Agency("ba-altona".into())).await;
    assert_eq!(publish(&app, case, decision.id).await.status(), 404);

    // A publisher of the agency: not a decision of another case, not an unknown one,
    // not a rejection; and not without the form's token.
    let paul = staff_member(&app, "paul@mitte.example.org", "Paul Presse", Role::CaseWorker, AGENCY).await;
    grant(&app, paul, Role::Publisher, Scope::Agency(AGENCY.into())).await;
    assert_eq!(publish(&app, case, rejection.id).await.status(), 404);
    assert_eq!(publish(&app, case, Uuid::now_v7()).await.status(), 404);
    let (_, page) = app.get_text(&format!("/verwaltung/vorgaenge/{rejected_case}")).await;
    assert!(!page.contains("Im Transparenzportal veröffentlichen"), "a rejection offers nothing");
    let refused = publish(&app, rejected_case, rejection.id).await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("Eine Ablehnung wird nicht veröffentlicht"));
    let no_token = app
        .post_form(
            &format!("/verwaltung/vorgaenge/{case}/bescheide/{}/veroeffentlichen", decision.id),
            &[],
        )
        .await;
    assert_eq!(no_token.status(), 403);

    // A service not marked publishable (the dog tax), even by its own publisher.
    let fiona = staff_member(&app, "fiona@fb.example.org", "Fiona Finanz", Role::CaseWorker, DOG_AGENCY).await;
    grant(&app, fiona, Role::Publisher, Scope::Agency(DOG_AGENCY.into())).await;
    let dog_decision = decide(&app, dog_case, "approved").await;
    let refused = publish(&app, dog_case, dog_decision.id).await;
    assert_eq!(refused.status(), 409);
    let html = refused.text().await.unwrap();
    assert!(html.contains("Bescheide dieser Leistung werden nicht veröffentlicht"), "{html}");
    assert!(
        html.contains("Bescheide") && html.contains("Fiona Finanz"),
        "the case page again, with the message"
    );
    assert_eq!(
        app.count("publications WHERE source_application_id IS NOT NULL").await,
        0,
        "no refusal left a draft behind"
    );

    // Two publishers at the same moment: one draft, and the other is told so.
    let desk = Desk {
        account: Some(paul),
        name: "Paul Presse".into(),
        publishes: vec![AGENCY.into()],
        reviews: Vec::new(),
    };
    let scope = CaseScope {
        account: paul,
        agencies: vec![AGENCY.into()],
        lead_agencies: Vec::new(),
        payment_agencies: Vec::new(),
        publish_agencies: vec![AGENCY.into()],
    };
    let catalog = app.state.catalog().await.unwrap();
    let source = Source {
        case,
        decision: decision.id,
        catalog: &catalog,
        forms: &app.state.forms,
        city: "Hamburg",
    };
    let blobs = &app.state.blobs;
    let (first, second) = tokio::join!(
        from_case::draft(app.db(), blobs, &*app.clock, (&desk, &scope), source),
        from_case::draft(app.db(), blobs, &*app.clock, (&desk, &scope), source),
    );
    let refusals: Vec<String> = [first, second]
        .into_iter()
        .filter_map(|r| match r {
            Ok(_) => None,
            Err(e) => Some(e.to_string()),
        })
        .collect();
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert!(refusals[0].contains("transparency-refused-already-drafted"), "{refusals:?}");
    assert_eq!(store::from_application(app.db().read(), case).await.unwrap().len(), 1);
}
