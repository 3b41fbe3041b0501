//! The admin's accounts page in headless Chromium: one h1, axe-core finding nothing at
//! 1280 px and at 320 px, and nothing scrolling sideways when narrow.

use chrono::Utc;
use signpost_server::auth::{self, Role};
use signpost_tests::browser::{describe_violations, Viewport};

use crate::Session;

const EMAIL: &str = "admin@example.org";
const PASSWORD: &str = "a long enough password";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_accounts_pages_are_accessible_wide_and_narrow() -> anyhow::Result<()> {
    // Arrange: an admin, and a second account so the page has a row to act on.
    let mut session = Session::start().await?;
    let admin = auth::new_user(EMAIL, "Ada Admin", Role::Admin, PASSWORD, Utc::now())?;
    session.app.state.store.create_user(&admin).await?;
    let other = auth::new_user("staff@example.org", "Sam Staff", Role::Staff, PASSWORD, Utc::now())?;
    session.app.state.store.create_user(&other).await?;
    let mut problems = Vec::new();

    // Act: sign in, then open the accounts page at both widths.
    session.browser.set_viewport(Viewport::WIDE).await?;
    session.browser.goto(&session.url("/login?next=/console/accounts")).await?;
    session.browser.find("#email").await?.send_keys(EMAIL).await?;
    session.browser.find("#password").await?.send_keys(PASSWORD).await?;
    session.browser.find_with_text("button", "Sign in").await?.click().await?;
    session.browser.wait_for_path("/console/accounts").await?;
    for viewport in [Viewport::WIDE, Viewport::NARROW] {
        session.browser.set_viewport(viewport).await?;
        session.browser.goto(&session.url("/console/accounts")).await?;
        session.browser.find_with_text("h1", "Accounts").await?;
        let h1s = session.browser.h1_count().await?;
        if h1s != 1 {
            problems.push(format!("accounts at {viewport}: {h1s} h1 elements"));
        }
        if viewport == Viewport::NARROW {
            if let Some((scroll, inner)) = session.browser.horizontal_overflow().await? {
                problems.push(format!("accounts at {viewport}: scrolls sideways ({scroll} > {inner})"));
            }
        }
        let violations = session.browser.axe().await?;
        if !violations.is_empty() {
            problems.push(format!("accounts at {viewport}:\n{}", describe_violations(&violations)));
        }
    }

    // Assert
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    session.finish().await
}
