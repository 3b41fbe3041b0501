//! The console's imports from other directories: the list of imports with the upload
//! and fetch forms, one import's staged records, and one record side by side with the
//! existing record it matches, with accept, merge and reject.

use leptos::prelude::*;

use crate::{
    components::{render_document, text_field::group_class, ErrorSummary, Section, Shell},
    view_model::FieldError,
};

/// One import in the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportRow {
    /// The batch id.
    pub id: String,
    /// The source name.
    pub source: String,
    /// "Uploaded file" or the URL fetched.
    pub origin: String,
    /// When (UTC).
    pub when: String,
    /// Who (email).
    pub who: String,
    /// Records read.
    pub records: i64,
    /// Records matching nothing.
    pub new: i64,
    /// Records matching an existing record and differing.
    pub matched: i64,
    /// Records with nothing to do.
    pub unchanged: i64,
    /// Records waiting for a decision.
    pub pending: i64,
    /// Records that could not be read.
    pub problems: usize,
}

/// The imports page: recent imports and the forms to start one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportListPage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Recent imports, newest first.
    pub rows: Vec<ImportRow>,
    /// A problem with the last form sent.
    pub error: Option<FieldError>,
    /// The source name typed.
    pub source: String,
    /// The URL typed.
    pub url: String,
}

/// One staged record in an import's list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StagedRow {
    /// The staged record's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its id in the feed.
    pub feed_id: String,
    /// "New", "Matches an existing record (85%)" or "Unchanged".
    pub matching: String,
    /// pending, accepted, merged, rejected or unchanged.
    pub decision: String,
}

/// One import and its staged records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportBatchPage {
    /// The import's summary.
    pub summary: ImportRow,
    /// The filter applied: "pending", "new", "matched", "unchanged" or "" for all.
    pub show: String,
    /// The records shown.
    pub rows: Vec<StagedRow>,
    /// Records that could not be read, as (id, reason).
    pub problems: Vec<(String, String)>,
    /// A message after a decision.
    pub notice: Option<String>,
}

/// One field side by side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffRow {
    /// The field's name.
    pub field: String,
    /// The existing value ("" when absent).
    pub existing: String,
    /// The incoming value ("" when absent).
    pub incoming: String,
    /// Whether they differ.
    pub changed: bool,
}

/// One staged record beside the record it matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StagedRecordPage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// The batch id.
    pub batch_id: String,
    /// The staged record's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The source name.
    pub source: String,
    /// Its id in the feed.
    pub feed_id: String,
    /// The matched record's id and name, when it matches one.
    pub existing: Option<(String, String)>,
    /// How sure the match is, 0 to 100.
    pub score: i64,
    /// Why it matched.
    pub reasons: Vec<String>,
    /// pending, accepted, merged, rejected or unchanged.
    pub decision: String,
    /// Who decided and when, once decided.
    pub decided: Option<String>,
    /// Every field of either side.
    pub rows: Vec<DiffRow>,
    /// The fields a merge may choose between.
    pub merge_fields: Vec<String>,
}

/// Returns the imports page.
pub fn render_import_list(page: &ImportListPage) -> String {
    let page = page.clone();
    render_document(view! { <ImportListView page=page /> })
}

/// Returns one import's page.
pub fn render_import_batch(page: &ImportBatchPage) -> String {
    let page = page.clone();
    render_document(view! { <ImportBatchView page=page /> })
}

/// Returns one staged record's page.
pub fn render_staged_record(page: &StagedRecordPage) -> String {
    let page = page.clone();
    render_document(view! { <StagedRecordView page=page /> })
}

fn error_message(error: Option<&FieldError>, field: &str) -> Option<impl IntoView> {
    let error = error.filter(|error| error.field == field)?;
    let id = format!("{field}-error");
    let message = error.message.clone();
    Some(view! {
        <span class="nhsuk-error-message" id=id>
            <span class="nhsuk-u-visually-hidden">"Error: "</span>
            {message}
        </span>
    })
}

#[component]
fn ImportListView(page: ImportListPage) -> impl IntoView {
    let title = if page.error.is_some() { "Error: Imports" } else { "Imports" }.to_owned();
    let summary = page.error.clone().map(|error| view! { <ErrorSummary error=error /> });
    let error = page.error.clone();
    let has = |field: &str| error.as_ref().is_some_and(|error| error.field == field);
    let (file_error, url_error) = (has("file"), has("url"));
    let (source_error, fetch_source_error) = (has("source"), has("fetch-source"));
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            let href = format!("/console/imports/{}", row.id);
            view! {
                <tr>
                    <td><a href=href>{row.source}</a></td>
                    <td>{row.origin}</td>
                    <td>{row.when}</td>
                    <td>{row.who}</td>
                    <td>{row.records}</td>
                    <td>{row.new}</td>
                    <td>{row.matched}</td>
                    <td>{row.unchanged}</td>
                    <td>{row.pending}</td>
                    <td>{row.problems}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Shell title=title shortlist_count=0 section=Section::None>
            {summary}
            <h1>"Imports from other directories"</h1>
            <p><a href="/console">"Back to the console"</a></p>
            <p>
                "Records from an Open Referral UK or HSDS 3.0 file are checked against the directory first. "
                "Nothing changes until you accept or merge each record."
            </p>
            <h2>"Upload a file"</h2>
            <form method="post" action="/console/imports/upload" enctype="multipart/form-data">
                <input type="hidden" name="csrf_token" value=page.csrf_token.clone() />
                <div class=group_class(source_error)>
                    <label class="nhsuk-label" for="source">"Source name (optional)"</label>
                    <div class="nhsuk-hint" id="source-hint">
                        "Such as the directory's name. Use the same name every time you import from it. "
                        "Leave it empty to use the file name."
                    </div>
                    {error_message(error.as_ref(), "source")}
                    <input class="nhsuk-input" id="source" name="source" type="text" value=page.source.clone()
                        aria-describedby="source-hint" />
                </div>
                <div class=group_class(file_error)>
                    <label class="nhsuk-label" for="file">"File (JSON, up to 20 MB)"</label>
                    {error_message(error.as_ref(), "file")}
                    <input class="nhsuk-input" id="file" name="file" type="file" accept=".json,application/json" />
                </div>
                <button class="nhsuk-button" type="submit">"Upload and check"</button>
            </form>
            <h2>"Fetch a feed"</h2>
            <form method="post" action="/console/imports/fetch">
                <input type="hidden" name="csrf_token" value=page.csrf_token />
                <div class=group_class(fetch_source_error)>
                    <label class="nhsuk-label" for="fetch-source">"Source name (optional)"</label>
                    <div class="nhsuk-hint" id="fetch-source-hint">"Leave it empty to use the address."</div>
                    {error_message(error.as_ref(), "fetch-source")}
                    <input class="nhsuk-input" id="fetch-source" name="source" type="text" value=page.source
                        aria-describedby="fetch-source-hint" />
                </div>
                <div class=group_class(url_error)>
                    <label class="nhsuk-label" for="url">"Feed address"</label>
                    {error_message(error.as_ref(), "url")}
                    <input class="nhsuk-input" id="url" name="url" type="url" value=page.url />
                </div>
                <button class="nhsuk-button" type="submit">"Fetch and check"</button>
            </form>
            <h2>"Recent imports"</h2>
            <table class="nhsuk-table signpost-table-wrap">
                <thead>
                    <tr>
                        <th scope="col">"Source"</th>
                        <th scope="col">"From"</th>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"Records"</th>
                        <th scope="col">"New"</th>
                        <th scope="col">"Changed"</th>
                        <th scope="col">"Unchanged"</th>
                        <th scope="col">"To decide"</th>
                        <th scope="col">"Unreadable"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </Shell>
    }
}

#[component]
fn ImportBatchView(page: ImportBatchPage) -> impl IntoView {
    let summary = page.summary;
    let base = format!("/console/imports/{}", summary.id);
    let filters =
        [("pending", "To decide"), ("new", "New"), ("matched", "Changed"), ("unchanged", "Unchanged"), ("", "All")]
            .into_iter()
            .map(|(value, label)| {
                let href = if value.is_empty() { base.clone() } else { format!("{base}?show={value}") };
                let current = (value == page.show).then_some("page");
                view! { <li><a href=href aria-current=current>{label}</a></li> }
            })
            .collect_view();
    let shown = page.rows.len();
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            let href = format!("{base}/{}", row.id);
            view! {
                <tr>
                    <td><a href=href>{row.name}</a></td>
                    <td>{row.feed_id}</td>
                    <td>{row.matching}</td>
                    <td>{row.decision}</td>
                </tr>
            }
        })
        .collect_view();
    let problems = (!page.problems.is_empty()).then(|| {
        let items = page
            .problems
            .into_iter()
            .map(|(id, reason)| view! { <tr><td>{id}</td><td>{reason}</td></tr> })
            .collect_view();
        view! {
            <h2>"Records that could not be read"</h2>
            <table class="nhsuk-table">
                <thead><tr><th scope="col">"Id in the feed"</th><th scope="col">"Problem"</th></tr></thead>
                <tbody>{items}</tbody>
            </table>
        }
    });
    let notice = page.notice.map(|notice| view! { <div class="nhsuk-inset-text"><p>{notice}</p></div> });
    let heading = format!("Import from {}", summary.source);
    view! {
        <Shell title=heading.clone() shortlist_count=0 section=Section::None>
            <h1>{heading}</h1>
            <p><a href="/console/imports">"Back to imports"</a></p>
            {notice}
            <dl class="nhsuk-summary-list">
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"From"</dt>
                    <dd class="nhsuk-summary-list__value">{summary.origin}</dd>
                </div>
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"When"</dt>
                    <dd class="nhsuk-summary-list__value">{format!("{} by {}", summary.when, summary.who)}</dd>
                </div>
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Records"</dt>
                    <dd class="nhsuk-summary-list__value">
                        {format!(
                            "{} read: {} new, {} changed, {} unchanged, {} unreadable. {} to decide.",
                            summary.records, summary.new, summary.matched, summary.unchanged, summary.problems,
                            summary.pending,
                        )}
                    </dd>
                </div>
            </dl>
            <nav aria-label="Show records">
                <ul class="nhsuk-list">{filters}</ul>
            </nav>
            <table class="nhsuk-table signpost-table-wrap">
                <caption class="nhsuk-table__caption">{format!("{}: {shown} records", filter_label(&page.show))}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Id in the feed"</th>
                        <th scope="col">"Match"</th>
                        <th scope="col">"Decision"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {problems}
        </Shell>
    }
}

/// The caption's name for the filter.
fn filter_label(show: &str) -> &'static str {
    match show {
        "pending" => "To decide",
        "new" => "New",
        "matched" => "Changed",
        "unchanged" => "Unchanged",
        _ => "All",
    }
}

/// A POST form with one button, carrying the CSRF token.
fn action_form(action: String, csrf_token: String, label: &'static str, secondary: bool) -> impl IntoView {
    let class = if secondary { "nhsuk-button nhsuk-button--secondary" } else { "nhsuk-button" };
    view! {
        <form method="post" action=action>
            <input type="hidden" name="csrf_token" value=csrf_token />
            <button class=class type="submit">{label}</button>
        </form>
    }
}

#[component]
fn StagedRecordView(page: StagedRecordPage) -> impl IntoView {
    let base = format!("/console/imports/{}/{}", page.batch_id, page.id);
    let pending = page.decision == "pending";
    let existing_link = page.existing.clone().map(|(id, name)| {
        view! { <p>"Matches the existing record "<a href=format!("/console/services/{id}")>{name}</a>"."</p> }
    });
    let reasons = (!page.reasons.is_empty()).then(|| {
        let items = page.reasons.iter().map(|reason| view! { <li>{reason.clone()}</li> }).collect_view();
        view! {
            <h2>{format!("Why it matches ({}%)", page.score)}</h2>
            <ul class="nhsuk-list nhsuk-list--bullet">{items}</ul>
        }
    });
    let has_existing = page.existing.is_some();
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            let (existing, incoming) = if row.changed {
                (view! { <del>{row.existing}</del> }.into_any(), view! { <ins>{row.incoming}</ins> }.into_any())
            } else {
                (view! { {row.existing} }.into_any(), view! { {row.incoming} }.into_any())
            };
            let status = if row.changed { view! { <strong>"Changed"</strong> }.into_any() } else { "Same".into_any() };
            view! {
                <tr>
                    <th scope="row">{row.field}</th>
                    <td>{existing}</td>
                    <td>{incoming}</td>
                    <td>{status}</td>
                </tr>
            }
        })
        .collect_view();
    let decided = page.decided.map(|decided| view! { <div class="nhsuk-inset-text"><p>{decided}</p></div> });
    let actions = pending.then(|| {
        let accept_label = if has_existing { "Accept: replace the existing record" } else { "Accept: add as a draft" };
        let merge = (has_existing && !page.merge_fields.is_empty()).then(|| {
            let choices = page
                .merge_fields
                .iter()
                .map(|field| {
                    let name = format!("field_{field}");
                    let keep_id = format!("{name}-existing");
                    let take_id = format!("{name}-incoming");
                    view! {
                        <div class="nhsuk-form-group">
                            <fieldset class="nhsuk-fieldset">
                                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{field.clone()}</legend>
                                <div class="nhsuk-radios nhsuk-radios--small">
                                    <div class="nhsuk-radios__item">
                                        <input class="nhsuk-radios__input" id=keep_id.clone() name=name.clone()
                                            type="radio" value="existing" checked=true />
                                        <label class="nhsuk-label nhsuk-radios__label" for=keep_id>"Keep existing"</label>
                                    </div>
                                    <div class="nhsuk-radios__item">
                                        <input class="nhsuk-radios__input" id=take_id.clone() name=name type="radio"
                                            value="incoming" />
                                        <label class="nhsuk-label nhsuk-radios__label" for=take_id>"Take incoming"</label>
                                    </div>
                                </div>
                            </fieldset>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <h2>"Merge"</h2>
                <p>"Choose which value to keep for each field that differs."</p>
                <form method="post" action=format!("{base}/merge")>
                    <input type="hidden" name="csrf_token" value=page.csrf_token.clone() />
                    {choices}
                    <button class="nhsuk-button" type="submit">"Save the merged record"</button>
                </form>
            }
        });
        view! {
            <h2>"Decide"</h2>
            {action_form(format!("{base}/accept"), page.csrf_token.clone(), accept_label, false)}
            {action_form(format!("{base}/reject"), page.csrf_token.clone(), "Reject: change nothing", true)}
            {merge}
        }
    });
    let heading = page.name.clone();
    view! {
        <Shell title=format!("Import: {heading}") shortlist_count=0 section=Section::None>
            <span class="nhsuk-caption-l">{format!("Incoming from {} (id {})", page.source, page.feed_id)}</span>
            <h1>{heading}</h1>
            <p><a href=format!("/console/imports/{}", page.batch_id)>"Back to the import"</a></p>
            {decided}
            {existing_link}
            {reasons}
            <table class="nhsuk-table signpost-table-wrap">
                <caption class="nhsuk-table__caption">"Existing and incoming, side by side"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Field"</th>
                        <th scope="col">"Existing"</th>
                        <th scope="col">"Incoming"</th>
                        <th scope="col">"Difference"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {actions}
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    #[test]
    fn import_pages_have_labels_csrf_tokens_and_marked_changes() {
        let list = render_import_list(&ImportListPage {
            csrf_token: "tok".into(),
            rows: vec![ImportRow { id: "b1".into(), source: "feed.json".into(), records: 3, ..ImportRow::default() }],
            error: Some(FieldError { field: "file".into(), message: "Choose a file".into() }),
            ..ImportListPage::default()
        });
        assert_common_page_parts(&list);
        assert_eq!(list.matches(r#"name="csrf_token" value="tok""#).count(), 2);
        assert!(list.contains(r#"enctype="multipart/form-data""#) && list.contains(r##"href="#file""##));
        assert!(list.contains(r#"<a href="/console/imports/b1">feed.json</a>"#));

        let batch = render_import_batch(&ImportBatchPage {
            summary: ImportRow { id: "b1".into(), source: "feed.json".into(), ..ImportRow::default() },
            show: "pending".into(),
            rows: vec![StagedRow { id: "r1".into(), name: "Carers <Centre>".into(), ..StagedRow::default() }],
            problems: vec![("x".into(), "the record has no name".into())],
            notice: None,
        });
        assert_common_page_parts(&batch);
        assert!(batch.contains(r#"<a href="/console/imports/b1/r1">Carers &lt;Centre&gt;</a>"#));
        assert!(batch.contains(r#"aria-current="page""#) && batch.contains("the record has no name"));

        let record = render_staged_record(&StagedRecordPage {
            csrf_token: "tok".into(),
            batch_id: "b1".into(),
            id: "r1".into(),
            name: "Carers Centre".into(),
            existing: Some(("s1".into(), "Carers".into())),
            decision: "pending".into(),
            rows: vec![
                DiffRow {
                    field: "name".into(),
                    existing: "Carers".into(),
                    incoming: "Carers Centre".into(),
                    changed: true,
                },
                DiffRow { field: "url".into(), existing: "a".into(), incoming: "a".into(), changed: false },
            ],
            merge_fields: vec!["name".into()],
            ..StagedRecordPage::default()
        });
        assert_common_page_parts(&record);
        assert!(record.contains(r#"<th scope="row">name</th>"#));
        assert!(record.contains("<del>Carers</del>") && record.contains("<ins>Carers Centre</ins>"));
        assert_eq!(record.matches(r#"name="csrf_token" value="tok""#).count(), 3, "accept, reject and merge");
        assert!(record.contains(r#"name="field_name""#));
    }
}
