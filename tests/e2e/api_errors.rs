//! Every bad input gets a 4xx with a stable code and a message a person understands; and
//! idle connections can neither stop the server answering nor stay open for ever.

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

#[tokio::test]
async fn idle_connections_neither_stop_the_server_nor_stay_open() -> anyhow::Result<()> {
    use tokio::io::AsyncReadExt;

    let data = TestData::new(Backend::Sqlite).await?;
    let mut options = AppOptions { sample_data: false, ..AppOptions::default() };
    options.network.header_timeout_ms = 500;
    options.network.max_connections = 50;
    let app = TestApp::spawn(&data, options).await?;
    let address = app.address.trim_start_matches("http://").to_owned();
    // Six times the connection cap of sockets that never send a request.
    let mut idle = Vec::new();
    for _ in 0..300 {
        idle.push(tokio::net::TcpStream::connect(&address).await?);
    }

    // A normal request is still answered: idle ones are dropped after the header time-out,
    // so the waiting connections are accepted in turn.
    let (status, body) = app.get_text("/healthz").await?;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");

    // Every idle socket is closed by the server (read gives end of file, perhaps after a
    // 408 answer), not left open.
    for (n, mut socket) in idle.into_iter().enumerate() {
        let mut answer = Vec::new();
        let read = tokio::time::timeout(std::time::Duration::from_secs(60), socket.read_to_end(&mut answer)).await;
        assert!(read.is_ok(), "idle connection {n} was still open after a minute");
        let text = String::from_utf8_lossy(&answer);
        assert!(answer.is_empty() || text.starts_with("HTTP/1.1 408"), "connection {n}: {text}");
    }
    app.stop().await
}
