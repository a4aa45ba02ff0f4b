//! The yearly notice (R2), once for the pages: the school year asked for, the record of when and how
//! each school presented the notice to students and sent it to families (program admins record it,
//! whoever reads the program reads it), and where each school stands. The notice's text itself is
//! the program's records as `crate::public_page` gathers them.

use crate::auth::Staff;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::program::{require_manager, scope_of, today};
use accord_domain::documents::SchoolYear;
use accord_domain::notice::{self, Audience, PresentationRefusal, SchoolCoverage};
use accord_domain::training::parse_date;
use accord_store::{Actor, NoticePresentation, School, Store};
use serde::Deserialize;

/// The school year a page asks for (`2026-27`), or the current one.
pub fn school_year(text: Option<&str>) -> Result<SchoolYear, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => SchoolYear::parse(text).ok_or(AppError::NotFound),
        None => SchoolYear::containing(today()).ok_or(AppError::NotFound),
    }
}

/// A presentation as typed in the form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PresentationInput {
    #[serde(default)]
    pub school: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub presented_on: String,
    #[serde(default)]
    pub how: String,
}

/// The year's record: each school's first presentation to students and sending to families, and
/// every record.
pub struct NoticeRecord {
    pub year: SchoolYear,
    pub schools: Vec<SchoolCoverage<School>>,
    pub records: Vec<NoticePresentation>,
}

/// The record of `year`, for whoever reads the program.
pub async fn record_of(
    store: &Store,
    staff: &Staff,
    year: SchoolYear,
) -> Result<NoticeRecord, AppError> {
    let scope = scope_of(store, staff).await?;
    let schools = store.schools(scope.district_id).await?;
    let records = store
        .notice_presentations(scope.district_id, &year.label)
        .await?;
    let reached: Vec<(School, Audience, time::Date)> = records
        .iter()
        .filter_map(|r| {
            let school = schools.iter().find(|s| s.id == r.school_id)?.clone();
            Some((
                school,
                Audience::parse(&r.audience)?,
                parse_date(&r.presented_on)?,
            ))
        })
        .collect();
    Ok(NoticeRecord {
        schools: notice::coverage(&schools, &reached),
        year,
        records,
    })
}

/// Records a presentation (program admins); `Err(msg)` names the field to correct.
pub async fn record(
    store: &Store,
    staff: &Staff,
    year: &SchoolYear,
    input: &PresentationInput,
) -> Result<Result<NoticePresentation, Msg>, AppError> {
    require_manager(staff)?;
    let district_id = staff.0.district_id;
    let Some(school) = store
        .schools(district_id)
        .await?
        .into_iter()
        .find(|s| s.id.to_string() == input.school.trim())
    else {
        return Ok(Err(Msg::new("notice-invalid-school").field("school")));
    };
    let Some(audience) = Audience::parse(&input.audience) else {
        return Ok(Err(Msg::new("notice-invalid-audience").field("audience")));
    };
    let Some(on) = parse_date(&input.presented_on) else {
        return Ok(Err(Msg::new("program-invalid-date")
            .arg("value", input.presented_on.trim())
            .field("presented_on")));
    };
    let presentation = match notice::presentation(year, audience, on, &input.how, today()) {
        Ok(p) => p,
        Err(PresentationRefusal::OutsideTheYear { year, .. }) => {
            return Ok(Err(Msg::new("notice-outside-year")
                .arg("year", year)
                .field("presented_on")));
        }
        Err(PresentationRefusal::InTheFuture(_)) => {
            return Ok(Err(Msg::new("program-invalid-future").field("presented_on")));
        }
        Err(PresentationRefusal::How(e)) => {
            return Ok(Err(crate::actions::text_error(&e)));
        }
    };
    Ok(Ok(store
        .record_notice_presentation(
            district_id,
            &Actor::user(&staff.0),
            school.id,
            &year.label,
            &presentation,
        )
        .await?))
}
