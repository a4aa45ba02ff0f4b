//! Server-rendered pages. Every core task works without JavaScript: plain links and forms, each
//! state-changing form CSRF-protected, each answer a full page in the visitor's language.

mod answers;
mod calls_report;
mod complaints;
mod exchange;
mod explore;
mod listening;
mod manage;
mod moderation;
mod notice;
mod program;
mod public_program;
mod session;
mod subscriptions;
mod themes;

use crate::AppState;
use crate::auth::Staff;
use crate::csrf::CsrfToken;
use crate::error::{AppError, ErrorMarker};
use crate::i18n::{LANG_COOKIE, LANGUAGES, Lang, lang_of};
use accord_domain::exchange::{ExchangeState, Group};
use accord_store::Exchange;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Router, middleware::from_fn_with_state};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/lang/{code}", get(switch_language))
        .route("/assets/app.css", get(stylesheet))
        .merge(session::routes())
        .merge(exchange::routes())
        .merge(manage::routes())
        .merge(answers::routes())
        .merge(notice::routes())
        .merge(moderation::routes())
        .merge(themes::routes())
        .merge(program::routes())
        .merge(public_program::routes())
        .merge(listening::routes())
        .merge(calls_report::routes())
        .merge(subscriptions::routes())
        .merge(complaints::routes())
        .fallback(not_found)
        .layer(middleware::from_fn(render_error_pages))
        .layer(from_fn_with_state(state.clone(), crate::csrf::ensure_token))
        .with_state(state)
}

/// What every page's frame needs: language, who is signed in, the CSRF token, where we are.
pub struct Chrome {
    pub l: Lang,
    pub user: Option<accord_store::User>,
    pub csrf: String,
    /// The current path and query, URL-encoded, for the language switcher to come back to.
    pub path_query: String,
    pub asset_version: &'static str,
}

impl Chrome {
    pub fn other_languages(&self) -> Vec<(&'static str, &'static str)> {
        LANGUAGES
            .iter()
            .filter(|(code, _, _)| *code != self.l.code)
            .map(|(c, _, n)| (*c, *n))
            .collect()
    }

    pub fn group_label(&self, group: Option<Group>) -> String {
        self.l
            .t(format!("group-{}", group.map_or("none", Group::key)))
    }
}

/// Changes whenever the stylesheet does, so browsers may cache it for a year.
const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");

impl<S> FromRequestParts<S> for Chrome
where
    AppState: axum::extract::FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let staff =
            <Staff as axum::extract::OptionalFromRequestParts<S>>::from_request_parts(parts, state)
                .await?;
        Ok(chrome_of(parts, staff.map(|s| s.0)))
    }
}

fn chrome_of(parts: &Parts, user: Option<accord_store::User>) -> Chrome {
    let path_query = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
    Chrome {
        l: lang_of(parts),
        user,
        csrf: parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default(),
        path_query: form_urlencoded_component(path_query),
        asset_version: ASSET_VERSION,
    }
}

/// A Unix time as the staff pages show it: the day and minute in UTC.
/// A file built for this request to save (a report, an export, the OSPI packet): never kept by a
/// cache, since such files come from records not everyone may read.
pub(crate) fn download(filename: &str, content_type: &'static str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    (
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}

/// A stored file (training evidence, a complaint's attachment) for those allowed to read it: always
/// downloaded, never shown inline, kept by no shared cache.
pub(crate) fn stored_file(media_type: &str, content: Vec<u8>) -> Result<Response, AppError> {
    let content_type =
        HeaderValue::from_str(media_type).map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        content,
    )
        .into_response())
}

pub(crate) fn utc_minute(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .map(|t| format!("{} {:02}:{:02} UTC", t.date(), t.hour(), t.minute()))
        .unwrap_or_default()
}

fn form_urlencoded_component(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An exchange as pages show it.
pub struct ExchangeView {
    pub id: i64,
    pub title: String,
    pub question: String,
    pub context: String,
    pub state: &'static str,
    pub needs_invitation: bool,
}

impl ExchangeView {
    pub fn of(e: &Exchange) -> ExchangeView {
        ExchangeView {
            id: e.id,
            title: e.title.clone(),
            question: e.question.clone(),
            context: e.context.clone(),
            state: e.state.key(),
            needs_invitation: e.invitation_code.is_some(),
        }
    }
    pub fn state_key(&self) -> String {
        format!("state-{}", self.state)
    }
    pub fn context_paragraphs(&self) -> Vec<&str> {
        self.context
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }
    pub fn is_open(&self) -> bool {
        self.state == ExchangeState::Open.key()
    }
    pub fn is_closed(&self) -> bool {
        self.state == ExchangeState::Closed.key()
    }
    pub fn is_draft(&self) -> bool {
        self.state == ExchangeState::Draft.key()
    }
    pub fn is_published(&self) -> bool {
        self.state == ExchangeState::Published.key()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    c: Chrome,
    exchanges: Vec<ExchangeView>,
    districts: Vec<accord_store::District>,
}

async fn home(State(state): State<AppState>, c: Chrome) -> Result<HomePage, AppError> {
    let exchanges = state.store.exchanges(None, false).await?;
    Ok(HomePage {
        c,
        exchanges: exchanges.iter().map(ExchangeView::of).collect(),
        districts: state.store.districts().await?,
    })
}

#[derive(serde::Deserialize)]
struct Back {
    back: Option<String>,
}

/// Sets the language cookie and goes back where the visitor was (only to a path on this site).
async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(back): Query<Back>,
    jar: CookieJar,
) -> impl IntoResponse {
    let lang = Lang::from_code(&code);
    let back = back
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    let cookie = Cookie::build((LANG_COOKIE, lang.code))
        .path("/")
        .max_age(time::Duration::days(365))
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies)
        .build();
    (jar.add(cookie), Redirect::to(&back))
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        include_str!("../../assets/app.css"),
    )
}

async fn not_found() -> AppError {
    AppError::NotFound
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    title: String,
    detail: Option<String>,
    error_id: Option<String>,
}

/// Renders errors from page handlers as HTML in the visitor's language. A page that needs a
/// signed-in staff member sends the visitor to the sign-in page instead.
async fn render_error_pages(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let response = next.run(Request::from_parts(parts.clone(), body)).await;
    let Some(marker) = response.extensions().get::<ErrorMarker>().cloned() else {
        return response;
    };
    let status = response.status();
    if status == StatusCode::UNAUTHORIZED {
        let next = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
        return Redirect::to(&format!("/login?next={}", form_urlencoded_component(next)))
            .into_response();
    }
    let c = chrome_of(&parts, None);
    let page = ErrorPage {
        title: c.l.t(marker.title_key),
        detail: marker.detail.as_ref().map(|m| c.l.msg(m)),
        error_id: marker.error_id,
        c,
    };
    (status, page).into_response()
}
