//! Signed-in people for console tests: a user of a role with a session, and form posts
//! that carry the session cookie and CSRF token.

use chrono::Utc;
use reqwest::{header, redirect::Policy as Redirects, StatusCode};
use signpost_server::auth::{self, Role};

use crate::TestApp;

/// A signed-in person: session cookie, CSRF token and email.
#[derive(Debug, Clone)]
pub struct Person {
    /// `signpost_session=…`.
    pub cookie: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// Their email.
    pub email: String,
    /// Their user id.
    pub id: uuid::Uuid,
}

/// Creates a user of `role` (email `<role>@example.org`) and signs them in.
pub async fn person(app: &TestApp, role: Role) -> anyhow::Result<Person> {
    let email = format!("{role}@example.org");
    let user = auth::new_user(&email, "A person", role, "a long enough password", Utc::now())?;
    app.state.store.create_user(&user).await?;
    let (token, session) = auth::start_session(&app.state, &user).await?;
    Ok(Person { cookie: format!("signpost_session={token}"), csrf: session.csrf_token, email, id: user.id })
}

fn client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder().redirect(Redirects::none()).build()?)
}

/// GETs `path` as `who`; returns the status and body.
pub async fn get_as(app: &TestApp, who: &Person, path: &str) -> anyhow::Result<(StatusCode, String)> {
    let response = client()?.get(format!("{}{path}", app.address)).header(header::COOKIE, &who.cookie).send().await?;
    Ok((response.status(), response.text().await?))
}

/// POSTs form pairs as `who` (with the CSRF token); returns the status, Location and body.
pub async fn post_as(
    app: &TestApp,
    who: &Person,
    path: &str,
    pairs: &[(&str, &str)],
) -> anyhow::Result<(StatusCode, String, String)> {
    let mut form = vec![("csrf_token", who.csrf.as_str())];
    form.extend_from_slice(pairs);
    let response =
        client()?.post(format!("{}{path}", app.address)).header(header::COOKIE, &who.cookie).form(&form).send().await?;
    let location =
        response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    Ok((response.status(), location, response.text().await?))
}
