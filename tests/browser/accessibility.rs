//! axe-core's WCAG 2.2 A and AA rules over every page state at 320 px and 1280 px, with one
//! h1 per page and, at 320 px, no sideways scrolling (WCAG 1.4.10 reflow).

use signpost_tests::browser::{describe_violations, states::PageState, Viewport};

use crate::Session;

/// Visits every state at `viewport` and returns one line (or block) per problem found.
async fn problems_at(viewport: Viewport) -> anyhow::Result<Vec<String>> {
    let mut session = Session::start().await?;
    session.browser.set_viewport(viewport).await?;
    let base = session.app.address.clone();
    let browser = &session.browser;
    let mut problems = Vec::new();
    for state in PageState::ALL {
        let name = state.name();
        if let Err(error) = state.open(browser, &base).await {
            problems.push(format!("{name}: could not reach this state: {error:#}"));
            continue;
        }
        let url = browser.current_url().await?;
        let width = browser.inner_width().await?;
        if width != viewport.width {
            problems.push(format!("{name} ({url}): window.innerWidth is {width}, not {}", viewport.width));
        }
        let h1s = browser.h1_count().await?;
        if h1s != 1 {
            problems.push(format!("{name} ({url}): {h1s} h1 elements, not 1"));
        }
        if viewport == Viewport::NARROW {
            if let Some((scroll, inner)) = browser.horizontal_overflow().await? {
                problems.push(format!("{name} ({url}): scrolls sideways: scrollWidth {scroll} > innerWidth {inner}"));
            }
        }
        let violations = browser.axe().await?;
        if !violations.is_empty() {
            problems.push(format!(
                "{name} ({url}): {} axe violations:\n{}",
                violations.len(),
                describe_violations(&violations)
            ));
        }
    }
    session.finish().await?;
    Ok(problems)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_state_at_320px_has_no_axe_violations_one_h1_and_no_sideways_scroll() -> anyhow::Result<()> {
    // Arrange, act
    let problems = problems_at(Viewport::NARROW).await?;

    // Assert
    assert!(problems.is_empty(), "{} problems at 320px:\n{}", problems.len(), problems.join("\n"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_state_at_1280px_has_no_axe_violations_and_one_h1() -> anyhow::Result<()> {
    // Arrange, act
    let problems = problems_at(Viewport::WIDE).await?;

    // Assert
    assert!(problems.is_empty(), "{} problems at 1280px:\n{}", problems.len(), problems.join("\n"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_reports_a_known_violation_so_the_checks_can_fail() -> anyhow::Result<()> {
    // Arrange
    let session = Session::start().await?;
    let page = "data:text/html,<!doctype html><html lang=en><title>t</title><main><img src=x.png></main></html>";
    session.browser.goto(page).await?;

    // Act
    let violations = session.browser.axe().await?;

    // Assert
    assert!(
        violations.iter().any(|violation| violation.id == "image-alt"),
        "an img without alt is reported: {}",
        describe_violations(&violations)
    );
    session.finish().await
}
