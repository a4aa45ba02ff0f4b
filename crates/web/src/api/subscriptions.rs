//! `/api/v1/districts/{slug}/subscriptions` for the public, without an account: a subscribe request
//! (its confirmation goes by mail, never in the answer), and the confirmation and unsubscribe links'
//! actions by their tokens. The rules are `crate::subscriptions`', shared with the pages; no answer
//! says whether an address was known.

use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::error::{ApiError, ApiResult, AppError, Problem};
use crate::limits::ClientAddress;
use crate::subscriptions::{self, LinkState, SubscribeInput};
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
        .routes(routes!(subscribe))
        .routes(routes!(confirm))
        .routes(routes!(unsubscribe))
}

/// A link's token, from the confirmation message or a notification's unsubscribe link.
#[derive(Deserialize, ToSchema)]
pub struct TokenIn {
    token: String,
}

/// What the request did: `confirmation_sent`, `done`, or `already_done`.
#[derive(Serialize, ToSchema)]
pub struct SubscriptionOut {
    status: &'static str,
}

/// Asks for a subscription: a confirmation link goes to the address (unless one went moments ago);
/// nothing else is sent before it is opened. 422 for a malformed or throwaway address, an unknown
/// language or no topic.
#[utoipa::path(post, path = "/api/v1/districts/{slug}/subscriptions", tag = "subscriptions",
    params(("slug" = String, Path, description = "The district")),
    request_body = SubscribeInput,
    responses((status = 202, body = SubscriptionOut), (status = 404, body = Problem), (status = 422, body = Problem),
        (status = 429, description = "Too many requests from this client: wait a moment", body = Problem)))]
async fn subscribe(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<SubscribeInput>,
) -> ApiResult<Response> {
    if !state.limits.subscribe(client) {
        return Err(ApiError(AppError::TooManyRequests));
    }
    let district = crate::public_page::district(&state.store, &slug).await?;
    subscriptions::subscribe(&state, &district, &input)
        .await?
        .map_err(|msg| ApiError(AppError::Invalid(msg)))?;
    let out = SubscriptionOut {
        status: "confirmation_sent",
    };
    Ok((StatusCode::ACCEPTED, Json(out)).into_response())
}

/// The answer to a link's action: 404 for an unknown token, 410 for an expired confirmation.
fn link_answer(link: LinkState) -> ApiResult<Json<SubscriptionOut>> {
    let status = match link {
        LinkState::Done => "done",
        LinkState::AlreadyDone | LinkState::Ready => "already_done",
        LinkState::Expired => {
            return Err(ApiError(AppError::Conflict(crate::i18n::Msg::new(
                "subscription-confirm-expired-text",
            ))));
        }
        LinkState::Unknown => return Err(ApiError(AppError::NotFound)),
    };
    Ok(Json(SubscriptionOut { status }))
}

/// Confirms a subscription with its confirmation token (confirming twice is harmless).
#[utoipa::path(post, path = "/api/v1/districts/{slug}/subscriptions/confirm", tag = "subscriptions",
    params(("slug" = String, Path, description = "The district")),
    request_body = TokenIn,
    responses((status = 200, body = SubscriptionOut), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn confirm(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<TokenIn>,
) -> ApiResult<Json<SubscriptionOut>> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    link_answer(subscriptions::confirm(&state, &district, &input.token, true).await?)
}

/// Unsubscribes with the token of an unsubscribe link (twice is harmless).
#[utoipa::path(post, path = "/api/v1/districts/{slug}/subscriptions/unsubscribe", tag = "subscriptions",
    params(("slug" = String, Path, description = "The district")),
    request_body = TokenIn,
    responses((status = 200, body = SubscriptionOut), (status = 404, body = Problem)))]
async fn unsubscribe(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<TokenIn>,
) -> ApiResult<Json<SubscriptionOut>> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    link_answer(subscriptions::unsubscribe(&state, &district, &input.token, true).await?)
}
