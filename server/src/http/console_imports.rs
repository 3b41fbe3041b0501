//! The console's imports from other directories: upload a file or fetch a feed by URL,
//! review each staged record beside the record it matches, and accept, merge or reject
//! it. Accepting and merging go through the audited upsert (so history, `change_log` and
//! search stay current); staging and rejecting never touch the directory.

use axum::{
    body::Bytes,
    extract::{Path, Query, Request, State},
    http::{header, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    Extension,
};
use serde::Deserialize;
use serde_json::Value;
use signpost_web::{DiffRow, FieldError, ImportBatchPage, ImportListPage, ImportRow, StagedRecordPage, StagedRow};
use uuid::Uuid;

use super::{accounts::CONSOLE, form_data, policy::PolicyRouter};
use crate::{
    auth::SignedIn,
    error::ApiError,
    guard,
    import::{
        fetch::{self, MAX_FEED_BYTES},
        staging::{self, Feed, StageError},
    },
    state::AppState,
    storage::{
        self,
        accounts::time_text,
        imports::{BatchKind, Decision, ImportBatch, MatchKind, SourceRecord, StagedRecord},
        ServiceRecord,
    },
};

/// Imports listed on the imports page.
const LISTED_IMPORTS: i64 = 50;

/// The longest source name accepted.
const MAX_SOURCE_CHARS: usize = 200;

/// Console import routes.
pub fn router() -> PolicyRouter {
    PolicyRouter::new()
        .get("/console/imports", list, CONSOLE)
        .post("/console/imports/upload", upload, CONSOLE)
        .post("/console/imports/fetch", fetch_url, CONSOLE)
        .get("/console/imports/{batch}", batch_page, CONSOLE)
        .get("/console/imports/{batch}/{record}", record_page, CONSOLE)
        .post("/console/imports/{batch}/{record}/accept", accept, CONSOLE)
        .post("/console/imports/{batch}/{record}/merge", merge, CONSOLE)
        .post("/console/imports/{batch}/{record}/reject", reject, CONSOLE)
}

fn page_error(error: storage::Error) -> Response {
    if matches!(error, storage::Error::NotFound) {
        return (StatusCode::NOT_FOUND, Html(signpost_web::render_not_found())).into_response();
    }
    ApiError::from(error).into_response()
}

fn stage_error(error: StageError) -> Response {
    match error {
        StageError::Storage(error) => page_error(error),
        other => (
            StatusCode::BAD_REQUEST,
            Html(signpost_web::render_notice("This import cannot go ahead", &other.to_string())),
        )
            .into_response(),
    }
}

fn not_found() -> Response {
    page_error(storage::Error::NotFound)
}

fn import_row(batch: &ImportBatch, pending: i64) -> ImportRow {
    ImportRow {
        id: batch.id.to_string(),
        source: batch.source.clone(),
        origin: match batch.kind {
            BatchKind::Upload => "Uploaded file".to_owned(),
            BatchKind::Url => batch.url.clone().unwrap_or_default(),
        },
        when: batch.created_at.clone(),
        who: batch.created_by.clone(),
        records: batch.record_count,
        new: batch.new_count,
        matched: batch.matched_count,
        unchanged: batch.unchanged_count,
        pending,
        problems: batch.problems.len(),
    }
}

// ---- The imports page, upload and fetch ----

async fn list_page(
    state: &AppState,
    signed_in: &SignedIn,
    error: Option<FieldError>,
    source: &str,
    url: &str,
) -> Response {
    let batches = match state.store.import_batches(LISTED_IMPORTS).await {
        Ok(batches) => batches,
        Err(error) => return page_error(error),
    };
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let page = ImportListPage {
        csrf_token: signed_in.session.csrf_token.clone(),
        rows: batches.iter().map(|summary| import_row(&summary.batch, summary.pending)).collect(),
        error,
        source: source.to_owned(),
        url: url.to_owned(),
    };
    (status, Html(signpost_web::render_import_list(&page))).into_response()
}

async fn list(State(state): State<AppState>, Extension(signed_in): Extension<SignedIn>) -> Response {
    list_page(&state, &signed_in, None, "", "").await
}

fn field_error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.to_owned(), message: message.into() }
}

/// Checks a typed source name (the form field `field`), or falls back to `default`.
fn source_name(field: &str, typed: &str, default: &str) -> Result<String, FieldError> {
    let typed = typed.trim();
    if typed.chars().count() > MAX_SOURCE_CHARS {
        return Err(field_error(field, "Enter a source name of 200 characters or fewer"));
    }
    if crate::plain_text::has_control(typed, false) {
        return Err(field_error(field, crate::plain_text::CONTROL_MESSAGE));
    }
    guard::check(typed).map_err(|refusal| field_error(field, refusal.to_string()))?;
    // The default comes from a file name or an address, which could carry anything.
    Ok(if typed.is_empty() { crate::plain_text::strip_controls(default) } else { typed.to_owned() })
}

async fn stage_and_show(state: &AppState, signed_in: &SignedIn, feed: Feed) -> Response {
    let at = time_text(state.clock.now());
    match staging::stage(state.store.as_ref(), &feed, &signed_in.user.email, &at).await {
        Ok(batch) => Redirect::to(&format!("/console/imports/{}", batch.id)).into_response(),
        Err(StageError::Storage(error)) => page_error(error),
        Err(error) => {
            let field = if feed.kind == BatchKind::Url { "url" } else { "file" };
            list_page(state, signed_in, Some(field_error(field, error.to_string())), &feed.source, "").await
        }
    }
}

/// Reads the upload form (`multipart/form-data`: csrf_token, source, file).
async fn upload(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    request: Request,
) -> Response {
    let boundary =
        request.headers().get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).and_then(form_data::boundary);
    let Ok(body) = axum::body::to_bytes(request.into_body(), form_data::MAX_UPLOAD_BYTES).await else {
        return list_page(&state, &signed_in, Some(field_error("file", "The file is larger than 20 MB")), "", "").await;
    };
    let parts = boundary.as_deref().and_then(|boundary| form_data::parts(&body, boundary)).unwrap_or_default();
    let typed = parts
        .iter()
        .find(|part| part.name == "source")
        .map(|part| String::from_utf8_lossy(part.body).into_owned())
        .unwrap_or_default();
    let file = parts.iter().find(|part| part.name == "file" && !part.body.is_empty());
    let Some(file) = file else {
        return list_page(&state, &signed_in, Some(field_error("file", "Choose a file to upload")), &typed, "").await;
    };
    if file.body.len() > MAX_FEED_BYTES {
        return list_page(&state, &signed_in, Some(field_error("file", "The file is larger than 20 MB")), &typed, "")
            .await;
    }
    let Ok(text) = String::from_utf8(file.body.to_vec()) else {
        return list_page(&state, &signed_in, Some(field_error("file", "The file must be JSON text")), &typed, "")
            .await;
    };
    let file_name = file
        .filename
        .as_deref()
        .map(|name| name.rsplit(['/', '\\']).next().unwrap_or(name).to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "uploaded file".to_owned());
    let source = match source_name("source", &typed, &file_name) {
        Ok(source) => source,
        Err(error) => return list_page(&state, &signed_in, Some(error), &typed, "").await,
    };
    stage_and_show(&state, &signed_in, Feed { source, kind: BatchKind::Upload, url: None, text }).await
}

#[derive(Debug, Deserialize)]
struct FetchForm {
    #[serde(default)]
    source: String,
    #[serde(default)]
    url: String,
}

async fn fetch_url(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    axum::Form(form): axum::Form<FetchForm>,
) -> Response {
    let url = match fetch::parse_feed_url(&form.url) {
        Ok(url) => url,
        Err(error) => {
            return list_page(&state, &signed_in, Some(field_error("url", error.to_string())), &form.source, &form.url)
                .await
        }
    };
    let default_source = format!("{}{}", url.host_str().unwrap_or_default(), url.path());
    let source = match source_name("fetch-source", &form.source, &default_source) {
        Ok(source) => source,
        Err(error) => return list_page(&state, &signed_in, Some(error), &form.source, &form.url).await,
    };
    let text = match fetch::fetch_feed(url.as_str(), state.import_allow_private).await {
        Ok(text) => text,
        Err(error) => {
            return list_page(&state, &signed_in, Some(field_error("url", error.to_string())), &form.source, &form.url)
                .await
        }
    };
    stage_and_show(&state, &signed_in, Feed { source, kind: BatchKind::Url, url: Some(url.to_string()), text }).await
}

// ---- One import ----

#[derive(Debug, Default, Deserialize)]
struct BatchQuery {
    #[serde(default)]
    show: String,
    done: Option<String>,
}

fn matching_label(staged: &StagedRecord) -> String {
    match staged.match_kind {
        MatchKind::New => "New record".to_owned(),
        MatchKind::Matched => format!("Matches an existing record ({}%)", staged.match_score),
        MatchKind::Unchanged => "Unchanged".to_owned(),
    }
}

async fn batch_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<BatchQuery>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return not_found() };
    let batch = match state.store.import_batch(id).await {
        Ok(batch) => batch,
        Err(error) => return page_error(error),
    };
    let records = match state.store.staged_records(id).await {
        Ok(records) => records,
        Err(error) => return page_error(error),
    };
    let pending = records.iter().filter(|record| record.decision == Decision::Pending).count();
    let show = match query.show.as_str() {
        "pending" | "new" | "matched" | "unchanged" => query.show.clone(),
        _ => String::new(),
    };
    let rows = records
        .iter()
        .filter(|record| match show.as_str() {
            "pending" => record.decision == Decision::Pending,
            "new" => record.match_kind == MatchKind::New,
            "matched" => record.match_kind == MatchKind::Matched,
            "unchanged" => record.match_kind == MatchKind::Unchanged,
            _ => true,
        })
        .map(|record| StagedRow {
            id: record.id.to_string(),
            name: record.name.clone(),
            feed_id: record.feed_id.clone(),
            matching: matching_label(record),
            decision: record.decision.to_string(),
        })
        .collect();
    let notice = match query.done.as_deref() {
        Some("accepted") => Some("Accepted: the directory record is saved".to_owned()),
        Some("merged") => Some("Merged: the directory record is saved".to_owned()),
        Some("rejected") => Some("Rejected: nothing was changed".to_owned()),
        _ => None,
    };
    let page = ImportBatchPage {
        summary: import_row(&batch, i64::try_from(pending).unwrap_or(i64::MAX)),
        show,
        rows,
        problems: batch.problems.iter().map(|problem| (problem.id.clone(), problem.reason.clone())).collect(),
        notice,
    };
    Html(signpost_web::render_import_batch(&page)).into_response()
}

// ---- One staged record ----

/// The batch, the staged record (which must belong to it) and the record it matches.
async fn load(
    state: &AppState,
    batch_id: &str,
    record_id: &str,
) -> Result<(ImportBatch, StagedRecord, Option<ServiceRecord>), Response> {
    let (Ok(batch_id), Ok(record_id)) = (Uuid::parse_str(batch_id), Uuid::parse_str(record_id)) else {
        return Err(not_found());
    };
    let batch = state.store.import_batch(batch_id).await.map_err(page_error)?;
    let staged = state.store.staged_record(record_id).await.map_err(page_error)?;
    if staged.batch_id != batch.id {
        return Err(not_found());
    }
    let existing = match staged.matched_service_id {
        Some(id) => match state.store.get_service(id).await {
            Ok(record) => Some(record),
            Err(storage::Error::NotFound) => None,
            Err(error) => return Err(page_error(error)),
        },
        None => None,
    };
    Ok((batch, staged, existing))
}

/// A record as one JSON object of the fields the side-by-side view shows.
fn shown_fields(record: &ServiceRecord) -> serde_json::Map<String, Value> {
    let mut fields = match serde_json::to_value(&record.service) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    fields.remove("id");
    fields.insert("record_status".into(), record.record_status.as_str().into());
    fields.insert("review_due_date".into(), record.review_due_date.clone().into());
    fields.insert("source".into(), record.provenance.source.clone().into());
    fields.insert("source_id".into(), record.provenance.source_id.clone().into());
    fields
}

/// A value as text: strings as they are, absent and empty as "", anything else as JSON.
fn value_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(items)) if items.is_empty() => String::new(),
        Some(other) => other.to_string(),
    }
}

async fn record_page(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path((batch_id, record_id)): Path<(String, String)>,
) -> Response {
    let (batch, staged, existing) = match load(&state, &batch_id, &record_id).await {
        Ok(loaded) => loaded,
        Err(response) => return response,
    };
    let incoming = match staging::candidate(&staged, &batch.source, existing.as_ref()) {
        Ok(record) => record,
        Err(error) => return stage_error(error),
    };
    let changed: Vec<String> =
        storage::field_diff(existing.as_ref(), &incoming).into_iter().map(|(field, _, _)| field).collect();
    let old = existing.as_ref().map(shown_fields).unwrap_or_default();
    let new = shown_fields(&incoming);
    let mut names: Vec<&String> = old.keys().chain(new.keys()).collect();
    names.sort();
    names.dedup();
    let rows = names
        .into_iter()
        .map(|name| DiffRow {
            field: name.clone(),
            existing: value_text(old.get(name)),
            incoming: value_text(new.get(name)),
            changed: changed.contains(name),
        })
        .filter(|row| row.changed || !row.existing.is_empty() || !row.incoming.is_empty())
        .collect();
    let merge_fields = match &existing {
        Some(existing) => match staging::differing_fields(existing, &incoming) {
            Ok(fields) => fields,
            Err(error) => return stage_error(error),
        },
        None => Vec::new(),
    };
    let page = StagedRecordPage {
        csrf_token: signed_in.session.csrf_token.clone(),
        batch_id: batch.id.to_string(),
        id: staged.id.to_string(),
        name: staged.name.clone(),
        source: batch.source.clone(),
        feed_id: staged.feed_id.clone(),
        existing: existing.as_ref().map(|record| (record.service.id.to_string(), record.service.name.clone())),
        score: staged.match_score,
        reasons: staged.match_reasons.clone(),
        decision: staged.decision.to_string(),
        decided: staged
            .decided_by
            .as_ref()
            .map(|by| format!("{} by {by} at {}", staged.decision, staged.decided_at.clone().unwrap_or_default())),
        rows,
        merge_fields,
    };
    Html(signpost_web::render_staged_record(&page)).into_response()
}

/// What the curator chose.
enum Action {
    Accept,
    Merge(Vec<String>),
    Reject,
}

fn already_decided() -> Response {
    (
        StatusCode::CONFLICT,
        Html(signpost_web::render_notice(
            "This record has already been decided",
            "Someone has already accepted, merged or rejected this record. Go back to the import to see it.",
        )),
    )
        .into_response()
}

async fn decide(state: &AppState, signed_in: &SignedIn, batch_id: &str, record_id: &str, action: Action) -> Response {
    let (batch, staged, existing) = match load(state, batch_id, record_id).await {
        Ok(loaded) => loaded,
        Err(response) => return response,
    };
    if staged.decision != Decision::Pending {
        return already_decided();
    }
    let actor = signed_in.user.email.as_str();
    let incoming = match staging::candidate(&staged, &batch.source, existing.as_ref()) {
        Ok(record) => record,
        Err(error) => return stage_error(error),
    };
    let (decision, written) = match action {
        Action::Accept => (Decision::Accepted, Some((incoming, format!("import accepted from {}", batch.source)))),
        Action::Merge(take) => {
            let Some(existing) = existing.as_ref() else {
                let message = "Only a record that matches an existing one can be merged. Accept or reject it instead.";
                return (StatusCode::BAD_REQUEST, Html(signpost_web::render_notice("Nothing to merge with", message)))
                    .into_response();
            };
            match staging::merge(existing, &incoming, &take) {
                Ok(merged) => (Decision::Merged, Some((merged, format!("import merged from {}", batch.source)))),
                Err(error) => return stage_error(error),
            }
        }
        Action::Reject => (Decision::Rejected, None),
    };
    let service_id = match &written {
        Some((record, note)) => {
            if let Err(error) = state.store.upsert_service_by(record, actor, note).await {
                return page_error(error);
            }
            state.keeper.wake();
            Some(record.service.id)
        }
        None => staged.matched_service_id,
    };
    let at = time_text(state.clock.now());
    let reviewed = SourceRecord {
        source: batch.source.clone(),
        feed_id: staged.feed_id.clone(),
        service_id,
        content_hash: staged.content_hash.clone(),
        last_decision: decision,
        last_imported_at: at.clone(),
    };
    match state.store.decide_staged_record(staged.id, decision, actor, &at, &reviewed).await {
        Ok(()) => Redirect::to(&format!("/console/imports/{}?show=pending&done={decision}", batch.id)).into_response(),
        Err(storage::Error::Duplicate) => already_decided(),
        Err(error) => page_error(error),
    }
}

async fn accept(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path((batch_id, record_id)): Path<(String, String)>,
) -> Response {
    decide(&state, &signed_in, &batch_id, &record_id, Action::Accept).await
}

/// Reads the merge form: `field_<name>=incoming` takes that field from the feed.
async fn merge(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path((batch_id, record_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let take = url::form_urlencoded::parse(&body)
        .filter(|(_, value)| value == "incoming")
        .filter_map(|(name, _)| name.strip_prefix("field_").map(str::to_owned))
        .collect();
    decide(&state, &signed_in, &batch_id, &record_id, Action::Merge(take)).await
}

async fn reject(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path((batch_id, record_id)): Path<(String, String)>,
) -> Response {
    decide(&state, &signed_in, &batch_id, &record_id, Action::Reject).await
}
