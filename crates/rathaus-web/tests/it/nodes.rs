//! Two nodes on one database share sessions and rate limits: nothing lives only in
//! memory (per-address limits are merged across nodes once a second).

use crate::helpers::TestApp;

#[tokio::test]
async fn a_session_from_one_node_works_on_another() {
    let first = TestApp::spawn().await;
    let second = TestApp::spawn_on(first.database.clone(), |_| {}).await;
    let token = first.csrf_from("/barrierefreiheit").await;
    second.set_cookies_from(&first);
    let response = second
        .post_form(
            "/barrierefreiheit",
            &[("_csrf", &token), ("message", "Gemeldet über den zweiten Knoten.")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(first.count("feedback").await, 1);
}

#[tokio::test]
async fn rate_limits_hold_across_nodes() {
    let first = TestApp::spawn_with(|c| c.rate_limit.writes_per_minute = 2).await;
    let second = TestApp::spawn_on(first.database.clone(), |c| c.rate_limit.writes_per_minute = 2).await;
    let token = first.csrf_from("/barrierefreiheit").await;
    second.set_cookies_from(&first);
    assert_eq!(first.post_form("/barrierefreiheit", &[("_csrf", &token)]).await.status(), 422);
    assert_eq!(second.post_form("/barrierefreiheit", &[("_csrf", &token)]).await.status(), 422);
    // Each node counted one; once merged, each knows of both.
    first.merge_limits().await.unwrap();
    second.merge_limits().await.unwrap();
    first.merge_limits().await.unwrap();
    assert_eq!(first.post_form("/barrierefreiheit", &[("_csrf", &token)]).await.status(), 429);
    assert_eq!(second.post_form("/barrierefreiheit", &[("_csrf", &token)]).await.status(), 429);
}
