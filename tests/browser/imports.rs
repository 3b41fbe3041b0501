//! A curator imports a small Open Referral UK file in headless Chromium: upload it on
//! `/console/imports` through the file input, open the batch, look at a staged record beside
//! the directory, accept one and reject another; axe-core finds nothing on any of those pages
//! at 1280 px and at 320 px (where nothing may scroll sideways), and each has one h1.

use chrono::Utc;
use serde_json::Value;
use signpost_server::{
    auth::{self, Role},
    storage::imports::Decision,
};
use signpost_tests::{
    browser::{describe_violations, Browser, Viewport},
    shared_data,
};

use crate::Session;

const EMAIL: &str = "importer@example.org";
const PASSWORD: &str = "a long enough password";
/// The real Bristol Open Referral UK v1 sample, trimmed to its first few services.
const BRISTOL: &str = "openreferral/real_uk_oruk_v1_samples/bristol_services_sample.json";
const RECORDS: usize = 3;

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

/// Writes the first `RECORDS` Bristol services to a file the browser can upload.
fn trimmed_feed(dir: &tempfile::TempDir) -> anyhow::Result<std::path::PathBuf> {
    let all: Vec<Value> = serde_json::from_slice(&std::fs::read(shared_data(BRISTOL))?)?;
    let few: Vec<Value> = all.into_iter().take(RECORDS).collect();
    anyhow::ensure!(few.len() == RECORDS, "the Bristol sample has at least {RECORDS} services");
    let path = dir.path().join("bristol_three.json");
    std::fs::write(&path, serde_json::to_vec(&few)?)?;
    Ok(path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_curator_imports_accepts_and_rejects_on_accessible_pages() -> anyhow::Result<()> {
    // Arrange: a curator account and a three-record feed file.
    let mut session = Session::start().await?;
    let user = auth::new_user(EMAIL, "Ingrid Importer", Role::Curator, PASSWORD, Utc::now())?;
    session.app.state.store.create_user(&user).await?;
    let dir = tempfile::tempdir()?;
    let feed = trimmed_feed(&dir)?;
    let mut problems = Vec::new();
    session.browser.set_viewport(Viewport::WIDE).await?;
    let browser = &session.browser;

    // Act: sign in and upload the file.
    browser.goto(&session.url("/login")).await?;
    browser.find("#email").await?.send_keys(EMAIL).await?;
    browser.find("#password").await?.send_keys(PASSWORD).await?;
    browser.find_with_text("button", "Sign in").await?.click().await?;
    browser.wait_for_path("/console").await?;
    browser.goto(&session.url("/console/imports")).await?;
    check_page(browser, Viewport::WIDE, "imports", &mut problems).await?;
    browser.find("#source").await?.send_keys("Bristol sample").await?;
    browser.find("#file").await?.send_keys(&feed.to_string_lossy()).await?;
    browser.find_with_text("button", "Upload and check").await?.click().await?;
    let batch_url = browser.wait_for_path("/console/imports/").await?;
    let batch_path = batch_url.path().to_owned();
    let batch = uuid::Uuid::parse_str(batch_path.trim_start_matches("/console/imports/"))?;
    check_page(browser, Viewport::WIDE, "batch", &mut problems).await?;

    // Open each of the first two staged records side by side: accept one, reject the other.
    let staged = session.app.state.store.staged_records(batch).await?;
    assert_eq!(staged.len(), RECORDS, "every record in the file is staged");
    let record_path = |index: usize| format!("{batch_path}/{}", staged[index].id);
    browser.find(&format!("a[href='{}']", record_path(0))).await?.click().await?;
    browser.wait_for_path(&record_path(0)).await?;
    check_page(browser, Viewport::WIDE, "staged record", &mut problems).await?;
    browser.find_with_text("button", "Accept").await?.click().await?;
    browser.wait_for_url_containing("done=accepted").await?;
    assert!(browser.page_text().await?.contains("Accepted"), "the acceptance is confirmed");
    browser.goto(&session.url(&record_path(1))).await?;
    browser.find_with_text("button", "Reject").await?.click().await?;
    browser.wait_for_url_containing("done=rejected").await?;
    check_page(browser, Viewport::WIDE, "batch after a decision", &mut problems).await?;
    browser.goto(&session.url(&record_path(0))).await?;
    check_page(browser, Viewport::WIDE, "decided record", &mut problems).await?;

    // The same pages on a small phone, with one record still to decide.
    session.browser.set_viewport(Viewport::NARROW).await?;
    for (page, path) in [
        ("imports", "/console/imports".to_owned()),
        ("batch", batch_path.clone()),
        ("staged record", record_path(2)),
        ("decided record", record_path(0)),
    ] {
        session.browser.goto(&session.url(&path)).await?;
        check_page(&session.browser, Viewport::NARROW, page, &mut problems).await?;
    }

    // Assert: one accepted, one rejected, one still waiting.
    let after = session.app.state.store.staged_records(batch).await?;
    let decision = |index: usize| after.iter().find(|record| record.id == staged[index].id).map(|r| r.decision);
    assert_eq!(decision(0), Some(Decision::Accepted));
    assert_eq!(decision(1), Some(Decision::Rejected));
    assert_eq!(decision(2), Some(Decision::Pending));
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    session.finish().await
}
