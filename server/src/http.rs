//! The HTTP surface: the JSON API, the pages and health.

pub mod api;
pub mod health;
pub mod pages;

use axum::{http::Method, Router};
use tower_http::{cors::CorsLayer, trace::TraceLayer};

use crate::state::AppState;

/// Returns the whole application router.
pub fn router(state: AppState) -> Router {
    // Directory data is public, so any site may read the API.
    let cors = CorsLayer::new().allow_origin(tower_http::cors::Any).allow_methods([
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
    ]);
    Router::new()
        .merge(api::router().layer(cors))
        .merge(health::router())
        .merge(pages::router())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
