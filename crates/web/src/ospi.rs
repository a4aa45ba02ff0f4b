//! The yearly packet for OSPI (LAW.md R9): for one school year, the roster, the R7 incident file, the
//! complaint counts and the adopted agreements, laid out as the district's layout says
//! (`domain::ospi`), as CSV files and the agreements' texts in one ZIP file, with a printable summary.
//! The incident file holds student-level rows: the packet is for the records roles only, and its
//! download is written to the audit trail like the R7 file.

use crate::calls_report::{self, Names};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::program::{self, Scope};
use accord_domain::documents::{SchoolYear, VersionState};
use accord_domain::ospi::{self, Layout, LayoutProblem, Part, Record};
use accord_store::{Actor, Store};
use std::collections::HashMap;
use std::io::Write;

/// The district's packet layout: the stored one, else the default.
pub async fn layout(store: &Store, district_id: i64) -> Result<Layout, AppError> {
    let stored = store.ospi_layout(district_id).await?;
    Ok(stored
        .and_then(|text| ospi::parse_layout(&text).ok())
        .unwrap_or_default())
}

/// The layout as the district last wrote it (the default's text until then).
pub async fn layout_text(store: &Store, district_id: i64) -> Result<String, AppError> {
    Ok(match store.ospi_layout(district_id).await? {
        Some(text) => text,
        None => ospi::layout_text(&Layout::default()),
    })
}

/// Checks and stores a layout typed by the program admin; the problems, in the user's language,
/// when it is refused (nothing is stored then).
pub async fn save_layout(
    store: &Store,
    district_id: i64,
    actor: &Actor,
    text: &str,
) -> Result<Result<(), Vec<Msg>>, AppError> {
    match ospi::parse_layout(text) {
        Ok(_) => {
            store.save_ospi_layout(district_id, actor, text).await?;
            Ok(Ok(()))
        }
        Err(problems) => Ok(Err(problems.iter().map(problem_message).collect())),
    }
}

fn problem_message(problem: &LayoutProblem) -> Msg {
    match problem {
        LayoutProblem::Syntax { line, message } => Msg::new("ospi-layout-syntax")
            .arg(
                "line",
                line.map_or_else(|| "?".to_owned(), |l| l.to_string()),
            )
            .arg("detail", message),
        LayoutProblem::NoFiles => Msg::new("ospi-layout-no-files"),
        LayoutProblem::UnknownPart { file, part } => Msg::new("ospi-layout-unknown-part")
            .arg("file", file)
            .arg("part", part),
        LayoutProblem::UnknownField { file, field } => Msg::new("ospi-layout-unknown-field")
            .arg("file", file)
            .arg("field", field),
        LayoutProblem::BadName { file } => Msg::new("ospi-layout-bad-name").arg("file", file),
        LayoutProblem::RepeatedName { file } => {
            Msg::new("ospi-layout-repeated-name").arg("file", file)
        }
        LayoutProblem::NoColumns { file } => Msg::new("ospi-layout-no-columns").arg("file", file),
    }
}

/// One CSV file of the packet, laid out.
pub struct PacketFile {
    pub name: String,
    pub part: Part,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// An adopted agreement's text, a file of its own in the packet.
pub struct AgreementText {
    pub name: String,
    pub agency: String,
    pub body: String,
}

/// What the summary page shows of a packet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Staff members placed in a school at some time in the year.
    pub staff: i64,
    /// Schools with someone placed.
    pub schools: i64,
    pub incident_calls: i64,
    pub incident_students: i64,
    pub agreements_adopted: i64,
    /// Agencies with staff placed this year but no adopted agreement for it.
    pub agencies_without_agreement: Vec<String>,
}

pub struct Packet {
    pub school_year: SchoolYear,
    pub files: Vec<PacketFile>,
    pub agreements: Vec<AgreementText>,
    pub figures: Figures,
    /// The calls whose students are in the incident file, for the audit trail.
    pub incident_call_ids: Vec<i64>,
}

/// Gathers a district's packet for `school_year` in its layout.
pub async fn packet(
    store: &Store,
    district: &accord_store::District,
    school_year: &SchoolYear,
) -> Result<Packet, AppError> {
    let layout = layout(store, district.id).await?;
    let first_year = school_year.starts_on.year();
    let names = Names::new(
        &store.schools(district.id).await?,
        store.offense_types(district.id).await?,
    );
    let (roster, mut figures) = roster_records(store, district.id, school_year).await?;
    let calls = store.calls_for_report(district.id, first_year).await?;
    let in_file: Vec<_> = calls
        .iter()
        .filter(|stored| stored.call.reportable_under_r7())
        .collect();
    let incidents = calls_report::incident_records(calls_report::stored(&calls), &names);
    figures.incident_calls = in_file.len() as i64;
    figures.incident_students = incidents.len() as i64;
    let (agreement_rows, agreements) = agreement_records(store, district, school_year).await?;
    figures.agreements_adopted = agreements.len() as i64;
    figures.agencies_without_agreement = agencies_without_agreement(&roster, &agreement_rows);
    let complaints =
        crate::complaints::public_counts_of_year(store, district.id, first_year).await?;
    let complaint_rows = complaints.ospi_records();
    let records = |part: Part| -> &[Record] {
        match part {
            Part::Roster => &roster,
            Part::Incidents => &incidents,
            Part::Agreements => &agreement_rows,
            Part::Complaints => &complaint_rows,
        }
    };
    let files = layout
        .files
        .iter()
        .filter_map(|file| {
            let part = Part::parse(&file.part)?;
            let (headers, rows) = ospi::table(file, records(part));
            Some(PacketFile {
                name: file.name.clone(),
                part,
                headers,
                rows,
            })
        })
        .collect();
    Ok(Packet {
        school_year: school_year.clone(),
        files,
        agreements,
        figures,
        incident_call_ids: in_file.iter().map(|stored| stored.id).collect(),
    })
}

/// One line per staff member and school they were placed in during the year (R3: type, employer,
/// building, days a week), with their training standing today.
async fn roster_records(
    store: &Store,
    district_id: i64,
    year: &SchoolYear,
) -> Result<(Vec<Record>, Figures), AppError> {
    let scope = Scope {
        district_id,
        agency_id: None,
    };
    let people = program::people(store, scope, program::today()).await?;
    let kinds: HashMap<i64, String> = store
        .agencies(district_id)
        .await?
        .into_iter()
        .map(|agency| (agency.id, agency.kind))
        .collect();
    let (starts, ends) = (year.starts_on.to_string(), year.ends_on.to_string());
    let mut records = Vec::new();
    let mut schools = std::collections::BTreeSet::new();
    let mut staff = 0;
    for person in &people {
        let member = &person.member;
        let placed: Vec<_> = person
            .assignments
            .iter()
            .filter(|a| a.starts_on <= ends && a.ends_on.as_ref().is_none_or(|end| *end >= starts))
            .collect();
        staff += i64::from(!placed.is_empty());
        for assignment in placed {
            schools.insert(assignment.school_id);
            records.push(Record::from([
                ("school_year", year.label.clone()),
                ("staff_number", safe(&member.staff_number)),
                ("name", safe(&member.name)),
                ("staff_type", member.staff_type.clone()),
                ("employer", safe(&member.agency_name)),
                (
                    "employer_kind",
                    kinds.get(&member.agency_id).cloned().unwrap_or_default(),
                ),
                ("school", safe(&assignment.school_name)),
                ("days_per_week", assignment.days_per_week.to_string()),
                ("starts_on", assignment.starts_on.clone()),
                ("ends_on", assignment.ends_on.clone().unwrap_or_default()),
                (
                    "first_day_on_site",
                    member.first_day_on_site.clone().unwrap_or_default(),
                ),
                ("training", person.status.standing.key().to_owned()),
            ]));
        }
    }
    let figures = Figures {
        staff,
        schools: schools.len() as i64,
        ..Figures::default()
    };
    Ok((records, figures))
}

/// Each agreement of the year whose newest adopted version exists: a line, and its text.
async fn agreement_records(
    store: &Store,
    district: &accord_store::District,
    year: &SchoolYear,
) -> Result<(Vec<Record>, Vec<AgreementText>), AppError> {
    let mut records = Vec::new();
    let mut texts = Vec::new();
    for agreement in store.agreements(district.id, None).await? {
        if agreement.school_year != year.label {
            continue;
        }
        let versions = store.agreement_versions(agreement.id).await?;
        // Adopted and every state after it: what the board adopted, unchanged since.
        let Some(adopted) = versions
            .iter()
            .rev()
            .find(|v| v.adopted_on.is_some() && !v.state.is_editable())
        else {
            continue;
        };
        let name = format!(
            "agreements/{}-{}-v{}.txt",
            file_slug(&agreement.agency_name),
            year.label,
            adopted.number
        );
        let public_address = if adopted.state == VersionState::Published {
            format!("/districts/{}/agreements/{}", district.slug, agreement.id)
        } else {
            String::new()
        };
        records.push(Record::from([
            ("school_year", year.label.clone()),
            ("agency", safe(&agreement.agency_name)),
            ("version", adopted.number.to_string()),
            ("state", adopted.state.key().to_owned()),
            ("adopted_on", adopted.adopted_on.clone().unwrap_or_default()),
            ("text_file", name.clone()),
            ("public_address", public_address),
        ]));
        let body = adopted
            .sections
            .iter()
            .map(|s| format!("{}\n\n{}\n", s.heading, s.body))
            .collect::<Vec<_>>()
            .join("\n");
        texts.push(AgreementText {
            name,
            agency: agreement.agency_name.clone(),
            body: format!("{}\n{}\n\n{body}", agreement.title, year.label),
        });
    }
    Ok((records, texts))
}

/// Employers on the roster (R3) with no adopted agreement for the year (R6 asks one each year).
fn agencies_without_agreement(roster: &[Record], agreements: &[Record]) -> Vec<String> {
    let employers: std::collections::BTreeSet<&String> = roster
        .iter()
        .filter(|r| r.get("employer_kind").is_some_and(|k| k != "district"))
        .filter_map(|r| r.get("employer"))
        .collect();
    employers
        .into_iter()
        .filter(|employer| !agreements.iter().any(|a| a.get("agency") == Some(employer)))
        .cloned()
        .collect()
}

fn safe(text: &str) -> String {
    crate::export::spreadsheet_safe(text)
}

/// A name for a file: lower-case letters and digits, words joined by `-`.
fn file_slug(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "agency".to_owned()
    } else {
        words.join("-")
    }
}

/// The packet as one ZIP file: each CSV file of the layout, then each agreement's text.
pub fn zip(packet: &Packet) -> Result<Vec<u8>, AppError> {
    let internal = |e: &dyn std::fmt::Display| AppError::Internal(anyhow::anyhow!("packet: {e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for file in &packet.files {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record(&file.headers)
            .map_err(|e| internal(&e))?;
        for row in &file.rows {
            writer.write_record(row).map_err(|e| internal(&e))?;
        }
        let bytes = writer.into_inner().map_err(|e| internal(&e))?;
        zip.start_file(file.name.as_str(), options)
            .map_err(|e| internal(&e))?;
        zip.write_all(&bytes).map_err(|e| internal(&e))?;
    }
    for text in &packet.agreements {
        zip.start_file(text.name.as_str(), options)
            .map_err(|e| internal(&e))?;
        zip.write_all(text.body.as_bytes())
            .map_err(|e| internal(&e))?;
    }
    Ok(zip.finish().map_err(|e| internal(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain() {
        assert_eq!(file_slug("Kent Police Dept."), "kent-police-dept");
        assert_eq!(file_slug("../.."), "agency");
    }

    #[test]
    fn an_agency_without_an_adopted_agreement_is_named() {
        let roster = vec![
            Record::from([
                ("employer", "Kent Police".to_owned()),
                ("employer_kind", "law_enforcement".to_owned()),
            ]),
            Record::from([
                ("employer", "District Security".to_owned()),
                ("employer_kind", "district".to_owned()),
            ]),
            Record::from([
                ("employer", "Guard Co".to_owned()),
                ("employer_kind", "security_company".to_owned()),
            ]),
        ];
        let agreements = vec![Record::from([("agency", "Guard Co".to_owned())])];
        assert_eq!(
            agencies_without_agreement(&roster, &agreements),
            ["Kent Police"]
        );
    }
}
