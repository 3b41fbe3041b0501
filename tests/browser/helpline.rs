//! The helpline and local-roles pages in a real browser: axe-core's WCAG 2.2 A and AA
//! rules, one h1, and no sideways scrolling at 320 px, signed in as an admin (who may
//! use both the helpline and the console). Error states are included.

use chrono::Utc;
use signpost_server::auth::{self, Role};
use signpost_tests::browser::{describe_violations, Viewport};

use crate::Session;

const PASSWORD: &str = "a long enough password";

/// (name, path): each helpline page, with and without errors.
const PAGES: &[(&str, &str)] = &[
    ("helpline search", "/helpline"),
    ("helpline results", "/helpline?q=food+bank&location=LE1+6ZG"),
    ("helpline search error", "/helpline?location=ZZ99+9ZZ"),
    ("log a query", "/helpline/log?q=food+bank"),
    ("unmet need", "/helpline/unmet-needs/new"),
    ("own unmet needs", "/helpline/unmet-needs"),
    ("local help", "/helpline/local-help?postcode=LE13+0AA"),
    ("local help error", "/helpline/local-help?postcode=ZZ99+9ZZ"),
    ("local roles", "/console/local-roles"),
    ("add a local role", "/console/local-roles/new"),
    ("found elsewhere", "/console/found-elsewhere"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn helpline_pages_have_no_axe_violations_one_h1_and_no_sideways_scroll() -> anyhow::Result<()> {
    // Arrange: an admin signed in through the login form.
    let mut session = Session::start().await?;
    let user = auth::new_user("admin@example.org", "An admin", Role::Admin, PASSWORD, Utc::now())?;
    session.app.state.store.create_user(&user).await?;
    session.browser.set_viewport(Viewport::NARROW).await?;
    let browser = &session.browser;
    browser.goto(&session.url("/login")).await?;
    browser.find("#email").await?.send_keys("admin@example.org").await?;
    browser.find("#password").await?.send_keys(PASSWORD).await?;
    browser.find_with_text("form[action='/login'] button", "Sign in").await?.click().await?;
    browser.wait_for_path("/console").await?;

    // Act: the forms posted empty show every error.
    let mut problems = Vec::new();
    let mut visits: Vec<(String, Option<&str>)> =
        PAGES.iter().map(|(name, path)| ((*name).to_owned(), Some(*path))).collect();
    visits.push(("log a query with errors".to_owned(), None));
    for (name, path) in visits {
        match path {
            Some(path) => browser.goto(&session.url(path)).await?,
            None => {
                browser.goto(&session.url("/helpline/log")).await?;
                browser.find_with_text("form[action='/helpline/log'] button", "Log query").await?.click().await?;
                browser.find(".nhsuk-error-summary").await?;
            }
        }
        let h1s = browser.h1_count().await?;
        if h1s != 1 {
            problems.push(format!("{name}: {h1s} h1 elements"));
        }
        if let Some((scroll, inner)) = browser.horizontal_overflow().await? {
            problems.push(format!("{name}: scrolls sideways: {scroll} > {inner}"));
        }
        let violations = browser.axe().await?;
        if !violations.is_empty() {
            problems.push(format!("{name}: {}", describe_violations(&violations)));
        }
    }
    session.finish().await?;

    // Assert
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    Ok(())
}
