//! The HTTP surface: the JSON API, the pages and health.

pub mod api;
pub mod health;
pub mod pages;

use axum::{
    extract::{MatchedPath, Request},
    http::Method,
    Router,
};
use tower_http::{compression::CompressionLayer, cors::CorsLayer, trace::TraceLayer};

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
        // Pages go to old phones on slow connections: compress what is sent.
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// Names a request by its route, never its query string: searches carry people's own
/// words and postcodes, which must not reach the logs.
fn request_span(request: &Request) -> tracing::Span {
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str);
    tracing::info_span!("request", method = %request.method(), route)
}
