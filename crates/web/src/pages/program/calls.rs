//! Calls for service, for the records clerk and the program admin: the list by school year (no
//! student data), one call with its students (each opening audited), and the entry and edit form. The
//! checks are `crate::calls`'s.

use crate::AppState;
use crate::auth::Staff;
use crate::calls::{self, CallChoices, CallForm, FormAction};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::pages::Chrome;
use accord_domain::calls::{GRADES, Gender, Outcome, Race, Requester, StudentRole};
use accord_domain::documents::SchoolYear;
use accord_store::{Actor, CallSummary, StoredCall};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/program/calls", get(list))
        .route("/program/calls/new", get(new_form).post(create))
        .route(
            "/program/calls/offense-types",
            get(offense_types).post(save_offense_types),
        )
        .route("/program/calls/{id}", get(show))
        .route("/program/calls/{id}/edit", get(edit_form).post(update))
}

/// Code labels in the visitor's language (`code-{list}-{key}` in the translations).
impl Chrome {
    pub fn code_label(&self, list: &str, key: &str) -> String {
        self.l.t(format!("code-{list}-{key}"))
    }

    pub fn school_year_label(&self, first_year: &i32) -> String {
        SchoolYear::starting(*first_year).map_or_else(|| first_year.to_string(), |y| y.label)
    }
}

#[derive(serde::Deserialize)]
struct YearQuery {
    year: Option<String>,
}

impl YearQuery {
    /// The year asked for ("2024" or "2024-25"), else the newest of `years`.
    fn pick(&self, years: &[i32]) -> Option<i32> {
        let asked = self.year.as_deref().and_then(|text| {
            text.trim()
                .parse::<i32>()
                .ok()
                .or_else(|| SchoolYear::parse(text).map(|y| y.starts_on.year()))
        });
        asked.or_else(|| years.first().copied())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "program_calls.html")]
struct ListPage {
    c: Chrome,
    years: Vec<i32>,
    year: Option<i32>,
    calls: Vec<CallSummary>,
    choices: CallChoices,
}

async fn list(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Query(query): Query<YearQuery>,
) -> Result<ListPage, AppError> {
    let district_id = calls::district_of(&staff)?;
    let years = state.store.call_years(district_id).await?;
    let year = query.pick(&years);
    let calls = match year {
        Some(year) => state.store.calls(district_id, Some(year)).await?,
        None => Vec::new(),
    };
    Ok(ListPage {
        c,
        years,
        year,
        calls,
        choices: CallChoices::of(&state.store, district_id).await?,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "program_call.html")]
struct CallPage {
    c: Chrome,
    stored: StoredCall,
    choices: CallChoices,
    r7: bool,
}

async fn show(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<CallPage, AppError> {
    let district_id = calls::district_of(&staff)?;
    let stored = state
        .store
        .call(district_id, id, &Actor::user(&staff.0))
        .await?;
    Ok(CallPage {
        c,
        r7: stored.call.reportable_under_r7(),
        stored,
        choices: CallChoices::of(&state.store, district_id).await?,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "program_call_form.html")]
struct FormPage {
    c: Chrome,
    form: CallForm,
    choices: CallChoices,
    /// The call being edited (its id cannot change), or None for a new one.
    editing: Option<i64>,
    error: Option<(String, String)>,
}

impl FormPage {
    fn action(&self) -> String {
        self.editing.map_or_else(
            || "/program/calls/new".into(),
            |id| format!("/program/calls/{id}/edit"),
        )
    }
    fn invalid(&self, id: &str) -> bool {
        self.error.as_ref().is_some_and(|(field, _)| field == id)
    }
    fn requesters(&self) -> &'static [Requester] {
        Requester::ALL
    }
    fn roles(&self) -> &'static [StudentRole] {
        StudentRole::ALL
    }
    fn genders(&self) -> &'static [Gender] {
        Gender::ALL
    }
    fn races(&self) -> &'static [Race] {
        Race::ALL
    }
    fn outcomes(&self) -> &'static [Outcome] {
        Outcome::ALL
    }
    fn grades(&self) -> &'static [&'static str] {
        &GRADES
    }
}

async fn form_page(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    form: CallForm,
    editing: Option<i64>,
) -> Result<FormPage, AppError> {
    let district_id = calls::district_of(staff)?;
    Ok(FormPage {
        c,
        form,
        choices: CallChoices::of(&state.store, district_id).await?,
        editing,
        error: None,
    })
}

async fn new_form(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
) -> Result<FormPage, AppError> {
    form_page(&state, &staff, c, CallForm::blank(), None).await
}

async fn edit_form(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<FormPage, AppError> {
    let district_id = calls::district_of(&staff)?;
    let stored = state
        .store
        .call(district_id, id, &Actor::user(&staff.0))
        .await?;
    form_page(&state, &staff, c, CallForm::of(&stored.call), Some(id)).await
}

async fn create(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    submit(&state, &staff, c, CallForm::from_pairs(&pairs), None).await
}

async fn update(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    submit(&state, &staff, c, CallForm::from_pairs(&pairs), Some(id)).await
}

/// Saves the call, or shows the form again: with one more or one fewer student when that button
/// was pressed, or with the message and everything typed when something is wrong.
async fn submit(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    form: CallForm,
    editing: Option<i64>,
) -> Result<Response, AppError> {
    if form.action != FormAction::Save {
        return Ok(form_page(state, staff, c, form, editing)
            .await?
            .into_response());
    }
    let existing_key = match editing {
        Some(id) => {
            let district_id = calls::district_of(staff)?;
            Some(
                state
                    .store
                    .call(district_id, id, &Actor::user(&staff.0))
                    .await?
                    .call
                    .call_key,
            )
        }
        None => None,
    };
    match calls::save(&state.store, staff, &form, existing_key.as_deref()).await? {
        Ok(saved) => Ok(Redirect::to(&format!("/program/calls/{}", saved.id)).into_response()),
        Err(msg) => refused(state, staff, c, form, editing, &msg).await,
    }
}

async fn refused(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    form: CallForm,
    editing: Option<i64>,
    msg: &Msg,
) -> Result<Response, AppError> {
    let error = (calls::input_id(msg), c.l.msg(msg));
    let mut page = form_page(state, staff, c, form, editing).await?;
    page.error = Some(error);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "program_offense_types.html")]
struct OffenseTypesPage {
    c: Chrome,
    text: String,
    may_manage: bool,
    error: Option<String>,
    saved: bool,
}

#[derive(serde::Deserialize)]
struct Saved {
    saved: Option<String>,
}

async fn offense_types(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Query(saved): Query<Saved>,
) -> Result<OffenseTypesPage, AppError> {
    let district_id = calls::district_of(&staff)?;
    let types = state.store.offense_types(district_id).await?;
    Ok(OffenseTypesPage {
        c,
        text: calls::offense_lines(&types),
        may_manage: staff.role().may_manage_program(),
        error: None,
        saved: saved.saved.is_some(),
    })
}

#[derive(serde::Deserialize)]
struct OffenseTypesInput {
    offenses: String,
}

async fn save_offense_types(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    CsrfForm(input): CsrfForm<OffenseTypesInput>,
) -> Result<Response, AppError> {
    match calls::save_offense_types(&state.store, &staff, &input.offenses).await? {
        Ok(()) => Ok(Redirect::to("/program/calls/offense-types?saved=1").into_response()),
        Err(msg) => {
            let page = OffenseTypesPage {
                error: Some(c.l.msg(&msg)),
                c,
                text: input.offenses,
                may_manage: true,
                saved: false,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
