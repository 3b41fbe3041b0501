//! The "Need help now?" banner shown under the header on every page.

use leptos::prelude::*;

use crate::contacts::{current_contacts, dial};

/// Shows the crisis phone numbers as `tel:` links, the configured central access point
/// when there is one, and links to the crisis page.
#[component]
pub(crate) fn CrisisBanner() -> impl IntoView {
    let local = current_contacts().central_access_point.clone().and_then(|contact| {
        let phone = contact.phone?;
        Some(view! {
            "For mental health help in Leicester, Leicestershire and Rutland, call the "{contact.name}" on "
            <a href=format!("tel:{}", dial(&phone))>{phone.clone()}</a>". "
        })
    });
    view! {
        <aside class="signpost-crisis" aria-label="Urgent help">
            <div class="nhsuk-width-container">
                <p class="signpost-crisis__text">
                    <strong>"Need help now?"</strong>
                    " Call "<a href="tel:111">"NHS 111"</a>" and choose option 2 for mental health, "
                    "or call Samaritans free on "<a href="tel:116123">"116 123"</a>". "
                    {local}
                    "In an emergency call "<a href="tel:999">"999"</a>". "
                    <a href="/crisis">"More ways to get help now"</a>
                </p>
            </div>
        </aside>
    }
}
