//! `/api/v1/exchanges`: the exchange's whole life over JSON.

use super::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::actions::moderation::{HELP_RESOURCES, counts_for};
use crate::actions::{self, ExchangeInput};
use crate::api::moderation::ModerationCountsOut;
use crate::auth::{ApiParticipant, Staff};
use crate::error::{ApiError, ApiResult, AppError, Problem};
use crate::i18n::Msg;
use accord_domain::exchange::{Group, Rating, Transition};
use accord_domain::scoring::{PRIOR_WEIGHT, Score};
use accord_store::Exchange;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_exchanges, create_exchange))
        .routes(routes!(get_exchange))
        .routes(routes!(open_exchange))
        .routes(routes!(close_exchange))
        .routes(routes!(publish_exchange))
        .routes(routes!(join))
        .routes(routes!(share))
        .routes(routes!(next_thought))
        .routes(routes!(rate))
        .routes(routes!(summary))
        .routes(routes!(results))
        .routes(routes!(insight))
}

/// An exchange as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct ExchangeOut {
    id: i64,
    title: String,
    question: String,
    context: String,
    /// draft, open, closed or published.
    state: String,
    groups: Vec<String>,
    /// Whether joining needs an invitation code (the code itself is never shown here).
    invitation_required: bool,
    results_public: bool,
}

impl From<&Exchange> for ExchangeOut {
    fn from(e: &Exchange) -> Self {
        ExchangeOut {
            id: e.id,
            title: e.title.clone(),
            question: e.question.clone(),
            context: e.context.clone(),
            state: e.state.key().to_owned(),
            groups: e.groups.iter().map(|g| g.key().to_owned()).collect(),
            invitation_required: e.invitation_code.is_some(),
            results_public: e.results_public,
        }
    }
}

fn invalid(msg: Msg) -> ApiError {
    ApiError(AppError::Invalid(msg))
}

/// Open and published exchanges for anyone; with a facilitator's token, their district's drafts too.
#[utoipa::path(get, path = "/api/v1/exchanges", tag = "exchanges",
    responses((status = 200, body = Vec<ExchangeOut>)), security((), ("bearer" = [])))]
async fn list_exchanges(
    State(state): State<AppState>,
    staff: Option<Staff>,
) -> ApiResult<Json<Vec<ExchangeOut>>> {
    let mut exchanges = state.store.exchanges(None, false).await?;
    if let Some(staff) = staff.filter(|s| s.role().may_run_exchanges()) {
        let drafts = state
            .store
            .exchanges(Some(staff.0.district_id), true)
            .await?;
        exchanges.extend(drafts.into_iter().filter(|e| !e.state.is_public()));
        exchanges.sort_by_key(|e| std::cmp::Reverse((e.created_at, e.id)));
    }
    Ok(Json(exchanges.iter().map(ExchangeOut::from).collect()))
}

/// Creates a draft exchange in the facilitator's district.
#[utoipa::path(post, path = "/api/v1/exchanges", tag = "exchanges", request_body = ExchangeInput,
    responses((status = 201, body = ExchangeOut), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_exchange(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(input): ApiJson<ExchangeInput>,
) -> ApiResult<Response> {
    let exchange = actions::create_exchange(&state, &staff, &input)
        .await?
        .map_err(invalid)?;
    Ok((StatusCode::CREATED, Json(ExchangeOut::from(&exchange))).into_response())
}

#[utoipa::path(get, path = "/api/v1/exchanges/{id}", tag = "exchanges",
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 200, body = ExchangeOut), (status = 404, body = Problem)), security((), ("bearer" = [])))]
async fn get_exchange(
    State(state): State<AppState>,
    staff: Option<Staff>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ExchangeOut>> {
    let exchange = actions::visible_exchange(&state, staff.as_ref(), id).await?;
    Ok(Json(ExchangeOut::from(&exchange)))
}

async fn apply(
    state: &AppState,
    staff: &Staff,
    id: i64,
    transition: Transition,
) -> ApiResult<Json<ExchangeOut>> {
    let exchange = actions::transition(state, staff, id, transition).await?;
    Ok(Json(ExchangeOut::from(&exchange)))
}

/// Opens a draft to participants.
#[utoipa::path(post, path = "/api/v1/exchanges/{id}/open", tag = "exchanges",
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 200, body = ExchangeOut), (status = 409, body = Problem)), security(("bearer" = [])))]
async fn open_exchange(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ExchangeOut>> {
    apply(&state, &staff, id, Transition::Open).await
}

/// Closes an open exchange: no more joining, sharing or starring.
#[utoipa::path(post, path = "/api/v1/exchanges/{id}/close", tag = "exchanges",
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 200, body = ExchangeOut), (status = 409, body = Problem)), security(("bearer" = [])))]
async fn close_exchange(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ExchangeOut>> {
    apply(&state, &staff, id, Transition::Close).await
}

/// Publishes a closed exchange's results.
#[utoipa::path(post, path = "/api/v1/exchanges/{id}/publish", tag = "exchanges",
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 200, body = ExchangeOut), (status = 409, body = Problem)), security(("bearer" = [])))]
async fn publish_exchange(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ExchangeOut>> {
    apply(&state, &staff, id, Transition::Publish).await
}

#[derive(Deserialize, ToSchema)]
struct JoinIn {
    /// A group key (student, parent, teacher, administrator, staff, board_member, community,
    /// non_district_community), or "none" / empty for prefer not to say.
    #[serde(default)]
    group: String,
    #[serde(default)]
    invitation_code: String,
}

#[derive(Serialize, ToSchema)]
struct JoinOut {
    /// Send as `Authorization: Bearer <token>` for this exchange's participant calls. Keep it: it
    /// cannot be shown again.
    token: String,
    group: Option<String>,
}

/// Joins an open exchange anonymously.
#[utoipa::path(post, path = "/api/v1/exchanges/{id}/participants", tag = "exchanges", request_body = JoinIn,
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 201, body = JoinOut), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
async fn join(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<JoinIn>,
) -> ApiResult<Response> {
    let exchange = actions::public_exchange(&state, id).await?;
    let (participant, token) =
        actions::join(&state, &exchange, &input.group, &input.invitation_code)
            .await?
            .map_err(invalid)?;
    let out = JoinOut {
        token,
        group: participant.group.map(|g| g.key().to_owned()),
    };
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// The caller's participant record, if it belongs to exchange `id`.
fn participant_of(caller: ApiParticipant, id: i64) -> ApiResult<accord_store::Participant> {
    if caller.0.exchange_id == id {
        Ok(caller.0)
    } else {
        Err(ApiError(AppError::Forbidden))
    }
}

#[derive(Deserialize, ToSchema)]
struct ThoughtIn {
    /// 1 to 500 characters after trimming.
    text: String,
}

#[derive(Serialize, ToSchema)]
struct ThoughtOut {
    id: i64,
    text: String,
}

#[derive(Serialize, ToSchema)]
struct SharedOut {
    id: i64,
    text: String,
    /// visible, or held: others see it only after a facilitator has reviewed it.
    status: String,
    /// Crisis lines and advice, when the thought carries a self-harm signal (a facilitator has been
    /// alerted); empty otherwise. Show them to the writer.
    help_resources: Vec<String>,
}

/// Shares a thought, anonymously. It is screened first: a thought with personal details, abusive
/// words or a self-harm signal is held until a facilitator has reviewed it.
#[utoipa::path(post, path = "/api/v1/exchanges/{id}/thoughts", tag = "exchanges", request_body = ThoughtIn,
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 201, body = SharedOut), (status = 401, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn share(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    caller: ApiParticipant,
    ApiJson(input): ApiJson<ThoughtIn>,
) -> ApiResult<Response> {
    let participant = participant_of(caller, id)?;
    let shared = actions::share(&state, &participant, &input.text)
        .await?
        .map_err(invalid)?;
    let english = crate::i18n::Lang::english();
    let help_resources = if shared.needs_help {
        HELP_RESOURCES.iter().map(|key| english.t(key)).collect()
    } else {
        Vec::new()
    };
    Ok((
        StatusCode::CREATED,
        Json(SharedOut {
            id: shared.thought.id,
            text: shared.thought.body,
            status: shared.thought.status,
            help_resources,
        }),
    )
        .into_response())
}

/// The next thought for this participant to star; 204 when none is left.
#[utoipa::path(get, path = "/api/v1/exchanges/{id}/next", tag = "exchanges",
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 200, body = ThoughtOut), (status = 204, description = "Nothing left to star"),
        (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn next_thought(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    caller: ApiParticipant,
) -> ApiResult<Response> {
    let participant = participant_of(caller, id)?;
    Ok(match actions::next_thought(&state, &participant).await? {
        Some(t) => Json(ThoughtOut {
            id: t.id,
            text: t.body,
        })
        .into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

#[derive(Deserialize, ToSchema)]
struct RatingIn {
    thought_id: i64,
    /// 1 to 5; leave out (or null) with `skip: true` to skip the thought.
    stars: Option<i64>,
    #[serde(default)]
    skip: bool,
}

/// Stars a thought (1-5) or skips it. A second rating of the same thought replaces the first.
#[utoipa::path(post, path = "/api/v1/exchanges/{id}/ratings", tag = "exchanges", request_body = RatingIn,
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 204, description = "Saved"), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn rate(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    caller: ApiParticipant,
    ApiJson(input): ApiJson<RatingIn>,
) -> ApiResult<StatusCode> {
    let participant = participant_of(caller, id)?;
    let rating = match (input.skip, input.stars) {
        (true, None) => Rating::Skip,
        (false, Some(stars)) => Rating::stars(stars)
            .map_err(|_| invalid(Msg::new("invalid-stars").arg("stars", stars).field("stars")))?,
        (true, Some(_)) => return Err(invalid(Msg::new("invalid-stars-and-skip").field("skip"))),
        (false, None) => return Err(invalid(Msg::new("invalid-stars-missing").field("stars"))),
    };
    actions::rate(&state, &participant, input.thought_id, rating).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
struct SummaryOut {
    participants: i64,
    thoughts: i64,
    /// Star ratings; skips are counted apart.
    ratings: i64,
    skips: i64,
    /// Participants per group key; `none` counts those who gave no group.
    participants_by_group: BTreeMap<String, i64>,
    /// For the staff who run the exchange only: what waits for review.
    #[serde(skip_serializing_if = "Option::is_none")]
    moderation: Option<ModerationCountsOut>,
}

/// Participation: participants, thoughts, ratings, and participants by group.
#[utoipa::path(get, path = "/api/v1/exchanges/{id}/summary", tag = "exchanges",
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 200, body = SummaryOut), (status = 404, body = Problem)), security((), ("bearer" = [])))]
async fn summary(
    State(state): State<AppState>,
    staff: Option<Staff>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<SummaryOut>> {
    let exchange = actions::visible_exchange(&state, staff.as_ref(), id).await?;
    let s = state.store.summary(exchange.id).await?;
    let moderation = counts_for(&state, staff.as_ref(), &exchange).await?;
    Ok(Json(SummaryOut {
        moderation: moderation.as_ref().map(ModerationCountsOut::from),
        participants: s.participants,
        thoughts: s.thoughts,
        ratings: s.ratings,
        skips: s.skips,
        participants_by_group: s.participants_by_group,
    }))
}

#[derive(Serialize, ToSchema)]
struct Interval {
    low: f64,
    high: f64,
}

#[derive(Serialize, ToSchema)]
struct Figures {
    /// The ranking score: the mean pulled toward the average by a few imaginary average ratings.
    score: f64,
    /// The plain mean of the stars; null before any rating.
    mean: Option<f64>,
    ratings: i64,
    /// 90% interval of the score.
    interval: Interval,
}

impl From<&Score> for Figures {
    fn from(s: &Score) -> Self {
        Figures {
            score: s.score,
            mean: s.mean,
            ratings: s.ratings,
            interval: Interval {
                low: s.low,
                high: s.high,
            },
        }
    }
}

#[derive(Serialize, ToSchema)]
struct RankedThoughtOut {
    rank: usize,
    id: i64,
    text: String,
    /// The ranking score in the view: for `all`, the rater-adjusted score (see `ranking_rule`); for a
    /// group, the group's shrunk mean.
    score: f64,
    /// The plain mean of the stars; null before any rating.
    mean: Option<f64>,
    /// How many people starred the thought (in the view).
    ratings: i64,
    skips: i64,
    /// 90% interval around the score.
    interval: Interval,
    /// Each rater group's shrunk mean and figures (groups that rated the thought).
    groups: BTreeMap<String, Figures>,
    /// The thought's bridging score; absent until it has a star rating.
    bridging: Option<BridgingOut>,
}

/// A bridging score: the part of a thought's score that survives disagreement between groups
/// (a Community Notes-style matrix factorisation over every star rating of the exchange).
#[derive(Serialize, ToSchema)]
struct BridgingOut {
    /// On the 1-5 star scale: what a rater of average generosity and no leaning would give.
    score: f64,
    /// The star ratings it was fitted from.
    ratings: u32,
    /// The thought's place in the exchange when ranked by bridging score, from 1.
    rank: usize,
}

impl From<actions::BridgingFigures> for BridgingOut {
    fn from(b: actions::BridgingFigures) -> Self {
        BridgingOut {
            score: b.stars,
            ratings: b.ratings,
            rank: b.rank,
        }
    }
}

#[derive(Serialize, ToSchema)]
struct ResultsOut {
    ranking_rule: String,
    /// `all` or the group whose raters' view ranks the thoughts.
    view: String,
    total: i64,
    thoughts: Vec<RankedThoughtOut>,
}

#[derive(Deserialize, utoipa::IntoParams)]
struct ResultsQuery {
    /// `all` (default), a group key, or `none`.
    view: Option<String>,
    /// At most this many thoughts (default 100, at most 1000).
    limit: Option<usize>,
    /// Skip this many first.
    offset: Option<usize>,
}

/// Ranked thoughts with their figures, overall and per group; published results, or any time for
/// the district's facilitators.
#[utoipa::path(get, path = "/api/v1/exchanges/{id}/results", tag = "exchanges",
    params(("id" = i64, Path, description = "The exchange"), ResultsQuery),
    responses((status = 200, body = ResultsOut), (status = 403, body = Problem), (status = 404, body = Problem)),
    security((), ("bearer" = [])))]
async fn results(
    State(state): State<AppState>,
    staff: Option<Staff>,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<ResultsQuery>,
    participant: Option<ApiParticipant>,
) -> ApiResult<Json<ResultsOut>> {
    let exchange = actions::visible_exchange(&state, staff.as_ref(), id).await?;
    let participant = participant.map(|p| p.0);
    if !actions::may_see_results(&exchange, staff.as_ref(), participant.as_ref()) {
        return Err(ApiError(AppError::Forbidden));
    }
    let view =
        match query.view.as_deref().unwrap_or("all") {
            "all" | "" => None,
            other => Some(Group::parse_optional(other).map_err(|_| {
                invalid(Msg::new("invalid-group").arg("group", other).field("view"))
            })?),
        };
    let offset = query.offset.unwrap_or(0);
    let limit = query.limit.unwrap_or(100).min(1000);
    let page = actions::results_page(&state, &exchange, view, offset, limit).await?;
    let bridging = actions::bridging(&state, &exchange).await?;
    let thoughts = page
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| RankedThoughtOut {
            rank: offset + i + 1,
            id: row.id,
            text: row.body,
            score: row.shown.score,
            mean: row.shown.mean,
            ratings: row.shown.ratings,
            skips: row.skips,
            interval: Interval {
                low: row.shown.low,
                high: row.shown.high,
            },
            groups: row
                .by_group
                .iter()
                .map(|(g, s)| (g.map_or("none", Group::key).to_owned(), Figures::from(s)))
                .collect(),
            bridging: bridging
                .by_thought
                .get(&row.id)
                .copied()
                .map(BridgingOut::from),
        })
        .collect();
    Ok(Json(ResultsOut {
        ranking_rule: match view {
            None => actions::ADJUSTED_RULE.to_owned(),
            Some(_) => format!(
                "ranked by the group's score: the mean of the group's stars, pulled toward the group's average as if each thought had {PRIOR_WEIGHT} more ratings at that average (not adjusted for each rater's generosity)"
            ),
        },
        view: query.view.unwrap_or_else(|| "all".into()),
        total: page.visible,
        thoughts,
    }))
}

#[derive(Serialize, ToSchema)]
struct GroupViewOut {
    group: String,
    /// The group's score of the thought (its shrunk mean).
    score: f64,
    /// The group's average over all its ratings in the exchange.
    average: f64,
}

#[derive(Serialize, ToSchema)]
struct InsightThoughtOut {
    id: i64,
    text: String,
    /// Common ground: every group with enough raters. Differences: the highest group, then the lowest.
    groups: Vec<GroupViewOut>,
    /// Differences: how far apart the ends are, in stars, each group against its own average.
    gap: f64,
}

#[derive(Serialize, ToSchema)]
struct InsightOut {
    /// A group takes part in a thought once this many of its members rated it.
    min_raters: u32,
    common_ground: Vec<InsightThoughtOut>,
    differences: Vec<InsightThoughtOut>,
    bridging: BridgingRankingOut,
}

#[derive(Serialize, ToSchema)]
struct BridgingRankingOut {
    ranking_rule: String,
    /// The best-bridging thoughts, best first.
    thoughts: Vec<BridgingThoughtOut>,
}

#[derive(Serialize, ToSchema)]
struct BridgingThoughtOut {
    id: i64,
    text: String,
    bridging: BridgingOut,
}

fn insight_out(thoughts: &[actions::InsightThought]) -> Vec<InsightThoughtOut> {
    thoughts
        .iter()
        .map(|t| InsightThoughtOut {
            id: t.id,
            text: t.body.clone(),
            groups: t
                .groups
                .iter()
                .map(|g| GroupViewOut {
                    group: g.group.key().to_owned(),
                    score: g.score,
                    average: g.average,
                })
                .collect(),
            gap: t.gap,
        })
        .collect()
}

/// Where the groups agree (common ground) and where they differ most; same access as the results.
#[utoipa::path(get, path = "/api/v1/exchanges/{id}/insight", tag = "exchanges",
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 200, body = InsightOut), (status = 403, body = Problem), (status = 404, body = Problem)),
    security((), ("bearer" = [])))]
async fn insight(
    State(state): State<AppState>,
    staff: Option<Staff>,
    ApiPath(id): ApiPath<i64>,
    participant: Option<ApiParticipant>,
) -> ApiResult<Json<InsightOut>> {
    let exchange = actions::visible_exchange(&state, staff.as_ref(), id).await?;
    let participant = participant.map(|p| p.0);
    if !actions::may_see_results(&exchange, staff.as_ref(), participant.as_ref()) {
        return Err(ApiError(AppError::Forbidden));
    }
    let (found, bridging) = tokio::try_join!(
        actions::insight(&state, &exchange),
        actions::bridging_leaders(&state, &exchange),
    )?;
    Ok(Json(InsightOut {
        min_raters: actions::INSIGHT_MIN_RATERS,
        common_ground: insight_out(&found.common_ground),
        differences: insight_out(&found.differences),
        bridging: BridgingRankingOut {
            ranking_rule: actions::BRIDGING_RULE.to_owned(),
            thoughts: bridging
                .into_iter()
                .map(|(t, figures)| BridgingThoughtOut {
                    id: t.id,
                    text: t.body,
                    bridging: figures.into(),
                })
                .collect(),
        },
    }))
}
