//! End-to-end journeys in headless Chromium: search, filters, a service page, the shortlist
//! (print view, share link, plain text), problem reports and bad input.

use signpost_tests::browser::states::{
    add_to_shortlist, apply_free_filter, open_first_result, send_report_without_reason, REPORT_TEXT, RESULTS_PATH,
};

use crate::{first_number, query_value, Session};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searching_by_need_and_postcode_lists_services_and_keeps_the_need() -> anyhow::Result<()> {
    // Arrange
    let session = Session::start().await?;
    let browser = &session.browser;
    browser.goto(&session.url("/")).await?;

    // Act: a need tile, then the postcode in the results page's search form.
    browser.find("a[href='/search?need=money']").await?.click().await?;
    browser.wait_for_url_containing("need=money").await?;
    let location = browser.find("form[role=search] #location").await?;
    location.clear().await?;
    location.send_keys("LE1 6ZG").await?;
    browser.find_with_text("form[role=search] button", "Search").await?.click().await?;

    // Assert
    let url = browser.wait_for_url_containing("location=LE1").await?;
    assert_eq!(query_value(&url, "need").as_deref(), Some("money"), "the need is kept: {url}");
    assert_eq!(query_value(&url, "location").as_deref(), Some("LE1 6ZG"), "{url}");
    let results = browser.find_all("li.signpost-result").await?;
    assert!(!results.is_empty(), "money help near LE1 6ZG finds services");
    let count = first_number(&browser.text("#results-count").await?);
    assert!(count.is_some_and(|count| count >= results.len()), "the count heading gives the number: {count:?}");
    assert_eq!(browser.find("#need").await?.prop("value").await?.as_deref(), Some("money"));
    assert_eq!(browser.h1_count().await?, 1);
    session.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applying_filters_narrows_the_results_and_keeps_the_choices() -> anyhow::Result<()> {
    // Arrange
    let session = Session::start().await?;
    let browser = &session.browser;
    browser.goto(&session.url(RESULTS_PATH)).await?;
    let before = first_number(&browser.text("#results-count").await?).expect("a result count");

    // Act: free only, by phone.
    browser.find("input[type=radio][name=delivery][value=phone]").await?.click().await?;
    apply_free_filter(browser).await?;

    // Assert
    let url = browser.wait_for_path("/search").await?;
    assert_eq!(query_value(&url, "free").as_deref(), Some("true"), "{url}");
    assert_eq!(query_value(&url, "delivery").as_deref(), Some("phone"), "{url}");
    assert_eq!(query_value(&url, "q").as_deref(), Some("debt advice"), "the words are kept: {url}");
    let after = first_number(&browser.text("#results-count").await?).expect("a result count");
    assert!(after <= before, "filters narrow the results: {before} then {after}");
    assert!(browser.find("#free").await?.is_selected().await?, "Free stays ticked");
    assert!(
        browser.find("input[type=radio][name=delivery][value=phone]").await?.is_selected().await?,
        "Phone stays chosen"
    );
    session.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_result_opens_its_service_page_with_ways_to_get_in_touch() -> anyhow::Result<()> {
    // Arrange
    let session = Session::start().await?;
    let browser = &session.browser;

    // Act
    let name = open_first_result(browser, &session.app.address).await?;

    // Assert
    let url = browser.wait_for_path("/services/").await?;
    let h1 = browser.text("h1").await?;
    assert!(h1.trim().ends_with(name.trim()), "the h1 names the service {name:?} ({url}): {h1:?}");
    assert!(!browser.find_all("a[href^='tel:']").await?.is_empty(), "the phone number is a tel: link");
    browser.find("form#report").await?;
    browser.find("form.signpost-shortlist-form[action='/shortlist/add']").await?;
    session.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shortlisted_service_is_in_the_list_its_share_link_text_and_print_view() -> anyhow::Result<()> {
    // Arrange
    let session = Session::start().await?;
    let browser = &session.browser;
    let name = open_first_result(browser, &session.app.address).await?;
    let service_url = browser.wait_for_path("/services/").await?;
    let id = service_url.path().trim_start_matches("/services/").to_owned();

    // Act
    add_to_shortlist(browser).await?;

    // Assert: back on the service page, which now offers "Remove".
    let url = browser.wait_for_path("/services/").await?;
    assert_eq!(url.path(), service_url.path(), "adding returns to the page it was added from");
    browser.find("form.signpost-shortlist-form[action='/shortlist/remove'] button").await?;
    let header_link = browser.find_with_text("header a[href='/shortlist']", "shortlist").await?;
    assert_eq!(first_number(&header_link.text().await?), Some(1), "the header counts the shortlist");

    // The list, its plain text and its share link.
    browser.goto(&session.url("/shortlist")).await?;
    assert!(browser.page_text().await?.contains(&name), "the shortlist lists {name}");
    let text = browser.find("textarea#shortlist-text").await?.prop("value").await?.unwrap_or_default();
    assert!(text.contains("Services from Signpost"), "plain text has its header line: {text}");
    assert!(text.contains(&name), "plain text lists {name}: {text}");
    let share = browser.find("a#share-link").await?.prop("href").await?.unwrap_or_default();
    assert!(share.contains(&id), "the share link carries the id {id}: {share}");

    // The print view, reached by its link.
    browser.find("a[href='/shortlist/print']").await?.click().await?;
    browser.wait_for_path("/shortlist/print").await?;
    assert!(browser.page_text().await?.contains(&name), "the print view lists {name}");
    assert_eq!(browser.h1_count().await?, 1);

    // The shared link opens a read-only copy; the .txt version agrees.
    browser.goto(&share).await?;
    assert!(browser.page_text().await?.contains(&name), "the shared list shows {name}");
    browser.goto(&session.url("/shortlist.txt")).await?;
    let plain = browser.page_text().await?;
    assert!(plain.contains(&name) && plain.contains("Services from Signpost"), "shortlist.txt: {plain}");

    // Removing it empties the list.
    browser.goto(&session.url("/shortlist")).await?;
    browser.find("form.signpost-shortlist-form[action='/shortlist/remove'] button").await?.click().await?;
    browser.wait_for_path("/shortlist").await?;
    // The redirect back shows the emptied list; wait for it rather than read the old page.
    let mut removed = false;
    for _ in 0..200 {
        if !browser.page_text().await?.contains(&name) {
            removed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(removed, "{name} was removed");
    session.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_without_a_reason_shows_the_error_summary_and_keeps_the_typed_text() -> anyhow::Result<()> {
    // Arrange
    let session = Session::start().await?;
    let browser = &session.browser;
    open_first_result(browser, &session.app.address).await?;

    // Act
    send_report_without_reason(browser).await?;

    // Assert
    browser.wait_for_path("/services/").await?;
    let summary = browser.find(".nhsuk-error-summary").await?;
    assert!(!summary.find_all(fantoccini::Locator::Css("a[href='#reason']")).await?.is_empty(), "links to the reasons");
    let details = browser.find("textarea#details").await?.prop("value").await?;
    assert_eq!(details.as_deref(), Some(REPORT_TEXT), "the typed text is kept");
    assert_eq!(browser.h1_count().await?, 1);
    assert!(browser.find_all("#report-sent").await?.is_empty(), "no thanks for a report that was not sent");
    session.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_with_a_reason_is_sent_and_thanked() -> anyhow::Result<()> {
    // Arrange
    let session = Session::start().await?;
    let browser = &session.browser;
    open_first_result(browser, &session.app.address).await?;
    let service_url = browser.wait_for_path("/services/").await?;

    // Act
    browser.find("form#report input[name=reason][value=phone]").await?.click().await?;
    browser.find("form#report textarea#details").await?.send_keys(REPORT_TEXT).await?;
    browser.find_with_text("form#report button", "Send report").await?.click().await?;

    // Assert
    let url = browser.wait_for_url_containing("reported=1").await?;
    assert_eq!(url.path(), service_url.path());
    assert_eq!(query_value(&url, "reported").as_deref(), Some("1"), "{url}");
    assert!(browser.find("#report-sent").await?.is_displayed().await?, "the thank-you panel shows");
    session.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_postcode_shows_the_error_summary_and_keeps_what_was_typed() -> anyhow::Result<()> {
    // Arrange
    let session = Session::start().await?;
    let browser = &session.browser;
    browser.goto(&session.url("/")).await?;

    // Act
    browser.find("form[role=search] #q").await?.send_keys("debt advice").await?;
    browser.find("form[role=search] #location").await?.send_keys("ZZ99 9ZZ").await?;
    browser.find_with_text("form[role=search] button", "Search").await?.click().await?;

    // Assert
    browser.wait_for_path("/search").await?;
    let summary = browser.find(".nhsuk-error-summary").await?;
    assert!(!summary.find_all(fantoccini::Locator::Css("a[href='#location']")).await?.is_empty(), "links to the field");
    assert_eq!(browser.find("#location").await?.prop("value").await?.as_deref(), Some("ZZ99 9ZZ"));
    assert_eq!(browser.find("#q").await?.prop("value").await?.as_deref(), Some("debt advice"));
    assert_eq!(browser.h1_count().await?, 1);
    session.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_help_now_is_one_step_away_and_gives_the_crisis_lines() -> anyhow::Result<()> {
    // Arrange
    let session = Session::start().await?;
    let browser = &session.browser;
    open_first_result(browser, &session.app.address).await?;

    // Act
    browser.find_with_text("header a[href='/crisis']", "Get help now").await?.click().await?;

    // Assert
    browser.wait_for_path("/crisis").await?;
    let text = browser.page_text().await?;
    for line in ["111", "116 123", "999"] {
        assert!(text.contains(line), "the crisis page gives {line}");
    }
    assert_eq!(browser.h1_count().await?, 1);
    session.finish().await
}
