//! The need areas shown as NHS.UK clickable cards on the home page.

use leptos::prelude::*;

use crate::query::encode;
use crate::view_model::NeedOption;

/// Cards linking to `/search?need=<slug>` for each need area (entries with no parent).
#[component]
pub(crate) fn NeedTiles(
    /// All needs; only the need areas are shown.
    needs: Vec<NeedOption>,
) -> impl IntoView {
    let tiles = needs
        .into_iter()
        .filter(|need| need.parent.is_none())
        .map(|need| {
            let href = format!("/search?need={}", encode(&need.slug));
            let count = (need.count > 0).then(|| {
                let noun = if need.count == 1 { "service" } else { "services" };
                view! { <p class="nhsuk-card__description">{format!("{} {noun}", need.count)}</p> }
            });
            view! {
                <li class="nhsuk-grid-column-one-third nhsuk-card-group__item">
                    <div class="nhsuk-card nhsuk-card--clickable">
                        <div class="nhsuk-card__content">
                            <h3 class="nhsuk-card__heading nhsuk-heading-s">
                                <a class="nhsuk-card__link" href=href>{need.label}</a>
                            </h3>
                            {count}
                        </div>
                    </div>
                </li>
            }
        })
        .collect::<Vec<_>>();
    view! { <ul class="nhsuk-card-group signpost-tiles">{tiles}</ul> }
}
