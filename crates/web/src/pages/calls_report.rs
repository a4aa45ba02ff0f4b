//! The yearly report of calls for service: the internal report and its files for the roles that
//! keep student records (`/program/calls/...`), and the public report of a district
//! (`/districts/{slug}/calls/report`). Counting and layout are `crate::calls_report`'s.

use super::Chrome;
use crate::AppState;
use crate::auth::Staff;
use crate::calls_report::{
    self, Report, ReportView, Version, crdc_csv, r7_csv, report_csv, requested_year,
    require_calls_role, school_year_label, stored,
};
use crate::error::AppError;
use crate::public_page;
use accord_store::Actor;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};

use axum::response::Response;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/program/calls/report", get(internal_report))
        .route("/program/calls/report.csv", get(internal_csv))
        .route("/program/calls/r7.csv", get(r7_file))
        .route("/program/calls/crdc.csv", get(crdc_file))
        .route("/districts/{slug}/calls/report", get(public_report))
        .route("/districts/{slug}/calls/report.csv", get(public_csv))
}

#[derive(serde::Deserialize)]
struct YearQuery {
    year: Option<String>,
}

impl YearQuery {
    fn year(&self) -> Option<i32> {
        requested_year(self.year.as_deref())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "calls_report.html")]
struct ReportPage {
    c: Chrome,
    view: ReportView,
    /// School years to choose from: (first year, label), newest first.
    years: Vec<(i32, String)>,
    year_label: String,
    has_calls: bool,
    /// Whether the district has recorded any call, in any year.
    any_calls: bool,
    /// The page's own path, for the year picker and the downloads.
    path: String,
    /// The public report's path (from the internal one).
    public_path: Option<String>,
    district_name: String,
    district_slug: String,
}

impl ReportPage {
    fn new(c: Chrome, report: &Report, path: String, district: &accord_store::District) -> Self {
        let mut years: Vec<(i32, String)> = report
            .years
            .iter()
            .map(|&y| (y, school_year_label(y)))
            .collect();
        let year = report.school_year();
        if !report.years.contains(&year) {
            years.push((year, school_year_label(year)));
            years.sort_by_key(|(year, _)| std::cmp::Reverse(*year));
        }
        let public = report.version == Version::Public;
        ReportPage {
            view: report.view(&c.l),
            years,
            year_label: school_year_label(year),
            has_calls: report.counted.report.calls > 0,
            any_calls: !report.years.is_empty(),
            path,
            public_path: (!public).then(|| format!("/districts/{}/calls/report", district.slug)),
            district_name: district.name.clone(),
            district_slug: district.slug.clone(),
            c,
        }
    }

    fn is_public(&self) -> bool {
        self.view.version == Version::Public
    }
}

/// The internal report of the staff member's district, for the roles that keep student records.
async fn internal(
    state: &AppState,
    staff: &Staff,
    query: &YearQuery,
    with_over_years: bool,
) -> Result<(accord_store::District, Report), AppError> {
    require_calls_role(staff)?;
    let district = state
        .store
        .district(staff.0.district_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let report = calls_report::load(
        &state.store,
        &state.calls_reports,
        district.id,
        query.year(),
        Version::Internal,
        with_over_years,
    )
    .await?;
    Ok((district, report))
}

/// The public report of the district at `slug`, for anyone.
async fn public(
    state: &AppState,
    slug: &str,
    query: &YearQuery,
    with_over_years: bool,
) -> Result<(accord_store::District, Report), AppError> {
    let district = public_page::district(&state.store, slug).await?;
    let report = calls_report::load(
        &state.store,
        &state.calls_reports,
        district.id,
        query.year(),
        Version::Public,
        with_over_years,
    )
    .await?;
    Ok((district, report))
}

async fn internal_report(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Query(query): Query<YearQuery>,
) -> Result<ReportPage, AppError> {
    let (district, report) = internal(&state, &staff, &query, true).await?;
    Ok(ReportPage::new(
        c,
        &report,
        "/program/calls/report".into(),
        &district,
    ))
}

async fn public_report(
    State(state): State<AppState>,
    c: Chrome,
    Path(slug): Path<String>,
    Query(query): Query<YearQuery>,
) -> Result<ReportPage, AppError> {
    let (district, report) = public(&state, &slug, &query, true).await?;
    let path = format!("/districts/{}/calls/report", district.slug);
    Ok(ReportPage::new(c, &report, path, &district))
}

async fn internal_csv(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Query(query): Query<YearQuery>,
) -> Result<Response, AppError> {
    let (_, report) = internal(&state, &staff, &query, false).await?;
    let body = report_csv(&c.l, &report.counted, &report.published, &report.names)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(csv_download(
        &format!("calls-report-{}-internal.csv", report.school_year()),
        body,
    ))
}

async fn public_csv(
    State(state): State<AppState>,
    c: Chrome,
    Path(slug): Path<String>,
    Query(query): Query<YearQuery>,
) -> Result<Response, AppError> {
    let (district, report) = public(&state, &slug, &query, false).await?;
    let body = report_csv(&c.l, &report.counted, &report.published, &report.names)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(csv_download(
        &format!(
            "calls-report-{}-{}.csv",
            district.slug,
            report.school_year()
        ),
        body,
    ))
}

async fn r7_file(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<YearQuery>,
) -> Result<Response, AppError> {
    let (district, report) = internal(&state, &staff, &query, false).await?;
    let calls = state
        .store
        .calls_for_report(district.id, report.school_year())
        .await?;
    let body = r7_csv(stored(&calls), &report.names).map_err(|e| AppError::Internal(e.into()))?;
    let in_file: Vec<i64> = calls
        .iter()
        .filter(|stored| stored.call.reportable_under_r7())
        .map(|stored| stored.id)
        .collect();
    state
        .store
        .record_call_reads(district.id, &Actor::user(&staff.0), &in_file)
        .await?;
    Ok(csv_download(
        &format!("r7-incidents-{}.csv", report.school_year()),
        body,
    ))
}

async fn crdc_file(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<YearQuery>,
) -> Result<Response, AppError> {
    let (_, report) = internal(&state, &staff, &query, false).await?;
    let body = crdc_csv(report.school_year(), &report.counted.crdc)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(csv_download(
        &format!("crdc-referrals-arrests-{}.csv", report.school_year()),
        body,
    ))
}

/// A CSV file to save.
pub(super) fn csv_download(filename: &str, body: Vec<u8>) -> Response {
    super::download(filename, "text/csv; charset=utf-8", body)
}
