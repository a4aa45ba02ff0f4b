//! Complaints about safety and security staff (LAW.md R1, R8): the steps from received to closed,
//! the deadlines of each step counted in school days or calendar days, findings by allegation, the
//! tracking code a complainant keeps, and the yearly public counts.

use crate::codes::code_list;
use crate::suppression::{self, Published, Release, Rules, Suppressed, Table};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::{Date, Duration, Weekday};

code_list!(
    /// Where a complaint stands.
    Status {
        Received => "received",
        Acknowledged => "acknowledged",
        Investigating => "investigating",
        Findings => "findings",
        ResponseSent => "response_sent",
        Closed => "closed",
    }
);

impl Status {
    /// Still waiting on the district: counted in the overdue view.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::ResponseSent | Status::Closed)
    }
}

code_list!(
    /// What an investigator does to move a complaint on. An appeal (the complainant contests the
    /// response) reopens the investigation.
    Step {
        Acknowledge => "acknowledge",
        Investigate => "investigate",
        RecordFindings => "record_findings",
        SendResponse => "send_response",
        Close => "close",
        Appeal => "appeal",
    }
);

impl Step {
    /// The steps that may follow `status`, in the order a page offers them.
    pub fn after(status: Status) -> Vec<Step> {
        Step::ALL
            .iter()
            .copied()
            .filter(|step| take_step(status, *step, &Facts::ANY).is_ok())
            .collect()
    }
}

/// What a step needs to be true of the complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub investigator_assigned: bool,
    /// Allegations without a finding yet.
    pub allegations_without_finding: usize,
    pub allegations: usize,
    pub response_written: bool,
}

impl Facts {
    /// Facts under which every step in order is allowed: which steps the status alone permits.
    const ANY: Facts = Facts {
        investigator_assigned: true,
        allegations_without_finding: 0,
        allegations: 1,
        response_written: true,
    };
}

/// Why a step was refused; the page says it in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepRefusal {
    #[error("this step does not follow from the complaint's status")]
    OutOfOrder,
    #[error("assign an investigator first")]
    NoInvestigator,
    #[error("record a finding for every allegation first")]
    FindingsMissing,
    #[error("write the response to the complainant first")]
    NoResponse,
}

/// The status after `step`, or why it cannot be taken.
pub fn take_step(status: Status, step: Step, facts: &Facts) -> Result<Status, StepRefusal> {
    use Status::*;
    let next = match (status, step) {
        (Received, Step::Acknowledge) => Acknowledged,
        (Received | Acknowledged, Step::Investigate) => Investigating,
        (Investigating, Step::RecordFindings) => Findings,
        (Findings, Step::SendResponse) => ResponseSent,
        (ResponseSent, Step::Close) => Closed,
        (ResponseSent | Closed, Step::Appeal) => Investigating,
        _ => return Err(StepRefusal::OutOfOrder),
    };
    match next {
        Investigating if !facts.investigator_assigned => Err(StepRefusal::NoInvestigator),
        Findings if facts.allegations == 0 || facts.allegations_without_finding > 0 => {
            Err(StepRefusal::FindingsMissing)
        }
        ResponseSent if !facts.response_written => Err(StepRefusal::NoResponse),
        _ => Ok(next),
    }
}

code_list!(
    /// A finding on one allegation.
    Finding {
        Sustained => "sustained",
        NotSustained => "not_sustained",
        Exonerated => "exonerated",
        Unfounded => "unfounded",
    }
);

code_list!(
    /// What a complaint is about, as R8 counts it.
    Category {
        JobDuties => "job_duties",
        StudentInteraction => "student_interaction",
        Other => "other",
    }
);

/// The district's school calendar: weekends are never school days, and neither are the listed days
/// (holidays, breaks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchoolCalendar {
    pub days_off: BTreeSet<Date>,
}

impl SchoolCalendar {
    pub fn is_school_day(&self, day: Date) -> bool {
        !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
            && !self.days_off.contains(&day)
    }

    /// The `count`th school day after `start` (`start` itself never counts).
    pub fn add_school_days(&self, start: Date, count: u32) -> Date {
        let mut day = start;
        let mut left = count;
        // A calendar cannot be closed for ever; a year of days off in a row stops the walk.
        let mut guard = 0;
        while left > 0 && guard < 366 * 2 {
            day = day.next_day().unwrap_or(day);
            if self.is_school_day(day) {
                left -= 1;
                guard = 0;
            } else {
                guard += 1;
            }
        }
        day
    }
}

/// How long each step may take (a district setting; LAW.md leaves it to the district's procedure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub acknowledge_school_days: u32,
    pub respond_calendar_days: u32,
}

impl Default for Deadlines {
    /// Acknowledge within 5 school days, respond within 30 days.
    fn default() -> Deadlines {
        Deadlines {
            acknowledge_school_days: 5,
            respond_calendar_days: 30,
        }
    }
}

/// When a complaint's steps are due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueDates {
    pub acknowledge_by: Date,
    pub respond_by: Date,
}

pub fn due_dates(received: Date, deadlines: &Deadlines, calendar: &SchoolCalendar) -> DueDates {
    DueDates {
        acknowledge_by: calendar.add_school_days(received, deadlines.acknowledge_school_days),
        respond_by: received
            .saturating_add(Duration::days(i64::from(deadlines.respond_calendar_days))),
    }
}

/// Which deadline a complaint has missed, if any, on `today` (the day a step is due is not late).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lateness {
    OnTime,
    AcknowledgementOverdue,
    ResponseOverdue,
}

pub fn lateness(status: Status, due: &DueDates, today: Date) -> Lateness {
    if !status.is_open() {
        Lateness::OnTime
    } else if status == Status::Received && today > due.acknowledge_by {
        Lateness::AcknowledgementOverdue
    } else if today > due.respond_by {
        Lateness::ResponseOverdue
    } else {
        Lateness::OnTime
    }
}

/// A reminder is due when the next deadline is at most this many days away and not yet passed.
pub const REMIND_DAYS_BEFORE: i64 = 2;

pub fn needs_reminder(status: Status, due: &DueDates, today: Date) -> bool {
    let next = if status == Status::Received {
        due.acknowledge_by
    } else {
        due.respond_by
    };
    status.is_open() && today <= next && (next - today).whole_days() <= REMIND_DAYS_BEFORE
}

/// Tracking codes: 20 characters of Crockford's base 32 (100 random bits), grouped in fours for
/// reading aloud; guessing one is hopeless even without the rate limit on lookups.
const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH: usize = 20;

pub fn new_tracking_code<R: Rng + ?Sized>(rng: &mut R) -> String {
    let raw: String = (0..CODE_LENGTH)
        .map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())]))
        .collect();
    group_code(&raw)
}

fn group_code(raw: &str) -> String {
    raw.as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as someone typed it (any case, spaces or dashes anywhere, O for 0, I or L for 1), in the
/// stored form; `None` when it cannot be a code at all.
pub fn normalise_tracking_code(typed: &str) -> Option<String> {
    let raw: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    let valid = raw.len() == CODE_LENGTH && raw.bytes().all(|b| CODE_ALPHABET.contains(&b));
    valid.then(|| group_code(&raw))
}

/// One complaint as the yearly public counts see it: its school (a position in the report's list),
/// its category, and the finding of each allegation (`None` while undecided).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedComplaint {
    pub school: usize,
    pub category: Category,
    pub findings: Vec<Option<Finding>>,
}

/// The year's counts: complaints by school and category, allegations by finding and category (the
/// last row holds allegations not yet decided), and allegations by school and category (a row per
/// school and category, `school * categories + category`) and finding (the last column undecided),
/// the breakdown OSPI's file asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplaintCounts<V> {
    pub by_school: Vec<Vec<V>>,
    pub by_school_totals: Vec<V>,
    pub by_category: Vec<V>,
    pub complaints: V,
    pub by_finding: Vec<Vec<V>>,
    pub by_finding_totals: Vec<V>,
    pub allegations_by_category: Vec<V>,
    pub allegations: V,
    pub findings_by_school: Vec<Vec<V>>,
}

/// The three tables of one release, with the detailed one declared to add up to the findings table
/// (so that suppression cannot leave a hidden count to be worked out across them).
struct CountTables {
    release: Release,
    schools: Table,
    findings: Table,
    detail: Table,
}

fn count_tables(
    by_school: &[Vec<u64>],
    by_finding: &[Vec<u64>],
    detail: &[Vec<u64>],
) -> CountTables {
    let mut release = Release::new();
    let schools = release.table(by_school);
    let findings = release.table(by_finding);
    let detail_table = release.table(detail);
    let categories = Category::ALL.len();
    for (finding, row) in findings.cells.iter().enumerate() {
        for (category, &whole) in row.iter().enumerate() {
            let parts: Vec<suppression::Cell> = detail_table
                .cells
                .iter()
                .skip(category)
                .step_by(categories)
                .map(|detail_row| detail_row[finding])
                .collect();
            // Both tables count the same allegations, so the sum always holds.
            let _ = release.add_sum(whole, &parts);
        }
    }
    CountTables {
        release,
        schools,
        findings,
        detail: detail_table,
    }
}

impl ComplaintCounts<u64> {
    pub fn tally(complaints: &[CountedComplaint], schools: usize) -> ComplaintCounts<u64> {
        let categories = Category::ALL.len();
        let outcomes = Finding::ALL.len() + 1;
        let mut by_school = vec![vec![0u64; categories]; schools];
        let mut by_finding = vec![vec![0u64; categories]; outcomes];
        let mut detail = vec![vec![0u64; outcomes]; schools * categories];
        for complaint in complaints {
            let category = complaint.category.position();
            by_school[complaint.school][category] += 1;
            for finding in &complaint.findings {
                let outcome = finding.map_or(Finding::ALL.len(), Finding::position);
                by_finding[outcome][category] += 1;
                detail[complaint.school * categories + category][outcome] += 1;
            }
        }
        let tables = count_tables(&by_school, &by_finding, &detail);
        // The release computes the totals; the internal version reads them back in full.
        read_counts(&tables, |cell| tables.release.count(cell))
    }

    /// The public version: the suppression rules of the yearly report, all tables in one release.
    pub fn public(&self, rules: &Rules) -> ComplaintCounts<Published> {
        let tables = count_tables(&self.by_school, &self.by_finding, &self.findings_by_school);
        let suppressed: Suppressed = suppression::suppress(&tables.release, rules);
        read_counts(&tables, |cell| suppressed.get(cell))
    }
}

/// Reads the tables of a release, through `value`, into the report's shape.
fn read_counts<V>(
    tables: &CountTables,
    value: impl Fn(suppression::Cell) -> V,
) -> ComplaintCounts<V> {
    let grid = |table: &Table| -> Vec<Vec<V>> {
        table
            .cells
            .iter()
            .map(|row| row.iter().map(|&cell| value(cell)).collect())
            .collect()
    };
    let list =
        |cells: &[suppression::Cell]| -> Vec<V> { cells.iter().map(|&c| value(c)).collect() };
    ComplaintCounts {
        by_school: grid(&tables.schools),
        by_school_totals: list(&tables.schools.row_totals),
        by_category: list(&tables.schools.column_totals),
        complaints: value(tables.schools.total),
        by_finding: grid(&tables.findings),
        by_finding_totals: list(&tables.findings.row_totals),
        allegations_by_category: list(&tables.findings.column_totals),
        allegations: value(tables.findings.total),
        findings_by_school: grid(&tables.detail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use time::macros::date;

    fn facts() -> Facts {
        Facts {
            investigator_assigned: true,
            allegations_without_finding: 0,
            allegations: 1,
            response_written: true,
        }
    }

    #[test]
    fn a_complaint_walks_from_received_to_closed_and_an_appeal_reopens_it() {
        let mut status = Status::Received;
        for step in [
            Step::Acknowledge,
            Step::Investigate,
            Step::RecordFindings,
            Step::SendResponse,
            Step::Close,
            Step::Appeal,
        ] {
            status = take_step(status, step, &facts()).expect("in order");
        }
        assert_eq!(status, Status::Investigating);
        assert_eq!(
            take_step(Status::Received, Step::Close, &facts()),
            Err(StepRefusal::OutOfOrder)
        );
    }

    #[test]
    fn each_status_offers_the_steps_that_follow_it() {
        assert_eq!(
            Step::after(Status::Received),
            [Step::Acknowledge, Step::Investigate]
        );
        assert_eq!(Step::after(Status::Findings), [Step::SendResponse]);
        assert_eq!(
            Step::after(Status::ResponseSent),
            [Step::Close, Step::Appeal]
        );
        assert_eq!(Step::after(Status::Closed), [Step::Appeal]);
        assert_eq!(Step::parse("record_findings"), Some(Step::RecordFindings));
    }

    #[test]
    fn steps_need_an_investigator_findings_and_a_response() {
        let no_one = Facts {
            investigator_assigned: false,
            ..facts()
        };
        assert_eq!(
            take_step(Status::Acknowledged, Step::Investigate, &no_one),
            Err(StepRefusal::NoInvestigator)
        );
        let undecided = Facts {
            allegations_without_finding: 1,
            ..facts()
        };
        assert_eq!(
            take_step(Status::Investigating, Step::RecordFindings, &undecided),
            Err(StepRefusal::FindingsMissing)
        );
        let silent = Facts {
            response_written: false,
            ..facts()
        };
        assert_eq!(
            take_step(Status::Findings, Step::SendResponse, &silent),
            Err(StepRefusal::NoResponse)
        );
    }

    #[test]
    fn acknowledgement_counts_school_days_around_weekends_and_holidays() {
        let calendar = SchoolCalendar {
            days_off: [date!(2026 - 11 - 26), date!(2026 - 11 - 27)].into(),
        };
        // Received Wednesday 25 November; Thursday and Friday are Thanksgiving break.
        let due = due_dates(date!(2026 - 11 - 25), &Deadlines::default(), &calendar);
        assert_eq!(due.acknowledge_by, date!(2026 - 12 - 04));
        assert_eq!(due.respond_by, date!(2026 - 12 - 25));
        // Received on a Saturday: the first school day is Monday.
        let weekend = SchoolCalendar::default().add_school_days(date!(2026 - 11 - 28), 1);
        assert_eq!(weekend, date!(2026 - 11 - 30));
    }

    #[test]
    fn thirty_days_across_a_leap_day_and_the_year_end() {
        let calendar = SchoolCalendar::default();
        let leap = due_dates(date!(2028 - 02 - 10), &Deadlines::default(), &calendar);
        assert_eq!(leap.respond_by, date!(2028 - 03 - 11));
        let year_end = due_dates(date!(2026 - 12 - 15), &Deadlines::default(), &calendar);
        assert_eq!(year_end.respond_by, date!(2027 - 01 - 14));
    }

    #[test]
    fn the_due_day_itself_is_not_late() {
        let due = DueDates {
            acknowledge_by: date!(2026 - 12 - 04),
            respond_by: date!(2026 - 12 - 25),
        };
        assert_eq!(
            lateness(Status::Received, &due, date!(2026 - 12 - 04)),
            Lateness::OnTime
        );
        assert_eq!(
            lateness(Status::Received, &due, date!(2026 - 12 - 05)),
            Lateness::AcknowledgementOverdue
        );
        assert_eq!(
            lateness(Status::Investigating, &due, date!(2026 - 12 - 26)),
            Lateness::ResponseOverdue
        );
        assert_eq!(
            lateness(Status::Closed, &due, date!(2027 - 06 - 01)),
            Lateness::OnTime
        );
        assert!(needs_reminder(
            Status::Received,
            &due,
            date!(2026 - 12 - 02)
        ));
        assert!(!needs_reminder(
            Status::Received,
            &due,
            date!(2026 - 12 - 01)
        ));
    }

    #[test]
    fn tracking_codes_survive_how_people_type_them() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let code = new_tracking_code(&mut rng);
        assert_eq!(code.len(), 24);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalise_tracking_code(&typed), Some(code.clone()));
        assert_eq!(normalise_tracking_code("not a code"), None);
        assert_eq!(normalise_tracking_code(&code[..10]), None);
        assert_eq!(
            normalise_tracking_code("oooo-iiii-llll-0000-1111"),
            Some("0000-1111-1111-0000-1111".into())
        );
    }

    #[test]
    fn public_counts_hide_small_numbers() {
        let complaints: Vec<CountedComplaint> = (0..40)
            .map(|i| CountedComplaint {
                school: i % 2,
                category: if i % 3 == 0 {
                    Category::StudentInteraction
                } else {
                    Category::JobDuties
                },
                findings: vec![Some(Finding::NotSustained)],
            })
            .collect();
        let counts = ComplaintCounts::tally(&complaints, 2);
        assert_eq!(counts.complaints, 40);
        let public = counts.public(&Rules::default());
        assert_eq!(public.complaints, Published::Count(40));
        assert_eq!(counts.findings_by_school.len(), 2 * Category::ALL.len());
        assert_eq!(
            counts.findings_by_school[0][Finding::NotSustained.position()],
            13
        );
        for row in public
            .by_school
            .iter()
            .chain(&public.by_finding)
            .chain(&public.findings_by_school)
        {
            for cell in row {
                assert!(cell.count().is_none_or(|c| c == 0 || c >= 10));
            }
        }
    }

    proptest! {
        #[test]
        fn a_new_code_always_normalises_to_itself(seed in any::<u64>()) {
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            let code = new_tracking_code(&mut rng);
            prop_assert_eq!(normalise_tracking_code(&code), Some(code.clone()));
        }

        #[test]
        fn school_days_never_land_on_a_weekend(offset in 0i64..3000, count in 1u32..40) {
            let start = date!(2025 - 01 - 01).saturating_add(Duration::days(offset));
            let day = SchoolCalendar::default().add_school_days(start, count);
            prop_assert!(SchoolCalendar::default().is_school_day(day));
            prop_assert!(day > start);
        }
    }
}
