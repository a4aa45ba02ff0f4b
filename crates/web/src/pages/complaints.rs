//! Complaints' pages. For anyone, without an account: the form to file one (phone-sized, with
//! attachments), the confirmation with the tracking code, and the tracking page (the code typed in a
//! form and posted, so it never lands in a URL or a log). For staff under /program/complaints: the
//! list with its overdue view, one complaint with its forms (assign, steps, notes, allegations and
//! findings, the written response, sharing with the agency), an attachment, the deadline settings.
//! Rules and who sees what are `crate::complaints`'.

use super::Chrome;
use super::program::{CsrfMultipart, FormError};
use crate::AppState;
use crate::auth::Staff;
use crate::complaints::{
    self, Access, ComplaintInput, FilingChoices, ListedComplaint, MAX_ATTACHMENTS, SettingsInput,
};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::limits::ClientAddress;
use crate::program;
use accord_domain::complaints::{Category, Finding, Step};
use accord_domain::training::EVIDENCE_MAX_BYTES;
use accord_store::{ComplaintRecord, District, TrackedComplaint, User};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/districts/{slug}/complaints/new", get(new_form))
        .route(
            "/districts/{slug}/complaints",
            post(file).layer(DefaultBodyLimit::max(
                MAX_ATTACHMENTS * EVIDENCE_MAX_BYTES + 1024 * 1024,
            )),
        )
        .route(
            "/districts/{slug}/complaints/track",
            get(track_form).post(track),
        )
        .route("/districts/{slug}/complaints/counts.csv", get(counts_csv))
        .route("/program/complaints", get(list))
        .route(
            "/program/complaints/settings",
            get(settings).post(save_settings),
        )
        .route("/program/complaints/{id}", get(show))
        .route("/program/complaints/{id}/assign", post(assign))
        .route("/program/complaints/{id}/step", post(step))
        .route("/program/complaints/{id}/notes", post(note))
        .route("/program/complaints/{id}/allegations", post(allegation))
        .route(
            "/program/complaints/{id}/allegations/{allegation}/finding",
            post(finding),
        )
        .route("/program/complaints/{id}/response", post(response))
        .route("/program/complaints/{id}/share", post(share))
        .route("/program/complaint-attachments/{id}", get(attachment))
}

impl Chrome {
    pub fn complaint_status_label(&self, key: &str) -> String {
        self.l.t(format!("complaint-status-{key}"))
    }
    pub fn complaint_category_label(&self, key: &str) -> String {
        self.l.t(format!("complaint-category-{key}"))
    }
    pub fn complaint_finding_label(&self, key: &str) -> String {
        if key.is_empty() {
            self.l.t("complaint-finding-none")
        } else {
            self.l.t(format!("complaint-finding-{key}"))
        }
    }
    pub fn complaint_step_label(&self, key: &str) -> String {
        self.l.t(format!("complaint-step-{key}"))
    }
}

fn category_keys() -> Vec<&'static str> {
    Category::ALL.iter().map(|c| c.key()).collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "complaint_new.html")]
struct NewPage {
    c: Chrome,
    district: District,
    choices: FilingChoices,
    categories: Vec<&'static str>,
    input: ComplaintInput,
    error: Option<FormError>,
    max_attachments: usize,
    max_megabytes: usize,
}

impl NewPage {
    fn invalid(&self, field: &str) -> bool {
        self.error.as_ref().is_some_and(|e| e.field == field)
    }
}

async fn new_page(
    state: &AppState,
    c: Chrome,
    slug: &str,
    input: ComplaintInput,
) -> Result<NewPage, AppError> {
    let district = crate::public_page::district(&state.store, slug).await?;
    Ok(NewPage {
        choices: FilingChoices::of(&state.store, district.id).await?,
        district,
        categories: category_keys(),
        input,
        error: None,
        max_attachments: MAX_ATTACHMENTS,
        max_megabytes: EVIDENCE_MAX_BYTES / (1024 * 1024),
        c,
    })
}

async fn new_form(
    State(state): State<AppState>,
    c: Chrome,
    Path(slug): Path<String>,
) -> Result<NewPage, AppError> {
    new_page(&state, c, &slug, ComplaintInput::default()).await
}

#[derive(Template, WebTemplate)]
#[template(path = "complaint_filed.html")]
struct FiledPage {
    c: Chrome,
    district: District,
    code: String,
    anonymous: bool,
}

async fn file(
    State(state): State<AppState>,
    c: Chrome,
    ClientAddress(client): ClientAddress,
    Path(slug): Path<String>,
    form: CsrfMultipart,
) -> Result<Response, AppError> {
    let input = ComplaintInput::from_fields(&form.fields);
    let district = crate::public_page::district(&state.store, &slug).await?;
    let refused = |c: Chrome, msg: Msg, status: StatusCode| {
        let state = state.clone();
        let input = input.clone();
        let slug = slug.clone();
        async move {
            let error = FormError::of(&c, &msg);
            let mut page = new_page(&state, c, &slug, input).await?;
            page.error = Some(error);
            Ok::<Response, AppError>((status, page).into_response())
        }
    };
    if !state.limits.admit_filing(client).await {
        let msg = Msg::new("complaint-slow-down");
        return refused(c, msg, StatusCode::TOO_MANY_REQUESTS).await;
    }
    let language = c.l.code;
    match complaints::file(
        &state.store,
        &state.settings.public_url,
        &district,
        &input,
        form.files,
        language,
    )
    .await?
    {
        Ok(code) => {
            let anonymous = input.name.trim().is_empty()
                && input.email.trim().is_empty()
                && input.phone.trim().is_empty();
            Ok(FiledPage {
                c,
                district,
                code,
                anonymous,
            }
            .into_response())
        }
        Err(msg) => refused(c, msg, StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "complaint_track.html")]
struct TrackPage {
    c: Chrome,
    district: District,
    tracked: Option<TrackedComplaint>,
    error: Option<String>,
}

impl TrackPage {
    fn when(&self, at: &i64) -> String {
        time::OffsetDateTime::from_unix_timestamp(*at)
            .map(|t| t.date().to_string())
            .unwrap_or_default()
    }
}

async fn track_form(
    State(state): State<AppState>,
    c: Chrome,
    Path(slug): Path<String>,
) -> Result<TrackPage, AppError> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    Ok(TrackPage {
        c,
        district,
        tracked: None,
        error: None,
    })
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn track(
    State(state): State<AppState>,
    c: Chrome,
    ClientAddress(client): ClientAddress,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    if !state.limits.lookup(client) {
        let error = Some(c.l.t("complaint-track-slow-down"));
        let page = TrackPage {
            c,
            district,
            tracked: None,
            error,
        };
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    }
    let tracked = complaints::track(&state.store, district.id, &form.code).await?;
    let status = if tracked.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let error = tracked
        .is_none()
        .then(|| c.l.t("complaint-track-not-found"));
    let page = TrackPage {
        c,
        district,
        tracked,
        error,
    };
    Ok((status, page).into_response())
}

/// The public counts of the latest school year as CSV.
async fn counts_csv(
    State(state): State<AppState>,
    c: Chrome,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let district = crate::public_page::district(&state.store, &slug).await?;
    let counts = complaints::public_counts(&state.store, district.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = counts.csv(&c.l).map_err(|e| AppError::Internal(e.into()))?;
    Ok(super::calls_report::csv_download(
        &format!("complaints-{}-{}.csv", district.slug, counts.school_year),
        body,
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "complaints.html")]
struct ListPage {
    c: Chrome,
    complaints: Vec<ListedComplaint>,
    overdue_only: bool,
    overdue: usize,
    handles: bool,
    choices: FilingChoices,
}

impl ListPage {
    fn school_name(&self, id: &i64) -> String {
        self.choices
            .schools
            .iter()
            .find(|s| s.id == *id)
            .map_or_else(String::new, |s| s.name.clone())
    }
}

#[derive(Deserialize)]
struct ListQuery {
    view: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Query(query): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let access = complaints::access_of(&state.store, &staff).await?;
    let all = complaints::list(&state.store, &staff, program::today()).await?;
    let overdue = all.iter().filter(|c| c.is_overdue()).count();
    let overdue_only = query.view.as_deref() == Some("overdue");
    Ok(ListPage {
        complaints: all
            .into_iter()
            .filter(|c| !overdue_only || c.is_overdue())
            .collect(),
        overdue_only,
        overdue,
        handles: access.handles(),
        choices: FilingChoices {
            schools: state.store.schools(staff.0.district_id).await?,
            staff: Vec::new(),
        },
        c,
    })
}

/// Which form on the complaint's page an error belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Assign,
    Step,
    Note,
    Allegation,
    Finding,
    Response,
}

/// What was typed in the complaint page's forms, kept after a mistake.
#[derive(Default)]
struct Typed {
    note: String,
    allegation: String,
    response: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "complaint.html")]
struct ComplaintPage {
    c: Chrome,
    record: ComplaintRecord,
    listed: ListedComplaint,
    handles: bool,
    school: String,
    staff_name: String,
    staff_link: bool,
    investigators: Vec<User>,
    steps: Vec<&'static str>,
    findings: Vec<&'static str>,
    typed: Typed,
    error: Option<(Form, FormError)>,
    notice: Option<String>,
}

impl ComplaintPage {
    fn error_for(&self, form: Form) -> Option<&FormError> {
        self.error
            .as_ref()
            .filter(|(f, _)| *f == form)
            .map(|(_, e)| e)
    }
    fn investigator_name(&self) -> String {
        let id = self.record.complaint.investigator_id;
        self.investigators
            .iter()
            .find(|u| Some(u.id) == id)
            .map_or_else(
                || self.c.l.t("complaint-no-investigator"),
                |u| u.name.clone(),
            )
    }
    fn when(&self, at: &i64) -> String {
        crate::pages::utc_minute(*at)
    }
    fn response_text(&self) -> &str {
        self.typed
            .response
            .as_deref()
            .unwrap_or(&self.record.complaint.response_draft)
    }
}

async fn complaint_page(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    id: i64,
    typed: Typed,
) -> Result<ComplaintPage, AppError> {
    let (access, record) = complaints::record(&state.store, staff, id).await?;
    let district_id = staff.0.district_id;
    let school = state
        .store
        .schools(district_id)
        .await?
        .into_iter()
        .find(|s| s.id == record.complaint.school_id)
        .map_or_else(String::new, |s| s.name);
    let member = match record.complaint.staff_id {
        Some(staff_id) => state.store.staff_member(staff_id).await?,
        None => None,
    };
    let listed = ListedComplaint::of(record.complaint.clone(), program::today());
    Ok(ComplaintPage {
        school,
        staff_name: member.map_or_else(String::new, |m| format!("{} ({})", m.name, m.agency_name)),
        staff_link: staff.role().may_view_program(),
        investigators: complaints::investigators(&state.store, district_id).await?,
        steps: Step::after(record.complaint.status)
            .into_iter()
            .map(Step::key)
            .collect(),
        findings: Finding::ALL.iter().map(|f| f.key()).collect(),
        handles: access == Access::Handle,
        listed,
        record,
        typed,
        error: None,
        notice: None,
        c,
    })
}

#[derive(Deserialize)]
struct Notice {
    saved: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    Query(notice): Query<Notice>,
) -> Result<ComplaintPage, AppError> {
    let mut page = complaint_page(&state, &staff, c, id, Typed::default()).await?;
    page.notice = notice.saved.map(|_| page.c.l.t("complaint-saved"));
    Ok(page)
}

fn saved(id: i64) -> Response {
    Redirect::to(&format!("/program/complaints/{id}?saved=1")).into_response()
}

/// The outcome of one of the complaint page's forms: back to the page, or the page with the error
/// beside that form and what was typed kept.
async fn answer(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    id: i64,
    outcome: Result<(), Msg>,
    (form, typed): (Form, Typed),
) -> Result<Response, AppError> {
    match outcome {
        Ok(()) => Ok(saved(id)),
        Err(msg) => {
            let error = FormError::of(&c, &msg);
            let mut page = complaint_page(state, staff, c, id, typed).await?;
            page.error = Some((form, error));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Deserialize)]
struct AssignForm {
    #[serde(default)]
    investigator: String,
}

async fn assign(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AssignForm>,
) -> Result<Response, AppError> {
    let outcome = complaints::assign(&state.store, &staff, id, &form.investigator).await?;
    answer(
        &state,
        &staff,
        c,
        id,
        outcome,
        (Form::Assign, Typed::default()),
    )
    .await
}

#[derive(Deserialize)]
struct StepForm {
    #[serde(default)]
    step: String,
}

async fn step(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<StepForm>,
) -> Result<Response, AppError> {
    let outcome = complaints::take_step(
        &state.store,
        &state.settings.public_url,
        &staff,
        id,
        &form.step,
        program::today(),
    )
    .await?;
    answer(
        &state,
        &staff,
        c,
        id,
        outcome.map(|_| ()),
        (Form::Step, Typed::default()),
    )
    .await
}

#[derive(Deserialize)]
struct TextForm {
    #[serde(default)]
    text: String,
}

async fn note(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<TextForm>,
) -> Result<Response, AppError> {
    let outcome = complaints::add_note(&state.store, &staff, id, &form.text).await?;
    let typed = Typed {
        note: form.text,
        ..Typed::default()
    };
    answer(&state, &staff, c, id, outcome, (Form::Note, typed)).await
}

async fn allegation(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<TextForm>,
) -> Result<Response, AppError> {
    let outcome = complaints::add_allegation(&state.store, &staff, id, &form.text).await?;
    let typed = Typed {
        allegation: form.text,
        ..Typed::default()
    };
    answer(&state, &staff, c, id, outcome, (Form::Allegation, typed)).await
}

#[derive(Deserialize)]
struct FindingForm {
    #[serde(default)]
    finding: String,
}

async fn finding(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path((id, allegation)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<FindingForm>,
) -> Result<Response, AppError> {
    let outcome =
        complaints::record_finding(&state.store, &staff, id, allegation, &form.finding).await?;
    answer(
        &state,
        &staff,
        c,
        id,
        outcome,
        (Form::Finding, Typed::default()),
    )
    .await
}

async fn response(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<TextForm>,
) -> Result<Response, AppError> {
    let outcome = complaints::save_draft(&state.store, &staff, id, &form.text).await?;
    let typed = Typed {
        response: Some(form.text),
        ..Typed::default()
    };
    answer(&state, &staff, c, id, outcome, (Form::Response, typed)).await
}

#[derive(Deserialize)]
struct ShareForm {
    #[serde(default)]
    share: String,
}

async fn share(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ShareForm>,
) -> Result<Response, AppError> {
    complaints::share_contact(&state.store, &staff, id, form.share == "yes").await?;
    Ok(saved(id))
}

/// An attachment, for those who handle complaints; always downloaded, never shown inline.
async fn attachment(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let file = complaints::attachment(&state.store, &staff, id).await?;
    crate::pages::stored_file(&file.media_type, file.content)
}

#[derive(Template, WebTemplate)]
#[template(path = "complaint_settings.html")]
struct SettingsPage {
    c: Chrome,
    input: SettingsInput,
    error: Option<FormError>,
    notice: Option<String>,
}

impl SettingsPage {
    fn invalid(&self, field: &str) -> bool {
        self.error.as_ref().is_some_and(|e| e.field == field)
    }
}

async fn settings(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Query(notice): Query<Notice>,
) -> Result<SettingsPage, AppError> {
    if !complaints::access_of(&state.store, &staff).await?.handles() {
        return Err(AppError::Forbidden);
    }
    let saved = state.store.complaint_settings(staff.0.district_id).await?;
    Ok(SettingsPage {
        input: SettingsInput::of(&saved),
        error: None,
        notice: notice.saved.map(|_| c.l.t("complaint-saved")),
        c,
    })
}

async fn save_settings(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    CsrfForm(input): CsrfForm<SettingsInput>,
) -> Result<Response, AppError> {
    match complaints::save_settings(&state.store, &staff, &input).await? {
        Ok(()) => Ok(Redirect::to("/program/complaints/settings?saved=1").into_response()),
        Err(msg) => {
            let error = Some(FormError::of(&c, &msg));
            let page = SettingsPage {
                c,
                input,
                error,
                notice: None,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
