//! The "There is a problem" box shown at the top of a page when a form field is wrong.

use leptos::prelude::*;

use crate::view_model::FieldError;

/// NHS.UK error summary linking to the field with the problem.
///
/// `target` is the id the link goes to; it defaults to the field's own id.
#[component]
pub(crate) fn ErrorSummary(
    /// The problem to show.
    error: FieldError,
    /// Id to link to, when it is not `error.field`.
    #[prop(optional)]
    target: Option<String>,
) -> impl IntoView {
    let href = format!("#{}", target.unwrap_or(error.field));
    view! {
        <div class="nhsuk-error-summary" aria-labelledby="error-summary-title" tabindex="-1">
            <div role="alert">
                <h2 class="nhsuk-error-summary__title" id="error-summary-title">"There is a problem"</h2>
                <div class="nhsuk-error-summary__body">
                    <ul class="nhsuk-list nhsuk-error-summary__list">
                        <li><a href=href>{error.message}</a></li>
                    </ul>
                </div>
            </div>
        </div>
    }
}
