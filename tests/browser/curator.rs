//! A curator's day in headless Chromium: sign in, find a service, edit it, save, look at
//! its history, mark it "Checked and still accurate", then the review queue, inbox,
//! search insight and synonyms, with axe-core finding nothing on any console page at
//! 1280 px and again at 320 px (where nothing may scroll sideways).

use chrono::Utc;
use signpost_server::auth::{self, Role};
use signpost_tests::browser::{describe_violations, Browser, Viewport};

use crate::Session;

const EMAIL: &str = "curator@example.org";
const PASSWORD: &str = "a long enough password";

/// Checks the page in view: one h1, no axe violations and, when narrow, no sideways scroll.
async fn check_page(
    browser: &Browser,
    viewport: Viewport,
    name: &str,
    problems: &mut Vec<String>,
) -> anyhow::Result<()> {
    let url = browser.current_url().await?;
    let h1s = browser.h1_count().await?;
    if h1s != 1 {
        problems.push(format!("{name} at {viewport} ({url}): {h1s} h1 elements"));
    }
    if viewport == Viewport::NARROW {
        if let Some((scroll, inner)) = browser.horizontal_overflow().await? {
            problems.push(format!("{name} at {viewport} ({url}): scrolls sideways ({scroll} > {inner})"));
        }
    }
    let violations = browser.axe().await?;
    if !violations.is_empty() {
        problems.push(format!("{name} at {viewport} ({url}):\n{}", describe_violations(&violations)));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_curator_edits_and_verifies_a_service_on_accessible_pages() -> anyhow::Result<()> {
    // Arrange: a curator account and a published service from the sample directory.
    let mut session = Session::start().await?;
    let user = auth::new_user(EMAIL, "Casey Curator", Role::Curator, PASSWORD, Utc::now())?;
    session.app.state.store.create_user(&user).await?;
    let first = session.app.state.store.service_ids(None, 1).await?;
    let record = session.app.state.store.get_service(*first.first().expect("sample data")).await?;
    let (id, name) = (record.service.id, record.service.name.clone());
    let mut problems = Vec::new();
    let mut visited = Vec::new();
    session.browser.set_viewport(Viewport::WIDE).await?;
    let browser = &session.browser;

    // Act: sign in.
    browser.goto(&session.url("/login")).await?;
    browser.find("#email").await?.send_keys(EMAIL).await?;
    browser.find("#password").await?.send_keys(PASSWORD).await?;
    browser.find_with_text("button", "Sign in").await?.click().await?;
    browser.wait_for_path("/console").await?;
    check_page(browser, Viewport::WIDE, "dashboard", &mut problems).await?;
    visited.push(("dashboard", "/console".to_owned()));

    // Find the service by name and open its record.
    browser.find("a[href='/console/services']").await?.click().await?;
    browser.wait_for_path("/console/services").await?;
    browser.find("#q").await?.send_keys(&name).await?;
    browser.find_with_text("button", "Find records").await?.click().await?;
    browser.wait_for_url_containing("q=").await?;
    check_page(browser, Viewport::WIDE, "find records", &mut problems).await?;
    let url = browser.current_url().await?;
    visited.push(("find records", format!("{}?{}", url.path(), url.query().unwrap_or_default())));
    browser.find(&format!("a[href='/console/services/{id}']")).await?.click().await?;
    browser.wait_for_path(&format!("/console/services/{id}")).await?;
    check_page(browser, Viewport::WIDE, "record", &mut problems).await?;
    visited.push(("record", format!("/console/services/{id}")));

    // Edit the description and save.
    browser.find_with_text("a", "Edit").await?.click().await?;
    browser.wait_for_path(&format!("/console/services/{id}/edit")).await?;
    check_page(browser, Viewport::WIDE, "edit", &mut problems).await?;
    visited.push(("edit", format!("/console/services/{id}/edit")));
    let description = browser.find("#description").await?;
    description.clear().await?;
    description.send_keys("Checked by phone: still meets every Tuesday.").await?;
    browser.find_with_text("button", "Save").await?.click().await?;
    browser.wait_for_url_containing("done=saved").await?;
    assert!(browser.page_text().await?.contains("Saved"), "the save is confirmed");

    // The history shows the edit.
    browser.find_with_text("a", "History").await?.click().await?;
    browser.wait_for_path(&format!("/console/services/{id}/history")).await?;
    assert!(browser.page_text().await?.contains(EMAIL), "the history names the curator");
    check_page(browser, Viewport::WIDE, "history", &mut problems).await?;
    visited.push(("history", format!("/console/services/{id}/history")));

    // Verify it.
    browser.goto(&session.url(&format!("/console/services/{id}"))).await?;
    browser.find_with_text("button", "Checked and still accurate").await?.click().await?;
    browser.wait_for_url_containing("done=verified").await?;
    assert!(browser.page_text().await?.contains("Marked as checked and still accurate"));
    let today = Utc::now().format("%Y-%m-%d").to_string();
    let stored = session.app.state.store.get_service(id).await?;
    assert_eq!(stored.service.description.as_deref(), Some("Checked by phone: still meets every Tuesday."));
    assert_eq!(stored.service.assured_date.as_deref(), Some(today.as_str()), "verified today");
    assert_eq!(stored.service.assurer_email.as_deref(), Some(EMAIL));

    // The other console pages.
    for (page, path) in [
        ("review queue", "/console/review"),
        ("inbox", "/console/inbox"),
        ("insight", "/console/insight"),
        ("synonyms", "/console/synonyms"),
    ] {
        browser.goto(&session.url(path)).await?;
        check_page(browser, Viewport::WIDE, page, &mut problems).await?;
        visited.push((page, path.to_owned()));
    }

    // Every page again on a small phone.
    session.browser.set_viewport(Viewport::NARROW).await?;
    for (page, path) in &visited {
        session.browser.goto(&session.url(path)).await?;
        check_page(&session.browser, Viewport::NARROW, page, &mut problems).await?;
    }

    // Assert
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    session.finish().await
}
