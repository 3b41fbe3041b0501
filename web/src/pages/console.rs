//! The curation console's landing page, the review queue, and the plain notice page used
//! for refusals.

use leptos::prelude::*;

use crate::components::{render_document, PrevNextLinks, Section, Shell};

/// What the console's landing page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsolePage {
    /// The signed-in person's name.
    pub display_name: String,
    /// Their role, as people call it.
    pub role_label: String,
    /// The session's CSRF token, carried by every form.
    pub csrf_token: String,
    /// Published records whose review date has passed.
    pub overdue: usize,
    /// Published records whose review falls from today to the end of this month.
    pub due_this_month: usize,
    /// Inbox items (reports and suggestions) not yet looked at.
    pub new_inbox: usize,
    /// Whether to link the commissioners' unmet needs reports (admins may read them).
    pub commissioning: bool,
}

/// One record in the review queue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewRow {
    /// Service id.
    pub id: String,
    /// Service name.
    pub name: String,
    /// Review due date as `YYYY-MM-DD`, or empty when none is set.
    pub due: String,
    /// Such as "Overdue by 3 days" or "Due in 10 days".
    pub label: String,
}

/// What the review queue shows: one page of published records, oldest due date first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewQueuePage {
    /// This page's records.
    pub rows: Vec<ReviewRow>,
    /// Published records in the queue.
    pub total: usize,
    /// This page's number, from 1.
    pub page: usize,
    /// Number of pages.
    pub pages: usize,
    /// Link to the previous page.
    pub previous: Option<String>,
    /// Link to the next page.
    pub next: Option<String>,
}

/// Returns the console's landing page as a complete HTML document.
pub fn render_console(page: &ConsolePage) -> String {
    let page = page.clone();
    render_document(view! { <ConsoleView page=page /> })
}

/// Returns the review queue as a complete HTML document.
pub fn render_review_queue(page: &ReviewQueuePage) -> String {
    let page = page.clone();
    render_document(view! { <ReviewQueueView page=page /> })
}

/// Returns a page with a heading and one message (the server picks the status).
pub fn render_notice(title: &str, message: &str) -> String {
    let title = title.to_owned();
    let message = message.to_owned();
    render_document(view! {
        <Shell title=title.clone() shortlist_count=0 section=Section::None>
            <h1>{title}</h1>
            <p>{message}</p>
            <p><a href="/">"Go to the Signpost home page"</a></p>
        </Shell>
    })
}

#[component]
fn ConsoleView(page: ConsolePage) -> impl IntoView {
    view! {
        <Shell title="Console".to_owned() shortlist_count=0 section=Section::None>
            <h1>"Console"</h1>
            <p class="nhsuk-lede-text">
                {format!("Signed in as {} ({})", page.display_name, page.role_label)}
            </p>
            <h2>"Reviews"</h2>
            <ul class="nhsuk-list">
                <li>
                    <a href="/console/review">{count_text(page.overdue, "overdue")}</a>
                </li>
                <li>
                    <a href="/console/services?status=published&due=month">
                        {count_text(page.due_this_month, "due this month")}
                    </a>
                </li>
                <li><a href="/console/review">"Review queue"</a></li>
            </ul>
            <h2>"Inbox"</h2>
            <ul class="nhsuk-list">
                <li>
                    <a href="/console/inbox?status=new">
                        {format!("{} new {}", page.new_inbox, if page.new_inbox == 1 { "message" } else { "messages" })}
                    </a>
                </li>
            </ul>
            <h2>"Search"</h2>
            <ul class="nhsuk-list">
                <li><a href="/console/insight">"Search insight"</a></li>
                <li><a href="/console/synonyms">"Search synonyms"</a></li>
            </ul>
            <h2>"Records"</h2>
            <ul class="nhsuk-list">
                <li><a href="/console/services">"Find records"</a></li>
                <li><a href="/console/services/new">"Add a service"</a></li>
                <li><a href="/console/imports">"Imports from other directories"</a></li>
                <li><a href="/console/local-roles">"Local roles"</a></li>
                <li><a href="/console/found-elsewhere">"Services found elsewhere"</a></li>
            </ul>
            {page.commissioning.then(|| view! {
                <h2>"Reports"</h2>
                <ul class="nhsuk-list">
                    <li><a href="/commissioning">"Unmet needs reports"</a></li>
                </ul>
            })}
            <form method="post" action="/logout">
                <input type="hidden" name="csrf_token" value=page.csrf_token />
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Sign out"</button>
            </form>
        </Shell>
    }
}

/// Such as "1 record overdue" or "3 records due this month".
fn count_text(count: usize, what: &str) -> String {
    format!("{count} {} {what}", if count == 1 { "record" } else { "records" })
}

#[component]
fn ReviewQueueView(page: ReviewQueuePage) -> impl IntoView {
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            let href = format!("/console/services/{}", row.id);
            let due = if row.due.is_empty() { "Not set".to_owned() } else { row.due };
            view! {
                <tr>
                    <td><a href=href>{row.name}</a></td>
                    <td>{due}</td>
                    <td>{row.label}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Shell title="Review queue".to_owned() shortlist_count=0 section=Section::None>
            <h1>"Review queue"</h1>
            <p><a href="/console">"Back to the console"</a></p>
            <table class="nhsuk-table">
                <caption class="nhsuk-table__caption">
                    {format!("{} published records, page {} of {}", page.total, page.page, page.pages)}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Review due"</th>
                        <th scope="col">"When"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <PrevNextLinks previous=page.previous next=page.next />
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    #[test]
    fn console_names_the_person_and_signs_out_with_the_csrf_token() {
        let html = render_console(&ConsolePage {
            display_name: "Ann".into(),
            role_label: "Community Knowledge Officer".into(),
            csrf_token: "tok".into(),
            overdue: 1,
            due_this_month: 3,
            new_inbox: 2,
            commissioning: false,
        });
        assert_common_page_parts(&html);
        assert!(!html.contains(r#"href="/commissioning""#), "reports only for admins");
        assert!(html.contains("Signed in as Ann (Community Knowledge Officer)"));
        assert!(html.contains(r#"name="csrf_token" value="tok""#));
        assert!(html.contains("1 record overdue"));
        assert!(html.contains("3 records due this month"));
        assert!(html.contains(r#"href="/console/review""#));
        assert!(html.contains("2 new messages"));
        assert_common_page_parts(&render_notice("You cannot do this", "No."));
    }

    #[test]
    fn review_queue_lists_records_with_links_and_pages() {
        let html = render_review_queue(&ReviewQueuePage {
            rows: vec![
                ReviewRow {
                    id: "a".into(),
                    name: "Alder <Club>".into(),
                    due: String::new(),
                    label: "No review date".into(),
                },
                ReviewRow {
                    id: "b".into(),
                    name: "Birch".into(),
                    due: "2026-01-01".into(),
                    label: "Overdue by 3 days".into(),
                },
            ],
            total: 51,
            page: 1,
            pages: 2,
            previous: None,
            next: Some("/console/review?page=2".into()),
        });
        assert_common_page_parts(&html);
        assert!(html.contains(r#"<a href="/console/services/a">Alder &lt;Club&gt;</a>"#));
        assert!(html.contains("Not set"));
        assert!(html.contains("Overdue by 3 days"));
        assert!(html.contains("51 published records, page 1 of 2"));
        assert!(html.contains(r#"href="/console/review?page=2""#));
    }
}
