//! The "There is a problem" box shown at the top of a page when a form field is wrong.

use leptos::prelude::*;

use crate::view_model::FieldError;

/// NHS.UK error summary linking to the field with the problem.
#[component]
pub(crate) fn ErrorSummary(
    /// The problem to show.
    error: FieldError,
) -> impl IntoView {
    let href = format!("#{}", error.field);
    view! {
        <div
            class="error-summary"
            aria-labelledby="error-summary-title"
            role="alert"
            tabindex="-1"
        >
            <h2 class="error-summary__title" id="error-summary-title">"There is a problem"</h2>
            <ul class="error-summary__list">
                <li><a href=href>{error.message}</a></li>
            </ul>
        </div>
    }
}
