//! Accounts and route policies over HTTP: the role-by-route matrix, CSRF, session
//! fixation, time-outs, logout and login throttling (behind trusted proxies too, and
//! across a restart of the real binary), account management in the console and the
//! account store on both backends.

use chrono::{Duration, Utc};
use reqwest::{header, Method, StatusCode};
use signpost_server::{
    auth::{self, Policy, Role},
    storage::{accounts::time_text, Error},
};
use signpost_tests::{ids, people::client, AppOptions, Backend, TestApp, TestData};

use crate::on_both_backends;

const PASSWORD: &str = "a long enough password";

async fn sample_app() -> anyhow::Result<(TestData, TestApp)> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;
    Ok((data, app))
}

/// Stores a user with `PASSWORD` and returns it (a referrals lead is also staff).
async fn add_user(app: &TestApp, role: Role) -> anyhow::Result<auth::User> {
    let email = format!("{role}@example.org");
    let roles = if role == Role::ReferralsLead { vec![Role::Staff, role] } else { vec![role] };
    let user = auth::new_user_with_roles(&email, &format!("A {}", role.label()), &roles, PASSWORD, Utc::now())?;
    app.state.store.create_user(&user).await?;
    Ok(user)
}

/// Returns the `signpost_session=…` pair a response sets, if any.
fn session_cookie(response: &reqwest::Response) -> Option<String> {
    set_cookie(response).and_then(|value| value.split(';').next().map(str::to_owned))
}

fn set_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("signpost_session="))
        .map(str::to_owned)
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn login(app: &TestApp, email: &str, password: &str, cookie: Option<&str>) -> anyhow::Result<reqwest::Response> {
    let mut request =
        client()?.post(format!("{}/login", app.address)).form(&[("email", email), ("password", password)]);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    Ok(request.send().await?)
}

async fn get_console(app: &TestApp, cookie: &str) -> anyhow::Result<reqwest::Response> {
    Ok(client()?.get(format!("{}/console", app.address)).header(header::COOKIE, cookie).send().await?)
}

/// Returns the CSRF token in a page's forms.
fn csrf_in(html: &str) -> Option<String> {
    let start = html.find(r#"name="csrf_token" value=""#)? + r#"name="csrf_token" value=""#.len();
    html[start..].split('"').next().map(str::to_owned)
}

#[tokio::test]
async fn every_route_answers_each_role_as_its_policy_says() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    let found = app.search("q=samaritans").await?;
    let service_id = ids(&found).first().cloned().unwrap_or_default();
    let mut users = vec![None];
    for role in Role::ALL {
        users.push(Some(add_user(&app, role).await?));
    }
    let client = client()?;
    let routes = signpost_server::http::routes();
    let mut failures = Vec::new();
    for entry in routes.routes() {
        let path = entry.path.replace("{id}", &service_id);
        for user in &users {
            let who = user.as_ref().map_or("anonymous".to_owned(), |user| format!("{:?}", user.roles));
            // A fresh session per request, so POST /logout ends no one else's.
            let mut request = client.request(entry.method.clone(), format!("{}{path}", app.address));
            if let Some(user) = user {
                let (token, session) = auth::start_session(&app.state, user).await?;
                request = request.header(header::COOKIE, format!("signpost_session={token}"));
                if entry.method == Method::POST {
                    request = request.form(&[("csrf_token", session.csrf_token.as_str())]);
                }
            } else if entry.method == Method::POST {
                request = request.form(&[("unused", "")]);
            }
            let response = request.send().await?;
            let status = response.status();
            let to_login = status == StatusCode::SEE_OTHER && location(&response).starts_with("/login?next=");
            let allowed = match (entry.policy, user) {
                (Policy::Public, _) => true,
                (_, None) => false,
                (policy, Some(user)) => policy.allows(&user.roles),
            };
            let expected = if allowed {
                "allowed"
            } else if user.is_some() {
                "403"
            } else if path.starts_with("/api/") {
                "401"
            } else {
                "303 to /login"
            };
            let ok = match expected {
                "allowed" => status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN && !to_login,
                "403" => status == StatusCode::FORBIDDEN,
                "401" => status == StatusCode::UNAUTHORIZED,
                _ => to_login,
            };
            if !ok {
                failures.push(format!("{} {path} as {who}: expected {expected}, got {status}", entry.method));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    Ok(())
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_login_and_come_back_after_it() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    add_user(&app, Role::Curator).await?;
    let client = client()?;

    let console = client.get(format!("{}/console", app.address)).send().await?;
    assert_eq!(console.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&console), "/login?next=%2Fconsole");
    let page = client.get(format!("{}/login?next=%2Fconsole", app.address)).send().await?.text().await?;
    assert!(page.contains(r#"name="next" value="/console""#), "the form keeps next");

    let response = client
        .post(format!("{}/login", app.address))
        .form(&[("email", "CURATOR@example.org"), ("password", PASSWORD), ("next", "/console")])
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/console");
    let cookie = set_cookie(&response).unwrap_or_default();
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
    let html = get_console(&app, &session_cookie(&response).unwrap_or_default()).await?.text().await?;
    assert!(html.contains("Signed in as A Community Knowledge Officer (Community Knowledge Officer)"), "{html}");

    let offsite = login(&app, "curator@example.org", PASSWORD, None).await?;
    assert_eq!(location(&offsite), "/console", "no next: the console");
    let response = client
        .post(format!("{}/login", app.address))
        .form(&[("email", "curator@example.org"), ("password", PASSWORD), ("next", "//evil.example/")])
        .send()
        .await?;
    assert_eq!(location(&response), "/console", "next must be a local path");
    Ok(())
}

#[tokio::test]
async fn a_wrong_password_or_unknown_email_gets_one_generic_message() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    add_user(&app, Role::Staff).await?;
    for (email, password) in [("staff@example.org", "not the password"), ("nobody@example.org", PASSWORD)] {
        let response = login(&app, email, password, None).await?;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert!(session_cookie(&response).is_none(), "no session");
        let html = response.text().await?;
        assert!(html.contains("nhsuk-error-summary") && html.contains("Email or password is wrong"), "{html}");
    }
    Ok(())
}

#[tokio::test]
async fn forms_without_the_right_csrf_token_are_refused_and_change_nothing() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    add_user(&app, Role::Curator).await?;
    let cookie = session_cookie(&login(&app, "curator@example.org", PASSWORD, None).await?).unwrap_or_default();
    let html = get_console(&app, &cookie).await?.text().await?;
    let token = csrf_in(&html).unwrap_or_default();
    assert_eq!(token.len(), 64, "the console's forms carry the token");
    let client = client()?;

    let missing = client.post(format!("{}/logout", app.address)).header(header::COOKIE, &cookie).send().await?;
    let wrong = client
        .post(format!("{}/logout", app.address))
        .header(header::COOKIE, &cookie)
        .form(&[("csrf_token", "0".repeat(64))])
        .send()
        .await?;
    for response in [missing, wrong] {
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(response.text().await?.contains("This form has expired"));
    }
    assert_eq!(get_console(&app, &cookie).await?.status(), StatusCode::OK, "still signed in");

    let cross_site = client
        .post(format!("{}/shortlist/add", app.address))
        .header(header::ORIGIN, "https://evil.example")
        .form(&[("id", "x"), ("return_to", "/")])
        .send()
        .await?;
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN, "anonymous forms refuse other sites");
    let cross_login = client
        .post(format!("{}/login", app.address))
        .header("sec-fetch-site", "cross-site")
        .form(&[("email", "curator@example.org"), ("password", PASSWORD)])
        .send()
        .await?;
    assert_eq!(cross_login.status(), StatusCode::FORBIDDEN, "no login from other sites");
    assert!(session_cookie(&cross_login).is_none());
    Ok(())
}

#[tokio::test]
async fn signing_in_always_starts_a_new_session_and_ends_the_old_one() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    add_user(&app, Role::Curator).await?;
    let before = session_cookie(&login(&app, "curator@example.org", PASSWORD, None).await?).unwrap_or_default();

    let after = session_cookie(&login(&app, "curator@example.org", PASSWORD, Some(&before)).await?).unwrap_or_default();

    assert!(before.starts_with("signpost_session=") && after.starts_with("signpost_session="));
    assert_ne!(before, after);
    assert_eq!(get_console(&app, &before).await?.status(), StatusCode::SEE_OTHER, "the old id is dead");
    assert_eq!(get_console(&app, &after).await?.status(), StatusCode::OK);
    Ok(())
}

#[tokio::test]
async fn sessions_end_after_30_idle_minutes_and_12_hours_in_all() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    add_user(&app, Role::Curator).await?;
    let start = Utc::now();
    app.clock.set(start);
    let idle = session_cookie(&login(&app, "curator@example.org", PASSWORD, None).await?).unwrap_or_default();
    let busy = session_cookie(&login(&app, "curator@example.org", PASSWORD, None).await?).unwrap_or_default();

    // Busy: a request every 25 minutes keeps it alive until the absolute limit.
    let mut now = start;
    while now + Duration::minutes(25) < start + Duration::hours(12) {
        now += Duration::minutes(25);
        app.clock.set(now);
        assert_eq!(get_console(&app, &busy).await?.status(), StatusCode::OK, "active at {now}");
    }
    assert_eq!(get_console(&app, &idle).await?.status(), StatusCode::SEE_OTHER, "idle for hours");
    app.clock.set(start + Duration::hours(12) + Duration::minutes(1));
    assert_eq!(get_console(&app, &busy).await?.status(), StatusCode::SEE_OTHER, "past 12 hours");

    // Idle: 29 minutes is fine, 30 unused minutes after that is not.
    let mut now = start + Duration::hours(13);
    app.clock.set(now);
    let cookie = session_cookie(&login(&app, "curator@example.org", PASSWORD, None).await?).unwrap_or_default();
    now += Duration::minutes(29);
    app.clock.set(now);
    assert_eq!(get_console(&app, &cookie).await?.status(), StatusCode::OK);
    app.clock.set(now + Duration::minutes(30));
    assert_eq!(get_console(&app, &cookie).await?.status(), StatusCode::SEE_OTHER);
    Ok(())
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server_and_clears_the_cookie() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    add_user(&app, Role::Curator).await?;
    let cookie = session_cookie(&login(&app, "curator@example.org", PASSWORD, None).await?).unwrap_or_default();
    let token = cookie.trim_start_matches("signpost_session=").to_owned();
    let csrf = csrf_in(&get_console(&app, &cookie).await?.text().await?).unwrap_or_default();

    let response = client()?
        .post(format!("{}/logout", app.address))
        .header(header::COOKIE, &cookie)
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await?;

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login");
    assert!(set_cookie(&response).unwrap_or_default().contains("Max-Age=0"), "the cookie is cleared");
    let stored = app.state.store.session_with_user(&auth::token_digest(&token)).await;
    assert!(matches!(stored, Err(Error::NotFound)), "deleted server-side");
    assert_eq!(get_console(&app, &cookie).await?.status(), StatusCode::SEE_OTHER, "a replayed cookie is dead");
    Ok(())
}

#[tokio::test]
async fn the_sixth_failed_login_is_refused_even_with_the_right_password() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    add_user(&app, Role::Admin).await?;
    let start = Utc::now();
    app.clock.set(start);
    for attempt in 1..=5 {
        let response = login(&app, "admin@example.org", "wrong password!", None).await?;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "attempt {attempt}");
    }

    let sixth = login(&app, "admin@example.org", "wrong password!", None).await?;
    let right = login(&app, "admin@example.org", PASSWORD, None).await?;

    assert_eq!(sixth.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(sixth.text().await?.contains("Too many attempts, try again in 15 minutes"));
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS, "locked even with the right password");
    assert!(session_cookie(&right).is_none());
    app.clock.set(start + Duration::minutes(16));
    let later = login(&app, "admin@example.org", PASSWORD, None).await?;
    assert_eq!(later.status(), StatusCode::SEE_OTHER, "the window has passed");
    Ok(())
}

#[tokio::test]
async fn twenty_failures_from_one_address_lock_it_for_every_account() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    add_user(&app, Role::Curator).await?;
    app.clock.set(Utc::now());
    for attempt in 0..auth::ADDRESS_FAILURES {
        let response = login(&app, &format!("guess{attempt}@example.org"), "wrong password!", None).await?;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "attempt {attempt}");
    }

    let response = login(&app, "curator@example.org", PASSWORD, None).await?;

    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "the address is locked");
    Ok(())
}

#[tokio::test]
async fn console_pages_are_not_cached() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    add_user(&app, Role::Curator).await?;
    let cookie = session_cookie(&login(&app, "curator@example.org", PASSWORD, None).await?).unwrap_or_default();
    let response = get_console(&app, &cookie).await?;
    assert_eq!(response.headers().get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()), Some("no-store"));
    Ok(())
}

#[tokio::test]
async fn a_successful_login_resets_the_account_failure_count() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    add_user(&app, Role::Staff).await?;
    app.clock.set(Utc::now());
    for _ in 0..4 {
        login(&app, "staff@example.org", "wrong password!", None).await?;
    }
    assert_eq!(login(&app, "staff@example.org", PASSWORD, None).await?.status(), StatusCode::SEE_OTHER);
    for attempt in 1..=4 {
        let response = login(&app, "staff@example.org", "wrong password!", None).await?;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "attempt {attempt} after the reset");
    }
    Ok(())
}

async fn the_account_store_keeps_users_sessions_and_attempts(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let store = data.store().await?;
    let now = Utc::now();
    let user = auth::new_user("Ann@Example.org", "Ann", Role::Curator, PASSWORD, now)?;

    store.create_user(&user).await?;
    let duplicate = auth::new_user("ann@example.org", "Other Ann", Role::Staff, PASSWORD, now)?;
    assert!(matches!(store.create_user(&duplicate).await, Err(Error::Duplicate)), "emails are unique");
    let read = store.user_by_email("ann@example.org").await?;
    assert_eq!(read, user);
    assert!(read.password_hash.starts_with("$argon2id$") && !read.password_hash.contains(PASSWORD));
    assert!(matches!(store.user_by_email("nobody@example.org").await, Err(Error::NotFound)));

    let session = auth::Session {
        id: auth::token_digest("token"),
        user_id: user.id,
        csrf_token: auth::new_token(),
        created_at: time_text(now),
        last_seen_at: time_text(now),
        expires_at: time_text(now + Duration::hours(12)),
    };
    store.create_session(&session).await?;
    store.touch_session(&session.id, &time_text(now + Duration::minutes(5))).await?;
    let (stored, owner) = store.session_with_user(&session.id).await?;
    assert_eq!(owner.id, user.id);
    assert_eq!(stored.last_seen_at, time_text(now + Duration::minutes(5)));
    store.delete_session(&session.id).await?;
    assert!(matches!(store.session_with_user(&session.id).await, Err(Error::NotFound)));

    let since = time_text(now - Duration::minutes(15));
    let forget = time_text(now - Duration::days(1));
    let at = |millis: i64| time_text(now + Duration::milliseconds(millis));
    store.record_login_attempt("account:ann", &time_text(now - Duration::hours(2)), false, &forget).await?;
    store.record_login_attempt("account:ann", &at(1), false, &forget).await?;
    store.record_login_attempt("account:ann", &at(2), false, &forget).await?;
    store.record_login_attempt("account:bob", &at(3), false, &forget).await?;
    let failures = store.login_failures("account:ann", &since).await?;
    assert_eq!(failures.count, 2, "only failures inside the window count");
    assert_eq!(failures.oldest, Some(at(1)));
    store.record_login_attempt("account:ann", &at(4), true, &forget).await?;
    assert_eq!(store.login_failures("account:ann", &since).await?.count, 0, "a success resets the count");
    assert_eq!(store.login_failures("account:bob", &since).await?.count, 1);
    Ok(())
}
on_both_backends!(account_store_keeps_users_sessions_and_attempts, the_account_store_keeps_users_sessions_and_attempts);

/// An app behind a proxy at 127.0.0.1 (the test client), which it trusts.
async fn app_behind_proxy() -> anyhow::Result<(TestData, TestApp)> {
    let data = TestData::new(Backend::Sqlite).await?;
    let mut options = AppOptions { sample_data: false, ..AppOptions::default() };
    options.network.trusted_proxies = Some("127.0.0.1/32, ::1/128".to_owned());
    let app = TestApp::spawn(&data, options).await?;
    Ok((data, app))
}

/// Signs in as if from `client`, through the proxy (which adds the X-Forwarded-For hop).
async fn login_from(app: &TestApp, client_ip: &str, email: &str, password: &str) -> anyhow::Result<StatusCode> {
    let response = client()?
        .post(format!("{}/login", app.address))
        .header("x-forwarded-for", client_ip)
        .form(&[("email", email), ("password", password)])
        .send()
        .await?;
    Ok(response.status())
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_clients_failures_lock_only_that_client() -> anyhow::Result<()> {
    let (_data, app) = app_behind_proxy().await?;
    add_user(&app, Role::Curator).await?;
    add_user(&app, Role::Staff).await?;
    app.clock.set(Utc::now());
    let attacker = "203.0.113.7";
    for attempt in 0..auth::ACCOUNT_FAILURES {
        let status = login_from(&app, attacker, "curator@example.org", "wrong password!").await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "attempt {attempt} on the curator");
    }
    assert_eq!(
        login_from(&app, attacker, "curator@example.org", PASSWORD).await?,
        StatusCode::TOO_MANY_REQUESTS,
        "the account is locked for the client that failed on it"
    );
    for attempt in auth::ACCOUNT_FAILURES..auth::ADDRESS_FAILURES {
        let status = login_from(&app, attacker, &format!("guess{attempt}@example.org"), "wrong password!").await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "attempt {attempt}");
    }
    assert_eq!(
        login_from(&app, attacker, "staff@example.org", PASSWORD).await?,
        StatusCode::TOO_MANY_REQUESTS,
        "the attacking client is locked for every account"
    );
    // Another client behind the same proxy is not, and the account's owner still signs in.
    assert_eq!(login_from(&app, "198.51.100.9", "staff@example.org", PASSWORD).await?, StatusCode::SEE_OTHER);
    assert_eq!(login_from(&app, "198.51.100.10", "curator@example.org", PASSWORD).await?, StatusCode::SEE_OTHER);
    // The hop our proxy added counts, not what the client wrote to its left.
    assert_eq!(
        login_from(&app, &format!("198.51.100.11, {attacker}"), "staff@example.org", PASSWORD).await?,
        StatusCode::TOO_MANY_REQUESTS
    );
    app.stop().await
}

#[tokio::test]
async fn an_untrusted_peer_cannot_choose_its_address_with_forwarded_for() -> anyhow::Result<()> {
    let (_data, app) = sample_app().await?;
    add_user(&app, Role::Curator).await?;
    app.clock.set(Utc::now());
    for attempt in 0..auth::ADDRESS_FAILURES {
        let status =
            login_from(&app, &format!("192.0.2.{attempt}"), &format!("guess{attempt}@example.org"), "wrong password!")
                .await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "attempt {attempt}");
    }
    // No proxy is trusted, so every attempt counted against the socket peer.
    let status = login_from(&app, "192.0.2.200", "curator@example.org", PASSWORD).await?;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    app.stop().await
}

#[tokio::test]
async fn sign_in_and_report_limits_hold_across_a_restart_of_the_real_binary() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let store = data.store().await?;
    let user = auth::new_user("curator@example.org", "A curator", Role::Curator, PASSWORD, Utc::now())?;
    store.create_user(&user).await?;
    let record = signpost_tests::fixtures::ServiceBuilder::new("Restartable Allotment Club").build();
    store.upsert_service(&record).await?;
    let report_url = format!("/services/{}/report", record.service.id);

    let server = signpost_tests::binary::Server::start(&data, &[])?;
    let base = server.wait_ready().await?;
    let client = client()?;
    for attempt in 0..auth::ACCOUNT_FAILURES {
        let status = client
            .post(format!("{base}/login"))
            .form(&[("email", "curator@example.org"), ("password", "wrong password!")])
            .send()
            .await?
            .status();
        assert_eq!(status, StatusCode::BAD_REQUEST, "attempt {attempt}");
    }
    for report in 0..5 {
        let status = client.post(format!("{base}{report_url}")).form(&[("reason", "hours")]).send().await?.status();
        assert_eq!(status, StatusCode::SEE_OTHER, "report {report}");
    }
    drop(server);

    let server = signpost_tests::binary::Server::start(&data, &[])?;
    let base = server.wait_ready().await?;
    let status = client
        .post(format!("{base}/login"))
        .form(&[("email", "curator@example.org"), ("password", PASSWORD)])
        .send()
        .await?
        .status();
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the account stays locked for this address after a restart");
    let status = client.post(format!("{base}{report_url}")).form(&[("reason", "hours")]).send().await?.status();
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the report limit survives the restart");
    assert_eq!(store.problem_reports(10).await?.len(), 5);
    Ok(())
}

/// POSTs a console form as `cookie` with `csrf`.
async fn post_form(
    app: &TestApp,
    cookie: &str,
    path: &str,
    pairs: &[(&str, &str)],
) -> anyhow::Result<(StatusCode, String, String)> {
    let response =
        client()?.post(format!("{}{path}", app.address)).header(header::COOKIE, cookie).form(pairs).send().await?;
    let status = response.status();
    let location = location(&response);
    Ok((status, location, response.text().await?))
}

async fn accounts_are_managed_on_the_console(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, AppOptions { sample_data: false, ..AppOptions::default() }).await?;
    let admin = add_user(&app, Role::Admin).await?;
    let curator = add_user(&app, Role::Curator).await?;
    let (token, session) = auth::start_session(&app.state, &admin).await?;
    let admin_cookie = format!("signpost_session={token}");
    let csrf = session.csrf_token.clone();
    let page =
        client()?.get(format!("{}/console/accounts", app.address)).header(header::COOKIE, &admin_cookie).send().await?;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await?;
    assert!(html.contains("curator@example.org") && html.contains("admin@example.org"), "every account is listed");

    // The curator is signed in; disabling ends the session at once.
    let curator_cookie = session_cookie(&login(&app, "curator@example.org", PASSWORD, None).await?).unwrap_or_default();
    assert_eq!(get_console(&app, &curator_cookie).await?.status(), StatusCode::OK);
    let path = format!("/console/accounts/{}/disable", curator.id);
    let (status, _, _) = post_form(&app, &admin_cookie, &path, &[]).await?;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF token, no change");
    assert!(!app.state.store.user_by_email("curator@example.org").await?.disabled);
    let (status, location, _) = post_form(&app, &admin_cookie, &path, &[("csrf_token", &csrf)]).await?;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/console/accounts?done=disabled"));
    let after = get_console(&app, &curator_cookie).await?;
    assert_eq!(after.status(), StatusCode::SEE_OTHER, "the disabled account's session has ended");
    assert_eq!(login(&app, "curator@example.org", PASSWORD, None).await?.status(), StatusCode::BAD_REQUEST);
    let own = format!("/console/accounts/{}/disable", admin.id);
    let (status, _, body) = post_form(&app, &admin_cookie, &own, &[("csrf_token", &csrf)]).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("You cannot disable your own account"), "{body}");

    let enable = format!("/console/accounts/{}/enable", curator.id);
    let (status, _, _) = post_form(&app, &admin_cookie, &enable, &[("csrf_token", &csrf)]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // Several roles: the curator is given staff too, and may use the helpline.
    let roles = format!("/console/accounts/{}/roles", curator.id);
    let (status, _, body) =
        post_form(&app, &admin_cookie, &roles, &[("csrf_token", &csrf), ("role", "referrals_lead")]).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a lead is also staff");
    assert!(body.contains("Referrals_lead is given with staff"), "the reason is shown");
    let (status, _, _) =
        post_form(&app, &admin_cookie, &roles, &[("csrf_token", &csrf), ("role", "curator"), ("role", "staff")])
            .await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.state.store.user_by_email("curator@example.org").await?.roles, [Role::Curator, Role::Staff]);
    let curator_cookie = session_cookie(&login(&app, "curator@example.org", PASSWORD, None).await?).unwrap_or_default();
    let helpline =
        client()?.get(format!("{}/helpline", app.address)).header(header::COOKIE, &curator_cookie).send().await?;
    assert_eq!(helpline.status(), StatusCode::OK, "the curator who is also staff uses the helpline");
    assert_eq!(get_console(&app, &curator_cookie).await?.status(), StatusCode::OK, "and still the console");

    // A new password: common ones are refused; a good one ends every session.
    let password = format!("/console/accounts/{}/password", curator.id);
    for weak in ["short", "Qwerty123456", "aaaaaaaaaaaaaaaa"] {
        let (status, _, body) =
            post_form(&app, &admin_cookie, &password, &[("csrf_token", &csrf), ("password", weak)]).await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{weak}");
        assert!(body.contains("The password is too weak"), "{weak}: {body}");
    }
    let new_password = "a kettle of tidy herons";
    let (status, _, _) =
        post_form(&app, &admin_cookie, &password, &[("csrf_token", &csrf), ("password", new_password)]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(get_console(&app, &curator_cookie).await?.status(), StatusCode::SEE_OTHER, "sessions ended");
    assert_eq!(login(&app, "curator@example.org", PASSWORD, None).await?.status(), StatusCode::BAD_REQUEST);
    let signed_in = login(&app, "curator@example.org", new_password, None).await?;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let curator_cookie = session_cookie(&signed_in).unwrap_or_default();

    // Only administrators manage accounts.
    let page = client()?
        .get(format!("{}/console/accounts", app.address))
        .header(header::COOKIE, &curator_cookie)
        .send()
        .await?;
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    app.stop().await
}
on_both_backends!(accounts_are_managed_on_the_console_, accounts_are_managed_on_the_console);
