//! The DCAT catalogue for harvesting, checked by rdflib and pyshacl as a harvester
//! would: every page in Turtle, RDF/XML and JSON-LD, the same graph in each, every
//! published record once, valid against the DCAT-AP 3.0 shapes; drafts and withdrawn
//! records are not in it, and a page past the end is not found.

use rathaus_core::transparency::dcat::PAGE_SIZE;
use rathaus_core::transparency::demo;

use crate::helpers::{TestApp, run_python};

async fn published(app: &TestApp) -> i64 {
    app.scalar("SELECT COUNT(*) AS v FROM publications WHERE status = 'published'")
        .await
}

#[tokio::test]
async fn the_catalogue_is_one_graph_in_three_syntaxes_and_valid_dcat_ap() {
    let app = TestApp::spawn().await;
    demo::load(app.db(), &app.state.blobs, &*app.clock).await.unwrap();
    // More records than one page holds, so the walk follows the Hydra links.
    let template: String = app
        .scalar("SELECT name AS v FROM publications WHERE status = 'published' ORDER BY name LIMIT 1")
        .await;
    let source = rathaus_core::transparency::store::by_name(app.db().read(), &template)
        .await
        .unwrap();
    let desk = rathaus_core::transparency::Desk::system("Test");
    let mut copies = 0;
    while published(&app).await <= PAGE_SIZE as i64 {
        let mut meta = source.meta.clone();
        meta.name = format!("{template}-kopie-{copies}");
        let copy = rathaus_core::transparency::actions::create(app.db(), &*app.clock, &desk, &source.agency_id, meta, None)
            .await
            .unwrap();
        app.exec(&format!(
            "UPDATE publications SET status = 'published', published_at = modified_at WHERE name = '{}'",
            copy.meta.name
        ))
        .await;
        copies += 1;
    }
    let expected = published(&app).await;

    let shapes = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/dcat_ap_3.shacl.ttl");
    let args = vec![
        app.base.clone(),
        app.config.public_url.clone(),
        expected.to_string(),
        shapes.to_string(),
    ];
    run_python("dcat_check.py", args).await;

    // Drafts are not harvested; a page past the end is not found, a bad one refused.
    let (_, turtle) = app.get_text("/catalog.ttl").await;
    let draft: String = app
        .scalar("SELECT name AS v FROM publications WHERE status <> 'published' ORDER BY name LIMIT 1")
        .await;
    assert!(!turtle.contains(&format!("/transparenz/{draft}#")), "{draft} is not published");
    let (status, _) = app.get_text("/catalog.ttl?page=99").await;
    assert_eq!(status, 404);
    let (status, _) = app.get_text("/catalog.jsonld?page=null").await;
    assert_eq!(status, 422);
    let response = app.get("/catalog.rdf").await;
    assert_eq!(response.headers()["content-type"], "application/rdf+xml; charset=utf-8");
}
