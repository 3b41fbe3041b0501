//! The HTTP API's one error type: a stable code clients can match on and a message a
//! person understands.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

/// An error answered by the API.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is wrong; `code` is stable snake_case, `message` is for people.
    #[error("{message}")]
    BadRequest {
        /// Stable machine-readable code.
        code: &'static str,
        /// What to change.
        message: String,
    },
    /// Nothing at that address.
    #[error("not found")]
    NotFound,
    /// Something failed on our side; details go to the log, never to the client.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// A 400 with this code and message.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest { code, message: message.into() }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<crate::storage::Error> for ApiError {
    fn from(error: crate::storage::Error) -> Self {
        match error {
            crate::storage::Error::NotFound => Self::NotFound,
            other => Self::Internal(other.into()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (code, message) = match &self {
            Self::BadRequest { code, message } => (*code, message.clone()),
            Self::NotFound => ("not_found", "There is nothing at this address.".to_owned()),
            Self::Internal(error) => {
                tracing::error!(error = %format!("{error:#}"), "request failed");
                ("internal", "Something went wrong on our side. Please try again.".to_owned())
            }
        };
        (self.status(), Json(json!({"error": {"code": code, "message": message}}))).into_response()
    }
}
