//! The yearly notice (R2): the public notice of a school year in the visitor's language, generated
//! from the program's records and laid out for print (`/districts/{slug}/notice/{year}`), and the
//! program admins' record of when and how each school presented it to students and sent it to
//! families (`/program/notice`). Rules are `crate::notice`'s.

use super::Chrome;
use super::program::FormError;
use super::public_program::ProgramView;
use crate::AppState;
use crate::auth::Staff;
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::notice::{self, NoticeRecord, PresentationInput};
use crate::program;
use crate::public_page::{self, ProgramPage};
use accord_domain::documents::SchoolYear;
use accord_domain::notice::Audience;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/districts/{slug}/notice", get(current_notice))
        .route("/districts/{slug}/notice/{year}", get(notice_of_year))
        .route("/program/notice", get(record_page).post(record))
}

#[derive(Template, WebTemplate)]
#[template(path = "notice.html")]
struct NoticePage {
    c: Chrome,
    page: ProgramPage,
    year: SchoolYear,
}

impl ProgramView for NoticePage {
    fn chrome(&self) -> &Chrome {
        &self.c
    }
    fn program(&self) -> &ProgramPage {
        &self.page
    }
}

async fn notice_page(
    state: &AppState,
    c: Chrome,
    slug: &str,
    year: Option<&str>,
) -> Result<NoticePage, AppError> {
    let year = notice::school_year(year)?;
    let district = public_page::district(&state.store, slug).await?;
    let page = public_page::program_page(&state.store, district, program::today()).await?;
    Ok(NoticePage { c, page, year })
}

async fn current_notice(
    State(state): State<AppState>,
    c: Chrome,
    Path(slug): Path<String>,
) -> Result<NoticePage, AppError> {
    notice_page(&state, c, &slug, None).await
}

async fn notice_of_year(
    State(state): State<AppState>,
    c: Chrome,
    Path((slug, year)): Path<(String, String)>,
) -> Result<NoticePage, AppError> {
    notice_page(&state, c, &slug, Some(&year)).await
}

#[derive(Template, WebTemplate)]
#[template(path = "program_notice.html")]
struct RecordPage {
    c: Chrome,
    record: NoticeRecord,
    district_slug: String,
    may_manage: bool,
    input: PresentationInput,
    error: Option<FormError>,
    saved: bool,
}

impl RecordPage {
    fn audiences(&self) -> Vec<(&'static str, String)> {
        Audience::ALL
            .iter()
            .map(|a| (a.key(), self.c.l.t(format!("notice-audience-{}", a.key()))))
            .collect()
    }
    fn audience_label(&self, key: &str) -> String {
        self.c.l.t(format!("notice-audience-{key}"))
    }
    fn invalid(&self, field: &str) -> bool {
        self.error.as_ref().is_some_and(|e| e.field == field)
    }
}

#[derive(serde::Deserialize)]
struct YearQuery {
    year: Option<String>,
    saved: Option<String>,
}

async fn render_record(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    year: SchoolYear,
    input: PresentationInput,
    error: Option<FormError>,
    saved: bool,
) -> Result<RecordPage, AppError> {
    let record = notice::record_of(&state.store, staff, year).await?;
    let district_slug = state
        .store
        .district(staff.0.district_id)
        .await?
        .map(|d| d.slug)
        .unwrap_or_default();
    Ok(RecordPage {
        c,
        record,
        district_slug,
        may_manage: staff.role().may_manage_program(),
        input,
        error,
        saved,
    })
}

async fn record_page(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Query(query): Query<YearQuery>,
) -> Result<RecordPage, AppError> {
    let year = notice::school_year(query.year.as_deref())?;
    let input = PresentationInput {
        presented_on: program::today().to_string(),
        ..PresentationInput::default()
    };
    let saved = query.saved.is_some();
    render_record(&state, &staff, c, year, input, None, saved).await
}

async fn record(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Query(query): Query<YearQuery>,
    CsrfForm(input): CsrfForm<PresentationInput>,
) -> Result<Response, AppError> {
    let year = notice::school_year(query.year.as_deref())?;
    match notice::record(&state.store, &staff, &year, &input).await? {
        Ok(_) => Ok(
            Redirect::to(&format!("/program/notice?year={}&saved=1", year.label)).into_response(),
        ),
        Err(msg) => {
            let error = Some(FormError::of(&c, &msg));
            let page = render_record(&state, &staff, c, year, input, error, false).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
