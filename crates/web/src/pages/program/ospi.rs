//! The yearly packet for OSPI (R9), for the records roles: a printable summary of a school year's
//! packet, its download as one ZIP file (the download is written to the audit trail: it holds the
//! R7 incident file), and the district's layout of it, which only the program admin changes.

use crate::AppState;
use crate::auth::Staff;
use crate::calls::district_of;
use crate::calls_report::school_year_label;
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::ospi::{self, Figures, PacketFile};
use crate::pages::Chrome;
use accord_domain::documents::SchoolYear;
use accord_store::Actor;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/program/ospi", get(summary))
        .route("/program/ospi/packet.zip", get(download))
        .route("/program/ospi/layout", get(layout_form).post(save_layout))
}

/// How many school years back the year list offers.
const YEARS_OFFERED: i32 = 5;

#[derive(serde::Deserialize)]
struct YearQuery {
    year: Option<String>,
}

impl YearQuery {
    /// The school year asked for (`?year=2024`), else the current one.
    fn school_year(&self) -> Result<SchoolYear, AppError> {
        let first = crate::calls_report::requested_year(self.year.as_deref())
            .unwrap_or_else(current_first_year);
        SchoolYear::starting(first).ok_or(AppError::NotFound)
    }
}

fn current_first_year() -> i32 {
    SchoolYear::containing(crate::program::today()).map_or(2000, |year| year.starts_on.year())
}

/// One file of the packet as the summary lists it.
struct FileLine {
    name: String,
    part: &'static str,
    rows: i64,
    columns: String,
}

impl FileLine {
    fn of(file: &PacketFile) -> FileLine {
        FileLine {
            name: file.name.clone(),
            part: file.part.key(),
            rows: file.rows.len() as i64,
            columns: file.headers.join(", "),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "program_ospi.html")]
struct SummaryPage {
    c: Chrome,
    district_name: String,
    year: i32,
    year_label: String,
    years: Vec<(i32, String)>,
    figures: Figures,
    files: Vec<FileLine>,
    agreements: Vec<(String, String)>,
    may_change_layout: bool,
}

async fn summary(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Query(query): Query<YearQuery>,
) -> Result<SummaryPage, AppError> {
    let district_id = district_of(&staff)?;
    let district = state
        .store
        .district(district_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let school_year = query.school_year()?;
    let packet = ospi::packet(&state.store, &district, &school_year).await?;
    let newest = current_first_year();
    let mut years: Vec<i32> = (0..YEARS_OFFERED).map(|back| newest - back).collect();
    years.extend(state.store.call_years(district_id).await?);
    years.push(school_year.starts_on.year());
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    Ok(SummaryPage {
        district_name: district.name,
        year: school_year.starts_on.year(),
        year_label: school_year.label.clone(),
        years: years
            .into_iter()
            .map(|y| (y, school_year_label(y)))
            .collect(),
        figures: packet.figures.clone(),
        files: packet.files.iter().map(FileLine::of).collect(),
        agreements: packet
            .agreements
            .iter()
            .map(|a| (a.agency.clone(), a.name.clone()))
            .collect(),
        may_change_layout: staff.role().may_manage_program(),
        c,
    })
}

async fn download(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<YearQuery>,
) -> Result<Response, AppError> {
    let district_id = district_of(&staff)?;
    let district = state
        .store
        .district(district_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let school_year = query.school_year()?;
    let packet = ospi::packet(&state.store, &district, &school_year).await?;
    let body = ospi::zip(&packet)?;
    state
        .store
        .record_call_reads(
            district_id,
            &Actor::user(&staff.0),
            &packet.incident_call_ids,
        )
        .await?;
    let filename = format!("ospi-packet-{}-{}.zip", district.slug, school_year.label);
    Ok(crate::pages::download(&filename, "application/zip", body))
}

#[derive(Template, WebTemplate)]
#[template(path = "program_ospi_layout.html")]
struct LayoutPage {
    c: Chrome,
    text: String,
    may_change: bool,
    errors: Vec<String>,
    saved: bool,
    parts: Vec<(&'static str, String)>,
}

impl LayoutPage {
    fn new(c: Chrome, text: String, may_change: bool) -> LayoutPage {
        LayoutPage {
            c,
            text,
            may_change,
            errors: Vec::new(),
            saved: false,
            parts: accord_domain::ospi::Part::ALL
                .iter()
                .map(|part| (part.key(), part.fields().join(", ")))
                .collect(),
        }
    }
}

#[derive(serde::Deserialize)]
struct Saved {
    saved: Option<String>,
}

async fn layout_form(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Query(saved): Query<Saved>,
) -> Result<LayoutPage, AppError> {
    let district_id = district_of(&staff)?;
    let text = ospi::layout_text(&state.store, district_id).await?;
    let mut page = LayoutPage::new(c, text, staff.role().may_manage_program());
    page.saved = saved.saved.is_some();
    Ok(page)
}

#[derive(serde::Deserialize)]
struct LayoutInput {
    layout: String,
}

async fn save_layout(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    CsrfForm(input): CsrfForm<LayoutInput>,
) -> Result<Response, AppError> {
    crate::program::require_manager(&staff)?;
    let actor = Actor::user(&staff.0);
    match ospi::save_layout(&state.store, staff.0.district_id, &actor, &input.layout).await? {
        Ok(()) => Ok(Redirect::to("/program/ospi/layout?saved=1").into_response()),
        Err(problems) => {
            let errors = problems.iter().map(|m| c.l.msg(m)).collect();
            let mut page = LayoutPage::new(c, input.layout, true);
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
