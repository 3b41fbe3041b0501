//! A labelled text input with an optional hint and inline error message (NHS.UK pattern).

use leptos::prelude::*;

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
    /// Extra class for the input, such as `input--width-5`.
    #[prop(optional)]
    width_class: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = [hint.map(|_| hint_id.clone()), error.as_ref().map(|_| error_id.clone())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let described_by = (!described_by.is_empty()).then_some(described_by);
    let group_class = if error.is_some() { "form-group form-group--error" } else { "form-group" };
    let input_class = match (error.is_some(), width_class) {
        (true, Some(width)) => format!("input input--error {width}"),
        (true, None) => "input input--error".to_owned(),
        (false, Some(width)) => format!("input {width}"),
        (false, None) => "input".to_owned(),
    };
    let invalid = error.is_some().then_some("true");
    view! {
        <div class=group_class>
            <label class="label" for=id>{label}</label>
            {hint.map(|text| view! { <div class="hint" id=hint_id>{text}</div> })}
            {error.map(|message| view! { <InlineError id=error_id message=message /> })}
            <input
                class=input_class
                id=id
                name=id
                type="text"
                value=value
                autocomplete=autocomplete
                inputmode=inputmode
                aria-describedby=described_by
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
        <p class="error-message" id=id>
            <span class="visually-hidden">"Error: "</span>
            {message}
        </p>
    }
}
