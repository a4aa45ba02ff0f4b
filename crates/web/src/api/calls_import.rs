//! `POST /api/v1/calls/import`: the calls file over the API. The rules are `crate::calls_import`'s,
//! shared with the page and the command line.

use super::ApiQuery;
use crate::AppState;
use crate::auth::Staff;
use crate::calls_import::{self, CALLS_FILE_LIMIT, CallsImportReport};
use crate::error::{ApiResult, Problem};
use crate::i18n::Lang;
use accord_store::Actor;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_calls))
        .layer(DefaultBodyLimit::max(CALLS_FILE_LIMIT))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallsImportQuery {
    /// Check every row and report, but store nothing.
    #[serde(default)]
    dry_run: bool,
}

/// Imports calls for service from a CSV body (UTF-8 with or without BOM, or Windows-1252; the columns
/// of docs/calls-import.md, one row per call and student). Every bad row is reported with its line and
/// reason; nothing is stored unless every row is good. Calls are keyed by call_id, so importing the same
/// file again reports them all unchanged. For program admins and records clerks.
#[utoipa::path(post, path = "/api/v1/calls/import", tag = "calls",
    params(CallsImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "Imported, or a dry run", body = CallsImportReport),
        (status = 422, description = "Bad rows: nothing imported", body = CallsImportReport),
        (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn import_calls(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(query): ApiQuery<CallsImportQuery>,
    body: Bytes,
) -> ApiResult<Response> {
    calls_import::require_call_recorder(&staff)?;
    let report = calls_import::import_calls(
        &state.store,
        staff.0.district_id,
        &Actor::user(&staff.0),
        &body,
        query.dry_run,
        &Lang::english(),
        &|_, _| {},
    )
    .await?;
    let status = if report.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(report)).into_response())
}
