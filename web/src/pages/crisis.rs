//! The "Get help now" page: the numbers to call or text in a crisis.

use leptos::prelude::*;

use crate::components::{render_document, Section, Shell};

/// Returns the crisis page as a complete HTML document.
pub fn render_crisis(shortlist_count: usize) -> String {
    render_document(view! { <CrisisPage shortlist_count=shortlist_count /> })
}

/// "Get help now": 999, NHS 111 option 2, Samaritans and Shout.
#[component]
pub(crate) fn CrisisPage(
    /// Number of services on the visitor's shortlist.
    shortlist_count: usize,
) -> impl IntoView {
    view! {
        <Shell title="Get help now".to_owned() shortlist_count=shortlist_count section=Section::Crisis>
            <h1>"Get help now"</h1>
            <p class="nhsuk-lede-text">"If you are struggling, you do not have to cope alone. These services are free."</p>
            <div class="nhsuk-card nhsuk-card--care nhsuk-card--care--emergency">
                <div class="nhsuk-card__heading-container">
                    <h2 class="nhsuk-card__heading">
                        <span role="text">
                            <span class="nhsuk-u-visually-hidden">"Immediate action required: "</span>
                            "Call 999 if someone's life is at risk"
                        </span>
                    </h2>
                    <span class="nhsuk-card--care__arrow" aria-hidden="true"></span>
                </div>
                <div class="nhsuk-card__content">
                    <p>"For example, if someone has seriously hurt themselves or taken an overdose."</p>
                    <p><a class="signpost-crisis-link" href="tel:999">"Call 999"</a></p>
                </div>
            </div>
            <div class="nhsuk-card-group signpost-crisis-options">
                <CrisisOption
                    title="NHS 111"
                    text="For urgent help with your mental health, call 111 and choose option 2. Open day and night."
                    href="tel:111"
                    action="Call 111"
                />
                <CrisisOption
                    title="Samaritans"
                    text="Talk to someone about anything that is upsetting you. Open day and night, every day."
                    href="tel:116123"
                    action="Call 116 123"
                />
                <CrisisOption
                    title="Shout"
                    text="If you would rather text than talk, text SHOUT to 85258. Open day and night."
                    href="sms:85258"
                    action="Text 85258"
                />
            </div>
            <p>"If you are not in danger now, you can "<a href="/">"find a service near you"</a>"."</p>
        </Shell>
    }
}

/// One crisis line as an NHS.UK card with a large link.
#[component]
fn CrisisOption(title: &'static str, text: &'static str, href: &'static str, action: &'static str) -> impl IntoView {
    view! {
        <div class="nhsuk-grid-column-one-third nhsuk-card-group__item">
            <div class="nhsuk-card">
                <div class="nhsuk-card__content">
                    <h2 class="nhsuk-card__heading nhsuk-heading-m">{title}</h2>
                    <p class="nhsuk-card__description">{text}</p>
                    <p><a class="signpost-crisis-link" href=href>{action}<span class="nhsuk-u-visually-hidden">{format!(" ({title})")}</span></a></p>
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    #[test]
    fn crisis_page_links_every_line() {
        let html = render_crisis(1);

        assert_common_page_parts(&html);
        assert!(html.contains("<h1>Get help now</h1>"));
        for href in ["tel:999", "tel:111", "tel:116123", "sms:85258"] {
            assert!(html.contains(&format!("href=\"{href}\"")), "link {href}");
        }
        assert!(html.contains("option 2"));
        assert!(html.contains(r#"aria-current="page""#));
    }
}
