//! The program's pages: the overdue dashboards, agencies, the staff list; the person page and its forms
//! live in [`person`]. Rules and scoping are `crate::program`'s.

mod agreements;
mod calls;
mod calls_import;
mod catalogue;
mod ospi;
mod person;

pub(crate) use person::CsrfMultipart;

use super::Chrome;
use crate::AppState;
use crate::auth::Staff;
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::program::{self, AgencyInput, Dashboard, Person, StaffInput};
use accord_domain::training::{AgencyKind, StaffType};
use accord_store::Agency;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/program", get(overview))
        .route("/program/agencies", get(agencies).post(add_agency))
        .route("/program/agencies/{id}/liaisons", post(link_liaison))
        .route("/program/staff", get(staff_list).post(add_staff))
        .merge(person::routes())
        .merge(catalogue::routes())
        .merge(calls::routes())
        .merge(agreements::routes())
        .merge(calls_import::routes())
        .merge(ospi::routes())
}

/// Labels for keys, in the visitor's language.
impl Chrome {
    pub fn staff_type_label(&self, key: &str) -> String {
        self.l.t(format!("program-staff-type-{key}"))
    }
    pub fn agency_kind_label(&self, key: &str) -> String {
        self.l.t(format!("program-agency-kind-{key}"))
    }
    pub fn standing_label(&self, key: &str) -> String {
        self.l.t(format!("program-standing-{key}"))
    }
    pub fn item_state_label(&self, key: &str) -> String {
        self.l.t(format!("program-item-{key}"))
    }
    pub fn audit_action_label(&self, key: &str) -> String {
        self.l.t(format!("program-action-{key}"))
    }
}

/// A form's message and the field it is about.
pub struct FormError {
    pub message: String,
    pub field: &'static str,
}

impl FormError {
    pub(crate) fn of(c: &Chrome, msg: &Msg) -> FormError {
        FormError {
            message: c.l.msg(msg),
            field: msg.field.unwrap_or(""),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "program_dashboard.html")]
struct OverviewPage {
    c: Chrome,
    dashboard: Dashboard,
    overdue: Vec<Person>,
    scoped: bool,
}

impl OverviewPage {
    fn tables(&self) -> [(&'static str, &[program::OverdueRow]); 2] {
        [
            ("program-overdue-by-school", &self.dashboard.by_school),
            ("program-overdue-by-agency", &self.dashboard.by_agency),
        ]
    }
}

async fn overview(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
) -> Result<OverviewPage, AppError> {
    let scope = program::scope_of(&state.store, &staff).await?;
    let today = program::today();
    let people = program::people(&state.store, scope, today).await?;
    let dashboard = program::dashboard(&people, today);
    let overdue = people
        .into_iter()
        .filter(|p| p.status.overdue().next().is_some())
        .collect();
    Ok(OverviewPage {
        c,
        dashboard,
        overdue,
        scoped: scope.agency_id.is_some(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "program_agencies.html")]
struct AgenciesPage {
    c: Chrome,
    agencies: Vec<Agency>,
    kinds: Vec<&'static str>,
    may_manage: bool,
    input: AgencyInput,
    error: Option<FormError>,
    liaison_error: Option<(i64, FormError)>,
    notice: Option<String>,
}

async fn agencies_page(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    input: AgencyInput,
) -> Result<AgenciesPage, AppError> {
    let scope = program::scope_of(&state.store, staff).await?;
    let agencies = state
        .store
        .agencies(scope.district_id)
        .await?
        .into_iter()
        .filter(|a| scope.agency_id.is_none_or(|id| id == a.id))
        .collect();
    Ok(AgenciesPage {
        c,
        agencies,
        kinds: AgencyKind::ALL.iter().map(|k| k.key()).collect(),
        may_manage: staff.role().may_manage_program(),
        input,
        error: None,
        liaison_error: None,
        notice: None,
    })
}

async fn agencies(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
) -> Result<AgenciesPage, AppError> {
    agencies_page(&state, &staff, c, AgencyInput::default()).await
}

async fn add_agency(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    CsrfForm(input): CsrfForm<AgencyInput>,
) -> Result<Response, AppError> {
    match program::add_agency(&state.store, &staff, &input).await? {
        Ok(_) => Ok(Redirect::to("/program/agencies").into_response()),
        Err(msg) => {
            let error = Some(FormError::of(&c, &msg));
            let mut page = agencies_page(&state, &staff, c, input).await?;
            page.error = error;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(serde::Deserialize)]
struct LiaisonForm {
    #[serde(default)]
    email: String,
}

async fn link_liaison(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<LiaisonForm>,
) -> Result<Response, AppError> {
    match program::link_liaison(&state.store, &staff, id, &form.email).await? {
        Ok(()) => {
            let notice = Some(c.l.t("program-liaison-linked"));
            let mut page = agencies_page(&state, &staff, c, AgencyInput::default()).await?;
            page.notice = notice;
            Ok(page.into_response())
        }
        Err(msg) => {
            let error = FormError::of(&c, &msg);
            let mut page = agencies_page(&state, &staff, c, AgencyInput::default()).await?;
            page.liaison_error = Some((id, error));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "program_staff.html")]
struct StaffPage {
    c: Chrome,
    people: Vec<Person>,
    agencies: Vec<Agency>,
    types: Vec<&'static str>,
    input: StaffInput,
    error: Option<FormError>,
}

async fn staff_page(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    input: StaffInput,
    error: Option<FormError>,
) -> Result<StaffPage, AppError> {
    let scope = program::scope_of(&state.store, staff).await?;
    let people = program::people(&state.store, scope, program::today()).await?;
    let agencies = state
        .store
        .agencies(scope.district_id)
        .await?
        .into_iter()
        .filter(|a| scope.agency_id.is_none_or(|id| id == a.id))
        .collect();
    Ok(StaffPage {
        c,
        people,
        agencies,
        types: StaffType::ALL.iter().map(|t| t.key()).collect(),
        input,
        error,
    })
}

async fn staff_list(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
) -> Result<StaffPage, AppError> {
    staff_page(&state, &staff, c, StaffInput::default(), None).await
}

async fn add_staff(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    CsrfForm(input): CsrfForm<StaffInput>,
) -> Result<Response, AppError> {
    match program::add_staff(&state.store, &staff, &input).await? {
        Ok(member) => Ok(Redirect::to(&format!("/program/staff/{}", member.id)).into_response()),
        Err(msg) => {
            let error = Some(FormError::of(&c, &msg));
            let page = staff_page(&state, &staff, c, input, error).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
