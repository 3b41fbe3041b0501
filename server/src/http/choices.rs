//! Choice lists for form radios, checkboxes and selects, built from the reference data,
//! so that every form offers the same options in the same words.

use signpost_web::Choice;

use crate::state::AppState;

/// Need choices: every area and sub-need, sub-needs labelled with their area.
pub(crate) fn need_choices(state: &AppState) -> Vec<Choice> {
    let mut choices = Vec::new();
    for area in &state.reference.taxonomy.needs {
        choices.push((area.slug.clone(), area.label.clone()));
        for child in &area.children {
            choices.push((child.slug.clone(), format!("{}: {}", area.label, child.label)));
        }
    }
    choices
}
