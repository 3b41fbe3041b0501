//! The administrator's accounts page: every account with its roles and state, and forms
//! to change roles, disable or enable it, and set a new password.

use leptos::prelude::*;

use crate::components::{render_document, ErrorSummary, Section, Shell};
use crate::view_model::FieldError;

/// One account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountRow {
    /// Its id.
    pub id: String,
    /// Its email.
    pub email: String,
    /// Its name.
    pub name: String,
    /// The codes of the roles it holds.
    pub roles: Vec<String>,
    /// Whether it is disabled.
    pub disabled: bool,
    /// When it was created, for people.
    pub created: String,
}

/// What the accounts page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountsPage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Every role: (code, label).
    pub roles: Vec<(String, String)>,
    /// The accounts.
    pub rows: Vec<AccountRow>,
    /// A confirmation after a change.
    pub notice: Option<String>,
    /// What was wrong with the last change (its `field` is the id of the form control).
    pub error: Option<FieldError>,
}

/// Returns the accounts page as a complete HTML document.
pub fn render_accounts(page: &AccountsPage) -> String {
    let page = page.clone();
    render_document(view! { <AccountsView page=page /> })
}

#[component]
fn AccountsView(page: AccountsPage) -> impl IntoView {
    let title = if page.error.is_some() { "Error: Accounts".to_owned() } else { "Accounts".to_owned() };
    let summary = page.error.clone().map(|error| view! { <ErrorSummary error=error /> });
    let notice = page.notice.map(|notice| view! { <div class="nhsuk-inset-text" role="status"><p>{notice}</p></div> });
    let csrf = page.csrf_token.clone();
    let all_roles = page.roles.clone();
    let items = page
        .rows
        .into_iter()
        .map(|row| {
            let heading_id = format!("account-{}", row.id);
            let labelled_by = heading_id.clone();
            let labels: Vec<String> =
                all_roles.iter().filter(|(code, _)| row.roles.contains(code)).map(|(_, label)| label.clone()).collect();
            let boxes = all_roles
                .iter()
                .map(|(code, label)| {
                    let box_id = format!("roles-{}-{code}", row.id);
                    let checked = row.roles.contains(code);
                    view! {
                        <div class="nhsuk-checkboxes__item">
                            <input class="nhsuk-checkboxes__input" type="checkbox" id=box_id.clone() name="role"
                                value=code.clone() checked=checked />
                            <label class="nhsuk-label nhsuk-checkboxes__label" for=box_id>{label.clone()}</label>
                        </div>
                    }
                })
                .collect_view();
            let (toggle_action, toggle_text) = if row.disabled {
                (format!("/console/accounts/{}/enable", row.id), "Enable account")
            } else {
                (format!("/console/accounts/{}/disable", row.id), "Disable account and sign it out")
            };
            let password_id = format!("password-{}", row.id);
            let state = if row.disabled { "Disabled" } else { "Enabled" };
            view! {
                <section aria-labelledby=labelled_by>
                    <h2 class="nhsuk-heading-m" id=heading_id>{row.name}</h2>
                    <dl class="nhsuk-summary-list">
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">"Email"</dt>
                            <dd class="nhsuk-summary-list__value">{row.email}</dd>
                        </div>
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">"Roles"</dt>
                            <dd class="nhsuk-summary-list__value">{labels.join(", ")}</dd>
                        </div>
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">"State"</dt>
                            <dd class="nhsuk-summary-list__value">{state}</dd>
                        </div>
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">"Created"</dt>
                            <dd class="nhsuk-summary-list__value">{row.created}</dd>
                        </div>
                    </dl>
                    <form method="post" action=format!("/console/accounts/{}/roles", row.id)>
                        <input type="hidden" name="csrf_token" value=csrf.clone() />
                        <div class="nhsuk-form-group">
                            <fieldset class="nhsuk-fieldset">
                                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Roles"</legend>
                                <div class="nhsuk-checkboxes">{boxes}</div>
                            </fieldset>
                        </div>
                        <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Save roles"</button>
                    </form>
                    <form method="post" action=format!("/console/accounts/{}/password", row.id)>
                        <input type="hidden" name="csrf_token" value=csrf.clone() />
                        <div class="nhsuk-form-group">
                            <label class="nhsuk-label nhsuk-label--s" for=password_id.clone()>"New password"</label>
                            <div class="nhsuk-hint">
                                "At least 12 characters and not a common password. Every session of this account ends."
                            </div>
                            <input class="nhsuk-input" type="password" id=password_id name="password"
                                autocomplete="new-password" />
                        </div>
                        <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Set password"</button>
                    </form>
                    <form method="post" action=toggle_action>
                        <input type="hidden" name="csrf_token" value=csrf.clone() />
                        <button class="nhsuk-button nhsuk-button--warning" type="submit">{toggle_text}</button>
                    </form>
                </section>
            }
        })
        .collect_view();
    view! {
        <Shell title=title shortlist_count=0 section=Section::None>
            {summary}
            <h1>"Accounts"</h1>
            <p><a href="/console">"Back to the console"</a></p>
            {notice}
            {items}
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_account_has_its_roles_ticked_and_forms_with_the_csrf_token() {
        let page = AccountsPage {
            csrf_token: "tok".into(),
            roles: vec![("curator".into(), "Community Knowledge Officer".into()), ("staff".into(), "Staff".into())],
            rows: vec![AccountRow {
                id: "u1".into(),
                email: "cko@example.org".into(),
                name: "<b>Casey</b>".into(),
                roles: vec!["curator".into()],
                disabled: true,
                created: "1 Dec 2026".into(),
            }],
            ..AccountsPage::default()
        };
        let html = render_accounts(&page);
        assert!(html.contains("&lt;b&gt;Casey&lt;/b&gt;"), "names are escaped");
        assert!(html.contains(r#"value="curator" checked"#), "{html}");
        assert!(!html.contains(r#"value="staff" checked"#));
        assert!(html.contains("/console/accounts/u1/enable"));
        assert_eq!(html.matches(r#"name="csrf_token" value="tok""#).count(), 3);
    }
}
