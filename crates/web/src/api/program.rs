//! `/api/v1/program`: agencies, staff, assignments (through the training gate), training records,
//! CSV imports and record history, over JSON. The rules are `crate::program`'s, shared with the pages.

use super::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult, AppError, Problem};
use crate::i18n::{Lang, Msg};
use crate::program::{
    self, AgencyInput, AssignmentInput, ImportKind, ImportReport, Person, StaffInput, TrainingInput,
};
use accord_store::{Actor, Agency, Assignment, AuditEntry, StaffMember, TrainingRecord};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The largest CSV file an import takes.
pub const IMPORT_LIMIT: usize = 8 * 1024 * 1024;

pub fn routes() -> OpenApiRouter<AppState> {
    let imports = OpenApiRouter::new()
        .routes(routes!(import))
        .layer(DefaultBodyLimit::max(IMPORT_LIMIT));
    OpenApiRouter::new()
        .routes(routes!(list_agencies, create_agency))
        .routes(routes!(list_staff, create_staff))
        .routes(routes!(get_staff))
        .routes(routes!(create_assignment))
        .routes(routes!(create_training))
        .routes(routes!(verify_training))
        .routes(routes!(history))
        .merge(imports)
}

fn invalid(msg: Msg) -> ApiError {
    ApiError(AppError::Invalid(msg))
}

fn created<T: Serialize>(value: T) -> Response {
    (StatusCode::CREATED, Json(value)).into_response()
}

#[derive(Serialize, ToSchema)]
pub struct AgencyOut {
    id: i64,
    name: String,
    /// law_enforcement, security_company or district
    kind: String,
    contact: String,
}

impl From<Agency> for AgencyOut {
    fn from(a: Agency) -> Self {
        AgencyOut {
            id: a.id,
            name: a.name,
            kind: a.kind,
            contact: a.contact,
        }
    }
}

/// The agencies of the caller's district (a liaison sees their own only).
#[utoipa::path(get, path = "/api/v1/program/agencies", tag = "program",
    responses((status = 200, body = Vec<AgencyOut>), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn list_agencies(
    State(state): State<AppState>,
    staff: Staff,
) -> ApiResult<Json<Vec<AgencyOut>>> {
    let scope = program::scope_of(&state.store, &staff).await?;
    let agencies = state.store.agencies(scope.district_id).await?;
    Ok(Json(
        agencies
            .into_iter()
            .filter(|a| scope.agency_id.is_none_or(|id| id == a.id))
            .map(AgencyOut::from)
            .collect(),
    ))
}

/// Adds an agency (program admins).
#[utoipa::path(post, path = "/api/v1/program/agencies", tag = "program", request_body = AgencyInput,
    responses((status = 201, body = AgencyOut), (status = 403, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_agency(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(input): ApiJson<AgencyInput>,
) -> ApiResult<Response> {
    let agency = program::add_agency(&state.store, &staff, &input)
        .await?
        .map_err(conflict_or_invalid)?;
    Ok(created(AgencyOut::from(agency)))
}

/// Literal messages come from the store's uniqueness rules: a conflict; keyed ones are invalid input.
fn conflict_or_invalid(msg: Msg) -> ApiError {
    if msg.key.is_empty() {
        ApiError(AppError::Conflict(msg))
    } else {
        invalid(msg)
    }
}

#[derive(Serialize, ToSchema)]
pub struct ItemOut {
    code: String,
    title: String,
    /// complete, waived, due or overdue
    state: String,
    verified_units: u32,
    unverified_units: u32,
    required_units: u32,
    /// YYYY-MM-DD; absent until the first day on site is known
    deadline: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct StaffOut {
    id: i64,
    agency_id: i64,
    agency: String,
    staff_number: String,
    name: String,
    /// school_resource_officer, security_officer or contracted_security
    staff_type: String,
    first_day_on_site: Option<String>,
    /// complete, waived, on_plan, due or overdue
    standing: String,
    /// What is not yet verified or waived.
    missing: Vec<ItemOut>,
}

#[derive(Serialize, ToSchema)]
pub struct StaffDetailOut {
    #[serde(flatten)]
    summary: StaffOut,
    items: Vec<ItemOut>,
    assignments: Vec<AssignmentOut>,
    training: Vec<TrainingOut>,
    plan: Option<PlanOut>,
}

#[derive(Serialize, ToSchema)]
pub struct PlanOut {
    complete_by: String,
    note: String,
    approved: bool,
}

fn item_out(i: &accord_domain::training::ItemStatus) -> ItemOut {
    ItemOut {
        code: i.code.clone(),
        title: i.title.clone(),
        state: i.state.key().to_owned(),
        verified_units: i.verified_units,
        unverified_units: i.unverified_units,
        required_units: i.required_units,
        deadline: i.deadline.map(|d| d.to_string()),
    }
}

fn staff_out(p: &Person) -> StaffOut {
    let m = &p.member;
    StaffOut {
        id: m.id,
        agency_id: m.agency_id,
        agency: m.agency_name.clone(),
        staff_number: m.staff_number.clone(),
        name: m.name.clone(),
        staff_type: m.staff_type.clone(),
        first_day_on_site: p.first_day.map(|d| d.to_string()),
        standing: p.status.standing.key().to_owned(),
        missing: p.status.missing().map(item_out).collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct AssignmentOut {
    id: i64,
    school_id: i64,
    school: String,
    starts_on: String,
    ends_on: Option<String>,
    days_per_week: i64,
}

impl From<Assignment> for AssignmentOut {
    fn from(a: Assignment) -> Self {
        AssignmentOut {
            id: a.id,
            school_id: a.school_id,
            school: a.school_name,
            starts_on: a.starts_on,
            ends_on: a.ends_on,
            days_per_week: a.days_per_week,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TrainingOut {
    id: i64,
    requirement: String,
    completed_on: String,
    provider: String,
    hours: f64,
    units: i64,
    has_evidence: bool,
    verified: bool,
    waived: bool,
    waiver_reason: String,
}

impl From<TrainingRecord> for TrainingOut {
    fn from(r: TrainingRecord) -> Self {
        TrainingOut {
            id: r.id,
            requirement: r.code,
            completed_on: r.completed_on,
            provider: r.provider,
            hours: r.hours,
            units: r.units,
            has_evidence: r.evidence_id.is_some(),
            verified: r.verified_at.is_some(),
            waived: r.waived != 0,
            waiver_reason: r.waiver_reason,
        }
    }
}

/// Everyone the caller may see, with their training standing and what is missing.
#[utoipa::path(get, path = "/api/v1/program/staff", tag = "program",
    responses((status = 200, body = Vec<StaffOut>), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn list_staff(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Vec<StaffOut>>> {
    let scope = program::scope_of(&state.store, &staff).await?;
    let people = program::people(&state.store, scope, program::today()).await?;
    Ok(Json(people.iter().map(staff_out).collect()))
}

/// Adds a staff member (admins and clerks in their district; a liaison to their own agency).
#[utoipa::path(post, path = "/api/v1/program/staff", tag = "program", request_body = StaffInput,
    responses((status = 201, body = StaffOut), (status = 403, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_staff(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(input): ApiJson<StaffInput>,
) -> ApiResult<Response> {
    let member: StaffMember = program::add_staff(&state.store, &staff, &input)
        .await?
        .map_err(conflict_or_invalid)?;
    let scope = program::scope_of(&state.store, &staff).await?;
    let person = program::person(&state.store, scope, member.id).await?;
    Ok(created(staff_out(&person)))
}

#[utoipa::path(get, path = "/api/v1/program/staff/{id}", tag = "program",
    params(("id" = i64, Path, description = "The staff member")),
    responses((status = 200, body = StaffDetailOut), (status = 404, body = Problem)), security(("bearer" = [])))]
async fn get_staff(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<StaffDetailOut>> {
    let scope = program::scope_of(&state.store, &staff).await?;
    let person = program::person(&state.store, scope, id).await?;
    Ok(Json(StaffDetailOut {
        summary: staff_out(&person),
        items: person.status.items.iter().map(item_out).collect(),
        plan: person.plan.as_ref().map(|p| PlanOut {
            complete_by: p.complete_by.clone(),
            note: p.note.clone(),
            approved: p.approved_at.is_some(),
        }),
        assignments: person.assignments.into_iter().map(Into::into).collect(),
        training: person.records.into_iter().map(Into::into).collect(),
    }))
}

/// Assigns a person to a school (program admins). Refused with 422 unless the training is verified
/// complete or an approved plan stands; the `detail` lists exactly what is missing.
#[utoipa::path(post, path = "/api/v1/program/staff/{id}/assignments", tag = "program",
    params(("id" = i64, Path, description = "The staff member")), request_body = AssignmentInput,
    responses((status = 201, body = AssignmentOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_assignment(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<AssignmentInput>,
) -> ApiResult<Response> {
    match program::assign(&state.store, &staff, id, &input).await? {
        Ok(assignment) => Ok(created(AssignmentOut::from(assignment))),
        Err(refusal) => {
            let mut msg = Msg::text(refusal.text(&Lang::english()));
            msg.field = refusal.message.field;
            Err(invalid(msg))
        }
    }
}

/// Records training for a person (evidence files are uploaded on the person's page).
#[utoipa::path(post, path = "/api/v1/program/staff/{id}/training", tag = "program",
    params(("id" = i64, Path, description = "The staff member")), request_body = TrainingInput,
    responses((status = 201, body = TrainingOut), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_training(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<TrainingInput>,
) -> ApiResult<Response> {
    let record = program::record_training(&state.store, &staff, id, &input, None)
        .await?
        .map_err(conflict_or_invalid)?;
    Ok(created(TrainingOut::from(record)))
}

/// The district verifies a training record (program admins).
#[utoipa::path(post, path = "/api/v1/program/training/{id}/verify", tag = "program",
    params(("id" = i64, Path, description = "The training record")),
    responses((status = 200, body = TrainingOut), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn verify_training(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<TrainingOut>> {
    let record = program::verify(&state.store, &staff, id).await?;
    Ok(Json(record.into()))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Check every row and report, but store nothing.
    #[serde(default)]
    dry_run: bool,
}

/// Imports staff or training records from a CSV body (UTF-8 with or without BOM, or Windows-1252).
/// Every bad row is reported with its line; nothing is stored unless every row is good.
#[utoipa::path(post, path = "/api/v1/program/imports/{kind}", tag = "program",
    params(("kind" = ImportKind, Path, description = "staff or training"), ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "Imported, or a dry run", body = ImportReport),
        (status = 422, description = "Bad rows: nothing imported", body = ImportReport),
        (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn import(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(kind): ApiPath<ImportKind>,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: Bytes,
) -> ApiResult<Response> {
    let scope = program::scope_of(&state.store, &staff).await?;
    let report: ImportReport = program::import_csv(
        &state.store,
        scope,
        &Actor::user(&staff.0),
        kind,
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

#[derive(Serialize, ToSchema)]
pub struct AuditOut {
    actor: String,
    /// Unix seconds
    at: i64,
    action: String,
    #[schema(value_type = Option<Object>)]
    before: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    after: Option<serde_json::Value>,
}

impl From<AuditEntry> for AuditOut {
    fn from(e: AuditEntry) -> Self {
        let parse = |json: Option<String>| json.and_then(|j| serde_json::from_str(&j).ok());
        AuditOut {
            actor: e.actor,
            at: e.at,
            action: e.action,
            before: parse(e.before_json),
            after: parse(e.after_json),
        }
    }
}

/// A record's history, oldest first (program admins). Tables: agencies, staff_members, assignments,
/// training_records, training_plans, user_agencies.
#[utoipa::path(get, path = "/api/v1/program/history/{table}/{id}", tag = "program",
    params(("table" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = Vec<AuditOut>), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn history(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((table, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Vec<AuditOut>>> {
    let entries = program::history(&state.store, &staff, &table, id).await?;
    Ok(Json(entries.into_iter().map(Into::into).collect()))
}
