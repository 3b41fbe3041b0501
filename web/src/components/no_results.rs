//! The panel shown when a search finds nothing, with ways forward.

use leptos::prelude::*;

use crate::components::filters::RADIUS_CHOICES;
use crate::query::search_url;
use crate::view_model::SearchForm;

/// "We could not find any services", with links to search wider or drop filters.
#[component]
pub(crate) fn NoResults(
    /// The search that found nothing.
    form: SearchForm,
) -> impl IntoView {
    let wider = wider_radius(form.radius_km).map(|km| {
        let href = search_url(&SearchForm { radius_km: Some(km), ..form.clone() }, 1);
        view! { <li><a href=href>"Search a wider area"</a></li> }
    });
    let without_filters = form.has_filters().then(|| {
        let href =
            search_url(&SearchForm { q: form.q.clone(), location: form.location.clone(), ..SearchForm::default() }, 1);
        view! { <li><a href=href>"Remove all filters"</a></li> }
    });
    view! {
        <div class="panel panel--grey no-results">
            <h2>"We could not find any services"</h2>
            <p>"You could:"</p>
            <ul class="list list--bullet">
                {wider}
                {without_filters}
                <li>"check the spelling, or use fewer or different words"</li>
                <li><a href="/">"start a new search"</a></li>
                <li>"call the Community Knowledge Service helpline for help finding a service"</li>
            </ul>
            <p>
                "If you need help now, call "<a href="tel:111">"NHS 111"</a>
                " and choose option 2 for mental health, call Samaritans free on "
                <a href="tel:116123">"116 123"</a>", or call "<a href="tel:999">"999"</a>
                " in an emergency."
            </p>
        </div>
    }
}

/// Returns the next bigger distance to offer, or `None` when already at the widest.
fn wider_radius(current: Option<f64>) -> Option<f64> {
    // No distance means the search was not limited by distance, so there is nothing to widen.
    let km = current?;
    RADIUS_CHOICES.iter().map(|(choice, _)| *choice).find(|choice| *choice > km)
}
