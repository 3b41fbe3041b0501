//! The home page: the search form and the need areas.

use leptos::prelude::*;

use crate::components::{render_document, NeedTiles, SearchBox, Shell};
use crate::view_model::{NeedOption, SearchForm};

/// Returns the home page as a complete HTML document.
pub fn render_home(needs: &[NeedOption]) -> String {
    let needs = needs.to_vec();
    render_document(view! { <HomePage needs=needs /> })
}

/// "What do you need help with?": the search form, then the need areas as links.
#[component]
pub(crate) fn HomePage(
    /// Needs; the need areas (no parent) become tiles.
    needs: Vec<NeedOption>,
) -> impl IntoView {
    let has_areas = needs.iter().any(|need| need.parent.is_none());
    view! {
        <Shell title="Find help near you".to_owned()>
            <h1>"What do you need help with?"</h1>
            <p class="lede">
                "Find free and local services for your health, money, home, family and more."
            </p>
            <SearchBox form=SearchForm::default() error=None />
            {has_areas.then(|| view! {
                <section aria-labelledby="areas-title">
                    <h2 id="areas-title">"Or choose a type of help"</h2>
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
        let html = render_home(&sample_needs());

        // Assert
        assert_common_page_parts(&html);
        assert!(html.contains("What do you need help with?"));
        assert!(html.contains(r#"action="/search""#));
        assert!(html.contains(r#"name="q""#));
        assert!(html.contains(r#"name="location""#));
        assert!(html.contains(r#"href="/search?need=money""#));
        assert!(html.contains("Money and debt"));
        assert!(!html.contains(r#"href="/search?need=debt-advice""#), "sub-needs are not tiles");
    }

    #[test]
    fn home_page_escapes_need_labels() {
        let needs = vec![NeedOption { slug: "a&b".into(), label: "<b>Bold</b>".into(), count: 0, parent: None }];

        let html = render_home(&needs);

        assert!(html.contains("&lt;b&gt;Bold&lt;/b&gt;"));
        assert!(html.contains(r#"href="/search?need=a%26b""#));
    }
}
