//! The JSON API under `/api/v1`: what the pages do, for integrations and load tests. The OpenAPI
//! document is generated from the handlers and served at `/api/v1/openapi.json`.

mod agreements;
mod answers;
mod calls_import;
mod calls_report;
mod catalogue;
mod exchanges;
mod listening;
mod moderation;
mod program;
mod public_page;
mod subscriptions;

use crate::AppState;
use crate::error::{ApiError, AppError, ErrorMarker};
use crate::i18n::Msg;
use axum::Router;
use axum::body::HttpBody;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::routing::get;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    info(title = "accord API", description = "Community exchanges and the program record of a school district's safety and security staff program."),
    modifiers(&BearerAuth),
    tags((name = "exchanges", description = "Community exchanges: set up, join, share, star, results"),
        (name = "moderation", description = "Reports, the review queue and moderation decisions"),
        (name = "program", description = "The program record: agencies, staff, assignments through the training gate, training, imports, history"),
        (name = "listening", description = "Listening sessions: the schedule, public sign-up without an account, attendance, notes, summaries and the themes raised"),
        (name = "agreements", description = "Each agency's yearly agreement: versions, the required contents, the community's part, comparisons, and the published record"),
        (name = "subscriptions", description = "Staying in touch without an account: subscribe (double opt-in by mail), confirm, unsubscribe"),
        (name = "calls", description = "Calls for law-enforcement service and each student's part: entry, the CSV import, and the yearly report (internal for the roles that keep student records, public with small counts hidden)"))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API's routes and its OpenAPI document, from the same handler list.
fn parts() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(exchanges::routes())
        .merge(moderation::routes())
        .merge(program::routes())
        .merge(catalogue::routes())
        .merge(public_page::routes())
        .merge(listening::routes())
        .merge(agreements::routes())
        .merge(answers::routes())
        .merge(calls_import::routes())
        .merge(calls_report::routes())
        .merge(subscriptions::routes())
        .split_for_parts()
}

/// The OpenAPI document, as served.
pub fn openapi() -> utoipa::openapi::OpenApi {
    parts().1
}

pub fn router(state: AppState) -> Router {
    let (routes, doc) = parts();
    let doc = std::sync::Arc::new(doc);
    routes
        .route(
            "/api/v1/openapi.json",
            get(move || async move { axum::Json(doc.as_ref().clone()) }),
        )
        .route(
            "/api/v1/{*rest}",
            axum::routing::any(|| async { ApiError(AppError::NotFound) }),
        )
        .layer(axum::middleware::map_response(render_problems))
        .with_state(state)
}

/// Errors raised by extractors shared with the pages (such as [`crate::auth::Staff`]) leave only a
/// marker; on the API they become problem+json too.
async fn render_problems(response: axum::response::Response) -> axum::response::Response {
    match response.extensions().get::<ErrorMarker>() {
        Some(marker) if response.body().size_hint().exact() == Some(0) => {
            crate::error::problem_response(response.status(), &marker.clone())
        }
        _ => response,
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            r if r.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
            JsonRejection::MissingJsonContentType(_) => AppError::Malformed(
                "send the body as JSON with Content-Type: application/json".into(),
            ),
            other => AppError::Malformed(other.body_text()),
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        AppError::NotFound
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::Invalid(Msg::text(rejection.body_text()))
    }
}

/// JSON bodies whose every rejection is a problem+json answer.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Path parameters whose rejection (e.g. an id that is not a number) is a problem+json 404.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Query strings whose rejection is a problem+json 422.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);
