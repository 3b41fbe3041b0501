//! The NHS.UK form kit: text fields, textareas, radios and checkboxes, selects, the error
//! summary and inline errors. People's text reaches form markup only through these, so it
//! is escaped here, by construction, and never by the page that calls them (issue 13).

use leptos::prelude::*;

use crate::{
    components::text_field::{described_by, group_class},
    text::escape_html,
    view_model::FieldError,
};

/// A choice as (value, label).
pub(crate) type Choice = (String, String);

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

/// The red message above a field (id `<id>-error`); nothing when there is no message.
pub(crate) fn inline_error(id: &str, message: Option<String>) -> Option<impl IntoView> {
    message.map(|message| {
        view! {
            <span class="nhsuk-error-message" id=format!("{id}-error")>
                <span class="nhsuk-u-visually-hidden">"Error: "</span>
                {message}
            </span>
        }
    })
}

/// A `<textarea>` whose `id` and `name` are the same, holding `value`.
///
/// Leptos does not escape the text children of a textarea, so `</textarea><script>` typed
/// (or imported, or put in a link) by anyone would end the box and run. This is the only
/// place a textarea is written: its text is escaped here and set as inner HTML.
#[component]
pub(crate) fn TextArea(
    /// Field id and name.
    #[prop(into)]
    id: String,
    /// The text shown in the box.
    value: String,
    /// Visible lines.
    #[prop(default = 5)]
    rows: u32,
    /// Ids of the hint and error, for `aria-describedby`.
    #[prop(optional_no_strip)]
    described_by: Option<String>,
    /// Whether the field has a problem (red border, `aria-invalid`).
    #[prop(optional)]
    error: bool,
    /// Read only, for text to copy.
    #[prop(optional)]
    readonly: bool,
    /// Longest text accepted by the browser.
    #[prop(optional)]
    maxlength: Option<usize>,
    /// Extra class, such as `signpost-share__text`.
    #[prop(optional)]
    extra_class: Option<&'static str>,
) -> impl IntoView {
    let mut class = String::from("nhsuk-textarea");
    if error {
        class.push_str(" nhsuk-textarea--error");
    }
    if let Some(extra) = extra_class {
        class.push(' ');
        class.push_str(extra);
    }
    // HTML drops one newline right after `<textarea>`; this one keeps the text's own.
    let escaped = format!("\n{}", escape_html(&value));
    view! {
        <textarea
            class=class
            id=id.clone()
            name=id
            rows=rows.to_string()
            maxlength=maxlength.map(|max| max.to_string())
            readonly=readonly
            aria-describedby=described_by
            aria-invalid=error.then_some("true")
            inner_html=escaped
        ></textarea>
    }
}

/// A labelled text input, or a textarea when `long`, with optional hint and inline error.
pub(crate) fn text_field(
    id: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    value: String,
    errors: &[FieldError],
    long: bool,
) -> impl IntoView {
    let error = error_for(errors, id);
    let has_error = error.is_some();
    let described = described_by(id, hint.is_some(), has_error);
    let control = if long {
        view! { <TextArea id=id value=value described_by=described error=has_error /> }.into_any()
    } else {
        let class = if has_error { "nhsuk-input nhsuk-input--error" } else { "nhsuk-input" };
        let invalid = has_error.then_some("true");
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

/// Radios or checkboxes in a fieldset. The first control carries the group's name as its
/// id, so the error summary's link lands on it.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What a tester types into every field (issue 13).
    const ATTACKS: [&str; 3] =
        ["</textarea><script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)"];

    #[test]
    fn textarea_text_is_escaped_by_the_component() {
        for attack in ATTACKS {
            let html = view! { <TextArea id="note" value=attack.to_owned() /> }.to_html();
            assert!(!html.contains("<script") && !html.contains("<img"), "{html}");
            assert_eq!(html.matches("</textarea>").count(), 1, "one closing tag: {html}");
        }
        let html = view! { <TextArea id="note" value="a & b\nc".to_owned() rows=3 error=true /> }.to_html();
        assert!(html.contains(">\na &amp; b\nc</textarea>"), "{html}");
        assert!(html.contains(r#"aria-invalid="true""#) && html.contains("nhsuk-textarea--error"), "{html}");
    }

    #[test]
    fn text_fields_escape_values_in_attributes() {
        for attack in ATTACKS {
            for long in [false, true] {
                let errors = vec![FieldError { field: "name".into(), message: attack.into() }];
                let html = text_field("name", "Name", None, attack.to_owned(), &errors, long).to_html();
                let summary = error_summary(&errors).to_html();
                for html in [html, summary] {
                    assert!(!html.contains("<script") && !html.contains("<img"), "{html}");
                    assert!(!html.contains("\"><img") && !html.contains("onerror=alert(1)>"), "no break-out: {html}");
                }
            }
        }
    }
}
