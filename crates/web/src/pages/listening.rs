//! Listening sessions' pages. For staff: the list with the form to schedule one, and a session's page
//! (edit or cancel, who signed up with attendance checkboxes, notes, summary and the themes raised).
//! For the public, without an account: a district's upcoming and past sessions with their summaries
//! and themes, and a session's page with the sign-up form. Rules and roles are `crate::listening`'s.

use super::Chrome;
use super::program::FormError;
use crate::AppState;
use crate::auth::Staff;
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::listening::{self, OutcomeInput, SessionInput, SignUpInput, ThemeInput};
use accord_domain::listening::TimeZone;
use accord_store::{District, ListeningSession, School, SessionTheme, SignUp};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/program/listening-sessions",
            get(staff_list).post(schedule),
        )
        .route(
            "/program/listening-sessions/{id}",
            get(staff_session).post(update),
        )
        .route(
            "/program/listening-sessions/{id}/attendance",
            post(attendance),
        )
        .route("/program/listening-sessions/{id}/outcome", post(outcome))
        .route("/districts/{slug}/listening-sessions", get(public_list))
        .route(
            "/districts/{slug}/listening-sessions/{id}",
            get(public_session).post(sign_up),
        )
}

/// Empty theme rows under the recorded ones, to add themes without JavaScript.
const BLANK_THEME_ROWS: usize = 3;

impl Chrome {
    pub fn zone_label(&self, key: &str) -> String {
        self.l.t(format!("listening-zone-{key}"))
    }
}

/// The schedule form (to create or edit a session): what was typed and what is wrong with it.
struct ScheduleForm {
    input: SessionInput,
    schools: Vec<School>,
    zones: Vec<&'static str>,
    error: Option<FormError>,
}

impl ScheduleForm {
    fn new(input: SessionInput, schools: Vec<School>) -> ScheduleForm {
        ScheduleForm {
            input,
            schools,
            zones: TimeZone::ALL.iter().map(|z| z.key()).collect(),
            error: None,
        }
    }
    fn invalid(&self, field: &str) -> bool {
        self.error.as_ref().is_some_and(|e| e.field == field)
    }
}

/// A session with what every list shows beside it.
struct SessionCard {
    session: ListeningSession,
    when: String,
    seats_left: i64,
    themes: Vec<SessionTheme>,
}

impl SessionCard {
    async fn of(
        state: &AppState,
        c: &Chrome,
        session: ListeningSession,
        with_themes: bool,
    ) -> Result<SessionCard, AppError> {
        let themes = if with_themes {
            state.store.listening_session_themes(session.id).await?
        } else {
            Vec::new()
        };
        Ok(SessionCard {
            when: listening::when(&c.l, &session),
            seats_left: session.seats().left(),
            themes,
            session,
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "listening_sessions.html")]
struct ListPage {
    c: Chrome,
    sessions: Vec<SessionCard>,
    may_manage: bool,
    form: ScheduleForm,
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    form: ScheduleForm,
) -> Result<ListPage, AppError> {
    let mut sessions = Vec::new();
    for session in listening::sessions(&state.store, staff).await? {
        sessions.push(SessionCard::of(state, &c, session, false).await?);
    }
    Ok(ListPage {
        c,
        sessions,
        may_manage: staff.role().may_manage_program(),
        form,
    })
}

async fn staff_list(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
) -> Result<ListPage, AppError> {
    let schools = state.store.schools(staff.0.district_id).await?;
    let input = SessionInput {
        time_zone: listening::DEFAULT_TIME_ZONE.key().to_owned(),
        ..SessionInput::default()
    };
    list_page(&state, &staff, c, ScheduleForm::new(input, schools)).await
}

async fn schedule(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    CsrfForm(input): CsrfForm<SessionInput>,
) -> Result<Response, AppError> {
    match listening::schedule(&state, &staff, &input).await? {
        Ok(session) => Ok(saved(session.id, "scheduled")),
        Err(msg) => {
            let schools = state.store.schools(staff.0.district_id).await?;
            let mut form = ScheduleForm::new(input, schools);
            form.error = Some(FormError::of(&c, &msg));
            let page = list_page(&state, &staff, c, form).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

fn saved(id: i64, what: &str) -> Response {
    Redirect::to(&format!("/program/listening-sessions/{id}?saved={what}")).into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "listening_session.html")]
struct SessionPage {
    c: Chrome,
    card: SessionCard,
    /// Empty unless the reader is a program admin.
    sign_ups: Vec<SignUp>,
    may_manage: bool,
    form: ScheduleForm,
    outcome: OutcomeInput,
    outcome_error: Option<FormError>,
    notice: Option<String>,
}

impl SessionPage {
    fn theme_rows(&self) -> Vec<ThemeInput> {
        let mut rows = self.outcome.themes.clone();
        rows.extend((0..BLANK_THEME_ROWS).map(|_| ThemeInput::default()));
        rows
    }
    fn interpretation_line(&self) -> String {
        let count = self
            .sign_ups
            .iter()
            .filter(|s| s.needs_interpretation != 0)
            .count();
        self.c
            .l
            .t_count("listening-interpretation-count", count as i64)
    }
}

/// What the forms of a session's page show when they are not showing what was just typed.
#[derive(Default)]
struct Typed {
    schedule: Option<SessionInput>,
    outcome: Option<OutcomeInput>,
}

async fn session_page(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    id: i64,
    typed: Typed,
) -> Result<SessionPage, AppError> {
    let session = listening::session(&state.store, staff, id).await?;
    let may_manage = staff.role().may_manage_program();
    let sign_ups = if may_manage {
        listening::sign_ups(&state.store, staff, id).await?
    } else {
        Vec::new()
    };
    let schools = state.store.schools(staff.0.district_id).await?;
    let input = typed.schedule.unwrap_or_else(|| SessionInput::of(&session));
    let card = SessionCard::of(state, &c, session, true).await?;
    let outcome = typed.outcome.unwrap_or_else(|| OutcomeInput {
        notes: card.session.notes.clone(),
        summary: card.session.summary.clone(),
        themes: card
            .themes
            .iter()
            .map(|t| ThemeInput {
                label: t.label.clone(),
                detail: t.detail.clone(),
            })
            .collect(),
    });
    Ok(SessionPage {
        c,
        card,
        sign_ups,
        may_manage,
        form: ScheduleForm::new(input, schools),
        outcome,
        outcome_error: None,
        notice: None,
    })
}

#[derive(serde::Deserialize)]
struct Saved {
    saved: Option<String>,
}

async fn staff_session(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    Query(saved): Query<Saved>,
) -> Result<SessionPage, AppError> {
    let key = saved.saved.map(|what| match what.as_str() {
        "scheduled" => "listening-notice-scheduled",
        "attendance" => "listening-notice-attendance",
        "outcome" => "listening-notice-outcome",
        _ => "listening-notice-saved",
    });
    let mut page = session_page(&state, &staff, c, id, Typed::default()).await?;
    page.notice = key.map(|k| page.c.l.t(k));
    Ok(page)
}

async fn update(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<SessionInput>,
) -> Result<Response, AppError> {
    match listening::update(&state.store, &staff, id, &input).await? {
        Ok(_) => Ok(saved(id, "saved")),
        Err(msg) => {
            let error = FormError::of(&c, &msg);
            let typed = Typed {
                schedule: Some(input),
                ..Typed::default()
            };
            let mut page = session_page(&state, &staff, c, id, typed).await?;
            page.form.error = Some(error);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(serde::Deserialize)]
struct AttendanceForm {
    #[serde(default)]
    attended: Vec<i64>,
}

async fn attendance(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AttendanceForm>,
) -> Result<Response, AppError> {
    listening::record_attendance(&state.store, &staff, id, &form.attended).await?;
    Ok(saved(id, "attendance"))
}

/// The outcome form: themes come as parallel lists of labels and details, one row each.
#[derive(serde::Deserialize)]
struct OutcomeForm {
    #[serde(default)]
    notes: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    theme_label: Vec<String>,
    #[serde(default)]
    theme_detail: Vec<String>,
}

impl From<OutcomeForm> for OutcomeInput {
    fn from(form: OutcomeForm) -> Self {
        let details = form
            .theme_detail
            .into_iter()
            .chain(std::iter::repeat(String::new()));
        OutcomeInput {
            notes: form.notes,
            summary: form.summary,
            themes: form
                .theme_label
                .into_iter()
                .zip(details)
                .map(|(label, detail)| ThemeInput { label, detail })
                .collect(),
        }
    }
}

async fn outcome(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<OutcomeForm>,
) -> Result<Response, AppError> {
    let input = OutcomeInput::from(form);
    match listening::record_outcome(&state.store, &staff, id, &input).await? {
        Ok(_) => Ok(saved(id, "outcome")),
        Err(msg) => {
            let error = FormError::of(&c, &msg);
            let mut typed = input;
            typed
                .themes
                .retain(|t| !(t.label.trim().is_empty() && t.detail.trim().is_empty()));
            let typed = Typed {
                outcome: Some(typed),
                ..Typed::default()
            };
            let mut page = session_page(&state, &staff, c, id, typed).await?;
            page.outcome_error = Some(error);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// How many upcoming and past sessions the public list shows.
const PUBLIC_UPCOMING: i64 = 50;
const PUBLIC_PAST: i64 = 20;

#[derive(Template, WebTemplate)]
#[template(path = "listening_public.html")]
struct PublicListPage {
    c: Chrome,
    district: District,
    upcoming: Vec<SessionCard>,
    past: Vec<SessionCard>,
}

impl PublicListPage {
    fn lead(&self) -> String {
        self.c.l.t_args(
            "listening-public-lead",
            &[("district", self.district.name.clone())],
        )
    }
}

async fn public_list(
    State(state): State<AppState>,
    c: Chrome,
    Path(slug): Path<String>,
) -> Result<PublicListPage, AppError> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    let now = accord_store::now();
    let mut upcoming = Vec::new();
    for session in state
        .store
        .upcoming_listening_sessions(district.id, now, PUBLIC_UPCOMING)
        .await?
    {
        upcoming.push(SessionCard::of(&state, &c, session, false).await?);
    }
    let mut past = Vec::new();
    for session in state
        .store
        .past_listening_sessions(district.id, now, PUBLIC_PAST)
        .await?
    {
        past.push(SessionCard::of(&state, &c, session, true).await?);
    }
    Ok(PublicListPage {
        c,
        district,
        upcoming,
        past,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "listening_public_session.html")]
struct PublicSessionPage {
    c: Chrome,
    district: District,
    card: SessionCard,
    /// Why nobody can sign up now (full, started, cancelled), or none while sign-up is open.
    closed: Option<String>,
    is_past: bool,
    input: SignUpInput,
    error: Option<FormError>,
    signed_up: bool,
}

impl PublicSessionPage {
    fn invalid(&self, field: &str) -> bool {
        self.error.as_ref().is_some_and(|e| e.field == field)
    }
    /// The languages a person may ask for: the session's, then its interpretation.
    fn language_choices(&self) -> Vec<&str> {
        let s = &self.card.session;
        s.language_list()
            .into_iter()
            .chain(s.interpretation_list())
            .collect()
    }
}

async fn public_session_page(
    state: &AppState,
    c: Chrome,
    slug: &str,
    id: i64,
    input: SignUpInput,
) -> Result<PublicSessionPage, AppError> {
    let district = crate::public_page::district(&state.store, slug).await?;
    let session = listening::session_of(&state.store, district.id, id).await?;
    let now = accord_store::now();
    // A party of one tells whether the session still takes anyone.
    let closed = accord_domain::listening::check_sign_up(&session.seats(), 1, now)
        .err()
        .map(|refusal| c.l.t(format!("listening-closed-{}", closed_key(refusal))));
    let is_past = session.ends_at <= now;
    let card = SessionCard::of(state, &c, session, true).await?;
    Ok(PublicSessionPage {
        c,
        district,
        card,
        closed,
        is_past,
        input,
        error: None,
        signed_up: false,
    })
}

fn closed_key(refusal: accord_domain::listening::SignUpRefusal) -> &'static str {
    use accord_domain::listening::SignUpRefusal::*;
    match refusal {
        Cancelled => "cancelled",
        Started | PartySize => "started",
        Full | TooFewLeft { .. } => "full",
    }
}

#[derive(serde::Deserialize)]
struct SignedUp {
    signed_up: Option<String>,
}

async fn public_session(
    State(state): State<AppState>,
    c: Chrome,
    Path((slug, id)): Path<(String, i64)>,
    Query(signed_up): Query<SignedUp>,
) -> Result<PublicSessionPage, AppError> {
    let mut page = public_session_page(&state, c, &slug, id, SignUpInput::default()).await?;
    page.signed_up = signed_up.signed_up.is_some();
    Ok(page)
}

async fn sign_up(
    State(state): State<AppState>,
    c: Chrome,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(input): CsrfForm<SignUpInput>,
) -> Result<Response, AppError> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    let outcome =
        listening::sign_up(&state.store, district.id, id, &input, accord_store::now()).await?;
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!(
            "/districts/{slug}/listening-sessions/{id}?signed_up=1"
        ))
        .into_response()),
        Err(problem) => {
            let error = FormError::of(&c, problem.message());
            let mut page = public_session_page(&state, c, &slug, id, input).await?;
            page.error = Some(error);
            let status = match problem {
                listening::SignUpProblem::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
                listening::SignUpProblem::Closed(_) => StatusCode::CONFLICT,
            };
            Ok((status, page).into_response())
        }
    }
}
