//! Form pieces shared by the helpline and local-roles pages: the form kit's fields (see
//! `components::form_kit`) and summary rows.

use leptos::prelude::*;

pub(crate) use crate::components::form_kit::{choice_group, error_summary, select, text_field as text_input};

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
