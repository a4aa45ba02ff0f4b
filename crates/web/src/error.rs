//! One error story for the whole HTTP edge.
//!
//! Handlers return [`AppError`]. On the API it becomes an RFC 9457 problem+json body with a stable
//! `type`; on pages it becomes an HTML page in the visitor's language (rendered by
//! [`crate::pages::render_error_pages`], which knows the language). Internal errors are logged with an
//! id that the user sees and can quote; their details are never shown.

use crate::i18n::Msg;
use accord_store::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// No session or token where one is required.
    #[error("sign-in required")]
    Unauthorized,
    /// Signed in, but the role does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// A form or CSRF token that did not come from our own page.
    #[error("form expired")]
    CsrfRejected,
    /// Input that breaks a rule; the message names the field and the rule.
    #[error("invalid input")]
    Invalid(Msg),
    /// The request makes no sense in the record's current state (e.g. rating on a closed exchange).
    #[error("conflict")]
    Conflict(Msg),
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("request too large")]
    TooLarge,
    #[error("too many requests")]
    TooManyRequests,
    #[error("internal error: {0}")]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(message) => AppError::Conflict(Msg::text(message)),
            other => AppError::Internal(other.into()),
        }
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::CsrfRejected => StatusCode::FORBIDDEN,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Malformed(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable problem type, part of the API's contract.
    pub fn problem_type(&self) -> &'static str {
        match self {
            AppError::NotFound => "urn:accord:problem:not-found",
            AppError::Unauthorized => "urn:accord:problem:unauthorized",
            AppError::Forbidden => "urn:accord:problem:forbidden",
            AppError::CsrfRejected => "urn:accord:problem:csrf",
            AppError::Invalid(_) => "urn:accord:problem:invalid-input",
            AppError::Conflict(_) => "urn:accord:problem:conflict",
            AppError::Malformed(_) => "urn:accord:problem:malformed-request",
            AppError::TooLarge => "urn:accord:problem:too-large",
            AppError::TooManyRequests => "urn:accord:problem:too-many-requests",
            AppError::Internal(_) => "urn:accord:problem:internal",
        }
    }

    /// The message key for pages (and, in English, for the API's `title`).
    pub fn title_key(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-not-found",
            AppError::Unauthorized => "error-unauthorized",
            AppError::Forbidden => "error-forbidden",
            AppError::CsrfRejected => "error-csrf",
            AppError::Invalid(_) => "error-invalid",
            AppError::Conflict(_) => "error-conflict",
            AppError::Malformed(_) => "error-malformed",
            AppError::TooLarge => "error-too-large",
            AppError::TooManyRequests => "error-too-many",
            AppError::Internal(_) => "error-internal",
        }
    }

    /// The specific message, if there is one beyond the title.
    pub fn detail(&self) -> Option<&Msg> {
        match self {
            AppError::Invalid(msg) | AppError::Conflict(msg) => Some(msg),
            _ => None,
        }
    }

    /// Logs an internal error and returns the id the user can quote.
    fn log(&self) -> Option<String> {
        let AppError::Internal(err) = self else {
            return None;
        };
        let id = crate::auth::random_token(6);
        tracing::error!(error_id = %id, error = ?err, "internal error");
        Some(id)
    }
}

/// The RFC 9457 body.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The input field the problem is about, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Quote this to the district's support when reporting an internal error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_id: Option<String>,
}

/// An [`AppError`] rendered as problem+json: what API handlers return.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(err: E) -> Self {
        ApiError(err.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let marker = ErrorMarker::of(&self.0);
        problem_response(self.0.status(), &marker)
    }
}

/// What an error leaves in its response's extensions, for the edge to render: an HTML page in the
/// visitor's language ([`crate::pages`]) or a problem+json body ([`crate::api`]).
#[derive(Clone, Debug)]
pub struct ErrorMarker {
    pub problem_type: &'static str,
    pub title_key: &'static str,
    pub detail: Option<Msg>,
    pub error_id: Option<String>,
}

impl ErrorMarker {
    fn of(err: &AppError) -> ErrorMarker {
        let detail = match err {
            AppError::Malformed(text) => Some(Msg::text(text.clone())),
            _ => err.detail().cloned(),
        };
        ErrorMarker {
            problem_type: err.problem_type(),
            title_key: err.title_key(),
            detail,
            error_id: err.log(),
        }
    }
}

/// The RFC 9457 answer for an error, in English (API clients translate by `type`).
pub fn problem_response(status: axum::http::StatusCode, marker: &ErrorMarker) -> Response {
    let english = crate::i18n::Lang::english();
    let problem = Problem {
        problem_type: marker.problem_type.into(),
        title: english.t(marker.title_key),
        status: status.as_u16(),
        detail: marker.detail.as_ref().map(|m| english.msg(m)),
        field: marker
            .detail
            .as_ref()
            .and_then(|m| m.field)
            .map(str::to_owned),
        error_id: marker.error_id.clone(),
    };
    let mut response = (status, axum::Json(problem)).into_response();
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/problem+json"),
    );
    response
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(ErrorMarker::of(&self));
        response
    }
}

pub type PageResult<T> = Result<T, AppError>;
pub type ApiResult<T> = Result<T, ApiError>;
