//! The console's service pages: find records, edit a record, a record's workflow and
//! verification, and its audit history.

use leptos::prelude::*;

use crate::{
    components::{
        form_kit::{error_for, error_summary, text_field},
        render_document,
        text_field::group_class,
        PrevNextLinks, Section, Shell,
    },
    view_model::FieldError,
};

/// A choice in a select or checkbox list, as (value, label).
pub type Choice = (String, String);

/// The filters of the find-records page, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFilters {
    /// Text searched for in names.
    pub q: String,
    /// draft, published or archived ("" for any).
    pub status: String,
    /// A need slug ("" for any).
    pub need: String,
    /// A district code ("" for any).
    pub district: String,
    /// "overdue" or "month" ("" for any).
    pub due: String,
    /// A provenance source ("" for any).
    pub source: String,
}

/// One row of the find-records table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordRow {
    /// The service id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its workflow status.
    pub status: String,
    /// Its district's name, or "".
    pub district: String,
    /// When review is due ("YYYY-MM-DD"), or "".
    pub review_due: String,
    /// Where it came from.
    pub source: String,
}

/// The find-records page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordListPage {
    /// The filters applied.
    pub filters: RecordFilters,
    /// Need choices.
    pub needs: Vec<Choice>,
    /// District choices.
    pub districts: Vec<Choice>,
    /// Source choices.
    pub sources: Vec<String>,
    /// This page's rows.
    pub rows: Vec<RecordRow>,
    /// How many records match.
    pub total: usize,
    /// Current page, from 1.
    pub page: usize,
    /// Number of pages.
    pub pages: usize,
    /// Link to the previous page.
    pub previous: Option<String>,
    /// Link to the next page.
    pub next: Option<String>,
}

/// The edit form's values, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFields {
    /// Service name.
    pub name: String,
    /// Organisation name.
    pub organisation: String,
    /// Description (plain text).
    pub description: String,
    /// Website.
    pub url: String,
    /// Email.
    pub email: String,
    /// Phone numbers, one a line.
    pub phones: String,
    /// First address line.
    pub address: String,
    /// Town or city.
    pub town: String,
    /// Postcode.
    pub postcode: String,
    /// Per day: (code such as "mo", name, opens, closes).
    pub hours: Vec<(String, String, String, String)>,
    /// Fees or cost.
    pub fees: String,
    /// Who can use it.
    pub eligibility: String,
    /// Youngest age.
    pub min_age: String,
    /// Oldest age.
    pub max_age: String,
    /// How to access it.
    pub how_to_access: String,
    /// Need slugs ticked.
    pub needs: Vec<String>,
    /// Delivery slugs ticked.
    pub delivery: Vec<String>,
    /// Audience slugs ticked (who it is for).
    pub audiences: Vec<String>,
    /// Review interval in months.
    pub review_months: String,
}

/// The edit (or new) record page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordEditPage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Where the form posts.
    pub action: String,
    /// "Edit …" or "Add a service".
    pub heading: String,
    /// The values.
    pub fields: RecordFields,
    /// Problems with them, in form order.
    pub errors: Vec<FieldError>,
    /// Need choices.
    pub need_options: Vec<Choice>,
    /// Delivery choices.
    pub delivery_options: Vec<Choice>,
    /// Audience choices.
    pub audience_options: Vec<Choice>,
    /// The version of the stored record the form starts from ("" for a new record).
    pub version: String,
    /// After a refused stale save: each differing field as (label, proposed, stored now).
    pub conflict: Vec<(String, String, String)>,
}

/// A record's workflow page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordPage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// The service id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// draft, published or archived.
    pub status: String,
    /// When it was last checked, or "".
    pub assured: String,
    /// Who checked it, or "".
    pub assurer: String,
    /// When review is due, or "".
    pub review_due: String,
    /// How often it is checked, in months (its own interval or the default).
    pub review_months: u32,
    /// A message after an action ("Published").
    pub notice: Option<String>,
}

/// One row of a record's audit history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryRow {
    /// When (UTC).
    pub when: String,
    /// Who.
    pub who: String,
    /// What they did.
    pub note: String,
    /// The field.
    pub field: String,
    /// Before ("" when absent).
    pub before: String,
    /// After ("" when absent).
    pub after: String,
}

/// A record's audit history page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryPage {
    /// The service id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The changes, oldest first.
    pub rows: Vec<HistoryRow>,
}

/// Returns the find-records page.
pub fn render_record_list(page: &RecordListPage) -> String {
    let page = page.clone();
    render_document(view! { <RecordListView page=page /> })
}

/// Returns the edit page.
pub fn render_record_edit(page: &RecordEditPage) -> String {
    let page = page.clone();
    render_document(view! { <RecordEditView page=page /> })
}

/// Returns a record's workflow page.
pub fn render_record(page: &RecordPage) -> String {
    let page = page.clone();
    render_document(view! { <RecordView page=page /> })
}

/// Returns a record's audit history page.
pub fn render_history(page: &HistoryPage) -> String {
    let page = page.clone();
    render_document(view! { <HistoryView page=page /> })
}

fn options(choices: Vec<Choice>, selected: String) -> impl IntoView {
    choices
        .into_iter()
        .map(|(value, label)| {
            let is_selected = value == selected;
            view! { <option value=value selected=is_selected>{label}</option> }
        })
        .collect_view()
}

#[component]
fn RecordListView(page: RecordListPage) -> impl IntoView {
    let f = page.filters.clone();
    let any = || vec![(String::new(), "Any".to_owned())];
    let statuses = [("draft", "Draft"), ("published", "Published"), ("archived", "Archived")]
        .map(|(value, label)| (value.to_owned(), label.to_owned()));
    let dues = [("overdue", "Overdue"), ("month", "Due this month")].map(|(v, l)| (v.to_owned(), l.to_owned()));
    let status_options = any().into_iter().chain(statuses).collect::<Vec<_>>();
    let due_options = any().into_iter().chain(dues).collect::<Vec<_>>();
    let need_options = any().into_iter().chain(page.needs).collect::<Vec<_>>();
    let district_options = any().into_iter().chain(page.districts).collect::<Vec<_>>();
    let source_options = any().into_iter().chain(page.sources.into_iter().map(|s| (s.clone(), s))).collect::<Vec<_>>();
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            let href = format!("/console/services/{}", row.id);
            view! {
                <tr>
                    <td><a href=href>{row.name}</a></td>
                    <td>{row.status}</td>
                    <td>{row.district}</td>
                    <td>{row.review_due}</td>
                    <td>{row.source}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Shell title="Find records".to_owned() shortlist_count=0 section=Section::None>
            <h1>"Find records"</h1>
            <p><a href="/console/services/new">"Add a service"</a></p>
            <form method="get" action="/console/services">
                <div class="nhsuk-form-group">
                    <label class="nhsuk-label" for="q">"Name contains"</label>
                    <input class="nhsuk-input" id="q" name="q" type="text" value=f.q />
                </div>
                <div class="nhsuk-form-group">
                    <label class="nhsuk-label" for="status">"Status"</label>
                    <select class="nhsuk-select" id="status" name="status">{options(status_options, f.status)}</select>
                </div>
                <div class="nhsuk-form-group">
                    <label class="nhsuk-label" for="need">"Need"</label>
                    <select class="nhsuk-select" id="need" name="need">{options(need_options, f.need)}</select>
                </div>
                <div class="nhsuk-form-group">
                    <label class="nhsuk-label" for="district">"District"</label>
                    <select class="nhsuk-select" id="district" name="district">
                        {options(district_options, f.district)}
                    </select>
                </div>
                <div class="nhsuk-form-group">
                    <label class="nhsuk-label" for="due">"Review"</label>
                    <select class="nhsuk-select" id="due" name="due">{options(due_options, f.due)}</select>
                </div>
                <div class="nhsuk-form-group">
                    <label class="nhsuk-label" for="source">"Source"</label>
                    <select class="nhsuk-select" id="source" name="source">{options(source_options, f.source)}</select>
                </div>
                <button class="nhsuk-button" type="submit">"Find records"</button>
            </form>
            <div class="signpost-scroll" role="region" aria-label="Records" tabindex="0">
                <table class="nhsuk-table">
                    <caption class="nhsuk-table__caption">
                        {format!("{} records, page {} of {}", page.total, page.page, page.pages)}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"District"</th>
                            <th scope="col">"Review due"</th>
                            <th scope="col">"Source"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <PrevNextLinks previous=page.previous next=page.next />
        </Shell>
    }
}

/// A labelled text input or textarea with its inline error (the form kit's).
fn field(id: &'static str, label: &'static str, value: String, errors: &[FieldError], long: bool) -> impl IntoView {
    text_field(id, label, None, value, errors, long)
}

/// The review interval: every 3, 6 or 12 months.
fn review_select(months: String, errors: &[FieldError]) -> impl IntoView {
    let error = error_for(errors, "review_months");
    let has_error = error.is_some();
    let class = if has_error { "nhsuk-select nhsuk-select--error" } else { "nhsuk-select" };
    let message = error.map(|message| {
        view! {
            <span class="nhsuk-error-message" id="review_months-error">
                <span class="nhsuk-u-visually-hidden">"Error: "</span>
                {message}
            </span>
        }
    });
    let choices = ["3", "6", "12"].map(|value| (value.to_owned(), format!("Every {value} months"))).to_vec();
    view! {
        <div class=group_class(has_error)>
            <label class="nhsuk-label" for="review_months">"Check this record"</label>
            {message}
            <select class=class id="review_months" name="review_months"
                aria-describedby=has_error.then_some("review_months-error")>
                {options(choices, months)}
            </select>
        </div>
    }
}

fn checkboxes(
    name: &'static str,
    legend: &'static str,
    choices: Vec<Choice>,
    ticked: Vec<String>,
    errors: &[FieldError],
) -> impl IntoView {
    let error = error_for(errors, name);
    let has_error = error.is_some();
    let message = error.map(|message| {
        view! {
            <span class="nhsuk-error-message" id=format!("{name}-error")>
                <span class="nhsuk-u-visually-hidden">"Error: "</span>
                {message}
            </span>
        }
    });
    let items = choices
        .into_iter()
        .enumerate()
        .map(|(n, (value, label))| {
            let id = if n == 0 { name.to_owned() } else { format!("{name}-{value}") };
            let checked = ticked.contains(&value);
            view! {
                <div class="nhsuk-checkboxes__item">
                    <input class="nhsuk-checkboxes__input" id=id.clone() name=name type="checkbox" value=value checked=checked />
                    <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class=group_class(has_error)>
            <fieldset class="nhsuk-fieldset">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                {message}
                <div class="nhsuk-checkboxes nhsuk-checkboxes--small">{items}</div>
            </fieldset>
        </div>
    }
}

#[component]
fn RecordEditView(page: RecordEditPage) -> impl IntoView {
    let errors = page.errors.clone();
    let title = if errors.is_empty() { page.heading.clone() } else { format!("Error: {}", page.heading) };
    let summary = error_summary(&errors);
    // A save over someone else's newer save: each differing field as proposed and as stored.
    let conflict = (!page.conflict.is_empty()).then(|| {
        let rows = page
            .conflict
            .iter()
            .map(|(label, yours, current)| {
                view! {
                    <tr>
                        <th scope="row">{label.clone()}</th>
                        <td>{yours.clone()}</td>
                        <td>{current.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="signpost-scroll" role="region" aria-labelledby="conflict" tabindex="0">
                <table class="nhsuk-table">
                    <caption class="nhsuk-table__caption" id="conflict" tabindex="-1">
                        "Your changes and the version saved since"
                    </caption>
                    <thead>
                        <tr><th scope="col">"Field"</th><th scope="col">"Your version"</th><th scope="col">"Saved version"</th></tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });
    let f = page.fields;
    let hours_error = error_for(&errors, "hours").map(|message| {
        view! {
            <span class="nhsuk-error-message" id="hours-error">
                <span class="nhsuk-u-visually-hidden">"Error: "</span>
                {message}
            </span>
        }
    });
    let hours_group = group_class(hours_error.is_some());
    let hours = f
        .hours
        .into_iter()
        .enumerate()
        .map(|(n, (code, day, opens, closes))| {
            // The first field carries the group's id so the error summary can link to it.
            let opens_id = if n == 0 { "hours".to_owned() } else { format!("{code}_opens") };
            let closes_id = format!("{code}_closes");
            view! {
                <tr>
                    <th scope="row">{day.clone()}</th>
                    <td>
                        <label class="nhsuk-label nhsuk-u-visually-hidden" for=opens_id.clone()>{format!("{day} opens")}</label>
                        <input class="nhsuk-input nhsuk-input--width-5" id=opens_id name=format!("{code}_opens") type="text" value=opens />
                    </td>
                    <td>
                        <label class="nhsuk-label nhsuk-u-visually-hidden" for=closes_id.clone()>{format!("{day} closes")}</label>
                        <input class="nhsuk-input nhsuk-input--width-5" id=closes_id.clone() name=closes_id type="text" value=closes />
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Shell title=title shortlist_count=0 section=Section::None>
            {summary}
            <h1>{page.heading}</h1>
            {conflict}
            <form method="post" action=page.action novalidate>
                <input type="hidden" name="csrf_token" value=page.csrf_token />
                <input type="hidden" name="version" value=page.version />
                {field("name", "Service name", f.name, &errors, false)}
                {field("organisation", "Organisation name", f.organisation, &errors, false)}
                {field("description", "Description", f.description, &errors, true)}
                {field("url", "Website", f.url, &errors, false)}
                {field("email", "Email", f.email, &errors, false)}
                {field("phones", "Phone numbers (one a line)", f.phones, &errors, true)}
                {field("address", "Address", f.address, &errors, false)}
                {field("town", "Town or city", f.town, &errors, false)}
                {field("postcode", "Postcode", f.postcode, &errors, false)}
                <div class=hours_group>
                    <fieldset class="nhsuk-fieldset">
                        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Opening hours (24-hour, such as 09:00)"</legend>
                        {hours_error}
                        <table class="nhsuk-table">
                            <thead>
                                <tr><th scope="col">"Day"</th><th scope="col">"Opens"</th><th scope="col">"Closes"</th></tr>
                            </thead>
                            <tbody>{hours}</tbody>
                        </table>
                    </fieldset>
                </div>
                {field("fees", "Fees or cost", f.fees, &errors, false)}
                {field("eligibility", "Who can use it", f.eligibility, &errors, true)}
                {field("min_age", "Youngest age", f.min_age, &errors, false)}
                {field("max_age", "Oldest age", f.max_age, &errors, false)}
                {field("how_to_access", "How to access it", f.how_to_access, &errors, true)}
                {checkboxes("needs", "Needs it helps with", page.need_options, f.needs, &errors)}
                {checkboxes("delivery", "How it is delivered", page.delivery_options, f.delivery, &errors)}
                {checkboxes("audiences", "Who it is for", page.audience_options, f.audiences, &errors)}
                {review_select(f.review_months, &errors)}
                <button class="nhsuk-button" type="submit">"Save"</button>
            </form>
        </Shell>
    }
}

/// A POST form with one button, carrying the CSRF token.
fn action_form(
    action: String,
    csrf_token: String,
    extra: Option<(&'static str, &'static str)>,
    label: &'static str,
    secondary: bool,
) -> impl IntoView {
    let class = if secondary { "nhsuk-button nhsuk-button--secondary" } else { "nhsuk-button" };
    view! {
        <form method="post" action=action>
            <input type="hidden" name="csrf_token" value=csrf_token />
            {extra.map(|(name, value)| view! { <input type="hidden" name=name value=value /> })}
            <button class=class type="submit">{label}</button>
        </form>
    }
}

#[component]
fn RecordView(page: RecordPage) -> impl IntoView {
    let base = format!("/console/services/{}", page.id);
    let status_action = format!("{base}/status");
    let publish = (page.status != "published").then(|| {
        action_form(status_action.clone(), page.csrf_token.clone(), Some(("status", "published")), "Publish", false)
    });
    let archive = (page.status == "published").then(|| {
        action_form(status_action.clone(), page.csrf_token.clone(), Some(("status", "archived")), "Archive", true)
    });
    let draft = (page.status == "archived").then(|| {
        action_form(status_action, page.csrf_token.clone(), Some(("status", "draft")), "Return to draft", true)
    });
    let verify =
        action_form(format!("{base}/verify"), page.csrf_token.clone(), None, "Checked and still accurate", true);
    let notice = page.notice.map(|notice| view! { <div class="nhsuk-inset-text"><p>{notice}</p></div> });
    let row = |key: &'static str, value: String| {
        view! {
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">{key}</dt>
                <dd class="nhsuk-summary-list__value">{value}</dd>
            </div>
        }
    };
    view! {
        <Shell title=page.name.clone() shortlist_count=0 section=Section::None>
            <span class="nhsuk-caption-l">"Record"</span>
            <h1>{page.name}</h1>
            {notice}
            <dl class="nhsuk-summary-list">
                {row("Status", page.status)}
                {row("Last checked", page.assured)}
                {row("Checked by", page.assurer)}
                {row("Review due", page.review_due)}
                {row("Review interval", format!("Checked every {} months", page.review_months))}
            </dl>
            <ul class="nhsuk-list">
                <li><a href=format!("{base}/edit")>"Edit"</a></li>
                <li><a href=format!("{base}/preview")>"Preview the public page"</a></li>
                <li><a href=format!("{base}/history")>"History"</a></li>
                <li><a href=format!("{base}/internal-note")>"Internal note for helpline staff"</a></li>
            </ul>
            {publish}
            {archive}
            {draft}
            {verify}
        </Shell>
    }
}

#[component]
fn HistoryView(page: HistoryPage) -> impl IntoView {
    let back = format!("/console/services/{}", page.id);
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            view! {
                <tr>
                    <td>{row.when}</td>
                    <td>{row.who}</td>
                    <td>{row.note}</td>
                    <td>{row.field}</td>
                    <td>{row.before}</td>
                    <td>{row.after}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Shell title=format!("History of {}", page.name) shortlist_count=0 section=Section::None>
            <h1>{format!("History of {}", page.name)}</h1>
            <p><a href=back>"Back to the record"</a></p>
            <div class="signpost-scroll" role="region" aria-label="Changes" tabindex="0">
                <table class="nhsuk-table">
                    <thead>
                        <tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"Who"</th>
                            <th scope="col">"What"</th>
                            <th scope="col">"Field"</th>
                            <th scope="col">"Before"</th>
                            <th scope="col">"After"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    #[test]
    fn console_service_pages_have_labels_one_h1_and_csrf_tokens() {
        let list = render_record_list(&RecordListPage {
            rows: vec![RecordRow { id: "1".into(), name: "Debt help".into(), ..RecordRow::default() }],
            needs: vec![("money".into(), "Money".into())],
            page: 1,
            pages: 1,
            total: 1,
            ..RecordListPage::default()
        });
        assert_common_page_parts(&list);
        assert!(list.contains("Debt help"));
        let fields = RecordFields {
            hours: vec![("mo".into(), "Monday".into(), "09:00".into(), "17:00".into())],
            needs: vec!["money".into()],
            audiences: vec!["carers".into()],
            ..RecordFields::default()
        };
        let edit = render_record_edit(&RecordEditPage {
            csrf_token: "tok".into(),
            action: "/console/services/new".into(),
            heading: "Add a service".into(),
            fields,
            errors: vec![FieldError { field: "postcode".into(), message: "Enter a real postcode".into() }],
            need_options: vec![("money".into(), "Money".into()), ("debt".into(), "Debt".into())],
            delivery_options: vec![("phone".into(), "By phone".into())],
            audience_options: vec![("carers".into(), "Carers".into())],
            ..RecordEditPage::default()
        });
        assert_common_page_parts(&edit);
        assert!(edit.contains(r#"name="csrf_token" value="tok""#));
        assert!(edit.contains("Who it is for") && edit.contains(r#"value="carers""#));
        assert!(edit.contains("There is a problem") && edit.contains(r##"href="#postcode""##));
        let record = render_record(&RecordPage {
            csrf_token: "tok".into(),
            id: "1".into(),
            name: "Debt help".into(),
            status: "draft".into(),
            review_months: 6,
            ..RecordPage::default()
        });
        assert_common_page_parts(&record);
        assert!(record.contains("Checked every 6 months"), "the review interval is shown");
        assert_eq!(record.matches(r#"name="csrf_token" value="tok""#).count(), 2, "publish and verify");
        let history = render_history(&HistoryPage { id: "1".into(), name: "Debt help".into(), rows: vec![] });
        assert_common_page_parts(&history);
    }
}
