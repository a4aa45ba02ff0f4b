//! The training catalogue page (`/program/training`): everyone who sees the program reads it; program
//! admins add requirements, edit them and retire them. Rules are `crate::catalogue`'s.

use super::FormError;
use crate::AppState;
use crate::auth::Staff;
use crate::catalogue::{self, RequirementInput};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::pages::Chrome;
use accord_domain::training::{RequirementKind, StaffType};
use accord_store::RequirementRecord;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/program/training", get(show).post(add))
        .route("/program/training/{id}", post(update))
}

/// A catalogue row with what its edit form shows (what was typed, after a refused edit).
pub struct Row {
    pub record: RequirementRecord,
    pub input: RequirementInput,
    pub error: Option<FormError>,
}

#[derive(Template, WebTemplate)]
#[template(path = "program_catalogue.html")]
struct CataloguePage {
    c: Chrome,
    rows: Vec<Row>,
    may_manage: bool,
    input: RequirementInput,
    error: Option<FormError>,
}

impl CataloguePage {
    fn kinds(&self) -> &'static [RequirementKind] {
        RequirementKind::ALL
    }
    fn staff_types(&self) -> &'static [StaffType] {
        StaffType::ALL
    }
    fn types_of(&self, record: &RequirementRecord) -> String {
        let labels: Vec<String> = record
            .staff_types
            .split(',')
            .map(|t| self.c.staff_type_label(t))
            .collect();
        labels.join(", ")
    }
}

async fn page(state: &AppState, staff: &Staff, c: Chrome) -> Result<CataloguePage, AppError> {
    let rows = catalogue::records(&state.store, staff)
        .await?
        .into_iter()
        .map(|record| Row {
            input: RequirementInput::of(&record),
            record,
            error: None,
        })
        .collect();
    Ok(CataloguePage {
        c,
        rows,
        may_manage: staff.role().may_manage_program(),
        input: RequirementInput {
            required_units: "1".into(),
            deadline_months: "6".into(),
            ..RequirementInput::default()
        },
        error: None,
    })
}

async fn show(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
) -> Result<CataloguePage, AppError> {
    page(&state, &staff, c).await
}

async fn refused(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    row: Option<i64>,
    input: RequirementInput,
    msg: &Msg,
) -> Result<Response, AppError> {
    let error = FormError::of(&c, msg);
    let mut page = page(state, staff, c).await?;
    match page.rows.iter_mut().find(|r| Some(r.record.id) == row) {
        Some(row) => {
            row.input = input;
            row.error = Some(error);
        }
        None => {
            page.input = input;
            page.error = Some(error);
        }
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn add(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    CsrfForm(input): CsrfForm<RequirementInput>,
) -> Result<Response, AppError> {
    match catalogue::add(&state.store, &staff, &input).await? {
        Ok(_) => Ok(Redirect::to("/program/training").into_response()),
        Err(msg) => refused(&state, &staff, c, None, input, &msg).await,
    }
}

async fn update(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<RequirementInput>,
) -> Result<Response, AppError> {
    match catalogue::update(&state.store, &staff, id, &input).await? {
        Ok(_) => Ok(Redirect::to(&format!("/program/training#requirement-{id}")).into_response()),
        Err(msg) => refused(&state, &staff, c, Some(id), input, &msg).await,
    }
}
