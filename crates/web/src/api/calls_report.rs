//! The yearly report of calls for service as JSON: `/api/v1/districts/{slug}/calls/report` (the
//! public version, no account) and `/api/v1/calls/report` (the internal version, for the roles that
//! keep student records). Labels are in English; codes are the stable keys files use.

use super::{ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::Staff;
use crate::calls_report::{self, Report, Version, group_names, reason_code, require_calls_role};
use crate::error::{ApiResult, AppError, Problem};
use crate::i18n::Lang;
use crate::public_page;
use accord_domain::calls::Outcome;
use accord_domain::report::{Line, YearTotals};
use accord_domain::suppression::Published;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(public_report))
        .routes(routes!(internal_report))
}

#[derive(Deserialize, utoipa::IntoParams)]
struct YearQuery {
    /// The school year by its first calendar year (2024 for 2024-25); the newest with calls if left out.
    year: Option<i32>,
}

/// One count: the number, or (public version) why it is hidden.
#[derive(Serialize, ToSchema)]
pub struct CountOut {
    /// Absent when hidden.
    count: Option<u64>,
    /// small_count (1 to 9), complementary (hidden to protect another count) or unverified.
    hidden: Option<&'static str>,
}

impl From<Published> for CountOut {
    fn from(value: Published) -> Self {
        match value {
            Published::Count(count) => CountOut {
                count: Some(count),
                hidden: None,
            },
            Published::Hidden(reason) => CountOut {
                count: None,
                hidden: Some(reason_code(reason)),
            },
        }
    }
}

/// Students of a group (a student counts once per call) and of them those with each outcome.
#[derive(Serialize, ToSchema)]
pub struct GroupOut {
    /// The group's code: a school's id, an offense type's code, a code list's key, an age band.
    code: String,
    label: String,
    /// Calls in the group (schools and offense types only).
    calls: Option<CountOut>,
    students: CountOut,
    /// By outcome code.
    outcomes: BTreeMap<String, CountOut>,
}

#[derive(Serialize, ToSchema)]
pub struct BreakdownOut {
    /// school, offense, race, gender, age_band or disability
    dimension: &'static str,
    groups: Vec<GroupOut>,
}

/// The same totals for one school year.
#[derive(Serialize, ToSchema)]
pub struct YearOut {
    school_year: i32,
    calls: CountOut,
    students: CountOut,
    outcomes: BTreeMap<String, CountOut>,
}

#[derive(Serialize, ToSchema)]
pub struct CallsReportOut {
    district: String,
    /// internal or public
    version: &'static str,
    school_year: i32,
    /// School years with calls, newest first.
    school_years: Vec<i32>,
    calls: CountOut,
    students: CountOut,
    outcomes: BTreeMap<String, CountOut>,
    breakdowns: Vec<BreakdownOut>,
    over_years: Vec<YearOut>,
}

fn outcomes(line: &Line<Published>) -> BTreeMap<String, CountOut> {
    Outcome::ALL
        .iter()
        .zip(&line.outcomes)
        .map(|(outcome, &count)| (outcome.key().to_owned(), count.into()))
        .collect()
}

fn year_out(year: &YearTotals<Published>) -> YearOut {
    YearOut {
        school_year: year.school_year,
        calls: year.calls.into(),
        students: year.totals.students.into(),
        outcomes: outcomes(&year.totals),
    }
}

fn report_out(district: String, report: &Report) -> CallsReportOut {
    let l = Lang::english();
    let published = &report.published;
    let breakdowns = published
        .breakdowns
        .iter()
        .map(|breakdown| {
            let dimension = breakdown.dimension;
            let calls = match dimension {
                accord_domain::report::Dimension::School => Some(&published.calls_by_school),
                accord_domain::report::Dimension::Offense => Some(&published.calls_by_offense),
                _ => None,
            };
            let names = group_names(&l, &report.counted, &report.names, dimension);
            BreakdownOut {
                dimension: dimension.key(),
                groups: breakdown
                    .lines
                    .iter()
                    .zip(names)
                    .enumerate()
                    .map(|(i, (line, (code, label)))| GroupOut {
                        code,
                        label,
                        calls: calls.map(|calls| calls[i].into()),
                        students: line.students.into(),
                        outcomes: outcomes(line),
                    })
                    .collect(),
            }
        })
        .collect();
    CallsReportOut {
        district,
        version: match report.version {
            Version::Internal => "internal",
            Version::Public => "public",
        },
        school_year: report.school_year(),
        school_years: report.years.clone(),
        calls: published.calls.into(),
        students: published.totals.students.into(),
        outcomes: outcomes(&published.totals),
        breakdowns,
        over_years: report.over_years.iter().map(year_out).collect(),
    }
}

/// A district's yearly report of calls for service, public version: every count of 1 to 9 hidden,
/// and every count that would let a reader work one out; no dates, names or narratives.
#[utoipa::path(get, path = "/api/v1/districts/{slug}/calls/report", tag = "calls",
    params(("slug" = String, Path, description = "The district's address"), YearQuery),
    responses((status = 200, body = CallsReportOut), (status = 404, body = Problem)))]
async fn public_report(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<YearQuery>,
) -> ApiResult<Json<CallsReportOut>> {
    let district = public_page::district(&state.store, &slug).await?;
    let report = calls_report::load(
        &state.store,
        &state.calls_reports,
        district.id,
        query.year,
        Version::Public,
        true,
    )
    .await?;
    Ok(Json(report_out(district.slug, &report)))
}

/// The caller's district's yearly report with every count (program admins and records clerks).
#[utoipa::path(get, path = "/api/v1/calls/report", tag = "calls",
    params(YearQuery),
    responses((status = 200, body = CallsReportOut), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn internal_report(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(query): ApiQuery<YearQuery>,
) -> ApiResult<Json<CallsReportOut>> {
    require_calls_role(&staff)?;
    let district = state
        .store
        .district(staff.0.district_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let report = calls_report::load(
        &state.store,
        &state.calls_reports,
        district.id,
        query.year,
        Version::Internal,
        true,
    )
    .await?;
    Ok(Json(report_out(district.slug, &report)))
}
