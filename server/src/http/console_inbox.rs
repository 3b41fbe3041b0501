//! The curator's inbox (public problem reports and staff suggestions, with an audited
//! status) and the staff "Suggest a change" form. Suggestions are free text typed by
//! staff, so they must pass the patient-data guard; refused text is neither stored nor
//! logged.

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{Html, IntoResponse, Redirect, Response},
    Extension, Form,
};
use serde::Deserialize;
use signpost_web::{FieldError, InboxPage, InboxRow, SuggestPage, REPORT_REASONS};
use uuid::Uuid;

use super::{accounts::CONSOLE, api::published_record, policy::PolicyRouter};
use crate::{
    auth::{Policy, SignedIn},
    error::ApiError,
    guard,
    state::AppState,
    storage::{
        accounts::time_text,
        curation::{InboxKind, InboxStatus},
        ProblemReport,
    },
};

/// Most items the inbox lists.
const INBOX_LIMIT: i64 = 200;

/// Longest suggestion accepted.
const MAX_SUGGESTION_CHARS: usize = 2000;

/// Inbox and suggestion routes.
pub fn router() -> PolicyRouter {
    PolicyRouter::new()
        .get("/console/inbox", inbox, CONSOLE)
        .post("/console/inbox/{id}/status", set_status, CONSOLE)
        .get("/services/{id}/suggest", suggest_form, Policy::Authenticated)
        .post("/services/{id}/suggest", suggest, Policy::Authenticated)
}

fn page_error(error: ApiError) -> Response {
    match error {
        ApiError::NotFound => (StatusCode::NOT_FOUND, Html(signpost_web::render_not_found())).into_response(),
        other => other.into_response(),
    }
}

#[derive(Debug, Default, Deserialize)]
struct InboxQuery {
    #[serde(default)]
    status: String,
    done: Option<String>,
}

fn reason_label(reason: &str) -> String {
    REPORT_REASONS
        .iter()
        .find(|(key, _)| *key == reason)
        .map_or_else(|| reason.to_owned(), |(_, label)| (*label).to_owned())
}

async fn inbox(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Query(query): Query<InboxQuery>,
) -> Response {
    let status = query.status.parse::<InboxStatus>().ok();
    let items = match state.store.inbox(status, INBOX_LIMIT).await {
        Ok(items) => items,
        Err(error) => return page_error(error.into()),
    };
    let mut counts = Vec::new();
    for status in InboxStatus::ALL {
        match state.store.count_inbox(status).await {
            Ok(count) => counts.push((status.as_str().to_owned(), status.label().to_owned(), count)),
            Err(error) => return page_error(error.into()),
        }
    }
    let page = InboxPage {
        csrf_token: signed_in.session.csrf_token.clone(),
        status: status.map(|status| status.as_str().to_owned()).unwrap_or_default(),
        counts,
        rows: items
            .into_iter()
            .map(|item| InboxRow {
                id: item.report.id.to_string(),
                kind: item.kind.label().to_owned(),
                service_id: item.report.service_id.to_string(),
                service_name: item.service_name,
                reason: reason_label(&item.report.reason),
                details: item.report.details,
                status: item.report.status,
                received: item.report.created_at.get(..16).unwrap_or(&item.report.created_at).replace('T', " "),
                changed: match (item.status_changed_by, item.status_changed_at) {
                    (Some(who), Some(when)) => {
                        format!("By {who} at {}", when.get(..16).unwrap_or(&when).replace('T', " "))
                    }
                    _ => String::new(),
                },
            })
            .collect(),
        notice: (query.done.as_deref() == Some("status")).then(|| "Status saved".to_owned()),
    };
    Html(signpost_web::render_inbox(&page)).into_response()
}

#[derive(Debug, Deserialize)]
struct StatusForm {
    #[serde(default)]
    status: String,
}

async fn set_status(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
    Form(form): Form<StatusForm>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else { return page_error(ApiError::NotFound) };
    let Ok(status) = form.status.parse::<InboxStatus>() else {
        return (
            StatusCode::BAD_REQUEST,
            Html(signpost_web::render_notice("Unknown status", "Choose new, in progress or closed.")),
        )
            .into_response();
    };
    let at = time_text(state.clock.now());
    if let Err(error) = state.store.set_inbox_status(id, status, &signed_in.user.email, &at).await {
        return page_error(error.into());
    }
    Redirect::to("/console/inbox?done=status").into_response()
}

#[derive(Debug, Deserialize)]
struct SuggestQuery {
    sent: Option<String>,
}

async fn suggest_form(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
    Query(query): Query<SuggestQuery>,
) -> Response {
    let record = match published_record(&state, &id).await {
        Ok(record) => record,
        Err(error) => return page_error(error),
    };
    let page = SuggestPage {
        csrf_token: signed_in.session.csrf_token.clone(),
        service_id: record.service.id.to_string(),
        service_name: record.service.name.clone(),
        sent: query.sent.is_some(),
        ..SuggestPage::default()
    };
    Html(signpost_web::render_suggest(&page)).into_response()
}

#[derive(Debug, Deserialize)]
struct SuggestInput {
    reason: Option<String>,
    #[serde(default)]
    details: String,
}

/// Checks a suggestion; returns the problem to show next to its field.
fn validate(reason: Option<&str>, details: &str) -> Result<String, FieldError> {
    let error = |field: &str, message: String| FieldError { field: field.to_owned(), message };
    let Some(reason) = reason.filter(|reason| REPORT_REASONS.iter().any(|(key, _)| key == reason)) else {
        return Err(error("reason", "Select what needs changing".to_owned()));
    };
    if details.is_empty() {
        return Err(error("details", "Enter what should change".to_owned()));
    }
    if crate::plain_text::has_control(details, true) {
        return Err(error("details", crate::plain_text::CONTROL_MESSAGE.to_owned()));
    }
    if details.chars().count() > MAX_SUGGESTION_CHARS {
        return Err(error("details", "Your suggestion must be 2,000 characters or fewer".to_owned()));
    }
    if let Err(refusal) = guard::check(details) {
        return Err(error("details", refusal.to_string()));
    }
    Ok(reason.to_owned())
}

async fn suggest(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
    Form(input): Form<SuggestInput>,
) -> Response {
    let record = match published_record(&state, &id).await {
        Ok(record) => record,
        Err(error) => return page_error(error),
    };
    let details = input.details.trim().to_owned();
    let reason = match validate(input.reason.as_deref(), &details) {
        Ok(reason) => reason,
        Err(error) => {
            let page = SuggestPage {
                csrf_token: signed_in.session.csrf_token.clone(),
                service_id: record.service.id.to_string(),
                service_name: record.service.name.clone(),
                reason: input.reason.clone(),
                details,
                error: Some(error),
                sent: false,
            };
            return (StatusCode::BAD_REQUEST, Html(signpost_web::render_suggest(&page))).into_response();
        }
    };
    let suggestion = ProblemReport {
        id: Uuid::new_v4(),
        service_id: record.service.id,
        reason,
        details,
        status: InboxStatus::New.as_str().to_owned(),
        created_at: time_text(state.clock.now()),
    };
    if let Err(error) = state.store.add_staff_suggestion(&suggestion, signed_in.user.id).await {
        return page_error(error.into());
    }
    tracing::info!(kind = InboxKind::StaffSuggestion.as_str(), "inbox item added");
    Redirect::to(&format!("/services/{}/suggest?sent=1", record.service.id)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_need_a_known_reason_and_some_text() {
        assert_eq!(validate(Some("closed"), "Closed in March"), Ok("closed".to_owned()));
        assert_eq!(validate(None, "x").map_err(|e| e.field), Err("reason".to_owned()));
        assert_eq!(validate(Some("bogus"), "x").map_err(|e| e.field), Err("reason".to_owned()));
        assert_eq!(validate(Some("phone"), "").map_err(|e| e.field), Err("details".to_owned()));
        let long = "a".repeat(MAX_SUGGESTION_CHARS + 1);
        assert_eq!(validate(Some("hours"), &long).map_err(|e| e.field), Err("details".to_owned()));
    }
}
