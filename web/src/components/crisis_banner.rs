//! The "Need help now?" banner shown under the header on every page.

use leptos::prelude::*;

/// Shows the crisis phone numbers as `tel:` links and links to the crisis page.
#[component]
pub(crate) fn CrisisBanner() -> impl IntoView {
    view! {
        <aside class="signpost-crisis" aria-label="Urgent help">
            <div class="nhsuk-width-container">
                <p class="signpost-crisis__text">
                    <strong>"Need help now?"</strong>
                    " Call "<a href="tel:111">"NHS 111"</a>" and choose option 2 for mental health, "
                    "or call Samaritans free on "<a href="tel:116123">"116 123"</a>". "
                    "In an emergency call "<a href="tel:999">"999"</a>". "
                    <a href="/crisis">"More ways to get help now"</a>
                </p>
            </div>
        </aside>
    }
}
