//! `/api/v1/districts/{slug}/program`: the public program page as JSON (no account), and
//! `/api/v1/program/page`: the texts and choices a program admin writes for it.

use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult, AppError, Problem};
use crate::program;
use crate::public_page::{self, PageInput, ProgramPage};
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(public_program))
        .routes(routes!(page_input, save_page))
}

#[derive(Serialize, ToSchema)]
pub struct RosterRowOut {
    school: String,
    /// school_resource_officer, security_officer or contracted_security
    staff_type: String,
    employer: String,
    people: usize,
    days_per_week: u32,
    /// Empty unless the district shows names.
    names: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TrainingOut {
    /// Staff assigned to a school today.
    staff: usize,
    completed: usize,
    waived: usize,
    on_plan: usize,
    in_progress: usize,
    overdue: usize,
    /// The series as the district keeps it.
    series: Vec<TopicOut>,
}

#[derive(Serialize, ToSchema)]
pub struct TopicOut {
    code: String,
    title: String,
}

#[derive(Serialize, ToSchema)]
pub struct OpenExchangeOut {
    id: i64,
    title: String,
    question: String,
}

#[derive(Serialize, ToSchema)]
pub struct PublicProgramOut {
    district: String,
    name: String,
    /// What the district wrote: part (intro, primary_duties, ...) to language to text.
    texts: BTreeMap<String, BTreeMap<String, String>>,
    roster: Vec<RosterRowOut>,
    training: TrainingOut,
    open_exchanges: Vec<OpenExchangeOut>,
}

impl From<ProgramPage> for PublicProgramOut {
    fn from(page: ProgramPage) -> Self {
        let texts = PageInput::of(&page).texts;
        let roster = page
            .roster
            .iter()
            .flat_map(|school| {
                school.rows.iter().map(|row| RosterRowOut {
                    school: school.school.clone(),
                    staff_type: row.staff_type.key().to_owned(),
                    employer: row.employer.clone(),
                    people: row.people,
                    days_per_week: row.days_per_week,
                    names: row.names.clone(),
                })
            })
            .collect();
        let t = page.training;
        PublicProgramOut {
            district: page.district.slug,
            name: page.district.name,
            texts,
            roster,
            training: TrainingOut {
                staff: t.staff,
                completed: t.completed,
                waived: t.waived,
                on_plan: t.on_plan,
                in_progress: t.in_progress,
                overdue: t.overdue,
                series: page
                    .catalogue
                    .into_iter()
                    .map(|e| TopicOut {
                        code: e.requirement.code,
                        title: e.requirement.title,
                    })
                    .collect(),
            },
            open_exchanges: page
                .open_exchanges
                .into_iter()
                .map(|e| OpenExchangeOut {
                    id: e.id,
                    title: e.title,
                    question: e.question,
                })
                .collect(),
        }
    }
}

/// A district's public program page as data: no account, nothing about any student.
#[utoipa::path(get, path = "/api/v1/districts/{slug}/program", tag = "program",
    params(("slug" = String, Path, description = "The district's address")),
    responses((status = 200, body = PublicProgramOut), (status = 404, body = Problem)))]
async fn public_program(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<PublicProgramOut>> {
    let district = public_page::district(&state.store, &slug).await?;
    let page = public_page::program_page(&state.store, district, program::today()).await?;
    Ok(Json(page.into()))
}

/// The texts and choices of the caller's district's public page (program admins).
#[utoipa::path(get, path = "/api/v1/program/page", tag = "program",
    responses((status = 200, body = PageInput), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn page_input(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<PageInput>> {
    program::require_manager(&staff)?;
    let district = state
        .store
        .district(staff.0.district_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = public_page::program_page(&state.store, district, program::today()).await?;
    Ok(Json(PageInput::of(&page)))
}

/// Saves texts and choices of the public page (program admins); parts and languages not sent are
/// left as they are.
#[utoipa::path(put, path = "/api/v1/program/page", tag = "program", request_body = PageInput,
    responses((status = 200, body = PageInput), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn save_page(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(input): ApiJson<PageInput>,
) -> ApiResult<Json<PageInput>> {
    public_page::save(&state.store, &staff, &input)
        .await?
        .map_err(|msg| ApiError(AppError::Invalid(msg)))?;
    page_input(State(state), staff).await
}
