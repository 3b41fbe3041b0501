//! The filter form on the results page: need, distance, age, cost, opening and delivery.

use leptos::prelude::*;

use crate::components::text_field::{group_class, InlineError};
use crate::components::TextField;
use crate::query::{number, search_url};
use crate::view_model::{FieldError, NeedOption, SearchForm};

/// Distances offered, in kilometres, with plain labels.
pub(crate) const RADIUS_CHOICES: [(f64, &str); 5] = [
    (2.0, "Up to 1 mile (2 km)"),
    (5.0, "Up to 3 miles (5 km)"),
    (10.0, "Up to 6 miles (10 km)"),
    (20.0, "Up to 12 miles (20 km)"),
    (40.0, "Up to 25 miles (40 km)"),
];

/// Ways of getting help, as (`delivery` value, label).
const DELIVERY_CHOICES: [(&str, &str); 4] =
    [("", "Any way"), ("in_person", "In person"), ("phone", "By phone"), ("online", "Online")];

/// Who the help is for, as (`audience` value, label): the trust's specialties and carers.
pub(crate) const AUDIENCE_CHOICES: [(&str, &str); 5] = [
    ("children_young_people", "Children and young people"),
    ("adults", "Adults"),
    ("older_people", "Older people"),
    ("learning_disability", "People with a learning disability"),
    ("carers", "Carers"),
];

/// GET form to `/search` with plain controls for every filter; `q` and `location` go along hidden.
#[component]
pub(crate) fn Filters(
    /// Current values.
    form: SearchForm,
    /// Need areas and sub-needs.
    needs: Vec<NeedOption>,
    /// A problem with `radius_km`, shown next to the distance list.
    #[prop(optional_no_strip)]
    error: Option<FieldError>,
) -> impl IntoView {
    let radius_error = error.filter(|problem| problem.field == "radius_km").map(|problem| problem.message);
    let clear_url =
        search_url(&SearchForm { q: form.q.clone(), location: form.location.clone(), ..SearchForm::default() }, 1);
    let has_filters = form.has_filters();
    let age = form.age.map(|age| age.to_string()).unwrap_or_default();
    view! {
        <form
            class="signpost-filters"
            id="filters"
            action="/search"
            method="get"
            aria-labelledby="filters-title"
        >
            <h2 class="nhsuk-heading-m" id="filters-title">"Filter results"</h2>
            <input type="hidden" name="q" value=form.q.clone() />
            <input type="hidden" name="location" value=form.location.clone() />
            <NeedSelect needs=needs selected=form.need.clone() />
            <RadiusSelect selected=form.radius_km error=radius_error />
            <TextField
                id="age"
                label="Age of the person who needs help (optional)"
                hint="Leave this empty to see services for all ages"
                value=age
                error=None
                inputmode="numeric"
                width_class="nhsuk-input--width-3"
                label_class="nhsuk-label--s"
            />
            <div class="nhsuk-form-group">
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Other filters"</legend>
                    <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                        <Checkbox id="free" label="Free only" checked=form.free />
                        <Checkbox id="open_now" label="Open now" checked=form.open_now />
                    </div>
                </fieldset>
            </div>
            <AudienceCheckboxes selected=form.audiences.clone() />
            <DeliveryRadios selected=form.delivery.clone() />
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Apply filters"</button>
            {has_filters.then(|| view! {
                <p><a href=clear_url>"Clear all filters"</a></p>
            })}
        </form>
    }
}

/// The "Type of help" list: need areas, each with its sub-needs in an `<optgroup>`.
#[component]
fn NeedSelect(needs: Vec<NeedOption>, selected: Option<String>) -> impl IntoView {
    let show_counts = needs.iter().any(|need| need.count > 0);
    let label_for = move |need: &NeedOption| {
        if show_counts {
            format!("{} ({})", need.label, need.count)
        } else {
            need.label.clone()
        }
    };
    let groups = needs
        .iter()
        .filter(|area| area.parent.is_none())
        .map(|area| {
            let children = needs
                .iter()
                .filter(|need| need.parent.as_deref() == Some(area.slug.as_str()))
                .map(|need| {
                    view! {
                        <option
                            value=need.slug.clone()
                            selected=selected.as_deref() == Some(need.slug.as_str())
                        >
                            {label_for(need)}
                        </option>
                    }
                })
                .collect::<Vec<_>>();
            let all_label = if show_counts {
                format!("All {} ({})", area.label.to_lowercase(), area.count)
            } else {
                format!("All {}", area.label.to_lowercase())
            };
            view! {
                <optgroup label=area.label.clone()>
                    <option
                        value=area.slug.clone()
                        selected=selected.as_deref() == Some(area.slug.as_str())
                    >
                        {all_label}
                    </option>
                    {children}
                </optgroup>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="nhsuk-form-group">
            <label class="nhsuk-label nhsuk-label--s" for="need">"Type of help"</label>
            <select class="nhsuk-select" id="need" name="need">
                <option value="" selected=selected.is_none()>"Any type of help"</option>
                {groups}
            </select>
        </div>
    }
}

/// The distance list; keeps an unusual distance from the URL as its own choice.
#[component]
fn RadiusSelect(selected: Option<f64>, error: Option<String>) -> impl IntoView {
    let mut choices: Vec<(f64, String)> = RADIUS_CHOICES.iter().map(|(km, label)| (*km, (*label).to_owned())).collect();
    if let Some(km) = selected.filter(|km| !RADIUS_CHOICES.iter().any(|(c, _)| c == km)) {
        choices.push((km, format!("Up to {} km", number(km))));
        choices.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    let options = choices
        .into_iter()
        .map(|(km, label)| {
            view! { <option value=number(km) selected=selected == Some(km)>{label}</option> }
        })
        .collect::<Vec<_>>();
    let invalid = error.is_some().then_some("true");
    let described_by = error.is_some().then_some("radius_km-error");
    let select_class = if error.is_some() { "nhsuk-select nhsuk-select--error" } else { "nhsuk-select" };
    let error_group = group_class(error.is_some());
    view! {
        <div class=error_group>
            <label class="nhsuk-label nhsuk-label--s" for="radius_km">"Distance"</label>
            {error.map(|message| view! {
                <InlineError id="radius_km-error".to_owned() message=message />
            })}
            <select
                class=select_class
                id="radius_km"
                name="radius_km"
                aria-describedby=described_by
                aria-invalid=invalid
            >
                <option value="" selected=selected.is_none()>"Any distance"</option>
                {options}
            </select>
        </div>
    }
}

/// One checkbox sending `<id>=true` when ticked.
#[component]
fn Checkbox(id: &'static str, label: &'static str, checked: bool) -> impl IntoView {
    view! {
        <div class="nhsuk-checkboxes__item">
            <input class="nhsuk-checkboxes__input" type="checkbox" id=id name=id value="true" checked=checked />
            <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{label}</label>
        </div>
    }
}

/// Checkboxes for who the help is for; each ticked box sends `audience=<slug>`.
#[component]
fn AudienceCheckboxes(selected: Vec<String>) -> impl IntoView {
    let boxes = AUDIENCE_CHOICES
        .iter()
        .enumerate()
        .map(|(n, (value, label))| {
            // The first box carries the field's own id, for links from an error summary.
            let id = if n == 0 { "audience".to_owned() } else { format!("audience-{value}") };
            let checked = selected.iter().any(|slug| slug == value);
            view! {
                <div class="nhsuk-checkboxes__item">
                    <input
                        class="nhsuk-checkboxes__input"
                        type="checkbox"
                        id=id.clone()
                        name="audience"
                        value=*value
                        checked=checked
                    />
                    <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{*label}</label>
                </div>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="nhsuk-form-group">
            <fieldset class="nhsuk-fieldset">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Who is the help for?"</legend>
                <div class="nhsuk-checkboxes nhsuk-checkboxes--small">{boxes}</div>
            </fieldset>
        </div>
    }
}

/// Radio buttons for how help is given.
#[component]
fn DeliveryRadios(selected: Option<String>) -> impl IntoView {
    let radios = DELIVERY_CHOICES
        .iter()
        .map(|(value, label)| {
            let id = if value.is_empty() { "delivery".to_owned() } else { format!("delivery-{value}") };
            let checked = selected.as_deref().unwrap_or_default() == *value;
            view! {
                <div class="nhsuk-radios__item">
                    <input
                        class="nhsuk-radios__input"
                        type="radio"
                        id=id.clone()
                        name="delivery"
                        value=*value
                        checked=checked
                    />
                    <label class="nhsuk-label nhsuk-radios__label" for=id>{*label}</label>
                </div>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="nhsuk-form-group">
            <fieldset class="nhsuk-fieldset">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                    "How do you want to get help?"
                </legend>
                <div class="nhsuk-radios nhsuk-radios--small">{radios}</div>
            </fieldset>
        </div>
    }
}
