//! The "Need help now?" banner shown at the top of every page.

use leptos::prelude::*;

/// Shows the crisis phone numbers with `tel:` links.
#[component]
pub(crate) fn CrisisBanner() -> impl IntoView {
    view! {
        <aside class="crisis" id="crisis" aria-label="Urgent help">
            <div class="width-container">
                <p class="crisis__text">
                    <strong>"Need help now?"</strong>
                    " Call "<a href="tel:111">"NHS 111"</a>" and choose option 2 for mental health, "
                    "call Samaritans free on "<a href="tel:116123">"116 123"</a>", "
                    "or call "<a href="tel:999">"999"</a>" in an emergency."
                </p>
            </div>
        </aside>
    }
}
