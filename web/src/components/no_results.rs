//! The panel shown when a search finds nothing, with ways forward.

use leptos::prelude::*;

use crate::components::filters::RADIUS_CHOICES;
use crate::components::{current_viewer, ContactItem};
use crate::contacts::{current_contacts, dial};
use crate::query::{number, search_url};
use crate::view_model::{NeedOption, SearchForm};

/// "What you can do next": search wider, try related needs, drop filters, call the
/// helpline (its number from configuration), and for staff log an unmet need.
#[component]
pub(crate) fn NoResults(
    /// The search that found nothing.
    form: SearchForm,
    /// Other sub-needs of the same need area.
    related_needs: Vec<NeedOption>,
    /// Whether the crisis answer is already shown above: then the words were not a
    /// mistake, so there is no "check the spelling", and the crisis lines are not repeated.
    #[prop(optional)]
    crisis: bool,
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
    let spelling = (!crisis).then(|| view! { <li>"check the spelling, or use fewer or different words"</li> });
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
    let contacts = current_contacts();
    let helpline = contacts.helpline.clone().map(|helpline| {
        let call = helpline.phone.clone().map(|phone| {
            view! { " on "<a href=format!("tel:{}", dial(&phone))>{phone.clone()}</a> }
        });
        let hours = helpline.hours.clone().map(|hours| view! { " ("{hours}")" });
        view! {
            <p>
                "Call the "{helpline.name.clone()}{call}{hours}
                ". They can help you find a service near you."
            </p>
        }
    });
    let sample = contacts.sample_note.clone().filter(|_| contacts.helpline.is_some()).map(|note| {
        view! { <p class="nhsuk-body-s">{note}</p> }
    });
    let unmet_need = staff_can_log_unmet_needs().then(|| {
        let href = unmet_need_url(&form);
        view! {
            <h3 class="nhsuk-heading-s">"For staff"</h3>
            <p><a href=href>"Log an unmet need"</a>" for this search, so that commissioners know this help is missing."</p>
        }
    });
    let national = (!crisis).then(|| {
        let lines = crate::contacts::national_crisis_contacts()
            .into_iter()
            .map(|contact| view! { <ContactItem contact=contact /> })
            .collect_view();
        view! {
            <p>"If you need help now, these free lines are open day and night:"</p>
            <ul class="nhsuk-list signpost-crisis-contacts">{lines}</ul>
        }
    });
    view! {
        <div class="nhsuk-inset-text signpost-no-results">
            <span class="nhsuk-u-visually-hidden">"Information: "</span>
            <h2 class="nhsuk-heading-m">"What you can do next"</h2>
            <ul class="nhsuk-list nhsuk-list--bullet">
                {wider}
                {without_filters}
                {spelling}
                <li><a href="/">"start a new search"</a></li>
            </ul>
            {related}
            <h3 class="nhsuk-heading-s">"Talk to someone"</h3>
            {helpline}
            {sample}
            {unmet_need}
            {national}
        </div>
    }
}

/// Whether the signed-in person may use the helpline's unmet-need form.
fn staff_can_log_unmet_needs() -> bool {
    current_viewer().is_some_and(|viewer| viewer.links.iter().any(|(href, _)| *href == "/helpline"))
}

/// The helpline's unmet-need form, prefilled with the search's words and need.
pub(crate) fn unmet_need_url(form: &SearchForm) -> String {
    let mut pairs = Vec::new();
    if !form.q.trim().is_empty() {
        pairs.push(format!("q={}", crate::query::encode(form.q.trim())));
    }
    if let Some(need) = form.need.as_deref().filter(|need| !need.is_empty()) {
        pairs.push(format!("need={}", crate::query::encode(need)));
    }
    if pairs.is_empty() {
        "/helpline/unmet-needs/new".to_owned()
    } else {
        format!("/helpline/unmet-needs/new?{}", pairs.join("&"))
    }
}

/// Returns the next bigger distance to offer, or `None` when already at the widest.
fn wider_radius(current: Option<f64>) -> Option<f64> {
    // No distance means the search was not limited by distance, so there is nothing to widen.
    let km = current?;
    RADIUS_CHOICES.iter().map(|(choice, _)| *choice).find(|choice| *choice > km)
}
