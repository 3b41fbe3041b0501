//! Labelled form fields with optional hint and inline error message (NHS.UK patterns).

use leptos::prelude::*;

/// Returns the `aria-describedby` value for a field with an optional hint and error.
pub(crate) fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let ids = [hint.then(|| format!("{id}-hint")), error.then(|| format!("{id}-error"))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    (!ids.is_empty()).then_some(ids)
}

/// Returns the form group class, with the red error bar when the field has a problem.
pub(crate) fn group_class(error: bool) -> &'static str {
    if error {
        "nhsuk-form-group nhsuk-form-group--error"
    } else {
        "nhsuk-form-group"
    }
}

/// A text input whose `id` and `name` are the same, with its `<label for=…>`.
///
/// When `error` is set the field is marked `aria-invalid="true"` and points at the message
/// (id `<id>-error`) through `aria-describedby`, as NHS.UK and GOV.UK do.
#[component]
pub(crate) fn TextField(
    /// Field id and name, such as `location`.
    id: &'static str,
    /// Label text.
    label: &'static str,
    /// What the person typed.
    value: String,
    /// Extra help shown under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Error message for this field.
    #[prop(optional_no_strip)]
    error: Option<String>,
    /// Value for `autocomplete`, such as `postal-code`.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// Value for `inputmode`, such as `numeric`.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Extra class for the input, such as `nhsuk-input--width-5`.
    #[prop(optional)]
    width_class: Option<&'static str>,
    /// Label size class, such as `nhsuk-label--s`.
    #[prop(optional)]
    label_class: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(id, hint.is_some(), error.is_some());
    let mut input_class = String::from("nhsuk-input");
    if error.is_some() {
        input_class.push_str(" nhsuk-input--error");
    }
    if let Some(width) = width_class {
        input_class.push(' ');
        input_class.push_str(width);
    }
    let label_classes = match label_class {
        Some(size) => format!("nhsuk-label {size}"),
        None => "nhsuk-label".to_owned(),
    };
    let invalid = error.is_some().then_some("true");
    let error_group = group_class(error.is_some());
    view! {
        <div class=error_group>
            <label class=label_classes for=id>{label}</label>
            {hint.map(|text| view! { <div class="nhsuk-hint" id=hint_id>{text}</div> })}
            {error.map(|message| view! { <InlineError id=error_id message=message /> })}
            <input
                class=input_class
                id=id
                name=id
                type="text"
                value=value
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck="false"
                aria-describedby=described
                aria-invalid=invalid
            />
        </div>
    }
}

/// The red message shown just above a field that has a problem.
#[component]
pub(crate) fn InlineError(
    /// Element id, referenced by the field's `aria-describedby`.
    id: String,
    /// What is wrong and how to fix it.
    message: String,
) -> impl IntoView {
    view! {
        <span class="nhsuk-error-message" id=id>
            <span class="nhsuk-u-visually-hidden">"Error: "</span>
            {message}
        </span>
    }
}
