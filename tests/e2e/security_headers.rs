//! Security headers on every response (issue 13): pages, errors, redirects, the API and
//! the stylesheet carry a strict Content-Security-Policy, `nosniff` and a referrer policy,
//! HSTS only when the public address is https, and the pages need no inline script or style.

use reqwest::{header, StatusCode};
use signpost_server::auth::Role;
use signpost_tests::{
    people::{client, person},
    AppOptions, Backend, TestApp, TestData,
};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Paths answering 200, 303, 400, 404 and 405, pages, API, health and the stylesheet.
const PATHS: [(&str, StatusCode); 12] = [
    ("/", StatusCode::OK),
    ("/search?q=debt+advice&location=LE1+6ZG", StatusCode::OK),
    ("/search?q=debt&location=ZZ99+9ZZ", StatusCode::BAD_REQUEST),
    ("/crisis", StatusCode::OK),
    ("/privacy", StatusCode::OK),
    ("/no/such/page", StatusCode::NOT_FOUND),
    ("/services/not-a-uuid", StatusCode::NOT_FOUND),
    ("/static/signpost.css", StatusCode::OK),
    ("/api/v1/search?q=debt", StatusCode::OK),
    ("/api/v1/search?per_page=9999", StatusCode::BAD_REQUEST),
    ("/healthz", StatusCode::OK),
    ("/console", StatusCode::SEE_OTHER),
];

fn header_of<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response.headers().get(name).and_then(|value| value.to_str().ok()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_security_headers() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;
    let client = client()?;
    let mut problems = Vec::new();
    let mut responses = Vec::new();
    for (path, status) in PATHS {
        let response = client.get(format!("{}{path}", app.address)).send().await?;
        if response.status() != status {
            problems.push(format!("{path}: {} not {status}", response.status()));
        }
        responses.push((format!("GET {path}"), response));
    }
    // A refused cross-site POST and a method the route does not have.
    let cross_site =
        client.post(format!("{}/logout", app.address)).header(header::ORIGIN, "https://evil.example").send().await?;
    responses.push(("cross-site POST /logout".to_owned(), cross_site));
    responses.push(("DELETE /".to_owned(), client.delete(format!("{}/", app.address)).send().await?));
    for (what, response) in &responses {
        for (name, expected) in [
            ("content-security-policy", CSP),
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "same-origin"),
            ("x-frame-options", "DENY"),
        ] {
            let value = header_of(response, name);
            if value != expected {
                problems.push(format!("{what}: {name} is {value:?}"));
            }
        }
        if response.headers().contains_key("strict-transport-security") {
            problems.push(format!("{what}: HSTS over plain http"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    app.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_https_public_url_turns_on_hsts() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let options = AppOptions { public_url: Some("https://signpost.example.org".into()), ..AppOptions::default() };
    let app = TestApp::spawn(&data, options).await?;
    for path in ["/", "/no/such/page", "/static/signpost.css", "/api/v1/needs"] {
        let response = client()?.get(format!("{}{path}", app.address)).send().await?;
        assert_eq!(header_of(&response, "strict-transport-security"), "max-age=31536000; includeSubDomains", "{path}");
    }
    app.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_have_no_inline_script_or_style_for_the_policy_to_block() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;
    let admin = person(&app, Role::Admin).await?;
    let id = app.state.store.service_ids(None, 1).await?.into_iter().next().expect("sample data has services");
    let mut problems = Vec::new();
    for path in [
        "/".to_owned(),
        "/search?q=debt+advice&location=LE1+6ZG".to_owned(),
        format!("/services/{id}"),
        "/shortlist".to_owned(),
        "/crisis".to_owned(),
        "/privacy".to_owned(),
        "/accessibility".to_owned(),
        "/cookies".to_owned(),
        "/login".to_owned(),
        "/console".to_owned(),
        format!("/console/services/{id}/edit"),
        "/console/imports".to_owned(),
        "/console/synonyms".to_owned(),
        "/helpline?q=debt&location=LE1+6ZG".to_owned(),
        "/helpline/log".to_owned(),
        "/referrals/new".to_owned(),
        "/commissioning".to_owned(),
    ] {
        let answer = signpost_tests::people::get(&app, Some(&admin), &path).await?;
        if answer.status != StatusCode::OK {
            problems.push(format!("{path}: {}", answer.status));
        }
        let html = answer.body.to_ascii_lowercase();
        for inline in ["<script", "<style", " style=\"", " style='", "javascript:", " onclick=", " onload="] {
            if html.contains(inline) {
                problems.push(format!("{path}: has {inline}"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    app.stop().await
}
