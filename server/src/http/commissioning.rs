//! Commissioners' reports on unmet needs: the dashboard (`/commissioning`) and its CSV
//! export. Counts are grouped in the database; every number shown or exported is
//! suppressed first (`reports::Suppressed`), and rates and map shading are worked out from
//! the suppressed values. No staff identity or free text is ever read here.

use std::collections::HashMap;

use axum::{
    extract::{Query, State},
    http::{header, StatusCode},
    response::{Html, IntoResponse, Response},
};
use chrono::{Datelike, Months, NaiveDate};
use chrono_tz::Europe::London;
use serde::Deserialize;
use signpost_web::{CommissioningPage, DataTable, FieldError, Figure, ReportFilters};

use super::{choices::need_choices, policy::PolicyRouter};
use crate::{
    auth::Policy,
    error::ApiError,
    reports::{
        self, chart_svg, csv,
        geo::MapReference,
        label_of,
        map_svg::{self, MapArea, MapPoint},
        month_label, months_between, Suppressed, AGE_BANDS, BARRIERS, SPECIALTIES, SUPPORT_LEVELS,
    },
    state::AppState,
    storage::{
        self,
        reports::{Dimension, GroupCount, ReportFilter},
        Role,
    },
};

/// Commissioners read the reports (admins too, as everywhere); curators and staff do not.
pub const COMMISSIONING: Policy = Policy::AnyOf(&[Role::Commissioner]);

/// Months shown when no period is chosen: the current month and the eleven before it.
const DEFAULT_MONTHS: u32 = 12;

/// The longest period one report covers.
const MAX_MONTHS: usize = 120;

/// Commissioning routes.
pub fn router() -> PolicyRouter {
    PolicyRouter::new().get("/commissioning", dashboard, COMMISSIONING).get(
        "/commissioning/export.csv",
        export,
        COMMISSIONING,
    )
}

/// The filters as sent.
#[derive(Debug, Default, Deserialize)]
struct FilterQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    need: String,
    #[serde(default)]
    measure: String,
}

/// Validated filters.
struct Filters {
    from: String,
    to: String,
    filter: ReportFilter,
    rate: bool,
}

fn current_month(state: &AppState) -> NaiveDate {
    let today = state.clock.now().with_timezone(&London).date_naive();
    today.with_day(1).unwrap_or(today)
}

/// Returns "YYYY-MM" if `text` is one (years 2000 to 2099).
fn parse_month(text: &str) -> Option<String> {
    let (year, month) = text.trim().split_once('-')?;
    let year: i32 = year.parse().ok().filter(|year| (2000..2100).contains(year))?;
    let month: u32 = month.parse().ok().filter(|month| (1..=12).contains(month))?;
    (text.trim().len() == 7).then(|| format!("{year:04}-{month:02}"))
}

/// Checks the filters against the calendar and the reference data; the errors name the
/// field and say how to put it right.
fn validate(state: &AppState, query: &FilterQuery) -> Result<Filters, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut error = |field: &str, message: &str| {
        errors.push(FieldError { field: field.to_owned(), message: message.to_owned() });
    };
    let this_month = current_month(state);
    let default_to = this_month.format("%Y-%m").to_string();
    let default_from = this_month
        .checked_sub_months(Months::new(DEFAULT_MONTHS - 1))
        .unwrap_or(this_month)
        .format("%Y-%m")
        .to_string();
    let mut month = |field: &str, text: &str, default: String| {
        if text.trim().is_empty() {
            return Some(default);
        }
        let parsed = parse_month(text);
        if parsed.is_none() {
            error(field, &format!("Enter the {field} month as year and month, like 2026-01"));
        }
        parsed
    };
    let from = month("from", &query.from, default_from);
    let to = month("to", &query.to, default_to);
    let district = query.district.trim();
    if !district.is_empty() && !state.reference.geography.districts().iter().any(|known| known.code == district) {
        error("district", "Choose a district from the list");
    }
    let need = query.need.trim();
    let taxonomy = &state.reference.taxonomy;
    if !need.is_empty() && taxonomy.need(need).is_none() && taxonomy.parent_of(need).is_none() {
        error("need", "Choose a need from the list");
    }
    if let (Some(from), Some(to)) = (&from, &to) {
        if from > to {
            error("to", "The to month must be the same as or after the from month");
        } else if months_between(from, to).len() >= MAX_MONTHS {
            error("to", "Choose a period of 10 years or less");
        }
    }
    match (from, to) {
        (Some(from), Some(to)) if errors.is_empty() => Ok(Filters {
            filter: ReportFilter {
                from_month: Some(from.clone()),
                to_month: Some(to.clone()),
                district: (!district.is_empty()).then(|| district.to_owned()),
                need: (!need.is_empty()).then(|| need.to_owned()),
            },
            from,
            to,
            rate: query.measure == "rate",
        }),
        _ => Err(errors),
    }
}

fn district_choices(state: &AppState) -> Vec<(String, String)> {
    let mut districts: Vec<(String, String)> = state
        .reference
        .geography
        .districts()
        .iter()
        .map(|district| (district.code.clone(), district.name.clone()))
        .collect();
    districts.sort_by(|a, b| a.1.cmp(&b.1));
    districts
}

/// The words for a need or sub-need slug.
fn need_label(state: &AppState, slug: &str) -> String {
    let taxonomy = &state.reference.taxonomy;
    if let Some(area) = taxonomy.need(slug) {
        return area.label.clone();
    }
    taxonomy
        .needs
        .iter()
        .flat_map(|area| &area.children)
        .find(|child| child.slug == slug)
        .map_or_else(|| slug.to_owned(), |child| child.label.clone())
}

fn filters_echo(query: &FilterQuery) -> ReportFilters {
    ReportFilters {
        from: query.from.clone(),
        to: query.to.clone(),
        district: query.district.clone(),
        need: query.need.clone(),
        measure: if query.measure == "rate" { "rate".into() } else { "count".into() },
    }
}

/// Sums counts by their first key.
fn by_key(rows: &[GroupCount]) -> HashMap<Option<String>, i64> {
    let mut sums = HashMap::new();
    for row in rows {
        *sums.entry(row.key.clone()).or_default() += row.count;
    }
    sums
}

fn shown(count: i64) -> String {
    Suppressed::new(count).to_string()
}

/// A bar figure over fixed labels (`order`), sorted by suppressed value when `top`.
fn bar_figure(id: &str, heading: &str, what: &str, rows: &[GroupCount], order: &[(&str, &str)], top: bool) -> Figure {
    let sums = by_key(rows);
    let mut bars: Vec<(String, Suppressed)> = order
        .iter()
        .map(|(code, label)| {
            ((*label).to_owned(), Suppressed::new(sums.get(&Some((*code).to_owned())).copied().unwrap_or(0)))
        })
        .collect();
    if top {
        // Order by the suppressed value only, so the order never ranks "<8" counts.
        bars.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
    Figure {
        heading: heading.to_owned(),
        svg: chart_svg::bar_chart(&format!("{id}-chart"), heading, &bars),
        table: DataTable {
            caption: heading.to_owned(),
            columns: vec![what.to_owned(), "Unmet needs".to_owned()],
            rows: bars.into_iter().map(|(label, value)| (label, vec![value.to_string()])).collect(),
        },
    }
}

/// Where a report's numbers come from, gathered once per request.
struct Counts {
    total: i64,
    by_month: Vec<GroupCount>,
    by_district: Vec<GroupCount>,
    by_pcn: Vec<GroupCount>,
    need_district: Vec<GroupCount>,
    need_month: Vec<GroupCount>,
    barriers: Vec<GroupCount>,
    specialties: Vec<GroupCount>,
    levels: Vec<GroupCount>,
}

async fn counts(state: &AppState, filter: &ReportFilter) -> storage::Result<Counts> {
    let store = &state.store;
    Ok(Counts {
        total: store.unmet_need_total(filter).await?,
        by_month: store.unmet_need_counts(filter, Dimension::Month, None).await?,
        by_district: store.unmet_need_counts(filter, Dimension::District, None).await?,
        by_pcn: store.unmet_need_counts(filter, Dimension::Pcn, None).await?,
        need_district: store.unmet_need_counts(filter, Dimension::Need, Some(Dimension::District)).await?,
        need_month: store.unmet_need_counts(filter, Dimension::Need, Some(Dimension::Month)).await?,
        barriers: store.unmet_need_counts(filter, Dimension::Barrier, None).await?,
        specialties: store.unmet_need_counts(filter, Dimension::Specialty, None).await?,
        levels: store.unmet_need_counts(filter, Dimension::SupportLevel, None).await?,
    })
}

/// Need areas in taxonomy order, then any other stored need slugs.
fn need_rows(state: &AppState, rows: &[GroupCount]) -> Vec<(String, String)> {
    let mut needs: Vec<(String, String)> =
        state.reference.taxonomy.needs.iter().map(|area| (area.slug.clone(), area.label.clone())).collect();
    for row in rows {
        if let Some(slug) = &row.key {
            if !needs.iter().any(|(known, _)| known == slug) {
                needs.push((slug.clone(), need_label(state, slug)));
            }
        }
    }
    needs
}

/// A need × (district or month) table, with row totals.
fn cross_table(
    caption: &str,
    needs: &[(String, String)],
    columns: &[(Option<String>, String)],
    rows: &[GroupCount],
) -> DataTable {
    let mut cells: HashMap<(Option<String>, Option<String>), i64> = HashMap::new();
    for row in rows {
        *cells.entry((row.key.clone(), row.key2.clone())).or_default() += row.count;
    }
    let totals = by_key(rows);
    let mut headings = vec!["Need".to_owned()];
    headings.extend(columns.iter().map(|(_, label)| label.clone()));
    headings.push("All".to_owned());
    DataTable {
        caption: caption.to_owned(),
        columns: headings,
        rows: needs
            .iter()
            .map(|(slug, label)| {
                let key = Some(slug.clone());
                let mut line: Vec<String> = columns
                    .iter()
                    .map(|(column, _)| shown(cells.get(&(key.clone(), column.clone())).copied().unwrap_or(0)))
                    .collect();
                line.push(shown(totals.get(&key).copied().unwrap_or(0)));
                (label.clone(), line)
            })
            .collect(),
    }
}

fn describe(state: &AppState, filters: &Filters) -> String {
    let district = filters
        .filter
        .district
        .as_deref()
        .and_then(|code| state.reference.geography.districts().iter().find(|d| d.code == code))
        .map_or_else(|| "all districts".to_owned(), |district| district.name.clone());
    let need = filters.filter.need.as_deref().map_or_else(|| "all needs".to_owned(), |slug| need_label(state, slug));
    format!("{} to {}, {district}, {need}", month_label(&filters.from), month_label(&filters.to))
}

fn query_string(filters: &Filters) -> String {
    let mut url = url::form_urlencoded::Serializer::new(String::new());
    url.append_pair("from", &filters.from).append_pair("to", &filters.to);
    if let Some(district) = &filters.filter.district {
        url.append_pair("district", district);
    }
    if let Some(need) = &filters.filter.need {
        url.append_pair("need", need);
    }
    url.finish()
}

/// The map of districts and PCNs with its tables.
fn map_figure(state: &AppState, map: &MapReference, counts: &Counts, rate: bool) -> (Figure, DataTable, String) {
    let by_district = by_key(&counts.by_district);
    let districts = state.reference.geography.districts();
    let name_of =
        |code: &str| districts.iter().find(|d| d.code == code).map_or_else(|| code.to_owned(), |d| d.name.clone());
    let value_of = |code: &str| {
        let count = Suppressed::new(by_district.get(&Some(code.to_owned())).copied().unwrap_or(0));
        let population = map.population.get(code).copied();
        let safe =
            if rate { count.rate_per_10k(population) } else { (!count.is_small()).then(|| count.value() as f64) };
        (count, population, safe)
    };
    let safe_values: Vec<f64> = map.boundaries.iter().filter_map(|boundary| value_of(&boundary.code).2).collect();
    let bounds = map_svg::class_bounds(&safe_values, if rate { 0.1 } else { 5.0 });
    let what = if rate { "rate per 10,000 residents" } else { "number of unmet needs" };
    let areas: Vec<MapArea> = map
        .boundaries
        .iter()
        .map(|boundary| {
            let (count, population, safe) = value_of(&boundary.code);
            let rate_text = reports::suppression::rate_text(count, population);
            MapArea {
                polygons: boundary.polygons.clone(),
                title: format!("{}: {count} unmet needs, {rate_text} per 10,000 residents", name_of(&boundary.code)),
                class: map_svg::class_of(safe, &bounds),
            }
        })
        .collect();
    let by_pcn = by_key(&counts.by_pcn);
    let pcn_count = |code: &str| Suppressed::new(by_pcn.get(&Some(code.to_owned())).copied().unwrap_or(0));
    let pcn_values: Vec<f64> = map
        .pcns
        .iter()
        .map(|pcn| pcn_count(&pcn.code))
        .filter(|count| !count.is_small())
        .map(|count| count.value() as f64)
        .collect();
    let pcn_bounds = map_svg::class_bounds(&pcn_values, 5.0);
    let title_case = |name: &str| pcn_name(name);
    let points: Vec<MapPoint> = map
        .pcns
        .iter()
        .map(|pcn| {
            let count = pcn_count(&pcn.code);
            MapPoint {
                at: pcn.at,
                title: format!("{}: {count} unmet needs", title_case(&pcn.name)),
                class: map_svg::class_of((!count.is_small()).then(|| count.value() as f64), &pcn_bounds),
            }
        })
        .collect();
    let title = format!("Map of unmet needs by district, shaded by {what}");
    let svg = map_svg::render_map(
        "map",
        &title,
        &areas,
        &map_svg::class_labels(&bounds, if rate { 1 } else { 0 }),
        &points,
        &map_svg::class_labels(&pcn_bounds, 0),
    );
    let mut district_rows: Vec<(String, Vec<String>)> = map
        .boundaries
        .iter()
        .map(|boundary| {
            let (count, population, _) = value_of(&boundary.code);
            (
                name_of(&boundary.code),
                vec![
                    count.to_string(),
                    population.map_or_else(|| "not known".to_owned(), |people| people.to_string()),
                    reports::suppression::rate_text(count, population),
                ],
            )
        })
        .collect();
    district_rows.sort_by(|a, b| a.0.cmp(&b.0));
    let unplaced = by_district.get(&None).copied().unwrap_or(0);
    district_rows.push((
        "District not recorded".to_owned(),
        vec![shown(unplaced), "not known".to_owned(), "not known".to_owned()],
    ));
    let table = DataTable {
        caption: "Unmet needs by district".to_owned(),
        columns: vec![
            "District".to_owned(),
            "Unmet needs".to_owned(),
            "Residents".to_owned(),
            "Rate per 10,000 residents".to_owned(),
        ],
        rows: district_rows,
    };
    let mut pcn_rows: Vec<(String, Vec<String>)> = map
        .pcns
        .iter()
        .map(|pcn| (title_case(&pcn.name), vec![name_of(&pcn.district_code), pcn_count(&pcn.code).to_string()]))
        .collect();
    pcn_rows.sort_by(|a, b| a.0.cmp(&b.0));
    let pcn_table = DataTable {
        caption: "Unmet needs by primary care network (the circles on the map)".to_owned(),
        columns: vec!["Primary care network".to_owned(), "District".to_owned(), "Unmet needs".to_owned()],
        rows: pcn_rows,
    };
    let heading = if rate { "Map: rate per 10,000 residents" } else { "Map: number of unmet needs" };
    (Figure { heading: heading.to_owned(), svg, table }, pcn_table, map.population_source.clone())
}

/// "MELTON, SYSTON AND VALE PCN" as "Melton, Syston And Vale PCN": published names are in
/// capitals, which are hard to read.
fn pcn_name(name: &str) -> String {
    name.split(' ')
        .map(|word| {
            if word == "PCN" || word == "&" {
                return word.to_owned();
            }
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| first.to_string() + &chars.as_str().to_lowercase())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn error_page(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "commissioning report failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Html(signpost_web::render_notice(
            "Sorry, there is a problem",
            "The report could not be made. Try again later.",
        )),
    )
        .into_response()
}

async fn dashboard(State(state): State<AppState>, Query(query): Query<FilterQuery>) -> Response {
    let mut page = CommissioningPage {
        filters: filters_echo(&query),
        districts: district_choices(&state),
        needs: need_choices(&state),
        ..CommissioningPage::default()
    };
    let filters = match validate(&state, &query) {
        Ok(filters) => filters,
        Err(errors) => {
            page.errors = errors;
            return (StatusCode::BAD_REQUEST, Html(signpost_web::render_commissioning(&page))).into_response();
        }
    };
    let counts = match counts(&state, &filters.filter).await {
        Ok(counts) => counts,
        Err(error) => return error_page(error),
    };
    let map = match state.reference.map() {
        Ok(map) => map,
        Err(error) => return error_page(error),
    };
    let months = months_between(&filters.from, &filters.to);
    let by_month = by_key(&counts.by_month);
    let columns: Vec<(String, Suppressed)> = months
        .iter()
        .map(|month| (month_label(month), Suppressed::new(by_month.get(&Some(month.clone())).copied().unwrap_or(0))))
        .collect();
    page.trend = Figure {
        heading: "Unmet needs by month".to_owned(),
        svg: chart_svg::column_chart("trend-chart", "Unmet needs by month", &columns),
        table: DataTable {
            caption: "Unmet needs by month".to_owned(),
            columns: vec!["Month".to_owned(), "Unmet needs".to_owned()],
            rows: columns.iter().map(|(label, value)| (label.clone(), vec![value.to_string()])).collect(),
        },
    };
    let needs = need_rows(&state, &counts.need_district);
    let mut district_columns: Vec<(Option<String>, String)> =
        district_choices(&state).into_iter().map(|(code, name)| (Some(code), name)).collect();
    district_columns.push((None, "Not recorded".to_owned()));
    page.need_by_area =
        cross_table("Unmet needs by need and district", &needs, &district_columns, &counts.need_district);
    let month_columns: Vec<(Option<String>, String)> =
        months.iter().map(|month| (Some(month.clone()), month_label(month))).collect();
    page.need_by_month = cross_table("Unmet needs by need and month", &needs, &month_columns, &counts.need_month);
    page.barriers = bar_figure("barriers", "Top barriers", "Barrier", &counts.barriers, &BARRIERS, true);
    page.specialties =
        bar_figure("specialties", "Unmet needs by specialty", "Specialty", &counts.specialties, &SPECIALTIES, false);
    page.support_levels =
        bar_figure("levels", "Unmet needs by support level", "Support level", &counts.levels, &SUPPORT_LEVELS, false);
    (page.map, page.pcn_table, page.population_source) = map_figure(&state, map, &counts, filters.rate);
    page.total = shown(counts.total);
    page.summary = describe(&state, &filters);
    page.export_href = format!("/commissioning/export.csv?{}", query_string(&filters));
    Html(signpost_web::render_commissioning(&page)).into_response()
}

async fn export(State(state): State<AppState>, Query(query): Query<FilterQuery>) -> Response {
    let filters = match validate(&state, &query) {
        Ok(filters) => filters,
        Err(errors) => {
            let message = errors.iter().map(|error| error.message.as_str()).collect::<Vec<_>>().join(". ");
            return ApiError::bad_request("invalid_filter", message).into_response();
        }
    };
    let rows = match state.store.unmet_need_export(&filters.filter).await {
        Ok(rows) => rows,
        Err(error) => return ApiError::from(error).into_response(),
    };
    let districts = state.reference.geography.districts();
    let pcns = state.reference.map().map(|map| map.pcns.as_slice()).unwrap_or_default();
    let district_name = |code: &Option<String>| {
        code.as_deref().map_or_else(String::new, |code| {
            districts.iter().find(|d| d.code == code).map_or_else(|| code.to_owned(), |d| d.name.clone())
        })
    };
    let pcn_label = |code: &Option<String>| {
        code.as_deref().map_or_else(String::new, |code| {
            pcns.iter().find(|pcn| pcn.code == code).map_or_else(|| code.to_owned(), |pcn| pcn_name(&pcn.name))
        })
    };
    let mut body =
        csv::line(&["need", "sub_need", "district", "pcn", "month", "specialty", "support_level", "age_band", "count"]);
    for row in &rows {
        body.push_str(&csv::line(&[
            need_label(&state, &row.need),
            row.sub_need.as_deref().map(|slug| need_label(&state, slug)).unwrap_or_default(),
            district_name(&row.district_code),
            pcn_label(&row.pcn_code),
            row.month.clone(),
            label_of(&SPECIALTIES, &row.specialty).to_owned(),
            label_of(&SUPPORT_LEVELS, &row.support_level).to_owned(),
            label_of(&AGE_BANDS, &row.age_band).to_owned(),
            shown(row.count),
        ]));
    }
    let filename = format!("unmet-needs-{}-to-{}.csv", filters.from, filters.to);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_must_be_year_dash_month() {
        assert_eq!(parse_month("2026-01").as_deref(), Some("2026-01"));
        assert_eq!(parse_month(" 2026-12 ").as_deref(), Some("2026-12"));
        for bad in ["2026-13", "2026-1", "26-01", "2026/01", "1999-01", "", "2026-00"] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
    }

    #[test]
    fn pcn_names_are_not_shouted() {
        assert_eq!(pcn_name("MELTON, SYSTON AND VALE PCN"), "Melton, Syston And Vale PCN");
        assert_eq!(pcn_name("OADBY & WIGSTON PCN"), "Oadby & Wigston PCN");
    }
}
