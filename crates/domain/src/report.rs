//! The yearly report of calls for law-enforcement service: students and each outcome by school,
//! offense type, race/ethnicity, gender, age band and disability, and the calls themselves; in full
//! for the roles allowed to see it, and in a public version under the suppression rules of
//! [`crate::suppression`], whose sums tie every breakdown to the same district totals so that no
//! table of the release can be subtracted from another.

use crate::calls::{
    AgeBands, Call, Disability, Gender, Outcome, ReportingRace, StudentInvolvement,
};
use crate::suppression::{self, Cell, Published, Release, Rules, Suppressed};
use serde::Serialize;
use std::collections::HashMap;
use std::hash::Hash;

/// One student of one call, reduced to what the report counts. `school`, `offense` and `age_band`
/// are positions in the report's lists of schools, offense types and age bands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentRow {
    pub call: i64,
    pub school: usize,
    pub offense: usize,
    pub age_band: usize,
    /// On school grounds, at a school activity or on school transport (CRDC counts only these arrests).
    pub school_related: bool,
    pub student: StudentInvolvement,
}

/// How many schools, offense types and age bands the report lists (in the caller's order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub schools: usize,
    pub offenses: usize,
    pub age_bands: usize,
}

/// What a breakdown splits students by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    School,
    Offense,
    Race,
    Gender,
    AgeBand,
    Disability,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::School,
        Dimension::Offense,
        Dimension::Race,
        Dimension::Gender,
        Dimension::AgeBand,
        Dimension::Disability,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Dimension::School => "school",
            Dimension::Offense => "offense",
            Dimension::Race => "race",
            Dimension::Gender => "gender",
            Dimension::AgeBand => "age_band",
            Dimension::Disability => "disability",
        }
    }

    fn rows(self, shape: &Shape) -> usize {
        match self {
            Dimension::School => shape.schools,
            Dimension::Offense => shape.offenses,
            Dimension::Race => ReportingRace::ALL.len(),
            Dimension::Gender => Gender::ALL.len(),
            Dimension::AgeBand => shape.age_bands,
            Dimension::Disability => Disability::ALL.len(),
        }
    }

    fn row_of(self, row: &StudentRow) -> usize {
        let student = &row.student;
        match self {
            Dimension::School => row.school,
            Dimension::Offense => row.offense,
            Dimension::Race => student.race.position(),
            Dimension::Gender => student.gender.position(),
            Dimension::AgeBand => row.age_band,
            Dimension::Disability => student.disability.position(),
        }
    }
}

/// Students, and of them those who met each outcome (in [`Outcome::ALL`] order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line<V> {
    pub students: V,
    pub outcomes: Vec<V>,
}

impl Line<u64> {
    fn zero() -> Line<u64> {
        Line {
            students: 0,
            outcomes: vec![0; Outcome::ALL.len()],
        }
    }

    fn add(&mut self, student: &StudentInvolvement) {
        self.students += 1;
        for (count, outcome) in self.outcomes.iter_mut().zip(Outcome::ALL) {
            *count += u64::from(student.outcomes.contains(outcome));
        }
    }
}

/// One breakdown: a line per value of the dimension, adding up to the report's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breakdown<V> {
    pub dimension: Dimension,
    pub lines: Vec<Line<V>>,
}

/// A school year's report. `V` is `u64` for the internal version and [`Published`] for the public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearReport<V> {
    /// Calls for service, in all and by school and by offense type.
    pub calls: V,
    pub calls_by_school: Vec<V>,
    pub calls_by_offense: Vec<V>,
    pub totals: Line<V>,
    pub breakdowns: Vec<Breakdown<V>>,
}

impl YearReport<u64> {
    /// Counts `rows` (one per student of a call) into the internal report.
    pub fn tally(rows: &[StudentRow], shape: &Shape) -> YearReport<u64> {
        let mut totals = Line::zero();
        let mut breakdowns: Vec<Breakdown<u64>> = Dimension::ALL
            .iter()
            .map(|&dimension| Breakdown {
                dimension,
                lines: vec![Line::zero(); dimension.rows(shape)],
            })
            .collect();
        let mut calls_by_school = vec![0; shape.schools];
        let mut calls_by_offense = vec![0; shape.offenses];
        let mut calls_seen = std::collections::HashSet::new();
        for row in rows {
            totals.add(&row.student);
            for breakdown in &mut breakdowns {
                breakdown.lines[breakdown.dimension.row_of(row)].add(&row.student);
            }
            if calls_seen.insert(row.call) {
                calls_by_school[row.school] += 1;
                calls_by_offense[row.offense] += 1;
            }
        }
        YearReport {
            calls: calls_seen.len() as u64,
            calls_by_school,
            calls_by_offense,
            totals,
            breakdowns,
        }
    }

    /// The public version: every count under the rules' minimum hidden, and as many more as it takes
    /// for no hidden count to be worked out from the rest.
    pub fn public(&self, rules: &Rules) -> YearReport<Published> {
        let mut release = Release::new();
        let layout = self.lay_out(&mut release);
        let suppressed = suppression::suppress(&release, rules);
        layout.read(&suppressed)
    }

    /// Adds every count to `release` with the sums and bounds a reader of the report knows.
    fn lay_out(&self, release: &mut Release) -> YearReport<Cell> {
        let line_cells = |release: &mut Release, line: &Line<u64>| Line {
            students: release.cell(line.students),
            outcomes: line.outcomes.iter().map(|&c| release.cell(c)).collect(),
        };
        let totals = line_cells(release, &self.totals);
        let breakdowns: Vec<Breakdown<Cell>> = self
            .breakdowns
            .iter()
            .map(|breakdown| Breakdown {
                dimension: breakdown.dimension,
                lines: breakdown
                    .lines
                    .iter()
                    .map(|line| line_cells(release, line))
                    .collect(),
            })
            .collect();
        let sums_hold = "a tally's lines add up to its totals";
        for breakdown in &breakdowns {
            let students: Vec<Cell> = breakdown.lines.iter().map(|l| l.students).collect();
            release
                .add_sum(totals.students, &students)
                .expect(sums_hold);
            for (outcome, &total) in totals.outcomes.iter().enumerate() {
                let parts: Vec<Cell> = breakdown
                    .lines
                    .iter()
                    .map(|l| l.outcomes[outcome])
                    .collect();
                release.add_sum(total, &parts).expect(sums_hold);
            }
        }
        for line in breakdowns.iter().flat_map(|b| &b.lines).chain([&totals]) {
            for &outcome in &line.outcomes {
                release.at_most(outcome, line.students).expect(sums_hold);
            }
        }
        let calls = release.cell(self.calls);
        let list = |release: &mut Release, counts: &[u64]| -> Vec<Cell> {
            let cells: Vec<Cell> = counts.iter().map(|&c| release.cell(c)).collect();
            release.add_sum(calls, &cells).expect(sums_hold);
            cells
        };
        let calls_by_school = list(release, &self.calls_by_school);
        let calls_by_offense = list(release, &self.calls_by_offense);
        YearReport {
            calls,
            calls_by_school,
            calls_by_offense,
            totals,
            breakdowns,
        }
    }
}

impl YearReport<Cell> {
    fn read(&self, suppressed: &Suppressed) -> YearReport<Published> {
        let line = |line: &Line<Cell>| Line {
            students: suppressed.get(line.students),
            outcomes: line.outcomes.iter().map(|&c| suppressed.get(c)).collect(),
        };
        YearReport {
            calls: suppressed.get(self.calls),
            calls_by_school: self
                .calls_by_school
                .iter()
                .map(|&c| suppressed.get(c))
                .collect(),
            calls_by_offense: self
                .calls_by_offense
                .iter()
                .map(|&c| suppressed.get(c))
                .collect(),
            totals: line(&self.totals),
            breakdowns: self
                .breakdowns
                .iter()
                .map(|b| Breakdown {
                    dimension: b.dimension,
                    lines: b.lines.iter().map(line).collect(),
                })
                .collect(),
        }
    }
}

/// What the report lists, in order: the district's schools (by id), its offense types (by code) and
/// its age bands. Rows of a report are positions in these lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lists {
    pub schools: Vec<i64>,
    pub offenses: Vec<String>,
    pub age_bands: AgeBands,
}

impl Lists {
    pub fn shape(&self) -> Shape {
        Shape {
            schools: self.schools.len(),
            offenses: self.offenses.len(),
            age_bands: self.age_bands.labels().len(),
        }
    }

    /// One row per student of each call (`(id, call)`); see [`Lists::rows_of`].
    pub fn student_rows<'a>(
        &mut self,
        calls: impl IntoIterator<Item = (i64, &'a Call)>,
    ) -> Vec<StudentRow> {
        self.rows_of(reported_students(calls))
    }

    /// The report's row of each student. A student whose call names a school or offense type the
    /// lists lack (a school since removed, a code the district no longer lists) adds it at the end
    /// rather than being dropped, so every breakdown still adds up to the totals.
    pub fn rows_of(
        &mut self,
        students: impl IntoIterator<Item = ReportedStudent>,
    ) -> Vec<StudentRow> {
        let mut schools = Positions::of(&self.schools);
        let mut offenses = Positions::of(&self.offenses);
        students
            .into_iter()
            .map(|reported| StudentRow {
                call: reported.call,
                school: schools.position(&mut self.schools, &reported.school_id),
                offense: offenses.position(&mut self.offenses, &reported.offense),
                age_band: self.age_bands.band_of(reported.student.age),
                school_related: reported.school_related,
                student: reported.student,
            })
            .collect()
    }
}

/// One student of one call as the store reads it for the report: only what is counted (no ids, no
/// dates, no narrative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedStudent {
    pub call: i64,
    pub school_id: i64,
    pub offense: String,
    pub school_related: bool,
    pub student: StudentInvolvement,
}

/// Each student of each call (`(id, call)`) as the report counts them.
pub fn reported_students<'a>(
    calls: impl IntoIterator<Item = (i64, &'a Call)>,
) -> impl Iterator<Item = ReportedStudent> {
    calls.into_iter().flat_map(|(id, call)| {
        call.students.iter().map(move |student| ReportedStudent {
            call: id,
            school_id: call.school_id,
            offense: call.offense.clone(),
            school_related: call.school_related,
            student: student.involvement(),
        })
    })
}

/// Where each key stands in a list, kept in step as keys are added (a lookup per student would
/// otherwise scan the list).
struct Positions<K> {
    index: HashMap<K, usize>,
}

impl<K: Hash + Eq + Clone> Positions<K> {
    fn of(list: &[K]) -> Positions<K> {
        let mut index = HashMap::with_capacity(list.len());
        for (position, key) in list.iter().enumerate() {
            index.entry(key.clone()).or_insert(position);
        }
        Positions { index }
    }

    fn position(&mut self, list: &mut Vec<K>, key: &K) -> usize {
        if let Some(&position) = self.index.get(key) {
            return position;
        }
        list.push(key.clone());
        self.index.insert(key.clone(), list.len() - 1);
        list.len() - 1
    }
}

/// One school year's totals, for the year-over-year table: the same figures for every year with
/// calls, side by side. The public version takes them from that year's own public report, so each
/// year is suppressed with the rest of its release and shows what its report shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearTotals<V> {
    pub school_year: i32,
    pub calls: V,
    pub totals: Line<V>,
}

impl<V> Line<V> {
    pub fn map<W>(&self, f: &impl Fn(&V) -> W) -> Line<W> {
        Line {
            students: f(&self.students),
            outcomes: self.outcomes.iter().map(f).collect(),
        }
    }
}

impl<V> YearReport<V> {
    /// The same report with every count turned by `f`: e.g. the internal report as a publication
    /// that shows every count, so that pages and files lay out both versions the same way.
    pub fn map<W>(&self, f: impl Fn(&V) -> W) -> YearReport<W> {
        YearReport {
            calls: f(&self.calls),
            calls_by_school: self.calls_by_school.iter().map(&f).collect(),
            calls_by_offense: self.calls_by_offense.iter().map(&f).collect(),
            totals: self.totals.map(&f),
            breakdowns: self
                .breakdowns
                .iter()
                .map(|breakdown| Breakdown {
                    dimension: breakdown.dimension,
                    lines: breakdown.lines.iter().map(|line| line.map(&f)).collect(),
                })
                .collect(),
        }
    }
}

impl<V: Clone> YearReport<V> {
    pub fn year_totals(&self, school_year: i32) -> YearTotals<V> {
        YearTotals {
            school_year,
            calls: self.calls.clone(),
            totals: self.totals.clone(),
        }
    }
}

/// The federal Civil Rights Data Collection's counts (LAW.md R11): students referred to law
/// enforcement and students with a school-related arrest, each by race/ethnicity and sex, by English
/// learner status and sex, and by disability (IDEA, Section 504 only) and sex. Sent in full to the
/// federal collection, which applies its own protection; never published by accord as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrdcCounts {
    pub referrals: CrdcTable,
    pub arrests: CrdcTable,
}

/// One CRDC item: rows by race/ethnicity, English learners, IDEA and 504 only; columns by gender
/// ([`Gender::ALL`] order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrdcTable {
    pub by_race: Vec<Vec<u64>>,
    pub english_learners: Vec<u64>,
    pub idea: Vec<u64>,
    pub section_504_only: Vec<u64>,
}

impl CrdcTable {
    fn zero() -> CrdcTable {
        let genders = Gender::ALL.len();
        CrdcTable {
            by_race: vec![vec![0; genders]; ReportingRace::ALL.len()],
            english_learners: vec![0; genders],
            idea: vec![0; genders],
            section_504_only: vec![0; genders],
        }
    }

    fn add(&mut self, student: &StudentInvolvement) {
        let gender = student.gender.position();
        self.by_race[student.race.position()][gender] += 1;
        self.english_learners[gender] += u64::from(student.english_learner);
        match student.disability {
            Disability::Idea => self.idea[gender] += 1,
            Disability::Section504Only => self.section_504_only[gender] += 1,
            Disability::Neither => {}
        }
    }
}

impl CrdcCounts {
    pub fn tally(rows: &[StudentRow]) -> CrdcCounts {
        let mut counts = CrdcCounts {
            referrals: CrdcTable::zero(),
            arrests: CrdcTable::zero(),
        };
        for row in rows {
            let outcomes = &row.student.outcomes;
            if outcomes.contains(&Outcome::ReferralToLawEnforcement) {
                counts.referrals.add(&row.student);
            }
            if row.school_related && outcomes.contains(&Outcome::Arrest) {
                counts.arrests.add(&row.student);
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::{Gender, StudentRole};
    use crate::suppression::{Reason, attacker_ranges};
    use proptest::prelude::*;

    fn row(call: i64, school: usize, race: ReportingRace, outcomes: &[Outcome]) -> StudentRow {
        StudentRow {
            call,
            school,
            offense: (call % 3) as usize,
            age_band: (call % 5) as usize,
            school_related: call % 5 != 0,
            student: StudentInvolvement {
                role: StudentRole::Offender,
                age: 15,
                gender: Gender::ALL[(call % 3) as usize],
                race,
                disability: Disability::ALL[(call % 3) as usize],
                english_learner: call % 4 == 0,
                outcomes: outcomes.iter().copied().collect(),
            },
        }
    }

    const SHAPE: Shape = Shape {
        schools: 3,
        offenses: 3,
        age_bands: 5,
    };

    #[test]
    fn every_breakdown_adds_up_to_the_totals() {
        let rows: Vec<StudentRow> = (0..120)
            .map(|i| {
                let outcomes: &[Outcome] = if i % 7 == 0 { &[Outcome::Arrest] } else { &[] };
                row(
                    i / 2,
                    (i % 3) as usize,
                    ReportingRace::ALL[(i % 8) as usize],
                    outcomes,
                )
            })
            .collect();
        let report = YearReport::tally(&rows, &SHAPE);
        assert_eq!(report.totals.students, 120);
        assert_eq!(report.calls, 60);
        let arrests = Outcome::Arrest.position();
        assert_eq!(report.totals.outcomes[arrests], 18);
        for breakdown in &report.breakdowns {
            let students: u64 = breakdown.lines.iter().map(|l| l.students).sum();
            assert_eq!(students, 120, "{:?}", breakdown.dimension);
        }
        assert_eq!(report.calls_by_school.iter().sum::<u64>(), 60);
    }

    #[test]
    fn a_school_with_few_students_is_hidden_with_its_reason() {
        let mut rows: Vec<StudentRow> = (0..60)
            .map(|i| row(i, (i % 2) as usize, ReportingRace::White, &[]))
            .collect();
        rows.extend((100..104).map(|i| row(i, 2, ReportingRace::Asian, &[])));
        let report = YearReport::tally(&rows, &SHAPE).public(&Rules::default());
        let schools = &report.breakdowns[0];
        assert_eq!(
            schools.lines[2].students,
            Published::Hidden(Reason::SmallCount)
        );
        let partners = schools.lines[..2]
            .iter()
            .filter(|line| line.students == Published::Hidden(Reason::Complementary))
            .count();
        assert_eq!(partners, 1, "one other school hides with it: {schools:?}");
        assert_eq!(report.totals.students, Published::Count(64));
    }

    #[test]
    fn crdc_counts_referrals_and_only_school_related_arrests() {
        let mut rows = vec![
            row(
                1,
                0,
                ReportingRace::Asian,
                &[Outcome::ReferralToLawEnforcement],
            ),
            row(2, 0, ReportingRace::Asian, &[Outcome::Arrest]),
            row(5, 0, ReportingRace::White, &[Outcome::Arrest]),
        ];
        rows[0].student.english_learner = true;
        let counts = CrdcCounts::tally(&rows);
        let asian = ReportingRace::Asian.position();
        let referred: u64 = counts.referrals.by_race[asian].iter().sum();
        assert_eq!(referred, 1);
        assert_eq!(counts.referrals.english_learners.iter().sum::<u64>(), 1);
        // Call 5 is not school-related in these rows, so only call 2's arrest counts.
        let arrested: u64 = counts.arrests.by_race.iter().flatten().sum();
        assert_eq!(arrested, 1);
        assert_eq!(counts.arrests.by_race[asian][Gender::ALL[2].position()], 1);
    }

    fn call(school_id: i64, offense: &str, ages: &[u8]) -> Call {
        use crate::calls::{CallStudent, Requester};
        Call {
            call_key: format!("{school_id}-{offense}"),
            school_year: 2024,
            school_id,
            occurred_at: String::new(),
            requester: Requester::Teacher,
            reason: String::new(),
            offense: offense.into(),
            weapon: String::new(),
            school_related: true,
            staff_ids: vec![],
            agency_case_number: String::new(),
            cedars_incident_id: String::new(),
            narrative: String::new(),
            students: ages
                .iter()
                .map(|&age| CallStudent {
                    protected_id: format!("s{age}"),
                    role: StudentRole::Offender,
                    age,
                    grade: "9".into(),
                    gender: Gender::Female,
                    hispanic: true,
                    races: Default::default(),
                    iep: false,
                    section_504: true,
                    english_learner: false,
                    outcomes: [Outcome::Arrest].into_iter().collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn each_student_of_each_call_is_one_row_in_the_lists_positions() {
        let mut lists = Lists {
            schools: vec![7, 3],
            offenses: vec!["fighting".into(), "other".into()],
            age_bands: crate::calls::AgeBands::default(),
        };
        let calls = [
            call(3, "other", &[9, 16]),
            call(7, "fighting", &[12]),
            call(99, "vaping", &[18]),
        ];
        let rows = lists.student_rows(calls.iter().enumerate().map(|(i, c)| (i as i64, c)));
        let places: Vec<(i64, usize, usize, usize)> = rows
            .iter()
            .map(|r| (r.call, r.school, r.offense, r.age_band))
            .collect();
        assert_eq!(
            places,
            [(0, 1, 1, 0), (0, 1, 1, 3), (1, 0, 0, 1), (2, 2, 2, 4)]
        );
        assert_eq!(
            lists.schools,
            [7, 3, 99],
            "an unlisted school is added, not dropped"
        );
        assert_eq!(lists.offenses, ["fighting", "other", "vaping"]);
        let shape = lists.shape();
        assert_eq!((shape.schools, shape.offenses, shape.age_bands), (3, 3, 5));
        assert_eq!(rows[0].student.race, ReportingRace::HispanicLatino);
        assert_eq!(rows[0].student.disability, Disability::Section504Only);
        let report = YearReport::tally(&rows, &shape);
        assert_eq!(report.calls, 3);
        assert_eq!(report.year_totals(2024).totals.students, 4);
        assert_eq!(report.year_totals(2024).school_year, 2024);
        let shown = report.map(|&count| Published::Count(count));
        assert_eq!(shown.totals.students, Published::Count(4));
        assert_eq!(
            shown.breakdowns[0].lines[2].outcomes[Outcome::Arrest.position()],
            Published::Count(1)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// The whole public release, from random calls: no count under 10 is shown, and a reader who
        /// knows every sum and bound of the report pins no hidden count.
        #[test]
        fn the_public_report_leaks_no_small_count(
            students in prop::collection::vec(
                (0usize..3, 0usize..8, prop::collection::btree_set(0usize..11, 0..3)),
                1..160,
            )
        ) {
            let rows: Vec<StudentRow> = students
                .iter()
                .enumerate()
                .map(|(i, (school, race, outcomes))| {
                    let outcomes: Vec<Outcome> = outcomes.iter().map(|&o| Outcome::ALL[o]).collect();
                    row(i as i64 / 2, *school, ReportingRace::ALL[*race], &outcomes)
                })
                .collect();
            let report = YearReport::tally(&rows, &SHAPE);
            let mut release = Release::new();
            let layout = report.lay_out(&mut release);
            let rules = Rules::default();
            let public = suppression::suppress(&release, &rules);
            for cell in public.cells() {
                if let Published::Count(count) = cell {
                    prop_assert!(*count == 0 || *count >= 10);
                }
            }
            let reread = Suppressed::from_cells(public.cells().to_vec());
            for range in attacker_ranges(release.structure(), &reread, &rules).into_iter().flatten() {
                prop_assert!(!range.is_exact(), "a hidden count is pinned: {range:?}");
            }
            prop_assert_eq!(layout.read(&public), report.public(&rules));
        }
    }
}
