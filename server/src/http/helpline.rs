//! The staff helpline: the public search with the detail staff need, logging a query,
//! recording an unmet need, and "who can help in this area". Every free-text field goes
//! through the patient-data guard before anything is saved; a refused form stores
//! nothing and its text is never logged. The person's postcode is turned into a district
//! and PCN (`area::area_of`) and dropped.

mod area;
mod console;

use std::collections::BTreeMap;

use axum::{
    body::Bytes,
    extract::{Query, RawQuery, State},
    http::StatusCode,
    response::{Html, IntoResponse, Redirect, Response},
    Extension,
};
use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;
use serde::Deserialize;
use signpost_web::{
    Choice, FieldError, HelplinePage, LocalHelpPage, LogQueryForm, LogQueryPage, RoleCard, StaffResult, UnmetNeedForm,
    UnmetNeedListPage, UnmetNeedPage, UnmetNeedRow,
};
use uuid::Uuid;

pub use self::area::{area_label, area_of, Area};
use super::{choices::need_choices, pages::cost_text, policy::PolicyRouter};
use crate::{
    auth::{Policy, Role, SignedIn},
    error::ApiError,
    guard,
    opening::today_text,
    search::{self, SearchParams, SearchRequest},
    state::AppState,
    storage::{
        self,
        accounts::time_text,
        helpline::{HelplineQuery, LocalRole, UnmetNeed},
    },
};

/// Who may use the helpline: staff (and admins, who may do anything).
pub const HELPLINE: Policy = Policy::AnyOf(&[Role::Staff]);

/// Longest free-text field accepted.
const MAX_TEXT_CHARS: usize = 2000;

/// Most services one logged query may carry.
const MAX_SERVICES: usize = 20;

/// How many of their own unmet needs staff see.
const OWN_UNMET_NEEDS: i64 = 50;

/// Helpline routes (and the curator's helpline pages in the console).
pub fn router() -> PolicyRouter {
    PolicyRouter::new()
        .get("/helpline", search_page, HELPLINE)
        .get("/helpline/log", log_form, HELPLINE)
        .post("/helpline/log", log_submit, HELPLINE)
        .get("/helpline/unmet-needs", unmet_list, HELPLINE)
        .get("/helpline/unmet-needs/new", unmet_form, HELPLINE)
        .post("/helpline/unmet-needs/new", unmet_submit, HELPLINE)
        .get("/helpline/local-help", local_help, HELPLINE)
        .merge(console::router())
}

fn page_error(error: impl Into<ApiError>) -> Response {
    match error.into() {
        ApiError::NotFound => (StatusCode::NOT_FOUND, Html(signpost_web::render_not_found())).into_response(),
        other => other.into_response(),
    }
}

fn field_error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.to_owned(), message: message.into() }
}

/// Europe/London calendar month of an instant, "YYYY-MM".
pub fn london_month(now: DateTime<Utc>) -> String {
    now.with_timezone(&London).format("%Y-%m").to_string()
}

/// Checks one free-text field: length, then the patient-data guard. The message says
/// what to remove and never repeats the text.
fn check_text(field: &str, label: &str, text: &str, required: bool, errors: &mut Vec<FieldError>) {
    if crate::plain_text::has_control(text, true) {
        errors.push(field_error(field, crate::plain_text::CONTROL_MESSAGE));
    } else if required && text.trim().is_empty() {
        errors.push(field_error(field, format!("Enter {label}")));
    } else if text.chars().count() > MAX_TEXT_CHARS {
        errors.push(field_error(field, format!("{} must be {MAX_TEXT_CHARS} characters or fewer", capitalise(label))));
    } else if let Err(refusal) = guard::check(text) {
        errors.push(field_error(field, refusal.to_string()));
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn one_of(field: &str, value: &str, choices: &[Choice], message: &str, errors: &mut Vec<FieldError>) {
    if !choices.iter().any(|(code, _)| code == value) {
        errors.push(field_error(field, message));
    }
}

fn need_label(state: &AppState, slug: &str) -> String {
    state.reference.taxonomy.need(slug).map_or_else(|| slug.to_owned(), |term| term.label.clone())
}

fn district_choices(state: &AppState) -> Vec<Choice> {
    state.reference.geography.districts().iter().map(|d| (d.code.clone(), d.name.clone())).collect()
}

fn pcn_choices(state: &AppState) -> Vec<Choice> {
    state.reference.geography.pcns().iter().map(|pcn| (pcn.code.clone(), pcn.name.clone())).collect()
}

/// A search's link for the record: the words and need only. The location is left out
/// on purpose: it may be the person's full postcode, which is never stored.
fn stored_search_url(q: &str, need: &str) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if !q.trim().is_empty() {
        query.append_pair("q", q.trim());
    }
    if !need.trim().is_empty() {
        query.append_pair("need", need.trim());
    }
    format!("/search?{}", query.finish())
}

/// A posted search link, kept only when it is one of ours, has no location and passes
/// the guard (a refused one is dropped rather than refusing the form: staff cannot see
/// or edit this hidden field).
fn safe_search_url(posted: &str) -> Option<String> {
    let posted = posted.trim();
    let query = posted.strip_prefix("/search?")?;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let allowed = pairs.iter().all(|(name, _)| name == "q" || name == "need");
    let clean =
        pairs.iter().all(|(_, value)| guard::check(value).is_ok() && !crate::plain_text::has_control(value, false));
    (allowed && clean && posted.len() <= 500 && !crate::plain_text::has_control(posted, false))
        .then(|| posted.to_owned())
}

// ---- Search ----

#[derive(Debug, Default, Deserialize)]
struct HelplineQueryParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    need: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    logged: String,
}

async fn search_page(State(state): State<AppState>, Query(params): Query<HelplineQueryParams>) -> Response {
    let mut page = HelplinePage {
        q: params.q.clone(),
        location: params.location.clone(),
        need: params.need.clone(),
        audience: params.audience.clone(),
        needs: need_choices(&state),
        notice: match params.logged.as_str() {
            "found" => Some("Query logged.".to_owned()),
            "elsewhere" => Some("Query logged and passed to the curator to add the service.".to_owned()),
            _ => None,
        },
        ..HelplinePage::default()
    };
    let wanted =
        [&params.q, &params.location, &params.need, &params.audience].iter().any(|value| !value.trim().is_empty());
    if !wanted {
        return Html(signpost_web::render_helpline(&page)).into_response();
    }
    // The crisis answer shows even when the place cannot be found.
    page.crisis = crate::http::api::crisis_answer(&state, Some(&params.q));
    let search_params = SearchParams {
        q: Some(params.q.clone()),
        location: Some(params.location.clone()),
        need: Some(params.need.clone()),
        audience: Some(params.audience.clone()),
        ..SearchParams::default()
    };
    let request = match SearchRequest::parse(&search_params, &state.reference) {
        Ok(request) => request,
        Err(error) => {
            page.error = Some(field_error(error.field, error.message));
            return (StatusCode::BAD_REQUEST, Html(signpost_web::render_helpline(&page))).into_response();
        }
    };
    let now = state.clock.now();
    let results = match search::run(state.index.clone(), request.to_query(now)).await {
        Ok(results) => results,
        Err(error) => return page_error(ApiError::Internal(error)),
    };
    let ids: Vec<Uuid> = results.hits.iter().filter_map(|hit| hit.id.parse().ok()).collect();
    let records = match state.store.get_services(&ids).await {
        Ok(records) => records,
        Err(error) => return page_error(error),
    };
    let hit_ids: Vec<String> = results.hits.iter().map(|hit| hit.id.clone()).collect();
    let notes = match state.store.internal_notes(&hit_ids).await {
        Ok(notes) => notes,
        Err(error) => return page_error(error),
    };
    page.searched = true;
    page.total = results.total;
    page.results = results
        .hits
        .into_iter()
        .map(|hit| {
            let service = records.iter().find(|record| record.service.id.to_string() == hit.id).map(|r| &r.service);
            let mut facts = Vec::new();
            if let Some(km) = hit.distance_km {
                facts.push(format!("{km:.1} km away"));
            }
            if let Some(today) = service.and_then(|s| today_text(&s.schedules, now)) {
                facts.push(today);
            }
            facts.push(service.map_or_else(|| "There may be a cost".to_owned(), cost_text));
            if let Some(phone) = service.and_then(|s| s.phones.first()) {
                facts.push(format!("Phone: {}", phone.number));
            }
            StaffResult {
                eligibility: service.and_then(|s| s.eligibility_description.clone()).unwrap_or_default(),
                how_to_access: service.and_then(|s| s.application_process.clone()).unwrap_or_default(),
                internal_note: notes
                    .iter()
                    .find(|note| note.service_id == hit.id)
                    .map(|note| note.note.clone())
                    .unwrap_or_default(),
                id: hit.id,
                name: hit.name,
                organisation: hit.organisation,
                summary: hit.summary,
                facts,
            }
        })
        .collect();
    Html(signpost_web::render_helpline(&page)).into_response()
}

// ---- Log a query ----

/// Reads a form or query string whose fields may repeat.
fn pairs(bytes: &[u8]) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in url::form_urlencoded::parse(bytes) {
        map.entry(name.into_owned()).or_default().push(value.into_owned());
    }
    map
}

fn first(map: &BTreeMap<String, Vec<String>>, name: &str) -> String {
    map.get(name).and_then(|values| values.first()).cloned().unwrap_or_default()
}

fn all(map: &BTreeMap<String, Vec<String>>, name: &str) -> Vec<String> {
    map.get(name).cloned().unwrap_or_default().into_iter().filter(|value| !value.trim().is_empty()).collect()
}

async fn service_names(state: &AppState, ids: &[String]) -> storage::Result<Vec<Choice>> {
    let uuids: Vec<Uuid> = ids.iter().filter_map(|id| id.parse().ok()).collect();
    let records = state.store.get_services(&uuids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| {
            records
                .iter()
                .find(|record| record.service.id.to_string() == *id)
                .map(|r| (id.clone(), r.service.name.clone()))
        })
        .collect())
}

async fn log_page(state: &AppState, signed_in: &SignedIn, form: LogQueryForm, errors: Vec<FieldError>) -> Response {
    let services = match service_names(state, &form.services).await {
        Ok(services) => services,
        Err(error) => return page_error(error),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let page = LogQueryPage {
        csrf_token: signed_in.session.csrf_token.clone(),
        needs: need_choices(state),
        services,
        form,
        errors,
    };
    (status, Html(signpost_web::render_log_query(&page))).into_response()
}

async fn log_form(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    RawQuery(query): RawQuery,
) -> Response {
    let map = pairs(query.unwrap_or_default().as_bytes());
    let q = first(&map, "q");
    let need = first(&map, "need");
    let searched = !q.trim().is_empty() || !need.trim().is_empty();
    let form = LogQueryForm {
        needs: state.reference.taxonomy.need(&need).map(|term| vec![term.slug.clone()]).unwrap_or_default(),
        postcode: first(&map, "location"),
        services: all(&map, "service").into_iter().take(MAX_SERVICES).collect(),
        // Search words that would be refused are not carried into the record.
        search_text: if guard::check(&q).is_ok() { q.clone() } else { String::new() },
        search_url: if searched {
            safe_search_url(&stored_search_url(&q, &need)).unwrap_or_default()
        } else {
            String::new()
        },
        ..LogQueryForm::default()
    };
    log_page(&state, &signed_in, form, Vec::new()).await
}

fn log_form_from(map: &BTreeMap<String, Vec<String>>) -> LogQueryForm {
    LogQueryForm {
        needs: all(map, "needs"),
        support_level: first(map, "support_level"),
        specialty: first(map, "specialty"),
        postcode: first(map, "postcode"),
        outcome: first(map, "outcome"),
        services: all(map, "services"),
        search_text: first(map, "search_text"),
        search_url: first(map, "search_url"),
        notes: first(map, "notes"),
    }
}

/// Validates the log form; on success returns the query to store (without id or times).
fn validate_log(state: &AppState, form: &LogQueryForm) -> Result<HelplineQuery, Vec<FieldError>> {
    let mut errors = Vec::new();
    if form.needs.is_empty() {
        errors.push(field_error("needs", "Select at least one need"));
    } else if form.needs.iter().any(|need| state.reference.taxonomy.need(need).is_none()) {
        errors.push(field_error("needs", "Select needs from the list"));
    }
    one_of(
        "support_level",
        &form.support_level,
        &signpost_web::support_levels(),
        "Select a support level",
        &mut errors,
    );
    one_of("specialty", &form.specialty, &signpost_web::specialties(), "Select a specialty", &mut errors);
    let area = if form.postcode.trim().is_empty() {
        Area::default()
    } else {
        match area_of(&state.reference.geography, &form.postcode) {
            Ok(area) => area,
            Err(error) => {
                errors.push(field_error("postcode", error.to_string()));
                Area::default()
            }
        }
    };
    one_of("outcome", &form.outcome, &signpost_web::outcomes(), "Select an outcome", &mut errors);
    if form.outcome == "found_elsewhere" && form.notes.trim().is_empty() {
        errors.push(field_error("notes", "Say in the notes what was found and where, so the curator can add it"));
    } else {
        check_text("notes", "notes", &form.notes, false, &mut errors);
    }
    let services: Vec<String> = form.services.iter().filter(|id| id.parse::<Uuid>().is_ok()).cloned().collect();
    if services.len() != form.services.len() || services.len() > MAX_SERVICES {
        errors.push(field_error("needs", "The suggested services could not be read; search again"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let search_text = form.search_text.trim();
    let search_text = if guard::check(search_text).is_ok()
        && search_text.chars().count() <= 200
        && !crate::plain_text::has_control(search_text, false)
    {
        search_text
    } else {
        ""
    };
    let mut needs = form.needs.clone();
    needs.sort();
    needs.dedup();
    Ok(HelplineQuery {
        support_level: form.support_level.clone(),
        specialty: form.specialty.clone(),
        district_code: area.district_code,
        pcn_code: area.pcn_code,
        outcome: form.outcome.clone(),
        search_text: search_text.to_owned(),
        search_url: safe_search_url(&form.search_url),
        notes: form.notes.trim().to_owned(),
        needs,
        services,
        ..HelplineQuery::default()
    })
}

async fn log_submit(State(state): State<AppState>, Extension(signed_in): Extension<SignedIn>, body: Bytes) -> Response {
    let map = pairs(&body);
    let form = log_form_from(&map);
    let mut query = match validate_log(&state, &form) {
        Ok(query) => query,
        Err(errors) => return log_page(&state, &signed_in, form, errors).await,
    };
    let now = state.clock.now();
    query.id = Uuid::new_v4();
    query.created_at = time_text(now);
    query.month = london_month(now);
    query.staff_user_id = signed_in.user.id;
    if let Err(error) = state.store.add_helpline_query(&query).await {
        return page_error(error);
    }
    let target = match query.outcome.as_str() {
        "no_suitable_service" => format!("/helpline/unmet-needs/new?query={}", query.id),
        "found_elsewhere" => "/helpline?logged=elsewhere".to_owned(),
        _ => "/helpline?logged=found".to_owned(),
    };
    Redirect::to(&target).into_response()
}

// ---- Unmet needs ----

fn unmet_page(state: &AppState, signed_in: &SignedIn, form: UnmetNeedForm, errors: Vec<FieldError>) -> Response {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let taxonomy = &state.reference.taxonomy;
    let page = UnmetNeedPage {
        csrf_token: signed_in.session.csrf_token.clone(),
        need_areas: taxonomy.needs.iter().map(|area| (area.slug.clone(), area.label.clone())).collect(),
        sub_needs: taxonomy
            .needs
            .iter()
            .flat_map(|area| {
                area.children.iter().map(|child| (child.slug.clone(), format!("{}: {}", area.label, child.label)))
            })
            .collect(),
        districts: district_choices(state),
        pcns: pcn_choices(state),
        form,
        errors,
    };
    (status, Html(signpost_web::render_unmet_need(&page))).into_response()
}

#[derive(Debug, Default, Deserialize)]
struct UnmetQuery {
    #[serde(default)]
    query: String,
    /// Words of a search that found nothing ("Log an unmet need" on an empty result).
    #[serde(default)]
    q: String,
    /// Need of that search.
    #[serde(default)]
    need: String,
}

async fn unmet_form(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Query(params): Query<UnmetQuery>,
) -> Response {
    let mut form = UnmetNeedForm::default();
    // From a search that found nothing: carry its words and need, as "Log this query" does.
    if !params.q.trim().is_empty() || !params.need.trim().is_empty() {
        let taxonomy = &state.reference.taxonomy;
        let need = taxonomy.need(params.need.trim()).map(|term| term.slug.clone());
        if let Some(slug) = &need {
            match taxonomy.parent_of(slug) {
                Some(parent) => {
                    form.need = parent.to_owned();
                    form.sub_need = slug.clone();
                }
                None => form.need = slug.clone(),
            }
        }
        // Search words that would be refused are not carried into the record.
        let q = params.q.trim();
        if !q.is_empty() && guard::check(q).is_ok() {
            form.searched = format!("Searched Signpost for \"{q}\", no services found");
        }
        form.search_url =
            safe_search_url(&stored_search_url(q, need.as_deref().unwrap_or_default())).unwrap_or_default();
    }
    if let Ok(id) = params.query.parse::<Uuid>() {
        match state.store.helpline_query(id).await {
            // Only the member of staff who logged a query may carry it on.
            Ok(query) if query.staff_user_id == signed_in.user.id => {
                let taxonomy = &state.reference.taxonomy;
                if let Some(first_need) = query.needs.first() {
                    match taxonomy.parent_of(first_need) {
                        Some(parent) => {
                            form.need = parent.to_owned();
                            form.sub_need = first_need.clone();
                        }
                        None => form.need = first_need.clone(),
                    }
                }
                form.query_id = id.to_string();
                form.district = query.district_code.unwrap_or_default();
                form.pcn = query.pcn_code.unwrap_or_default();
                form.specialty = query.specialty;
                form.support_level = query.support_level;
                let needs: Vec<String> = query.needs.iter().map(|need| need_label(&state, need)).collect();
                form.searched = if query.search_text.is_empty() {
                    format!("Searched Signpost for: {}", needs.join(", "))
                } else {
                    format!("Searched Signpost for \"{}\" ({})", query.search_text, needs.join(", "))
                };
                form.search_url = query.search_url.unwrap_or_default();
            }
            Ok(_) | Err(storage::Error::NotFound) => {}
            Err(error) => return page_error(error),
        }
    }
    unmet_page(&state, &signed_in, form, Vec::new())
}

fn unmet_form_from(map: &BTreeMap<String, Vec<String>>) -> UnmetNeedForm {
    UnmetNeedForm {
        query_id: first(map, "query_id"),
        need: first(map, "need"),
        sub_need: first(map, "sub_need"),
        district: first(map, "district"),
        pcn: first(map, "pcn"),
        specialty: first(map, "specialty"),
        age_band: first(map, "age_band"),
        support_level: first(map, "support_level"),
        searched: first(map, "searched"),
        search_url: first(map, "search_url"),
        barriers: all(map, "barriers"),
        description: first(map, "description"),
    }
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn validate_unmet(state: &AppState, form: &UnmetNeedForm) -> Result<UnmetNeed, Vec<FieldError>> {
    let mut errors = Vec::new();
    let taxonomy = &state.reference.taxonomy;
    let geography = &state.reference.geography;
    if !taxonomy.needs.iter().any(|area| area.slug == form.need) {
        errors.push(field_error("need", "Select a need"));
    }
    if !form.sub_need.is_empty() && taxonomy.parent_of(&form.sub_need) != Some(form.need.as_str()) {
        errors.push(field_error("sub_need", "Select a sub-need of the chosen need, or none"));
    }
    let mut district = optional(&form.district);
    if district.as_deref().is_some_and(|code| geography.district(code).is_none()) {
        errors.push(field_error("district", "Select a district from the list"));
    }
    let pcn = optional(&form.pcn);
    if let Some(code) = pcn.as_deref() {
        match geography.pcn(code) {
            None => errors.push(field_error("pcn", "Select a primary care network from the list")),
            Some(found) if district.as_deref().is_some_and(|d| d != found.district_code) => {
                errors.push(field_error("pcn", "That primary care network is not in the chosen district"));
            }
            Some(found) => district = Some(found.district_code.clone()),
        }
    }
    one_of("specialty", &form.specialty, &signpost_web::specialties(), "Select a specialty", &mut errors);
    one_of("age_band", &form.age_band, &signpost_web::age_bands(), "Select an age band", &mut errors);
    one_of(
        "support_level",
        &form.support_level,
        &signpost_web::support_levels(),
        "Select a support level",
        &mut errors,
    );
    check_text("searched", "what was searched and tried", &form.searched, true, &mut errors);
    let known = signpost_web::barriers();
    if form.barriers.iter().any(|barrier| !known.iter().any(|(code, _)| code == barrier)) {
        errors.push(field_error("barriers", "Select barriers from the list"));
    }
    check_text("description", "a description of the need", &form.description, true, &mut errors);
    let query_id = match optional(&form.query_id) {
        None => None,
        Some(text) => match text.parse::<Uuid>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(field_error("need", "The logged query could not be found; start again from the search"));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut barriers = form.barriers.clone();
    barriers.sort();
    barriers.dedup();
    Ok(UnmetNeed {
        helpline_query_id: query_id,
        need: form.need.clone(),
        sub_need: optional(&form.sub_need),
        district_code: district,
        pcn_code: pcn,
        specialty: form.specialty.clone(),
        age_band: form.age_band.clone(),
        support_level: form.support_level.clone(),
        searched: form.searched.trim().to_owned(),
        search_url: safe_search_url(&form.search_url),
        description: form.description.trim().to_owned(),
        barriers,
        ..UnmetNeed::default()
    })
}

async fn unmet_submit(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    body: Bytes,
) -> Response {
    let form = unmet_form_from(&pairs(&body));
    let mut need = match validate_unmet(&state, &form) {
        Ok(need) => need,
        Err(errors) => return unmet_page(&state, &signed_in, form, errors),
    };
    if let Some(id) = need.helpline_query_id {
        let mine = match state.store.helpline_query(id).await {
            Ok(query) => query.staff_user_id == signed_in.user.id,
            Err(storage::Error::NotFound) => false,
            Err(error) => return page_error(error),
        };
        if !mine {
            let errors = vec![field_error("need", "The logged query could not be found; start again from the search")];
            return unmet_page(&state, &signed_in, form, errors);
        }
    }
    let now = state.clock.now();
    need.id = Uuid::new_v4();
    need.created_at = time_text(now);
    need.month = london_month(now);
    need.staff_user_id = signed_in.user.id;
    if let Err(error) = state.store.add_unmet_need(&need).await {
        return page_error(error);
    }
    Redirect::to("/helpline/unmet-needs?saved=1").into_response()
}

#[derive(Debug, Default, Deserialize)]
struct SavedQuery {
    saved: Option<String>,
}

async fn unmet_list(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Query(query): Query<SavedQuery>,
) -> Response {
    let needs = match state.store.unmet_needs_by_staff(signed_in.user.id, OWN_UNMET_NEEDS).await {
        Ok(needs) => needs,
        Err(error) => return page_error(error),
    };
    let barrier_labels = signpost_web::barriers();
    let rows = needs
        .into_iter()
        .map(|need| UnmetNeedRow {
            month: need.month,
            need: match &need.sub_need {
                Some(sub) => format!("{}: {}", need_label(&state, &need.need), need_label(&state, sub)),
                None => need_label(&state, &need.need),
            },
            area: area_label(&state.reference.geography, need.district_code.as_deref(), need.pcn_code.as_deref()),
            barriers: need
                .barriers
                .iter()
                .filter_map(|code| barrier_labels.iter().find(|(c, _)| c == code).map(|(_, label)| label.clone()))
                .collect::<Vec<_>>()
                .join(", "),
            description: need.description,
        })
        .collect();
    let page = UnmetNeedListPage { rows, notice: query.saved.map(|_| "Unmet need recorded.".to_owned()) };
    Html(signpost_web::render_unmet_need_list(&page)).into_response()
}

// ---- Who can help in this area ----

#[derive(Debug, Default, Deserialize)]
struct LocalHelpQuery {
    #[serde(default)]
    postcode: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    pcn: String,
}

/// Role kinds as (code, label).
pub fn role_kinds() -> Vec<Choice> {
    [
        ("social_prescribing_link_worker", "Social prescribing link worker"),
        ("local_area_coordinator", "Local area coordinator"),
        ("peer_support_worker", "Peer support worker"),
        ("health_and_wellbeing_coach", "Health and wellbeing coach"),
        ("care_coordinator", "Care coordinator"),
        ("community_connector", "Community connector"),
        ("other", "Other"),
    ]
    .iter()
    .map(|(code, label)| ((*code).to_owned(), (*label).to_owned()))
    .collect()
}

fn role_kind_label(code: &str) -> String {
    role_kinds().into_iter().find(|(c, _)| c == code).map_or_else(|| code.to_owned(), |(_, label)| label)
}

fn role_card(state: &AppState, role: LocalRole) -> RoleCard {
    RoleCard {
        kind: role_kind_label(&role.role_kind),
        area: area_label(&state.reference.geography, role.district_code.as_deref(), role.pcn_code.as_deref()),
        title: role.title,
        organisation: role.organisation,
        how_to_contact: role.how_to_contact,
        notes: role.notes,
    }
}

async fn local_help(State(state): State<AppState>, Query(query): Query<LocalHelpQuery>) -> Response {
    let geography = &state.reference.geography;
    let mut page = LocalHelpPage {
        // The postcode is shown back in the field only; the page keeps nothing.
        postcode: query.postcode.clone(),
        district: query.district.clone(),
        pcn: query.pcn.clone(),
        districts: district_choices(&state),
        pcns: pcn_choices(&state),
        ..LocalHelpPage::default()
    };
    let area = if !query.postcode.trim().is_empty() {
        match area_of(geography, &query.postcode) {
            Ok(area) if area.district_code.is_some() => Some(area),
            Ok(_) => {
                page.error =
                    Some(field_error("postcode", "That place is outside Leicester, Leicestershire and Rutland"));
                None
            }
            Err(error) => {
                page.error = Some(field_error("postcode", error.to_string()));
                None
            }
        }
    } else if let Some(pcn) = optional(&query.pcn) {
        match geography.pcn(&pcn) {
            Some(found) => Some(Area { district_code: Some(found.district_code.clone()), pcn_code: Some(pcn) }),
            None => {
                page.error = Some(field_error("pcn", "Select a primary care network from the list"));
                None
            }
        }
    } else if let Some(district) = optional(&query.district) {
        if geography.district(&district).is_some() {
            Some(Area { district_code: Some(district), pcn_code: None })
        } else {
            page.error = Some(field_error("district", "Select a district from the list"));
            None
        }
    } else {
        None
    };
    if page.error.is_some() {
        return (StatusCode::BAD_REQUEST, Html(signpost_web::render_local_help(&page))).into_response();
    }
    if let Some(area) = area {
        let roles = match state.store.local_roles().await {
            Ok(roles) => roles,
            Err(error) => return page_error(error),
        };
        page.area_label = Some(area_label(geography, area.district_code.as_deref(), area.pcn_code.as_deref()));
        for role in roles {
            if area.pcn_code.is_some() && role.pcn_code == area.pcn_code {
                page.pcn_roles.push(role_card(&state, role));
            } else if role.pcn_code.is_none() && role.district_code == area.district_code {
                page.district_roles.push(role_card(&state, role));
            }
        }
    }
    Html(signpost_web::render_local_help(&page)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn month_is_london_time() {
        // 23:30 UTC on 31 May is already June in London (BST).
        let late = Utc.with_ymd_and_hms(2026, 5, 31, 23, 30, 0).single().unwrap_or_default();
        assert_eq!(london_month(late), "2026-06");
        let winter = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).single().unwrap_or_default();
        assert_eq!(london_month(winter), "2026-12");
    }

    #[test]
    fn stored_search_links_never_carry_a_location() {
        assert_eq!(stored_search_url("debt advice", "money"), "/search?q=debt+advice&need=money");
        assert_eq!(safe_search_url("/search?q=debt&location=LE1+6ZG"), None);
        assert_eq!(safe_search_url("https://evil.example/search?q=x"), None);
        assert_eq!(safe_search_url("/search?q=Mr+Smith"), None);
        assert_eq!(safe_search_url("/search?q=debt").as_deref(), Some("/search?q=debt"));
    }
}
