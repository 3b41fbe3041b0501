//! The curator's side of the helpline: the local roles directory, queries whose service
//! was found elsewhere (to add to Signpost), and internal notes on a service for staff.

use leptos::prelude::*;

use crate::{
    components::{render_document, Section, Shell},
    pages::{
        console_services::Choice,
        helpline_forms::{error_summary, select, summary_row, text_input},
    },
    view_model::FieldError,
};

/// One local role in the curator's list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalRoleRow {
    /// Its id.
    pub id: String,
    /// Job title.
    pub title: String,
    /// Kind, in words.
    pub kind: String,
    /// Organisation.
    pub organisation: String,
    /// Where it covers, in words.
    pub area: String,
}

/// The local roles list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalRolesPage {
    /// The session's CSRF token (for the delete buttons).
    pub csrf_token: String,
    /// Every role.
    pub rows: Vec<LocalRoleRow>,
    /// A message after a change.
    pub notice: Option<String>,
}

/// The local role form's values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalRoleForm {
    /// Kind code.
    pub role_kind: String,
    /// Job title.
    pub title: String,
    /// Organisation.
    pub organisation: String,
    /// District code.
    pub district: String,
    /// PCN code.
    pub pcn: String,
    /// How to contact.
    pub how_to_contact: String,
    /// Notes.
    pub notes: String,
}

/// Add or edit a local role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalRoleEditPage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Where the form posts.
    pub action: String,
    /// "Add a local role" or "Edit …".
    pub heading: String,
    /// Kinds.
    pub kinds: Vec<Choice>,
    /// Districts.
    pub districts: Vec<Choice>,
    /// PCNs.
    pub pcns: Vec<Choice>,
    /// Values.
    pub form: LocalRoleForm,
    /// Problems.
    pub errors: Vec<FieldError>,
}

/// One query whose service was found elsewhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoundElsewhereRow {
    /// When, as London date and time.
    pub logged: String,
    /// Needs in words.
    pub needs: String,
    /// Area in words.
    pub area: String,
    /// What was searched for.
    pub searched: String,
    /// Staff's notes: what was found and where.
    pub notes: String,
}

/// Services staff found elsewhere, for the curator to add.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoundElsewherePage {
    /// Newest first.
    pub rows: Vec<FoundElsewhereRow>,
}

/// A service's internal note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InternalNotePage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Service id.
    pub service_id: String,
    /// Service name.
    pub service_name: String,
    /// The note.
    pub note: String,
    /// Problems.
    pub errors: Vec<FieldError>,
}

/// Returns the local roles list.
pub fn render_local_roles(page: &LocalRolesPage) -> String {
    let page = page.clone();
    render_document(view! { <LocalRolesView page=page /> })
}

/// Returns the local role form.
pub fn render_local_role_edit(page: &LocalRoleEditPage) -> String {
    let page = page.clone();
    render_document(view! { <LocalRoleEditView page=page /> })
}

/// Returns the found-elsewhere list.
pub fn render_found_elsewhere(page: &FoundElsewherePage) -> String {
    let page = page.clone();
    render_document(view! { <FoundElsewhereView page=page /> })
}

/// Returns the internal note form.
pub fn render_internal_note(page: &InternalNotePage) -> String {
    let page = page.clone();
    render_document(view! { <InternalNoteView page=page /> })
}

#[component]
fn LocalRolesView(page: LocalRolesPage) -> impl IntoView {
    let notice = page.notice.map(|notice| view! { <div class="nhsuk-inset-text"><p>{notice}</p></div> });
    let csrf = page.csrf_token;
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            let edit = format!("/console/local-roles/{}/edit", row.id);
            let delete = format!("/console/local-roles/{}/delete", row.id);
            view! {
                <li class="nhsuk-card">
                    <div class="nhsuk-card__content">
                        <h2 class="nhsuk-card__heading nhsuk-heading-s"><a href=edit>{row.title.clone()}</a></h2>
                        <p>{format!("{}, {}. Covers: {}", row.kind, row.organisation, row.area)}</p>
                        <form method="post" action=delete>
                            <input type="hidden" name="csrf_token" value=csrf.clone() />
                            <button class="nhsuk-button nhsuk-button--secondary" type="submit">
                                "Delete"<span class="nhsuk-u-visually-hidden">{format!(" {}", row.title)}</span>
                            </button>
                        </form>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <Shell title="Local roles".to_owned() shortlist_count=0 section=Section::None>
            <h1>"Local roles"</h1>
            {notice}
            <p>"People whose job is helping others into community support, shown to helpline staff by area."</p>
            <p><a href="/console/local-roles/new">"Add a local role"</a></p>
            <ul class="nhsuk-list" aria-label="Local roles">{rows}</ul>
            <p><a href="/console">"Back to the console"</a></p>
        </Shell>
    }
}

#[component]
fn LocalRoleEditView(page: LocalRoleEditPage) -> impl IntoView {
    let errors = page.errors.clone();
    let title = if errors.is_empty() { page.heading.clone() } else { format!("Error: {}", page.heading) };
    let f = page.form;
    view! {
        <Shell title=title shortlist_count=0 section=Section::None>
            {error_summary(&errors)}
            <h1>{page.heading}</h1>
            <form action=page.action method="post" novalidate>
                <input type="hidden" name="csrf_token" value=page.csrf_token />
                {select("role_kind", "Role", "Choose a role", page.kinds, f.role_kind, &errors)}
                {text_input("title", "Job title", None, f.title, &errors, false)}
                {text_input("organisation", "Organisation or team", None, f.organisation, &errors, false)}
                {select("district", "District", "Choose a district", page.districts, f.district, &errors)}
                {select("pcn", "Primary care network (optional)", "The whole district", page.pcns, f.pcn, &errors)}
                {text_input(
                    "how_to_contact",
                    "How staff contact them",
                    Some("A route such as \"via the GP practice\" or a team address; never a personal number."),
                    f.how_to_contact,
                    &errors,
                    true,
                )}
                {text_input("notes", "Notes (optional)", None, f.notes, &errors, true)}
                <button class="nhsuk-button" type="submit">"Save"</button>
            </form>
            <p><a href="/console/local-roles">"Back to local roles"</a></p>
        </Shell>
    }
}

#[component]
fn FoundElsewhereView(page: FoundElsewherePage) -> impl IntoView {
    let body = if page.rows.is_empty() {
        view! { <p>"Nothing waiting."</p> }.into_any()
    } else {
        page.rows
            .into_iter()
            .map(|row| {
                view! {
                    <div class="nhsuk-card">
                        <div class="nhsuk-card__content">
                            <h2 class="nhsuk-card__heading nhsuk-heading-s">{format!("Logged {}", row.logged)}</h2>
                            <dl class="nhsuk-summary-list">
                                {summary_row("Needs", row.needs)}
                                {summary_row("Area", row.area)}
                                {summary_row("Searched for", row.searched)}
                                {summary_row("What was found", row.notes)}
                            </dl>
                        </div>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <Shell title="Found elsewhere".to_owned() shortlist_count=0 section=Section::None>
            <h1>"Found elsewhere"</h1>
            <p>"Services helpline staff found outside Signpost. Check them and add them to the directory."</p>
            {body}
            <p><a href="/console/services/new">"Add a service"</a></p>
            <p><a href="/console">"Back to the console"</a></p>
        </Shell>
    }
}

#[component]
fn InternalNoteView(page: InternalNotePage) -> impl IntoView {
    let errors = page.errors.clone();
    let heading = format!("Internal note: {}", page.service_name);
    let title = if errors.is_empty() { heading.clone() } else { format!("Error: {heading}") };
    let action = format!("/console/services/{}/internal-note", page.service_id);
    let back = format!("/console/services/{}", page.service_id);
    view! {
        <Shell title=title shortlist_count=0 section=Section::None>
            {error_summary(&errors)}
            <h1>{heading}</h1>
            <form action=action method="post" novalidate>
                <input type="hidden" name="csrf_token" value=page.csrf_token />
                {text_input(
                    "note",
                    "Note for helpline staff",
                    Some("Shown to helpline staff only, never to the public. Leave empty to remove it."),
                    page.note,
                    &errors,
                    true,
                )}
                <button class="nhsuk-button" type="submit">"Save note"</button>
            </form>
            <p><a href=back>"Back to the record"</a></p>
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    #[test]
    fn console_helpline_pages_render_with_csrf_tokens() {
        let list = render_local_roles(&LocalRolesPage {
            csrf_token: "tok".into(),
            rows: vec![LocalRoleRow { id: "r1".into(), title: "Link <worker>".into(), ..LocalRoleRow::default() }],
            notice: None,
        });
        assert_common_page_parts(&list);
        assert!(list.contains(r#"action="/console/local-roles/r1/delete""#));
        assert!(list.contains("Link &lt;worker&gt;"));
        let edit = render_local_role_edit(&LocalRoleEditPage {
            csrf_token: "tok".into(),
            action: "/console/local-roles/new".into(),
            heading: "Add a local role".into(),
            ..LocalRoleEditPage::default()
        });
        assert_common_page_parts(&edit);
        assert!(edit.contains(r#"name="csrf_token" value="tok""#));
        assert_common_page_parts(&render_found_elsewhere(&FoundElsewherePage::default()));
        assert_common_page_parts(&render_internal_note(&InternalNotePage::default()));
    }
}
