//! Signing in and out, and the console's landing page.

use std::net::IpAddr;

use axum::{
    extract::{Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    Extension, Form,
};
use serde::Deserialize;
use signpost_web::{ConsolePage, LoginPage};

use super::policy::PolicyRouter;
use crate::{
    auth::{self, Policy, Role, SignedIn},
    client_addr::ClientAddr,
    error::ApiError,
    state::AppState,
    storage,
};

/// Who may use the console.
pub const CONSOLE: Policy = Policy::AnyOf(&[Role::Curator]);

/// The one message for every failed sign-in, so it tells nothing about which part was wrong.
pub const LOGIN_FAILED: &str = "Email or password is wrong";

/// Account routes.
pub fn router() -> PolicyRouter {
    PolicyRouter::new()
        .get("/login", login_page, Policy::Public)
        .post("/login", login, Policy::Public)
        .post("/logout", logout, Policy::Authenticated)
        .get("/console", console, CONSOLE)
}

/// Returns `next` when it is a path on this site (never `//host` or a full URL).
///
/// Parsed strictly: one leading `/`, then printable ASCII only. Browsers drop tabs and
/// newlines from URLs, so `/\t/evil.example` would become `//evil.example` (issue 13),
/// and a backslash reads as a slash; a control character would not fit in a header.
fn local_path(next: Option<&str>) -> Option<String> {
    let next = next?;
    let rest = next.strip_prefix('/')?;
    let printable = next.chars().all(|ch| ch.is_ascii_graphic() && ch != '\\');
    let local = printable && !rest.starts_with('/') && next.parse::<axum::http::uri::PathAndQuery>().is_ok();
    local.then(|| next.to_owned())
}

#[derive(Debug, Deserialize)]
struct LoginQuery {
    next: Option<String>,
}

async fn login_page(Query(query): Query<LoginQuery>) -> Response {
    let page = LoginPage { next: local_path(query.next.as_deref()), ..LoginPage::default() };
    Html(signpost_web::render_login(&page)).into_response()
}

#[derive(Debug, Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    match try_login(&state, client, &headers, form).await {
        Ok(response) => response,
        Err(error) => ApiError::from(error).into_response(),
    }
}

async fn try_login(
    state: &AppState,
    client: IpAddr,
    headers: &HeaderMap,
    form: LoginForm,
) -> storage::Result<Response> {
    let email = form.email.trim().to_lowercase();
    let next = local_path(form.next.as_deref());
    let refuse = |status: StatusCode, message: String| {
        let page = LoginPage { email: email.clone(), next: next.clone(), error: Some(message) };
        (status, Html(signpost_web::render_login(&page))).into_response()
    };
    // Checked before the address is used as a key or looked up (PostgreSQL refuses NUL).
    if crate::plain_text::has_control(&email, false) {
        return Ok(refuse(StatusCode::BAD_REQUEST, crate::plain_text::CONTROL_MESSAGE.to_owned()));
    }
    let keys = auth::throttle_keys(&email, client);
    let now = state.clock.now();
    if let Some(minutes) = auth::locked_for(state, &keys, now).await? {
        let unit = if minutes == 1 { "minute" } else { "minutes" };
        let message = format!("Too many attempts, try again in {minutes} {unit}");
        return Ok(refuse(StatusCode::TOO_MANY_REQUESTS, message));
    }
    let user = match state.store.user_by_email(&email).await {
        Ok(user) => Some(user),
        Err(storage::Error::NotFound) => None,
        Err(error) => return Err(error),
    };
    // Unknown emails are checked against a dummy hash so they take as long as known ones.
    let hash = user.as_ref().map(|user| user.password_hash.clone());
    let verified = auth::verify_password(form.password, hash).await;
    let Some(user) = user.filter(|user| verified && !user.disabled) else {
        // Counted per account from everywhere too, to slow (never lock) a spread-out guesser.
        let account = [(auth::account_key(&email), 0)];
        let delay = auth::account_slowdown(state, &email, now).await?;
        auth::record_attempt(state, &keys, now, false).await?;
        auth::record_attempt(state, &account, now, false).await?;
        tokio::time::sleep(delay).await;
        return Ok(refuse(StatusCode::BAD_REQUEST, LOGIN_FAILED.to_owned()));
    };
    auth::record_attempt(state, &keys, now, true).await?;
    auth::record_attempt(state, &[(auth::account_key(&email), 0)], now, true).await?;
    // A session id from before sign-in is never carried over (session fixation).
    if let Some(old) = auth::session_token(headers) {
        state.store.delete_session(&auth::token_digest(&old)).await?;
    }
    let (token, _) = auth::start_session(state, &user).await?;
    let target = next.unwrap_or_else(|| landing_page(&user.roles).to_owned());
    let mut response = Redirect::to(&target).into_response();
    response.headers_mut().insert(header::SET_COOKIE, auth::session_cookie(Some(&token), &state.sessions));
    Ok(response)
}

/// Where each role lands after signing in: curators and admins on the console, staff on
/// the helpline, commissioners on their reports (the first that applies).
fn landing_page(roles: &[Role]) -> &'static str {
    if roles.iter().any(|role| matches!(role, Role::Admin | Role::Curator)) {
        "/console"
    } else if roles.iter().any(|role| matches!(role, Role::Staff | Role::ReferralsLead)) {
        "/helpline"
    } else {
        "/commissioning"
    }
}

async fn logout(State(state): State<AppState>, Extension(signed_in): Extension<SignedIn>) -> Response {
    if let Err(error) = state.store.delete_session(&signed_in.session.id).await {
        return ApiError::from(error).into_response();
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().insert(header::SET_COOKIE, auth::session_cookie(None, &state.sessions));
    response
}

async fn console(State(state): State<AppState>, Extension(signed_in): Extension<SignedIn>) -> Response {
    let (overdue, due_this_month) = match super::console::review_counts(&state).await {
        Ok(counts) => counts,
        Err(error) => return ApiError::from(error).into_response(),
    };
    let new_inbox = match state.store.count_inbox(storage::curation::InboxStatus::New).await {
        Ok(count) => usize::try_from(count).unwrap_or_default(),
        Err(error) => return ApiError::from(error).into_response(),
    };
    let page = ConsolePage {
        new_inbox,
        display_name: signed_in.user.display_name.clone(),
        role_label: signed_in.user.role_labels(),
        csrf_token: signed_in.session.csrf_token.clone(),
        overdue,
        due_this_month,
        commissioning: super::commissioning::COMMISSIONING.allows(&signed_in.user.roles),
    };
    Html(signpost_web::render_console(&page)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(local_path(Some("/console?x=1")).as_deref(), Some("/console?x=1"));
        assert_eq!(local_path(Some("//evil.example/")), None);
        assert_eq!(local_path(Some("https://evil.example/")), None);
        assert_eq!(local_path(Some("/\\evil.example")), None);
        assert_eq!(local_path(None), None);
    }

    #[test]
    fn next_with_whitespace_or_control_characters_is_refused() {
        // Issue 13: a tab made an open redirect, a newline a 500.
        for next in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/console\r\nSet-Cookie: x=1",
            " /console",
            "/console ",
            "/\u{0}",
            "/caf\u{e9}",
            "\t//evil.example",
            "/%09/x\x7f",
            "",
            "console",
        ] {
            assert_eq!(local_path(Some(next)), None, "{next:?} is refused");
        }
        assert_eq!(
            local_path(Some("/helpline?q=debt%20advice&location=LE1")).as_deref(),
            Some("/helpline?q=debt%20advice&location=LE1")
        );
    }
}
