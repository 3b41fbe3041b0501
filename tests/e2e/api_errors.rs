//! Every bad input gets a 4xx with a stable code and a message a person understands.

use signpost_tests::{AppOptions, Backend, TestApp, TestData};

#[tokio::test]
async fn bad_search_input_gets_a_clear_error() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions { sample_data: false, ..AppOptions::default() }).await?;
    let cases = [
        ("location=LE99+9ZZ", "unknown_postcode", "LE99 9ZZ"),
        ("location=zz1+1zz", "unknown_postcode", "ZZ1 1ZZ"),
        ("location=Atlantis", "unknown_place", "Atlantis"),
        ("location=LE1+6ZG&radius_km=500", "radius_out_of_range", "between"),
        ("location=LE1+6ZG&radius_km=0", "radius_out_of_range", "between"),
        ("radius_km=far", "invalid_parameter", "radius_km"),
        ("per_page=1000", "per_page_too_large", "100"),
        ("per_page=0", "invalid_parameter", "per_page"),
        ("page=0", "invalid_parameter", "page"),
        ("need=unicorns", "unknown_need", "unicorns"),
        ("need=debt,unicorns", "unknown_need", "unicorns"),
        ("age=old", "invalid_parameter", "age"),
        ("age=200", "invalid_parameter", "age"),
        ("free=maybe", "invalid_parameter", "free"),
        ("open_now=perhaps", "invalid_parameter", "open_now"),
        ("delivery=pigeon", "invalid_parameter", "delivery"),
        ("lat=52.6", "invalid_parameter", "lon"),
        ("lat=95&lon=0", "invalid_coordinates", "Latitude"),
        ("lat=52.6&lon=-1.1&location=LE1+6ZG", "invalid_parameter", "not both"),
    ];
    for (query, code, mention) in cases {
        let (status, body) = app.get_json(&format!("/api/v1/search?{query}")).await?;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["error"]["code"], code, "{query}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(mention), "{query}: message {message:?} should mention {mention:?}");
        assert!(message.ends_with('.'), "{query}: a full sentence: {message:?}");
    }
    let long = "a".repeat(201);
    let (status, body) = app.get_json(&format!("/api/v1/search?q={long}")).await?;
    assert_eq!((status.as_u16(), body["error"]["code"].as_str()), (400, Some("query_too_long")));
    app.stop().await
}

#[tokio::test]
async fn unknown_services_and_pages_are_404() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions { sample_data: false, ..AppOptions::default() }).await?;
    for path in ["/api/v1/services/7d5a7f3e-3e86-4f5d-9d3c-2f0d3c1b2a10", "/api/v1/services/not-a-uuid"] {
        let (status, body) = app.get_json(path).await?;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["error"]["code"], "not_found");
    }
    let (status, page) = app.get_text("/no/such/page").await?;
    assert_eq!(status, 404);
    assert!(page.contains("Page not found"));
    app.stop().await
}

#[tokio::test]
async fn the_api_is_open_to_other_sites_for_reading() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions { sample_data: false, ..AppOptions::default() }).await?;
    let response = app
        .client
        .get(format!("{}/api/v1/search?q=debt", app.address))
        .header("Origin", "https://other.example.org")
        .send()
        .await?;
    assert_eq!(response.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()), Some("*"));
    app.stop().await
}
