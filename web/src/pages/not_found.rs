//! The "Page not found" page.

use leptos::prelude::*;

use crate::components::{render_document, Section, Shell};

/// Returns the not-found page as a complete HTML document (the server sends it with 404).
pub fn render_not_found() -> String {
    render_document(view! { <NotFoundPage /> })
}

/// "Page not found" with a way back home.
#[component]
pub(crate) fn NotFoundPage() -> impl IntoView {
    view! {
        <Shell title="Page not found".to_owned() shortlist_count=0 section=Section::None>
            <h1>"Page not found"</h1>
            <p>"If you typed the web address, check it is correct."</p>
            <p>"If you pasted the web address, check you copied the entire address."</p>
            <p><a href="/">"Go to the Signpost home page to search for services"</a></p>
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    #[test]
    fn not_found_page_has_a_heading_and_a_link_home() {
        let html = render_not_found();

        assert_common_page_parts(&html);
        assert!(html.contains("<h1>Page not found</h1>"));
        assert!(html.contains(r#"<a href="/">"#));
    }
}
