//! The JSON API under `/api/v1`: search and needs (the Open Referral UK feed is `oruk`).

use axum::{
    extract::{RawQuery, State},
    Json,
};
use serde::Serialize;
use serde_json::{json, Value};
use signpost_index::SearchQuery;
use uuid::Uuid;

use super::policy::PolicyRouter;
use crate::{
    auth::Policy,
    error::ApiError,
    hsds::Service,
    search::{self, SearchParams, SearchRequest},
    state::AppState,
    storage::{RecordStatus, ServiceRecord},
};

/// API routes.
pub fn router() -> PolicyRouter {
    PolicyRouter::new().get("/api/v1/search", search_services, Policy::Public).get(
        "/api/v1/needs",
        list_needs,
        Policy::Public,
    )
}

#[derive(Serialize)]
struct LocationJson {
    label: String,
    lat: f64,
    lon: f64,
}

#[derive(Serialize)]
struct ResultJson {
    id: String,
    name: String,
    organisation: String,
    summary: String,
    distance_km: Option<f64>,
    needs: Vec<String>,
    free: bool,
    open_now: Option<bool>,
    assured_date: Option<String>,
    url: String,
}

/// One contact in the crisis answer; absent fields are `null`.
#[derive(Serialize)]
struct ContactJson {
    name: String,
    phone: Option<String>,
    text: Option<String>,
    url: Option<String>,
    hours: Option<String>,
}

/// The crisis answer: given when the words say someone is at risk now.
#[derive(Serialize)]
struct CrisisJson {
    message: String,
    contacts: Vec<ContactJson>,
}

#[derive(Serialize)]
struct SearchJson {
    /// `null` for an ordinary search.
    crisis: Option<CrisisJson>,
    total: usize,
    page: u32,
    per_page: u32,
    location: Option<LocationJson>,
    results: Vec<ResultJson>,
    facets: Value,
}

async fn search_services(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<SearchJson>, ApiError> {
    let params = SearchParams::from_query_string(query.as_deref())
        .map_err(|error| ApiError::bad_request(error.code, error.message))?;
    let request = SearchRequest::parse(&params, &state.reference)
        .map_err(|error| ApiError::bad_request(error.code, error.message))?;
    let now = state.clock.now();
    let results = search::run(state.index.clone(), request.to_query(now)).await?;
    state.search_log.record(&request, results.total, now);
    let facets = search::need_counts(&state.reference, &results.need_facets);
    let crisis = crisis_answer(&state, params.q.as_deref()).map(|answer| CrisisJson {
        message: answer.message,
        contacts: answer
            .contacts
            .into_iter()
            .map(|contact| ContactJson {
                name: contact.name,
                phone: contact.phone,
                text: contact.text,
                url: contact.url,
                hours: contact.hours,
            })
            .collect(),
    });
    Ok(Json(SearchJson {
        crisis,
        total: results.total,
        page: request.page,
        per_page: request.per_page,
        location: request.place.as_ref().map(|place| LocationJson {
            label: place.label.clone(),
            lat: place.point.lat,
            lon: place.point.lon,
        }),
        results: results
            .hits
            .into_iter()
            .map(|hit| ResultJson {
                url: state.service_url(&hit.id),
                distance_km: hit.distance_km.map(|km| (km * 100.0).round() / 100.0),
                id: hit.id,
                name: hit.name,
                organisation: hit.organisation,
                summary: hit.summary,
                needs: hit.needs,
                free: hit.free,
                open_now: hit.open_now,
                assured_date: hit.assured_date,
            })
            .collect(),
        facets: json!({ "need": facets }),
    }))
}

/// Returns the crisis answer when the search words say someone is at risk now.
pub fn crisis_answer(state: &AppState, q: Option<&str>) -> Option<signpost_web::CrisisAnswer> {
    let kind = crate::crisis::detect(q?)?;
    Some(crate::contacts::crisis_answer(kind, &state.contacts))
}

/// Returns a published service, or `NotFound` (drafts and archived records are not public).
pub async fn published_service(state: &AppState, id: &str) -> Result<Service, ApiError> {
    Ok(published_record(state, id).await?.service)
}

/// Returns a published service's whole record (with its review date), or `NotFound`.
pub async fn published_record(state: &AppState, id: &str) -> Result<ServiceRecord, ApiError> {
    let id = Uuid::parse_str(id).map_err(|_| ApiError::NotFound)?;
    let record = state.store.get_service(id).await?;
    if record.record_status != RecordStatus::Published {
        return Err(ApiError::NotFound);
    }
    Ok(record)
}

async fn list_needs(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let counts = need_facets(&state).await?;
    let needs: Vec<Value> = state
        .reference
        .taxonomy
        .needs
        .iter()
        .map(|area| {
            json!({
                "id": area.id,
                "slug": area.slug,
                "label": area.label,
                "description": area.description,
                "count": counts.get(&area.slug).copied().unwrap_or(0),
                "children": area.children.iter().map(|child| json!({
                    "id": child.id,
                    "slug": child.slug,
                    "label": child.label,
                    "description": child.description,
                    "count": counts.get(&child.slug).copied().unwrap_or(0),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(json!({ "needs": needs })))
}

/// Returns the number of published services per need slug.
pub async fn need_facets(state: &AppState) -> Result<std::collections::BTreeMap<String, u64>, ApiError> {
    let query = SearchQuery { limit: 0, ..SearchQuery::default() };
    let results = search::run(state.index.clone(), query).await?;
    Ok(search::need_counts(&state.reference, &results.need_facets))
}
