//! The server-rendered public pages. Every page and form works without JavaScript:
//! GET forms and links, and POST forms answered with a 303 redirect.

mod information;
mod report;
mod shortlist;

use std::collections::BTreeMap;

use axum::{
    extract::{OriginalUri, Path, Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{Html, IntoResponse, Response},
};
use chrono::{Datelike, Months, NaiveDate};
use chrono_tz::Europe::London;
use signpost_web::{FieldError, NeedOption, ReportForm, ResultItem, ResultsPage, SearchForm, ServicePage};
use uuid::Uuid;

pub use shortlist::Shortlist;

use super::policy::PolicyRouter;
use crate::{
    auth::Policy,
    error::ApiError,
    hsds::{Service, NEEDS_TAXONOMY},
    http::api::{crisis_answer, need_facets, published_record, published_service},
    opening::{opening_table, today_text},
    search::{self, SearchParams, SearchRequest},
    state::AppState,
    storage::ServiceRecord,
};

/// Page routes.
pub fn router() -> PolicyRouter {
    PolicyRouter::new()
        .get("/", home, Policy::Public)
        .get("/search", results, Policy::Public)
        .get("/services/{id}", service, Policy::Public)
        .post("/services/{id}/report", report::submit, Policy::Public)
        .get("/shortlist", shortlist::page, Policy::Public)
        .get("/shortlist/print", shortlist::print, Policy::Public)
        .get("/shortlist.txt", shortlist::plain_text, Policy::Public)
        .post("/shortlist/add", shortlist::add, Policy::Public)
        .post("/shortlist/remove", shortlist::remove, Policy::Public)
        .post("/shortlist/save", shortlist::save, Policy::Public)
        .get("/crisis", crisis, Policy::Public)
        .get("/privacy", information::privacy, Policy::Public)
        .get("/accessibility", information::accessibility, Policy::Public)
        .get("/cookies", information::cookies, Policy::Public)
        .get("/static/signpost.css", stylesheet, Policy::Public)
        .fallback(not_found)
}

async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        signpost_web::STYLESHEET,
    )
}

async fn not_found() -> impl IntoResponse {
    (StatusCode::NOT_FOUND, Html(signpost_web::render_not_found()))
}

fn page_error(error: ApiError) -> Response {
    match error {
        ApiError::NotFound => (StatusCode::NOT_FOUND, Html(signpost_web::render_not_found())).into_response(),
        other => other.into_response(),
    }
}

async fn need_options(state: &AppState) -> Result<Vec<NeedOption>, ApiError> {
    let counts = need_facets(state).await?;
    Ok(options_with_counts(state, &counts))
}

fn options_with_counts(state: &AppState, counts: &BTreeMap<String, u64>) -> Vec<NeedOption> {
    let mut options = Vec::new();
    for area in &state.reference.taxonomy.needs {
        options.push(NeedOption {
            slug: area.slug.clone(),
            label: area.label.clone(),
            count: counts.get(&area.slug).copied().unwrap_or(0),
            parent: None,
        });
        for child in &area.children {
            options.push(NeedOption {
                slug: child.slug.clone(),
                label: child.label.clone(),
                count: counts.get(&child.slug).copied().unwrap_or(0),
                parent: Some(area.slug.clone()),
            });
        }
    }
    options
}

async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let shortlist = Shortlist::from_headers(&headers);
    match need_options(&state).await {
        Ok(needs) => Html(signpost_web::render_home(&needs, shortlist.len())).into_response(),
        Err(error) => page_error(error),
    }
}

async fn crisis(headers: HeaderMap) -> Response {
    Html(signpost_web::render_crisis(Shortlist::from_headers(&headers).len())).into_response()
}

fn form_from(params: &SearchParams) -> SearchForm {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let truthy = |value: &Option<String>| matches!(value.as_deref(), Some("true" | "1" | "on" | "yes"));
    SearchForm {
        q: text(&params.q),
        location: text(&params.location),
        radius_km: params.radius_km.as_deref().and_then(|r| r.trim().parse().ok()),
        need: params.need.clone().filter(|need| !need.is_empty()),
        age: params.age.as_deref().and_then(|age| age.trim().parse().ok()),
        free: truthy(&params.free),
        open_now: truthy(&params.open_now),
        delivery: params.delivery.clone().filter(|delivery| !delivery.is_empty()),
        audiences: params
            .audience
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|slug| !slug.is_empty())
            .map(str::to_owned)
            .collect(),
    }
}

/// Returns "Checked this month" / "Checked 3 months ago" for an assured date.
pub fn checked_ago(assured_date: Option<&str>, today: NaiveDate) -> Option<String> {
    let date = NaiveDate::parse_from_str(assured_date?, "%Y-%m-%d").ok()?;
    let months = (today.year() - date.year()) * 12 + today.month() as i32 - date.month() as i32;
    Some(match months {
        ..=0 => "Checked this month".to_owned(),
        1 => "Checked 1 month ago".to_owned(),
        2..=23 => format!("Checked {months} months ago"),
        _ => format!("Checked {} years ago", months / 12),
    })
}

fn need_label(state: &AppState, slug: &str) -> Option<String> {
    state.reference.taxonomy.need(slug).map(|term| term.label.clone())
}

/// Returns what a service costs, in a few words.
pub fn cost_text(service: &Service) -> String {
    if service.is_free() {
        return "Free".to_owned();
    }
    let charge = service.cost_options.iter().find(|cost| cost.amount.is_some_and(|amount| amount > 0.0));
    match charge {
        Some(cost) => cost.amount_description.clone().unwrap_or_else(|| {
            let amount = cost.amount.unwrap_or_default();
            match &cost.option {
                Some(option) => format!("£{amount:.2} ({})", option.to_lowercase()),
                None => format!("£{amount:.2}"),
            }
        }),
        None => "There may be a cost".to_owned(),
    }
}

/// Returns the sub-needs that share an area with the searched need, for "nothing found".
fn related_needs(state: &AppState, need: Option<&str>) -> Vec<NeedOption> {
    let Some(slug) = need else { return Vec::new() };
    let taxonomy = &state.reference.taxonomy;
    let area_slug = taxonomy.parent_of(slug).unwrap_or(slug);
    let Some(area) = taxonomy.needs.iter().find(|area| area.slug == area_slug) else { return Vec::new() };
    area.children
        .iter()
        .filter(|child| child.slug != slug)
        .map(|child| NeedOption {
            slug: child.slug.clone(),
            label: child.label.clone(),
            count: 0,
            parent: Some(area.slug.clone()),
        })
        .collect()
}

async fn results(State(state): State<AppState>, headers: HeaderMap, OriginalUri(uri): OriginalUri) -> Response {
    let shortlist = Shortlist::from_headers(&headers);
    let params = match SearchParams::from_query_string(uri.query()) {
        Ok(params) => params,
        Err(error) => return (StatusCode::BAD_REQUEST, error.message).into_response(),
    };
    let form = form_from(&params);
    let mut page = ResultsPage {
        related_needs: related_needs(&state, form.need.as_deref()),
        form,
        location_label: None,
        total: 0,
        page: 1,
        per_page: search::DEFAULT_PER_PAGE,
        results: Vec::new(),
        needs: Vec::new(),
        error: None,
        shortlist_count: shortlist.len(),
        return_to: uri.path_and_query().map_or_else(|| "/search".to_owned(), |pq| pq.as_str().to_owned()),
        crisis: crisis_answer(&state, params.q.as_deref()),
    };
    let request = match SearchRequest::parse(&params, &state.reference) {
        Ok(request) => request,
        Err(error) => {
            page.needs = need_options(&state).await.unwrap_or_default();
            page.error = Some(FieldError { field: error.field.to_owned(), message: error.message });
            return (StatusCode::BAD_REQUEST, Html(signpost_web::render_results(&page))).into_response();
        }
    };
    let now = state.clock.now();
    let results = match search::run(state.index.clone(), request.to_query(now)).await {
        Ok(results) => results,
        Err(error) => return page_error(ApiError::Internal(error)),
    };
    state.search_log.record(&request, results.total, now);
    // Contact details and today's hours come from the records themselves.
    let ids: Vec<Uuid> = results.hits.iter().filter_map(|hit| hit.id.parse().ok()).collect();
    let records = match state.store.get_services(&ids).await {
        Ok(records) => records,
        Err(error) => return page_error(error.into()),
    };
    let today = now.date_naive();
    page.location_label = request.place.as_ref().map(|place| place.label.clone());
    page.total = results.total;
    page.page = request.page;
    page.per_page = request.per_page;
    page.needs = options_with_counts(&state, &search::need_counts(&state.reference, &results.need_facets));
    page.results = results
        .hits
        .into_iter()
        .map(|hit| {
            let service = records.iter().find(|record| record.service.id.to_string() == hit.id).map(|r| &r.service);
            ResultItem {
                url: format!("/services/{}", hit.id),
                need_labels: hit.needs.iter().filter_map(|slug| need_label(&state, slug)).collect(),
                checked_ago: checked_ago(hit.assured_date.as_deref(), today),
                phone: service.and_then(|s| s.phones.first()).map(|phone| phone.number.clone()),
                today: service.and_then(|s| today_text(&s.schedules, now)),
                cost: service.map_or_else(|| "There may be a cost".to_owned(), cost_text),
                shortlisted: shortlist.contains(&hit.id),
                id: hit.id,
                name: hit.name,
                organisation: hit.organisation,
                summary: hit.summary,
                distance_km: hit.distance_km,
                free: hit.free,
                open_now: hit.open_now,
                assured_date: hit.assured_date,
            }
        })
        .collect();
    Html(signpost_web::render_results(&page)).into_response()
}

/// Returns one line per address of a service.
pub fn addresses(service: &Service) -> Vec<String> {
    service
        .service_at_locations
        .iter()
        .flat_map(|sal| {
            let name = sal.location.name.clone();
            sal.location.addresses.iter().map(move |address| {
                // Feeds often repeat the venue's name as the first address line.
                let venue = name.as_deref().filter(|venue| !address.address_1.starts_with(venue));
                [
                    venue,
                    Some(address.address_1.as_str()),
                    address.address_2.as_deref(),
                    Some(address.city.as_str()),
                    Some(address.postal_code.as_str()),
                ]
                .into_iter()
                .flatten()
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
            })
        })
        .collect()
}

/// Months past its review date after which a record's public page warns visitors.
const LONG_OVERDUE_MONTHS: u32 = 6;

/// True when the review date (`YYYY-MM-DD…`) is more than six months before `today`.
fn long_overdue(review_due_date: Option<&str>, today: NaiveDate) -> bool {
    review_due_date
        .and_then(|text| NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok())
        .and_then(|due| due.checked_add_months(Months::new(LONG_OVERDUE_MONTHS)))
        .is_some_and(|limit| limit < today)
}

/// Builds the service page's view.
pub(crate) fn service_page(state: &AppState, record: &ServiceRecord, shortlist: &Shortlist) -> ServicePage {
    let service = &record.service;
    let london_today = state.clock.now().with_timezone(&London).date_naive();
    let fees = match &service.fees_description {
        Some(fees) => Some(fees.clone()),
        None => Some(cost_text(service)),
    };
    // A closed service keeps its page (people follow old links) but says so first.
    let closed = !crate::documents::is_current(service);
    let status_notice = if closed {
        Some("This service has closed. Search again to find other help.")
    } else if crate::documents::is_temporarily_closed(service) {
        Some("This service is temporarily closed.")
    } else {
        None
    };
    let alert = match (status_notice, &service.alert) {
        (Some(notice), Some(alert)) => Some(format!("{notice} {alert}")),
        (Some(notice), None) => Some(notice.to_owned()),
        (None, alert) => alert.clone(),
    };
    ServicePage {
        staff_signed_in: false,
        id: service.id.to_string(),
        name: service.name.clone(),
        organisation: service.organization.as_ref().map(|org| org.name.clone()).unwrap_or_default(),
        description: service.description.clone().unwrap_or_default(),
        alert,
        phones: service.phones.iter().map(|phone| phone.number.clone()).collect(),
        website: service.url.clone().or_else(|| service.organization.as_ref().and_then(|org| org.website.clone())),
        email: service.email.clone(),
        addresses: addresses(service),
        opening_hours: if closed { Vec::new() } else { opening_table(&service.schedules) },
        fees,
        eligibility: service.eligibility_description.clone(),
        how_to_access: service.application_process.clone(),
        languages: service.languages.iter().filter_map(|language| language.name.clone()).collect(),
        accessibility: service
            .service_at_locations
            .iter()
            .flat_map(|sal| &sal.location.accessibility)
            .filter_map(|access| access.description.clone().or_else(|| access.details.clone()))
            .collect(),
        need_labels: service.term_codes(NEEDS_TAXONOMY).filter_map(|slug| need_label(state, slug)).collect(),
        checked_ago: checked_ago(service.assured_date.as_deref(), state.clock.now().date_naive()),
        shortlisted: shortlist.contains(&service.id.to_string()),
        shortlist_count: shortlist.len(),
        report: ReportForm::default(),
        reported: false,
        long_overdue: long_overdue(record.review_due_date.as_deref(), london_today),
    }
}

#[derive(Debug, serde::Deserialize)]
struct ServiceQuery {
    reported: Option<String>,
}

async fn service(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<ServiceQuery>,
    signed_in: Option<axum::Extension<crate::auth::SignedIn>>,
) -> Response {
    let shortlist = Shortlist::from_headers(&headers);
    match published_record(&state, &id).await {
        Ok(record) => {
            let mut page = service_page(&state, &record, &shortlist);
            page.reported = query.reported.is_some();
            page.staff_signed_in = signed_in.is_some();
            Html(signpost_web::render_service(&page)).into_response()
        }
        Err(error) => page_error(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_ago_counts_calendar_months() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
        assert_eq!(checked_ago(Some("2026-11-01"), today).as_deref(), Some("Checked this month"));
        assert_eq!(checked_ago(Some("2026-10-30"), today).as_deref(), Some("Checked 1 month ago"));
        assert_eq!(checked_ago(Some("2025-11-23"), today).as_deref(), Some("Checked 12 months ago"));
        assert_eq!(checked_ago(Some("2023-01-01"), today).as_deref(), Some("Checked 3 years ago"));
        assert_eq!(checked_ago(None, today), None);
    }

    #[test]
    fn long_overdue_means_more_than_six_months_past_the_review_date() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
        assert!(long_overdue(Some("2026-05-22"), today));
        assert!(!long_overdue(Some("2026-05-23"), today));
        assert!(!long_overdue(Some("2026-11-01"), today));
        assert!(!long_overdue(None, today));
    }
}
