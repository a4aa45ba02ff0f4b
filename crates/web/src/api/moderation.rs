//! `/api/v1/exchanges/{id}/reports` and `/api/v1/exchanges/{id}/moderation`: reporting a thought, and
//! the facilitator's review queue and decisions, over JSON.

use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::actions::moderation::{self as act, DecisionInput, ReportInput};
use crate::auth::{ApiParticipant, Staff};
use crate::error::{ApiError, ApiResult, AppError, Problem};
use crate::i18n::Msg;
use accord_domain::moderation::{Flag, FlagKind};
use accord_store::{DecisionRecord, ModerationCounts, QueueItem, ReportOutcome};
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
        .routes(routes!(report))
        .routes(routes!(review_queue))
        .routes(routes!(decide))
}

#[derive(Deserialize, ToSchema)]
struct ReportIn {
    thought_id: i64,
    #[serde(flatten)]
    report: ReportInput,
}

#[derive(Serialize, ToSchema)]
struct ReportOut {
    /// Whether this report took the thought off the others' screens until a facilitator reviews it.
    held: bool,
}

/// Reports a thought the participant was offered. One report per participant and thought (409 for a
/// second); enough reports hold the thought for review.
#[utoipa::path(post, path = "/api/v1/exchanges/{id}/reports", tag = "moderation", request_body = ReportIn,
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 201, body = ReportOut), (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn report(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    caller: ApiParticipant,
    ApiJson(input): ApiJson<ReportIn>,
) -> ApiResult<Response> {
    if caller.0.exchange_id != id {
        return Err(ApiError(AppError::Forbidden));
    }
    let outcome = act::report(&state, &caller.0, input.thought_id, &input.report)
        .await?
        .map_err(|msg| ApiError(AppError::Invalid(msg)))?;
    match outcome {
        ReportOutcome::Recorded { held } => {
            Ok((StatusCode::CREATED, Json(ReportOut { held })).into_response())
        }
        ReportOutcome::AlreadyReported => {
            Err(ApiError(AppError::Conflict(Msg::new("report-already"))))
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ModerationCountsOut {
    /// Thoughts waiting for review: held, plus visible ones with unreviewed reports.
    waiting: i64,
    held: i64,
    hidden: i64,
    reported: i64,
    /// Self-harm alerts that no decision has followed yet.
    open_alerts: i64,
}

impl From<&ModerationCounts> for ModerationCountsOut {
    fn from(c: &ModerationCounts) -> Self {
        ModerationCountsOut {
            waiting: c.waiting(),
            held: c.held,
            hidden: c.hidden,
            reported: c.reported,
            open_alerts: c.open_alerts,
        }
    }
}

#[derive(Serialize, ToSchema)]
struct FlagOut {
    /// email, phone, street_address, person_name, abuse or self_harm.
    #[schema(value_type = String)]
    kind: FlagKind,
    /// Byte offsets into `written_text`.
    start: usize,
    end: usize,
    /// The text matched.
    matched: String,
}

#[derive(Serialize, ToSchema)]
struct ReportViewOut {
    reason: String,
    note: String,
}

#[derive(Serialize, ToSchema)]
struct QueueItemOut {
    thought_id: i64,
    /// held, or visible (reported, not yet held).
    status: String,
    /// What others see (once visible).
    text: String,
    /// What the writer wrote; never shown publicly.
    written_text: String,
    flags: Vec<FlagOut>,
    /// Reports no decision has dealt with yet; never who made them.
    reports: Vec<ReportViewOut>,
    /// Its writer may be at risk of self-harm.
    alert: bool,
}

fn flag_out(text: &str, f: &Flag) -> FlagOut {
    FlagOut {
        kind: f.kind,
        start: f.start,
        end: f.end,
        matched: text.get(f.start..f.end).unwrap_or_default().to_owned(),
    }
}

impl From<&QueueItem> for QueueItemOut {
    fn from(q: &QueueItem) -> Self {
        QueueItemOut {
            thought_id: q.thought_id,
            status: q.status.key().to_owned(),
            text: q.body.clone(),
            flags: q
                .flags
                .iter()
                .map(|f| flag_out(&q.written_body, f))
                .collect(),
            written_text: q.written_body.clone(),
            reports: q
                .reports
                .iter()
                .map(|r| ReportViewOut {
                    reason: r.reason.key().to_owned(),
                    note: r.note.clone(),
                })
                .collect(),
            alert: q.alert,
        }
    }
}

#[derive(Serialize, ToSchema)]
struct DecisionOut {
    id: i64,
    thought_id: i64,
    /// Who decided (the staff member's name).
    by: String,
    /// approve, hide or redact.
    decision: String,
    reason: String,
    status_before: String,
    status_after: String,
    text_before: String,
    text_after: String,
    /// Unix seconds.
    at: i64,
}

impl From<&DecisionRecord> for DecisionOut {
    fn from(d: &DecisionRecord) -> Self {
        DecisionOut {
            id: d.id,
            thought_id: d.thought_id,
            by: d.user_name.clone(),
            decision: d.decision.key().to_owned(),
            reason: d.reason.clone(),
            status_before: d.status_before.key().to_owned(),
            status_after: d.status_after.key().to_owned(),
            text_before: d.body_before.clone(),
            text_after: d.body_after.clone(),
            at: d.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
struct AlertOut {
    thought_id: i64,
    /// screen or report.
    source: String,
    at: i64,
    dealt_with: bool,
    /// When the alert was emailed; null until then.
    notified_at: Option<i64>,
}

#[derive(Serialize, ToSchema)]
struct QueueOut {
    counts: ModerationCountsOut,
    items: Vec<QueueItemOut>,
    alerts: Vec<AlertOut>,
    /// The moderation record, newest first.
    decisions: Vec<DecisionOut>,
}

/// The review queue of an exchange the caller runs: held and reported thoughts with what the screen
/// found, self-harm alerts, and the decisions so far.
#[utoipa::path(get, path = "/api/v1/exchanges/{id}/moderation", tag = "moderation",
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 200, body = QueueOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn review_queue(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<QueueOut>> {
    let q = act::queue(&state, &staff, id).await?;
    Ok(Json(QueueOut {
        counts: ModerationCountsOut::from(&q.counts),
        items: q.items.iter().map(QueueItemOut::from).collect(),
        alerts: q
            .alerts
            .iter()
            .map(|a| AlertOut {
                thought_id: a.thought_id,
                source: a.source.clone(),
                at: a.created_at,
                dealt_with: a.dealt_with,
                notified_at: a.notified_at,
            })
            .collect(),
        decisions: q.trail.iter().map(DecisionOut::from).collect(),
    }))
}

/// Decides on a thought: approve (shown as written), hide (never shown to others) or redact (shown
/// as `text`; the writer's text stays in the record). A reason is required; every decision is kept.
#[utoipa::path(post, path = "/api/v1/exchanges/{id}/moderation/{thought_id}", tag = "moderation",
    request_body = DecisionInput,
    params(("id" = i64, Path, description = "The exchange"), ("thought_id" = i64, Path, description = "The thought")),
    responses((status = 201, body = DecisionOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn decide(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((id, thought_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Response> {
    let record = act::decide(&state, &staff, id, thought_id, &input)
        .await?
        .map_err(|msg| ApiError(AppError::Invalid(msg)))?;
    Ok((StatusCode::CREATED, Json(DecisionOut::from(&record))).into_response())
}
