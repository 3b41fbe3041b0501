//! The curation console's service pages: find records, edit, the draft → published →
//! archived workflow with a preview, verification and the audit history. Every save goes
//! through the audited upsert (which appends `change_log`) and wakes the index keeper.

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{Html, IntoResponse, Redirect, Response},
    Extension,
};
use chrono::{Datelike, Months, NaiveDate};
use chrono_tz::Europe::London;
use serde::Deserialize;
use signpost_web::{
    Choice, FieldError, HistoryPage, HistoryRow, RecordEditPage, RecordFields, RecordFilters, RecordListPage,
    RecordPage, RecordRow, ReviewQueuePage, ReviewRow,
};
use uuid::Uuid;

use super::{accounts::CONSOLE, choices::need_choices, pages::Shortlist, policy::PolicyRouter};
use crate::{
    auth::SignedIn,
    error::ApiError,
    hsds::{
        Address, Attribute, Location, Organization, Phone, Schedule, Service, ServiceAtLocation, TaxonomyTerm,
        AUDIENCE_TAXONOMY, DELIVERY_TAXONOMY, NEEDS_TAXONOMY,
    },
    import::{html_to_text, validate},
    opening,
    reference::taxonomy::Term,
    state::AppState,
    storage::{
        self,
        curation::{DEFAULT_REVIEW_MONTHS, REVIEW_MONTH_CHOICES},
        Provenance, RecordStatus, ServiceRecord,
    },
};

/// Records per page of the find-records list.
const PER_PAGE: usize = 25;

/// Records per page of the review queue.
const QUEUE_PER_PAGE: usize = 50;

/// The provenance source of records made in the console.
const CONSOLE_SOURCE: &str = "console";

/// Days of the week as (byday code, form prefix, name).
const DAYS: [(&str, &str, &str); 7] = [
    ("MO", "mo", "Monday"),
    ("TU", "tu", "Tuesday"),
    ("WE", "we", "Wednesday"),
    ("TH", "th", "Thursday"),
    ("FR", "fr", "Friday"),
    ("SA", "sa", "Saturday"),
    ("SU", "su", "Sunday"),
];

/// Console service routes.
pub fn router() -> PolicyRouter {
    PolicyRouter::new()
        .get("/console/services", list, CONSOLE)
        .get("/console/services/new", new_form, CONSOLE)
        .post("/console/services/new", create, CONSOLE)
        .get("/console/services/{id}", record, CONSOLE)
        .get("/console/services/{id}/edit", edit_form, CONSOLE)
        .post("/console/services/{id}/edit", save, CONSOLE)
        .get("/console/services/{id}/preview", preview, CONSOLE)
        .post("/console/services/{id}/status", set_status, CONSOLE)
        .post("/console/services/{id}/verify", verify, CONSOLE)
        .get("/console/services/{id}/history", history, CONSOLE)
        .get("/console/review", review_queue, CONSOLE)
}

fn page_error(error: storage::Error) -> Response {
    if matches!(error, storage::Error::NotFound) {
        return (StatusCode::NOT_FOUND, Html(signpost_web::render_not_found())).into_response();
    }
    ApiError::from(error).into_response()
}

/// Today's date in London.
fn today(state: &AppState) -> NaiveDate {
    state.clock.now().with_timezone(&London).date_naive()
}

/// Returns the record's review interval in months: its own, or the default.
async fn review_months(state: &AppState, id: Uuid) -> storage::Result<u32> {
    Ok(state.store.review_interval(id).await?.unwrap_or(DEFAULT_REVIEW_MONTHS))
}

/// The review interval chosen on the edit form, when it is one of the choices.
fn chosen_months(text: &str) -> Option<u32> {
    text.trim().parse().ok().filter(|months| REVIEW_MONTH_CHOICES.contains(months))
}

fn add_months(day: NaiveDate, months: u32) -> String {
    day.checked_add_months(Months::new(months)).unwrap_or(day).format("%Y-%m-%d").to_string()
}

fn district_of(state: &AppState, service: &Service) -> Option<String> {
    let postcode = first_address(service)?.postal_code.clone();
    state.reference.geography.postcode_district(&postcode).map(str::to_owned)
}

fn first_address(service: &Service) -> Option<&Address> {
    service.service_at_locations.first()?.location.addresses.first()
}

fn audience_choices(state: &AppState) -> Vec<Choice> {
    state.reference.taxonomy.audiences.iter().map(|term| (term.slug.clone(), term.label.clone())).collect()
}

fn delivery_choices(state: &AppState) -> Vec<Choice> {
    state.reference.taxonomy.delivery.iter().map(|term| (term.slug.clone(), term.label.clone())).collect()
}

// ---- Find records ----

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    need: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    source: String,
    page: Option<usize>,
}

async fn all_records(state: &AppState) -> storage::Result<Vec<ServiceRecord>> {
    let mut records = Vec::new();
    let mut after = None;
    loop {
        let ids = state.store.service_ids(after, 500).await?;
        let Some(last) = ids.last().copied() else { break };
        records.extend(state.store.get_services(&ids).await?);
        after = Some(last);
    }
    Ok(records)
}

async fn list(State(state): State<AppState>, Query(query): Query<ListQuery>) -> Response {
    let records = match all_records(&state).await {
        Ok(records) => records,
        Err(error) => return page_error(error),
    };
    let today = today(&state);
    let today_text = today.format("%Y-%m-%d").to_string();
    let month_end = add_months(today.with_day(1).unwrap_or(today), 1);
    let words = query.q.trim().to_lowercase();
    let mut sources: Vec<String> = records.iter().map(|record| record.provenance.source.clone()).collect();
    sources.sort();
    sources.dedup();
    let mut rows: Vec<(ServiceRecord, Option<String>)> = records
        .into_iter()
        .map(|record| {
            let district = district_of(&state, &record.service);
            (record, district)
        })
        .filter(|(record, district)| {
            let due = record.review_due_date.as_deref().unwrap_or_default();
            (words.is_empty() || record.service.name.to_lowercase().contains(&words))
                && (query.status.is_empty() || record.record_status.as_str() == query.status)
                && (query.need.is_empty()
                    || record.service.term_codes(NEEDS_TAXONOMY).any(|code| {
                        code == query.need || state.reference.taxonomy.parent_of(code) == Some(query.need.as_str())
                    }))
                && (query.district.is_empty() || district.as_deref() == Some(query.district.as_str()))
                && match query.due.as_str() {
                    "overdue" => !due.is_empty() && due < today_text.as_str(),
                    "month" => !due.is_empty() && due >= today_text.as_str() && due < month_end.as_str(),
                    _ => true,
                }
                && (query.source.is_empty() || record.provenance.source == query.source)
        })
        .collect();
    rows.sort_by_key(|(record, _)| record.service.name.to_lowercase());
    let total = rows.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = query.page.unwrap_or(1).clamp(1, pages);
    let districts = state.reference.geography.districts();
    let district_name = |code: &str| {
        districts.iter().find(|district| district.code == code).map_or_else(|| code.to_owned(), |d| d.name.clone())
    };
    let filters = RecordFilters {
        q: query.q.clone(),
        status: query.status.clone(),
        need: query.need.clone(),
        district: query.district.clone(),
        due: query.due.clone(),
        source: query.source.clone(),
    };
    let link = |page: usize| {
        let mut url = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("q", &filters.q),
            ("status", &filters.status),
            ("need", &filters.need),
            ("district", &filters.district),
            ("due", &filters.due),
            ("source", &filters.source),
        ] {
            if !value.is_empty() {
                url.append_pair(name, value);
            }
        }
        url.append_pair("page", &page.to_string());
        format!("/console/services?{}", url.finish())
    };
    let view = RecordListPage {
        needs: need_choices(&state),
        districts: districts.iter().map(|district| (district.code.clone(), district.name.clone())).collect(),
        sources,
        rows: rows
            .into_iter()
            .skip((page - 1) * PER_PAGE)
            .take(PER_PAGE)
            .map(|(record, district)| RecordRow {
                id: record.service.id.to_string(),
                name: record.service.name.clone(),
                status: record.record_status.as_str().to_owned(),
                district: district.as_deref().map(district_name).unwrap_or_default(),
                review_due: record.review_due_date.clone().unwrap_or_default(),
                source: record.provenance.source.clone(),
            })
            .collect(),
        total,
        page,
        pages,
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
        filters,
    };
    Html(signpost_web::render_record_list(&view)).into_response()
}

// ---- Review queue and counts ----

/// A record's review date, when it has a readable one.
fn due_date(record: &ServiceRecord) -> Option<NaiveDate> {
    let text = record.review_due_date.as_deref()?;
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

async fn published_records(state: &AppState) -> storage::Result<Vec<ServiceRecord>> {
    let mut records = all_records(state).await?;
    records.retain(|record| record.record_status == RecordStatus::Published);
    Ok(records)
}

/// Counts published records that are overdue and that fall due from today to the end of
/// this month (London dates).
pub(super) async fn review_counts(state: &AppState) -> storage::Result<(usize, usize)> {
    let today = today(state);
    let next_month = today.with_day(1).unwrap_or(today).checked_add_months(Months::new(1)).unwrap_or(today);
    let dues: Vec<NaiveDate> = published_records(state).await?.iter().filter_map(due_date).collect();
    let overdue = dues.iter().filter(|due| **due < today).count();
    let this_month = dues.iter().filter(|due| **due >= today && **due < next_month).count();
    Ok((overdue, this_month))
}

/// Such as "Overdue by 3 days", "Due today" or "Due in 1 day".
fn due_label(due: Option<NaiveDate>, today: NaiveDate) -> String {
    let Some(due) = due else { return "No review date".to_owned() };
    let days = (due - today).num_days();
    let plural = |n: i64| if n == 1 { "day" } else { "days" };
    match days {
        0 => "Due today".to_owned(),
        days if days < 0 => format!("Overdue by {} {}", -days, plural(-days)),
        days => format!("Due in {days} {}", plural(days)),
    }
}

#[derive(Debug, Default, Deserialize)]
struct QueueQuery {
    page: Option<usize>,
}

/// Published records by review date, oldest first and records with none before them.
async fn review_queue(State(state): State<AppState>, Query(query): Query<QueueQuery>) -> Response {
    let mut records = match published_records(&state).await {
        Ok(records) => records,
        Err(error) => return page_error(error),
    };
    records.sort_by_cached_key(|record| (due_date(record), record.service.name.to_lowercase()));
    let today = today(&state);
    let total = records.len();
    let pages = total.div_ceil(QUEUE_PER_PAGE).max(1);
    let page = query.page.unwrap_or(1).clamp(1, pages);
    let link = |page: usize| format!("/console/review?page={page}");
    let view = ReviewQueuePage {
        rows: records
            .iter()
            .skip((page - 1) * QUEUE_PER_PAGE)
            .take(QUEUE_PER_PAGE)
            .map(|record| ReviewRow {
                id: record.service.id.to_string(),
                name: record.service.name.clone(),
                due: due_date(record).map(|due| due.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                label: due_label(due_date(record), today),
            })
            .collect(),
        total,
        page,
        pages,
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
    };
    Html(signpost_web::render_review_queue(&view)).into_response()
}

// ---- Edit ----

/// The edit form as posted (checkboxes repeat their name, so it is read by hand).
#[derive(Debug, Default)]
struct EditForm {
    fields: RecordFields,
    /// The version of the record the form showed (see `storage::record_version`).
    version: String,
}

impl EditForm {
    fn parse(body: &[u8]) -> Self {
        let mut fields = RecordFields {
            hours: DAYS
                .iter()
                .map(|(_, code, day)| ((*code).to_owned(), (*day).to_owned(), String::new(), String::new()))
                .collect(),
            ..RecordFields::default()
        };
        let mut version = String::new();
        for (name, value) in url::form_urlencoded::parse(body) {
            let value = value.into_owned();
            match name.as_ref() {
                "version" => version = value,
                "name" => fields.name = value,
                "organisation" => fields.organisation = value,
                "description" => fields.description = value,
                "url" => fields.url = value,
                "email" => fields.email = value,
                "phones" => fields.phones = value,
                "address" => fields.address = value,
                "town" => fields.town = value,
                "postcode" => fields.postcode = value,
                "fees" => fields.fees = value,
                "eligibility" => fields.eligibility = value,
                "min_age" => fields.min_age = value,
                "max_age" => fields.max_age = value,
                "how_to_access" => fields.how_to_access = value,
                "review_months" => fields.review_months = value,
                "needs" => fields.needs.push(value),
                "delivery" => fields.delivery.push(value),
                "audiences" => fields.audiences.push(value),
                other => {
                    if let Some((code, end)) = other.split_once('_') {
                        if let Some(day) = fields.hours.iter_mut().find(|day| day.0 == code) {
                            match end {
                                "opens" => day.2 = value,
                                "closes" => day.3 = value,
                                _ => {}
                            }
                        }
                    }
                }
            }
        }
        Self { fields, version }
    }
}

/// The edit form's text fields as (field, label, multi-line), for checks and comparisons.
const TEXT_FIELDS: [(&str, &str, bool); 13] = [
    ("name", "Service name", false),
    ("organisation", "Organisation name", false),
    ("description", "Description", true),
    ("url", "Website", false),
    ("email", "Email", false),
    ("phones", "Phone numbers", true),
    ("address", "Address", false),
    ("town", "Town or city", false),
    ("postcode", "Postcode", false),
    ("fees", "Fees or cost", false),
    ("eligibility", "Who can use it", true),
    ("min_age", "Youngest age", false),
    ("max_age", "Oldest age", false),
];

/// Returns a text field's value by its form name.
fn text_of<'a>(fields: &'a RecordFields, name: &str) -> &'a str {
    match name {
        "name" => &fields.name,
        "organisation" => &fields.organisation,
        "description" => &fields.description,
        "url" => &fields.url,
        "email" => &fields.email,
        "phones" => &fields.phones,
        "address" => &fields.address,
        "town" => &fields.town,
        "postcode" => &fields.postcode,
        "fees" => &fields.fees,
        "eligibility" => &fields.eligibility,
        "min_age" => &fields.min_age,
        "max_age" => &fields.max_age,
        "how_to_access" => &fields.how_to_access,
        _ => "",
    }
}

/// Returns a value as a person would compare it: browsers send line breaks in a
/// textarea as CRLF, and spaces at either end are dropped when saved.
fn comparable(text: &str) -> String {
    text.replace("\r\n", "\n").trim().to_owned()
}

/// Returns every field whose value differs, as (label, first, second); opening hours
/// and the need and delivery choices count as one field each.
fn differences(first: &RecordFields, second: &RecordFields) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    let all_text =
        TEXT_FIELDS.iter().map(|(name, label, _)| (*name, *label)).chain([("how_to_access", "How to access it")]);
    for (name, label) in all_text {
        let (a, b) = (comparable(text_of(first, name)), comparable(text_of(second, name)));
        if a != b {
            rows.push((label.to_owned(), a, b));
        }
    }
    let hours = hours_text;
    let set = |values: &[String]| {
        let mut sorted: Vec<&str> = values.iter().map(|value| value.trim()).collect();
        sorted.sort_unstable();
        sorted.dedup();
        sorted.join(", ")
    };
    for (label, a, b) in [
        ("Opening times", hours(first), hours(second)),
        ("Needs", set(&first.needs), set(&second.needs)),
        ("How people can use it", set(&first.delivery), set(&second.delivery)),
        ("Who it is for", set(&first.audiences), set(&second.audiences)),
        ("Check every (months)", comparable(&first.review_months), comparable(&second.review_months)),
    ] {
        if a != b {
            rows.push((label.to_owned(), a, b));
        }
    }
    rows
}

/// Returns the opening times as one line, such as "Monday 09:00 to 17:00".
fn hours_text(fields: &RecordFields) -> String {
    fields
        .hours
        .iter()
        .filter(|(_, _, opens, closes)| !opens.trim().is_empty() || !closes.trim().is_empty())
        .map(|(_, day, opens, closes)| format!("{day} {} to {}", opens.trim(), closes.trim()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Returns a field error for each field holding a control character.
fn control_character_errors(fields: &RecordFields) -> Vec<FieldError> {
    use crate::plain_text::{has_control, CONTROL_MESSAGE};
    let mut errors = Vec::new();
    let mut check = |field: &str, value: &str, multiline: bool| {
        if has_control(value, multiline) && !errors.iter().any(|error: &FieldError| error.field == field) {
            errors.push(FieldError { field: field.to_owned(), message: CONTROL_MESSAGE.to_owned() });
        }
    };
    for (name, _, multiline) in TEXT_FIELDS {
        check(name, text_of(fields, name), multiline);
    }
    check("how_to_access", &fields.how_to_access, true);
    for (_, _, opens, closes) in &fields.hours {
        check("hours", opens, false);
        check("hours", closes, false);
    }
    for value in fields.needs.iter().chain(&fields.delivery) {
        check("needs", value, false);
    }
    check("review_months", &fields.review_months, false);
    errors
}

/// The form's values for a stored record checked every `months`.
fn fields_of(record: &ServiceRecord, months: u32) -> RecordFields {
    let service = &record.service;
    let address = first_address(service);
    let mut hours: Vec<(String, String, String, String)> = DAYS
        .iter()
        .map(|(_, code, day)| ((*code).to_owned(), (*day).to_owned(), String::new(), String::new()))
        .collect();
    for schedule in &service.schedules {
        let (Some(opens), Some(closes)) = (&schedule.opens_at, &schedule.closes_at) else { continue };
        let days = schedule.byday.as_deref().map_or_else(|| Ok((0..7).collect()), opening::parse_days);
        for day in days.unwrap_or_default() {
            if let Some(entry) = usize::try_from(day).ok().and_then(|day| hours.get_mut(day)) {
                entry.2 = opens.get(..5).unwrap_or(opens).to_owned();
                entry.3 = closes.get(..5).unwrap_or(closes).to_owned();
            }
        }
    }
    RecordFields {
        name: service.name.clone(),
        organisation: service.organization.as_ref().map(|org| org.name.clone()).unwrap_or_default(),
        description: service.description.clone().unwrap_or_default(),
        url: service.url.clone().unwrap_or_default(),
        email: service.email.clone().unwrap_or_default(),
        phones: service.phones.iter().map(|phone| phone.number.clone()).collect::<Vec<_>>().join("\n"),
        address: address.map(|a| a.address_1.clone()).unwrap_or_default(),
        town: address.map(|a| a.city.clone()).unwrap_or_default(),
        postcode: address.map(|a| a.postal_code.clone()).unwrap_or_default(),
        hours,
        fees: service.fees_description.clone().unwrap_or_default(),
        eligibility: service.eligibility_description.clone().unwrap_or_default(),
        min_age: service.minimum_age.map(|age| age.to_string()).unwrap_or_default(),
        max_age: service.maximum_age.map(|age| age.to_string()).unwrap_or_default(),
        how_to_access: service.application_process.clone().unwrap_or_default(),
        needs: service.term_codes(NEEDS_TAXONOMY).map(str::to_owned).collect(),
        delivery: service.term_codes(DELIVERY_TAXONOMY).map(str::to_owned).collect(),
        audiences: service.term_codes(AUDIENCE_TAXONOMY).map(str::to_owned).collect(),
        review_months: months.to_string(),
    }
}

/// Returns whether `number` looks like a UK phone number: 10 or 11 digits starting 0
/// (or +44 and 9 or 10 more), or a short number such as 111 or 116 123.
fn is_uk_phone(number: &str) -> bool {
    if number.chars().any(|c| !(c.is_ascii_digit() || " ()-+".contains(c))) {
        return false;
    }
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if number.trim_start().starts_with("+44") {
        return (11..=12).contains(&digits.len()) && !digits[2..].starts_with('0');
    }
    if number.contains('+') {
        return false;
    }
    (digits.starts_with('0') && (10..=11).contains(&digits.len()))
        || (digits.starts_with('1') && digits.len() == 3)
        || (digits.starts_with("11") && digits.len() == 6)
}

fn attribute(service: Uuid, term: &Term, taxonomy: &str) -> Attribute {
    Attribute {
        id: Uuid::new_v5(&service, format!("attribute/{}", term.slug).as_bytes()),
        taxonomy_term_id: Some(term.id),
        link_type: Some("service".to_owned()),
        link_entity: Some("service".to_owned()),
        value: Some(term.slug.clone()),
        taxonomy_term: Some(TaxonomyTerm {
            id: term.id,
            code: Some(term.slug.clone()),
            name: term.label.clone(),
            description: term.description.clone(),
            parent_id: None,
            taxonomy: Some(taxonomy.to_owned()),
        }),
    }
}

/// Returns a description as plain text: markup (and so any script) is removed, again
/// after decoding entities, so `&lt;script&gt;` does not come back as a tag.
fn plain_text(html: &str) -> String {
    let mut text = html.to_owned();
    for _ in 0..5 {
        let next = html_to_text(&text);
        if next == text {
            break;
        }
        text = next;
    }
    text
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Applies the form to `record`, or returns every problem with it.
fn apply(state: &AppState, record: &mut ServiceRecord, fields: &RecordFields) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut problem = |field: &str, message: &str| {
        errors.push(FieldError { field: field.to_owned(), message: message.to_owned() });
    };
    // Opening times the curator left alone keep their stored schedules (and ids), so a
    // save is not audited as a schedule change (issue 13).
    let hours_unchanged = hours_text(&fields_of(record, DEFAULT_REVIEW_MONTHS)) == hours_text(fields);
    let service = &mut record.service;
    let id = service.id;
    service.name = fields.name.trim().to_owned();
    if service.name.is_empty() {
        problem("name", "Enter the service's name");
    }
    let organisation = fields.organisation.trim();
    service.organization = if organisation.is_empty() {
        None
    } else {
        let mut org = service.organization.take().unwrap_or_else(|| Organization {
            id: Uuid::new_v5(&id, b"organization"),
            name: String::new(),
            description: String::new(),
            email: None,
            website: None,
        });
        organisation.clone_into(&mut org.name);
        Some(org)
    };
    service.description = optional(&plain_text(&fields.description));
    service.url = match optional(&fields.url) {
        None => None,
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => match validate::check_url(&url) {
            Ok(url) => Some(url),
            Err(_) => {
                problem("url", "Enter a website address that starts with http:// or https://");
                None
            }
        },
        Some(_) => {
            problem("url", "Enter a website address that starts with http:// or https://");
            None
        }
    };
    service.email = optional(&fields.email);
    if service.email.as_deref().is_some_and(|email| validate::check_email(email).is_err()) {
        problem("email", "Enter an email address like name@example.org");
    }
    let numbers: Vec<&str> = fields.phones.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    if numbers.iter().any(|number| !is_uk_phone(number)) {
        problem("phones", "Enter UK phone numbers like 0116 123 4567, one a line");
    }
    service.phones = numbers
        .iter()
        .enumerate()
        .map(|(n, number)| {
            let kept = service.phones.get(n).map(|phone| phone.id);
            Phone {
                id: kept.unwrap_or_else(|| Uuid::new_v5(&id, format!("phone/{n}").as_bytes())),
                number: (*number).to_owned(),
                extension: None,
                phone_type: Some("voice".to_owned()),
                description: None,
            }
        })
        .collect();
    let postcode = fields.postcode.trim().to_uppercase();
    if postcode.is_empty() && fields.address.trim().is_empty() {
        service.service_at_locations.clear();
    } else if let Some(point) = state.reference.geography.postcode_point(&postcode) {
        if service.service_at_locations.is_empty() {
            service.service_at_locations.push(ServiceAtLocation {
                id: Uuid::new_v5(&id, b"service_at_location/0"),
                description: None,
                location: Location {
                    id: Uuid::new_v5(&id, b"location/0"),
                    location_type: "physical".to_owned(),
                    name: None,
                    description: None,
                    url: None,
                    latitude: None,
                    longitude: None,
                    addresses: Vec::new(),
                    accessibility: Vec::new(),
                },
            });
        }
        let location = &mut service.service_at_locations[0].location;
        location.latitude = Some(point.lat);
        location.longitude = Some(point.lon);
        if location.addresses.is_empty() {
            location.addresses.push(Address {
                id: Uuid::new_v5(&id, b"address/0"),
                attention: None,
                address_1: String::new(),
                address_2: None,
                city: String::new(),
                region: None,
                state_province: "Leicestershire".to_owned(),
                postal_code: String::new(),
                country: "GB".to_owned(),
                address_type: "physical".to_owned(),
            });
        }
        let address = &mut location.addresses[0];
        fields.address.trim().clone_into(&mut address.address_1);
        fields.town.trim().clone_into(&mut address.city);
        address.postal_code = postcode;
    } else {
        problem("postcode", "Enter a real postcode, like LE1 6ZG");
    }
    let mut schedules = Vec::new();
    let mut hours_ok = true;
    for (index, (code, _, opens, closes)) in fields.hours.iter().enumerate() {
        let (opens, closes) = (opens.trim(), closes.trim());
        if hours_unchanged || (opens.is_empty() && closes.is_empty()) {
            continue;
        }
        let byday = DAYS.iter().find(|day| day.1 == code).map_or("MO", |day| day.0);
        let schedule = Schedule {
            id: Uuid::new_v5(&id, format!("schedule/{index}").as_bytes()),
            freq: Some("WEEKLY".to_owned()),
            byday: Some(byday.to_owned()),
            opens_at: Some(opens.to_owned()),
            closes_at: Some(closes.to_owned()),
            valid_from: None,
            valid_to: None,
            description: None,
        };
        if opens.is_empty() || closes.is_empty() || opening::validate(&schedule).is_err() {
            hours_ok = false;
        }
        schedules.push(schedule);
    }
    if !hours_ok {
        problem("hours", "Enter opening and closing times like 09:00 and 17:00 for each open day");
    }
    if !hours_unchanged {
        service.schedules = schedules;
    }
    service.fees_description = optional(&fields.fees);
    service.eligibility_description = optional(&fields.eligibility);
    service.application_process = optional(&fields.how_to_access);
    let age = |text: &str| -> Result<Option<i64>, ()> {
        match optional(text) {
            None => Ok(None),
            Some(text) => text.parse::<i64>().ok().filter(|age| (0..=130).contains(age)).map(Some).ok_or(()),
        }
    };
    match age(&fields.min_age) {
        Ok(value) => service.minimum_age = value,
        Err(()) => problem("min_age", "Enter the youngest age as a whole number from 0 to 130"),
    }
    match age(&fields.max_age) {
        Ok(value) => service.maximum_age = value,
        Err(()) => problem("max_age", "Enter the oldest age as a whole number from 0 to 130"),
    }
    if let (Some(min), Some(max)) = (service.minimum_age, service.maximum_age) {
        if min > max {
            problem("max_age", "The oldest age must be the same as or above the youngest age");
        }
    }
    let taxonomy = &state.reference.taxonomy;
    let needs: Vec<&Term> = fields.needs.iter().filter_map(|slug| taxonomy.need(slug)).collect();
    if needs.is_empty() {
        problem("needs", "Select at least one need this service helps with");
    }
    let delivery: Vec<&Term> =
        fields.delivery.iter().filter_map(|slug| taxonomy.delivery.iter().find(|term| &term.slug == slug)).collect();
    let mut audiences: Vec<&Term> = Vec::new();
    for slug in &fields.audiences {
        match taxonomy.audiences.iter().find(|term| &term.slug == slug) {
            Some(term) => audiences.push(term),
            None => problem("audiences", "Choose who the service is for from the list"),
        }
    }
    let kept = service.attributes.iter().filter(|attribute| {
        let taxonomy = attribute.taxonomy_term.as_ref().and_then(|term| term.taxonomy.as_deref());
        ![Some(NEEDS_TAXONOMY), Some(DELIVERY_TAXONOMY), Some(AUDIENCE_TAXONOMY)].contains(&taxonomy)
    });
    let mut attributes: Vec<Attribute> = kept.cloned().collect();
    attributes.extend(needs.iter().map(|term| attribute(id, term, NEEDS_TAXONOMY)));
    attributes.extend(delivery.iter().map(|term| attribute(id, term, DELIVERY_TAXONOMY)));
    attributes.extend(audiences.iter().map(|term| attribute(id, term, AUDIENCE_TAXONOMY)));
    service.attributes = attributes;
    match optional(&fields.review_months).map(|text| chosen_months(&text)) {
        None => {}
        Some(Some(months)) => {
            // The next review is due that many months after the last check.
            let start = record
                .service
                .assured_date
                .as_deref()
                .and_then(|day| NaiveDate::parse_from_str(day.get(..10)?, "%Y-%m-%d").ok())
                .unwrap_or_else(|| today(state));
            record.review_due_date = Some(add_months(start, months));
        }
        Some(None) => problem("review_months", "Choose how often to check this record: every 3, 6 or 12 months"),
    }
    if errors.is_empty() {
        // The import rules have the last word (they tidy text and check what is left).
        match validate::normalise(record.service.clone()) {
            Ok(service) => record.service = service,
            Err(reason) => {
                errors.push(FieldError { field: "name".to_owned(), message: format!("Check the record: {reason}") })
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn edit_page(
    state: &AppState,
    signed_in: &SignedIn,
    action: String,
    heading: String,
    fields: RecordFields,
    errors: Vec<FieldError>,
    version: String,
) -> RecordEditPage {
    RecordEditPage {
        csrf_token: signed_in.session.csrf_token.clone(),
        action,
        heading,
        fields,
        errors,
        version,
        conflict: Vec::new(),
        need_options: need_choices(state),
        delivery_options: delivery_choices(state),
        audience_options: audience_choices(state),
    }
}

fn new_record(state: &AppState) -> ServiceRecord {
    let service = Service::new(Uuid::new_v4(), String::new());
    ServiceRecord {
        service,
        record_status: RecordStatus::Draft,
        review_due_date: Some(add_months(today(state), DEFAULT_REVIEW_MONTHS)),
        provenance: Provenance { source: CONSOLE_SOURCE.to_owned(), source_id: None },
    }
}

async fn new_form(State(state): State<AppState>, Extension(signed_in): Extension<SignedIn>) -> Response {
    let fields = fields_of(&new_record(&state), DEFAULT_REVIEW_MONTHS);
    let action = "/console/services/new".to_owned();
    let page = edit_page(&state, &signed_in, action, "Add a service".into(), fields, Vec::new(), String::new());
    Html(signpost_web::render_record_edit(&page)).into_response()
}

async fn edit_form(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return page_error(storage::Error::NotFound) };
    let months = match review_months(&state, id).await {
        Ok(months) => months,
        Err(error) => return page_error(error),
    };
    match state.store.get_service(id).await {
        Ok(record) => {
            let page = edit_page(
                &state,
                &signed_in,
                format!("/console/services/{id}/edit"),
                format!("Edit {}", record.service.name),
                fields_of(&record, months),
                Vec::new(),
                storage::record_version(&record),
            );
            Html(signpost_web::render_record_edit(&page)).into_response()
        }
        Err(error) => page_error(error),
    }
}

/// The stored record an edit form changes, with its review interval.
struct Existing {
    months: u32,
}

/// Validates and stores the form; on problems, shows the form again and stores nothing.
///
/// An edit (`existing` set) must carry the version it was made from: a save over someone
/// else's newer save is refused with both versions shown, and a save that changes
/// nothing writes (and audits) nothing.
async fn store_form(
    state: &AppState,
    signed_in: &SignedIn,
    mut record: ServiceRecord,
    body: &[u8],
    action: String,
    heading: String,
    existing: Option<Existing>,
) -> Response {
    let form = EditForm::parse(body);
    let version = existing.as_ref().map(|_| storage::record_version(&record)).unwrap_or_default();
    let invalid = |fields: RecordFields, errors: Vec<FieldError>, version: String| {
        let page = edit_page(state, signed_in, action.clone(), heading.clone(), fields, errors, version);
        (StatusCode::BAD_REQUEST, Html(signpost_web::render_record_edit(&page))).into_response()
    };
    let control = control_character_errors(&form.fields);
    if !control.is_empty() {
        return invalid(form.fields, control, form.version);
    }
    if let Some(existing) = &existing {
        if form.version != version {
            return conflict(state, signed_in, &record, existing.months, form.fields, action.clone(), heading.clone());
        }
        if differences(&fields_of(&record, existing.months), &form.fields).is_empty() {
            return Redirect::to(&format!("/console/services/{}?done=unchanged", record.service.id)).into_response();
        }
    }
    if let Err(errors) = apply(state, &mut record, &form.fields) {
        return invalid(form.fields, errors, form.version);
    }
    record.service.last_modified = Some(state.clock.now().format("%Y-%m-%dT%H:%M:%SZ").to_string());
    let id = record.service.id;
    let email = &signed_in.user.email;
    let written = match &existing {
        Some(_) => state.store.upsert_service_checked(&record, email, "edited", &version).await,
        None => state.store.upsert_service_by(&record, email, "edited").await,
    };
    match written {
        Ok(_) => {}
        // Someone saved between the check above and the write: show theirs now.
        Err(storage::Error::Stale) => {
            let months = existing.map_or(DEFAULT_REVIEW_MONTHS, |existing| existing.months);
            return match state.store.get_service(id).await {
                Ok(current) => {
                    conflict(state, signed_in, &current, months, form.fields, action.clone(), heading.clone())
                }
                Err(error) => page_error(error),
            };
        }
        Err(error) => return page_error(error),
    }
    if let Some(months) = chosen_months(&form.fields.review_months) {
        let at = storage::accounts::time_text(state.clock.now());
        if let Err(error) = state.store.set_review_interval(id, months, email, &at).await {
            return page_error(error);
        }
    }
    state.keeper.wake();
    Redirect::to(&format!("/console/services/{id}?done=saved")).into_response()
}

/// Refuses a save made from an older version: the form keeps the curator's values, a table
/// shows each field as they proposed it and as it is now stored, and the form takes the
/// current version so saving again is a deliberate choice. Nothing is written.
fn conflict(
    state: &AppState,
    signed_in: &SignedIn,
    current: &ServiceRecord,
    months: u32,
    proposed: RecordFields,
    action: String,
    heading: String,
) -> Response {
    let rows = differences(&proposed, &fields_of(current, months));
    let error = FieldError {
        field: "conflict".to_owned(),
        message: "Someone else saved this record while you were editing it. Compare the two versions, \
                  then save again to keep yours"
            .to_owned(),
    };
    let version = storage::record_version(current);
    let mut page = edit_page(state, signed_in, action, heading, proposed, vec![error], version);
    page.conflict = rows;
    (StatusCode::CONFLICT, Html(signpost_web::render_record_edit(&page))).into_response()
}

async fn create(State(state): State<AppState>, Extension(signed_in): Extension<SignedIn>, body: Bytes) -> Response {
    let record = new_record(&state);
    let action = "/console/services/new".to_owned();
    store_form(&state, &signed_in, record, &body, action, "Add a service".into(), None).await
}

async fn save(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return page_error(storage::Error::NotFound) };
    let loaded =
        async { Ok::<_, storage::Error>((state.store.get_service(id).await?, review_months(&state, id).await?)) };
    match loaded.await {
        Ok((record, months)) => {
            let heading = format!("Edit {}", record.service.name);
            let action = format!("/console/services/{id}/edit");
            store_form(&state, &signed_in, record, &body, action, heading, Some(Existing { months })).await
        }
        Err(error) => page_error(error),
    }
}

// ---- Workflow, preview, verification, history ----

#[derive(Debug, Deserialize)]
struct RecordQuery {
    done: Option<String>,
}

async fn record(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
    Query(query): Query<RecordQuery>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return page_error(storage::Error::NotFound) };
    let record = match state.store.get_service(id).await {
        Ok(record) => record,
        Err(error) => return page_error(error),
    };
    let review_months = match review_months(&state, id).await {
        Ok(months) => months,
        Err(error) => return page_error(error),
    };
    let notice = match query.done.as_deref() {
        Some("saved") => Some("Saved".to_owned()),
        Some("unchanged") => Some("Nothing was changed, so nothing was saved".to_owned()),
        Some("verified") => Some("Marked as checked and still accurate".to_owned()),
        Some("published") => Some("Published: the public can now find it".to_owned()),
        Some("archived") => Some("Archived: it is no longer public".to_owned()),
        Some("draft") => Some("Returned to draft".to_owned()),
        _ => None,
    };
    let page = RecordPage {
        csrf_token: signed_in.session.csrf_token.clone(),
        id: id.to_string(),
        name: record.service.name.clone(),
        status: record.record_status.as_str().to_owned(),
        assured: record.service.assured_date.clone().unwrap_or_default(),
        assurer: record.service.assurer_email.clone().unwrap_or_default(),
        review_due: record.review_due_date.clone().unwrap_or_default(),
        review_months,
        notice,
    };
    Html(signpost_web::render_record(&page)).into_response()
}

/// The public page as it would look, whatever the record's status.
async fn preview(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return page_error(storage::Error::NotFound) };
    match state.store.get_service(id).await {
        Ok(record) => {
            let page = super::pages::service_page(&state, &record, &Shortlist::default());
            Html(signpost_web::render_service(&page)).into_response()
        }
        Err(error) => page_error(error),
    }
}

#[derive(Debug, Deserialize)]
struct StatusForm {
    status: String,
}

async fn set_status(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<StatusForm>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return page_error(storage::Error::NotFound) };
    let Ok(status) = form.status.parse::<RecordStatus>() else {
        return (
            StatusCode::BAD_REQUEST,
            Html(signpost_web::render_notice("Unknown status", "Choose draft, published or archived.")),
        )
            .into_response();
    };
    let mut record = match state.store.get_service(id).await {
        Ok(record) => record,
        Err(error) => return page_error(error),
    };
    record.record_status = status;
    if let Err(error) = state.store.upsert_service_by(&record, &signed_in.user.email, status.as_str()).await {
        return page_error(error);
    }
    state.keeper.wake();
    Redirect::to(&format!("/console/services/{id}?done={status}")).into_response()
}

async fn verify(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return page_error(storage::Error::NotFound) };
    let mut record = match state.store.get_service(id).await {
        Ok(record) => record,
        Err(error) => return page_error(error),
    };
    let months = match review_months(&state, id).await {
        Ok(months) => months,
        Err(error) => return page_error(error),
    };
    let today = today(&state);
    record.service.assured_date = Some(today.format("%Y-%m-%d").to_string());
    record.service.assurer_email = Some(signed_in.user.email.clone());
    record.review_due_date = Some(add_months(today, months));
    let note = "checked and still accurate";
    if let Err(error) = state.store.upsert_service_by(&record, &signed_in.user.email, note).await {
        return page_error(error);
    }
    state.keeper.wake();
    Redirect::to(&format!("/console/services/{id}?done=verified")).into_response()
}

async fn history(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return page_error(storage::Error::NotFound) };
    let record = match state.store.get_service(id).await {
        Ok(record) => record,
        Err(error) => return page_error(error),
    };
    let events = match state.store.audit_history(id).await {
        Ok(events) => events,
        Err(error) => return page_error(error),
    };
    let page = HistoryPage {
        id: id.to_string(),
        name: record.service.name.clone(),
        rows: events
            .into_iter()
            .map(|event| HistoryRow {
                when: event.occurred_at,
                who: event.actor,
                note: event.note,
                field: event.field,
                before: event.old_value.unwrap_or_default(),
                after: event.new_value.unwrap_or_default(),
            })
            .collect(),
    };
    Html(signpost_web::render_history(&page)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_labels_count_days_either_way() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("valid date");
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d);
        assert_eq!(due_label(day(10), today), "Overdue by 10 days");
        assert_eq!(due_label(day(19), today), "Overdue by 1 day");
        assert_eq!(due_label(day(20), today), "Due today");
        assert_eq!(due_label(day(21), today), "Due in 1 day");
        assert_eq!(due_label(None, today), "No review date");
    }

    #[test]
    fn uk_phone_numbers_are_recognised() {
        for good in ["0116 123 4567", "01572 722577", "+44 116 123 4567", "111", "116 123", "(0116) 2544 000"] {
            assert!(is_uk_phone(good), "{good}");
        }
        for bad in ["12345", "call us", "+1 555 123 4567", "0116 12", "0800 CALL NOW"] {
            assert!(!is_uk_phone(bad), "{bad}");
        }
    }
}
