//! Form pieces shared by the helpline and local-roles pages: the error summary listing
//! every problem, text fields, textareas, radios, checkboxes and selects, each with its
//! inline error (NHS.UK patterns). The first control of a group carries the group's
//! name as its id, so the error summary's link lands on it.

use leptos::prelude::*;

use crate::{components::text_field::group_class, pages::console_services::Choice, view_model::FieldError};

/// Returns the message for `field`, if it has one.
pub(crate) fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors.iter().find(|error| error.field == field).map(|error| error.message.clone())
}

/// "There is a problem" with one link per error; nothing when there are none.
pub(crate) fn error_summary(errors: &[FieldError]) -> Option<impl IntoView> {
    (!errors.is_empty()).then(|| {
        let items = errors
            .iter()
            .map(|error| {
                let href = format!("#{}", error.field);
                view! { <li><a href=href>{error.message.clone()}</a></li> }
            })
            .collect_view();
        view! {
            <div class="nhsuk-error-summary" aria-labelledby="error-summary-title" tabindex="-1">
                <div role="alert">
                    <h2 class="nhsuk-error-summary__title" id="error-summary-title">"There is a problem"</h2>
                    <div class="nhsuk-error-summary__body">
                        <ul class="nhsuk-list nhsuk-error-summary__list">{items}</ul>
                    </div>
                </div>
            </div>
        }
    })
}

fn inline_error(id: &str, message: Option<String>) -> Option<impl IntoView> {
    message.map(|message| {
        view! {
            <span class="nhsuk-error-message" id=format!("{id}-error")>
                <span class="nhsuk-u-visually-hidden">"Error: "</span>
                {message}
            </span>
        }
    })
}

/// A labelled text input (or a textarea when `long`) with an optional hint.
pub(crate) fn text_input(
    id: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    value: String,
    errors: &[FieldError],
    long: bool,
) -> impl IntoView {
    let error = error_for(errors, id);
    let has_error = error.is_some();
    let described = [hint.map(|_| format!("{id}-hint")), has_error.then(|| format!("{id}-error"))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let described = (!described.is_empty()).then_some(described);
    let invalid = has_error.then_some("true");
    let control = if long {
        let class = if has_error { "nhsuk-textarea nhsuk-textarea--error" } else { "nhsuk-textarea" };
        view! {
            <textarea class=class id=id name=id rows="5" aria-describedby=described aria-invalid=invalid>
                {value}
            </textarea>
        }
        .into_any()
    } else {
        let class = if has_error { "nhsuk-input nhsuk-input--error" } else { "nhsuk-input" };
        view! {
            <input class=class id=id name=id type="text" value=value aria-describedby=described aria-invalid=invalid />
        }
        .into_any()
    };
    view! {
        <div class=group_class(has_error)>
            <label class="nhsuk-label" for=id>{label}</label>
            {hint.map(|hint| view! { <div class="nhsuk-hint" id=format!("{id}-hint")>{hint}</div> })}
            {inline_error(id, error)}
            {control}
        </div>
    }
}

/// Radios or checkboxes in a fieldset.
pub(crate) fn choice_group(
    name: &'static str,
    legend: &'static str,
    choices: Vec<Choice>,
    ticked: Vec<String>,
    errors: &[FieldError],
    multiple: bool,
) -> impl IntoView {
    let error = error_for(errors, name);
    let has_error = error.is_some();
    let (kind, input_type) = if multiple { ("checkboxes", "checkbox") } else { ("radios", "radio") };
    let items = choices
        .into_iter()
        .enumerate()
        .map(|(n, (value, label))| {
            let id = if n == 0 { name.to_owned() } else { format!("{name}-{value}") };
            let checked = ticked.contains(&value);
            view! {
                <div class=format!("nhsuk-{kind}__item")>
                    <input class=format!("nhsuk-{kind}__input") id=id.clone() name=name type=input_type value=value checked=checked />
                    <label class=format!("nhsuk-label nhsuk-{kind}__label") for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    let size = if multiple { "nhsuk-checkboxes nhsuk-checkboxes--small" } else { "nhsuk-radios nhsuk-radios--small" };
    view! {
        <div class=group_class(has_error)>
            <fieldset class="nhsuk-fieldset">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                {inline_error(name, error)}
                <div class=size>{items}</div>
            </fieldset>
        </div>
    }
}

/// A labelled select; `blank` is the label of the empty first option.
pub(crate) fn select(
    id: &'static str,
    label: &'static str,
    blank: &'static str,
    choices: Vec<Choice>,
    selected: String,
    errors: &[FieldError],
) -> impl IntoView {
    let error = error_for(errors, id);
    let has_error = error.is_some();
    let class = if has_error { "nhsuk-select nhsuk-select--error" } else { "nhsuk-select" };
    let described = has_error.then(|| format!("{id}-error"));
    let options = choices
        .into_iter()
        .map(|(value, label)| {
            let is_selected = value == selected;
            view! { <option value=value selected=is_selected>{label}</option> }
        })
        .collect_view();
    view! {
        <div class=group_class(has_error)>
            <label class="nhsuk-label" for=id>{label}</label>
            {inline_error(id, error)}
            <select class=class id=id name=id aria-describedby=described>
                <option value="">{blank}</option>
                {options}
            </select>
        </div>
    }
}

/// A definition-list row, left out when the value is empty.
pub(crate) fn summary_row(key: &'static str, value: String) -> Option<impl IntoView> {
    (!value.trim().is_empty()).then(|| {
        view! {
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">{key}</dt>
                <dd class="nhsuk-summary-list__value">{value}</dd>
            </div>
        }
    })
}
