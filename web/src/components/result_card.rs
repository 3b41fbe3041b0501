//! One service in the results list.

use leptos::prelude::*;

use crate::text::{capitalise, format_km};
use crate::view_model::ResultItem;

/// Name (as a link), organisation, summary and key facts of one service.
#[component]
pub(crate) fn ResultCard(
    /// The service to show.
    item: ResultItem,
) -> impl IntoView {
    let distance = item.distance_km.map(|km| view! { <li>{format!("{} away", format_km(km))}</li> });
    let open = item.open_now.map(|open| {
        if open {
            view! { <li class="tag tag--green">"Open now"</li> }.into_any()
        } else {
            view! { <li class="tag tag--grey">"Closed now"</li> }.into_any()
        }
    });
    let cost = if item.free { "Free" } else { "There may be a cost" };
    let needs = (!item.need_labels.is_empty())
        .then(|| view! { <p class="result__needs">"Helps with: "{item.need_labels.join(", ")}</p> });
    let checked = item.checked_ago.map(|text| view! { <p class="result__checked">{capitalise(&text)}</p> });
    view! {
        <li class="result">
            <h2 class="result__name"><a href=item.url>{item.name}</a></h2>
            <p class="result__org">{item.organisation}</p>
            <p>{item.summary}</p>
            {needs}
            <ul class="result__facts">
                {distance}
                {open}
                <li>{cost}</li>
            </ul>
            {checked}
        </li>
    }
}
