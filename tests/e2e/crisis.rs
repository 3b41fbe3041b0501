//! The crisis answer and honest empty results over HTTP (issue 11): at-risk words lead the
//! results page and the staff helpline with the crisis panel and fill the API's `crisis`
//! field, hard negatives do not; an empty result says "No services found for ‘…’" with
//! the configured helpline number, and offers staff a prefilled "Log an unmet need".
//! Local contacts come from the configured file on every page that tells people to call.

use reqwest::StatusCode;
use serde_json::Value;
use signpost_server::auth::Role;
use signpost_tests::{
    people::{get_as, person},
    AppOptions, Backend, TestApp, TestData,
};

/// A contacts file with numbers no other page or record uses (Ofcom drama range).
const CONTACTS: &str = r#"
[helpline]
name = "Test knowledge helpline"
phone = "0116 496 0911"
hours = "Weekdays 9 to 5"

[central_access_point]
name = "Test access point"
phone = "0116 496 0922"

[[crisis]]
name = "Test crisis cafe"
phone = "0116 496 0933"
url = "https://cafe.example.org/"
"#;

/// Starts an app with the test contacts; `sample_data: false` gives an empty directory.
async fn app_with_contacts(sample_data: bool) -> anyhow::Result<(TestData, TestApp)> {
    let data = TestData::new(Backend::Sqlite).await?;
    let file = data.dir.path().join("contacts.toml");
    std::fs::write(&file, CONTACTS)?;
    let options = AppOptions { sample_data, contacts_file: Some(file), ..AppOptions::default() };
    let app = TestApp::spawn(&data, options).await?;
    Ok((data, app))
}

fn search_path(words: &str) -> String {
    format!("/search?q={}", url::form_urlencoded::byte_serialize(words.as_bytes()).collect::<String>())
}

async fn page(app: &TestApp, path: &str) -> anyhow::Result<String> {
    let (status, html) = app.get_text(path).await?;
    assert_eq!(status, StatusCode::OK, "{path}");
    Ok(html)
}

#[tokio::test]
async fn at_risk_words_lead_the_results_with_the_crisis_panel_and_hard_negatives_do_not() -> anyhow::Result<()> {
    let (_data, app) = app_with_contacts(true).await?;

    for words in ["i want to end it all", "my son wants to die", "kms", "he is hitting me now", "took too many tablets"]
    {
        let html = page(&app, &search_path(words)).await?;
        let panel = html.find(r#"id="crisis-panel""#).unwrap_or_else(|| panel_missing(words, &html));
        let count = html.find(r#"id="results-count""#).unwrap_or(usize::MAX);
        assert!(panel < count, "{words}: the panel comes before the results");
        if let Some(first_result) = html.find(r#"class="signpost-result "#) {
            assert!(panel < first_result, "{words}: the panel comes before any result");
        }
        for link in ["tel:999", "tel:111", "tel:116123", "sms:85258", "tel:01164960922", "tel:01164960933"] {
            assert!(html.contains(&format!(r#"href="{link}""#)), "{words}: {link}");
        }
        assert!(!html.contains("check the spelling"), "{words}");
    }

    for words in
        ["debt is killing me", "my husband died", "killing weeds", "end of life care", "domestic abuse support group"]
    {
        let html = page(&app, &search_path(words)).await?;
        assert!(!html.contains("crisis-panel"), "{words} is an ordinary search");
    }
    app.stop().await
}

fn panel_missing(words: &str, html: &str) -> usize {
    panic!("{words}: no crisis panel in {html}")
}

#[tokio::test]
async fn the_api_gives_a_crisis_object_for_at_risk_words_and_null_otherwise() -> anyhow::Result<()> {
    let (_data, app) = app_with_contacts(true).await?;

    let body = app.search("q=my+daughter+is+self+harming").await?;
    let crisis = &body["crisis"];
    assert!(crisis["message"].as_str().is_some_and(|m| m.contains("999")), "{crisis}");
    let contacts = crisis["contacts"].as_array().cloned().unwrap_or_default();
    let field = |index: usize, name: &str| contacts.get(index).map_or(Value::Null, |c| c[name].clone());
    assert_eq!(field(0, "phone"), "999");
    assert_eq!(field(1, "phone"), "111");
    assert_eq!(field(2, "phone"), "116 123");
    assert_eq!(field(3, "text"), "85258");
    assert_eq!(field(3, "phone"), Value::Null, "absent fields are null");
    assert_eq!(field(4, "name"), "Test access point");
    assert_eq!(field(4, "url"), Value::Null);
    assert_eq!(field(5, "url"), "https://cafe.example.org/");
    for contact in &contacts {
        let mut keys: Vec<&String> = contact.as_object().map(|o| o.keys().collect()).unwrap_or_default();
        keys.sort();
        assert_eq!(keys, ["hours", "name", "phone", "text", "url"], "every contact has the same fields");
    }

    let ordinary = app.search("q=debt+is+killing+me").await?;
    assert_eq!(ordinary.get("crisis"), Some(&Value::Null), "the field is there, and null");
    app.stop().await
}

#[tokio::test]
async fn nothing_found_says_so_and_gives_the_helpline_number_and_staff_an_unmet_need() -> anyhow::Result<()> {
    // An empty directory: every search finds nothing.
    let (_data, app) = app_with_contacts(false).await?;
    assert_eq!(app.search("q=lunch+club").await?["total"], 0);

    let html = page(&app, "/search?q=lunch+club").await?;
    assert!(html.contains("No services found for ‘lunch club’"), "{html}");
    assert!(html.contains("Test knowledge helpline") && html.contains(r#"href="tel:01164960911""#), "{html}");
    assert!(html.contains("check the spelling"), "an ordinary search may have a typo");
    assert!(!html.contains("Log an unmet need"), "only for signed-in staff");

    // At-risk words that find nothing: the panel, and never "check the spelling".
    let html = page(&app, &search_path("cant go on anymore")).await?;
    assert!(html.contains(r#"id="crisis-panel""#) && html.contains("No services found"), "{html}");
    assert!(!html.contains("check the spelling"), "{html}");

    let staff = person(&app, Role::Staff).await?;
    let (_, html) = get_as(&app, &staff, "/search?q=lunch+club&need=befriending").await?;
    let link = "/helpline/unmet-needs/new?q=lunch%20club&amp;need=befriending";
    assert!(html.contains(link), "staff get a prefilled link: {html}");
    let (status, form) = get_as(&app, &staff, "/helpline/unmet-needs/new?q=lunch%20club&need=befriending").await?;
    assert_eq!(status, StatusCode::OK);
    // The words are carried (however the form escapes the quotes round them).
    assert!(
        form.contains("Searched Signpost for ") && form.contains("lunch club&quot;, no services found")
            || form.contains(r#"Searched Signpost for "lunch club", no services found"#),
        "{form}"
    );
    assert!(form.contains(r#"value="/search?q=lunch+club&amp;need=befriending""#), "the search is carried: {form}");

    let (_, helpline) = get_as(&app, &staff, "/helpline?q=lunch+club").await?;
    assert!(helpline.contains("No services found for ‘lunch club’"), "{helpline}");
    assert!(helpline.contains("/helpline/unmet-needs/new?q=lunch%20club"), "{helpline}");
    let (_, helpline) = get_as(&app, &staff, "/helpline?q=i+want+to+kill+myself").await?;
    assert!(helpline.contains(r#"id="crisis-panel""#) && helpline.contains("tel:01164960933"), "{helpline}");
    app.stop().await
}

#[tokio::test]
async fn the_crisis_page_and_the_banner_use_the_configured_contacts() -> anyhow::Result<()> {
    let (_data, app) = app_with_contacts(true).await?;
    let crisis = page(&app, "/crisis").await?;
    for link in ["tel:999", "tel:111", "tel:116123", "sms:85258", "tel:01164960922", "tel:01164960933"] {
        assert!(crisis.contains(&format!(r#"href="{link}""#)), "/crisis: {link}");
    }
    let home = page(&app, "/").await?;
    assert!(home.contains("Test access point") && home.contains(r#"href="tel:01164960922""#), "the banner");
    app.stop().await?;

    // The default is the sample file, which says it is sample data.
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions { sample_data: false, ..AppOptions::default() }).await?;
    let crisis = page(&app, "/crisis").await?;
    assert!(crisis.contains("(sample)") && crisis.contains("Sample contact details"), "{crisis}");
    app.stop().await
}
