//! Security headers on every response: a strict Content-Security-Policy, no MIME sniffing,
//! no referrer to other sites, and HSTS when the service is reached over https.

use axum::{
    extract::{Request, State},
    http::{header, HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};

use crate::state::AppState;

/// The pages use no inline script or style and nothing from other sites, so everything but
/// this site's own files (and the `data:` images of the stylesheet) is refused. Injected
/// markup that escaped the components would still not run.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Referrers go to this site only.
pub const REFERRER_POLICY: &str = "same-origin";

/// One year, the usual minimum for HSTS preload lists.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

/// Adds the headers to every response, errors and static files included. A handler's own
/// value wins, so a route can loosen one deliberately.
pub async fn add(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Not `no-referrer`: browsers then send `Origin: null` with our own form POSTs, which the
    // cross-site check refuses. `same-origin` still keeps search addresses (postcodes)
    // from every other site.
    set(header::REFERRER_POLICY, REFERRER_POLICY);
    set(header::X_FRAME_OPTIONS, "DENY");
    // The session cookie is `Secure` exactly when the public URL is https; HSTS follows it.
    if state.sessions.secure_cookie {
        set(header::STRICT_TRANSPORT_SECURITY, STRICT_TRANSPORT_SECURITY);
    }
    response
}
