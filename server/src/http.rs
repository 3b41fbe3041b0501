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
pub mod openapi;
pub mod oruk;
mod own_areas;
pub mod pages;
pub mod policy;
mod query_text;
pub mod referrals;
pub mod security_headers;

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
    let api = api::router().merge(oruk::router()).merge(openapi::router()).wrap(|router| router.layer(api_cors()));
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
        .layer(middleware::from_fn_with_state(state.clone(), contacts_layer))
        .layer(middleware::from_fn(query_text::refuse_control_characters))
        // Pages go to old phones on slow connections: compress what is sent.
        .layer(CompressionLayer::new())
        // Outside everything else, so errors (404, 403, 500) carry the headers too.
        .layer(middleware::from_fn_with_state(state.clone(), security_headers::add))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// Gives every page the configured local contacts, so each one that tells people to call
/// shows the same numbers.
async fn contacts_layer(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: middleware::Next,
) -> axum::response::Response {
    signpost_web::with_contacts(state.contacts.clone(), next.run(request)).await
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
