//! The yearly report of calls for service (issue 5, LAW.md R7, R10-R11): a school year's calls
//! counted into the internal report and its public version, the same totals year over year, what
//! the pages draw, and the files (the report as CSV, the R7 incident file, the CRDC counts).
//! Counting and suppression are the domain's ([`accord_domain::report`],
//! [`accord_domain::suppression`]); this module names rows and lays them out.
//!
//! Both versions are laid out from a `YearReport<Published>`: the internal one is the full report
//! with every count shown, so pages and files cannot differ between them but for what is hidden.

use crate::charts::{self, BarEntry, Chart, Frame};
use crate::error::AppError;
use crate::i18n::Lang;
use accord_domain::calls::{
    AgeBands, BandLabel, Call, Disability, Gender, OffenseType, Outcome, ReportingRace,
    default_offense_types,
};
use accord_domain::report::{
    CrdcCounts, CrdcTable, Dimension, Line, Lists, ReportedStudent, YearReport, YearTotals,
};
use accord_domain::suppression::{self, Percent, Published, Reason, Rules};
use accord_store::{School, Store, StoredCall};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Which report: the internal one shows every count, for the roles that may see student records;
/// the public one is suppressed under the publishing rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Internal,
    Public,
}

/// The publishing rules the public report follows (LAW.md's defaults: minimum 10, zeros shown).
pub fn rules() -> Rules {
    Rules::default()
}

/// A school year's calls, counted: the internal report, the CRDC counts, and (once asked for) the
/// public version, which is kept because suppression solves integer programs.
#[derive(Debug)]
pub struct Counted {
    pub school_year: i32,
    pub lists: Lists,
    pub report: YearReport<u64>,
    pub crdc: CrdcCounts,
    public: OnceLock<YearReport<Published>>,
}

impl Counted {
    /// Counts the `students` of `school_year` with the district's schools and offense types as the
    /// report's rows, in their order, and the default age bands.
    pub fn of(
        school_year: i32,
        students: impl IntoIterator<Item = ReportedStudent>,
        names: &Names,
    ) -> Counted {
        let mut lists = Lists {
            schools: names.schools.iter().map(|(id, _)| *id).collect(),
            offenses: names.offenses.iter().map(|o| o.code.clone()).collect(),
            age_bands: AgeBands::default(),
        };
        let rows = lists.rows_of(students);
        Counted {
            school_year,
            report: YearReport::tally(&rows, &lists.shape()),
            crdc: CrdcCounts::tally(&rows),
            lists,
            public: OnceLock::new(),
        }
    }

    /// The version's counts: every count for the internal report, the suppressed ones for the
    /// public. Suppression solves integer programs: call from a blocking thread.
    pub fn published(&self, version: Version) -> YearReport<Published> {
        match version {
            Version::Internal => self.report.map(|&count| Published::Count(count)),
            Version::Public => self
                .public
                .get_or_init(|| self.report.public(&rules()))
                .clone(),
        }
    }
}

/// The district's names for what the report's rows are: schools by id (in the order the report
/// lists them) and offense types by code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    pub schools: Vec<(i64, String)>,
    pub offenses: Vec<OffenseType>,
}

impl Names {
    pub fn new(schools: &[School], offenses: Vec<OffenseType>) -> Names {
        Names {
            schools: schools.iter().map(|s| (s.id, s.name.clone())).collect(),
            offenses,
        }
    }

    fn school(&self, id: i64) -> String {
        self.schools
            .iter()
            .find(|(school, _)| *school == id)
            .map_or_else(|| format!("#{id}"), |(_, name)| name.clone())
    }

    /// An offense type's label: translated when it is one of LAW.md's defaults as the district left
    /// it, else as the district wrote it (its own list is in its own words).
    fn offense(&self, l: &Lang, code: &str) -> String {
        let Some(offense) = self.offenses.iter().find(|o| o.code == code) else {
            return code.to_owned();
        };
        let is_default = default_offense_types().contains(offense);
        match is_default.then(|| l.try_t(&format!("call-offense-{code}"))) {
            Some(Some(label)) => label,
            _ => offense.label.clone(),
        }
    }
}

/// Labels of the code lists and the report's dimensions, in the visitor's language.
pub fn outcome_label(l: &Lang, outcome: Outcome) -> String {
    l.t(format!("code-outcome-{}", outcome.key()))
}

pub fn dimension_label(l: &Lang, dimension: Dimension) -> String {
    l.t(format!("calls-report-dimension-{}", dimension.key()))
}

fn band_label(l: &Lang, band: BandLabel) -> String {
    let age = |n: u8| n.to_string();
    match band {
        BandLabel::AndUnder(last) => l.t_args("calls-report-age-and-under", &[("age", age(last))]),
        BandLabel::Between(first, last) => format!("{first}-{last}"),
        BandLabel::AndOver(first) => l.t_args("calls-report-age-and-over", &[("age", age(first))]),
    }
}

/// One group of a breakdown: its stable code (for files) and its label.
fn group(
    l: &Lang,
    names: &Names,
    lists: &Lists,
    dimension: Dimension,
    index: usize,
) -> (String, String) {
    let code = |key: &str, prefix: &str| (key.to_owned(), l.t(format!("{prefix}-{key}")));
    match dimension {
        Dimension::School => {
            let id = lists.schools.get(index).copied().unwrap_or_default();
            (id.to_string(), names.school(id))
        }
        Dimension::Offense => {
            let offense = lists.offenses.get(index).cloned().unwrap_or_default();
            let label = names.offense(l, &offense);
            (offense, label)
        }
        Dimension::Race => code(ReportingRace::ALL[index].key(), "code-reporting-race"),
        Dimension::Gender => code(Gender::ALL[index].key(), "code-gender"),
        Dimension::Disability => code(Disability::ALL[index].key(), "code-disability"),
        Dimension::AgeBand => {
            let band = lists.age_bands.labels()[index];
            (band.to_string(), band_label(l, band))
        }
    }
}

/// The code a file writes for a hidden count: never the number.
pub fn reason_code(reason: Reason) -> &'static str {
    match reason {
        Reason::SmallCount => "small_count",
        Reason::Complementary => "complementary",
        Reason::Unverified => "unverified",
    }
}

/// A count as a file writes it: the number, or the reason it is hidden.
pub fn file_value(value: Published) -> String {
    match value {
        Published::Count(count) => count.to_string(),
        Published::Hidden(reason) => reason_code(reason).to_owned(),
    }
}

/// One count as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownCell {
    /// The number, or for a hidden count its mark ("N<10", "‡", "§").
    pub text: String,
    /// Said to screen readers after a mark: why the count is hidden.
    pub spoken: Option<String>,
    /// A share, coded as the version requires ("34%", "≤5%").
    pub percent: Option<String>,
    pub hidden: bool,
}

impl ShownCell {
    fn of(l: &Lang, value: Published) -> ShownCell {
        ShownCell::counting(l, value, "calls-report-reason")
    }

    /// A count whose hidden reasons are told by the messages `{reasons}-{reason code}`.
    pub fn counting(l: &Lang, value: Published, reasons: &str) -> ShownCell {
        match value {
            Published::Count(count) => ShownCell {
                text: l.number(i64::try_from(count).unwrap_or(i64::MAX)),
                spoken: None,
                percent: None,
                hidden: false,
            },
            Published::Hidden(reason) => ShownCell {
                text: l.t(format!("calls-report-mark-{}", reason_code(reason))),
                spoken: Some(l.t(format!("{reasons}-{}", reason_code(reason)))),
                percent: None,
                hidden: true,
            },
        }
    }

    fn with_percent(mut self, percent: Option<String>) -> ShownCell {
        self.percent = percent;
        self
    }

    /// The number, or a hidden count's mark with its reason (a chart's table, which has no legend
    /// beside it).
    fn explained(&self) -> String {
        match &self.spoken {
            Some(reason) => format!("{} ({reason})", self.text),
            None => self.text.clone(),
        }
    }

    /// The cell as one line of text (chart values and descriptions).
    fn plain(&self) -> String {
        match &self.percent {
            Some(percent) => format!("{} ({percent})", self.text),
            None => self.text.clone(),
        }
    }
}

/// `part` of `whole` as a whole percent: top- and bottom-coded under the publishing rules for the
/// public report, rounded for the internal one; `None` where no share is shown.
pub fn percent_text(version: Version, part: Published, whole: Published) -> Option<String> {
    if part == Published::Count(0) {
        // A zero is shown as such; "≤10%" beside it would only blur what the page already says.
        return None;
    }
    let percent = match version {
        Version::Public => suppression::percent(part, whole, &rules()),
        Version::Internal => match (part.count(), whole.count()) {
            (Some(part), Some(whole)) if whole > 0 && part <= whole => {
                // part <= whole, so the share is at most 100 and fits a u8.
                Percent::About((part as f64 * 100.0 / whole as f64).round() as u8)
            }
            _ => Percent::Hidden,
        },
    };
    match percent {
        Percent::Hidden => None,
        Percent::About(share) => Some(format!("{share}%")),
        Percent::AtMost(share) => Some(format!("≤{share}%")),
        Percent::AtLeast(share) => Some(format!("≥{share}%")),
    }
}

/// A table of students and each outcome by the values of one dimension (the cross-tabulation), or
/// by school year.
#[derive(Debug, Clone)]
pub struct Crosstab {
    pub id: String,
    pub caption: String,
    /// Headings after the first (the groups' column): calls where counted, students, each outcome.
    pub columns: Vec<String>,
    pub group_heading: String,
    pub rows: Vec<CrosstabRow>,
    pub total: Option<CrosstabRow>,
}

#[derive(Debug, Clone)]
pub struct CrosstabRow {
    pub label: String,
    pub cells: Vec<ShownCell>,
}

/// One breakdown as the page shows it: a chart of students by group, then the cross-tabulation.
pub struct Section {
    pub dimension: &'static str,
    pub heading: String,
    pub chart: Chart,
    pub table: Crosstab,
}

/// The whole report as a page draws it.
pub struct ReportView {
    pub version: Version,
    pub school_year: i32,
    /// Calls, students and each outcome for the whole district: label and count.
    pub totals: Vec<(String, ShownCell)>,
    pub outcome_chart: Chart,
    pub sections: Vec<Section>,
    pub over_years: Crosstab,
    /// Whether any count is hidden, for the legend.
    pub hides_any: bool,
}

/// The column headings of a line: students, then each outcome.
fn line_columns(l: &Lang) -> Vec<String> {
    let mut columns = vec![l.t("calls-report-students")];
    columns.extend(Outcome::ALL.iter().map(|&o| outcome_label(l, o)));
    columns
}

/// A line's cells: students (with their share of `all_students`), then each outcome with its share
/// of the line's students.
fn line_cells(
    l: &Lang,
    version: Version,
    line: &Line<Published>,
    all_students: Option<Published>,
) -> Vec<ShownCell> {
    let students = ShownCell::of(l, line.students)
        .with_percent(all_students.and_then(|all| percent_text(version, line.students, all)));
    let mut cells = vec![students];
    cells.extend(line.outcomes.iter().map(|&outcome| {
        ShownCell::of(l, outcome).with_percent(percent_text(version, outcome, line.students))
    }));
    cells
}

/// Ids of the page's charts and tables (charts need a `'static` id).
fn dimension_id(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::School => "by-school",
        Dimension::Offense => "by-offense",
        Dimension::Race => "by-race",
        Dimension::Gender => "by-gender",
        Dimension::AgeBand => "by-age-band",
        Dimension::Disability => "by-disability",
    }
}

impl ReportView {
    pub fn build(
        l: &Lang,
        version: Version,
        counted: &Counted,
        published: &YearReport<Published>,
        over_years: &[YearTotals<Published>],
        names: &Names,
    ) -> ReportView {
        let mut totals = vec![(l.t("calls-report-calls"), ShownCell::of(l, published.calls))];
        let columns = line_columns(l);
        for (label, cell) in columns
            .iter()
            .zip(line_cells(l, version, &published.totals, None))
        {
            totals.push((label.clone(), cell));
        }
        let sections = published
            .breakdowns
            .iter()
            .map(|breakdown| {
                let dimension = breakdown.dimension;
                let calls = match dimension {
                    Dimension::School => Some(&published.calls_by_school),
                    Dimension::Offense => Some(&published.calls_by_offense),
                    _ => None,
                };
                let groups: Vec<String> = (0..breakdown.lines.len())
                    .map(|i| group(l, names, &counted.lists, dimension, i).1)
                    .collect();
                let mut columns = columns.clone();
                if calls.is_some() {
                    columns.insert(0, l.t("calls-report-calls"));
                }
                let rows: Vec<CrosstabRow> = breakdown
                    .lines
                    .iter()
                    .zip(&groups)
                    .enumerate()
                    .map(|(i, (line, label))| {
                        let mut cells =
                            line_cells(l, version, line, Some(published.totals.students));
                        if let Some(calls) = calls {
                            cells.insert(0, ShownCell::of(l, calls[i]));
                        }
                        CrosstabRow {
                            label: label.clone(),
                            cells,
                        }
                    })
                    .collect();
                let mut total_cells = line_cells(l, version, &published.totals, None);
                if calls.is_some() {
                    total_cells.insert(0, ShownCell::of(l, published.calls));
                }
                let named = [("dimension", dimension_label(l, dimension).to_lowercase())];
                let heading = l.t_args("calls-report-by", &named);
                let id = dimension_id(dimension);
                let chart = students_chart(l, id, dimension, &rows, calls.is_some());
                Section {
                    dimension: dimension.key(),
                    heading,
                    chart,
                    table: Crosstab {
                        id: format!("{id}-table"),
                        caption: l.t_args("calls-report-table-caption", &named),
                        columns,
                        group_heading: dimension_label(l, dimension),
                        rows,
                        total: Some(CrosstabRow {
                            label: l.t("calls-report-all-students"),
                            cells: total_cells,
                        }),
                    },
                }
            })
            .collect();
        let hides_any = published_cells(published).any(|v| v.count().is_none())
            || over_years
                .iter()
                .flat_map(|y| {
                    [y.calls, y.totals.students]
                        .into_iter()
                        .chain(y.totals.outcomes.iter().copied())
                })
                .any(|v| v.count().is_none());
        ReportView {
            version,
            school_year: counted.school_year,
            outcome_chart: outcome_chart(l, version, &published.totals),
            totals,
            sections,
            over_years: over_years_table(l, version, over_years),
            hides_any,
        }
    }
}

/// Every count of a report.
fn published_cells(report: &YearReport<Published>) -> impl Iterator<Item = Published> + '_ {
    fn line(line: &Line<Published>) -> impl Iterator<Item = Published> + '_ {
        std::iter::once(line.students).chain(line.outcomes.iter().copied())
    }
    std::iter::once(report.calls)
        .chain(report.calls_by_school.iter().copied())
        .chain(report.calls_by_offense.iter().copied())
        .chain(line(&report.totals))
        .chain(
            report
                .breakdowns
                .iter()
                .flat_map(|b| b.lines.iter().flat_map(line)),
        )
}

/// Students by group, as bars; a hidden count draws no bar and says its mark.
fn students_chart(
    l: &Lang,
    id: &'static str,
    dimension: Dimension,
    rows: &[CrosstabRow],
    has_calls: bool,
) -> Chart {
    let students_at = usize::from(has_calls);
    let entries = rows
        .iter()
        .map(|row| {
            let cell = &row.cells[students_at];
            BarEntry {
                label: row.label.clone(),
                value: bar_value(cell),
                value_text: cell.plain(),
                cells: vec![
                    row.label.clone(),
                    cell.explained(),
                    cell.percent.clone().unwrap_or_default(),
                ],
            }
        })
        .collect();
    charts::bars(
        Frame {
            id,
            title: l.t_args(
                "calls-report-chart-students",
                &[("dimension", dimension_label(l, dimension).to_lowercase())],
            ),
            columns: vec![
                dimension_label(l, dimension),
                l.t("calls-report-students"),
                l.t("calls-report-share"),
            ],
        },
        entries,
    )
}

/// Students with each outcome, district-wide.
fn outcome_chart(l: &Lang, version: Version, totals: &Line<Published>) -> Chart {
    let entries = Outcome::ALL
        .iter()
        .zip(&totals.outcomes)
        .map(|(&outcome, &count)| {
            let cell =
                ShownCell::of(l, count).with_percent(percent_text(version, count, totals.students));
            let label = outcome_label(l, outcome);
            BarEntry {
                label: label.clone(),
                value: bar_value(&cell),
                value_text: cell.plain(),
                cells: vec![label, cell.explained(), cell.percent.unwrap_or_default()],
            }
        })
        .collect();
    charts::bars(
        Frame {
            id: "by-outcome",
            title: l.t("calls-report-chart-outcomes"),
            columns: vec![
                l.t("calls-report-outcome"),
                l.t("calls-report-students"),
                l.t("calls-report-share"),
            ],
        },
        entries,
    )
}

/// A bar's length: a hidden count draws none (the chart still shows a sliver and the mark).
fn bar_value(cell: &ShownCell) -> f64 {
    if cell.hidden {
        return 0.0;
    }
    cell.text
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0.0)
}

/// Calls, students and each outcome, one row per school year, newest first.
fn over_years_table(l: &Lang, version: Version, years: &[YearTotals<Published>]) -> Crosstab {
    let mut columns = vec![l.t("calls-report-calls")];
    columns.extend(line_columns(l));
    Crosstab {
        id: "over-years".into(),
        caption: l.t("calls-report-over-years"),
        columns,
        group_heading: l.t("calls-report-school-year"),
        rows: years
            .iter()
            .map(|year| {
                let mut cells = vec![ShownCell::of(l, year.calls)];
                cells.extend(line_cells(l, version, &year.totals, None));
                CrosstabRow {
                    label: school_year_label(year.school_year),
                    cells,
                }
            })
            .collect(),
        total: None,
    }
}

/// "2024-25" for the school year starting in 2024.
pub fn school_year_label(first_year: i32) -> String {
    format!("{first_year}-{:02}", (first_year + 1).rem_euclid(100))
}

/// The report as a file, one count per line: school year, breakdown (`total` or a dimension), the
/// group's code and label, the measure (`calls`, `students` or an outcome's code) and the count, or
/// for a hidden count its reason code.
pub fn report_csv(
    l: &Lang,
    counted: &Counted,
    published: &YearReport<Published>,
    names: &Names,
) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "school_year",
        "breakdown",
        "group_code",
        "group",
        "measure",
        "count",
    ])?;
    let year = counted.school_year.to_string();
    let mut write = |breakdown: &str, code: &str, label: &str, measure: &str, value: Published| {
        writer.write_record([
            year.as_str(),
            breakdown,
            &crate::export::spreadsheet_safe(code),
            &crate::export::spreadsheet_safe(label),
            measure,
            &file_value(value),
        ])
    };
    let all = l.t("calls-report-all-students");
    write("total", "all", &all, "calls", published.calls)?;
    write_line(&mut write, "total", "all", &all, &published.totals)?;
    for breakdown in &published.breakdowns {
        let dimension = breakdown.dimension;
        let calls = match dimension {
            Dimension::School => Some(&published.calls_by_school),
            Dimension::Offense => Some(&published.calls_by_offense),
            _ => None,
        };
        for (i, line) in breakdown.lines.iter().enumerate() {
            let (code, label) = group(l, names, &counted.lists, dimension, i);
            if let Some(calls) = calls {
                write(dimension.key(), &code, &label, "calls", calls[i])?;
            }
            write_line(&mut write, dimension.key(), &code, &label, line)?;
        }
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

fn write_line(
    write: &mut impl FnMut(&str, &str, &str, &str, Published) -> Result<(), csv::Error>,
    breakdown: &str,
    code: &str,
    label: &str,
    line: &Line<Published>,
) -> Result<(), csv::Error> {
    write(breakdown, code, label, "students", line.students)?;
    for (&outcome, &count) in Outcome::ALL.iter().zip(&line.outcomes) {
        write(breakdown, code, label, outcome.key(), count)?;
    }
    Ok(())
}

/// The R7 incident file (RCW 28A.320.1241(1)(c)): one line per student of each call where safety and
/// security staff were involved and a student was disciplined, met force or was arrested. Codes,
/// not labels, and no names: the student appears by their part, demographics and outcomes only.
/// The columns are the OSPI packet's default incidents file.
pub fn r7_csv<'a>(
    calls: impl IntoIterator<Item = (i64, &'a Call)>,
    names: &Names,
) -> Result<Vec<u8>, csv::Error> {
    let file = accord_domain::ospi::FileLayout::default_for(accord_domain::ospi::Part::Incidents);
    let (headers, rows) = accord_domain::ospi::table(&file, &incident_records(calls, names));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers)?;
    for row in rows {
        writer.write_record(&row)?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// The R7 file's records (see [`r7_csv`]): the fields of `domain::ospi::Part::Incidents`.
pub fn incident_records<'a>(
    calls: impl IntoIterator<Item = (i64, &'a Call)>,
    names: &Names,
) -> Vec<accord_domain::ospi::Record> {
    let yes_no = |flag: bool| if flag { "yes" } else { "no" }.to_owned();
    let safe = crate::export::spreadsheet_safe;
    let mut records = Vec::new();
    for (id, call) in calls {
        if !call.reportable_under_r7() {
            continue;
        }
        let school = safe(&names.school(call.school_id));
        let date: String = call.occurred_at.chars().take(10).collect();
        for student in &call.students {
            let involvement = student.involvement();
            let outcomes: Vec<&str> = student.outcomes.iter().map(|o| o.key()).collect();
            records.push(accord_domain::ospi::Record::from([
                ("call_id", id.to_string()),
                ("call_key", safe(&call.call_key)),
                ("cedars_incident_id", safe(&call.cedars_incident_id)),
                ("school_year", call.school_year.to_string()),
                ("school", school.clone()),
                ("date", date.clone()),
                ("offense", safe(&call.offense)),
                ("school_related", yes_no(call.school_related)),
                ("student_role", student.role.key().to_owned()),
                ("outcomes", outcomes.join(";")),
                ("race_ethnicity", involvement.race.key().to_owned()),
                ("gender", student.gender.key().to_owned()),
                ("age", student.age.to_string()),
                ("iep", yes_no(student.iep)),
                ("section_504", yes_no(student.section_504)),
                ("english_learner", yes_no(student.english_learner)),
            ]));
        }
    }
    records
}

/// The CRDC items (R11) flattened: one line per item and group, a column per gender and the total.
pub fn crdc_csv(school_year: i32, counts: &CrdcCounts) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["school_year", "item", "group"];
    header.extend(Gender::ALL.iter().map(|g| g.key()));
    header.push("total");
    writer.write_record(&header)?;
    let year = school_year.to_string();
    let items = [
        ("referred_to_law_enforcement", &counts.referrals),
        ("school_related_arrest", &counts.arrests),
    ];
    for (item, table) in items {
        for (group, by_gender) in crdc_groups(table) {
            let mut record = vec![year.clone(), item.to_owned(), group.to_owned()];
            record.extend(by_gender.iter().map(u64::to_string));
            record.push(by_gender.iter().sum::<u64>().to_string());
            writer.write_record(&record)?;
        }
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// A CRDC table's lines: each race/ethnicity, then English learners, IDEA and Section 504 only.
pub fn crdc_groups(table: &CrdcTable) -> Vec<(&'static str, &[u64])> {
    let mut groups: Vec<(&'static str, &[u64])> = ReportingRace::ALL
        .iter()
        .zip(&table.by_race)
        .map(|(race, counts)| (race.key(), counts.as_slice()))
        .collect();
    groups.push(("english_learner", &table.english_learners));
    groups.push(("idea", &table.idea));
    groups.push(("section_504_only", &table.section_504_only));
    groups
}

/// For the JSON API: each group's code and label by breakdown, in the report's order.
pub fn group_names(
    l: &Lang,
    counted: &Counted,
    names: &Names,
    dimension: Dimension,
) -> Vec<(String, String)> {
    let rows = counted
        .report
        .breakdowns
        .iter()
        .find(|b| b.dimension == dimension)
        .map_or(0, |b| b.lines.len());
    (0..rows)
        .map(|i| group(l, names, &counted.lists, dimension, i))
        .collect()
}

/// A report as read from the store: the school years with calls, the chosen year counted in the
/// version asked for, and (when asked) the same totals for every year with calls.
pub struct Report {
    pub version: Version,
    /// School years with calls, newest first.
    pub years: Vec<i32>,
    pub names: Names,
    pub counted: Arc<Counted>,
    pub published: YearReport<Published>,
    pub over_years: Vec<YearTotals<Published>>,
}

impl Report {
    pub fn school_year(&self) -> i32 {
        self.counted.school_year
    }

    pub fn view(&self, l: &Lang) -> ReportView {
        ReportView::build(
            l,
            self.version,
            &self.counted,
            &self.published,
            &self.over_years,
            &self.names,
        )
    }
}

/// The school year today falls in (its first calendar year), for a district with no calls yet.
fn current_school_year() -> i32 {
    let today = crate::program::today();
    if today.month() >= time::Month::September {
        today.year()
    } else {
        today.year() - 1
    }
}

/// Reads and counts the report of `requested` (else the newest year with calls) for a district.
/// Each year's counts come from `kept` while their year's revision and the district's names are
/// unchanged; counting and suppression run on a blocking thread: they are CPU work, integer
/// programs included.
pub async fn load(
    store: &Store,
    kept: &ReportCache,
    district_id: i64,
    requested: Option<i32>,
    version: Version,
    with_over_years: bool,
) -> Result<Report, AppError> {
    let revisions = store.call_year_revisions(district_id).await?;
    let years: Vec<i32> = revisions.iter().map(|&(year, _)| year).collect();
    let school_year = requested
        .or_else(|| years.first().copied())
        .unwrap_or_else(current_school_year);
    let names = Names::new(
        &store.schools(district_id).await?,
        store.offense_types(district_id).await?,
    );
    let revision_of = |year: i32| {
        revisions
            .iter()
            .find(|&&(y, _)| y == year)
            .map_or(0, |&(_, revision)| revision)
    };
    let counted = kept
        .year(
            store,
            district_id,
            school_year,
            revision_of(school_year),
            &names,
        )
        .await?;
    let mut other_years = Vec::new();
    if with_over_years {
        for &year in years.iter().filter(|&&year| year != school_year) {
            other_years.push(
                kept.year(store, district_id, year, revision_of(year), &names)
                    .await?,
            );
        }
    }
    let has_calls = years.contains(&school_year);
    tokio::task::spawn_blocking(move || {
        let published = counted.published(version);
        let mut over_years: Vec<YearTotals<Published>> = other_years
            .iter()
            .map(|year| year.published(version).year_totals(year.school_year))
            .collect();
        if with_over_years && has_calls {
            over_years.push(published.year_totals(school_year));
        }
        over_years.sort_by_key(|year| std::cmp::Reverse(year.school_year));
        Report {
            version,
            years,
            names,
            counted,
            published,
            over_years,
        }
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))
}

/// Each school year's counts, kept per server with the revision of the year and the names they were
/// counted with: a report page reads a handful of rows until a save changes a year's calls (every
/// year is in the year-over-year table, and a large district has hundreds of thousands of rows a
/// year). Small: counts only, no student rows.
#[derive(Default)]
pub struct ReportCache {
    years: Mutex<HashMap<(i64, i32), KeptYear>>,
}

struct KeptYear {
    revision: i64,
    names: Names,
    counted: Arc<Counted>,
}

impl ReportCache {
    /// The counts of a district's school year at `revision`, counted again when they are not kept.
    pub async fn year(
        &self,
        store: &Store,
        district_id: i64,
        school_year: i32,
        revision: i64,
        names: &Names,
    ) -> Result<Arc<Counted>, AppError> {
        let key = (district_id, school_year);
        if let Some(kept) = self.lock().get(&key)
            && kept.revision == revision
            && kept.names == *names
        {
            return Ok(kept.counted.clone());
        }
        let students = store.report_students(district_id, school_year).await?;
        let counting_names = names.clone();
        let counted = tokio::task::spawn_blocking(move || {
            Arc::new(Counted::of(school_year, students, &counting_names))
        })
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
        self.lock().insert(
            key,
            KeptYear {
                revision,
                names: names.clone(),
                counted: counted.clone(),
            },
        );
        Ok(counted)
    }

    /// Counts every year of every district, public version included, so that the first visitor of a
    /// report after a start does not wait for every year of the year-over-year table (seconds at a
    /// million rows). Runs beside the server; a failure only leaves the work to the first visit.
    pub async fn warm(&self, store: &Store) {
        if let Err(error) = self.fill(store).await {
            tracing::warn!(%error, "the yearly reports were not counted ahead");
        }
    }

    async fn fill(&self, store: &Store) -> Result<(), AppError> {
        for district in store.districts().await? {
            let names = Names::new(
                &store.schools(district.id).await?,
                store.offense_types(district.id).await?,
            );
            for (year, revision) in store.call_year_revisions(district.id).await? {
                let counted = self
                    .year(store, district.id, year, revision, &names)
                    .await?;
                tokio::task::spawn_blocking(move || counted.published(Version::Public))
                    .await
                    .map_err(|e| AppError::Internal(e.into()))?;
            }
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(i64, i32), KeptYear>> {
        // A panic while holding the lock leaves only counts behind, which stay valid.
        self.years
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Stored calls as the domain reads them: `(id, call)`.
pub fn stored(calls: &[StoredCall]) -> impl Iterator<Item = (i64, &Call)> {
    calls.iter().map(|stored| (stored.id, &stored.call))
}

/// The school year a query asks for (`?year=2024`); anything else means the newest.
pub fn requested_year(year: Option<&str>) -> Option<i32> {
    year?
        .trim()
        .parse()
        .ok()
        .filter(|y| (1900..=9998).contains(y))
}

/// Student-level data and the internal report: program admins and records clerks only.
pub fn require_calls_role(staff: &crate::auth::Staff) -> Result<(), AppError> {
    if staff.role().may_record_calls() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_domain::calls::{CallStudent, Requester, StudentRole};

    fn student(age: u8, gender: Gender, outcomes: &[Outcome]) -> CallStudent {
        CallStudent {
            protected_id: format!("p{age}"),
            role: StudentRole::Offender,
            age,
            grade: "9".into(),
            gender,
            hispanic: false,
            races: [accord_domain::calls::Race::White].into_iter().collect(),
            iep: age.is_multiple_of(2),
            section_504: false,
            english_learner: false,
            outcomes: outcomes.iter().copied().collect(),
        }
    }

    fn call(key: &str, school_id: i64, staff: bool, students: Vec<CallStudent>) -> Call {
        Call {
            call_key: key.into(),
            school_year: 2024,
            school_id,
            occurred_at: "2024-10-03T09:15".into(),
            requester: Requester::Teacher,
            reason: "reason".into(),
            offense: "fighting".into(),
            weapon: String::new(),
            school_related: true,
            staff_ids: if staff { vec![1] } else { vec![] },
            agency_case_number: String::new(),
            cedars_incident_id: "C-1".into(),
            narrative: "never in a file".into(),
            students,
        }
    }

    fn names() -> Names {
        Names {
            schools: vec![(1, "North".into()), (2, "=South".into())],
            offenses: default_offense_types(),
        }
    }

    /// A big school (30 students, 12 arrested) and a small one (3 students, 1 arrested).
    fn calls() -> Vec<Call> {
        let mut calls: Vec<Call> = (0..30)
            .map(|i| {
                let outcomes: &[Outcome] = if i < 12 {
                    &[Outcome::Arrest]
                } else {
                    &[Outcome::HandledInformally]
                };
                call(
                    &format!("n{i}"),
                    1,
                    true,
                    vec![student(12 + (i % 6) as u8, Gender::ALL[i % 2], outcomes)],
                )
            })
            .collect();
        calls.push(call(
            "s1",
            2,
            false,
            vec![
                student(15, Gender::Female, &[Outcome::Arrest]),
                student(16, Gender::Male, &[]),
                student(17, Gender::Female, &[]),
            ],
        ));
        calls
    }

    fn counted(calls: &[Call]) -> Counted {
        Counted::of(
            2024,
            accord_domain::report::reported_students(
                calls.iter().enumerate().map(|(i, c)| (i as i64 + 1, c)),
            ),
            &names(),
        )
    }

    #[test]
    fn the_internal_report_counts_every_student_once_per_call() {
        let calls = calls();
        let counted = counted(&calls);
        let report = &counted.report;
        assert_eq!(report.calls, 31);
        assert_eq!(report.totals.students, 33);
        assert_eq!(report.totals.outcomes[Outcome::Arrest.position()], 13);
        assert_eq!(report.calls_by_school, [30, 1]);
    }

    #[test]
    fn the_public_file_never_writes_a_small_count() {
        let calls = calls();
        let counted = counted(&calls);
        let published = counted.published(Version::Public);
        let csv = report_csv(&Lang::english(), &counted, &published, &names()).expect("csv");
        let text = String::from_utf8(csv).expect("utf-8");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut hidden = 0;
        for record in reader.records() {
            let record = record.expect("record");
            let value = &record[5];
            match value.parse::<u64>() {
                Ok(count) => assert!(count == 0 || count >= 10, "{record:?}"),
                Err(_) => {
                    assert!(["small_count", "complementary", "unverified"].contains(&value));
                    hidden += 1;
                }
            }
        }
        assert!(hidden > 0, "the small school's counts are hidden");
        assert!(
            text.contains("'=South"),
            "a name starting with = is defused"
        );
        assert!(text.contains("total,all,All students,calls,31"));
    }

    #[test]
    fn the_internal_file_writes_every_count() {
        let calls = calls();
        let counted = counted(&calls);
        let published = counted.published(Version::Internal);
        let csv = report_csv(&Lang::english(), &counted, &published, &names()).expect("csv");
        let text = String::from_utf8(csv).expect("utf-8");
        assert!(text.contains("2024,school,2,'=South,students,3"), "{text}");
        assert!(text.contains("2024,school,2,'=South,arrest,1"));
        assert!(!text.contains("small_count"));
    }

    #[test]
    fn r7_lists_only_reportable_calls_and_no_narrative() {
        let calls = calls();
        let csv = r7_csv(
            calls.iter().enumerate().map(|(i, c)| (i as i64 + 1, c)),
            &names(),
        )
        .expect("csv");
        let text = String::from_utf8(csv).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        // Calls n0..n11 led to an arrest with staff involved; the rest were handled informally or
        // had no staff.
        assert_eq!(lines.len(), 1 + 12, "{text}");
        assert!(
            lines[1]
                .starts_with("1,n0,C-1,2024,North,2024-10-03,fighting,yes,offender,arrest,white,")
        );
        assert!(!text.contains("never in a file"));
        assert!(!text.contains("s1"));
    }

    #[test]
    fn crdc_file_has_a_line_per_item_and_group() {
        let calls = calls();
        let counted = counted(&calls);
        let csv = crdc_csv(2024, &counted.crdc).expect("csv");
        let text = String::from_utf8(csv).expect("utf-8");
        assert!(text.starts_with("school_year,item,group,female,male,gender_x,total\n"));
        assert_eq!(text.lines().count(), 1 + 2 * (ReportingRace::ALL.len() + 3));
        assert!(
            text.contains("2024,school_related_arrest,white,7,6,0,13"),
            "{text}"
        );
    }

    #[test]
    fn percentages_are_coded_in_public_and_rounded_inside() {
        let count = Published::Count;
        assert_eq!(
            percent_text(Version::Public, count(1), count(400)).as_deref(),
            Some("≤1%")
        );
        assert_eq!(
            percent_text(Version::Internal, count(1), count(400)).as_deref(),
            Some("0%")
        );
        assert_eq!(percent_text(Version::Public, count(3), count(9)), None);
        assert_eq!(
            percent_text(Version::Internal, count(3), count(9)).as_deref(),
            Some("33%")
        );
        assert_eq!(percent_text(Version::Internal, count(0), count(0)), None);
    }

    #[test]
    fn the_view_marks_hidden_cells_and_names_every_group() {
        let calls = calls();
        let counted = counted(&calls);
        let published = counted.published(Version::Public);
        let years = [published.year_totals(2024)];
        for code in ["en", "es"] {
            let l = Lang::from_code(code);
            let view =
                ReportView::build(&l, Version::Public, &counted, &published, &years, &names());
            assert!(view.hides_any);
            assert_eq!(view.sections.len(), Dimension::ALL.len());
            let schools = &view.sections[0].table;
            assert_eq!(schools.rows[1].label, "=South");
            assert!(
                schools.rows[1]
                    .cells
                    .iter()
                    .all(|c| c.hidden || c.text == "0"),
                "{:?}",
                schools.rows[1]
            );
            assert!(schools.rows[1].cells.iter().any(|c| c.text == "N<10"));
            for section in &view.sections {
                for row in &section.table.rows {
                    assert!(
                        !row.label.contains("code-") && !row.label.is_empty(),
                        "{code}: {}",
                        row.label
                    );
                }
            }
            assert_eq!(view.over_years.rows[0].label, "2024-25");
        }
    }
}
