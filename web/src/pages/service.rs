//! The service page: everything a person needs to contact and reach one service.

use leptos::prelude::*;

use crate::components::{render_document, Shell};
use crate::text::{capitalise, directions_href, tel_href, website_href};
use crate::view_model::ServicePage;

/// Returns the service page as a complete HTML document.
pub fn render_service(page: &ServicePage) -> String {
    let page = page.clone();
    render_document(view! { <ServiceDetailsPage page=page /> })
}

/// Splits plain text into paragraphs on blank lines.
fn paragraphs(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                found.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        found.push(current.join(" "));
    }
    found
}

/// The whole service page.
#[component]
pub(crate) fn ServiceDetailsPage(
    /// What to show.
    page: ServicePage,
) -> impl IntoView {
    let alert = page.alert.map(|text| {
        view! {
            <div class="warning-callout">
                <h2 class="warning-callout__label">
                    <span role="text"><span class="visually-hidden">"Important: "</span>"Please note"</span>
                </h2>
                <p>{text}</p>
            </div>
        }
    });
    let description = paragraphs(&page.description).into_iter().map(|text| view! { <p>{text}</p> }).collect::<Vec<_>>();
    view! {
        <Shell title=page.name.clone()>
            <h1>{page.name.clone()}<span class="caption">{page.organisation.clone()}</span></h1>
            {alert}
            {description}
            <Contact phones=page.phones website=page.website email=page.email />
            <Addresses addresses=page.addresses />
            <OpeningHours hours=page.opening_hours />
            <Section title="Cost" text=page.fees />
            <Section title="Who it is for" text=page.eligibility />
            <Section title="How to get help" text=page.how_to_access />
            <ListSection title="Languages" items=page.languages />
            <ListSection title="Helps with" items=page.need_labels />
            {page.checked_ago.map(|text| view! {
                <p class="checked">{format!("{}.", capitalise(&text))}</p>
            })}
            <p><a href="/">"Search for other services"</a></p>
        </Shell>
    }
}

/// Phone numbers, website and email, as links.
#[component]
fn Contact(phones: Vec<String>, website: Option<String>, email: Option<String>) -> impl IntoView {
    if phones.is_empty() && website.is_none() && email.is_none() {
        return None;
    }
    let phone_items = phones
        .into_iter()
        .map(|phone| {
            let href = tel_href(&phone);
            view! { <li>"Phone: "<a href=href>{phone}</a></li> }
        })
        .collect::<Vec<_>>();
    let website_item = website.map(|site| match website_href(&site) {
        Some(href) => view! { <li>"Website: "<a href=href>{site}</a></li> }.into_any(),
        None => view! { <li>"Website: "{site}</li> }.into_any(),
    });
    let email_item = email.map(|address| {
        let href = format!("mailto:{}", address.trim());
        view! { <li>"Email: "<a href=href>{address}</a></li> }
    });
    Some(view! {
        <section class="panel" aria-labelledby="contact-title">
            <h2 id="contact-title">"Contact"</h2>
            <ul class="list contact">{phone_items}{website_item}{email_item}</ul>
        </section>
    })
}

/// Addresses, each with a "Get directions" link.
#[component]
fn Addresses(addresses: Vec<String>) -> impl IntoView {
    if addresses.is_empty() {
        return None;
    }
    let items = addresses
        .into_iter()
        .map(|address| {
            let href = directions_href(&address);
            view! {
                <li class="address">
                    <p>{address.clone()}</p>
                    <p>
                        <a href=href>
                            "Get directions"<span class="visually-hidden">{format!(" to {address}")}</span>
                            " (opens Google Maps)"
                        </a>
                    </p>
                </li>
            }
        })
        .collect::<Vec<_>>();
    Some(view! {
        <section aria-labelledby="address-title">
            <h2 id="address-title">"Where to go"</h2>
            <ul class="list">{items}</ul>
        </section>
    })
}

/// The opening times table.
#[component]
fn OpeningHours(hours: Vec<(String, String)>) -> impl IntoView {
    if hours.is_empty() {
        return None;
    }
    let rows = hours
        .into_iter()
        .map(|(day, times)| view! { <tr><th scope="row">{day}</th><td>{times}</td></tr> })
        .collect::<Vec<_>>();
    Some(view! {
        <table class="table">
            <caption class="table__caption">"Opening times"</caption>
            <thead>
                <tr><th scope="col">"Day"</th><th scope="col">"Times"</th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    })
}

/// A heading and a paragraph, left out when there is no text.
#[component]
fn Section(title: &'static str, text: Option<String>) -> impl IntoView {
    text.filter(|text| !text.trim().is_empty()).map(|text| {
        view! {
            <h2>{title}</h2>
            <p>{text}</p>
        }
    })
}

/// A heading and a list, left out when the list is empty.
#[component]
fn ListSection(title: &'static str, items: Vec<String>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        let entries = items.into_iter().map(|item| view! { <li>{item}</li> }).collect::<Vec<_>>();
        view! {
            <h2>{title}</h2>
            <ul class="list list--bullet">{entries}</ul>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    fn sample() -> ServicePage {
        ServicePage {
            id: "svc-1".into(),
            name: "Carers <Support> Group".into(),
            organisation: "Helping Hands".into(),
            description: "First paragraph\nstill first.\n\nSecond paragraph.".into(),
            alert: Some("Closed on bank holidays".into()),
            phones: vec!["0116 123 4567".into()],
            website: Some("www.example.org".into()),
            email: Some("help@example.org".into()),
            addresses: vec!["1 High Street, Leicester LE1 1AA".into()],
            opening_hours: vec![("Monday".into(), "9am to 5pm".into())],
            fees: Some("Free".into()),
            eligibility: Some("Adults who look after someone".into()),
            how_to_access: Some("Phone us or just turn up".into()),
            languages: vec!["English".into(), "Gujarati".into()],
            need_labels: vec!["Carers".into()],
            checked_ago: Some("checked 3 months ago".into()),
        }
    }

    #[test]
    fn service_page_shows_every_section() {
        // Act
        let html = render_service(&sample());

        // Assert
        assert_common_page_parts(&html);
        assert!(html.contains("<h1>Carers &lt;Support&gt; Group"));
        assert!(html.contains("Closed on bank holidays"));
        assert!(html.contains("<p>First paragraph still first.</p><p>Second paragraph.</p>"));
        assert!(html.contains(r#"<a href="tel:01161234567">0116 123 4567</a>"#));
        assert!(html.contains(r#"<a href="https://www.example.org">www.example.org</a>"#));
        assert!(html.contains(r#"<a href="mailto:help@example.org">"#));
        assert!(html.contains(
            "https://www.google.com/maps/dir/?api=1&amp;destination=1%20High%20Street%2C%20Leicester%20LE1%201AA"
        ));
        assert!(html.contains(r#"<caption class="table__caption">Opening times</caption>"#));
        assert!(html.contains("<th scope=\"row\">Monday</th><td>9am to 5pm</td>"));
        assert!(html.contains("Who it is for"));
        assert!(html.contains("Gujarati"));
        assert!(html.contains("Checked 3 months ago."));
    }

    #[test]
    fn service_page_leaves_out_empty_sections() {
        let page = ServicePage {
            alert: None,
            phones: Vec::new(),
            website: None,
            email: None,
            addresses: Vec::new(),
            opening_hours: Vec::new(),
            fees: None,
            languages: Vec::new(),
            checked_ago: None,
            ..sample()
        };

        let html = render_service(&page);

        assert_common_page_parts(&html);
        for absent in ["Contact", "Opening times", "Cost", "Languages", "Please note", "Checked"] {
            assert!(!html.contains(absent), "{absent} should be left out");
        }
    }

    #[test]
    fn service_page_does_not_link_unsafe_websites() {
        let page = ServicePage { website: Some("javascript:alert(1)".into()), ..sample() };

        let html = render_service(&page);

        assert!(!html.contains("href=\"javascript:"));
        assert!(html.contains("Website: javascript:alert(1)"));
    }
}
