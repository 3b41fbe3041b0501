//! The Open Referral UK 3.0 feed under `/api/v1`: services, organisations, taxonomies,
//! taxonomy terms and service-at-locations, paged and filtered as the ORUK profile says.
//! Only what the public may see: published records of services that are not inactive or
//! defunct. Paging and filtering happen in SQL (`storage::feed`).

use std::collections::HashMap;

use axum::{
    extract::{rejection::QueryRejection, Path, Query, State},
    http::{header, HeaderMap},
    Json,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::policy::PolicyRouter;
use crate::{
    auth::Policy,
    error::ApiError,
    hsds::{Organization, Service, TaxonomyTerm},
    state::AppState,
    storage::{
        feed::{FeedFilter, FeedPage, FeedService, Near, TermFilter},
        ServiceRecord,
    },
};

/// The HSDS version the feed follows.
pub const HSDS_VERSION: &str = "3.0";
/// The Open Referral UK profile the feed follows.
pub const ORUK_PROFILE: &str = "https://github.com/openreferral/uk-profile";
/// Items per page when `per_page` is not given.
pub const DEFAULT_PER_PAGE: u32 = 50;
/// The most items one page may hold.
pub const MAX_PER_PAGE: u32 = 1000;
/// The radius used for `postcode` without `proximity`, in metres (with service areas).
pub const DEFAULT_PROXIMITY_METRES: f64 = 10_000.0;
/// The largest `proximity` accepted, in metres.
pub const MAX_PROXIMITY_METRES: f64 = 200_000.0;

/// Feed routes (all public, read-only).
pub fn router() -> PolicyRouter {
    PolicyRouter::new()
        .get("/api/v1", api_info, Policy::Public)
        .get("/api/v1/", api_info, Policy::Public)
        .get("/api/v1/services", list_services, Policy::Public)
        .get("/api/v1/services/{id}", get_service, Policy::Public)
        .get("/api/v1/organizations", list_organizations, Policy::Public)
        .get("/api/v1/organizations/{id}", get_organization, Policy::Public)
        .get("/api/v1/taxonomies", list_taxonomies, Policy::Public)
        .get("/api/v1/taxonomies/{id}", get_taxonomy, Policy::Public)
        .get("/api/v1/taxonomy_terms", list_taxonomy_terms, Policy::Public)
        .get("/api/v1/taxonomy_terms/{id}", get_taxonomy_term, Policy::Public)
        .get("/api/v1/service_at_locations", list_service_at_locations, Policy::Public)
        .get("/api/v1/service_at_locations/{id}", get_service_at_location, Policy::Public)
}

/// The query parameters any feed listing may take; each is checked by `FeedQuery::parse`.
#[derive(Debug, Default, Deserialize)]
pub struct FeedParams {
    page: Option<String>,
    per_page: Option<String>,
    search: Option<String>,
    taxonomy_term_id: Option<String>,
    taxonomy_id: Option<String>,
    organization_id: Option<String>,
    modified_after: Option<String>,
    postcode: Option<String>,
    proximity: Option<String>,
    full_service: Option<String>,
}

/// A checked listing request.
#[derive(Debug, Clone, PartialEq)]
struct FeedQuery {
    page: u32,
    per_page: u32,
    full_service: bool,
    filter: FeedFilter,
    /// `taxonomy_id` was given but names no taxonomy: nothing matches.
    unknown_taxonomy: bool,
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("invalid_parameter", message)
}

fn parse_uuid(name: &str, value: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(value.trim()).map_err(|_| invalid(format!("{name} must be a UUID.")))
}

fn parse_bool(name: &str, value: &str) -> Result<bool, ApiError> {
    match value.trim() {
        "true" | "1" => Ok(true),
        "false" | "0" | "" => Ok(false),
        _ => Err(invalid(format!("{name} must be true or false."))),
    }
}

/// Parses `modified_after` as an RFC 3339 date-time, a date-time without an offset (UTC)
/// or a date (midnight UTC), into the stored `updated_at` form.
fn parse_modified_after(value: &str) -> Result<String, ApiError> {
    let value = value.trim();
    let parsed = DateTime::parse_from_rfc3339(value)
        .map(|time| time.with_timezone(&Utc))
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f").map(|time| time.and_utc()))
        .or_else(|_| {
            NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map(|date| date.and_hms_opt(0, 0, 0).expect("BUG: midnight exists").and_utc())
        })
        .map_err(|_| invalid("modified_after must be a date-time such as 2025-01-31T09:00:00Z, or a date."))?;
    // Sub-second times round up, so a record changed within that second is not repeated.
    let seconds = if parsed.timestamp_subsec_nanos() > 0 { parsed.timestamp() + 1 } else { parsed.timestamp() };
    let whole = DateTime::from_timestamp(seconds, 0).ok_or_else(|| invalid("modified_after is out of range."))?;
    Ok(whole.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// Returns the stable id of a taxonomy (Signpost names taxonomies; ORUK wants UUIDs).
pub fn taxonomy_id(name: &str) -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("urn:signpost:taxonomy:{name}").as_bytes())
}

impl FeedQuery {
    async fn parse(state: &AppState, params: &FeedParams) -> Result<Self, ApiError> {
        let page = match params.page.as_deref().map(str::trim).filter(|text| !text.is_empty()) {
            None => 1,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|page| (1..=1_000_000).contains(page))
                .ok_or_else(|| invalid("page must be a whole number from 1."))?,
        };
        let per_page = match params.per_page.as_deref().map(str::trim).filter(|text| !text.is_empty()) {
            None => DEFAULT_PER_PAGE,
            Some(text) => {
                let per_page = text
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| invalid(format!("per_page must be a whole number from 1 to {MAX_PER_PAGE}.")))?;
                if per_page > MAX_PER_PAGE {
                    return Err(ApiError::bad_request(
                        "per_page_too_large",
                        format!("per_page can be at most {MAX_PER_PAGE}."),
                    ));
                }
                per_page
            }
        };
        let mut filter = FeedFilter::default();
        let given =
            |value: &Option<String>| value.as_deref().map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned);
        if let Some(search) = given(&params.search) {
            if search.chars().count() > 200 {
                return Err(ApiError::bad_request("query_too_long", "search can be at most 200 characters."));
            }
            filter.search = Some(search);
        }
        if let Some(term) = given(&params.taxonomy_term_id) {
            filter.taxonomy_term_id = Some(parse_uuid("taxonomy_term_id", &term)?);
        }
        let mut unknown_taxonomy = false;
        if let Some(taxonomy) = given(&params.taxonomy_id) {
            let wanted = parse_uuid("taxonomy_id", &taxonomy)?;
            let names = state.store.feed_taxonomies().await?;
            match names.into_iter().find(|name| taxonomy_id(name) == wanted) {
                Some(name) => filter.taxonomy = Some(name),
                None => unknown_taxonomy = true,
            }
        }
        if let Some(organization) = given(&params.organization_id) {
            filter.organization_id = Some(parse_uuid("organization_id", &organization)?);
        }
        if let Some(after) = given(&params.modified_after) {
            filter.modified_after = Some(parse_modified_after(&after)?);
        }
        let proximity = match given(&params.proximity) {
            None => None,
            Some(text) => Some(
                text.parse::<f64>()
                    .ok()
                    .filter(|metres| metres.is_finite() && *metres > 0.0 && *metres <= MAX_PROXIMITY_METRES)
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            "radius_out_of_range",
                            format!("proximity must be a distance in metres above 0 and up to {MAX_PROXIMITY_METRES}."),
                        )
                    })?,
            ),
        };
        match given(&params.postcode) {
            Some(postcode) => {
                let place = state
                    .reference
                    .geography
                    .resolve(&postcode)
                    .map_err(|error| ApiError::bad_request("unknown_postcode", error.to_string()))?;
                let metres = proximity.unwrap_or(DEFAULT_PROXIMITY_METRES);
                filter.near = Some(Near { lat: place.point.lat, lon: place.point.lon, metres });
                // Without a proximity, services whose area covers the postcode count too.
                if proximity.is_none() {
                    filter.areas = place.regions;
                }
            }
            None if proximity.is_some() => return Err(invalid("proximity needs a postcode.")),
            None => {}
        }
        let full_service = match &params.full_service {
            Some(value) => parse_bool("full_service", value)?,
            None => false,
        };
        Ok(Self { page, per_page, full_service, filter, unknown_taxonomy })
    }

    fn offset(&self) -> i64 {
        (i64::from(self.page) - 1) * i64::from(self.per_page)
    }

    fn limit(&self) -> i64 {
        i64::from(self.per_page)
    }
}

/// One page of a listing, as the ORUK profile shapes it. `page_number` is the profile's
/// name for the page; `page` and `per_page` repeat the request.
#[derive(Debug, Serialize)]
pub struct Page {
    total_items: i64,
    total_pages: i64,
    page_number: u32,
    page: u32,
    per_page: u32,
    size: usize,
    first_page: bool,
    last_page: bool,
    empty: bool,
    contents: Vec<Value>,
}

impl Page {
    fn new(page: u32, per_page: u32, total: i64, contents: Vec<Value>) -> Self {
        let total_pages = (total + i64::from(per_page) - 1) / i64::from(per_page);
        Self {
            total_items: total,
            total_pages,
            page_number: page,
            page,
            per_page,
            size: contents.len(),
            first_page: page == 1,
            last_page: i64::from(page) >= total_pages,
            empty: contents.is_empty(),
            contents,
        }
    }
}

fn query_params(params: Result<Query<FeedParams>, QueryRejection>) -> Result<FeedParams, ApiError> {
    params.map(|Query(params)| params).map_err(|rejection| invalid(rejection.body_text()))
}

/// The one-to-many fields left out of a service in a listing.
const SERVICE_LISTS: [&str; 8] = [
    "phones",
    "schedules",
    "service_areas",
    "service_at_locations",
    "languages",
    "cost_options",
    "attributes",
    "contacts",
];

/// Returns a service as the feed shows it: the stored HSDS 3.0 record, with
/// `organization_id`, `fees` (ORUK's name) and `last_modified` (when Signpost last
/// changed it, which `modified_after` filters on). A listing (`full` false) keeps only
/// the one-to-one fields.
pub fn service_json(service: &Service, updated_at: &str, full: bool) -> Value {
    let mut value = serde_json::to_value(service).unwrap_or(Value::Null);
    let Some(object) = value.as_object_mut() else { return Value::Null };
    if let Some(organization) = &service.organization {
        object.insert("organization_id".into(), json!(organization.id));
    }
    if let Some(fees) = &service.fees_description {
        object.insert("fees".into(), json!(fees));
    }
    object.insert("last_modified".into(), json!(updated_at));
    if !full {
        for list in SERVICE_LISTS {
            object.remove(list);
        }
    }
    value
}

/// Loads the services of `items` (one query per table, not per service) in `items`' order.
async fn load_services(state: &AppState, items: &[FeedService]) -> Result<Vec<(ServiceRecord, String)>, ApiError> {
    let ids: Vec<Uuid> = items.iter().filter_map(|item| Uuid::parse_str(&item.service_id).ok()).collect();
    let mut records: HashMap<Uuid, ServiceRecord> =
        state.store.get_services(&ids).await?.into_iter().map(|record| (record.service.id, record)).collect();
    Ok(items
        .iter()
        .filter_map(|item| {
            let id = Uuid::parse_str(&item.service_id).ok()?;
            Some((records.remove(&id)?, item.updated_at.clone()))
        })
        .collect())
}

fn empty_page(query: &FeedQuery) -> Json<Page> {
    Json(Page::new(query.page, query.per_page, 0, Vec::new()))
}

async fn api_info(State(state): State<AppState>, headers: HeaderMap) -> Json<Value> {
    let base = absolute_base(&state, &headers);
    Json(json!({
        "version": HSDS_VERSION,
        "profile": ORUK_PROFILE,
        "openapi_url": format!("{base}/api/v1/openapi.json"),
    }))
}

/// Returns the site's absolute address: the configured public URL, or else one made from
/// the request's `Host` (ORUK wants absolute URIs).
pub fn absolute_base(state: &AppState, headers: &HeaderMap) -> String {
    if !state.public_url.is_empty() {
        return state.public_url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)))
        .unwrap_or("localhost");
    format!("http://{host}")
}

async fn list_services(
    State(state): State<AppState>,
    params: Result<Query<FeedParams>, QueryRejection>,
) -> Result<Json<Page>, ApiError> {
    let query = FeedQuery::parse(&state, &query_params(params)?).await?;
    if query.unknown_taxonomy {
        return Ok(empty_page(&query));
    }
    let FeedPage { total, items } = state.store.feed_services(&query.filter, query.offset(), query.limit()).await?;
    let contents = load_services(&state, &items)
        .await?
        .iter()
        .map(|(record, updated_at)| service_json(&record.service, updated_at, query.full_service))
        .collect();
    Ok(Json(Page::new(query.page, query.per_page, total, contents)))
}

/// Returns a visible service with when it last changed, or `NotFound`.
pub async fn visible_service(state: &AppState, id: &str) -> Result<(ServiceRecord, String), ApiError> {
    let id = Uuid::parse_str(id).map_err(|_| ApiError::NotFound)?;
    let filter = FeedFilter { service_id: Some(id), ..FeedFilter::default() };
    let page = state.store.feed_services(&filter, 0, 1).await?;
    load_services(state, &page.items).await?.into_iter().next().ok_or(ApiError::NotFound)
}

async fn get_service(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let (record, updated_at) = visible_service(&state, &id).await?;
    Ok(Json(service_json(&record.service, &updated_at, true)))
}

fn organization_json(organization: &Organization) -> Value {
    serde_json::to_value(organization).unwrap_or(Value::Null)
}

#[derive(Debug, Default, Deserialize)]
struct OrganizationParams {
    full_service: Option<String>,
}

async fn list_organizations(
    State(state): State<AppState>,
    params: Result<Query<FeedParams>, QueryRejection>,
) -> Result<Json<Page>, ApiError> {
    let query = FeedQuery::parse(&state, &query_params(params)?).await?;
    let page =
        state.store.feed_organizations(None, query.filter.search.as_deref(), query.offset(), query.limit()).await?;
    let contents = page.items.iter().map(organization_json).collect();
    Ok(Json(Page::new(query.page, query.per_page, page.total, contents)))
}

/// The most services listed inside one organisation.
const MAX_ORGANIZATION_SERVICES: i64 = 5_000;

async fn get_organization(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Result<Query<OrganizationParams>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(params) = params.map_err(|rejection| invalid(rejection.body_text()))?;
    let full = match &params.full_service {
        Some(value) => parse_bool("full_service", value)?,
        None => false,
    };
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    let page = state.store.feed_organizations(Some(id), None, 0, 1).await?;
    let organization = page.items.into_iter().next().ok_or(ApiError::NotFound)?;
    let filter = FeedFilter { organization_id: Some(id), ..FeedFilter::default() };
    let services = state.store.feed_services(&filter, 0, MAX_ORGANIZATION_SERVICES).await?;
    let services: Vec<Value> = load_services(&state, &services.items)
        .await?
        .iter()
        .map(|(record, updated_at)| service_json(&record.service, updated_at, full))
        .collect();
    let mut value = organization_json(&organization);
    if let Some(object) = value.as_object_mut() {
        object.insert("services".into(), Value::Array(services));
    }
    Ok(Json(value))
}

/// Human descriptions of Signpost's own vocabularies.
fn taxonomy_description(name: &str) -> String {
    match name {
        crate::hsds::NEEDS_TAXONOMY => "Signpost's needs: what people need help with, in areas and sub-needs.".into(),
        crate::hsds::DELIVERY_TAXONOMY => "How a service is delivered: in person, by phone or online.".into(),
        crate::hsds::AUDIENCE_TAXONOMY => "Who a service is for.".into(),
        other => format!("Terms of the {other} taxonomy."),
    }
}

fn taxonomy_json(name: &str) -> Map<String, Value> {
    let mut object = Map::new();
    object.insert("id".into(), json!(taxonomy_id(name)));
    object.insert("name".into(), json!(name));
    object.insert("description".into(), json!(taxonomy_description(name)));
    object
}

/// Returns a term as the feed shows it: HSDS fields plus ORUK's `term` and `taxonomy_id`.
pub fn term_json(term: &TaxonomyTerm) -> Value {
    let mut value = serde_json::to_value(term).unwrap_or(Value::Null);
    if let Some(object) = value.as_object_mut() {
        object.insert("term".into(), json!(term.code.as_deref().unwrap_or(&term.name)));
        if let Some(taxonomy) = &term.taxonomy {
            object.insert("taxonomy_id".into(), json!(taxonomy_id(taxonomy)));
        }
    }
    value
}

async fn list_taxonomies(
    State(state): State<AppState>,
    params: Result<Query<FeedParams>, QueryRejection>,
) -> Result<Json<Page>, ApiError> {
    let query = FeedQuery::parse(&state, &query_params(params)?).await?;
    let mut names = state.store.feed_taxonomies().await?;
    // Listings are in id order, as every other listing is.
    names.sort_by_key(|name| taxonomy_id(name));
    let total = i64::try_from(names.len()).unwrap_or(i64::MAX);
    let contents = names
        .iter()
        .skip(usize::try_from(query.offset()).unwrap_or(usize::MAX))
        .take(query.per_page as usize)
        .map(|name| Value::Object(taxonomy_json(name)))
        .collect();
    Ok(Json(Page::new(query.page, query.per_page, total, contents)))
}

async fn get_taxonomy(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    let names = state.store.feed_taxonomies().await?;
    let name = names.into_iter().find(|name| taxonomy_id(name) == id).ok_or(ApiError::NotFound)?;
    let filter = TermFilter { taxonomy: Some(name.clone()), ..TermFilter::default() };
    let terms = state.store.feed_taxonomy_terms(&filter, 0, i64::from(u16::MAX)).await?;
    let mut object = taxonomy_json(&name);
    object.insert("taxonomy_terms".into(), Value::Array(terms.items.iter().map(term_json).collect()));
    Ok(Json(Value::Object(object)))
}

async fn list_taxonomy_terms(
    State(state): State<AppState>,
    params: Result<Query<FeedParams>, QueryRejection>,
) -> Result<Json<Page>, ApiError> {
    let query = FeedQuery::parse(&state, &query_params(params)?).await?;
    if query.unknown_taxonomy {
        return Ok(empty_page(&query));
    }
    let filter = TermFilter { id: None, taxonomy: query.filter.taxonomy.clone(), search: query.filter.search.clone() };
    let page = state.store.feed_taxonomy_terms(&filter, query.offset(), query.limit()).await?;
    let contents = page.items.iter().map(term_json).collect();
    Ok(Json(Page::new(query.page, query.per_page, page.total, contents)))
}

async fn get_taxonomy_term(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    let filter = TermFilter { id: Some(id), ..TermFilter::default() };
    let page = state.store.feed_taxonomy_terms(&filter, 0, 1).await?;
    let term = page.items.first().ok_or(ApiError::NotFound)?;
    Ok(Json(term_json(term)))
}

/// Returns a service-at-location with its location and (listing shape) its service.
fn service_at_location_json(record: &ServiceRecord, updated_at: &str, sal_id: &str) -> Option<Value> {
    let sal = record.service.service_at_locations.iter().find(|sal| sal.id.to_string() == sal_id)?;
    let mut value = serde_json::to_value(sal).ok()?;
    let object = value.as_object_mut()?;
    object.insert("service_id".into(), json!(record.service.id));
    object.insert("location_id".into(), json!(sal.location.id));
    object.insert("service".into(), service_json(&record.service, updated_at, false));
    Some(value)
}

async fn list_service_at_locations(
    State(state): State<AppState>,
    params: Result<Query<FeedParams>, QueryRejection>,
) -> Result<Json<Page>, ApiError> {
    let query = FeedQuery::parse(&state, &query_params(params)?).await?;
    if query.unknown_taxonomy {
        return Ok(empty_page(&query));
    }
    let page = state.store.feed_service_at_locations(&query.filter, None, query.offset(), query.limit()).await?;
    let services: Vec<FeedService> = page
        .items
        .iter()
        .map(|item| FeedService { service_id: item.service_id.clone(), updated_at: item.updated_at.clone() })
        .collect();
    let records: HashMap<Uuid, (ServiceRecord, String)> = load_services(&state, &services)
        .await?
        .into_iter()
        .map(|(record, updated_at)| (record.service.id, (record, updated_at)))
        .collect();
    let contents = page
        .items
        .iter()
        .filter_map(|item| {
            let (record, updated_at) = records.get(&Uuid::parse_str(&item.service_id).ok()?)?;
            service_at_location_json(record, updated_at, &item.service_at_location_id)
        })
        .collect();
    Ok(Json(Page::new(query.page, query.per_page, page.total, contents)))
}

async fn get_service_at_location(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    let page = state.store.feed_service_at_locations(&FeedFilter::default(), Some(id), 0, 1).await?;
    let item = page.items.first().ok_or(ApiError::NotFound)?;
    let service = FeedService { service_id: item.service_id.clone(), updated_at: item.updated_at.clone() };
    let (record, updated_at) = load_services(&state, &[service]).await?.into_iter().next().ok_or(ApiError::NotFound)?;
    let value =
        service_at_location_json(&record, &updated_at, &item.service_at_location_id).ok_or(ApiError::NotFound)?;
    Ok(Json(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modified_after_takes_date_times_and_dates_in_utc() {
        assert_eq!(parse_modified_after("2025-01-31T09:00:00Z").ok(), Some("2025-01-31T09:00:00Z".into()));
        assert_eq!(parse_modified_after("2025-01-31T10:00:00+01:00").ok(), Some("2025-01-31T09:00:00Z".into()));
        assert_eq!(parse_modified_after("2025-01-31T09:00:00.5Z").ok(), Some("2025-01-31T09:00:01Z".into()));
        assert_eq!(parse_modified_after("2025-01-31").ok(), Some("2025-01-31T00:00:00Z".into()));
        assert!(parse_modified_after("last Tuesday").is_err());
    }

    #[test]
    fn pages_count_and_mark_their_ends() {
        let page = Page::new(2, 50, 120, vec![json!({}); 50]);
        assert_eq!((page.total_pages, page.first_page, page.last_page, page.empty), (3, false, false, false));
        let last = Page::new(3, 50, 120, vec![json!({}); 20]);
        assert_eq!((last.size, last.last_page), (20, true));
        let none = Page::new(1, 50, 0, Vec::new());
        assert_eq!((none.total_pages, none.first_page, none.last_page, none.empty), (0, true, true, true));
    }

    #[test]
    fn taxonomy_ids_are_stable_uuids() {
        assert_eq!(taxonomy_id("signpost-needs"), taxonomy_id("signpost-needs"));
        assert_ne!(taxonomy_id("signpost-needs"), taxonomy_id("signpost-delivery"));
    }
}
