//! The commissioners' dashboard in headless Chromium, with the hand-computed fixture:
//! axe-core finds no WCAG 2.2 A/AA violation at 320 px and 1280 px, wide tables scroll
//! inside their own region rather than the page at 320 px, and the map and
//! charts are saved as screenshots (`screenshots/commissioning-*.png`) for review.

use std::path::PathBuf;

use chrono::Utc;
use signpost_server::auth::{self, Role};
use signpost_tests::{
    browser::{describe_violations, Browser, Viewport},
    unmet_fixtures::spawn_with_fixture,
    Backend,
};

const PASSWORD: &str = "a long enough password";
const DASHBOARD: &str = "/commissioning?from=2025-12&to=2026-03";

/// Where screenshots go: `screenshots/` at the workspace root (ignored by git).
fn screenshot_dir() -> anyhow::Result<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../screenshots"));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Signs in through the real login form.
async fn sign_in(browser: &Browser, base: &str, email: &str) -> anyhow::Result<()> {
    browser.goto(&format!("{base}/login")).await?;
    browser.find("#email").await?.send_keys(email).await?;
    browser.find("#password").await?.send_keys(PASSWORD).await?;
    browser.find_with_text("form[action='/login'] button", "Sign in").await?.click().await?;
    browser.wait_for_path("/commissioning").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_has_no_axe_violations_and_is_saved_as_screenshots() -> anyhow::Result<()> {
    // Arrange
    let (_data, app) = spawn_with_fixture(Backend::Sqlite).await?;
    let email = "commissioner@example.org";
    let user = auth::new_user(email, "A commissioner", Role::Commissioner, PASSWORD, Utc::now())?;
    app.state.store.create_user(&user).await?;
    let mut browser = Browser::launch().await?;
    sign_in(&browser, &app.address, email).await?;
    let dir = screenshot_dir()?;
    let mut problems = Vec::new();

    for viewport in [Viewport::NARROW, Viewport::WIDE] {
        for (name, query) in [("count", ""), ("rate", "&measure=rate")] {
            // Act
            browser.set_viewport(viewport).await?;
            browser.goto(&format!("{}{DASHBOARD}{query}", app.address)).await?;
            let violations = browser.axe().await?;
            let h1s = browser.h1_count().await?;
            let total = browser.text("#total").await?;

            // Assert (collected, so one run reports every problem)
            if !violations.is_empty() {
                problems.push(format!(
                    "{name} at {viewport}: {} axe violations:\n{}",
                    violations.len(),
                    describe_violations(&violations)
                ));
            }
            if h1s != 1 {
                problems.push(format!("{name} at {viewport}: {h1s} h1 elements"));
            }
            if viewport == Viewport::NARROW {
                if let Some((scroll, inner)) = browser.horizontal_overflow().await? {
                    problems.push(format!("{name} at {viewport}: scrolls sideways: {scroll} > {inner}"));
                }
            }
            if total != "40" {
                problems.push(format!("{name} at {viewport}: total shows {total:?}, not 40"));
            }
            let width = viewport.width;
            browser.screenshot(&dir.join(format!("commissioning-{name}-{width}.png"))).await?;
            if viewport == Viewport::WIDE {
                for id in ["map", "trend-chart", "barriers-chart", "specialties-chart", "levels-chart"] {
                    if name == "rate" && id != "map" {
                        continue;
                    }
                    let png = browser.find(&format!("svg#{id}")).await?.screenshot().await?;
                    std::fs::write(dir.join(format!("commissioning-{id}-{name}.png")), png)?;
                }
            }
        }
    }
    browser.close().await?;
    app.stop().await?;

    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    Ok(())
}
