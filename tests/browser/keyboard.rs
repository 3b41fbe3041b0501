//! A keyboard-only journey: skip link, search, results, a service page, with visible focus on
//! every control reached by Tab.

use fantoccini::key::Key;
use signpost_tests::browser::Browser;

use crate::Session;

/// Presses Tab until the focused element matches `css` (at most `limit` times), checking that
/// every element focused on the way shows it has focus. Returns the problems with focus seen.
async fn tab_to(browser: &Browser, css: &str, limit: usize) -> anyhow::Result<Vec<String>> {
    let mut invisible = Vec::new();
    let mut path = Vec::new();
    for _ in 0..limit {
        browser.press(Key::Tab).await?;
        let focused = browser.focused().await?;
        let description = browser.describe(&focused).await?;
        let (with_focus, without) = browser.focus_styles(&focused).await?;
        if with_focus == without {
            invisible.push(format!("no visible focus on {description}: {with_focus}"));
        }
        path.push(description);
        let matches: bool = browser
            .eval_with(
                "return arguments[0].matches(arguments[1])",
                vec![serde_json::json!(focused), serde_json::json!(css)],
            )
            .await?;
        if matches {
            return Ok(invisible);
        }
    }
    anyhow::bail!("{limit} Tabs did not reach {css}; focus went to:\n  {}", path.join("\n  "))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keyboard_user_skips_to_content_searches_and_opens_a_result() -> anyhow::Result<()> {
    // Arrange
    let session = Session::start().await?;
    let browser = &session.browser;
    browser.goto(&session.url("/")).await?;
    let mut problems = Vec::new();

    // Act, assert: the skip link comes first and moves focus to main.
    browser.press(Key::Tab).await?;
    let first = browser.focused().await?;
    let first_description = browser.describe(&first).await?;
    let is_skip_link: bool = browser
        .eval_with(
            "return arguments[0].matches('a.nhsuk-skip-link[href=\"#maincontent\"]')",
            vec![serde_json::json!(first)],
        )
        .await?;
    assert!(is_skip_link, "the first Tab reaches the skip link, not {first_description}");
    let (with_focus, without) = browser.focus_styles(&first).await?;
    assert_ne!(with_focus, without, "the skip link shows focus");
    browser.press(Key::Enter).await?;
    let focused_id: String = browser.eval("return document.activeElement.id").await?;
    if focused_id != "maincontent" {
        // Without JavaScript, <main> needs tabindex="-1" to take focus from the skip link.
        problems.push(format!("the skip link moves focus to <main id=maincontent>, not to #{focused_id:?}"));
    }

    // The search form, by keyboard.
    problems.extend(tab_to(browser, "#q", 20).await?);
    browser.type_text("debt advice").await?;
    problems.extend(tab_to(browser, "#location", 5).await?);
    browser.type_text("LE1 6ZG").await?;
    browser.press(Key::Enter).await?;
    let url = browser.wait_for_path("/search").await?;
    assert!(url.as_str().contains("LE1"), "Enter submits the search: {url}");

    // The first result, by keyboard.
    problems.extend(tab_to(browser, "a.signpost-result__link", 120).await?);
    let name = browser.focused().await?.text().await?;
    browser.press(Key::Enter).await?;
    browser.wait_for_path("/services/").await?;
    let h1 = browser.text("h1").await?;
    assert!(h1.trim().ends_with(name.trim()), "Enter on the result opens its page, not {h1:?}");

    assert!(problems.is_empty(), "keyboard problems:\n{}", problems.join("\n"));
    session.finish().await
}
