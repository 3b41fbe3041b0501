//! One service in the results list.

use leptos::prelude::*;

use crate::components::ShortlistForm;
use crate::text::{capitalise, format_km, tel_href};
use crate::view_model::ResultItem;

/// Name (as a link), organisation, summary, key facts and the shortlist button of one service.
#[component]
pub(crate) fn ResultCard(
    /// The service to show.
    item: ResultItem,
    /// The results page's own path and query, for the shortlist form.
    return_to: String,
) -> impl IntoView {
    let distance = item.distance_km.map(|km| view! { <li>{format!("{} away", format_km(km))}</li> });
    // Open or closed is said in words, never by colour alone.
    let open = match (item.open_now, item.today.clone()) {
        (Some(true), today) => Some(
            view! {
                <li><strong class="signpost-open">"Open now"</strong>{today.map(|text| format!(" - {text}"))}</li>
            }
            .into_any(),
        ),
        (Some(false), today) => Some(
            view! {
                <li><strong>"Closed now"</strong>{today.map(|text| format!(" - {text}"))}</li>
            }
            .into_any(),
        ),
        (None, Some(today)) => Some(view! { <li>{today}</li> }.into_any()),
        (None, None) => None,
    };
    let cost = if item.cost.trim().is_empty() {
        if item.free {
            "Free".to_owned()
        } else {
            "There may be a cost".to_owned()
        }
    } else {
        item.cost.clone()
    };
    let phone = item.phone.clone().map(|phone| {
        let href = tel_href(&phone);
        view! {
            <li>
                "Phone: "
                <a href=href>
                    <span class="nhsuk-u-visually-hidden">{format!("{}, ", item.name)}</span>
                    {phone}
                </a>
            </li>
        }
    });
    let needs = (!item.need_labels.is_empty()).then(
        || view! { <p class="nhsuk-body-s signpost-result__needs">"Helps with: "{item.need_labels.join(", ")}</p> },
    );
    let checked = item
        .checked_ago
        .clone()
        .map(|text| view! { <p class="nhsuk-body-s signpost-result__checked">{capitalise(&text)}</p> });
    view! {
        <li class="signpost-result nhsuk-card">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading nhsuk-heading-m">
                    <a class="signpost-result__link" href=item.url.clone()>{item.name.clone()}</a>
                </h2>
                <p class="signpost-result__org">{item.organisation.clone()}</p>
                <p class="signpost-result__summary">{item.summary.clone()}</p>
                <ul class="nhsuk-list signpost-result__facts">
                    {distance}
                    {open}
                    <li>{cost}</li>
                    {phone}
                </ul>
                {needs}
                {checked}
                <ShortlistForm
                    id=item.id.clone()
                    name=item.name.clone()
                    shortlisted=item.shortlisted
                    return_to=return_to
                />
            </div>
        </li>
    }
}
