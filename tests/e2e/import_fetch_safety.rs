//! Fetching a feed by URL may not reach inside the trust's network: loopback, private and
//! link-local addresses (IP literals, and names that resolve to them) are refused by
//! default with a clear message, nothing is imported and nothing is contacted.

use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc,
};

use chrono::Utc;
use reqwest::{header, redirect::Policy as Redirects, StatusCode};
use signpost_server::auth::{self, Role};
use signpost_tests::{AppOptions, Backend, TestApp, TestData};

use crate::on_both_backends;

/// Listens on a loopback port and counts the connections made to it.
async fn counting_listener() -> anyhow::Result<(u16, Arc<AtomicUsize>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    tokio::spawn(async move {
        while let Ok((_stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
        }
    });
    Ok((port, count))
}

async fn private_feed_addresses_are_refused_by_default(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let options = AppOptions { sample_data: false, import_allow_private: false, ..AppOptions::default() };
    let app = TestApp::spawn(&data, options).await?;
    let user = auth::new_user("curator@example.org", "A curator", Role::Curator, "a long enough password", Utc::now())?;
    app.state.store.create_user(&user).await?;
    let (token, session) = auth::start_session(&app.state, &user).await?;
    let client = reqwest::Client::builder().redirect(Redirects::none()).build()?;
    let (port, connections) = counting_listener().await?;

    for address in [
        format!("http://127.0.0.1:{port}/feed.json"),
        format!("http://localhost:{port}/feed.json"),
        format!("http://[::ffff:127.0.0.1]:{port}/feed.json"),
        "http://169.254.169.254/latest/meta-data".to_owned(),
        "http://10.0.0.1/feed.json".to_owned(),
    ] {
        let form = [("csrf_token", session.csrf_token.as_str()), ("source", "Somewhere"), ("url", address.as_str())];
        let response = client
            .post(format!("{}/console/imports/fetch", app.address))
            .header(header::COOKIE, format!("signpost_session={token}"))
            .form(&form)
            .send()
            .await?;
        let status = response.status();
        let page = response.text().await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{address}: {page}");
        assert!(
            page.contains("There is a problem") && page.contains("is on a private or internal network"),
            "{address}: {page}"
        );
    }
    assert_eq!(connections.load(Ordering::SeqCst), 0, "nothing inside was contacted");
    assert!(app.state.store.import_batches(10).await?.is_empty(), "nothing imported");
    app.stop().await
}
on_both_backends!(private_feed_addresses_are_refused_by_default_, private_feed_addresses_are_refused_by_default);
