//! `/api/v1/program/training-requirements`: the district's training catalogue, read by everyone who
//! sees the program and changed by program admins. Rules are `crate::catalogue`'s.

use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::Staff;
use crate::catalogue::{self, RequirementInput};
use crate::error::{ApiError, ApiResult, AppError, Problem};
use crate::i18n::Msg;
use accord_store::RequirementRecord;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(change))
}

#[derive(Serialize, ToSchema)]
pub struct RequirementOut {
    id: i64,
    code: String,
    title: String,
    /// classroom, on_the_job or check_in
    kind: String,
    required_units: i64,
    deadline_months: i64,
    staff_types: Vec<String>,
    retired: bool,
}

impl From<RequirementRecord> for RequirementOut {
    fn from(r: RequirementRecord) -> Self {
        RequirementOut {
            id: r.id,
            code: r.code,
            title: r.title,
            kind: r.kind,
            required_units: r.required_units,
            deadline_months: r.deadline_months,
            staff_types: r.staff_types.split(',').map(str::to_owned).collect(),
            retired: r.retired != 0,
        }
    }
}

/// A taken code is a conflict; any other mistake is invalid input.
fn refused(msg: Msg) -> ApiError {
    if msg.key.is_empty() {
        ApiError(AppError::Conflict(msg))
    } else {
        ApiError(AppError::Invalid(msg))
    }
}

/// The catalogue in order, retired requirements included.
#[utoipa::path(get, path = "/api/v1/program/training-requirements", tag = "program",
    responses((status = 200, body = Vec<RequirementOut>), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn list(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Vec<RequirementOut>>> {
    let records = catalogue::records(&state.store, &staff).await?;
    Ok(Json(
        records.into_iter().map(RequirementOut::from).collect(),
    ))
}

/// Adds a requirement at the end of the series (program admins).
#[utoipa::path(post, path = "/api/v1/program/training-requirements", tag = "program",
    request_body = RequirementInput,
    responses((status = 201, body = RequirementOut), (status = 403, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(input): ApiJson<RequirementInput>,
) -> ApiResult<(StatusCode, Json<RequirementOut>)> {
    let record = catalogue::add(&state.store, &staff, &input)
        .await?
        .map_err(refused)?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// Changes a requirement, or retires it (program admins); its code stays.
#[utoipa::path(put, path = "/api/v1/program/training-requirements/{id}", tag = "program",
    request_body = RequirementInput,
    params(("id" = i64, Path, description = "The requirement's id")),
    responses((status = 200, body = RequirementOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn change(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RequirementInput>,
) -> ApiResult<Json<RequirementOut>> {
    let record = catalogue::update(&state.store, &staff, id, &input)
        .await?
        .map_err(refused)?;
    Ok(Json(record.into()))
}
