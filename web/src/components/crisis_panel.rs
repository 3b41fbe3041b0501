//! The crisis answer: an NHS.UK emergency care card with the lines to call or text now,
//! shown before any result when the search words say someone is at risk.

use leptos::prelude::*;

use crate::contacts::{current_contacts, dial, Contact, CrisisAnswer};

/// The crisis panel. It leads the page, so its heading is the page's `h1` on the public
/// results page and an `h2` inside the staff helpline page.
#[component]
pub(crate) fn CrisisPanel(
    /// The message and the contacts.
    answer: CrisisAnswer,
    /// Whether the panel's heading is the page's main heading.
    #[prop(optional)]
    main_heading: bool,
) -> impl IntoView {
    let heading = view! {
        <span role="text">
            <span class="nhsuk-u-visually-hidden">"Immediate action required: "</span>
            "Get help now"
        </span>
    };
    let heading = if main_heading {
        view! { <h1 class="nhsuk-card__heading" id="crisis-heading">{heading}</h1> }.into_any()
    } else {
        view! { <h2 class="nhsuk-card__heading" id="crisis-heading">{heading}</h2> }.into_any()
    };
    let items = answer.contacts.into_iter().map(|contact| view! { <ContactItem contact=contact /> }).collect_view();
    let sample = current_contacts().sample_note.clone().map(|note| view! { <p class="nhsuk-body-s">{note}</p> });
    view! {
        <section
            class="nhsuk-card nhsuk-card--care nhsuk-card--care--emergency signpost-crisis-panel"
            aria-labelledby="crisis-heading"
            id="crisis-panel"
        >
            <div class="nhsuk-card__heading-container">
                {heading}
                <span class="nhsuk-card--care__arrow" aria-hidden="true"></span>
            </div>
            <div class="nhsuk-card__content">
                <p>{answer.message}</p>
                <ul class="nhsuk-list signpost-crisis-contacts">{items}</ul>
                {sample}
                <p>"Services that may help are listed below."</p>
            </div>
        </section>
    }
}

/// One contact: name, then call / text links, hours and what they do.
#[component]
pub(crate) fn ContactItem(contact: Contact) -> impl IntoView {
    let name = contact.name.clone();
    let call = contact.phone.clone().map(|phone| {
        view! {
            <a class="signpost-crisis-link" href=format!("tel:{}", dial(&phone))>
                {format!("Call {phone}")}
                <span class="nhsuk-u-visually-hidden">{format!(" ({name})")}</span>
            </a>
            " "
        }
    });
    let name_for_text = contact.name.clone();
    let text = contact.text.clone().map(|number| {
        view! {
            <a class="signpost-crisis-link" href=format!("sms:{}", dial(&number))>
                {format!("Text {number}")}
                <span class="nhsuk-u-visually-hidden">{format!(" ({name_for_text})")}</span>
            </a>
            " "
        }
    });
    let name_for_site = contact.name.clone();
    let site = contact.url.clone().map(|url| {
        view! {
            <a href=url>
                "Website"
                <span class="nhsuk-u-visually-hidden">{format!(" of {name_for_site}")}</span>
            </a>
        }
    });
    let hours = contact.hours.clone().map(|hours| view! { <br /><span class="nhsuk-body-s">{hours}</span> });
    let about = contact.description.clone().map(|about| view! { <br />{about} });
    view! {
        <li>
            <strong>{contact.name}</strong>
            {about}
            {hours}
            <br />
            {call}
            {text}
            {site}
        </li>
    }
}
