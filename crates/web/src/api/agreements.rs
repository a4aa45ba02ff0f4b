//! `/api/v1/program/agreements`: agreements, their versions and sections, state changes through the
//! checklist, the community's exchanges and comments, comparisons; and `/api/v1/districts/{slug}/
//! agreements` for everyone. The rules are `crate::agreements`'s, shared with the pages.

use super::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::agreements::{
    self, AgreementDetail, AgreementInput, CommentInput, PolicyInput, SectionInput, StateInput,
};
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult, AppError, Problem};
use crate::i18n::{Lang, Msg};
use accord_domain::documents::{ReviewReminder, SectionDiff};
use accord_store::{Agreement, AgreementComment, AgreementVersion, PublishedAgreement};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_agreement))
        .routes(routes!(add_version))
        .routes(routes!(put_sections))
        .routes(routes!(change_state))
        .routes(routes!(link_exchange))
        .routes(routes!(link_session))
        .routes(routes!(add_comment))
        .routes(routes!(compare))
        .routes(routes!(public_list))
        .routes(routes!(public_version))
        .routes(routes!(create_policy))
        .routes(routes!(public_policy))
}

/// Literal messages come from the store's rules: a conflict; keyed ones are invalid input, and so
/// are refusals of a state change.
fn refused(msg: Msg) -> ApiError {
    if msg.key.is_empty() || msg.key == "agreement-draft-exists" {
        ApiError(AppError::Conflict(msg))
    } else {
        ApiError(AppError::Invalid(msg))
    }
}

#[derive(Serialize, ToSchema)]
pub struct SectionOut {
    heading: String,
    body: String,
    /// The required contents it covers.
    covers: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct VersionOut {
    id: i64,
    number: i64,
    /// draft, community_review, adopted, submitted_to_ospi or published
    state: String,
    sections: Vec<SectionOut>,
    /// The required contents no section with text covers yet: adoption waits for none.
    missing: Vec<String>,
    adopted_on: Option<String>,
    submitted_on: Option<String>,
    /// Unix seconds; a published version never changes.
    published_at: Option<i64>,
}

impl From<AgreementVersion> for VersionOut {
    fn from(v: AgreementVersion) -> Self {
        VersionOut {
            missing: agreements::missing(&v)
                .iter()
                .map(|r| r.key().to_owned())
                .collect(),
            id: v.id,
            number: v.number,
            state: v.state.key().to_owned(),
            sections: v
                .sections
                .into_iter()
                .map(|s| SectionOut {
                    heading: s.heading,
                    body: s.body,
                    covers: s.covers.iter().map(|r| r.key().to_owned()).collect(),
                })
                .collect(),
            adopted_on: v.adopted_on,
            submitted_on: v.submitted_on,
            published_at: v.published_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReminderOut {
    /// The last day on which the yearly review is on time.
    due_on: String,
    /// not_due, due_soon or overdue
    state: String,
}

fn reminder_out(r: &ReviewReminder) -> ReminderOut {
    ReminderOut {
        due_on: r.due_on.to_string(),
        state: r.state.key().to_owned(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct AgreementOut {
    /// agreement (with an agency, for a school year) or board_policy (R1: no agency, no year)
    kind: String,
    id: i64,
    agency_id: i64,
    agency: String,
    /// Like 2026-27.
    school_year: String,
    title: String,
}

impl From<Agreement> for AgreementOut {
    fn from(a: Agreement) -> Self {
        AgreementOut {
            kind: a.kind.key().to_owned(),
            id: a.id,
            agency_id: a.agency_id,
            agency: a.agency_name,
            school_year: a.school_year,
            title: a.title,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AgreementSummaryOut {
    #[serde(flatten)]
    agreement: AgreementOut,
    latest_version: Option<VersionOut>,
    /// The yearly review of the agency's agreements, from the board's latest adoption.
    agency_review: Option<ReminderOut>,
}

#[derive(Serialize, ToSchema)]
pub struct LinkedExchangeOut {
    id: i64,
    title: String,
    state: String,
    /// Whether the caller may see its results; themes and thoughts are empty otherwise.
    results_visible: bool,
    themes: Vec<String>,
    top_thoughts: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CommentOut {
    id: i64,
    source: String,
    body: String,
    received_on: String,
}

impl From<AgreementComment> for CommentOut {
    fn from(c: AgreementComment) -> Self {
        CommentOut {
            id: c.id,
            source: c.source,
            body: c.body,
            received_on: c.received_on,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AgreementDetailOut {
    #[serde(flatten)]
    agreement: AgreementOut,
    versions: Vec<VersionOut>,
    exchanges: Vec<LinkedExchangeOut>,
    comments: Vec<CommentOut>,
    review: Option<ReminderOut>,
}

impl From<AgreementDetail> for AgreementDetailOut {
    fn from(d: AgreementDetail) -> Self {
        AgreementDetailOut {
            review: d.reminder.as_ref().map(reminder_out),
            agreement: d.agreement.into(),
            versions: d.versions.into_iter().map(Into::into).collect(),
            exchanges: d
                .exchanges
                .into_iter()
                .map(|e| LinkedExchangeOut {
                    id: e.id,
                    title: e.title,
                    state: e.state.key().to_owned(),
                    results_visible: e.results_visible,
                    themes: e.themes,
                    top_thoughts: e.top_thoughts,
                })
                .collect(),
            comments: d.comments.into_iter().map(Into::into).collect(),
        }
    }
}

/// The agreements the caller may see (a liaison: their own agency's), by agency, newest year first.
#[utoipa::path(get, path = "/api/v1/program/agreements", tag = "agreements",
    responses((status = 200, body = Vec<AgreementSummaryOut>), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    staff: Staff,
) -> ApiResult<Json<Vec<AgreementSummaryOut>>> {
    let scope = crate::program::scope_of(&state.store, &staff).await?;
    let groups = agreements::by_agency(&state.store, scope, crate::program::today()).await?;
    Ok(Json(
        groups
            .into_iter()
            .flat_map(|g| {
                let review = g.reminder;
                g.agreements
                    .into_iter()
                    .map(move |mut s| AgreementSummaryOut {
                        latest_version: s.versions.pop().map(Into::into),
                        agreement: s.agreement.into(),
                        agency_review: review.as_ref().map(reminder_out),
                    })
            })
            .collect(),
    ))
}

/// Adds an agreement for an agency and school year, with a first draft (program admins).
#[utoipa::path(post, path = "/api/v1/program/agreements", tag = "agreements", request_body = AgreementInput,
    responses((status = 201, body = AgreementDetailOut), (status = 403, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(input): ApiJson<AgreementInput>,
) -> ApiResult<Response> {
    let agreement = agreements::create(&state.store, &staff, &input, &Lang::english())
        .await?
        .map_err(refused)?;
    let detail = agreements::detail(&state, &staff, agreement.id).await?;
    Ok((StatusCode::CREATED, Json(AgreementDetailOut::from(detail))).into_response())
}

#[utoipa::path(get, path = "/api/v1/program/agreements/{id}", tag = "agreements",
    params(("id" = i64, Path, description = "The agreement")),
    responses((status = 200, body = AgreementDetailOut), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn get_agreement(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<AgreementDetailOut>> {
    Ok(Json(agreements::detail(&state, &staff, id).await?.into()))
}

/// Starts the next version as a draft with the latest text (refused while one is being edited).
#[utoipa::path(post, path = "/api/v1/program/agreements/{id}/versions", tag = "agreements",
    params(("id" = i64, Path, description = "The agreement")),
    responses((status = 201, body = VersionOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)),
    security(("bearer" = [])))]
async fn add_version(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let version = agreements::add_version(&state.store, &staff, id)
        .await?
        .map_err(refused)?;
    Ok((StatusCode::CREATED, Json(VersionOut::from(version))).into_response())
}

/// Replaces every section of a draft or a version under community review.
#[utoipa::path(put, path = "/api/v1/program/agreements/{id}/versions/{version}/sections", tag = "agreements",
    params(("id" = i64, Path, description = "The agreement"), ("version" = i64, Path, description = "The version's id")),
    request_body = Vec<SectionInput>,
    responses((status = 200, body = VersionOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn put_sections(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((id, version)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<Vec<SectionInput>>,
) -> ApiResult<Json<VersionOut>> {
    let saved = agreements::save_sections(&state.store, &staff, id, version, &input)
        .await?
        .map_err(refused)?;
    Ok(Json(saved.into()))
}

/// Moves a version on. Adoption is refused (422) while required contents are missing (the detail
/// names them) or before any record of the community's part; it needs `adopted_on`, and submission
/// to OSPI `submitted_on`.
#[utoipa::path(post, path = "/api/v1/program/agreements/{id}/versions/{version}/state", tag = "agreements",
    params(("id" = i64, Path, description = "The agreement"), ("version" = i64, Path, description = "The version's id")),
    request_body = StateInput,
    responses((status = 200, body = VersionOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn change_state(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((id, version)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<StateInput>,
) -> ApiResult<Json<VersionOut>> {
    let moved =
        agreements::change_state(&state.store, &staff, id, version, &input, &Lang::english())
            .await?
            .map_err(refused)?;
    Ok(Json(moved.into()))
}

#[derive(Deserialize, ToSchema)]
pub struct LinkInput {
    /// The exchange's id.
    exchange_id: i64,
}

/// Links an exchange of the district to the agreement (program admins).
#[utoipa::path(post, path = "/api/v1/program/agreements/{id}/exchanges", tag = "agreements",
    params(("id" = i64, Path, description = "The agreement")), request_body = LinkInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn link_exchange(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<LinkInput>,
) -> ApiResult<StatusCode> {
    agreements::link_exchange(&state.store, &staff, id, &input.exchange_id.to_string())
        .await?
        .map_err(refused)?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct LinkSessionInput {
    /// The listening session's id.
    session_id: i64,
}

/// Links a listening session of the district to the agreement (program admins).
#[utoipa::path(post, path = "/api/v1/program/agreements/{id}/sessions", tag = "agreements",
    params(("id" = i64, Path, description = "The agreement")), request_body = LinkSessionInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn link_session(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<LinkSessionInput>,
) -> ApiResult<StatusCode> {
    agreements::link_session(&state.store, &staff, id, &input.session_id.to_string())
        .await?
        .map_err(refused)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a comment from the community that shaped the agreement (program admins).
#[utoipa::path(post, path = "/api/v1/program/agreements/{id}/comments", tag = "agreements",
    params(("id" = i64, Path, description = "The agreement")), request_body = CommentInput,
    responses((status = 201, body = CommentOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn add_comment(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<CommentInput>,
) -> ApiResult<Response> {
    let comment = agreements::add_comment(&state.store, &staff, id, &input)
        .await?
        .map_err(refused)?;
    Ok((StatusCode::CREATED, Json(CommentOut::from(comment))).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompareQuery {
    /// The older version's number (default: the one before `to`).
    from: Option<i64>,
    /// The newer version's number (default: the latest).
    to: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ComparisonOut {
    from: i64,
    to: i64,
    /// Section by section, in the newer version's order, removed sections after; words kept,
    /// removed (from the older) or inserted (into the newer).
    #[schema(value_type = Vec<Object>)]
    sections: Vec<SectionDiff>,
}

#[utoipa::path(get, path = "/api/v1/program/agreements/{id}/compare", tag = "agreements",
    params(("id" = i64, Path, description = "The agreement"), CompareQuery),
    responses((status = 200, body = ComparisonOut), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn compare(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<CompareQuery>,
) -> ApiResult<Json<ComparisonOut>> {
    let detail = agreements::detail(&state, &staff, id).await?;
    let comparison = agreements::compare(&detail.versions, query.from, query.to)?;
    Ok(Json(ComparisonOut {
        from: comparison.older.number,
        to: comparison.newer.number,
        sections: comparison.sections,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct PublishedOut {
    #[serde(flatten)]
    agreement: AgreementOut,
    version: VersionOut,
}

impl From<PublishedAgreement> for PublishedOut {
    fn from(p: PublishedAgreement) -> Self {
        PublishedOut {
            agreement: p.agreement.into(),
            version: p.version.into(),
        }
    }
}

/// The current published agreement of each of the district's agencies. No account needed.
#[utoipa::path(get, path = "/api/v1/districts/{slug}/agreements", tag = "agreements",
    params(("slug" = String, Path, description = "The district")),
    responses((status = 200, body = Vec<PublishedOut>), (status = 404, body = Problem)))]
async fn public_list(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<Vec<PublishedOut>>> {
    let (_, published) = agreements::published(&state.store, &slug).await?;
    Ok(Json(published.into_iter().map(Into::into).collect()))
}

/// A published version, permanent: it never changes. Not found until it is published.
#[utoipa::path(get, path = "/api/v1/districts/{slug}/agreements/{version}", tag = "agreements",
    params(("slug" = String, Path, description = "The district"), ("version" = i64, Path, description = "The version's id")),
    responses((status = 200, body = PublishedOut), (status = 404, body = Problem)))]
async fn public_version(
    State(state): State<AppState>,
    ApiPath((slug, version)): ApiPath<(String, i64)>,
) -> ApiResult<Json<PublishedOut>> {
    let (_, published) = agreements::published_version(&state.store, &slug, version).await?;
    Ok(Json(published.into()))
}

/// Starts the district's board policy (R1) with a section per required content (program admins);
/// it is then edited, adopted and published through the agreement routes, by its id.
#[utoipa::path(post, path = "/api/v1/program/policy", tag = "agreements", request_body = PolicyInput,
    responses((status = 201, body = AgreementDetailOut), (status = 403, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_policy(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(input): ApiJson<PolicyInput>,
) -> ApiResult<Response> {
    let policy = agreements::create_policy(&state.store, &staff, &input, &Lang::english())
        .await?
        .map_err(refused)?;
    let detail = agreements::detail(&state, &staff, policy.id).await?;
    Ok((StatusCode::CREATED, Json(AgreementDetailOut::from(detail))).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct PolicyOut {
    title: String,
    /// Every published version, the newest (the one in force) first.
    published: Vec<VersionOut>,
    /// The newest published version against the one before it, as in the comparison.
    #[schema(value_type = Option<Vec<Object>>)]
    changes: Option<Vec<SectionDiff>>,
}

/// The board policy as the public reads it: every published version and what changed last.
#[utoipa::path(get, path = "/api/v1/districts/{slug}/policy", tag = "agreements",
    params(("slug" = String, Path, description = "The district")),
    responses((status = 200, body = PolicyOut), (status = 404, body = Problem)))]
async fn public_policy(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<PolicyOut>> {
    let policy = agreements::public_policy(&state.store, &slug).await?;
    Ok(Json(PolicyOut {
        title: policy.title,
        published: policy.published.into_iter().map(Into::into).collect(),
        changes: policy.changes,
    }))
}
