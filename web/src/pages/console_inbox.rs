//! The console's inbox (public problem reports and staff suggestions, filtered by status,
//! each with a status form and a link to its record) and the staff "Suggest a change" page.

use leptos::prelude::*;

use crate::components::{
    render_document,
    text_field::{group_class, InlineError},
    ErrorSummary, Section, Shell, TextArea,
};
use crate::view_model::FieldError;
use crate::REPORT_REASONS;

/// One inbox item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxRow {
    /// Item id.
    pub id: String,
    /// "Public report" or "Staff suggestion".
    pub kind: String,
    /// The record it is about.
    pub service_id: String,
    /// That record's name.
    pub service_name: String,
    /// What is wrong, in words.
    pub reason: String,
    /// What was written.
    pub details: String,
    /// Stored status: new, in_progress or closed.
    pub status: String,
    /// When it arrived.
    pub received: String,
    /// "Changed by … at …", or "".
    pub changed: String,
}

/// What the inbox shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxPage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// The status shown ("" for all).
    pub status: String,
    /// (status, label, count) for each status.
    pub counts: Vec<(String, String, i64)>,
    /// The items.
    pub rows: Vec<InboxRow>,
    /// A confirmation after a change.
    pub notice: Option<String>,
}

/// The staff "Suggest a change" form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuggestPage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// The service.
    pub service_id: String,
    /// Its name.
    pub service_name: String,
    /// The chosen reason.
    pub reason: Option<String>,
    /// What was typed (kept when the form comes back).
    pub details: String,
    /// What is wrong with the form.
    pub error: Option<FieldError>,
    /// Whether a suggestion was just sent.
    pub sent: bool,
}

/// Returns the inbox as a complete HTML document.
pub fn render_inbox(page: &InboxPage) -> String {
    let page = page.clone();
    render_document(view! { <InboxView page=page /> })
}

/// Returns the "Suggest a change" page as a complete HTML document.
pub fn render_suggest(page: &SuggestPage) -> String {
    let page = page.clone();
    render_document(view! { <SuggestView page=page /> })
}

/// The label of a stored inbox status.
fn status_label(status: &str) -> &'static str {
    match status {
        "new" => "New",
        "in_progress" => "In progress",
        "closed" => "Closed",
        _ => "Unknown",
    }
}

#[component]
fn InboxView(page: InboxPage) -> impl IntoView {
    let total: i64 = page.counts.iter().map(|(_, _, count)| count).sum();
    let current = page.status.clone();
    let mut filters = vec![(String::new(), format!("All ({total})"))];
    filters.extend(page.counts.iter().map(|(status, label, count)| (status.clone(), format!("{label} ({count})"))));
    let filters = filters
        .into_iter()
        .map(|(status, label)| {
            let href =
                if status.is_empty() { "/console/inbox".to_owned() } else { format!("/console/inbox?status={status}") };
            let aria_current = (status == current).then_some("page");
            view! { <li><a href=href aria-current=aria_current>{label}</a></li> }
        })
        .collect_view();
    let shown = if page.status.is_empty() { "All messages".to_owned() } else { status_label(&page.status).to_owned() };
    let notice = page.notice.map(|notice| view! { <div class="nhsuk-inset-text" role="status"><p>{notice}</p></div> });
    let empty = page.rows.is_empty().then(|| view! { <p>"There are no messages here."</p> });
    let csrf = page.csrf_token.clone();
    let items = page
        .rows
        .into_iter()
        .map(|row| {
            let heading_id = format!("item-{}", row.id);
            let labelled_by = heading_id.clone();
            let select_id = format!("status-{}", row.id);
            let action = format!("/console/inbox/{}/status", row.id);
            let record = format!("/console/services/{}", row.service_id);
            let choices = [("new", "New"), ("in_progress", "In progress"), ("closed", "Closed")]
                .into_iter()
                .map(|(value, label)| {
                    let selected = row.status == value;
                    view! { <option value=value selected=selected>{label}</option> }
                })
                .collect_view();
            let details = if row.details.is_empty() { "(no message)".to_owned() } else { row.details };
            let changed = (!row.changed.is_empty()).then(|| {
                view! {
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">"Status changed"</dt>
                        <dd class="nhsuk-summary-list__value">{row.changed}</dd>
                    </div>
                }
            });
            view! {
                <section aria-labelledby=labelled_by>
                    <h2 class="nhsuk-heading-s" id=heading_id>
                        {format!("{}: ", row.kind)}
                        <a href=record>{row.service_name}</a>
                    </h2>
                    <dl class="nhsuk-summary-list">
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">"What is wrong"</dt>
                            <dd class="nhsuk-summary-list__value">{row.reason}</dd>
                        </div>
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">"Message"</dt>
                            <dd class="nhsuk-summary-list__value">{details}</dd>
                        </div>
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">"Received"</dt>
                            <dd class="nhsuk-summary-list__value">{row.received}</dd>
                        </div>
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">"Status"</dt>
                            <dd class="nhsuk-summary-list__value">{status_label(&row.status)}</dd>
                        </div>
                        {changed}
                    </dl>
                    <form method="post" action=action>
                        <input type="hidden" name="csrf_token" value=csrf.clone() />
                        <div class="nhsuk-form-group">
                            <label class="nhsuk-label" for=select_id.clone()>"Change status"</label>
                            <select class="nhsuk-select" id=select_id name="status">{choices}</select>
                        </div>
                        <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Save status"</button>
                    </form>
                </section>
            }
        })
        .collect_view();
    view! {
        <Shell title="Inbox".to_owned() shortlist_count=0 section=Section::None>
            <h1>"Inbox"</h1>
            <p><a href="/console">"Back to the console"</a></p>
            {notice}
            <nav aria-label="Show messages">
                <ul class="nhsuk-list">{filters}</ul>
            </nav>
            <p class="nhsuk-lede-text">{shown}</p>
            {empty}
            {items}
        </Shell>
    }
}

#[component]
fn SuggestView(page: SuggestPage) -> impl IntoView {
    let error_for = |field: &str| page.error.as_ref().filter(|error| error.field == field).map(|e| e.message.clone());
    let reason_error = error_for("reason");
    let details_error = error_for("details");
    let reason_group = group_class(reason_error.is_some());
    let reason_described = reason_error.as_ref().map(|_| "reason-error");
    let details_group = group_class(details_error.is_some());
    let title = if page.error.is_some() { "Error: Suggest a change".to_owned() } else { "Suggest a change".to_owned() };
    let summary = page.error.clone().map(|error| view! { <ErrorSummary error=error /> });
    let radios = REPORT_REASONS
        .iter()
        .enumerate()
        .map(|(index, (value, label))| {
            let radio_id = if index == 0 { "reason".to_owned() } else { format!("reason-{value}") };
            let checked = page.reason.as_deref() == Some(*value);
            view! {
                <div class="nhsuk-radios__item">
                    <input class="nhsuk-radios__input" type="radio" id=radio_id.clone() name="reason" value=*value checked=checked />
                    <label class="nhsuk-label nhsuk-radios__label" for=radio_id>{*label}</label>
                </div>
            }
        })
        .collect_view();
    let sent = page.sent.then(|| {
        view! {
            <div class="nhsuk-panel" role="status">
                <h2 class="nhsuk-panel__heading">"Suggestion sent"</h2>
                <div class="nhsuk-panel__body">"The Community Knowledge Officer will check it."</div>
            </div>
        }
    });
    let details_invalid = details_error.is_some();
    let details_described =
        if details_error.is_some() { "details-hint details-error" } else { "details-hint" }.to_owned();
    let back = format!("/services/{}", page.service_id);
    view! {
        <Shell title=title shortlist_count=0 section=Section::None>
            {summary}
            <span class="nhsuk-caption-l">{page.service_name.clone()}</span>
            <h1>"Suggest a change"</h1>
            <p><a href=back>"Back to the service"</a></p>
            {sent}
            <form method="post" action=format!("/services/{}/suggest", page.service_id) novalidate>
                <input type="hidden" name="csrf_token" value=page.csrf_token />
                <div class=reason_group>
                    <fieldset class="nhsuk-fieldset" aria-describedby=reason_described>
                        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"What needs changing?"</legend>
                        {reason_error.map(|message| view! { <InlineError id="reason-error".to_owned() message=message /> })}
                        <div class="nhsuk-radios">{radios}</div>
                    </fieldset>
                </div>
                <div class=details_group>
                    <label class="nhsuk-label nhsuk-label--s" for="details">"What should it say?"</label>
                    <div class="nhsuk-hint" id="details-hint">
                        "For example, the new phone number or the date it closed. Do not include anything \
                         that identifies a patient or client."
                    </div>
                    {details_error.map(|message| view! { <InlineError id="details-error".to_owned() message=message /> })}
                    <TextArea id="details" value=page.details.clone() described_by=Some(details_described) error=details_invalid />
                </div>
                <button class="nhsuk-button" type="submit">"Send suggestion"</button>
            </form>
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    #[test]
    fn inbox_links_each_item_to_its_record_with_a_status_form() {
        let html = render_inbox(&InboxPage {
            csrf_token: "tok".into(),
            status: "new".into(),
            counts: vec![("new".into(), "New".into(), 1), ("closed".into(), "Closed".into(), 2)],
            rows: vec![InboxRow {
                id: "i1".into(),
                kind: "Staff suggestion".into(),
                service_id: "s1".into(),
                service_name: "Alder <Club>".into(),
                reason: "The service has closed".into(),
                details: "Closed in March".into(),
                status: "new".into(),
                received: "2026-11-20".into(),
                changed: String::new(),
            }],
            notice: None,
        });
        assert_common_page_parts(&html);
        assert!(html.contains(r#"<a href="/console/services/s1">Alder &lt;Club&gt;</a>"#), "{html}");
        assert!(html.contains(r#"action="/console/inbox/i1/status""#));
        assert!(html.contains(r#"value="tok""#));
        assert!(html.contains("All (3)") && html.contains("New (1)"));
        assert!(html.contains(r#"aria-current="page">New (1)"#), "{html}");
    }

    #[test]
    fn suggest_form_shows_the_error_and_keeps_the_text() {
        let html = render_suggest(&SuggestPage {
            csrf_token: "tok".into(),
            service_id: "s1".into(),
            service_name: "Alder".into(),
            reason: Some("closed".into()),
            details: "a <b> note".into(),
            error: Some(FieldError { field: "details".into(), message: "Remove a phone number".into() }),
            sent: false,
        });
        assert_common_page_parts(&html);
        assert!(html.contains("There is a problem") && html.contains("Remove a phone number"));
        assert!(html.contains("a &lt;b&gt; note"));
        assert!(html.contains(r#"value="closed" checked"#), "{html}");
    }
}
