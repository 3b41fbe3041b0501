//! The "Get help now" page: the numbers to call or text in a crisis.

use leptos::prelude::*;

use crate::components::{render_document, ContactItem, Section, Shell};
use crate::contacts::{current_contacts, dial, national_crisis_contacts, Contact};

/// Returns the crisis page as a complete HTML document.
pub fn render_crisis(shortlist_count: usize) -> String {
    render_document(view! { <CrisisPage shortlist_count=shortlist_count /> })
}

/// "Get help now": 999, NHS 111 option 2, Samaritans and Shout, then the configured local
/// crisis contacts (the same ones the search's crisis answer gives).
#[component]
pub(crate) fn CrisisPage(
    /// Number of services on the visitor's shortlist.
    shortlist_count: usize,
) -> impl IntoView {
    // 999 has its own emergency card above; the other national lines get a card each.
    let options = national_crisis_contacts()
        .into_iter()
        .skip(1)
        .map(|contact| view! { <CrisisOption contact=contact /> })
        .collect_view();
    let contacts = current_contacts();
    let local_contacts = contacts.local_crisis_contacts();
    let local = (!local_contacts.is_empty()).then(|| {
        let items = local_contacts.into_iter().map(|contact| view! { <ContactItem contact=contact /> }).collect_view();
        let sample = contacts.sample_note.clone().map(|note| view! { <p class="nhsuk-body-s">{note}</p> });
        view! {
            <h2>"Local help in Leicester, Leicestershire and Rutland"</h2>
            <ul class="nhsuk-list signpost-crisis-contacts">{items}</ul>
            {sample}
        }
    });
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
            <div class="nhsuk-card-group signpost-crisis-options">{options}</div>
            {local}
            <p>"If you are not in danger now, you can "<a href="/">"find a service near you"</a>"."</p>
        </Shell>
    }
}

/// One crisis line as an NHS.UK card with a large link.
#[component]
fn CrisisOption(contact: Contact) -> impl IntoView {
    let title = contact.name.clone();
    let (href, action) = match (&contact.phone, &contact.text) {
        (Some(phone), _) => (format!("tel:{}", dial(phone)), format!("Call {phone}")),
        (None, Some(text)) => (format!("sms:{}", dial(text)), format!("Text {text}")),
        (None, None) => (contact.url.clone().unwrap_or_default(), "Website".to_owned()),
    };
    let text = [contact.description.clone(), contact.hours.clone()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    view! {
        <div class="nhsuk-grid-column-one-third nhsuk-card-group__item">
            <div class="nhsuk-card">
                <div class="nhsuk-card__content">
                    <h2 class="nhsuk-card__heading nhsuk-heading-m">{title.clone()}</h2>
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
        assert!(!html.contains("Local help"), "no local contacts configured");
    }

    #[tokio::test]
    async fn crisis_page_and_banner_show_the_configured_local_contacts() {
        let local =
            |name: &str, phone: &str| Contact { name: name.into(), phone: Some(phone.into()), ..Contact::default() };
        let contacts = crate::contacts::LocalContacts {
            central_access_point: Some(local("Central Access Point", "0116 496 0456")),
            crisis: vec![local("Crisis café", "0116 496 0789")],
            sample_note: Some("Sample numbers.".into()),
            ..Default::default()
        };

        let html = crate::contacts::with_contacts(std::sync::Arc::new(contacts), async { render_crisis(0) }).await;

        assert!(html.contains("Local help in Leicester, Leicestershire and Rutland"));
        assert!(html.contains(r#"href="tel:01164960789""#) && html.contains("Crisis café"));
        assert!(html.contains("Sample numbers."));
        let banner = html.find("Need help now?").expect("banner");
        assert!(html[banner..].contains(r#"call the Central Access Point on <a href="tel:01164960456">"#), "{html}");
    }
}
