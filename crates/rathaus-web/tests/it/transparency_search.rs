//! The transparency portal's full-text search on the demo publications: a word found
//! only inside a PDF finds its record; parts of compound words, stems and typos are
//! understood; phrases keep their order; facets count and narrow; what is withdrawn
//! leaves the results once the index follows the database; drafts never appear.

use rathaus_core::transparency::search::SearchQuery;
use rathaus_core::transparency::{Desk, actions, demo, store};
use rathaus_platform::clock::Clock;

use crate::helpers::TestApp;

async fn demo_app() -> TestApp {
    let app = TestApp::spawn().await;
    demo::load(app.db(), &app.state.blobs, &*app.clock).await.unwrap();
    app.state.transparency.sync(app.db()).await.unwrap();
    app
}

fn names(app: &TestApp, text: &str) -> Vec<String> {
    let query = SearchQuery {
        text: text.into(),
        limit: 10,
        ..Default::default()
    };
    app.state
        .transparency
        .search(&query)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.name)
        .collect()
}

#[tokio::test]
async fn a_word_from_inside_a_pdf_finds_its_record_and_drafts_stay_out() {
    let app = demo_app().await;
    let all = demo::publications().unwrap();
    let mut checked = 0;
    for entry in &all {
        let Some(word) = &entry.pdf_only_word else { continue };
        let found = names(&app, word);
        if entry.state == "published" {
            assert!(
                found.iter().take(3).any(|n| n == &entry.name),
                "{word:?} should find {} among the first three: {found:?}",
                entry.name
            );
            checked += 1;
        } else {
            assert!(
                !found.contains(&entry.name),
                "{} is not published, yet {word:?} finds it",
                entry.name
            );
        }
    }
    assert!(checked >= 25, "only {checked} words were checked");
}

#[tokio::test]
async fn german_words_are_found_by_stem_compound_part_and_typo_and_phrases_keep_their_order() {
    let app = demo_app().await;
    // A record with a long compound only inside its PDF.
    let entry = demo::publications()
        .unwrap()
        .into_iter()
        .find(|e| e.state == "published" && e.pdf_only_word.as_ref().is_some_and(|w| w.chars().count() >= 14))
        .expect("a published record with a long compound in its PDF");
    let word = entry.pdf_only_word.clone().unwrap();
    let chars: Vec<char> = word.chars().collect();
    // The compound's last part ("…vorsorge") and its first ("Starkregen…").
    let tail: String = chars[chars.len() - 7..].iter().collect();
    let head: String = chars[..7].iter().collect();
    for probe in [tail.to_string(), head.to_string()] {
        assert!(
            names(&app, &probe).contains(&entry.name),
            "{probe:?} (part of {word:?}) should find {}",
            entry.name
        );
    }
    // A typo in the middle.
    let mut typo = chars.clone();
    typo.swap(5, 6);
    let typo: String = typo.into_iter().collect();
    assert!(
        names(&app, &typo).contains(&entry.name),
        "the typo {typo:?} should find {}",
        entry.name
    );
    // A title word in a different form (plural / inflection) through the stem.
    assert!(!names(&app, "Baugenehmigungen").is_empty());
    // A phrase in its order is found; the same words reversed are not a phrase.
    let words: Vec<&str> = entry.title.split_whitespace().collect();
    let pair = words
        .windows(2)
        .find(|w| w.iter().all(|w| w.chars().all(char::is_alphabetic)))
        .expect("two words side by side");
    let phrase = format!("\"{} {}\"", pair[0], pair[1]);
    assert!(names(&app, &phrase).contains(&entry.name), "{phrase} should find {}", entry.name);
    let reversed = format!("\"{} {}\"", pair[1], pair[0]);
    assert!(
        !names(&app, &reversed).contains(&entry.name),
        "{reversed} is not in that order in {}",
        entry.name
    );
    assert!(names(&app, "\"Hamburg zzzzunbekannt\"").is_empty());
}

#[tokio::test]
async fn facets_count_and_narrow_and_the_newest_come_first_when_asked() {
    let app = demo_app().await;
    let everything = app
        .state
        .transparency
        .search(&SearchQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    let published = demo::publications().unwrap().iter().filter(|e| e.state == "published").count();
    assert_eq!(everything.total, published);
    let categories = &everything.facets.iter().find(|(name, _)| name == "category").unwrap().1;
    assert_eq!(categories.iter().map(|(_, n)| *n as usize).sum::<usize>(), published);
    let statistics = categories.iter().find(|(value, _)| value == "statistik").expect("statistics").1 as usize;
    let narrowed = app
        .state
        .transparency
        .search(&SearchQuery {
            filters: vec!["/category/statistik".into()],
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(narrowed.total, statistics);
    let licences = &everything.facets.iter().find(|(name, _)| name == "licence").unwrap().1;
    assert!(licences.iter().any(|(value, _)| value == "dl-by-de/2.0"), "{licences:?}");
    let newest = app
        .state
        .transparency
        .search(&SearchQuery {
            newest_first: true,
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(newest.total, published);

    // Over HTTP: the facets are links that narrow, and the passage marks the word.
    let (status, html) = app.get_text("/transparenz/suche?q=Haushalt&kategorie=haushaltsplan").await;
    assert_eq!(status, 200);
    assert!(html.contains("aria-current=\"true\"") && html.contains("<mark>"), "{html}");
    let (status, html) = app.get_text("/transparenz/suche?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(status, 200);
    assert!(!html.contains("<script>alert(1)"), "the query is escaped");
}

#[tokio::test]
async fn a_withdrawn_record_leaves_the_results_when_the_index_follows() {
    let app = demo_app().await;
    let entry = demo::publications()
        .unwrap()
        .into_iter()
        .find(|e| e.state == "published" && e.pdf_only_word.is_some())
        .unwrap();
    let word = entry.pdf_only_word.clone().unwrap();
    assert!(names(&app, &word).contains(&entry.name));
    let publication = store::by_name(app.db().read(), &entry.name).await.unwrap();
    actions::withdraw(app.db(), &*app.clock, &Desk::system("Test"), publication.id, "Ersetzt")
        .await
        .unwrap();
    // Until the index follows, the page leaves it out (it reads the state from the database).
    let (_, html) = app.get_text(&format!("/transparenz/suche?q={word}")).await;
    assert!(
        !html.contains(&format!("/transparenz/{}\"", entry.name)),
        "a withdrawn record is not shown"
    );
    app.state.transparency.sync(app.db()).await.unwrap();
    assert!(!names(&app, &word).contains(&entry.name));
}

#[tokio::test]
async fn a_second_node_follows_the_first_from_the_database() {
    let first = demo_app().await;
    let second = TestApp::spawn_on(first.database.clone(), |_| {}).await;
    second.state.transparency.sync(second.db()).await.unwrap();
    let entry = demo::publications()
        .unwrap()
        .into_iter()
        .find(|e| e.state == "published" && e.pdf_only_word.is_some())
        .unwrap();
    let word = entry.pdf_only_word.clone().unwrap();
    assert!(
        names(&second, &word).contains(&entry.name),
        "the second node built its own index from the database"
    );
    let publication = store::by_name(first.db().read(), &entry.name).await.unwrap();
    actions::withdraw(first.db(), &*first.clock, &Desk::system("Test"), publication.id, "Ersetzt")
        .await
        .unwrap();
    second.state.transparency.sync(second.db()).await.unwrap();
    assert!(
        !names(&second, &word).contains(&entry.name),
        "the withdrawal on the first node reached the second"
    );
}

#[tokio::test]
async fn the_feed_carries_the_newest_records_overall_and_per_category() {
    let app = demo_app().await;
    let response = app.get("/transparenz/feed.atom").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let feed: atom_syndication::Feed = response.text().await.unwrap().parse().expect("a valid Atom feed");
    let published = demo::publications().unwrap().iter().filter(|e| e.state == "published").count();
    assert_eq!(feed.entries().len(), published);
    assert!(feed.links().iter().any(|l| l.rel() == "self"));
    let (_, text) = app.get_text("/transparenz/feed.atom?kategorie=statistik").await;
    let statistics: atom_syndication::Feed = text.parse().unwrap();
    assert!(!statistics.entries().is_empty() && statistics.entries().len() < published);
    assert!(
        statistics
            .entries()
            .iter()
            .all(|e| e.categories().iter().any(|c| c.term() == "statistik"))
    );
    // Drafts and records in review are not in it.
    for entry in demo::publications().unwrap().iter().filter(|e| e.state != "published") {
        assert!(!feed.entries().iter().any(|e| {
            e.links()
                .iter()
                .any(|l| l.href().ends_with(&format!("/transparenz/{}", entry.name)))
        }));
    }
}

#[tokio::test]
async fn views_and_downloads_are_counted_without_anything_about_the_reader() {
    let app = demo_app().await;
    let entry = demo::publications().unwrap().into_iter().find(|e| e.state == "published").unwrap();
    let publication = store::by_name(app.db().read(), &entry.name).await.unwrap();
    let browser = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36";
    let page = format!("{}/transparenz/{}", app.base, entry.name);
    for agent in [browser, browser, "Googlebot/2.1 (+http://www.google.com/bot.html)"] {
        let response = app.client.get(&page).header("user-agent", agent).send().await.unwrap();
        assert_eq!(response.status(), 200);
    }
    let html = app
        .client
        .get(&page)
        .header("user-agent", browser)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let download = html
        .split("href=\"")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .find(|h| h.contains("/ressourcen/"))
        .unwrap()
        .to_string();
    let response = app
        .client
        .get(format!("{}{download}", app.base))
        .header("user-agent", browser)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // A draft's page is not found, and not counted.
    let draft = demo::publications().unwrap().into_iter().find(|e| e.state == "draft").unwrap();
    assert_eq!(
        app.client
            .get(format!("{}/transparenz/{}", app.base, draft.name))
            .header("user-agent", browser)
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    app.state.publication_figures.flush(app.db()).await.unwrap();
    let counted = rathaus_core::transparency::figures::of(app.db().read(), publication.id, app.clock.now())
        .await
        .unwrap();
    assert_eq!(
        (counted.views, counted.downloads),
        (3, 1),
        "three views by a browser, the robot not counted, one download"
    );
    assert_eq!((counted.views_30_days, counted.downloads_30_days), (3, 1));
    // Nothing about the readers is kept: the table has counts only.
    let columns = app.scalar::<i64>("SELECT COUNT(*) AS v FROM publication_figures").await;
    assert_eq!(columns, 1);
}

/// The relevance set (`data/search/transparency-relevance.json`): German queries as
/// people type them, each with the records a good answer shows among its first three.
#[tokio::test]
async fn german_queries_find_their_records_among_the_first_three() {
    let app = demo_app().await;
    let set: rathaus_core::catalog::RelevanceSet =
        serde_json::from_str(include_str!("../../../../data/search/transparency-relevance.json")).unwrap();
    assert!(set.queries.len() >= 30);
    let mut misses = Vec::new();
    for case in &set.queries {
        let top: Vec<String> = names(&app, &case.q).into_iter().take(3).collect();
        if !case.expect.iter().any(|e| top.contains(e)) {
            misses.push(format!("{:?}: expected one of {:?}, got {top:?}", case.q, case.expect));
        }
    }
    assert!(
        misses.is_empty(),
        "{} of {} queries missed:\n{}",
        misses.len(),
        set.queries.len(),
        misses.join("\n")
    );
}
