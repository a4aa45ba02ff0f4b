//! `/api/v1/program/listening-sessions` for staff (the schedule, sign-ups, attendance, notes, summary
//! and themes) and `/api/v1/districts/{slug}/listening-sessions` for the public (the schedule without
//! anyone's personal data, and sign-up without an account). The rules are `crate::listening`'s,
//! shared with the pages.

use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult, AppError, Problem};
use crate::i18n::Lang;
use crate::listening::{self, OutcomeInput, SessionInput, SignUpInput};
use accord_store::{ListeningSession, SessionTheme, SignUp, Store};
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
        .routes(routes!(list_sessions, create_session))
        .routes(routes!(get_session, update_session))
        .routes(routes!(list_sign_ups))
        .routes(routes!(record_attendance))
        .routes(routes!(record_outcome))
        .routes(routes!(public_sessions))
        .routes(routes!(public_sign_up))
}

fn invalid(msg: crate::i18n::Msg) -> ApiError {
    ApiError(AppError::Invalid(msg))
}

#[derive(Serialize, ToSchema)]
pub struct ThemeOut {
    label: String,
    detail: String,
}

impl From<SessionTheme> for ThemeOut {
    fn from(t: SessionTheme) -> Self {
        ThemeOut {
            label: t.label,
            detail: t.detail,
        }
    }
}

/// A session as the public sees it: no notes, no names.
#[derive(Serialize, ToSchema)]
pub struct PublicSessionOut {
    id: i64,
    title: String,
    description: String,
    school: Option<String>,
    /// Unix seconds
    starts_at: i64,
    ends_at: i64,
    /// pacific, mountain, arizona, central, eastern, alaska, hawaii or utc
    time_zone: String,
    /// The date and times on the session's wall clock, in English.
    when: String,
    place: String,
    online_url: String,
    languages: Vec<String>,
    interpretation: Vec<String>,
    capacity: i64,
    seats_left: i64,
    attended: i64,
    cancelled: bool,
    summary: String,
    themes: Vec<ThemeOut>,
}

/// A session as staff see it: the public view with the notes and the places taken.
#[derive(Serialize, ToSchema)]
pub struct SessionOut {
    #[serde(flatten)]
    public: PublicSessionOut,
    seats_taken: i64,
    notes: String,
}

fn labels(list: Vec<&str>) -> Vec<String> {
    list.into_iter().map(str::to_owned).collect()
}

fn public_out(s: &ListeningSession, themes: Vec<SessionTheme>) -> PublicSessionOut {
    PublicSessionOut {
        id: s.id,
        title: s.title.clone(),
        description: s.description.clone(),
        school: s.school_name.clone(),
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        time_zone: s.time_zone.clone(),
        when: listening::when(&Lang::english(), s),
        place: s.place.clone(),
        online_url: s.online_url.clone(),
        languages: labels(s.language_list()),
        interpretation: labels(s.interpretation_list()),
        capacity: s.capacity,
        seats_left: s.seats().left(),
        attended: s.attended,
        cancelled: s.is_cancelled(),
        summary: s.summary.clone(),
        themes: themes.into_iter().map(ThemeOut::from).collect(),
    }
}

async fn session_out(store: &Store, s: ListeningSession) -> Result<SessionOut, AppError> {
    let themes = store.listening_session_themes(s.id).await?;
    Ok(SessionOut {
        public: public_out(&s, themes),
        seats_taken: s.seats_taken,
        notes: s.notes,
    })
}

#[derive(Serialize, ToSchema)]
pub struct SignUpOut {
    id: i64,
    name: String,
    /// An email address or a phone number, or empty.
    contact: String,
    language: String,
    needs_interpretation: bool,
    party_size: i64,
    attended: bool,
    /// Unix seconds
    created_at: i64,
}

impl From<SignUp> for SignUpOut {
    fn from(s: SignUp) -> Self {
        SignUpOut {
            id: s.id,
            name: s.name,
            contact: s.contact,
            language: s.language,
            needs_interpretation: s.needs_interpretation != 0,
            party_size: s.party_size,
            attended: s.attended != 0,
            created_at: s.created_at,
        }
    }
}

/// The district's listening sessions, the latest first (admins, records clerks, agency liaisons).
#[utoipa::path(get, path = "/api/v1/program/listening-sessions", tag = "listening",
    responses((status = 200, body = Vec<SessionOut>), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn list_sessions(
    State(state): State<AppState>,
    staff: Staff,
) -> ApiResult<Json<Vec<SessionOut>>> {
    let mut out = Vec::new();
    for session in listening::sessions(&state.store, &staff).await? {
        out.push(session_out(&state.store, session).await?);
    }
    Ok(Json(out))
}

/// Schedules a session (program admins).
#[utoipa::path(post, path = "/api/v1/program/listening-sessions", tag = "listening",
    request_body = SessionInput,
    responses((status = 201, body = SessionOut), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_session(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(input): ApiJson<SessionInput>,
) -> ApiResult<Response> {
    let session = listening::schedule(&state, &staff, &input)
        .await?
        .map_err(invalid)?;
    let out = session_out(&state.store, session).await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

#[utoipa::path(get, path = "/api/v1/program/listening-sessions/{id}", tag = "listening",
    params(("id" = i64, Path, description = "The session")),
    responses((status = 200, body = SessionOut), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn get_session(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<SessionOut>> {
    let session = listening::session(&state.store, &staff, id).await?;
    Ok(Json(session_out(&state.store, session).await?))
}

/// Changes or cancels a session (program admins). The capacity cannot drop below the places taken.
#[utoipa::path(put, path = "/api/v1/program/listening-sessions/{id}", tag = "listening",
    params(("id" = i64, Path, description = "The session")), request_body = SessionInput,
    responses((status = 200, body = SessionOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn update_session(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<SessionInput>,
) -> ApiResult<Json<SessionOut>> {
    let session = listening::update(&state.store, &staff, id, &input)
        .await?
        .map_err(invalid)?;
    Ok(Json(session_out(&state.store, session).await?))
}

/// Who signed up, with their contacts, in the order they came (program admins only).
#[utoipa::path(get, path = "/api/v1/program/listening-sessions/{id}/sign-ups", tag = "listening",
    params(("id" = i64, Path, description = "The session")),
    responses((status = 200, body = Vec<SignUpOut>), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn list_sign_ups(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<SignUpOut>>> {
    let sign_ups = listening::sign_ups(&state.store, &staff, id).await?;
    Ok(Json(sign_ups.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct AttendanceInput {
    /// The sign-ups who came; every other sign-up of the session is marked as not attended.
    attended: Vec<i64>,
}

/// Records who came (program admins).
#[utoipa::path(put, path = "/api/v1/program/listening-sessions/{id}/attendance", tag = "listening",
    params(("id" = i64, Path, description = "The session")), request_body = AttendanceInput,
    responses((status = 200, body = Vec<SignUpOut>), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn record_attendance(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<AttendanceInput>,
) -> ApiResult<Json<Vec<SignUpOut>>> {
    let sign_ups = listening::record_attendance(&state.store, &staff, id, &input.attended).await?;
    Ok(Json(sign_ups.into_iter().map(Into::into).collect()))
}

/// Records the notes (staff only), the public summary and the themes raised, in order (program
/// admins). The themes replace the earlier list.
#[utoipa::path(put, path = "/api/v1/program/listening-sessions/{id}/outcome", tag = "listening",
    params(("id" = i64, Path, description = "The session")), request_body = OutcomeInput,
    responses((status = 200, body = SessionOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn record_outcome(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<OutcomeInput>,
) -> ApiResult<Json<SessionOut>> {
    let session = listening::record_outcome(&state.store, &staff, id, &input)
        .await?
        .map_err(invalid)?;
    Ok(Json(session_out(&state.store, session).await?))
}

/// How many sessions the public list gives of each kind.
const PUBLIC_LIMIT: i64 = 50;

#[derive(Serialize, ToSchema)]
pub struct PublicSessionsOut {
    /// Not yet over, the soonest first; cancelled ones flagged.
    upcoming: Vec<PublicSessionOut>,
    /// Held, the latest first, with their summaries and themes.
    past: Vec<PublicSessionOut>,
}

/// A district's listening sessions for the public (no account).
#[utoipa::path(get, path = "/api/v1/districts/{slug}/listening-sessions", tag = "listening",
    params(("slug" = String, Path, description = "The district")),
    responses((status = 200, body = PublicSessionsOut), (status = 404, body = Problem)))]
async fn public_sessions(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<PublicSessionsOut>> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    let now = accord_store::now();
    let with_themes = |sessions: Vec<ListeningSession>| {
        let store = state.store.clone();
        async move {
            let mut out = Vec::new();
            for s in sessions {
                let themes = store.listening_session_themes(s.id).await?;
                out.push(public_out(&s, themes));
            }
            Ok::<_, AppError>(out)
        }
    };
    let upcoming = state
        .store
        .upcoming_listening_sessions(district.id, now, PUBLIC_LIMIT)
        .await?;
    let past = state
        .store
        .past_listening_sessions(district.id, now, PUBLIC_LIMIT)
        .await?;
    Ok(Json(PublicSessionsOut {
        upcoming: with_themes(upcoming).await?,
        past: with_themes(past).await?,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct SignedUpOut {
    id: i64,
    party_size: i64,
    seats_left: i64,
}

/// Signs up for a session without an account. 409 when the session is full (or has too few places
/// for the party), has started or was cancelled; 422 for bad input.
#[utoipa::path(post, path = "/api/v1/districts/{slug}/listening-sessions/{id}/sign-ups", tag = "listening",
    params(("slug" = String, Path, description = "The district"), ("id" = i64, Path, description = "The session")),
    request_body = SignUpInput,
    responses((status = 201, body = SignedUpOut), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
async fn public_sign_up(
    State(state): State<AppState>,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(input): ApiJson<SignUpInput>,
) -> ApiResult<Response> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    let sign_up = listening::sign_up(&state.store, district.id, id, &input, accord_store::now())
        .await?
        .map_err(|problem| ApiError(problem.into()))?;
    let session = listening::session_of(&state.store, district.id, id).await?;
    let out = SignedUpOut {
        id: sign_up.id,
        party_size: sign_up.party_size,
        seats_left: session.seats().left(),
    };
    Ok((StatusCode::CREATED, Json(out)).into_response())
}
