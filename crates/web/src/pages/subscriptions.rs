//! The public's subscription pages, without an account: the subscribe form, the confirmation link's
//! page and the unsubscribe link's page. Each link's page shows a button first (a mail scanner that
//! opens links changes nothing); the unsubscribe link also takes the one-click POST of RFC 8058,
//! which mail programs send without our CSRF token (the link's random token is the permission).
//! Rules are `crate::subscriptions`'.

use super::Chrome;
use super::program::FormError;
use crate::AppState;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::i18n::{LANGUAGES, Msg};
use crate::limits::ClientAddress;
use crate::subscriptions::{self, LinkState, SubscribeInput};
use accord_domain::subscriptions::Topic;
use accord_store::District;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/districts/{slug}/subscribe",
            get(subscribe_form).post(subscribe),
        )
        .route(
            "/districts/{slug}/subscribe/confirm/{token}",
            get(confirm_page).post(confirm),
        )
        .route(
            "/districts/{slug}/unsubscribe/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
        .route("/exchanges/{id}/subscribe", get(from_exchange))
}

/// The link at the end of an exchange: to its district's subscribe form, carrying nothing of the
/// participant (no cookie is read), so a subscription is never linked to anyone's thoughts.
async fn from_exchange(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Redirect, AppError> {
    let exchange = crate::actions::public_exchange(&state, id).await?;
    let district = state
        .store
        .district(exchange.district_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Redirect::to(&format!(
        "/districts/{}/subscribe",
        district.slug
    )))
}

#[derive(Template, WebTemplate)]
#[template(path = "subscribe.html")]
struct SubscribePage {
    c: Chrome,
    district: District,
    input: SubscribeInput,
    error: Option<FormError>,
    /// The request was taken: the page says to look for the confirmation message.
    asked: bool,
}

impl SubscribePage {
    fn invalid(&self, field: &str) -> bool {
        self.error.as_ref().is_some_and(|e| e.field == field)
    }
    fn topics(&self) -> &'static [Topic] {
        Topic::ALL
    }
    fn languages(&self) -> Vec<(&'static str, &'static str)> {
        LANGUAGES
            .iter()
            .map(|(code, _, name)| (*code, *name))
            .collect()
    }
    fn lead(&self) -> String {
        self.c.l.t_args(
            "subscribe-lead",
            &[("district", self.district.name.clone())],
        )
    }
}

#[derive(serde::Deserialize)]
struct Asked {
    asked: Option<String>,
}

async fn subscribe_form(
    State(state): State<AppState>,
    c: Chrome,
    Path(slug): Path<String>,
    Query(asked): Query<Asked>,
) -> Result<SubscribePage, AppError> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    let input = SubscribeInput {
        language: c.l.code.to_owned(),
        topics: Topic::ALL.iter().map(|t| t.key().to_owned()).collect(),
        ..SubscribeInput::default()
    };
    Ok(SubscribePage {
        c,
        district,
        input,
        error: None,
        asked: asked.asked.is_some(),
    })
}

async fn subscribe(
    State(state): State<AppState>,
    c: Chrome,
    ClientAddress(client): ClientAddress,
    Path(slug): Path<String>,
    CsrfForm(input): CsrfForm<SubscribeInput>,
) -> Result<Response, AppError> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    // Over the limit, the form comes back with the address kept and a request to wait.
    let (msg, status) = if !state.limits.subscribe(client) {
        (Msg::new("error-too-many"), StatusCode::TOO_MANY_REQUESTS)
    } else {
        match subscriptions::subscribe(&state, &district, &input).await? {
            Ok(()) => {
                return Ok(Redirect::to(&format!(
                    "/districts/{}/subscribe?asked=1",
                    district.slug
                ))
                .into_response());
            }
            Err(msg) => (msg, StatusCode::UNPROCESSABLE_ENTITY),
        }
    };
    let error = Some(FormError::of(&c, &msg));
    let page = SubscribePage {
        c,
        district,
        input,
        error,
        asked: false,
    };
    Ok((status, page).into_response())
}

/// A confirmation or unsubscribe link's page.
#[derive(Template, WebTemplate)]
#[template(path = "subscription_link.html")]
struct LinkPage {
    c: Chrome,
    district: District,
    /// "confirm" or "unsubscribe": the first part of the page's Fluent keys.
    kind: &'static str,
    state: LinkState,
    /// Where the button posts.
    action: String,
}

impl LinkPage {
    fn text(&self, part: &str) -> String {
        self.c.l.t_args(
            &format!("subscription-{}-{}-{part}", self.kind, self.state.key()),
            &[("district", self.district.name.clone())],
        )
    }
    fn ready(&self) -> bool {
        self.state == LinkState::Ready
    }
    fn button(&self) -> String {
        self.c.l.t(format!("subscription-{}-button", self.kind))
    }
    /// After unsubscribing, or when a confirmation link no longer works: a way to subscribe again.
    fn offers_subscribing(&self) -> bool {
        matches!(
            (self.kind, self.state),
            ("unsubscribe", LinkState::Done | LinkState::AlreadyDone)
                | ("confirm", LinkState::Expired | LinkState::Unknown)
        )
    }
}

fn link_page(
    c: Chrome,
    district: District,
    kind: &'static str,
    state: LinkState,
    action: String,
) -> Response {
    let status = match state {
        LinkState::Unknown => StatusCode::NOT_FOUND,
        LinkState::Expired => StatusCode::GONE,
        _ => StatusCode::OK,
    };
    let page = LinkPage {
        c,
        district,
        kind,
        state,
        action,
    };
    (status, page).into_response()
}

async fn confirm_page(
    State(state): State<AppState>,
    c: Chrome,
    Path((slug, token)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    let link = subscriptions::confirm(&state, &district, &token, false).await?;
    let action = format!("/districts/{}/subscribe/confirm/{token}", district.slug);
    Ok(link_page(c, district, "confirm", link, action))
}

async fn confirm(
    State(state): State<AppState>,
    c: Chrome,
    Path((slug, token)): Path<(String, String)>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    let link = subscriptions::confirm(&state, &district, &token, true).await?;
    Ok(link_page(c, district, "confirm", link, String::new()))
}

async fn unsubscribe_page(
    State(state): State<AppState>,
    c: Chrome,
    Path((slug, token)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    let link = subscriptions::unsubscribe(&state, &district, &token, false).await?;
    let action = format!("/districts/{}/unsubscribe/{token}", district.slug);
    Ok(link_page(c, district, "unsubscribe", link, action))
}

/// The button of the page, and RFC 8058's one-click POST (`List-Unsubscribe=One-Click`), alike.
async fn unsubscribe(
    State(state): State<AppState>,
    c: Chrome,
    Path((slug, token)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    let link = subscriptions::unsubscribe(&state, &district, &token, true).await?;
    Ok(link_page(c, district, "unsubscribe", link, String::new()))
}
