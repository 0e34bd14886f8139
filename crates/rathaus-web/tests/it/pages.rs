//! Every page of the foundation renders the demo catalogue, in German and English.

use crate::helpers::TestApp;

#[tokio::test]
async fn home_and_catalogue_pages_show_the_demo_city() {
    let app = TestApp::spawn().await;
    let (status, home) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert!(home.contains("<html lang=\"de\">"));
    assert!(home.contains("Wohnsitz anmelden"));
    assert!(home.contains("Zum Inhalt springen"), "skip link");
    assert!(home.contains("Hamburg Service vor Ort City"), "locations on the home page");

    let (status, list) = app.get_text("/leistungen").await;
    assert_eq!(status, 200);
    assert!(list.contains("70 Leistungen"));

    let (status, service) = app.get_text("/leistungen/personalausweis-beantragen").await;
    assert_eq!(status, 200);
    assert!(service.contains("46,00 €"), "tiered fee in German format");
    assert!(service.contains("27,60 €"));
    assert!(
        !service.contains("Nötige Anmeldung"),
        "no sign-in named for a service that cannot be applied for online"
    );
    let (_, dog_tax) = app.get_text("/leistungen/hundesteuer").await;
    assert!(
        dog_tax.contains("<dt>Steuer</dt>") && !dog_tax.contains("<dt>Gebühr</dt>"),
        "a tax is called a tax"
    );
    assert!(dog_tax.contains("Nötige Anmeldung"));
    assert!(service.contains("Hamburg Service vor Ort"), "locations offering it");

    let (status, location) = app.get_text("/standorte/hsvo-city").await;
    assert_eq!(status, 200);
    assert!(location.contains("Montag") && location.contains("07:00–19:00"));

    let (status, agency) = app.get_text("/behoerden/ba-hamburg-mitte").await;
    assert_eq!(status, 200);
    assert!(agency.contains("ba-hamburg-mitte@example.org"));

    for path in [
        "/behoerden",
        "/standorte",
        "/impressum",
        "/datenschutz",
        "/barrierefreiheit",
        "/suche",
    ] {
        assert_eq!(app.get(path).await.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let app = TestApp::spawn().await;
    let (_, business) = app.get_text("/leistungen?zielgruppe=business").await;
    assert!(business.contains("Gewerbe anmelden"));
    assert!(!business.contains(">Wohnsitz anmelden<"));
    let (_, unknown) = app.get_text("/leistungen?zielgruppe=<script>").await;
    assert!(unknown.contains("70 Leistungen"), "an unknown filter is ignored");
}

#[tokio::test]
async fn english_is_chosen_by_link_and_remembered() {
    let app = TestApp::spawn().await;
    let response = app.get("/leistungen/wohnsitz-anmelden?lang=en").await;
    assert_eq!(response.headers()["content-language"], "en");
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Register your residence"));
    assert!(html.contains("lang=\"de\""), "German source text is marked as German");
    // The cookie keeps the choice for the next page.
    let (_, next) = app.get_text("/").await;
    assert!(next.contains("Get things done with the city, online"));
}

#[tokio::test]
async fn accept_language_and_leichte_sprache() {
    let app = TestApp::spawn().await;
    let html = app
        .client
        .get(format!("{}/", app.base))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    let (_, easy) = app.get_text("/?lang=de-leichte").await;
    assert!(easy.contains("Zum Amt gehen – im Internet"));
    assert!(easy.contains("Impressum"), "untranslated texts fall back to German");
}

#[tokio::test]
async fn search_finds_services_by_their_words() {
    let app = TestApp::spawn().await;
    let (status, html) = app.get_text("/suche?q=Personalausweis").await;
    assert_eq!(status, 200);
    assert!(html.contains("/leistungen/personalausweis-beantragen"));
    let (_, folded) = app.get_text("/suche?q=fuehrungszeugnis").await;
    assert!(folded.contains("/leistungen/fuehrungszeugnis"), "umlauts may be typed as ue");
    let (_, none) = app.get_text("/suche?q=xyzzy").await;
    assert!(none.contains("Keine Treffer"));
}

/// The position of a service link in a results page (earlier = better).
fn rank(html: &str, id: &str) -> Option<usize> {
    html.find(&format!("href=\"/leistungen/{id}\""))
}

#[tokio::test]
async fn search_understands_how_residents_write() {
    let app = TestApp::spawn().await;
    for (query, id) in [
        ("Umzug", "wohnsitz-ummelden"),
        ("Persnalausweis", "personalausweis-beantragen"),
        ("Parkausweis", "bewohnerparkausweis"),
        ("Hund", "hundesteuer"),
        ("Hunde anmelden", "hund-anmelden"),
    ] {
        let (status, html) = app.get_text(&format!("/suche?q={query}")).await;
        assert_eq!(status, 200);
        assert!(rank(&html, id).is_some(), "{query} finds {id}");
    }
    // Filters: only business services, only one agency.
    let (_, html) = app.get_text("/suche?q=anmelden&zielgruppe=business").await;
    assert!(rank(&html, "gewerbe-anmelden").is_some() && rank(&html, "hund-anmelden").is_none());
    let (_, html) = app.get_text("/suche?q=anmelden&behoerde=lbv").await;
    assert!(rank(&html, "kfz-zulassung").is_some() && rank(&html, "gewerbe-anmelden").is_none());
    assert!(html.contains("<option value=\"lbv\" selected>"), "the chosen agency stays selected");
    // The query is shown back escaped.
    let (_, html) = app.get_text("/suche?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert!(!html.contains("<script>alert(1)") && html.contains("&#60;script&#62;alert(1)"));
}

#[tokio::test]
async fn errors_are_translated_pages() {
    let app = TestApp::spawn().await;
    let (status, html) = app.get_text("/leistungen/gibt-es-nicht").await;
    assert_eq!(status, 404);
    assert!(html.contains("Seite nicht gefunden"));
    let (status, html) = app.get_text("/nirgendwo?lang=en").await;
    assert_eq!(status, 404);
    assert!(html.contains("Page not found"));
    let response = app.client.delete(format!("{}/leistungen", app.base)).send().await.unwrap();
    assert_eq!(
        response.status(),
        403,
        "an unsafe method without CSRF token is refused before routing"
    );
}

#[tokio::test]
async fn ops_endpoints() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get_text("/healthz").await, (200, "ok".to_string()));
    assert_eq!(app.get_text("/readyz").await, (200, "ready".to_string()));
    app.get("/leistungen").await;
    let (status, metrics) = app.get_text("/metrics").await;
    assert_eq!(status, 200);
    assert!(metrics.contains("rathaus_http_requests_total"), "{metrics}");
}

#[tokio::test]
async fn static_css_is_embedded_and_cacheable() {
    let app = TestApp::spawn().await;
    let (_, html) = app.get_text("/").await;
    let start = html.find("/static/rathaus.").unwrap();
    let href = &html[start..start + html[start..].find('"').unwrap()];
    let response = app.get(href).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert_eq!(app.get("/static/other.css").await.status(), 404);
}

#[tokio::test]
async fn services_speak_leichte_sprache_where_written() {
    let app = TestApp::spawn().await;
    let (status, html) = app.get_text("/leistungen/hundesteuer?lang=de-leichte").await;
    assert_eq!(status, 200);
    assert!(html.contains("Dann müssen Sie Hunde·steuer bezahlen."), "the easy-read summary");
    let (_, html) = app.get_text("/leistungen/hundesteuer?lang=de").await;
    assert!(!html.contains("Hunde·steuer bezahlen"), "standard German keeps its summary");

    // Summary, steps, documents, fee and why not online: each in the page's language.
    let catalog = rathaus_core::demo::catalog().unwrap();
    let id_card = catalog.services.iter().find(|s| s.id == "personalausweis-beantragen").unwrap();
    for (lang, documents, steps) in [
        ("de", &id_card.documents_de, &id_card.steps_de),
        ("en", &id_card.documents_en, &id_card.steps_en),
        ("de-leichte", &id_card.documents_leichte, &id_card.steps_leichte),
    ] {
        let (_, html) = app.get_text(&format!("/leistungen/personalausweis-beantragen?lang={lang}")).await;
        for text in documents.iter().chain(steps) {
            assert!(html.contains(&askama_escape(text)), "{lang}: {text}");
        }
        assert!(
            !html.contains("<ol class=\"steps\" lang=\"de\">") && !html.contains("<ul lang=\"de\">"),
            "{lang}: nothing marked as German"
        );
    }
    let tier = &id_card.fee.tiers[0];
    let (_, english) = app.get_text("/leistungen/personalausweis-beantragen?lang=en").await;
    assert!(english.contains(&askama_escape(tier.label_en.as_deref().unwrap())));
    assert!(english.contains(&askama_escape(id_card.online.why_not_en.as_deref().unwrap())));

    // A catalogue without translations shows the German texts, marked as German on an
    // English page (for screen readers), and the German list in Leichte Sprache.
    let mut untranslated = catalog.clone();
    for s in &mut untranslated.services {
        s.summary_en = None;
        s.documents_en.clear();
        s.steps_en.clear();
        s.steps_leichte.clear();
        s.online.why_not_en = None;
    }
    rathaus_core::catalog::import(app.db(), &*app.clock, "operator:test", &untranslated)
        .await
        .unwrap();
    app.state.catalog.invalidate().await;
    let (_, english) = app.get_text("/leistungen/personalausweis-beantragen?lang=en").await;
    assert!(english.contains(&format!(
        "<ol class=\"steps\" lang=\"de\"><li>{}",
        askama_escape(&id_card.steps_de[0])
    )));
    assert!(english.contains(&format!("<ul lang=\"de\"><li>{}", askama_escape(&id_card.documents_de[0]))));
    let (_, easy) = app.get_text("/leistungen/personalausweis-beantragen?lang=de-leichte").await;
    assert!(easy.contains(&askama_escape(&id_card.steps_de[0])));

    // A translation must match its German list one for one.
    let mut uneven = catalog.clone();
    uneven.services[0].documents_en.pop();
    let refused = rathaus_core::catalog::import(app.db(), &*app.clock, "operator:test", &uneven)
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("documents_en has"), "{refused}");
}

/// Text as askama writes it into HTML.
pub(crate) fn askama_escape(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// No dead end: a service that says "online" can be started — with a form here, which
/// opens, or at its procedure's address, which the page links to. Any other service
/// says how it is done instead and offers that (an appointment where there is one, the
/// agency's phone and e-mail). Walked over the whole catalogue, in three languages.
#[tokio::test]
async fn every_service_labelled_online_can_be_started_and_every_other_says_how_instead() {
    let app = TestApp::spawn().await;
    let catalog = app.state.catalog().await.unwrap();
    let (_, list) = app.get_text("/leistungen").await;
    let mut online = 0;
    for service in catalog.services() {
        let id = &service.id;
        let (status, page) = app.get_text(&format!("/leistungen/{id}")).await;
        assert_eq!(status, 200, "{id}");
        let says_online = page.contains("Diese Leistung können Sie online beantragen.");
        let form = format!("href=\"/antraege/neu/{id}\"");
        match (&service.online.procedure_url, app.state.form_for_service(id)) {
            _ if !says_online => {
                assert!(page.contains("So geht es stattdessen"), "{id}: no way shown");
                assert!(page.contains("href=\"tel:"), "{id}: no phone");
                assert!(page.contains("href=\"mailto:"), "{id}: no e-mail");
                let bookable = service.appointment_minutes.is_some() && !catalog.locations_for(id).is_empty();
                assert_eq!(
                    page.contains(&format!("/termine/orte?leistung={id}")),
                    bookable,
                    "{id}: appointment offer"
                );
                assert!(!page.contains("Online beantragen<"), "{id}");
            }
            (_, Some(_)) => {
                online += 1;
                assert!(page.contains(&form), "{id}: the form is not linked");
                let start = app.get(&format!("/antraege/neu/{id}")).await;
                assert!(
                    start.status() == 200 || start.headers()["location"].to_str().unwrap().starts_with("/konto/anmelden"),
                    "{id}: the form does not open ({})",
                    start.status()
                );
            }
            (Some(url), None) => {
                online += 1;
                assert!(url.starts_with("https://"), "{id}");
                assert!(
                    page.contains(&format!("href=\"{url}\" rel=\"external\"")),
                    "{id}: the procedure is not linked"
                );
                assert!(page.contains("Sie verlassen dafür Rathaus"), "{id}: leaving the site is not said");
            }
            (None, None) => panic!("{id}: says online, but there is nothing to start"),
        }
    }
    assert!(online >= 20, "the demo city starts {online} services online");
    assert_eq!(
        list.matches("class=\"tag tag-online\"").count(),
        online,
        "the list labels exactly the services that can be started"
    );
    for lang in ["en", "de-leichte"] {
        let (_, page) = app.get_text(&format!("/leistungen/hund-anmelden?lang={lang}")).await;
        assert!(page.contains("href=\"tel:"), "{lang}");
        assert!(!page.contains("service-how-instead"), "{lang}: untranslated key");
    }
}

/// An import may not mark a service online that cannot be started; the message says
/// how to fix it.
#[tokio::test]
async fn the_import_refuses_an_online_service_without_a_way_to_start_it() {
    let app = TestApp::spawn().await;
    let mut catalog = rathaus_core::demo::catalog().unwrap();
    // BAföG is applied for in the federal procedure; without its address nothing starts it.
    let bafoeg = catalog.services.iter_mut().find(|s| s.id == "bafoeg").unwrap();
    bafoeg.online.procedure_url = None;
    let refused = rathaus_core::catalog::import(app.db(), &*app.clock, "operator:test", &catalog)
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("bafoeg") && refused.contains("online.procedure_url"), "{refused}");
    let bafoeg = catalog.services.iter_mut().find(|s| s.id == "bafoeg").unwrap();
    bafoeg.online.procedure_url = Some("http://bafoeg-digital.example.org/".into());
    let insecure = rathaus_core::catalog::import(app.db(), &*app.clock, "operator:test", &catalog)
        .await
        .unwrap_err()
        .to_string();
    assert!(insecure.contains("https://"), "{insecure}");
    let bafoeg = catalog.services.iter_mut().find(|s| s.id == "bafoeg").unwrap();
    bafoeg.online.procedure_url = Some("https://bafoeg-digital.example.org/antrag".into());
    bafoeg.retention_years = 0;
    let forever_never = rathaus_core::catalog::import(app.db(), &*app.clock, "operator:test", &catalog)
        .await
        .unwrap_err()
        .to_string();
    assert!(forever_never.contains("retention_years"), "{forever_never}");
    let bafoeg = catalog.services.iter_mut().find(|s| s.id == "bafoeg").unwrap();
    bafoeg.retention_years = 5;
    rathaus_core::catalog::import(app.db(), &*app.clock, "operator:test", &catalog)
        .await
        .unwrap();
    app.state.catalog.invalidate().await;
    let (_, page) = app.get_text("/leistungen/bafoeg").await;
    assert!(page.contains("href=\"https://bafoeg-digital.example.org/antrag\""));
}

/// Nowhere a dead end: a contact page with every agency's ways in, linked from every
/// page's footer and every service page; the search sends questions about one's own
/// application to "Meine Anträge" and "Kontakt" to the contact page, and a search that
/// finds nothing offers the way on.
#[tokio::test]
async fn questions_no_service_answers_lead_somewhere() {
    let app = TestApp::spawn().await;
    let catalog = app.state.catalog().await.unwrap();
    let (status, contact) = app.get_text("/kontakt").await;
    assert_eq!(status, 200);
    assert!(contact.contains("Eine Frage zu Ihrem Antrag?") && contact.contains("href=\"/antraege\""));
    for agency in catalog.agencies() {
        assert!(contact.contains(&format!("id=\"behoerde-{}\"", agency.id)), "{}", agency.id);
        assert!(contact.contains(&agency.phone) && contact.contains(&agency.email));
    }
    assert!(
        contact.contains("Hamburg Service vor Ort City") && contact.contains("Heute geöffnet"),
        "locations with today's hours"
    );
    let (_, service) = app.get_text("/leistungen/hundesteuer").await;
    assert!(service.contains("<a href=\"/kontakt\">Eine Frage zu Ihrem Antrag? Alle Kontaktwege</a>"));
    let (_, any_page) = app.get_text("/barrierefreiheit").await;
    assert!(any_page.contains("<li><a href=\"/kontakt\">Kontakt</a></li>"), "in the footer");

    let (_, own) = app.get_text("/suche?q=Ich+habe+eine+Frage+zu+meinem+Antrag").await;
    let first = own.find("class=\"shortcuts\"").expect("a shortcut");
    assert!(own[first..].contains("<a href=\"/antraege\">Meine Anträge</a>"));
    assert!(first < own.find("id=\"results-title\"").unwrap(), "before the services found");
    let (_, contact_search) = app.get_text("/suche?q=Kontakt").await;
    assert!(contact_search.contains("<a href=\"/kontakt\">Kontakt</a>: Telefon, E-Mail"));
    let (_, phone) = app.get_text("/suche?q=Telefonnummer").await;
    assert!(phone.contains("<a href=\"/kontakt\">Kontakt</a>:"), "a word that starts with one");
    let (_, nothing) = app.get_text("/suche?q=Quantenfluktuation").await;
    assert!(nothing.contains("Wir haben keine passende Leistung gefunden."));
    assert!(nothing.contains("Oder fragen Sie uns: <a href=\"/kontakt\">Kontakt</a>"));
    assert!(!nothing.contains("class=\"shortcuts\""));
    let (_, dog) = app.get_text("/suche?q=Hund+anmelden").await;
    assert!(!dog.contains("class=\"shortcuts\""), "a service question gets services");
}

/// On a phone the main navigation folds into a menu that works without JavaScript (a
/// `details` element), and the home page leads with what people come for: search,
/// quick tasks, popular services, then only the locations open today.
#[tokio::test]
async fn the_menu_folds_and_the_home_page_leads_with_tasks() {
    let app = TestApp::spawn().await;
    let (_, home) = app.get_text("/").await;
    let menu = home.find("<details class=\"nav-menu\">").expect("the menu");
    assert!(home[menu..].contains("<summary>") && home[menu..].contains("Menü</summary>"));
    let tasks = home.find("Schnell erledigt").unwrap();
    let popular = home.find("Häufig gesucht").unwrap();
    let open = home.find("Heute geöffnet").unwrap();
    assert!(tasks < popular && popular < open, "tasks, then services, then locations");
    assert!(home.contains("Alle 13 Standorte mit Öffnungszeiten"));
    // On a Sunday nothing is open: one line says so instead of thirteen closed cards.
    app.clock
        .set(chrono::DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z").unwrap().to_utc());
    let (_, sunday) = app.get_text("/").await;
    assert!(sunday.contains("Heute sind alle Standorte geschlossen."), "{sunday}");
    assert!(!sunday.contains("Heute geschlossen"));
}
