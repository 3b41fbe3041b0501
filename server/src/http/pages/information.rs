//! The privacy notice, accessibility statement and cookies page. The organisation's
//! details come from configuration; the cookies listed are the ones this code sets.

use axum::{
    extract::State,
    http::HeaderMap,
    response::{Html, IntoResponse, Response},
};
use signpost_web::{AccessibilityPage, CookieRow, CookiesPage, PrivacyPage};

use super::Shortlist;
use crate::{auth::SESSION_COOKIE, state::AppState};

/// How long each kind of information is kept, as shown on the privacy notice.
///
/// Every period is the one in force: the session settings, and the retention settings
/// that the daily purge applies (`SIGNPOST_RETAIN_*`).
fn retention(state: &AppState) -> Vec<(String, String)> {
    let idle = state.sessions.idle.num_minutes();
    let absolute = state.sessions.absolute.num_hours();
    // The same periods the daily purge (and `signpost purge`) applies.
    let kept = |days: u32, what: &str| match days {
        0 => format!("{what}: kept until the trust deletes them"),
        days => format!("{what}: deleted {days} days after they were made, checked every day"),
    };
    let retention = state.retention;
    vec![
        ("Search counts (words, district, filters)".to_owned(), kept(retention.query_log_days, "Counts of searches")),
        ("Reports of a problem with a page".to_owned(), kept(retention.reports_days, "Reports and suggestions")),
        (
            "Helpline records and unmet needs".to_owned(),
            format!(
                "{}; the coded counts behind commissioners' reports stay",
                kept(retention.query_log_days, "Notes and searched words")
            ),
        ),
        (
            "Referrals and what was sent to the care plan".to_owned(),
            format!(
                "{}; the referral's status and services stay",
                kept(retention.referral_payload_days, "Notes, sent messages and delivery logs")
            ),
        ),
        (
            "Staff sign-in sessions".to_owned(),
            format!("Until sign-out, {idle} minutes without use, or {absolute} hours at most"),
        ),
        ("Your shortlist".to_owned(), "On your own device, for up to a year".to_owned()),
    ]
}

pub(super) async fn privacy(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let organisation = &state.organisation;
    let page = PrivacyPage {
        shortlist_count: Shortlist::from_headers(&headers).len(),
        controller_name: organisation.controller_name.clone(),
        controller_address: organisation.controller_address.clone(),
        dpo_contact: organisation.dpo_contact.clone(),
        retention: retention(&state),
    };
    Html(signpost_web::render_privacy(&page)).into_response()
}

pub(super) async fn accessibility(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let organisation = &state.organisation;
    let page = AccessibilityPage {
        shortlist_count: Shortlist::from_headers(&headers).len(),
        organisation: organisation.controller_name.clone(),
        contact: organisation.accessibility_contact.clone(),
        reviewed: organisation.accessibility_reviewed.clone(),
    };
    Html(signpost_web::render_accessibility(&page)).into_response()
}

pub(super) async fn cookies(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let idle = state.sessions.idle.num_minutes();
    let absolute = state.sessions.absolute.num_hours();
    let page = CookiesPage {
        shortlist_count: Shortlist::from_headers(&headers).len(),
        cookies: vec![
            CookieRow {
                name: super::shortlist::COOKIE.to_owned(),
                purpose: "Remembers the services on your shortlist (only their ids). Set when you add a service."
                    .to_owned(),
                expires: "1 year, or when you empty your shortlist".to_owned(),
            },
            CookieRow {
                name: SESSION_COOKIE.to_owned(),
                purpose: "Keeps staff signed in. Set only when a member of staff signs in.".to_owned(),
                expires: format!("When you sign out, after {idle} minutes without use, or after {absolute} hours"),
            },
        ],
    };
    Html(signpost_web::render_cookies(&page)).into_response()
}
