//! `GET /healthz`: the database answers and the index is open.

use axum::{extract::State, http::StatusCode, Json};
use serde_json::{json, Value};

use super::policy::PolicyRouter;
use crate::{auth::Policy, state::AppState};

/// Health routes.
pub fn router() -> PolicyRouter {
    PolicyRouter::new().get("/healthz", health, Policy::Public)
}

async fn health(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.store.count_services().await {
        Ok(services) => {
            (StatusCode::OK, Json(json!({"status": "ok", "services": services, "indexed": state.index.num_docs()})))
        }
        Err(error) => {
            tracing::error!(%error, "health check could not reach the database");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({"status": "unavailable"})))
        }
    }
}
