//! The panel shown when a search finds nothing, with ways forward.

use leptos::prelude::*;

use crate::components::filters::RADIUS_CHOICES;
use crate::query::{number, search_url};
use crate::view_model::{NeedOption, SearchForm};

/// "We could not find any services": search wider, try related needs, drop filters, or call.
#[component]
pub(crate) fn NoResults(
    /// The search that found nothing.
    form: SearchForm,
    /// Other sub-needs of the same need area.
    related_needs: Vec<NeedOption>,
) -> impl IntoView {
    let wider = wider_radius(form.radius_km).map(|km| {
        let href = search_url(&SearchForm { radius_km: Some(km), ..form.clone() }, 1);
        view! { <li><a href=href>{format!("Search a wider area (up to {} km)", number(km))}</a></li> }
    });
    let without_filters = form.has_filters().then(|| {
        let href =
            search_url(&SearchForm { q: form.q.clone(), location: form.location.clone(), ..SearchForm::default() }, 1);
        view! { <li><a href=href>"Remove all filters"</a></li> }
    });
    let related = (!related_needs.is_empty()).then(|| {
        let links = related_needs
            .into_iter()
            .map(|need| {
                let href = search_url(
                    &SearchForm { need: Some(need.slug), location: form.location.clone(), ..SearchForm::default() },
                    1,
                );
                view! { <li><a href=href>{need.label}</a></li> }
            })
            .collect::<Vec<_>>();
        view! {
            <h3 class="nhsuk-heading-s">"Try a related type of help"</h3>
            <ul class="nhsuk-list nhsuk-list--bullet">{links}</ul>
        }
    });
    view! {
        <div class="nhsuk-inset-text signpost-no-results">
            <span class="nhsuk-u-visually-hidden">"Information: "</span>
            <h2 class="nhsuk-heading-m">"We could not find any services"</h2>
            <p>"You could:"</p>
            <ul class="nhsuk-list nhsuk-list--bullet">
                {wider}
                {without_filters}
                <li>"check the spelling, or use fewer or different words"</li>
                <li><a href="/">"start a new search"</a></li>
            </ul>
            {related}
            <h3 class="nhsuk-heading-s">"Talk to someone"</h3>
            <p>
                "Call the Community Knowledge Service helpline. They can help you find a service near you."
            </p>
            <p>"You can also use these free national lines:"</p>
            <ul class="nhsuk-list nhsuk-list--bullet">
                <li>"NHS 111: call "<a href="tel:111">"111"</a>" (choose option 2 for mental health)"</li>
                <li>"Samaritans: call "<a href="tel:116123">"116 123"</a>" (any time, day or night)"</li>
                <li>"Shout: text SHOUT to "<a href="sms:85258">"85258"</a></li>
                <li>"In an emergency: call "<a href="tel:999">"999"</a></li>
            </ul>
        </div>
    }
}

/// Returns the next bigger distance to offer, or `None` when already at the widest.
fn wider_radius(current: Option<f64>) -> Option<f64> {
    // No distance means the search was not limited by distance, so there is nothing to widen.
    let km = current?;
    RADIUS_CHOICES.iter().map(|(choice, _)| *choice).find(|choice| *choice > km)
}
