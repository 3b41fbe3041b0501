//! The console's search insight (searches that found nothing or little, grouped by
//! words, area and filters) and the synonym rules editor.

use leptos::prelude::*;

use crate::components::{
    render_document,
    text_field::{group_class, InlineError},
    ErrorSummary, Section, Shell, TextArea,
};
use crate::view_model::FieldError;

/// One group of zero- or few-result searches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InsightRow {
    /// The cleaned words ("" for none).
    pub words: String,
    /// The district's name, or "Anywhere".
    pub area: String,
    /// The filters in words, or "None".
    pub filters: String,
    /// Searches that found nothing.
    pub zero: i64,
    /// Searches that found one or two.
    pub few: i64,
}

/// What the insight page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InsightPage {
    /// The period, in days.
    pub days: u32,
    /// The groups, most frequent first.
    pub rows: Vec<InsightRow>,
}

/// The synonym rules editor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SynonymsPage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Every rule, one a line.
    pub rules: String,
    /// The rules' version.
    pub version: i64,
    /// Who saved them last, and when.
    pub updated: String,
    /// "Add a synonym": the words people search for.
    pub words: String,
    /// "Add a synonym": what they mean.
    pub meaning: String,
    /// What is wrong (field "words", "meaning" or "rules").
    pub error: Option<FieldError>,
    /// A confirmation after a save.
    pub notice: Option<String>,
}

/// Periods offered on the insight page, in days.
pub const INSIGHT_PERIODS: [u32; 3] = [7, 30, 90];

/// Returns the insight page as a complete HTML document.
pub fn render_insight(page: &InsightPage) -> String {
    let page = page.clone();
    render_document(view! { <InsightView page=page /> })
}

/// Returns the synonyms page as a complete HTML document.
pub fn render_synonyms(page: &SynonymsPage) -> String {
    let page = page.clone();
    render_document(view! { <SynonymsView page=page /> })
}

#[component]
fn InsightView(page: InsightPage) -> impl IntoView {
    let periods = INSIGHT_PERIODS
        .into_iter()
        .map(|days| {
            let current = (days == page.days).then_some("page");
            view! { <li><a href=format!("/console/insight?days={days}") aria-current=current>{format!("Last {days} days")}</a></li> }
        })
        .collect_view();
    let empty = page.rows.is_empty().then(|| view! { <p>"No searches found little or nothing in this period."</p> });
    let rows = page
        .rows
        .into_iter()
        .enumerate()
        .map(|(index, row)| {
            let add_synonym = format!("/console/synonyms?{}", url_pairs(&[("words", row.words.as_str())]));
            let words = if row.words.is_empty() { "(no words)".to_owned() } else { row.words.clone() };
            let hidden = format!(" for {words}");
            let heading_id = format!("search-{index}");
            let labelled_by = heading_id.clone();
            let line = |key: &'static str, value: String| {
                view! {
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">{key}</dt>
                        <dd class="nhsuk-summary-list__value">{value}</dd>
                    </div>
                }
            };
            view! {
                <section aria-labelledby=labelled_by>
                    <h2 class="nhsuk-heading-s" id=heading_id>{words}</h2>
                    <dl class="nhsuk-summary-list">
                        {line("Area", row.area)}
                        {line("Filters", row.filters)}
                        {line("Found nothing", format!("{} searches", row.zero))}
                        {line("Found 1 or 2", format!("{} searches", row.few))}
                    </dl>
                    <ul class="nhsuk-list">
                        <li><a href=add_synonym>"Add a synonym"<span class="nhsuk-u-visually-hidden">{hidden.clone()}</span></a></li>
                        <li><a href="/console/services/new">"Add a service"<span class="nhsuk-u-visually-hidden">{hidden}</span></a></li>
                    </ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <Shell title="Search insight".to_owned() shortlist_count=0 section=Section::None>
            <h1>"Search insight"</h1>
            <p><a href="/console">"Back to the console"</a></p>
            <p>
                "Searches that found nothing or only one or two services, grouped by their words, area \
                 and filters, most frequent first. No postcodes or personal details are kept."
            </p>
            <nav aria-label="Period">
                <ul class="nhsuk-list">{periods}</ul>
            </nav>
            <p class="nhsuk-lede-text">{format!("Last {} days", page.days)}</p>
            {empty}
            {rows}
        </Shell>
    }
}

/// `name=value&…`, form-encoded.
fn url_pairs(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        for byte in value.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(char::from(byte)),
                b' ' => out.push('+'),
                other => out.push_str(&format!("%{other:02X}")),
            }
        }
    }
    out
}

/// A text input with its label, hint and inline error.
fn input(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    value: String,
    error: Option<String>,
) -> impl IntoView {
    let has_error = error.is_some();
    let class = if has_error { "nhsuk-input nhsuk-input--error" } else { "nhsuk-input" };
    let described = if has_error { format!("{id}-hint {id}-error") } else { format!("{id}-hint") };
    view! {
        <div class=group_class(has_error)>
            <label class="nhsuk-label" for=id>{label}</label>
            <div class="nhsuk-hint" id=format!("{id}-hint")>{hint}</div>
            {error.map(|message| view! { <InlineError id=format!("{id}-error") message=message /> })}
            <input class=class id=id name=id type="text" value=value aria-describedby=described />
        </div>
    }
}

#[component]
fn SynonymsView(page: SynonymsPage) -> impl IntoView {
    let error = page.error.clone();
    let error_for = move |field: &str| error.as_ref().filter(|error| error.field == field).map(|e| e.message.clone());
    let rules_error = error_for("rules");
    let (words_error, meaning_error) = (error_for("words"), error_for("meaning"));
    let rules_group = group_class(rules_error.is_some());
    let title = if page.error.is_some() { "Error: Search synonyms".to_owned() } else { "Search synonyms".to_owned() };
    let summary = page.error.clone().map(|error| view! { <ErrorSummary error=error /> });
    let notice = page.notice.map(|notice| view! { <div class="nhsuk-inset-text" role="status"><p>{notice}</p></div> });
    let rules_invalid = rules_error.is_some();
    let rules_described = if rules_invalid { "rules-hint rules-error" } else { "rules-hint" }.to_owned();
    let line_count = page.rules.lines().filter(|line| !line.trim().is_empty() && !line.trim().starts_with('#')).count();
    view! {
        <Shell title=title shortlist_count=0 section=Section::None>
            {summary}
            <h1>"Search synonyms"</h1>
            <p><a href="/console">"Back to the console"</a></p>
            {notice}
            <p>{format!("{line_count} rules, version {}. Last saved by {}.", page.version, page.updated)}</p>
            <h2>"Add a synonym"</h2>
            <form method="post" action="/console/synonyms/add" novalidate>
                <input type="hidden" name="csrf_token" value=page.csrf_token.clone() />
                {input("words", "When people search for", "Such as: skint, hard up", page.words, words_error)}
                {input("meaning", "Also find services about", "Such as: debt, benefits", page.meaning, meaning_error)}
                <button class="nhsuk-button" type="submit">"Add synonym"</button>
            </form>
            <h2>"All rules"</h2>
            <form method="post" action="/console/synonyms" novalidate>
                <input type="hidden" name="csrf_token" value=page.csrf_token />
                <div class=rules_group>
                    <label class="nhsuk-label" for="rules">"Rules, one a line"</label>
                    <div class="nhsuk-hint" id="rules-hint">
                        "\"a, b, c\" makes the words equivalent. \"a, b => c, d\" expands a and b to c and d. \
                         Lines starting with # are notes. Changes apply to searches straight away."
                    </div>
                    {rules_error.map(|message| view! { <InlineError id="rules-error".to_owned() message=message /> })}
                    <TextArea id="rules" value=page.rules.clone() rows=20 described_by=Some(rules_described) error=rules_invalid />
                </div>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Save rules"</button>
            </form>
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    #[test]
    fn insight_rows_offer_a_prefilled_synonym_and_a_new_service() {
        let html = render_insight(&InsightPage {
            days: 30,
            rows: vec![InsightRow {
                words: "allotment & shed".into(),
                area: "Leicester".into(),
                filters: "Free".into(),
                zero: 4,
                few: 1,
            }],
        });
        assert_common_page_parts(&html);
        assert!(html.contains(r#"href="/console/synonyms?words=allotment+%26+shed""#), "{html}");
        assert!(html.contains(r#"href="/console/services/new""#));
        assert!(html.contains("4 searches") && html.contains("allotment &amp; shed"));
    }

    #[test]
    fn synonyms_page_shows_the_rules_and_the_error() {
        let html = render_synonyms(&SynonymsPage {
            csrf_token: "tok".into(),
            rules: "# note\nskint => debt\n".into(),
            version: 3,
            updated: "ann@example.org".into(),
            words: "hard up".into(),
            meaning: String::new(),
            error: Some(FieldError { field: "meaning".into(), message: "Enter what it means".into() }),
            notice: None,
        });
        assert_common_page_parts(&html);
        assert!(html.contains("1 rules, version 3"));
        assert!(html.contains(r#"value="hard up""#) && html.contains("Enter what it means"));
        assert!(html.contains("skint =&gt; debt"));
    }
}
