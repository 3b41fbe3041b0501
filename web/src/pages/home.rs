//! The home page: the search form and the need areas.

use leptos::prelude::*;

use crate::components::{render_document, NeedTiles, SearchBox, Shell};
use crate::view_model::{NeedOption, SearchForm};

/// Returns the home page as a complete HTML document.
///
/// `shortlist_count` is the number of services on the visitor's shortlist, shown in the header.
pub fn render_home(needs: &[NeedOption], shortlist_count: usize) -> String {
    let needs = needs.to_vec();
    render_document(view! { <HomePage needs=needs shortlist_count=shortlist_count /> })
}

/// "What do you need help with?": the search form, then the need areas as links.
#[component]
pub(crate) fn HomePage(
    /// Needs; the need areas (no parent) become tiles.
    needs: Vec<NeedOption>,
    /// Number of services on the visitor's shortlist.
    shortlist_count: usize,
) -> impl IntoView {
    let has_areas = needs.iter().any(|need| need.parent.is_none());
    view! {
        <Shell title="Find help near you".to_owned() shortlist_count=shortlist_count>
            <h1>"What do you need help with?"</h1>
            <p class="nhsuk-lede-text">
                "Find free and local services for your health, money, home, family and more."
            </p>
            <SearchBox form=SearchForm::default() error=None />
            {has_areas.then(|| view! {
                <section aria-labelledby="areas-title">
                    <h2 class="nhsuk-heading-m" id="areas-title">"Or choose a type of help"</h2>
                    <NeedTiles needs=needs />
                </section>
            })}
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{assert_common_page_parts, sample_needs};

    #[test]
    fn home_page_has_the_layout_search_form_and_need_tiles() {
        // Act
        let html = render_home(&sample_needs(), 2);

        // Assert
        assert_common_page_parts(&html);
        assert!(html.contains("What do you need help with?"));
        assert!(html.contains(r#"action="/search""#));
        assert!(html.contains(r#"name="q""#));
        assert!(html.contains(r#"name="location""#));
        assert!(html.contains(r#"href="/search?need=money""#));
        assert!(html.contains("Money and debt"));
        assert!(!html.contains(r#"href="/search?need=debt-advice""#), "sub-needs are not tiles");
        assert!(html.contains(r#"<form action="/search" method="get" role="search""#));
        assert!(html.contains(r#"id="q""#) && html.contains(r#"id="location""#));
        assert!(html.contains(r#"<button class="nhsuk-button" type="submit">Search</button>"#));
        assert!(html.contains(r#"class="nhsuk-card nhsuk-card--clickable""#));
        assert!(html.contains(r#"<span class="signpost-count">2</span>"#), "shortlist count in the header");
        assert!(html.contains("<title>Find help near you - Signpost"));
    }

    #[test]
    fn home_page_escapes_need_labels() {
        let needs = vec![NeedOption { slug: "a&b".into(), label: "<b>Bold</b>".into(), count: 0, parent: None }];

        let html = render_home(&needs, 0);

        assert!(html.contains("&lt;b&gt;Bold&lt;/b&gt;"));
        assert!(html.contains(r#"href="/search?need=a%26b""#));
    }
}
