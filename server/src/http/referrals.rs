//! Referral pages for staff (record, list, detail with the delivery log, withdraw), the
//! dead letters with replay, and the care plan's signed status endpoint.

use axum::{
    body::Bytes,
    extract::{Path, Query, RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    Extension, Json,
};
use chrono_tz::Europe::London;
use serde::Deserialize;
use serde_json::json;
use signpost_web::{
    DeadLetterRow, DeadLettersPage, DeliveryLogRow, FieldError, ReferralFormPage, ReferralListPage, ReferralPage,
    ReferralRow,
};
use uuid::Uuid;

use super::policy::PolicyRouter;
use crate::{
    auth::{Policy, Role, SignedIn},
    error::ApiError,
    guard,
    referrals::{self, Action, RecordError, ReferralDraft, ReferralStatus, SupportLevel},
    state::AppState,
    storage::{self, accounts::parse_time, accounts::time_text, referrals::OutboxRow},
};

/// Who records referrals (admins always may).
pub const STAFF: Policy = Policy::AnyOf(&[Role::Staff]);

/// Who sees and resends undelivered events: staff their own referrals', a referrals
/// lead (and admins) the team's.
pub const DEAD_LETTERS: Policy = Policy::AnyOf(&[Role::Staff, Role::ReferralsLead]);

/// Referrals listed on one page.
const LIST_LIMIT: i64 = 200;

/// Referral routes.
pub fn router() -> PolicyRouter {
    PolicyRouter::new()
        .get("/referrals", list, STAFF)
        .get("/referrals/new", new_form, STAFF)
        .post("/referrals/new", create, STAFF)
        .get("/referrals/dead-letters", dead_letters, DEAD_LETTERS)
        .post("/referrals/dead-letters/{webhook_id}/replay", replay, DEAD_LETTERS)
        .get("/referrals/{id}", detail, STAFF)
        .post("/referrals/{id}/withdraw", withdraw, STAFF)
        // The care plan calls this; it proves itself with a Standard Webhooks signature.
        .post("/api/v1/referrals/{id}/status", status_update, Policy::Public)
}

fn page_error(error: storage::Error) -> Response {
    if matches!(error, storage::Error::NotFound) {
        return (StatusCode::NOT_FOUND, Html(signpost_web::render_not_found())).into_response();
    }
    ApiError::from(error).into_response()
}

/// A stored time as London wall-clock time, such as "23 Nov 2026 16:40".
fn when(text: &str) -> String {
    parse_time(text)
        .map_or_else(|_| text.to_owned(), |at| at.with_timezone(&London).format("%-d %b %Y %H:%M").to_string())
}

fn choices<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<(String, String)> {
    all.iter().map(|item| (code(*item).to_owned(), label(*item).to_owned())).collect()
}

/// Reads the repeated `service` ids (and the other fields) of a query or form body.
fn read_draft(pairs: &[u8]) -> (ReferralDraft, Vec<String>) {
    let mut draft = ReferralDraft::default();
    let mut bad_ids = Vec::new();
    for (name, value) in url::form_urlencoded::parse(pairs) {
        match name.as_ref() {
            "service" => match Uuid::parse_str(value.trim()) {
                Ok(id) => draft.service_ids.push(id),
                Err(_) => bad_ids.push(value.into_owned()),
            },
            "support_level" => draft.support_level = value.into_owned(),
            "action" => draft.actions.push(value.into_owned()),
            "care_plan_reference" => draft.care_plan_reference = value.into_owned(),
            "note" => draft.note = value.into_owned(),
            _ => {}
        }
    }
    (draft, bad_ids)
}

async fn form_page(
    state: &AppState,
    signed_in: &SignedIn,
    draft: &ReferralDraft,
    errors: Vec<FieldError>,
) -> Result<ReferralFormPage, storage::Error> {
    let mut ids = draft.service_ids.clone();
    ids.sort();
    ids.dedup();
    let records = if ids.is_empty() { Vec::new() } else { state.store.get_services(&ids).await? };
    let mut services: Vec<(String, String)> = Vec::new();
    for id in &draft.service_ids {
        if let Some(record) = records.iter().find(|record| record.service.id == *id) {
            if !services.iter().any(|(existing, _)| *existing == id.to_string()) {
                services.push((id.to_string(), record.service.name.clone()));
            }
        }
    }
    Ok(ReferralFormPage {
        csrf_token: signed_in.session.csrf_token.clone(),
        services,
        levels: choices(&SupportLevel::ALL, SupportLevel::code, SupportLevel::label),
        actions: choices(&Action::ALL, Action::code, Action::label),
        level: draft.support_level.clone(),
        ticked: draft.actions.clone(),
        reference: draft.care_plan_reference.clone(),
        note: draft.note.clone(),
        errors,
    })
}

async fn new_form(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    RawQuery(query): RawQuery,
) -> Response {
    let (draft, _) = read_draft(query.unwrap_or_default().as_bytes());
    let mut errors = Vec::new();
    if draft.service_ids.is_empty() {
        errors.push(FieldError {
            field: "services".into(),
            message: "Choose services first: search, or open your shortlist, then choose “Record in care plan”".into(),
        });
    }
    match form_page(&state, &signed_in, &draft, errors).await {
        Ok(page) => Html(signpost_web::render_referral_form(&page)).into_response(),
        Err(error) => page_error(error),
    }
}

async fn create(State(state): State<AppState>, Extension(signed_in): Extension<SignedIn>, body: Bytes) -> Response {
    let (draft, bad_ids) = read_draft(&body);
    let now = state.clock.now();
    let recorded = if bad_ids.is_empty() {
        referrals::record(
            state.store.as_ref(),
            &state.referrals,
            &draft,
            (signed_in.user.id, if signed_in.user.has(Role::Staff) { Role::Staff } else { Role::Admin }),
            now,
            &state.public_url,
        )
        .await
    } else {
        Err(RecordError::Invalid(vec![referrals::DraftError {
            field: "services",
            message: "One of the chosen services is not valid: go back and choose again".into(),
        }]))
    };
    match recorded {
        Ok(referral) => Redirect::to(&format!("/referrals/{}?done=recorded", referral.id)).into_response(),
        Err(RecordError::Invalid(errors)) => {
            let (draft, errors) = without_refused_text(draft, errors);
            let errors = errors
                .into_iter()
                .map(|error| FieldError { field: error.field.to_owned(), message: error.message })
                .collect();
            match form_page(&state, &signed_in, &draft, errors).await {
                Ok(page) => (StatusCode::BAD_REQUEST, Html(signpost_web::render_referral_form(&page))).into_response(),
                Err(error) => page_error(error),
            }
        }
        Err(RecordError::Storage(error)) => page_error(error),
        Err(RecordError::Render(error)) => ApiError::Internal(error.into()).into_response(),
    }
}

/// Empties the fields whose text was refused, so the page never echoes back what may
/// identify a person: a refused care-plan reference (it may be a name or NHS number) and
/// a note the guard refused, each with a word that it was not kept. A note refused only
/// for its length is kept, to be shortened.
fn without_refused_text(
    mut draft: ReferralDraft,
    mut errors: Vec<referrals::DraftError>,
) -> (ReferralDraft, Vec<referrals::DraftError>) {
    let note_refused = guard::check(draft.note.trim()).is_err();
    for error in &mut errors {
        match error.field {
            "care_plan_reference" if !draft.care_plan_reference.trim().is_empty() => {
                draft.care_plan_reference.clear();
                error.message = format!("{}. What you entered was not kept", error.message.trim_end_matches('.'));
            }
            "note" if note_refused => {
                draft.note.clear();
                error.message.push_str(" Your note was not kept: write it again without these details.");
            }
            _ => {}
        }
    }
    (draft, errors)
}

/// How far an event has got, for people.
fn event_state(row: &OutboxRow) -> String {
    if let Some(at) = &row.delivered_at {
        return format!("Delivered {}", when(at));
    }
    if let Some(at) = &row.dead_at {
        return format!("Not delivered: gave up {} after {} attempts", when(at), row.attempts);
    }
    if row.attempts == 0 {
        return "Waiting to be sent".to_owned();
    }
    format!("Retrying ({} attempts so far), next at {}", row.attempts, when(&row.next_attempt_at))
}

/// Whether `user` may see every staff member's referrals (each such read is audited).
fn team_view(user: &crate::auth::User) -> bool {
    user.has(Role::ReferralsLead) || user.has(Role::Admin)
}

/// Records a team-wide read for the audit trail.
async fn audit_access(
    state: &AppState,
    signed_in: &SignedIn,
    referral: Option<Uuid>,
    action: &str,
) -> storage::Result<()> {
    let access = storage::referrals::ReferralAccess {
        referral_access_id: Uuid::new_v4().to_string(),
        referral_id: referral.map(|id| id.to_string()),
        app_user_id: signed_in.user.id.to_string(),
        action: action.to_owned(),
        accessed_at: time_text(state.clock.now()),
    };
    tracing::info!(user = %signed_in.user.id, ?referral, action, "team-wide referral access");
    state.store.record_referral_access(&access).await
}

/// Returns the referral when `signed_in` may see it: their own, or anyone's for a team
/// lead (audited). Others' referrals are "not found", so their existence is not told.
async fn visible_referral(state: &AppState, signed_in: &SignedIn, id: Uuid) -> storage::Result<referrals::Referral> {
    let referral = state.store.referral(id).await?;
    if referral.created_by == signed_in.user.id {
        return Ok(referral);
    }
    if !team_view(&signed_in.user) {
        return Err(storage::Error::NotFound);
    }
    audit_access(state, signed_in, Some(id), "read").await?;
    Ok(referral)
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    team: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Query(query): Query<ListQuery>,
) -> Response {
    let team = query.team.is_some() && team_view(&signed_in.user);
    let loaded = async {
        let referrals = if team {
            audit_access(&state, &signed_in, None, "list_team").await?;
            state.store.referrals(LIST_LIMIT).await?
        } else {
            state.store.referrals_by(signed_in.user.id, LIST_LIMIT).await?
        };
        let mut rows = Vec::with_capacity(referrals.len());
        for referral in referrals {
            let outbox = state.store.referral_outbox(referral.id).await?;
            let delivery = if outbox.is_empty() {
                "No care plan configured".to_owned()
            } else if outbox.iter().all(|row| row.delivered_at.is_some()) {
                "Delivered".to_owned()
            } else if outbox.iter().any(|row| row.dead_at.is_some()) {
                "Not delivered".to_owned()
            } else {
                "Sending".to_owned()
            };
            rows.push(ReferralRow {
                id: referral.id.to_string(),
                recorded: when(&referral.created_at),
                reference: referral.care_plan_reference.clone(),
                services: referral.services.iter().map(|service| service.name.as_str()).collect::<Vec<_>>().join(", "),
                level: referral.support_level.label().to_owned(),
                status: status_text(referral.status, referral.status_reason.as_deref()),
                delivery,
            });
        }
        let dead_letters = state.store.count_dead_letters((!team).then_some(signed_in.user.id)).await?;
        Ok::<_, storage::Error>(ReferralListPage { rows, dead_letters, team, can_see_team: team_view(&signed_in.user) })
    };
    match loaded.await {
        Ok(page) => Html(signpost_web::render_referral_list(&page)).into_response(),
        Err(error) => page_error(error),
    }
}

fn status_text(status: ReferralStatus, reason: Option<&str>) -> String {
    match reason {
        Some(reason) if status == ReferralStatus::Declined => format!("{}: {reason}", status.label()),
        _ => status.label().to_owned(),
    }
}

#[derive(Debug, Deserialize)]
struct DoneQuery {
    done: Option<String>,
}

/// What a referral says when no care-plan endpoint is configured (issue 13: no false assurance).
pub const NOT_SENT: &str = "Recorded in Signpost only, not sent to the care plan.";

async fn detail(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return page_error(storage::Error::NotFound) };
    let loaded = async {
        Ok::<_, storage::Error>((
            visible_referral(&state, &signed_in, id).await?,
            state.store.referral_outbox(id).await?,
            state.store.delivery_log(id).await?,
        ))
    };
    let (referral, outbox, log) = match loaded.await {
        Ok(found) => found,
        Err(error) => return page_error(error),
    };
    let mut summary = vec![
        ("Care plan reference".to_owned(), referral.care_plan_reference.clone()),
        ("Status".to_owned(), status_text(referral.status, referral.status_reason.as_deref())),
        ("Level of support".to_owned(), referral.support_level.label().to_owned()),
        (
            "Expected actions".to_owned(),
            referral.actions.iter().map(|action| action.label()).collect::<Vec<_>>().join("; "),
        ),
        ("Recorded".to_owned(), format!("{} by {}", when(&referral.created_at), referral.staff_role.label())),
    ];
    if let Some(at) = &referral.status_updated_at {
        summary.push(("Status changed".to_owned(), when(at)));
    }
    if let Some(note) = &referral.note {
        summary.push(("Note".to_owned(), note.clone()));
    }
    let page = ReferralPage {
        id: referral.id.to_string(),
        csrf_token: signed_in.session.csrf_token.clone(),
        notice: match query.done.as_deref() {
            // With no care-plan endpoint there is no outbox row: say so rather than "being sent".
            Some("recorded") if outbox.is_empty() => Some(NOT_SENT.to_owned()),
            Some("recorded") => Some("Referral recorded. It is being sent to the care plan.".to_owned()),
            Some("withdrawn") if outbox.is_empty() => {
                Some("Referral withdrawn in Signpost. No care plan is connected, so none was told.".to_owned())
            }
            Some("withdrawn") => Some("Referral withdrawn. The care plan is being told.".to_owned()),
            _ => None,
        },
        summary,
        services: referral
            .services
            .iter()
            .map(|service| (service.name.clone(), format!("/services/{}", service.id)))
            .collect(),
        events: outbox.iter().map(|row| (row.event_type.clone(), row.endpoint.clone(), event_state(row))).collect(),
        log: log
            .into_iter()
            .map(|row| DeliveryLogRow {
                at: when(&row.attempted_at),
                event: row.event_type,
                endpoint: row.endpoint,
                status: row.status_code.map_or_else(|| "No answer".to_owned(), |code| code.to_string()),
                duration: format!("{} ms", row.duration_ms),
                error: row.error.unwrap_or_default(),
            })
            .collect(),
        can_withdraw: referral.created_by == signed_in.user.id
            && matches!(referral.status, ReferralStatus::Recorded | ReferralStatus::Accepted),
    };
    Html(signpost_web::render_referral(&page)).into_response()
}

async fn withdraw(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return page_error(storage::Error::NotFound) };
    // Only the person who recorded a referral withdraws it, a team lead included.
    match state.store.referral(id).await {
        Ok(referral) if referral.created_by == signed_in.user.id => {}
        Ok(_) => return page_error(storage::Error::NotFound),
        Err(error) => return page_error(error),
    }
    match referrals::withdraw(state.store.as_ref(), &state.referrals, id, state.clock.now(), &state.public_url).await {
        Ok(_) => Redirect::to(&format!("/referrals/{id}?done=withdrawn")).into_response(),
        Err(RecordError::Storage(error)) => page_error(error),
        Err(error) => ApiError::Internal(error.into()).into_response(),
    }
}

#[derive(Debug, Deserialize)]
struct DeadLettersQuery {
    done: Option<String>,
    team: Option<String>,
}

async fn dead_letters(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Query(query): Query<DeadLettersQuery>,
) -> Response {
    let team = query.team.is_some() && team_view(&signed_in.user);
    let loaded = async {
        if team {
            audit_access(&state, &signed_in, None, "dead_letters_team").await?;
            state.store.dead_letters(None, LIST_LIMIT).await
        } else {
            state.store.dead_letters(Some(signed_in.user.id), LIST_LIMIT).await
        }
    };
    let rows = match loaded.await {
        Ok(rows) => rows,
        Err(error) => return page_error(error),
    };
    let page = DeadLettersPage {
        csrf_token: signed_in.session.csrf_token.clone(),
        notice: (query.done.as_deref() == Some("replayed"))
            .then(|| "The event was put back in the queue and will be sent now.".to_owned()),
        team,
        can_see_team: team_view(&signed_in.user),
        rows: rows
            .into_iter()
            .map(|row| DeadLetterRow {
                dead_at: row.dead_at.as_deref().map(when).unwrap_or_default(),
                webhook_id: row.outbox_id,
                referral_id: row.referral_id,
                event: row.event_type,
                endpoint: row.endpoint,
                attempts: row.attempts,
                last_error: row.last_error.unwrap_or_default(),
            })
            .collect(),
    };
    Html(signpost_web::render_dead_letters(&page)).into_response()
}

/// Checks that `signed_in` may resend this dead letter: one of their own referrals', or
/// anyone's for a team lead (audited). Others' are "not found", as on the page.
async fn may_resend(state: &AppState, signed_in: &SignedIn, webhook_id: &str) -> storage::Result<()> {
    let row = state.store.dead_letter(webhook_id).await?;
    let referral_id = Uuid::parse_str(&row.referral_id).map_err(|error| storage::Error::Corrupt(error.to_string()))?;
    let referral = state.store.referral(referral_id).await?;
    if referral.created_by == signed_in.user.id {
        return Ok(());
    }
    if !team_view(&signed_in.user) {
        return Err(storage::Error::NotFound);
    }
    audit_access(state, signed_in, Some(referral_id), "resend").await
}

async fn replay(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(webhook_id): Path<String>,
) -> Response {
    if let Err(error) = may_resend(&state, &signed_in, &webhook_id).await {
        return page_error(error);
    }
    let now = state.clock.now();
    let replayed =
        state.store.replay_dead_letter(&webhook_id, &time_text(now), &time_text(now + state.referrals.max_age)).await;
    match replayed {
        Ok(()) => {
            tracing::info!(%webhook_id, "dead-lettered referral event replayed");
            state.referrals.wake.notify_one();
            Redirect::to("/referrals/dead-letters?done=replayed").into_response()
        }
        Err(error) => page_error(error),
    }
}

#[derive(Debug, Deserialize)]
struct StatusBody {
    status: String,
    #[serde(default)]
    reason: Option<String>,
}

fn api_error(status: StatusCode, code: &'static str, message: impl Into<String>) -> Response {
    (status, Json(json!({"error": {"code": code, "message": message.into()}}))).into_response()
}

/// `POST /api/v1/referrals/{id}/status`: the care plan says a referral was accepted,
/// declined (with a reason) or completed. Signed like our webhooks, with the inbound
/// secret; a repeated webhook id changes nothing.
async fn status_update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let verified = state.referrals.inbound.verify(
        header("webhook-id"),
        header("webhook-timestamp"),
        header("webhook-signature"),
        &body,
        state.clock.now().timestamp(),
    );
    // 400, as Standard Webhooks receivers answer a failed verification; the route is
    // public at the router (no session), so this signature is its only authentication.
    if let Err(error) = verified {
        return api_error(StatusCode::BAD_REQUEST, "bad_signature", error.to_string());
    }
    let Ok(id) = Uuid::parse_str(&id) else { return ApiError::NotFound.into_response() };
    let Ok(update) = serde_json::from_slice::<StatusBody>(&body) else {
        return ApiError::bad_request("bad_body", r#"Send JSON such as {"status": "accepted"}."#).into_response();
    };
    let status = match update.status.as_str() {
        "accepted" => ReferralStatus::Accepted,
        "declined" => ReferralStatus::Declined,
        "completed" => ReferralStatus::Completed,
        _ => {
            return ApiError::bad_request("bad_status", "The status must be accepted, declined or completed.")
                .into_response()
        }
    };
    let reason = update.reason.as_deref().map(str::trim).filter(|reason| !reason.is_empty());
    if status == ReferralStatus::Declined && reason.is_none() {
        return ApiError::bad_request("reason_required", "A declined referral needs a reason.").into_response();
    }
    if let Some(reason) = reason {
        if reason.chars().count() > 500 {
            return ApiError::bad_request("reason_too_long", "The reason must be 500 characters or fewer.")
                .into_response();
        }
        if let Err(refusal) = guard::check(reason) {
            return ApiError::bad_request("patient_data", refusal.to_string()).into_response();
        }
    }
    let webhook_id = header("webhook-id").unwrap_or_default();
    let now = time_text(state.clock.now());
    match state.store.record_status_update(webhook_id, id, status.as_str(), reason, &now).await {
        Ok(applied) => {
            Json(json!({"referral_id": id, "status": status.as_str(), "duplicate": !applied})).into_response()
        }
        Err(error) => ApiError::from(error).into_response(),
    }
}
