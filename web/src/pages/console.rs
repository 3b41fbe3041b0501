//! The curation console's landing page, and the plain notice page used for refusals.

use leptos::prelude::*;

use crate::components::{render_document, Section, Shell};

/// What the console's landing page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsolePage {
    /// The signed-in person's name.
    pub display_name: String,
    /// Their role, as people call it.
    pub role_label: String,
    /// The session's CSRF token, carried by every form.
    pub csrf_token: String,
}

/// Returns the console's landing page as a complete HTML document.
pub fn render_console(page: &ConsolePage) -> String {
    let page = page.clone();
    render_document(view! { <ConsoleView page=page /> })
}

/// Returns a page with a heading and one message (the server picks the status).
pub fn render_notice(title: &str, message: &str) -> String {
    let title = title.to_owned();
    let message = message.to_owned();
    render_document(view! {
        <Shell title=title.clone() shortlist_count=0 section=Section::None>
            <h1>{title}</h1>
            <p>{message}</p>
            <p><a href="/">"Go to the Signpost home page"</a></p>
        </Shell>
    })
}

#[component]
fn ConsoleView(page: ConsolePage) -> impl IntoView {
    view! {
        <Shell title="Console".to_owned() shortlist_count=0 section=Section::None>
            <h1>"Console"</h1>
            <p class="nhsuk-lede-text">
                {format!("Signed in as {} ({})", page.display_name, page.role_label)}
            </p>
            <ul class="nhsuk-list">
                <li><a href="/console/services">"Find records"</a></li>
                <li><a href="/console/services/new">"Add a service"</a></li>
            </ul>
            <form method="post" action="/logout">
                <input type="hidden" name="csrf_token" value=page.csrf_token />
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Sign out"</button>
            </form>
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    #[test]
    fn console_names_the_person_and_signs_out_with_the_csrf_token() {
        let html = render_console(&ConsolePage {
            display_name: "Ann".into(),
            role_label: "Community Knowledge Officer".into(),
            csrf_token: "tok".into(),
        });
        assert_common_page_parts(&html);
        assert!(html.contains("Signed in as Ann (Community Knowledge Officer)"));
        assert!(html.contains(r#"name="csrf_token" value="tok""#));
        assert_common_page_parts(&render_notice("You cannot do this", "No."));
    }
}
