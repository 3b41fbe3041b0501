//! The administrator's accounts pages: list, change roles, disable (ending every session
//! at once) or enable, and set a new password; the same actions as `signpost user`.

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{Html, IntoResponse, Redirect, Response},
    Extension,
};
use chrono_tz::Europe::London;
use serde::Deserialize;
use signpost_web::{AccountRow, AccountsPage, FieldError};
use uuid::Uuid;

use super::policy::PolicyRouter;
use crate::{
    auth::{self, Policy, Role, SignedIn, User},
    error::ApiError,
    state::AppState,
    storage::{self, accounts::parse_time},
};

/// Who manages accounts: administrators only.
pub const ACCOUNTS: Policy = Policy::AnyOf(&[Role::Admin]);

/// Account routes.
pub fn router() -> PolicyRouter {
    PolicyRouter::new()
        .get("/console/accounts", list, ACCOUNTS)
        .post("/console/accounts/{id}/roles", set_roles, ACCOUNTS)
        .post("/console/accounts/{id}/disable", disable, ACCOUNTS)
        .post("/console/accounts/{id}/enable", enable, ACCOUNTS)
        .post("/console/accounts/{id}/password", reset_password, ACCOUNTS)
}

#[derive(Debug, Deserialize)]
struct DoneQuery {
    done: Option<String>,
}

fn created(text: &str) -> String {
    parse_time(text).map_or_else(|_| text.to_owned(), |at| at.with_timezone(&London).format("%-d %b %Y").to_string())
}

async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    notice: Option<String>,
    error: Option<FieldError>,
) -> storage::Result<AccountsPage> {
    let rows = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|user| AccountRow {
            id: user.id.to_string(),
            roles: user.roles.iter().map(|role| role.as_str().to_owned()).collect(),
            created: created(&user.created_at),
            email: user.email,
            name: user.display_name,
            disabled: user.disabled,
        })
        .collect();
    Ok(AccountsPage {
        csrf_token: signed_in.session.csrf_token.clone(),
        roles: Role::ALL.iter().map(|role| (role.as_str().to_owned(), role.label().to_owned())).collect(),
        rows,
        notice,
        error,
    })
}

async fn list(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Query(query): Query<DoneQuery>,
) -> Response {
    let notice = match query.done.as_deref() {
        Some("roles") => Some("Roles saved. They apply from the account's next page."),
        Some("disabled") => Some("Account disabled. Its sessions have ended."),
        Some("enabled") => Some("Account enabled."),
        Some("password") => Some("Password set. Every session of the account has ended."),
        _ => None,
    };
    match page(&state, &signed_in, notice.map(str::to_owned), None).await {
        Ok(page) => Html(signpost_web::render_accounts(&page)).into_response(),
        Err(error) => ApiError::from(error).into_response(),
    }
}

/// Answers 400 with the page and the error next to `field`.
async fn refused(state: &AppState, signed_in: &SignedIn, field: String, message: String) -> Response {
    match page(state, signed_in, None, Some(FieldError { field, message })).await {
        Ok(page) => (StatusCode::BAD_REQUEST, Html(signpost_web::render_accounts(&page))).into_response(),
        Err(error) => ApiError::from(error).into_response(),
    }
}

/// Returns the account with this id, or the "not found" page.
async fn account(state: &AppState, id: &str) -> Result<User, Response> {
    let not_found = || (StatusCode::NOT_FOUND, Html(signpost_web::render_not_found())).into_response();
    let Ok(id) = Uuid::parse_str(id) else { return Err(not_found()) };
    match state.store.users().await {
        Ok(users) => users.into_iter().find(|user| user.id == id).ok_or_else(not_found),
        Err(error) => Err(ApiError::from(error).into_response()),
    }
}

fn done(what: &str) -> Response {
    Redirect::to(&format!("/console/accounts?done={what}")).into_response()
}

async fn set_roles(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let user = match account(&state, &id).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let field = format!("roles-{}-admin", user.id);
    let mut roles = Vec::new();
    for (name, value) in url::form_urlencoded::parse(&body) {
        if name == "role" {
            match value.parse::<Role>() {
                Ok(role) => roles.push(role),
                Err(_) => return refused(&state, &signed_in, field, "Choose roles from the list".into()).await,
            }
        }
    }
    let roles = match auth::check_roles(&roles) {
        Ok(roles) => roles,
        Err(error) => return refused(&state, &signed_in, field, capitalised(&error.0)).await,
    };
    // An administrator cannot take away their own way back in.
    if user.id == signed_in.user.id && !roles.contains(&Role::Admin) {
        return refused(&state, &signed_in, field, "You cannot remove your own administrator role".into()).await;
    }
    match state.store.set_user_roles(user.id, &roles).await {
        Ok(()) => {
            tracing::info!(admin = %signed_in.user.id, account = %user.id, roles = %storage::accounts::roles_text(&roles), "roles changed");
            done("roles")
        }
        Err(error) => ApiError::from(error).into_response(),
    }
}

async fn set_disabled(state: &AppState, signed_in: &SignedIn, id: &str, disabled: bool) -> Response {
    let user = match account(state, id).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    if disabled && user.id == signed_in.user.id {
        let field = format!("account-{}", user.id);
        return refused(state, signed_in, field, "You cannot disable your own account".into()).await;
    }
    match state.store.set_user_disabled(user.id, disabled).await {
        Ok(()) => {
            tracing::info!(admin = %signed_in.user.id, account = %user.id, disabled, "account state changed");
            done(if disabled { "disabled" } else { "enabled" })
        }
        Err(error) => ApiError::from(error).into_response(),
    }
}

async fn disable(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
) -> Response {
    set_disabled(&state, &signed_in, &id, true).await
}

async fn enable(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
) -> Response {
    set_disabled(&state, &signed_in, &id, false).await
}

async fn reset_password(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let user = match account(&state, &id).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let password = url::form_urlencoded::parse(&body)
        .find(|(name, _)| name == "password")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    if let Err(error) = auth::check_password(&password) {
        return refused(&state, &signed_in, format!("password-{}", user.id), capitalised(&error.0)).await;
    }
    let hashed = tokio::task::spawn_blocking(move || auth::hash_password(&password)).await;
    let hash = match hashed {
        Ok(Ok(hash)) => hash,
        Ok(Err(error)) => return ApiError::Internal(error).into_response(),
        Err(error) => return ApiError::Internal(error.into()).into_response(),
    };
    match state.store.set_user_password(user.id, &hash).await {
        Ok(()) => {
            tracing::info!(admin = %signed_in.user.id, account = %user.id, "password set");
            done("password")
        }
        Err(error) => ApiError::from(error).into_response(),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
