//! The HTTP surface: the JSON API, the pages and health.

pub mod accounts;
pub mod api;
mod choices;
pub mod commissioning;
pub mod console;
pub mod console_accounts;
pub mod console_imports;
pub mod console_inbox;
pub mod console_insight;
pub mod form_data;
pub mod health;
pub mod helpline;
mod own_areas;
pub mod pages;
pub mod policy;
pub mod referrals;

use axum::{
    extract::{MatchedPath, Request},
    http::Method,
    middleware, Router,
};
use tower_http::{compression::CompressionLayer, cors::CorsLayer, trace::TraceLayer};

use self::policy::PolicyRouter;
use crate::state::AppState;

/// Returns every route with its policy, before layers and state.
pub fn routes() -> PolicyRouter {
    // CORS applies to the API only: it is wrapped before the other routes join.
    let api = api::router().wrap(|router| router.layer(api_cors()));
    api.merge(health::router())
        .merge(accounts::router())
        .merge(console::router())
        .merge(console_accounts::router())
        .merge(console_imports::router())
        .merge(console_inbox::router())
        .merge(console_insight::router())
        .merge(commissioning::router())
        .merge(helpline::router())
        .merge(referrals::router())
        .merge(pages::router())
}

/// Returns the whole application router.
pub fn router(state: AppState) -> Router {
    routes()
        .into_router()
        .layer(middleware::from_fn_with_state(state.clone(), policy::session_layer))
        // Pages go to old phones on slow connections: compress what is sent.
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// Directory data is public, so any site may read the API.
fn api_cors() -> CorsLayer {
    CorsLayer::new().allow_origin(tower_http::cors::Any).allow_methods([Method::GET, Method::HEAD, Method::OPTIONS])
}

/// Names a request by its route, never its query string: searches carry people's own
/// words and postcodes, which must not reach the logs.
fn request_span(request: &Request) -> tracing::Span {
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str);
    tracing::info_span!("request", method = %request.method(), route)
}
