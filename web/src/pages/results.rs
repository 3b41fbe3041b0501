//! The search results page: search form, filters, results, pagination or the nothing-found panel.

use leptos::prelude::*;

use crate::components::pagination::page_count;
use crate::components::{
    render_document, CrisisPanel, ErrorSummary, Filters, NoResults, Pagination, ResultCard, SearchBox, Shell,
};
use crate::query::search_url;
use crate::view_model::ResultsPage;

/// Returns the results page as a complete HTML document.
///
/// With `page.error` set the page shows an error summary and keeps what was typed; the results
/// list is left out. The server chooses the HTTP status (for example 400).
pub fn render_results(page: &ResultsPage) -> String {
    let page = page.clone();
    render_document(view! { <SearchResultsPage page=page /> })
}

/// Returns the main heading, such as "42 services near LE1 6ZG", or "No services found for
/// ‘…’" when nothing is (issue 11: say so plainly, then give the next step).
fn heading(page: &ResultsPage) -> String {
    if page.error.is_some() {
        return "Check your search".to_owned();
    }
    let place = page.location_label.as_deref().filter(|label| !label.is_empty());
    if page.total == 0 && page.results.is_empty() {
        let words = page.form.q.trim();
        let what = if words.is_empty() { String::new() } else { format!(" for ‘{words}’") };
        let near = place.map(|place| format!(" near {place}")).unwrap_or_default();
        return format!("No services found{what}{near}");
    }
    let noun = if page.total == 1 { "service" } else { "services" };
    match place {
        Some(place) => format!("{} {noun} near {place}", page.total),
        None => format!("{} {noun} found", page.total),
    }
}

/// The whole results page.
#[component]
pub(crate) fn SearchResultsPage(
    /// What to show.
    page: ResultsPage,
) -> impl IntoView {
    let title_heading = heading(&page);
    let title = match (&page.error, &page.crisis) {
        (Some(_), _) => format!("Error: {title_heading}"),
        (None, Some(_)) => format!("Get help now: {title_heading}"),
        (None, None) => title_heading.clone(),
    };
    let summary = page.error.clone().map(|error| view! { <ErrorSummary error=error /> });
    let searched_for = (page.error.is_none() && !page.form.q.is_empty() && !page.results.is_empty())
        .then(|| view! { <p class="nhsuk-lede-text">"You searched for “"{page.form.q.clone()}"”"</p> });
    // The list comes first, so people on small screens reach the results without scrolling
    // past every filter; this link takes them to the filters.
    let jump_to_filters = (page.error.is_none() && !page.results.is_empty())
        .then(|| view! { <p><a href="#filters">"Filter these results"</a></p> });
    let return_to = if page.return_to.is_empty() { search_url(&page.form, page.page) } else { page.return_to.clone() };
    let listing = page.error.is_none().then(|| {
        if page.results.is_empty() {
            view! {
                <NoResults
                    form=page.form.clone()
                    related_needs=page.related_needs.clone()
                    crisis=page.crisis.is_some()
                />
            }
            .into_any()
        } else {
            let pages = page_count(page.total, page.per_page);
            let cards = page
                .results
                .iter()
                .cloned()
                .map(|item| view! { <ResultCard item=item return_to=return_to.clone() /> })
                .collect::<Vec<_>>();
            view! {
                <ol class="nhsuk-list signpost-results" aria-label="Services">{cards}</ol>
                {(pages > 1).then(|| view! {
                    <Pagination form=page.form.clone() page=page.page pages=pages />
                })}
            }
            .into_any()
        }
    });
    // Someone at risk now sees the crisis answer first (even when the place was not
    // understood); the count becomes a sub-heading.
    let crisis = page.crisis.clone();
    let count_heading = if crisis.is_some() {
        view! { <h2 id="results-count">{title_heading}</h2> }.into_any()
    } else {
        view! { <h1 id="results-count">{title_heading}</h1> }.into_any()
    };
    let crisis = crisis.map(|answer| view! { <CrisisPanel answer=answer main_heading=true /> });
    view! {
        <Shell title=title shortlist_count=page.shortlist_count>
            {summary}
            {crisis}
            {count_heading}
            {searched_for}
            <SearchBox form=page.form.clone() error=page.error.clone() keep_filters=true />
            {jump_to_filters}
            <div class="nhsuk-grid-row">
                <div class="nhsuk-grid-column-two-thirds">{listing}</div>
                <div class="nhsuk-grid-column-one-third">
                    <Filters form=page.form.clone() needs=page.needs.clone() error=page.error.clone() />
                </div>
            </div>
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{assert_common_page_parts, attr, sample_needs, tags};
    use std::sync::Arc;

    use crate::components::{with_viewer, Viewer};
    use crate::contacts::{national_crisis_contacts, with_contacts, Contact, CrisisAnswer, LocalContacts};
    use crate::view_model::{FieldError, NeedOption, ResultItem, SearchForm};

    fn item(n: usize) -> ResultItem {
        ResultItem {
            id: format!("svc-{n}"),
            name: format!("Service {n}"),
            organisation: "Helping Hands".into(),
            summary: "Free advice about money.".into(),
            distance_km: Some(1.23),
            need_labels: vec!["Debt advice".into()],
            free: true,
            open_now: Some(true),
            assured_date: None,
            checked_ago: Some("checked 3 months ago".into()),
            url: format!("/services/svc-{n}"),
            phone: Some("0116 123 4567".into()),
            today: Some("Open today 9am to 5pm".into()),
            cost: "Free".into(),
            shortlisted: n == 2,
        }
    }

    fn page_with(form: SearchForm, results: Vec<ResultItem>, total: usize) -> ResultsPage {
        ResultsPage {
            form,
            location_label: Some("LE1 6ZG".into()),
            total,
            page: 2,
            per_page: 10,
            results,
            needs: sample_needs(),
            error: None,
            related_needs: Vec::new(),
            shortlist_count: 1,
            return_to: "/search?q=food&page=2".into(),
            crisis: None,
        }
    }

    fn filtered_form() -> SearchForm {
        SearchForm {
            q: "food & drink".into(),
            location: "LE1 6ZG".into(),
            radius_km: Some(5.0),
            need: Some("debt-advice".into()),
            age: Some(16),
            free: true,
            open_now: true,
            delivery: Some("phone".into()),
            audiences: vec!["carers".into()],
        }
    }

    #[test]
    fn results_page_lists_services_with_their_facts() {
        // Arrange
        let page = page_with(filtered_form(), vec![item(1), item(2)], 42);

        // Act
        let html = render_results(&page);

        // Assert
        assert_common_page_parts(&html);
        assert!(html.contains("42 services near LE1 6ZG"));
        assert!(html.contains(r#"<h1 id="results-count">42 services near LE1 6ZG</h1>"#));
        assert_eq!(html.matches(r#"<li class="signpost-result nhsuk-card">"#).count(), 2);
        assert!(html.contains(r#"<a href="/services/svc-1" class="signpost-result__link">Service 1</a>"#));
        assert!(html.contains("Open today 9am to 5pm"));
        assert!(html.contains(r#"href="tel:01161234567""#));
        assert!(html.contains(r#"<form method="post" action="/shortlist/add" class="signpost-shortlist-form">"#));
        assert!(html.contains(r#"Add<span class="nhsuk-u-visually-hidden"> Service 1</span> to shortlist"#));
        assert!(html.contains(r#"action="/shortlist/remove""#), "service 2 is on the shortlist");
        assert!(html.contains(r#"Remove<span class="nhsuk-u-visually-hidden"> Service 2</span> from shortlist"#));
        assert!(html.contains(r#"name="return_to" value="/search?q=food&amp;page=2""#));
        assert!(html.contains("1.2 km away"));
        assert!(html.contains("Open now"));
        assert!(html.contains("Free"));
        assert!(html.contains("Checked 3 months ago"));
        assert!(html.contains("Page 2 of 5"));
    }

    #[test]
    fn results_page_hides_unknown_distance_and_opening() {
        let mut unknown = item(1);
        unknown.distance_km = None;
        unknown.open_now = None;
        unknown.free = false;
        unknown.today = None;
        unknown.cost = String::new();
        let mut page = page_with(SearchForm::default(), vec![unknown], 1);
        page.location_label = None;

        let html = render_results(&page);

        assert!(html.contains("1 service found"));
        assert!(!html.contains("away"));
        assert!(!html.contains("Open now</li>"));
        assert!(!html.contains("Closed now"));
        assert!(html.contains("There may be a cost"));
    }

    #[test]
    fn results_page_prefills_the_forms_and_selects_the_filters() {
        let html = render_results(&page_with(filtered_form(), vec![item(1)], 1));

        assert!(html.contains(r#"value="food &amp; drink""#));
        assert!(html.contains(r#"<option value="debt-advice" selected>"#));
        assert!(html.contains(r#"<option value="5" selected>"#));
        assert!(html.contains(r#"value="16""#));
        let checked: Vec<_> = tags(&html, "input")
            .into_iter()
            .filter(|tag| tag.contains(" checked"))
            .filter_map(|tag| attr(tag, "id"))
            .collect();
        assert_eq!(checked, ["free", "open_now", "audience-carers", "delivery-phone"]);
        assert!(html.contains("<optgroup label=\"Money and debt\">"));
        assert!(html.contains("Debt advice (5)"));
        assert!(html.contains(r#"<label for="free" class="nhsuk-label nhsuk-checkboxes__label">Free only</label>"#));
        assert!(html.contains(r#"<form action="/search" method="get" role="search""#));
        assert!(html.contains("Apply filters"));
    }

    #[test]
    fn pagination_links_keep_every_filter() {
        let html = render_results(&page_with(filtered_form(), vec![item(1)], 42));

        let expected = "q=food%20%26%20drink&amp;location=LE1%206ZG&amp;radius_km=5\
                        &amp;need=debt-advice&amp;age=16&amp;free=true&amp;open_now=true\
                        &amp;delivery=phone&amp;audience=carers";
        assert!(
            html.contains(&format!(r#"href="/search?{expected}" rel="prev""#)),
            "previous link goes to page 1 with every field: {html}"
        );
        assert!(html.contains(&format!(r#"href="/search?{expected}&amp;page=3" rel="next""#)));
    }

    #[test]
    fn user_text_is_escaped() {
        let form = SearchForm {
            q: "<script>alert(1)</script>".into(),
            location: "\"><script>".into(),
            ..SearchForm::default()
        };

        let html = render_results(&page_with(form, vec![item(1)], 1));

        assert!(!html.contains("<script>"), "no raw script tag");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains(r#"value="&quot;&gt;&lt;script&gt;""#));
    }

    #[test]
    fn error_shows_a_summary_and_keeps_what_was_typed() {
        // Arrange
        let form = SearchForm { q: "food bank".into(), location: "LE99 ZZZ".into(), ..SearchForm::default() };
        let mut page = page_with(form, Vec::new(), 0);
        page.error = Some(FieldError {
            field: "location".into(),
            message: "Enter a real postcode or town, like LE1 6ZG or Loughborough".into(),
        });

        // Act
        let html = render_results(&page);

        // Assert
        assert_common_page_parts(&html);
        assert!(html.contains("<title>Error: "));
        assert!(html.contains(r#"role="alert""#));
        assert!(html.contains(r#"tabindex="-1""#));
        assert!(html.contains("There is a problem"));
        assert!(html.contains(r##"<a href="#location">Enter a real postcode"##));
        let location =
            tags(&html, "input").into_iter().find(|tag| attr(tag, "id") == Some("location")).unwrap_or_default();
        assert_eq!(attr(location, "value"), Some("LE99 ZZZ"));
        assert_eq!(attr(location, "aria-invalid"), Some("true"));
        assert_eq!(attr(location, "aria-describedby"), Some("location-hint location-error"));
        assert!(html.contains(r#"id="location-error""#));
        assert!(!html.contains("What you can do next"));
    }

    #[test]
    fn radius_error_marks_the_distance_list() {
        let mut page = page_with(SearchForm::default(), Vec::new(), 0);
        page.error = Some(FieldError { field: "radius_km".into(), message: "Choose a distance from the list".into() });

        let html = render_results(&page);

        let select =
            tags(&html, "select").into_iter().find(|tag| attr(tag, "id") == Some("radius_km")).unwrap_or_default();
        assert_eq!(attr(select, "aria-invalid"), Some("true"));
        assert_eq!(attr(select, "aria-describedby"), Some("radius_km-error"));
        assert!(html.contains(r##"<a href="#radius_km">"##));
    }

    fn crisis_answer() -> CrisisAnswer {
        CrisisAnswer { message: "Call 999 now.".into(), contacts: national_crisis_contacts() }
    }

    #[test]
    fn the_crisis_panel_comes_before_any_result_and_leads_the_page() {
        let mut page = page_with(SearchForm { q: "want to die".into(), ..SearchForm::default() }, vec![item(1)], 1);
        page.crisis = Some(crisis_answer());

        let html = render_results(&page);

        assert_common_page_parts(&html);
        let panel = html.find(r#"id="crisis-panel""#).expect("a crisis panel");
        assert!(panel < html.find("signpost-result nhsuk-card").expect("a result"), "panel first");
        let main_heading = tags(&html, "h1").into_iter().next().and_then(|tag| attr(tag, "id"));
        assert_eq!(main_heading, Some("crisis-heading"), "the panel leads");
        assert!(html.contains(r#"<h2 id="results-count">1 service near LE1 6ZG</h2>"#));
        assert!(html.contains("<title>Get help now: "));
        for link in ["tel:999", "tel:111", "tel:116123", "sms:85258"] {
            assert!(html.contains(&format!(r#"href="{link}""#)), "{link}");
        }
    }

    #[test]
    fn the_crisis_panel_with_nothing_found_never_asks_to_check_the_spelling() {
        let mut page = page_with(SearchForm { q: "kms".into(), ..SearchForm::default() }, Vec::new(), 0);
        page.crisis = Some(crisis_answer());

        let html = render_results(&page);

        assert!(html.contains(r#"id="crisis-panel""#));
        assert!(html.contains("No services found for ‘kms’"));
        assert!(!html.contains("check the spelling"));
    }

    #[tokio::test]
    async fn nothing_found_gives_the_configured_helpline_and_staff_a_prefilled_unmet_need() {
        let contacts = LocalContacts {
            helpline: Some(Contact {
                name: "Community Knowledge Service helpline".into(),
                phone: Some("0116 496 0123".into()),
                ..Contact::default()
            }),
            ..LocalContacts::default()
        };
        let staff = Viewer { links: vec![("/helpline", "Helpline")], csrf_token: "tok".into() };
        let form = SearchForm { q: "lunch club".into(), need: Some("befriending".into()), ..SearchForm::default() };
        let page = page_with(form, Vec::new(), 0);

        let html = with_contacts(Arc::new(contacts), with_viewer(Some(staff), async { render_results(&page) })).await;

        assert!(
            html.contains(
                r#"Call the Community Knowledge Service helpline on <a href="tel:01164960123">0116 496 0123</a>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<a href="/helpline/unmet-needs/new?q=lunch%20club&amp;need=befriending">Log an unmet need</a>"#
            ),
            "{html}"
        );
    }

    #[test]
    fn nothing_found_shows_the_help_panel() {
        let mut page = page_with(filtered_form(), Vec::new(), 0);
        page.related_needs = vec![NeedOption {
            slug: "benefits".into(),
            label: "Benefits advice".into(),
            count: 3,
            parent: Some("money".into()),
        }];

        let html = render_results(&page);

        assert_common_page_parts(&html);
        assert!(html.contains(r#"<h1 id="results-count">No services found for ‘food &amp; drink’ near LE1 6ZG</h1>"#));
        assert!(html.contains("What you can do next"));
        assert!(html.contains("check the spelling"));
        assert!(html.contains("Search a wider area"));
        assert!(html.contains("radius_km=10"), "wider link goes to the next distance");
        assert!(
            html.contains(r#"<a href="/search?q=food%20%26%20drink&amp;location=LE1%206ZG">Remove all filters</a>"#)
        );
        assert!(!html.contains("helpline"), "no helpline is named when none is configured");
        assert!(!html.contains("Log an unmet need"), "only for signed-in staff");
        assert!(html.contains(r#"href="tel:116123""#));
        assert!(html.contains(r#"href="sms:85258""#));
        assert!(html.contains(r#"<a href="/search?location=LE1%206ZG&amp;need=benefits">Benefits advice</a>"#));
        assert!(!html.contains("Page 1 of"));
    }
}
