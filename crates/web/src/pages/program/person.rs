//! A person's page: training status with what is missing and overdue, the plan, assignment history,
//! training records with evidence; the forms to record training (with an uploaded file), verify, waive,
//! plan and assign (the gate's refusal shown with the exact missing items and the typed values kept);
//! and, for admins, a record's history.

use super::FormError;
use crate::AppState;
use crate::auth::Staff;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::pages::Chrome;
use crate::program::{
    self, AssignmentInput, Person, PlanInput, Refusal, TrainingInput, WaiverInput,
};
use accord_domain::training::EVIDENCE_MAX_BYTES;
use accord_store::{AuditEntry, CatalogueEntry, School};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/program/staff/{id}", get(show))
        .route(
            "/program/staff/{id}/training",
            post(record).layer(DefaultBodyLimit::max(EVIDENCE_MAX_BYTES + 1024 * 1024)),
        )
        .route("/program/staff/{id}/waivers", post(waive))
        .route("/program/staff/{id}/plan", post(save_plan))
        .route("/program/staff/{id}/plan/approve", post(approve_plan))
        .route("/program/staff/{id}/assignments", post(assign))
        .route("/program/records/{id}/verify", post(verify))
        .route("/program/evidence/{id}", get(evidence))
        .route("/program/history/{table}/{id}", get(history))
}

/// Which form an error belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Training,
    Waiver,
    Plan,
    Assignment,
}

#[derive(Template, WebTemplate)]
#[template(path = "program_person.html")]
struct PersonPage {
    c: Chrome,
    person: Person,
    catalogue: Vec<CatalogueEntry>,
    schools: Vec<School>,
    may_manage: bool,
    training: TrainingInput,
    waiver: WaiverInput,
    plan: PlanInput,
    assignment: AssignmentInput,
    error: Option<(Form, FormError)>,
    /// The gate's list of what is missing, with the assignment form's error.
    missing: Vec<String>,
    notice: Option<String>,
    /// Complaints about this person, for those who handle complaints.
    complaints: Vec<crate::complaints::ListedComplaint>,
}

impl PersonPage {
    fn error_for(&self, form: Form) -> Option<&FormError> {
        self.error
            .as_ref()
            .filter(|(f, _)| *f == form)
            .map(|(_, e)| e)
    }
    fn invalid(&self, form: Form, field: &str) -> bool {
        self.error_for(form).is_some_and(|e| e.field == field)
    }
    fn missing_lines(&self) -> Vec<String> {
        self.person
            .status
            .missing()
            .map(|i| program::missing_line(&self.c.l, i))
            .collect()
    }
}

#[derive(Default)]
struct Inputs {
    training: TrainingInput,
    waiver: WaiverInput,
    plan: PlanInput,
    assignment: AssignmentInput,
}

async fn page(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    id: i64,
    inputs: Inputs,
) -> Result<PersonPage, AppError> {
    let scope = program::scope_of(&state.store, staff).await?;
    let person = program::person(&state.store, scope, id).await?;
    let plan = match (&inputs.plan.complete_by, &person.plan) {
        (typed, Some(saved)) if typed.is_empty() => PlanInput {
            complete_by: saved.complete_by.clone(),
            note: saved.note.clone(),
        },
        _ => inputs.plan,
    };
    Ok(PersonPage {
        catalogue: state.store.training_catalogue(scope.district_id).await?,
        schools: state.store.schools(scope.district_id).await?,
        may_manage: staff.role().may_manage_program(),
        person,
        training: inputs.training,
        waiver: inputs.waiver,
        plan,
        assignment: inputs.assignment,
        error: None,
        missing: Vec::new(),
        notice: None,
        complaints: crate::complaints::about_staff(&state.store, staff, id, program::today())
            .await?,
        c,
    })
}

#[derive(serde::Deserialize)]
struct Notice {
    saved: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    axum::extract::Query(notice): axum::extract::Query<Notice>,
) -> Result<PersonPage, AppError> {
    let key = notice.saved.map(|what| match what.as_str() {
        "training" => "program-notice-training",
        "verified" => "program-notice-verified",
        "waiver" => "program-notice-waiver",
        "plan" => "program-notice-plan",
        "approved" => "program-notice-approved",
        "assignment" => "program-notice-assignment",
        _ => "program-notice-saved",
    });
    let mut page = page(&state, &staff, c, id, Inputs::default()).await?;
    page.notice = key.map(|k| page.c.l.t(k));
    Ok(page)
}

fn saved(id: i64, what: &str) -> Response {
    Redirect::to(&format!("/program/staff/{id}?saved={what}")).into_response()
}

async fn refused(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    id: i64,
    inputs: Inputs,
    form: Form,
    msg: &Msg,
) -> Result<Response, AppError> {
    let error = FormError::of(&c, msg);
    let mut page = page(state, staff, c, id, inputs).await?;
    page.error = Some((form, error));
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// A multipart form (an evidence upload, a calls file, a complaint) whose CSRF token has been
/// checked: its text fields, the bytes of its `evidence` or `file` file, and of each non-empty
/// `attachments` file.
pub(crate) struct CsrfMultipart {
    pub(crate) fields: HashMap<String, String>,
    pub(crate) file: Option<Vec<u8>>,
    pub(crate) files: Vec<Vec<u8>>,
}

impl<S: Send + Sync> FromRequest<S> for CsrfMultipart {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let mut multipart =
            Multipart::from_request(Request::from_parts(parts.clone(), body), state)
                .await
                .map_err(|e| AppError::Malformed(e.body_text()))?;
        let mut fields = HashMap::new();
        let mut file = None;
        let mut files = Vec::new();
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|_| AppError::TooLarge)?
        {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "attachments" || name == "evidence" || name == "file" {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| AppError::TooLarge)?
                    .to_vec();
                if name != "attachments" {
                    file = Some(bytes);
                } else if !bytes.is_empty() {
                    files.push(bytes);
                }
            } else {
                let text = field.text().await.map_err(|_| AppError::TooLarge)?;
                fields.insert(name, text);
            }
        }
        crate::csrf::check(
            &parts,
            fields.get(crate::csrf::CSRF_FIELD).map(String::as_str),
        )?;
        Ok(CsrfMultipart {
            fields,
            file,
            files,
        })
    }
}

async fn record(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    form: CsrfMultipart,
) -> Result<Response, AppError> {
    let field = |name: &str| form.fields.get(name).cloned().unwrap_or_default();
    let input = TrainingInput {
        requirement: field("requirement"),
        completed_on: field("completed_on"),
        provider: field("provider"),
        hours: field("hours"),
        units: field("units"),
    };
    match program::record_training(&state.store, &staff, id, &input, form.file).await? {
        Ok(_) => Ok(saved(id, "training")),
        Err(msg) => {
            let inputs = Inputs {
                training: input,
                ..Inputs::default()
            };
            refused(&state, &staff, c, id, inputs, Form::Training, &msg).await
        }
    }
}

async fn waive(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<WaiverInput>,
) -> Result<Response, AppError> {
    match program::waive(&state.store, &staff, id, &input).await? {
        Ok(_) => Ok(saved(id, "waiver")),
        Err(msg) => {
            let inputs = Inputs {
                waiver: input,
                ..Inputs::default()
            };
            refused(&state, &staff, c, id, inputs, Form::Waiver, &msg).await
        }
    }
}

async fn save_plan(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<PlanInput>,
) -> Result<Response, AppError> {
    match program::save_plan(&state.store, &staff, id, &input).await? {
        Ok(_) => Ok(saved(id, "plan")),
        Err(msg) => {
            let inputs = Inputs {
                plan: input,
                ..Inputs::default()
            };
            refused(&state, &staff, c, id, inputs, Form::Plan, &msg).await
        }
    }
}

async fn approve_plan(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    program::approve_plan(&state.store, &staff, id).await?;
    Ok(saved(id, "approved"))
}

async fn assign(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<AssignmentInput>,
) -> Result<Response, AppError> {
    let refusal: Refusal = match program::assign(&state.store, &staff, id, &input).await? {
        Ok(_) => return Ok(saved(id, "assignment")),
        Err(refusal) => refusal,
    };
    let error = FormError::of(&c, &refusal.message);
    let missing = refusal.lines(&c.l);
    let inputs = Inputs {
        assignment: input,
        ..Inputs::default()
    };
    let mut page = page(&state, &staff, c, id, inputs).await?;
    page.error = Some((Form::Assignment, error));
    page.missing = missing;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn verify(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let record = program::verify(&state.store, &staff, id).await?;
    Ok(saved(record.staff_id, "verified"))
}

/// An evidence file, for those who may see its person; sent as an attachment of its sniffed type.
async fn evidence(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let scope = program::scope_of(&state.store, &staff).await?;
    let file = state.store.evidence(id).await?.ok_or(AppError::NotFound)?;
    program::person(&state.store, scope, file.staff_id).await?;
    crate::pages::stored_file(&file.media_type, file.content)
}

#[derive(Template, WebTemplate)]
#[template(path = "program_history.html")]
struct HistoryPage {
    c: Chrome,
    table: String,
    record_id: i64,
    entries: Vec<AuditEntry>,
}

impl HistoryPage {
    fn when(&self, at: &i64) -> String {
        crate::pages::utc_minute(*at)
    }
}

async fn history(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path((table, id)): Path<(String, i64)>,
) -> Result<HistoryPage, AppError> {
    let entries = program::history(&state.store, &staff, &table, id).await?;
    Ok(HistoryPage {
        c,
        table,
        record_id: id,
        entries,
    })
}
