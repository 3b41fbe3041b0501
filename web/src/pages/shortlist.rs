//! The shortlist page, its print view and its plain-text version.

use leptos::prelude::*;

use crate::components::{render_document, Section, Shell, ShortlistForm, TextArea};
use crate::pages::service::OpeningHours;
use crate::query::encode;
use crate::text::{tel_href, website_href};
use crate::view_model::{ShortlistItem, ShortlistPage};

/// First line of the plain-text shortlist.
const PLAIN_TEXT_HEADER: &str = "Services from Signpost (NHS Leicester, Leicestershire and Rutland)";

/// Returns the shortlist page as a complete HTML document.
pub fn render_shortlist(page: &ShortlistPage) -> String {
    let page = page.clone();
    render_document(view! { <ShortlistView page=page /> })
}

/// Returns the print view of a shortlist: every contact detail, no forms.
pub fn render_shortlist_print(page: &ShortlistPage) -> String {
    let page = page.clone();
    render_document(view! { <ShortlistPrintView page=page /> })
}

/// Returns the shortlist as plain text for a text message or email.
///
/// A header line, then for each service its name, organisation, phone numbers, address,
/// website and link, with a blank line between services. `/shortlist.txt` and the copy box
/// on the shortlist page both use this, so they always agree.
pub fn shortlist_plain_text(items: &[ShortlistItem]) -> String {
    let mut text = String::from(PLAIN_TEXT_HEADER);
    text.push('\n');
    for item in items {
        text.push('\n');
        let mut lines = vec![item.name.trim().to_owned()];
        if !item.organisation.trim().is_empty() {
            lines.push(item.organisation.trim().to_owned());
        }
        lines.extend(item.phones.iter().map(|phone| format!("Phone: {}", phone.trim())));
        if let Some(address) = item.address.as_deref().filter(|address| !address.trim().is_empty()) {
            lines.push(format!("Address: {}", address.trim()));
        }
        if let Some(website) = item.website.as_deref().filter(|website| !website.trim().is_empty()) {
            lines.push(format!("Website: {}", website.trim()));
        }
        lines.push(format!("More details: {}", item.url));
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

/// Returns `?ids=a,b` for a shared list, or nothing for the visitor's own list.
fn ids_query(page: &ShortlistPage) -> String {
    if !page.shared {
        return String::new();
    }
    let ids = page.ids.iter().map(|id| encode(id)).collect::<Vec<_>>().join(",");
    format!("?ids={ids}")
}

/// Returns "1 service" or "3 services".
fn services(count: usize) -> String {
    let noun = if count == 1 { "service" } else { "services" };
    format!("{count} {noun}")
}

/// The shortlist page: the services, then ways to share, copy and print the list.
#[component]
pub(crate) fn ShortlistView(
    /// What to show.
    page: ShortlistPage,
) -> impl IntoView {
    let heading = if page.shared { "Services someone shared with you" } else { "Your shortlist" };
    if page.items.is_empty() {
        return view! {
            <Shell title=heading.to_owned() shortlist_count=page.shortlist_count section=Section::Shortlist>
                <h1>{heading}</h1>
                <EmptyShortlist shared=page.shared />
            </Shell>
        }
        .into_any();
    }
    let query = ids_query(&page);
    let print_href = format!("/shortlist/print{query}");
    let text_href = format!("/shortlist.txt{query}");
    let intro = if page.shared {
        format!("Someone sent you a list of {}. You can save them to your own shortlist.", services(page.items.len()))
    } else {
        format!("You have saved {}. The list is kept in this browser only.", services(page.items.len()))
    };
    let save_form = page.shared.then(|| {
        view! {
            <form method="post" action="/shortlist/save" class="signpost-save-form">
                <input type="hidden" name="ids" value=page.ids.join(",") />
                <button class="nhsuk-button" type="submit">"Save to my shortlist"</button>
            </form>
        }
    });
    let record = page.record_href.clone().map(|href| view! { <p><a href=href>"Record in care plan"</a></p> });
    let shared = page.shared;
    let cards = page
        .items
        .iter()
        .cloned()
        .map(|item| view! { <ShortlistCard item=item removable=!shared /> })
        .collect::<Vec<_>>();
    view! {
        <Shell title=heading.to_owned() shortlist_count=page.shortlist_count section=Section::Shortlist>
            <h1>{heading}</h1>
            <p class="nhsuk-lede-text">{intro}</p>
            {save_form}
            {record}
            <ul class="nhsuk-list signpost-shortlist">{cards}</ul>
            <section aria-labelledby="share-title" class="signpost-share">
                <h2 class="nhsuk-heading-m" id="share-title">"Share or keep this list"</h2>
                <h3 class="nhsuk-heading-s">"Send a link"</h3>
                <p>"Anyone with this link can see the list:"</p>
                <p class="signpost-share__link">
                    <a id="share-link" href=page.share_url.clone()>{page.share_url.clone()}</a>
                </p>
                <h3 class="nhsuk-heading-s">"Copy as text"</h3>
                <div class="nhsuk-form-group">
                    <label class="nhsuk-label" for="shortlist-text">
                        "Copy this text into a text message or email"
                    </label>
                    <TextArea
                        id="shortlist-text"
                        value=page.plain_text.clone()
                        rows=8
                        readonly=true
                        extra_class="signpost-share__text"
                    />
                </div>
                <p><a href=text_href>"Download the list as a text file"</a></p>
                <h3 class="nhsuk-heading-s">"Print"</h3>
                <p><a href=print_href>"Print this list"</a></p>
            </section>
        </Shell>
    }
    .into_any()
}

/// What to do when the shortlist is empty.
#[component]
fn EmptyShortlist(shared: bool) -> impl IntoView {
    let text = if shared {
        "This link has no services in it. The services may have closed, or the link may be cut short."
    } else {
        "You have not saved any services yet. Use the \"Add to shortlist\" button on a service to keep it here."
    };
    view! {
        <div class="nhsuk-inset-text">
            <span class="nhsuk-u-visually-hidden">"Information: "</span>
            <p>{text}</p>
        </div>
        <p><a href="/">"Find a service"</a></p>
    }
}

/// One saved service with its contact details and, on the visitor's own list, a remove button.
#[component]
fn ShortlistCard(item: ShortlistItem, removable: bool) -> impl IntoView {
    let remove = removable.then(|| {
        view! {
            <ShortlistForm
                id=item.id.clone()
                name=item.name.clone()
                shortlisted=true
                return_to="/shortlist".to_owned()
            />
        }
    });
    view! {
        <li class="nhsuk-card signpost-shortlist__item">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading nhsuk-heading-m">
                    <a href=item.url.clone()>{item.name.clone()}</a>
                </h2>
                <p class="signpost-result__org">{item.organisation.clone()}</p>
                <p>{item.summary.clone()}</p>
                <ContactLines item=item.clone() />
                {remove}
            </div>
        </li>
    }
}

/// Phone numbers, address and website as a list of links.
#[component]
fn ContactLines(item: ShortlistItem) -> impl IntoView {
    let phones = item
        .phones
        .iter()
        .map(|phone| {
            let href = tel_href(phone);
            view! {
                <li>
                    "Phone: "
                    <a href=href>
                        <span class="nhsuk-u-visually-hidden">{format!("{}, ", item.name)}</span>
                        {phone.clone()}
                    </a>
                </li>
            }
        })
        .collect::<Vec<_>>();
    let address = item.address.clone().map(|address| view! { <li>"Address: "{address}</li> });
    let website = item.website.clone().map(|site| match website_href(&site) {
        Some(href) => view! { <li>"Website: "<a class="signpost-print-url" href=href>{site}</a></li> }.into_any(),
        None => view! { <li>"Website: "{site}</li> }.into_any(),
    });
    view! { <ul class="nhsuk-list signpost-contact">{phones}{address}{website}</ul> }
}

/// The print view: a clean list with every contact detail and opening times.
#[component]
pub(crate) fn ShortlistPrintView(
    /// What to show.
    page: ShortlistPage,
) -> impl IntoView {
    let back_href = format!("/shortlist{}", ids_query(&page));
    let empty = page.items.is_empty().then(|| view! { <p>"There are no services on this list."</p> });
    let items = page
        .items
        .into_iter()
        .map(|item| {
            let caption = format!("Opening times for {}", item.name);
            view! {
                <li class="signpost-print__item">
                    <h2 class="nhsuk-heading-m">{item.name.clone()}</h2>
                    <p class="signpost-result__org">{item.organisation.clone()}</p>
                    <p>{item.summary.clone()}</p>
                    <ContactLines item=item.clone() />
                    <OpeningHours hours=item.opening_hours.clone() caption=caption />
                    <p class="nhsuk-body-s">"More details: "{item.url.clone()}</p>
                </li>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <Shell title="Print your shortlist".to_owned() shortlist_count=page.shortlist_count section=Section::Shortlist>
            <div class="signpost-print">
                <p class="signpost-no-print">
                    "Use your browser's print button to print this page. "
                    <a href=back_href>"Back to the shortlist"</a>
                </p>
                <h1>"Services from Signpost"</h1>
                <p>"NHS Leicester, Leicestershire and Rutland. Please call before you go: times can change."</p>
                {empty}
                <ol class="nhsuk-list signpost-print__list">{items}</ol>
            </div>
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{assert_common_page_parts, attr, tags};

    fn item(n: usize) -> ShortlistItem {
        ShortlistItem {
            id: format!("id-{n}"),
            name: format!("Service <{n}>"),
            organisation: "Helping Hands".into(),
            summary: "Free advice about money.".into(),
            phones: vec!["0116 123 4567".into()],
            address: Some("1 High Street, Leicester LE1 1AA".into()),
            website: Some("https://example.org".into()),
            opening_hours: vec![("Monday".into(), "9am to 5pm".into())],
            url: format!("https://signpost.example/services/id-{n}"),
        }
    }

    fn page(items: Vec<ShortlistItem>, shared: bool) -> ShortlistPage {
        let ids = items.iter().map(|item| item.id.clone()).collect::<Vec<_>>();
        ShortlistPage {
            plain_text: shortlist_plain_text(&items),
            share_url: format!("https://signpost.example/shortlist?ids={}", ids.join(",")),
            items,
            shared,
            ids,
            shortlist_count: 2,
            record_href: None,
        }
    }

    #[test]
    fn shortlist_page_lists_services_with_remove_buttons_and_ways_to_share() {
        // Act
        let html = render_shortlist(&page(vec![item(1), item(2)], false));

        // Assert
        assert_common_page_parts(&html);
        assert!(html.contains("<h1>Your shortlist</h1>"));
        assert_eq!(html.matches(r#"action="/shortlist/remove""#).count(), 2);
        assert!(
            html.contains(r#"Remove<span class="nhsuk-u-visually-hidden"> Service &lt;1&gt;</span> from shortlist"#)
        );
        assert!(html.contains(r#"name="return_to" value="/shortlist""#));
        assert!(html.contains(r#"id="share-link""#));
        assert!(html.contains("https://signpost.example/shortlist?ids=id-1,id-2</a>"));
        let textarea = tags(&html, "textarea").into_iter().next().unwrap_or_default();
        assert_eq!(attr(textarea, "id"), Some("shortlist-text"));
        assert!(textarea.contains(" readonly"), "copy box is read only: {textarea}");
        assert!(html.contains(r#"for="shortlist-text">Copy this text into a text message or email</label>"#));
        assert!(html.contains("Services from Signpost (NHS Leicester, Leicestershire and Rutland)\n"));
        assert!(html.contains("\nService &lt;1&gt;\n"), "text in the copy box is escaped");
        assert!(html.contains(r#"<a href="/shortlist/print">Print this list</a>"#));
        assert!(html.contains(r#"href="/shortlist.txt""#));
        assert!(html.contains(r#"href="tel:01161234567""#));
        assert!(!html.contains("Save to my shortlist"));
        assert!(!html.contains("<script"), "no script and no raw names");
    }

    #[test]
    fn shared_shortlist_offers_to_save_and_keeps_the_ids_in_links() {
        let html = render_shortlist(&page(vec![item(1), item(2)], true));

        assert_common_page_parts(&html);
        assert!(html.contains("Services someone shared with you"));
        assert!(html.contains(r#"<form method="post" action="/shortlist/save""#));
        assert!(html.contains(r#"name="ids" value="id-1,id-2""#));
        assert!(html.contains(r#"href="/shortlist/print?ids=id-1,id-2""#));
        assert!(html.contains(r#"href="/shortlist.txt?ids=id-1,id-2""#));
        assert!(!html.contains(r#"action="/shortlist/remove""#), "a shared list is read only");
    }

    #[test]
    fn empty_shortlist_says_how_to_add_services() {
        let html = render_shortlist(&page(Vec::new(), false));

        assert_common_page_parts(&html);
        assert!(html.contains("You have not saved any services yet."));
        assert!(!html.contains("shortlist-text"));
    }

    #[test]
    fn print_view_has_every_contact_detail_and_no_forms() {
        let html = render_shortlist_print(&page(vec![item(1)], false));

        assert_common_page_parts(&html);
        assert!(!html.contains("<form"), "no forms");
        assert!(html.contains("Service &lt;1&gt;"));
        assert!(html.contains(r#"href="tel:01161234567""#));
        assert!(html.contains("1 High Street, Leicester LE1 1AA"));
        assert!(html.contains(r#"href="https://example.org" class="signpost-print-url""#));
        assert!(html.contains("Opening times for Service &lt;1&gt;"));
        assert!(html.contains("More details: https://signpost.example/services/id-1"));
    }

    #[test]
    fn plain_text_lists_each_service_with_a_blank_line_between() {
        let mut second = item(2);
        second.phones.push("07700 900123".into());
        second.address = None;
        second.website = None;

        let text = shortlist_plain_text(&[item(1), second]);

        assert_eq!(
            text,
            "Services from Signpost (NHS Leicester, Leicestershire and Rutland)\n\
             \n\
             Service <1>\n\
             Helping Hands\n\
             Phone: 0116 123 4567\n\
             Address: 1 High Street, Leicester LE1 1AA\n\
             Website: https://example.org\n\
             More details: https://signpost.example/services/id-1\n\
             \n\
             Service <2>\n\
             Helping Hands\n\
             Phone: 0116 123 4567\n\
             Phone: 07700 900123\n\
             More details: https://signpost.example/services/id-2\n"
        );
    }
}
