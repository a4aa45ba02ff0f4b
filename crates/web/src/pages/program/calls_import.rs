//! `/program/calls/import`: upload a calls file (or check it with a dry run) and read the report of
//! every bad row; `/program/calls/import/template.csv` is the empty file to fill in. For the roles that
//! keep student records only; the rules are `crate::calls_import`'s.

use super::person::CsrfMultipart;
use crate::AppState;
use crate::auth::Staff;
use crate::calls_import::{self, CALLS_FILE_LIMIT, CallsImportReport};
use crate::error::AppError;
use crate::pages::Chrome;
use accord_domain::call_file::{self, COLUMNS, REQUIRED_COLUMNS};
use accord_store::Actor;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/program/calls/import",
            get(form)
                .post(upload)
                .layer(DefaultBodyLimit::max(CALLS_FILE_LIMIT + 64 * 1024)),
        )
        .route("/program/calls/import/template.csv", get(template))
}

#[derive(Template, WebTemplate)]
#[template(path = "program_calls_import.html")]
struct ImportPage {
    c: Chrome,
    dry_run: bool,
    report: Option<CallsImportReport>,
    /// Why the upload could not be read at all (no file chosen).
    error: Option<String>,
}

impl ImportPage {
    /// Each column with whether every row must fill it.
    fn columns(&self) -> Vec<(&'static str, bool)> {
        COLUMNS
            .iter()
            .map(|c| (*c, REQUIRED_COLUMNS.contains(c)))
            .collect()
    }

    /// A count in the visitor's language.
    fn count(&self, n: impl std::borrow::Borrow<usize>) -> String {
        self.c
            .l
            .number(i64::try_from(*n.borrow()).unwrap_or(i64::MAX))
    }

    fn summary(&self, report: &CallsImportReport) -> String {
        let l = &self.c.l;
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        if !report.problems.is_empty() {
            l.t_count("calls-import-refused", count(report.problems.len()))
        } else if report.dry_run {
            l.t_args(
                "calls-import-dry-run-good",
                &[
                    ("rows", l.number(count(report.rows))),
                    ("calls", l.number(count(report.calls))),
                ],
            )
        } else {
            l.t_args(
                "calls-import-done",
                &[
                    ("added", l.number(count(report.added))),
                    ("changed", l.number(count(report.changed))),
                    ("unchanged", l.number(count(report.unchanged))),
                ],
            )
        }
    }
}

async fn form(staff: Staff, c: Chrome) -> Result<ImportPage, AppError> {
    calls_import::require_call_recorder(&staff)?;
    Ok(ImportPage {
        c,
        dry_run: false,
        report: None,
        error: None,
    })
}

async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    form: CsrfMultipart,
) -> Result<Response, AppError> {
    calls_import::require_call_recorder(&staff)?;
    let dry_run = form.fields.contains_key("dry_run");
    let Some(bytes) = form.file.filter(|bytes| !bytes.is_empty()) else {
        let error = Some(c.l.t("calls-import-no-file"));
        let page = ImportPage {
            c,
            dry_run,
            report: None,
            error,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let report = calls_import::import_calls(
        &state.store,
        staff.0.district_id,
        &Actor::user(&staff.0),
        &bytes,
        dry_run,
        &c.l,
        &|_, _| {},
    )
    .await?;
    let status = if report.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ImportPage {
        c,
        dry_run,
        report: Some(report),
        error: None,
    };
    Ok((status, page).into_response())
}

/// The header of a calls file, to fill in (UTF-8 with CRLF, as spreadsheet programs write it).
async fn template(staff: Staff) -> Result<Response, AppError> {
    calls_import::require_call_recorder(&staff)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"calls-template.csv\"",
            ),
        ],
        call_file::TEMPLATE,
    )
        .into_response())
}
