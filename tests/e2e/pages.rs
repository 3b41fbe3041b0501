//! The public pages over HTTP without a browser: shortlist cookie, sharing, plain text,
//! "report a problem" validation, storage and rate limit, compression.

use reqwest::{header, redirect::Policy, StatusCode};
use signpost_tests::{ids, AppOptions, Backend, TestApp, TestData};

fn no_redirects() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder().redirect(Policy::none()).build()?)
}

fn shortlist_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("signpost_shortlist="))
        .and_then(|value| value.split(';').next())
        .map(str::to_owned)
}

async fn sample_app() -> anyhow::Result<(TestData, TestApp)> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;
    Ok((data, app))
}

#[tokio::test]
async fn a_shortlist_is_kept_in_a_cookie_shared_as_a_link_and_copied_as_text() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    let client = no_redirects()?;
    let found = app.search("q=samaritans").await?;
    let id = ids(&found).first().cloned().unwrap_or_default();

    // Add, as the "Add to shortlist" button does.
    let added = client
        .post(format!("{}/shortlist/add", app.address))
        .form(&[("id", id.as_str()), ("return_to", "/search?q=samaritans")])
        .send()
        .await?;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    assert_eq!(added.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()), Some("/search?q=samaritans"));
    let cookie = shortlist_cookie(&added).unwrap_or_default();
    assert!(cookie.contains(&id), "{cookie}");

    let page = client.get(format!("{}/shortlist", app.address)).header(header::COOKIE, &cookie).send().await?;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await?;
    assert!(html.contains("Samaritans") && html.contains("116 123"), "the shortlist shows the service");
    assert!(html.contains(&format!("/shortlist?ids={id}")), "a share link");

    let text = client.get(format!("{}/shortlist.txt", app.address)).header(header::COOKIE, &cookie).send().await?;
    assert_eq!(
        text.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
        Some("text/plain; charset=utf-8")
    );
    let text = text.text().await?;
    assert!(text.contains("Samaritans") && text.contains("116 123") && !text.contains('<'), "{text}");

    // Someone else opens the shared link: no cookie needed.
    let shared = client.get(format!("{}/shortlist?ids={id}", app.address)).send().await?.text().await?;
    assert!(shared.contains("Samaritans"));
    let print = client.get(format!("{}/shortlist/print?ids={id}", app.address)).send().await?.text().await?;
    assert!(print.contains("Samaritans") && print.contains("116 123"));

    let removed = client
        .post(format!("{}/shortlist/remove", app.address))
        .header(header::COOKIE, &cookie)
        .form(&[("id", id.as_str()), ("return_to", "https://evil.example/")])
        .send()
        .await?;
    assert_eq!(
        removed.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()),
        Some("/shortlist"),
        "no open redirect"
    );
    assert_eq!(shortlist_cookie(&removed).as_deref(), Some("signpost_shortlist="), "emptied");

    let unknown = client
        .post(format!("{}/shortlist/add", app.address))
        .form(&[("id", "7d5a7f3e-3e86-4f5d-9d3c-2f0d3c1b2a10"), ("return_to", "/")])
        .send()
        .await?;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert!(shortlist_cookie(&unknown).is_none(), "nothing changes");
    app.stop().await
}

#[tokio::test]
async fn a_problem_report_is_validated_stored_and_rate_limited() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    let client = no_redirects()?;
    let found = app.search("q=food+bank&location=LE1+6ZG").await?;
    let id = ids(&found).first().cloned().unwrap_or_default();
    let url = format!("{}/services/{id}/report", app.address);

    let missing = client.post(&url).form(&[("details", "The number rings out <b>always</b>")]).send().await?;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    let html = missing.text().await?;
    assert!(html.contains("Select what is wrong with this page"), "an error summary");
    assert!(html.contains("The number rings out &lt;b&gt;always&lt;/b&gt;"), "typed text kept, escaped");
    let long = "a".repeat(1001);
    let too_long = client.post(&url).form(&[("reason", "other"), ("details", long.as_str())]).send().await?;
    assert_eq!(too_long.status(), StatusCode::BAD_REQUEST);
    assert!(app.state.store.problem_reports(10).await?.is_empty(), "bad input changes nothing");

    let sent = client.post(&url).form(&[("reason", "phone"), ("details", "  The number rings out.  ")]).send().await?;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let location = sent.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(location, format!("/services/{id}?reported=1#report-sent"));
    let reports = app.state.store.problem_reports(10).await?;
    assert_eq!(reports.len(), 1);
    assert_eq!((reports[0].service_id.to_string(), reports[0].reason.as_str()), (id.clone(), "phone"));
    assert_eq!(reports[0].details, "The number rings out.");
    assert_eq!(reports[0].status, "new");
    let thanks = client.get(format!("{}{location}", app.address)).send().await?.text().await?;
    assert!(thanks.contains("report-sent"), "a confirmation panel");

    for _ in 0..4 {
        let status = client.post(&url).form(&[("reason", "hours")]).send().await?.status();
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let limited = client.post(&url).form(&[("reason", "hours")]).send().await?;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.state.store.problem_reports(10).await?.len(), 5, "the sixth in ten minutes is refused");

    let unknown = client
        .post(format!("{}/services/7d5a7f3e-3e86-4f5d-9d3c-2f0d3c1b2a10/report", app.address))
        .form(&[("reason", "phone")])
        .send()
        .await?;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    app.stop().await
}

#[tokio::test]
async fn pages_answer_and_are_compressed_for_clients_that_accept_it() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    for (path, expected) in [
        ("/", "What do you need help with?"),
        ("/crisis", "116 123"),
        ("/search?q=debt+advice&location=LE1+6ZG", "LE1 6ZG"),
        ("/shortlist", "shortlist"),
    ] {
        let (status, html) = app.get_text(path).await?;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(html.contains(expected), "{path} should contain {expected}");
    }
    let nothing = app.get_text("/search?q=xylophone+repairs").await?;
    assert_eq!(nothing.0, StatusCode::OK);
    let error = app.get_text("/search?location=LE99+9ZZ").await?;
    assert_eq!(error.0, StatusCode::BAD_REQUEST);
    assert!(error.1.contains("LE99 9ZZ"), "the typed postcode is kept");

    let compressed = app.client.get(format!("{}/", app.address)).header(header::ACCEPT_ENCODING, "gzip").send().await?;
    assert_eq!(compressed.headers().get(header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()), Some("gzip"));
    app.stop().await
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_report_limit() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let mut options = AppOptions { sample_data: false, ..AppOptions::default() };
    options.network.trusted_proxies = Some("127.0.0.1".to_owned());
    let app = TestApp::spawn(&data, options).await?;
    let record = signpost_tests::fixtures::ServiceBuilder::new("Proxy Allotment Club").build();
    app.state.store.upsert_service(&record).await?;
    let url = format!("{}/services/{}/report", app.address, record.service.id);
    let client = no_redirects()?;
    let send =
        |from: &'static str| client.post(&url).header("x-forwarded-for", from).form(&[("reason", "hours")]).send();
    for report in 0..5 {
        assert_eq!(send("203.0.113.7").await?.status(), StatusCode::SEE_OTHER, "report {report}");
    }
    assert_eq!(send("203.0.113.7").await?.status(), StatusCode::TOO_MANY_REQUESTS, "that client is limited");
    assert_eq!(send("198.51.100.9").await?.status(), StatusCode::SEE_OTHER, "another client is not");
    assert_eq!(app.state.store.problem_reports(10).await?.len(), 6);
    app.stop().await
}

#[tokio::test]
async fn the_privacy_notice_gives_the_retention_periods_in_force() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let mut options = AppOptions { sample_data: false, ..AppOptions::default() };
    options.retention.retain_query_log_days = 45;
    options.retention.retain_reports_days = 120;
    options.retention.retain_referral_payload_days = 0;
    let app = TestApp::spawn(&data, options).await?;
    let (status, page) = app.get_text("/privacy").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("deleted 45 days after"), "query log period: {page}");
    assert!(page.contains("deleted 120 days after"), "reports period: {page}");
    assert!(page.contains("Notes, sent messages and delivery logs: kept until the trust deletes them"), "{page}");
    app.stop().await
}
