//! The "Add to shortlist" / "Remove from shortlist" button, as a small POST form.

use leptos::prelude::*;

/// POST form to `/shortlist/add` or `/shortlist/remove` for one service.
///
/// The visible text is "Add to shortlist"; the service name sits in a visually hidden span,
/// so every button on a results page has its own accessible name.
#[component]
pub(crate) fn ShortlistForm(
    /// Service id.
    id: String,
    /// Service name, read out by screen readers.
    name: String,
    /// True when the service is already on the shortlist (the button removes it).
    shortlisted: bool,
    /// Local path to come back to after the change.
    return_to: String,
) -> impl IntoView {
    let (action, before, after) = if shortlisted {
        ("/shortlist/remove", "Remove", " from shortlist")
    } else {
        ("/shortlist/add", "Add", " to shortlist")
    };
    let button_class = if shortlisted {
        "nhsuk-button nhsuk-button--secondary nhsuk-button--small"
    } else {
        "nhsuk-button nhsuk-button--small"
    };
    view! {
        <form method="post" action=action class="signpost-shortlist-form">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="return_to" value=return_to />
            <button class=button_class type="submit">
                {before}<span class="nhsuk-u-visually-hidden">{format!(" {name}")}</span>{after}
            </button>
        </form>
    }
}
