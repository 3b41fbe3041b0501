//! The commissioners' dashboard of unmet needs: filters (a GET form), totals, a trend
//! chart, tables by need, area and month, the map, and bar charts of barriers,
//! specialties and support levels. Every number arrives already suppressed ("<8" or
//! rounded to 5) and every chart and the map come as server-drawn SVG followed by a table
//! of the same values.

use leptos::prelude::*;

use super::console_services::Choice;
use crate::{
    components::{render_document, ErrorSummary, Section, Shell},
    view_model::FieldError,
};

/// A table: caption, column headings (the first heads the row headings) and rows of a
/// row heading and cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataTable {
    /// The caption.
    pub caption: String,
    /// Column headings; the first is for the row headings.
    pub columns: Vec<String>,
    /// Row heading and cells.
    pub rows: Vec<(String, Vec<String>)>,
}

/// A chart or map (SVG markup made by the server, whose text is escaped) with its table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figure {
    /// Section heading.
    pub heading: String,
    /// The SVG element.
    pub svg: String,
    /// The same values as a table.
    pub table: DataTable,
}

/// The filter values as given (echoed into the form).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilters {
    /// First month, "YYYY-MM".
    pub from: String,
    /// Last month, "YYYY-MM".
    pub to: String,
    /// District code or empty.
    pub district: String,
    /// Need slug or empty.
    pub need: String,
    /// "count" or "rate" (the map's shading).
    pub measure: String,
}

/// What the dashboard shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommissioningPage {
    /// The filters.
    pub filters: ReportFilters,
    /// Districts offered.
    pub districts: Vec<Choice>,
    /// Need areas and sub-needs offered.
    pub needs: Vec<Choice>,
    /// Problems with the filters; when present the page shows only the form.
    pub errors: Vec<FieldError>,
    /// Such as "Jan 2026 to Jun 2026, all districts, all needs".
    pub summary: String,
    /// Total unmet needs, suppressed.
    pub total: String,
    /// The CSV export link with the same filters.
    pub export_href: String,
    /// Unmet needs by month.
    pub trend: Figure,
    /// The map.
    pub map: Figure,
    /// PCNs (the map's circles) as a table.
    pub pcn_table: DataTable,
    /// Where the populations for rates come from.
    pub population_source: String,
    /// Need × district.
    pub need_by_area: DataTable,
    /// Need × month.
    pub need_by_month: DataTable,
    /// Top barriers.
    pub barriers: Figure,
    /// By specialty.
    pub specialties: Figure,
    /// By support level.
    pub support_levels: Figure,
}

/// Returns the dashboard as a complete HTML document.
pub fn render_commissioning(page: &CommissioningPage) -> String {
    let page = page.clone();
    render_document(view! { <CommissioningView page=page /> })
}

fn options(choices: Vec<Choice>, selected: &str) -> impl IntoView {
    choices
        .into_iter()
        .map(|(value, label)| {
            let is_selected = value == selected;
            view! { <option value=value selected=is_selected>{label}</option> }
        })
        .collect_view()
}

/// A text input with a hint and an inline error.
fn month_field(id: &'static str, label: &'static str, value: String, errors: &[FieldError]) -> impl IntoView {
    let error = errors.iter().find(|error| error.field == id).map(|error| error.message.clone());
    let group = if error.is_some() { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" };
    let input = if error.is_some() {
        "nhsuk-input nhsuk-input--width-10 nhsuk-input--error"
    } else {
        "nhsuk-input nhsuk-input--width-10"
    };
    let described = if error.is_some() { format!("{id}-hint {id}-error") } else { format!("{id}-hint") };
    let message = error.map(|message| {
        view! {
            <span class="nhsuk-error-message" id=format!("{id}-error")>
                <span class="nhsuk-u-visually-hidden">"Error: "</span>
                {message}
            </span>
        }
    });
    view! {
        <div class=group>
            <label class="nhsuk-label" for=id>{label}</label>
            <div class="nhsuk-hint" id=format!("{id}-hint")>"Year and month, for example 2026-01"</div>
            {message}
            <input class=input id=id name=id type="text" inputmode="numeric" value=value aria-describedby=described />
        </div>
    }
}

/// A select with an inline error.
fn select_field(
    id: &'static str,
    label: &'static str,
    choices: Vec<Choice>,
    selected: &str,
    errors: &[FieldError],
) -> impl IntoView {
    let error = errors.iter().find(|error| error.field == id).map(|error| error.message.clone());
    let group = if error.is_some() { "nhsuk-form-group nhsuk-form-group--error" } else { "nhsuk-form-group" };
    let select = if error.is_some() { "nhsuk-select nhsuk-select--error" } else { "nhsuk-select" };
    let described = error.is_some().then(|| format!("{id}-error"));
    let message = error.map(|message| {
        view! {
            <span class="nhsuk-error-message" id=format!("{id}-error")>
                <span class="nhsuk-u-visually-hidden">"Error: "</span>
                {message}
            </span>
        }
    });
    let mut all = vec![(String::new(), "All".to_owned())];
    all.extend(choices);
    view! {
        <div class=group>
            <label class="nhsuk-label" for=id>{label}</label>
            {message}
            <select class=select id=id name=id aria-describedby=described>{options(all, selected)}</select>
        </div>
    }
}

/// A table inside a focusable scrolling region (wide tables scroll on small screens).
fn table_view(table: DataTable) -> impl IntoView {
    let label = table.caption.clone();
    let mut columns = table.columns.into_iter();
    let corner = columns.next().unwrap_or_default();
    let heads = columns.map(|column| view! { <th scope="col">{column}</th> }).collect_view();
    let rows = table
        .rows
        .into_iter()
        .map(|(heading, cells)| {
            let cells = cells.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view();
            view! { <tr><th scope="row">{heading}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="signpost-scroll" role="region" aria-label=label tabindex="0">
            <table class="nhsuk-table">
                <caption class="nhsuk-table__caption">{table.caption}</caption>
                <thead><tr><th scope="col">{corner}</th>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn figure_view(id: &'static str, figure: Figure) -> impl IntoView {
    view! {
        <section aria-labelledby=format!("{id}-heading")>
            <h2 id=format!("{id}-heading")>{figure.heading}</h2>
            <div class="signpost-chart" inner_html=figure.svg></div>
            {table_view(figure.table)}
        </section>
    }
}

#[component]
fn CommissioningView(page: CommissioningPage) -> impl IntoView {
    let f = page.filters.clone();
    let errors = page.errors.clone();
    let summary_error = errors.first().cloned().map(|error| view! { <ErrorSummary error=error /> });
    let title = if errors.is_empty() { "Unmet needs" } else { "Error: Unmet needs" };
    let measure_radio = |value: &'static str, label: &'static str| {
        let checked = f.measure == value || (value == "count" && f.measure != "rate");
        let id = format!("measure-{value}");
        view! {
            <div class="nhsuk-radios__item">
                <input class="nhsuk-radios__input" id=id.clone() name="measure" type="radio" value=value checked=checked />
                <label class="nhsuk-label nhsuk-radios__label" for=id>{label}</label>
            </div>
        }
    };
    let form = view! {
        <form method="get" action="/commissioning" class="signpost-filters" novalidate>
            <h2 class="nhsuk-heading-m">"Filters"</h2>
            {month_field("from", "From month", f.from.clone(), &errors)}
            {month_field("to", "To month", f.to.clone(), &errors)}
            {select_field("district", "District", page.districts.clone(), &f.district, &errors)}
            {select_field("need", "Need", page.needs.clone(), &f.need, &errors)}
            <div class="nhsuk-form-group">
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Shade the map by"</legend>
                    <div class="nhsuk-radios nhsuk-radios--small">
                        {measure_radio("count", "Number of unmet needs")}
                        {measure_radio("rate", "Rate per 10,000 residents")}
                    </div>
                </fieldset>
            </div>
            <button class="nhsuk-button" type="submit">"Show report"</button>
        </form>
    };
    let body = errors.is_empty().then(|| {
        view! {
            <p class="nhsuk-lede-text">{page.summary.clone()}</p>
            <div class="nhsuk-card">
                <div class="nhsuk-card__content">
                    <h2 class="nhsuk-card__heading">"Unmet needs recorded"</h2>
                    <p class="nhsuk-heading-l" id="total">{page.total.clone()}</p>
                </div>
            </div>
            <p><a href=page.export_href.clone()>"Download these figures as a spreadsheet (CSV)"</a></p>
            {figure_view("trend", page.trend.clone())}
            <section aria-labelledby="map-heading">
                <h2 id="map-heading">{page.map.heading.clone()}</h2>
                <div class="signpost-chart" inner_html=page.map.svg.clone()></div>
                <p class="nhsuk-body-s">{page.population_source.clone()}</p>
                {table_view(page.map.table.clone())}
                {table_view(page.pcn_table.clone())}
            </section>
            <section aria-labelledby="need-area-heading">
                <h2 id="need-area-heading">"Needs by district"</h2>
                {table_view(page.need_by_area.clone())}
            </section>
            <section aria-labelledby="need-month-heading">
                <h2 id="need-month-heading">"Needs by month"</h2>
                {table_view(page.need_by_month.clone())}
            </section>
            {figure_view("barriers", page.barriers.clone())}
            {figure_view("specialties", page.specialties.clone())}
            {figure_view("levels", page.support_levels.clone())}
        }
    });
    view! {
        <Shell title=title.to_owned() shortlist_count=0 section=Section::None>
            {summary_error}
            <h1>"Unmet needs"</h1>
            <div class="nhsuk-inset-text">
                <p>
                    "To protect people's privacy, counts from 1 to 7 show as <8 and other counts are rounded to the nearest 5, so totals may not add up."
                </p>
            </div>
            {form}
            {body}
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    fn table(caption: &str) -> DataTable {
        DataTable {
            caption: caption.into(),
            columns: vec!["Need".into(), "Leicester".into()],
            rows: vec![("Money <b>".into(), vec!["<8".into()])],
        }
    }

    fn figure(heading: &str, id: &str) -> Figure {
        Figure { heading: heading.into(), svg: format!(r#"<svg id="{id}"></svg>"#), table: table(heading) }
    }

    fn page() -> CommissioningPage {
        CommissioningPage {
            filters: ReportFilters { from: "2026-01".into(), measure: "rate".into(), ..ReportFilters::default() },
            districts: vec![("E06000016".into(), "Leicester".into())],
            needs: vec![("money".into(), "Money".into())],
            summary: "Jan 2026 to Jun 2026".into(),
            total: "45".into(),
            export_href: "/commissioning/export.csv?from=2026-01".into(),
            trend: figure("By month", "trend-chart"),
            map: figure("Map", "map-svg"),
            pcn_table: table("PCNs"),
            need_by_area: table("Needs by district"),
            need_by_month: table("Needs by month"),
            barriers: figure("Barriers", "barrier-chart"),
            specialties: figure("Specialties", "specialty-chart"),
            support_levels: figure("Levels", "level-chart"),
            ..CommissioningPage::default()
        }
    }

    #[test]
    fn dashboard_shows_figures_tables_and_escapes_text() {
        let html = render_commissioning(&page());
        assert_common_page_parts(&html);
        assert!(html.contains(r#"<svg id="map-svg"></svg>"#));
        assert!(html.contains("<th scope=\"row\">Money &lt;b&gt;</th><td>&lt;8</td>"), "{html}");
        assert!(html.contains(r#"href="/commissioning/export.csv?from=2026-01""#));
        assert!(html.contains(r#"id="measure-rate" name="measure" type="radio" value="rate" checked"#), "{html}");
        assert!(html.contains(r#"<p id="total" class="nhsuk-heading-l">45</p>"#), "{html}");
    }

    #[test]
    fn errors_show_a_summary_and_no_figures() {
        let mut page = page();
        page.errors = vec![FieldError { field: "from".into(), message: "Enter a month like 2026-01".into() }];
        let html = render_commissioning(&page);
        assert!(html.contains("There is a problem"));
        assert!(html.contains(r##"href="#from""##));
        assert!(html.contains("nhsuk-input--error"));
        assert!(!html.contains("map-svg"));
        assert!(html.contains("<title>Error: Unmet needs"));
    }
}
