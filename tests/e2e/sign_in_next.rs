//! The sign-in `next` parameter (issue 13): only a same-site path is followed; a tab gave
//! an open redirect and a newline a 500, and anything odd now lands on the role's home.

use chrono::Utc;
use reqwest::{header, StatusCode};
use signpost_server::auth::{self, Role};
use signpost_tests::{people::client, AppOptions, Backend, TestApp, TestData};

const PASSWORD: &str = "a long enough password";

/// Values of `next` that must never be followed.
const HOSTILE: [&str; 12] = [
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    "/console\r\nSet-Cookie: stolen=1",
    "\t//evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https://evil.example/",
    " /console",
    "/console\u{0}",
    "javascript:alert(1)",
];

#[tokio::test]
async fn sign_in_follows_only_a_plain_local_path() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions { sample_data: false, ..AppOptions::default() }).await?;
    let user = auth::new_user("staff@example.org", "A person", Role::Staff, PASSWORD, Utc::now())?;
    app.state.store.create_user(&user).await?;
    let client = client()?;
    let mut problems = Vec::new();
    for next in HOSTILE {
        let page = client.get(format!("{}/login", app.address)).query(&[("next", next)]).send().await?;
        let status = page.status();
        let html = page.text().await?;
        // A NUL in any query string is refused outright (400); nothing else may fail.
        if status.is_server_error() || html.contains(r#"name="next""#) {
            problems.push(format!("GET next={next:?}: {status}, next kept in the form"));
        }
        let response = client
            .post(format!("{}/login", app.address))
            .form(&[("email", "staff@example.org"), ("password", PASSWORD), ("next", next)])
            .send()
            .await?;
        let location = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
        if response.status() != StatusCode::SEE_OTHER || location != "/helpline" {
            problems.push(format!("POST next={next:?}: {} to {location:?}", response.status()));
        }
    }
    let response = client
        .post(format!("{}/login", app.address))
        .form(&[("email", "staff@example.org"), ("password", PASSWORD), ("next", "/referrals?page=2")])
        .send()
        .await?;
    assert_eq!(response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()), Some("/referrals?page=2"));
    assert!(problems.is_empty(), "{problems:#?}");
    app.stop().await
}
