//! Recording a referral in a real browser: a staff member signs in, goes from a shortlist
//! to the "record in the care plan" form (first with a mistake), records the referral and
//! sees it in the list and on its own page; a curator opens the undelivered events. Every
//! page has one h1 and no axe-core violations at 1280 px and 320 px, where nothing may
//! scroll sideways.

use chrono::Utc;
use signpost_server::auth::{self, Role};
use signpost_tests::browser::{describe_violations, Browser, Viewport};

use crate::Session;

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

/// Signs in through the login form and waits for the landing page.
async fn sign_in(session: &Session, email: &str, landing: &str) -> anyhow::Result<()> {
    let browser = &session.browser;
    browser.client().delete_all_cookies().await?;
    browser.goto(&session.url("/login")).await?;
    browser.find("#email").await?.send_keys(email).await?;
    browser.find("#password").await?.send_keys(PASSWORD).await?;
    browser.find_with_text("form[action='/login'] button", "Sign in").await?.click().await?;
    browser.wait_for_path(landing).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_record_a_referral_on_accessible_pages() -> anyhow::Result<()> {
    // Arrange: a staff member, a referrals lead and a published service from the sample directory.
    let mut session = Session::start().await?;
    let store = session.app.state.store.clone();
    store.create_user(&auth::new_user("staff@example.org", "A person", Role::Staff, PASSWORD, Utc::now())?).await?;
    let lead_roles = [Role::Staff, Role::ReferralsLead];
    store
        .create_user(&auth::new_user_with_roles("lead@example.org", "A lead", &lead_roles, PASSWORD, Utc::now())?)
        .await?;
    let first = store.service_ids(None, 1).await?;
    let id = *first.first().ok_or_else(|| anyhow::anyhow!("no sample services"))?;
    let name = store.get_service(id).await?.service.name;
    let mut problems = Vec::new();
    let mut visited: Vec<(&str, String)> = Vec::new();
    session.browser.set_viewport(Viewport::WIDE).await?;
    sign_in(&session, "staff@example.org", "/helpline").await?;
    let browser = &session.browser;

    // Act: from the shortlist to the form.
    browser.goto(&session.url(&format!("/shortlist?ids={id}"))).await?;
    browser.find_with_text("a", "Record in care plan").await?.click().await?;
    browser.wait_for_path("/referrals/new").await?;
    assert!(browser.page_text().await?.contains(&name), "the form names the chosen service");
    check_page(browser, Viewport::WIDE, "form", &mut problems).await?;
    visited.push(("form", format!("/referrals/new?service={id}")));

    // A mistake first: no level, and a name in the note.
    browser.find("#actions").await?.click().await?;
    browser.find("#care_plan_reference").await?.send_keys("CP-1234567").await?;
    browser.find("#note").await?.send_keys("Mrs Example asked for mornings").await?;
    browser.find_with_text("button", "Record referral").await?.click().await?;
    browser.find(".nhsuk-error-summary").await?;
    let text = browser.page_text().await?;
    assert!(text.contains("Choose the level of support") && text.contains("a person's name"), "{text}");
    assert!(!text.contains("Mrs Example"), "the refused note is not shown again");
    check_page(browser, Viewport::WIDE, "form with errors", &mut problems).await?;

    // Put it right and record it.
    browser.find("#support_level").await?.click().await?;
    browser.find("#note").await?.send_keys("Prefers mornings").await?;
    browser.find_with_text("button", "Record referral").await?.click().await?;
    let url = browser.wait_for_url_containing("done=recorded").await?;
    let text = browser.page_text().await?;
    // No care-plan endpoint is configured here, so the page must not claim it was sent.
    assert!(
        text.contains("Recorded in Signpost only, not sent to the care plan")
            && text.contains("CP-1234567")
            && text.contains(&name),
        "{text}"
    );
    check_page(browser, Viewport::WIDE, "referral", &mut problems).await?;
    visited.push(("referral", url.path().to_owned()));

    // The list shows it and links to it.
    browser.goto(&session.url("/referrals")).await?;
    browser.find(&format!("a[href='{}']", url.path())).await?;
    check_page(browser, Viewport::WIDE, "list", &mut problems).await?;
    visited.push(("list", "/referrals".to_owned()));

    // Every staff page again on a small phone.
    session.browser.set_viewport(Viewport::NARROW).await?;
    for (page, path) in &visited {
        session.browser.goto(&session.url(path)).await?;
        check_page(&session.browser, Viewport::NARROW, page, &mut problems).await?;
    }

    // A referrals lead opens the team's list and undelivered events, wide and narrow.
    sign_in(&session, "lead@example.org", "/helpline").await?;
    for viewport in [Viewport::WIDE, Viewport::NARROW] {
        session.browser.set_viewport(viewport).await?;
        session.browser.goto(&session.url("/referrals?team=1")).await?;
        session.browser.find_with_text("h1", "Team referrals").await?;
        check_page(&session.browser, viewport, "team list", &mut problems).await?;
        session.browser.goto(&session.url("/referrals/dead-letters?team=1")).await?;
        session.browser.find_with_text("h1", "Undelivered referral events").await?;
        check_page(&session.browser, viewport, "dead letters", &mut problems).await?;
    }

    // Assert
    let stored = store.referrals(10).await?;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].note.as_deref(), Some("Prefers mornings"));
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    session.finish().await
}
