//! Refuses addresses whose query string carries control characters (a NUL above all):
//! searches are counted in the database, and PostgreSQL refuses NUL in text (issue 13).
//! Line breaks and tabs pass, as a form may be prefilled with several lines.

use axum::{
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::{Html, IntoResponse, Json, Response},
};
use serde_json::json;

use crate::plain_text::has_control;

/// Answers 400 for a query string with a control character; passes everything else on.
pub(super) async fn refuse_control_characters(request: Request, next: Next) -> Response {
    let query = request.uri().query().unwrap_or_default();
    let bad = url::form_urlencoded::parse(query.as_bytes())
        .any(|(name, value)| has_control(&name, true) || has_control(&value, true));
    if !bad {
        return next.run(request).await;
    }
    let message = "The address has hidden control characters in it. Go back and search again.";
    if request.uri().path().starts_with("/api/") {
        let body = json!({"error": {"code": "invalid_parameter", "message": message}});
        return (StatusCode::BAD_REQUEST, Json(body)).into_response();
    }
    (StatusCode::BAD_REQUEST, Html(signpost_web::render_notice("There is a problem with this address", message)))
        .into_response()
}
