//! `/api/v1/exchanges/{id}/answers`: the district's answers to a closed exchange ("you said, we
//! did"): everyone reads the published ones; the facilitators who run the district's exchanges also
//! read drafts and the suggestions, pick, write and publish. And `/api/v1/districts/{slug}/answers`:
//! a district's published answers. The rules are `crate::answers`'s, shared with the pages.

use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::actions;
use crate::answers::{self, AnswerInput, PickInput};
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult, AppError, Problem};
use crate::i18n::LANGUAGES;
use accord_domain::answers::Suggestion;
use accord_store::Answer;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, pick))
        .routes(routes!(suggestions))
        .routes(routes!(save))
        .routes(routes!(publish))
        .routes(routes!(district_answers))
}

#[derive(Serialize, ToSchema)]
pub struct AnswerOut {
    id: i64,
    exchange_id: i64,
    exchange_title: String,
    /// thought or theme
    subject_kind: String,
    /// The thought's id; 0 for a theme.
    thought_id: i64,
    /// The thought's text or the theme's label.
    subject: String,
    /// highest_rated, common_ground, most_divided, question or theme
    reason: String,
    /// draft or published
    state: String,
    /// The answer by language code.
    texts: BTreeMap<String, String>,
    /// The languages accord has that this answer is not yet translated into.
    not_yet_translated: Vec<String>,
    /// The published agreement version whose section changed because of this answer.
    agreement_version_id: Option<i64>,
    section_heading: String,
    /// Unix seconds.
    published_at: Option<i64>,
}

impl From<Answer> for AnswerOut {
    fn from(a: Answer) -> Self {
        AnswerOut {
            not_yet_translated: LANGUAGES
                .iter()
                .map(|(code, _, _)| *code)
                .filter(|code| !a.texts.contains_key(*code))
                .map(str::to_owned)
                .collect(),
            id: a.id,
            exchange_id: a.exchange_id,
            exchange_title: a.exchange_title,
            subject_kind: a.subject_kind.key().to_owned(),
            thought_id: a.subject_id,
            subject: a.subject_text,
            reason: a.reason.key().to_owned(),
            state: a.state.key().to_owned(),
            texts: a.texts,
            agreement_version_id: a.agreement_version_id,
            section_heading: a.section_heading,
            published_at: a.published_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionOut {
    /// thought or theme
    kind: String,
    /// The thought's id; 0 for a theme.
    thought_id: i64,
    text: String,
    /// Every reason the results give, first the one it was found by.
    reasons: Vec<String>,
}

impl From<Suggestion> for SuggestionOut {
    fn from(s: Suggestion) -> Self {
        SuggestionOut {
            kind: s.subject.kind.key().to_owned(),
            thought_id: s.subject.id,
            text: s.subject.text,
            reasons: s.reasons.iter().map(|r| r.key().to_owned()).collect(),
        }
    }
}

/// An exchange's answers: the published ones for everyone, drafts too for its facilitators.
#[utoipa::path(get, path = "/api/v1/exchanges/{id}/answers", tag = "exchanges",
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 200, body = Vec<AnswerOut>), (status = 404, body = Problem)),
    security((), ("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    staff: Option<Staff>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<AnswerOut>>> {
    let exchange = actions::visible_exchange(&state, staff.as_ref(), id).await?;
    let runs_it = staff
        .as_ref()
        .is_some_and(|s| s.require_exchange_runner(exchange.district_id).is_ok());
    let shown = if runs_it {
        state.store.answers(exchange.id, false).await?
    } else {
        answers::published_for_exchange(&state.store, &exchange).await?
    };
    Ok(Json(shown.into_iter().map(Into::into).collect()))
}

/// Picks a thought or a theme of a closed exchange to answer, as a draft (facilitators).
#[utoipa::path(post, path = "/api/v1/exchanges/{id}/answers", tag = "exchanges", request_body = PickInput,
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 201, body = AnswerOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn pick(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<PickInput>,
) -> ApiResult<Response> {
    let answer = answers::pick(&state, &staff, id, &input).await?;
    Ok((StatusCode::CREATED, Json(AnswerOut::from(answer))).into_response())
}

/// What the results suggest answering: the highest-rated, common ground, the most divided, the
/// best-rated questions and the themes, without what is already picked (facilitators).
#[utoipa::path(get, path = "/api/v1/exchanges/{id}/answers/suggestions", tag = "exchanges",
    params(("id" = i64, Path, description = "The exchange")),
    responses((status = 200, body = Vec<SuggestionOut>), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)),
    security(("bearer" = [])))]
async fn suggestions(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<SuggestionOut>>> {
    let (exchange, picked) = answers::for_facilitator(&state, &staff, id).await?;
    let suggested = answers::suggestions(&state, &exchange, &picked).await?;
    Ok(Json(suggested.into_iter().map(Into::into).collect()))
}

/// Saves an answer's texts (an empty or absent language is not yet translated) and linked section.
#[utoipa::path(put, path = "/api/v1/exchanges/{id}/answers/{answer}", tag = "exchanges", request_body = AnswerInput,
    params(("id" = i64, Path, description = "The exchange"), ("answer" = i64, Path, description = "The answer")),
    responses((status = 200, body = AnswerOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn save(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((id, answer)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> ApiResult<Json<AnswerOut>> {
    let saved = answers::save(&state, &staff, id, answer, &input)
        .await?
        .map_err(|msg| ApiError(AppError::Invalid(msg)))?;
    Ok(Json(saved.into()))
}

/// Publishes an answer: refused (409) while the exchange's results are not published or the answer
/// has no English text.
#[utoipa::path(post, path = "/api/v1/exchanges/{id}/answers/{answer}/publish", tag = "exchanges",
    params(("id" = i64, Path, description = "The exchange"), ("answer" = i64, Path, description = "The answer")),
    responses((status = 200, body = AnswerOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)),
    security(("bearer" = [])))]
async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((id, answer)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<AnswerOut>> {
    Ok(Json(
        answers::publish(&state, &staff, id, answer).await?.into(),
    ))
}

/// A district's published answers, the newest exchange first.
#[utoipa::path(get, path = "/api/v1/districts/{slug}/answers", tag = "exchanges",
    params(("slug" = String, Path, description = "The district")),
    responses((status = 200, body = Vec<AnswerOut>), (status = 404, body = Problem)),
    security(()))]
async fn district_answers(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<Vec<AnswerOut>>> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    let published = state.store.published_answers(district.id).await?;
    Ok(Json(published.into_iter().map(Into::into).collect()))
}
