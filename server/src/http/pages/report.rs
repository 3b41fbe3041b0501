//! "Report a problem with this page": validated, checked by the patient-data guard,
//! rate-limited, stored for the Community Knowledge Officer.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    Form,
};
use serde::Deserialize;
use signpost_web::{FieldError, ReportForm, REPORT_REASONS};
use uuid::Uuid;

use super::{page_error, service_page, Shortlist};
use crate::{
    client_addr::ClientAddr,
    guard::{self, Listed},
    hsds::Service,
    http::api::published_record,
    state::AppState,
    storage::ProblemReport,
};

/// Longest report accepted.
pub(super) const MAX_DETAILS_CHARS: usize = 1000;

/// The report form's fields.
#[derive(Debug, Deserialize)]
pub(super) struct ReportInput {
    reason: Option<String>,
    details: Option<String>,
}

/// Checks a report; returns the error to show next to the field at fault.
fn validate(reason: Option<&str>, details: &str) -> Result<String, FieldError> {
    let error = |field: &str, message: &str| FieldError { field: field.to_owned(), message: message.to_owned() };
    let Some(reason) = reason.filter(|reason| REPORT_REASONS.iter().any(|(key, _)| key == reason)) else {
        return Err(error("reason", "Select what is wrong with this page"));
    };
    if crate::plain_text::has_control(details, true) {
        return Err(error("details", crate::plain_text::CONTROL_MESSAGE));
    }
    if details.chars().count() > MAX_DETAILS_CHARS {
        return Err(error("details", "Your message must be 1,000 characters or fewer"));
    }
    if reason == "other" && details.is_empty() {
        return Err(error("details", "Tell us what is wrong with this page"));
    }
    Ok(reason.to_owned())
}

/// What the service publishes about itself: a report may quote it back ("the number
/// 0116 496 0000 rings out") without being refused as personal data.
fn listed_contacts(service: &Service) -> Listed {
    let mut listed = Listed::default();
    for phone in &service.phones {
        listed.phone(&phone.number);
    }
    let organisation_email = service.organization.as_ref().and_then(|org| org.email.as_deref());
    for email in service.email.iter().map(String::as_str).chain(organisation_email) {
        listed.email(email);
    }
    for at in &service.service_at_locations {
        for address in &at.location.addresses {
            listed.address(&address.address_1, &address.postal_code);
        }
    }
    listed
}

pub(super) async fn submit(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(input): Form<ReportInput>,
) -> Response {
    let record = match published_record(&state, &id).await {
        Ok(record) => record,
        Err(error) => return page_error(error),
    };
    let details = input.details.as_deref().unwrap_or_default().trim().to_owned();
    let rejected = |status: StatusCode, error: FieldError| {
        let mut page = service_page(&state, &record, &Shortlist::from_headers(&headers));
        page.report = ReportForm { reason: input.reason.clone(), details: details.clone(), error: Some(error) };
        (status, Html(signpost_web::render_service(&page))).into_response()
    };
    let reason = match validate(input.reason.as_deref(), &details) {
        Ok(reason) => reason,
        Err(error) => return rejected(StatusCode::BAD_REQUEST, error),
    };
    if let Err(refusal) = guard::check_listed(&details, &listed_contacts(&record.service)) {
        // Nothing is stored or logged, and the text is not sent back: the form comes back
        // empty with a message that says what to leave out.
        let mut page = service_page(&state, &record, &Shortlist::from_headers(&headers));
        let error = FieldError { field: "details".to_owned(), message: refusal.public_message() };
        page.report = ReportForm { reason: Some(reason), details: String::new(), error: Some(error) };
        return (StatusCode::BAD_REQUEST, Html(signpost_web::render_service(&page))).into_response();
    }
    let now = state.clock.now();
    let allowed = match state.report_limiter.allow(state.store.as_ref(), client, now).await {
        Ok(allowed) => allowed,
        Err(error) => return page_error(error.into()),
    };
    if !allowed {
        let error = FieldError {
            field: "report".to_owned(),
            message: "You have sent a lot of reports. Please try again later".to_owned(),
        };
        return rejected(StatusCode::TOO_MANY_REQUESTS, error);
    }
    let report = ProblemReport {
        id: Uuid::new_v4(),
        service_id: record.service.id,
        reason,
        details,
        status: "new".to_owned(),
        created_at: now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    };
    if let Err(error) = state.store.add_problem_report(&report).await {
        return page_error(error.into());
    }
    Redirect::to(&format!("/services/{}?reported=1#report-sent", record.service.id)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_need_a_known_reason_and_a_short_enough_message() {
        assert_eq!(validate(Some("phone"), ""), Ok("phone".to_owned()));
        assert_eq!(validate(None, "x").map_err(|e| e.field), Err("reason".to_owned()));
        assert_eq!(validate(Some("bogus"), "x").map_err(|e| e.field), Err("reason".to_owned()));
        assert_eq!(validate(Some("other"), "").map_err(|e| e.field), Err("details".to_owned()));
        let long = "a".repeat(MAX_DETAILS_CHARS + 1);
        assert_eq!(validate(Some("hours"), &long).map_err(|e| e.field), Err("details".to_owned()));
        assert_eq!(validate(Some("phone"), "0116\u{0}").map_err(|e| e.field), Err("details".to_owned()));
    }
}
