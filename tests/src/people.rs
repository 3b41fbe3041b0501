//! Signed-in people for console tests: a user of a role with a session, and GET, form
//! POST requests that carry the session cookie (and CSRF token) without following
//! redirects. The one place tests sign people in; other harness modules build on it.

use chrono::Utc;
use reqwest::{header, redirect::Policy as Redirects, StatusCode};
use signpost_server::auth::{self, Role};

use crate::TestApp;

/// A signed-in person: session cookie, CSRF token and the user behind them.
#[derive(Debug, Clone)]
pub struct Person {
    /// `signpost_session=…`.
    pub cookie: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// The user (email `<role>@example.org` when made by [`person`]).
    pub user: auth::User,
}

/// An answer from the app: status, Location header and body.
#[derive(Debug)]
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// The Location header ("" when none).
    pub location: String,
    /// The body text.
    pub body: String,
}

/// Creates a user of `role` (email `<role>@example.org`; a referrals lead is also staff)
/// and signs them in.
pub async fn person(app: &TestApp, role: Role) -> anyhow::Result<Person> {
    let email = format!("{role}@example.org");
    let roles = if role == Role::ReferralsLead { vec![Role::Staff, role] } else { vec![role] };
    let user = auth::new_user_with_roles(&email, "A person", &roles, "a long enough password", Utc::now())?;
    app.state.store.create_user(&user).await?;
    sign_in(app, user).await
}

/// Starts a new session for an existing user (sessions time out by the app's clock).
pub async fn sign_in(app: &TestApp, user: auth::User) -> anyhow::Result<Person> {
    let (token, session) = auth::start_session(&app.state, &user).await?;
    Ok(Person { cookie: format!("signpost_session={token}"), csrf: session.csrf_token, user })
}

/// A client that does not follow redirects, so tests see the 303s.
pub fn client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder().redirect(Redirects::none()).build()?)
}

/// Reads a response into an [`Answer`].
pub async fn answer(response: reqwest::Response) -> anyhow::Result<Answer> {
    let status = response.status();
    let location =
        response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    Ok(Answer { status, location, body: response.text().await? })
}

/// GETs `path`, as `who` or anonymously.
pub async fn get(app: &TestApp, who: Option<&Person>, path: &str) -> anyhow::Result<Answer> {
    let mut request = client()?.get(format!("{}{path}", app.address));
    if let Some(who) = who {
        request = request.header(header::COOKIE, &who.cookie);
    }
    answer(request.send().await?).await
}

/// POSTs form pairs as `who`, with their CSRF token when `csrf` is true.
pub async fn post(
    app: &TestApp,
    who: &Person,
    path: &str,
    pairs: &[(&str, &str)],
    csrf: bool,
) -> anyhow::Result<Answer> {
    let mut form: Vec<(&str, &str)> = if csrf { vec![("csrf_token", who.csrf.as_str())] } else { Vec::new() };
    form.extend_from_slice(pairs);
    let request = client()?.post(format!("{}{path}", app.address)).header(header::COOKIE, &who.cookie).form(&form);
    answer(request.send().await?).await
}

/// GETs `path` as `who`; returns the status and body.
pub async fn get_as(app: &TestApp, who: &Person, path: &str) -> anyhow::Result<(StatusCode, String)> {
    let answer = get(app, Some(who), path).await?;
    Ok((answer.status, answer.body))
}

/// POSTs form pairs as `who` (with the CSRF token); returns the status, Location and body.
pub async fn post_as(
    app: &TestApp,
    who: &Person,
    path: &str,
    pairs: &[(&str, &str)],
) -> anyhow::Result<(StatusCode, String, String)> {
    let answer = post(app, who, path, pairs, true).await?;
    Ok((answer.status, answer.location, answer.body))
}
