//! The need areas shown as large links on the home page.

use leptos::prelude::*;

use crate::query::encode;
use crate::view_model::NeedOption;

/// Links to `/search?need=<slug>` for each need area (entries with no parent).
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
                view! { <span class="tile__count">{format!("{} {noun}", need.count)}</span> }
            });
            view! {
                <li class="tiles__item">
                    <a class="tile" href=href>
                        <span class="tile__label">{need.label}</span>
                        {count}
                    </a>
                </li>
            }
        })
        .collect::<Vec<_>>();
    view! { <ul class="tiles">{tiles}</ul> }
}
