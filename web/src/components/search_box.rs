//! The main search form: what the person is looking for and where.

use leptos::prelude::*;

use crate::components::TextField;
use crate::query::number;
use crate::view_model::{FieldError, SearchForm};

/// GET form to `/search` with the `q` and `location` fields.
///
/// With `keep_filters`, the chosen filters travel along as hidden fields, so a new search
/// keeps them (they stay visible and changeable in the filter form).
#[component]
pub(crate) fn SearchBox(
    /// Values to put back in the fields.
    form: SearchForm,
    /// A problem with `q` or `location`, shown next to that field.
    #[prop(optional_no_strip)]
    error: Option<FieldError>,
    /// Sends the current filters with the search.
    #[prop(optional)]
    keep_filters: bool,
) -> impl IntoView {
    let error_for =
        |field: &str| error.as_ref().filter(|problem| problem.field == field).map(|problem| problem.message.clone());
    let q_error = error_for("q");
    let location_error = error_for("location");
    let hidden = keep_filters.then(|| view! { <HiddenFilters form=form.clone() /> });
    view! {
        <form
            class="signpost-search"
            action="/search"
            method="get"
            role="search"
            aria-label="Search for services"
        >
            <TextField
                id="q"
                label="What are you looking for?"
                hint="For example, food bank, counselling or carers group"
                value=form.q
                error=q_error
                label_class="nhsuk-label--s"
            />
            <TextField
                id="location"
                label="Where? Postcode or town"
                hint="For example, LE1 6ZG or Loughborough"
                value=form.location
                error=location_error
                width_class="nhsuk-input--width-10"
                label_class="nhsuk-label--s"
            />
            {hidden}
            <button class="nhsuk-button" type="submit">"Search"</button>
        </form>
    }
}

/// Hidden copies of the filter values, for forms that do not show the filters themselves.
#[component]
pub(crate) fn HiddenFilters(
    /// Form whose filters are copied.
    form: SearchForm,
) -> impl IntoView {
    let radius = form.radius_km.map(number);
    let age = form.age.map(|age| age.to_string());
    view! {
        {radius.map(|value| view! { <input type="hidden" name="radius_km" value=value /> })}
        {form.need.map(|value| view! { <input type="hidden" name="need" value=value /> })}
        {age.map(|value| view! { <input type="hidden" name="age" value=value /> })}
        {form.free.then(|| view! { <input type="hidden" name="free" value="true" /> })}
        {form.open_now.then(|| view! { <input type="hidden" name="open_now" value="true" /> })}
        {form.delivery.map(|value| view! { <input type="hidden" name="delivery" value=value /> })}
    }
}
