//! Route registration with an explicit access policy per route. `PolicyRouter` is the only
//! place routes are added (a test scans the sources for any other `.route(` call), and
//! it keeps a registry of (method, path, policy) that tests walk.
//!
//! Two layers enforce it: `session_layer` (whole app) refuses cross-site unsafe requests
//! and finds the signed-in person; `enforce` (per route) checks the policy and, on
//! non-public routes, the CSRF token of every unsafe request.

use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    handler::Handler,
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::{self, Next},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{self, MethodRouter},
    Json, Router,
};
use serde_json::json;

use crate::{
    auth::{self, Policy, SignedIn},
    error::ApiError,
    state::AppState,
};

/// Largest form body read for a CSRF check.
const MAX_FORM_BYTES: usize = 1 << 20;

/// The header a script may send the CSRF token in instead of a form field.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// One registered route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteEntry {
    /// Its method.
    pub method: Method,
    /// Its path pattern, e.g. `/services/{id}`.
    pub path: &'static str,
    /// Who may use it.
    pub policy: Policy,
}

/// A router whose every route has a policy.
#[derive(Default)]
pub struct PolicyRouter {
    router: Router<AppState>,
    routes: Vec<RouteEntry>,
}

impl PolicyRouter {
    /// Returns an empty router.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a GET (and HEAD) route.
    pub fn get<H, T>(self, path: &'static str, handler: H, policy: Policy) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::GET, path, routing::get(handler), policy)
    }

    /// Adds a POST route.
    pub fn post<H, T>(self, path: &'static str, handler: H, policy: Policy) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::POST, path, routing::post(handler), policy)
    }

    fn add(mut self, method: Method, path: &'static str, handler: MethodRouter<AppState>, policy: Policy) -> Self {
        let guarded = handler
            .route_layer(middleware::from_fn(move |request: Request, next: Next| enforce(policy, request, next)));
        self.router = self.router.route(path, guarded);
        self.routes.push(RouteEntry { method, path, policy });
        self
    }

    /// Sets the handler for unmatched paths (always public: it answers "not found").
    pub fn fallback<H, T>(mut self, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.fallback(handler);
        self
    }

    /// Adds another router's routes.
    pub fn merge(mut self, other: PolicyRouter) -> Self {
        self.router = self.router.merge(other.router);
        self.routes.extend(other.routes);
        self
    }

    /// Wraps the routes added so far in a layer (such as CORS); policies are unchanged.
    pub fn wrap(mut self, wrap: impl FnOnce(Router<AppState>) -> Router<AppState>) -> Self {
        self.router = wrap(self.router);
        self
    }

    /// Returns the registry of routes.
    pub fn routes(&self) -> &[RouteEntry] {
        &self.routes
    }

    /// Returns the axum router.
    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_api(request: &Request) -> bool {
    request.uri().path().starts_with("/api/")
}

/// Returns whether a request was sent by another site: browsers say so in
/// `Sec-Fetch-Site`, and send `Origin` with every POST.
fn is_cross_site(headers: &HeaderMap, public_url: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|value| value.to_str().ok()) {
        if site == "cross-site" || site == "same-site" {
            return true;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else { return false };
    let Ok(origin) = origin.to_str() else { return true };
    if !public_url.is_empty() && origin == public_url {
        return false;
    }
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
    host.is_empty() || origin_host != host
}

/// Refuses cross-site unsafe requests and puts the signed-in person (if any) into the
/// request's extensions.
pub async fn session_layer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if is_unsafe(request.method()) && is_cross_site(request.headers(), &state.public_url) {
        return forbidden(&request, "cross_site", "This form was sent from another website, so it was refused.");
    }
    let mut viewer = None;
    if let Some(token) = auth::session_token(request.headers()) {
        match auth::resume_session(&state, &token).await {
            Ok(Some(signed_in)) => {
                viewer = Some(super::own_areas::viewer(&signed_in));
                request.extensions_mut().insert(signed_in);
            }
            Ok(None) => {}
            Err(error) => return ApiError::from(error).into_response(),
        }
    }
    signpost_web::with_viewer(viewer, next.run(request)).await
}

/// Applies one route's policy, and checks the CSRF token on non-public unsafe requests.
async fn enforce(policy: Policy, request: Request, next: Next) -> Response {
    if policy.allows_anonymous() {
        return next.run(request).await;
    }
    let Some(signed_in) = request.extensions().get::<SignedIn>().cloned() else {
        return unauthenticated(&request);
    };
    if !policy.allows(&signed_in.user.roles) {
        return forbidden(&request, "forbidden", "Your account does not give you access to this page.");
    }
    if !is_unsafe(request.method()) {
        return private(next.run(request).await);
    }
    let (parts, body) = request.into_parts();
    // File uploads (multipart) may be larger than other forms and carry the token as a part.
    let boundary = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(super::form_data::boundary);
    let limit = if boundary.is_some() { super::form_data::MAX_UPLOAD_BYTES } else { MAX_FORM_BYTES };
    let Ok(bytes) = to_bytes(body, limit).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "Payload too large").into_response();
    };
    let header_token = parts.headers.get(CSRF_HEADER).and_then(|value| value.to_str().ok()).map(str::to_owned);
    let form_token = match &boundary {
        Some(boundary) => super::form_data::text_field(&bytes, boundary, "csrf_token"),
        None => url::form_urlencoded::parse(&bytes)
            .find(|(name, _)| name == "csrf_token")
            .map(|(_, value)| value.into_owned()),
    };
    let request = Request::from_parts(parts, Body::from(bytes));
    let valid =
        header_token.or(form_token).is_some_and(|token| auth::same_secret(&token, &signed_in.session.csrf_token));
    if !valid {
        return forbidden(
            &request,
            "csrf",
            "This form has expired or did not come from Signpost. Go back, reload the page and try again.",
        );
    }
    private(next.run(request).await)
}

/// Keeps signed-in pages out of shared and browser caches.
fn private(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// 401 for the API; for pages, a redirect to the login page that comes back here.
fn unauthenticated(request: &Request) -> Response {
    if is_api(request) {
        let body = json!({"error": {"code": "unauthenticated", "message": "Sign in to use this."}});
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    let here = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
    let next: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
    Redirect::to(&format!("/login?next={next}")).into_response()
}

/// 403 as JSON for the API or as a page.
fn forbidden(request: &Request, code: &'static str, message: &str) -> Response {
    if is_api(request) {
        return (StatusCode::FORBIDDEN, Json(json!({"error": {"code": code, "message": message}}))).into_response();
    }
    (StatusCode::FORBIDDEN, Html(signpost_web::render_notice("You cannot do this", message))).into_response()
}

#[cfg(test)]
mod tests {
    use std::{collections::HashSet, path::Path};

    use super::*;
    use crate::auth::Role;

    #[test]
    fn every_route_is_registered_once_with_a_policy() {
        let routes = crate::http::routes();
        let table = routes.routes();
        assert!(table.len() >= 20, "the registry lists every route: {table:#?}");
        let mut seen = HashSet::new();
        for entry in table {
            assert!(seen.insert((entry.method.clone(), entry.path)), "registered twice: {entry:?}");
            // Anonymous visitors reach only public pages and the public API.
            if entry.policy == Policy::Public {
                assert!(!entry.path.starts_with("/console"), "the console is never public: {entry:?}");
            }
        }
        let policy = |method: Method, path: &str| {
            table.iter().find(|entry| entry.method == method && entry.path == path).map(|entry| entry.policy)
        };
        assert_eq!(policy(Method::GET, "/console"), Some(Policy::AnyOf(&[Role::Curator])));
        assert_eq!(policy(Method::POST, "/logout"), Some(Policy::Authenticated));
        assert_eq!(policy(Method::POST, "/login"), Some(Policy::Public));
        assert_eq!(policy(Method::GET, "/api/v1/search"), Some(Policy::Public));
    }

    /// Routes added with axum directly would have no policy, so only this module may.
    #[test]
    fn no_route_is_added_outside_the_policy_router() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let this = root.join("http").join("policy.rs");
        let forbidden = [".route(", ".route_service(", ".nest(", ".nest_service(", "Router::new()"];
        let mut pending = vec![root];
        let mut offenders = Vec::new();
        let mut scanned = 0;
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).expect("BUG: server/src is readable") {
                let path = entry.expect("BUG: directory entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|ext| ext == "rs") && path != this {
                    scanned += 1;
                    let text = std::fs::read_to_string(&path).expect("BUG: source is readable");
                    for needle in forbidden {
                        // `PolicyRouter::new()` is fine; a bare `Router::new()` is not.
                        let bare = text
                            .match_indices(needle)
                            .any(|(at, _)| !text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
                        if bare {
                            offenders.push(format!("{}: {needle}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(scanned > 20, "scanned the sources");
        assert!(offenders.is_empty(), "routes must be added through PolicyRouter: {offenders:#?}");
    }

    #[test]
    fn only_same_origin_unsafe_requests_pass_the_cross_site_check() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.insert(*name, value.parse().expect("header value"));
            }
            map
        };
        assert!(!is_cross_site(&headers(&[]), ""), "no browser headers: a script or an old browser");
        assert!(!is_cross_site(&headers(&[("host", "a.test"), ("origin", "http://a.test")]), ""));
        assert!(is_cross_site(&headers(&[("host", "a.test"), ("origin", "https://evil.test")]), ""));
        assert!(is_cross_site(&headers(&[("host", "a.test"), ("origin", "null")]), ""));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")]), ""));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "same-origin")]), ""));
        assert!(!is_cross_site(&headers(&[("host", "10.0.0.1"), ("origin", "https://sp.org")]), "https://sp.org"));
    }
}
