//! A call for law-enforcement service at a school and each student's part in it (LAW.md, "A call
//! for service" and "Code lists"). The fixed federal and state categories are enums; the lists a
//! district may replace (offense types, age bands) are data with LAW.md's defaults.

use crate::codes::code_list;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

code_list!(
    /// Who asked for the service.
    Requester {
        Teacher => "teacher",
        Administrator => "administrator",
        Staff => "staff",
        OfficerSelfInitiated => "officer_self_initiated",
        EmergencyOrOther => "911_or_other",
    }
);

code_list!(
    /// The student's part in the call.
    StudentRole {
        Offender => "offender",
        Victim => "victim",
        Witness => "witness",
        Other => "other",
    }
);

code_list!(
    /// OSPI's gender categories.
    Gender {
        Female => "female",
        Male => "male",
        GenderX => "gender_x",
    }
);

code_list!(
    /// The races a student may report (several at once); Hispanic is asked separately.
    Race {
        AmericanIndianAlaskanNative => "american_indian_alaskan_native",
        Asian => "asian",
        BlackAfricanAmerican => "black_african_american",
        NativeHawaiianPacificIslander => "native_hawaiian_pacific_islander",
        White => "white",
    }
);

code_list!(
    /// The 7 race/ethnicity categories reports use (OSPI), and "not reported" when nothing was given.
    ReportingRace {
        HispanicLatino => "hispanic_latino",
        AmericanIndianAlaskanNative => "american_indian_alaskan_native",
        Asian => "asian",
        BlackAfricanAmerican => "black_african_american",
        NativeHawaiianPacificIslander => "native_hawaiian_pacific_islander",
        White => "white",
        TwoOrMoreRaces => "two_or_more_races",
        NotReported => "not_reported",
    }
);

code_list!(
    /// Disability status for reports: a student with both an IEP and a 504 plan counts as IDEA.
    Disability {
        Idea => "idea",
        Section504Only => "section_504_only",
        Neither => "neither",
    }
);

code_list!(
    /// What happened to a student; several may apply.
    Outcome {
        HandledInformally => "handled_informally",
        ReturnedToAdministration => "returned_to_administration",
        Discipline => "discipline",
        UseOfForce => "use_of_force",
        RestraintOrIsolation => "restraint_or_isolation",
        ReferralToServices => "referral_to_services",
        ReferralToLawEnforcement => "referral_to_law_enforcement",
        Citation => "citation",
        ReferralForProsecution => "referral_for_prosecution",
        Arrest => "arrest",
        Booking => "booking",
    }
);

/// The 7 reporting categories from how a student answered: Hispanic of any race first, then one
/// race, then two or more.
pub fn reporting_race(hispanic: bool, races: &BTreeSet<Race>) -> ReportingRace {
    if hispanic {
        return ReportingRace::HispanicLatino;
    }
    let mut races = races.iter();
    match (races.next(), races.next()) {
        (None, _) => ReportingRace::NotReported,
        (Some(_), Some(_)) => ReportingRace::TwoOrMoreRaces,
        (Some(race), None) => match race {
            Race::AmericanIndianAlaskanNative => ReportingRace::AmericanIndianAlaskanNative,
            Race::Asian => ReportingRace::Asian,
            Race::BlackAfricanAmerican => ReportingRace::BlackAfricanAmerican,
            Race::NativeHawaiianPacificIslander => ReportingRace::NativeHawaiianPacificIslander,
            Race::White => ReportingRace::White,
        },
    }
}

impl Disability {
    pub fn of(iep: bool, section_504: bool) -> Disability {
        match (iep, section_504) {
            (true, _) => Disability::Idea,
            (false, true) => Disability::Section504Only,
            (false, false) => Disability::Neither,
        }
    }
}

/// An offense type of the district's list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OffenseType {
    pub code: String,
    pub label: String,
}

/// The statutory minimum list of offense types (RCW 28A.300.042(4)(g)); a district may load the
/// full CEDARS behavior code list instead.
pub fn default_offense_types() -> Vec<OffenseType> {
    [
        ("bullying", "Bullying"),
        ("tobacco", "Tobacco"),
        ("alcohol", "Alcohol"),
        ("illicit_drug", "Illicit drug"),
        ("fighting", "Fighting without major injury"),
        ("violence", "Violence without major injury"),
        ("violence_major_injury", "Violence with major injury"),
        ("weapon", "Possession of a weapon"),
        ("other", "Other"),
    ]
    .into_iter()
    .map(|(code, label)| OffenseType {
        code: code.into(),
        label: label.into(),
    })
    .collect()
}

/// Age bands for reports: each bound is the last age of a band; the last band is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeBands {
    upper_bounds: Vec<u8>,
}

impl Default for AgeBands {
    /// 10 and under, 11-13, 14-15, 16-17, 18 and over.
    fn default() -> AgeBands {
        AgeBands {
            upper_bounds: vec![10, 13, 15, 17],
        }
    }
}

impl AgeBands {
    /// Bands ending at each of `upper_bounds` (strictly increasing), and one open band after.
    pub fn new(upper_bounds: Vec<u8>) -> Option<AgeBands> {
        let increasing = upper_bounds.windows(2).all(|pair| pair[0] < pair[1]);
        (increasing && !upper_bounds.is_empty()).then_some(AgeBands { upper_bounds })
    }

    /// The band an age falls in, counted from 0.
    pub fn band_of(&self, age: u8) -> usize {
        self.upper_bounds
            .iter()
            .position(|&last| age <= last)
            .unwrap_or(self.upper_bounds.len())
    }

    /// Each band's label, e.g. "10 and under", "11-13", "18 and over" (numbers only, so they read the
    /// same in every language but the words, which the page supplies as `under`/`over`).
    pub fn labels(&self) -> Vec<BandLabel> {
        let bounds = &self.upper_bounds;
        let mut labels = vec![BandLabel::AndUnder(bounds[0])];
        labels.extend(
            bounds
                .windows(2)
                .map(|pair| BandLabel::Between(pair[0] + 1, pair[1])),
        );
        labels.push(BandLabel::AndOver(bounds[bounds.len() - 1] + 1));
        labels
    }
}

/// One age band, for the page to put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BandLabel {
    AndUnder(u8),
    Between(u8, u8),
    AndOver(u8),
}

impl std::fmt::Display for BandLabel {
    /// The language-neutral form used in CSV headers and keys: "-10", "11-13", "18+".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BandLabel::AndUnder(last) => write!(f, "-{last}"),
            BandLabel::Between(first, last) => write!(f, "{first}-{last}"),
            BandLabel::AndOver(first) => write!(f, "{first}+"),
        }
    }
}

/// A call for service as the district records it (LAW.md, "A call for service"): what a records
/// clerk enters or an import file carries. `call_key` is the agency's or student system's id for the
/// call, which keeps a re-import from adding it twice; `school_year` is the year the school year starts
/// in; `occurred_at` is local "YYYY-MM-DDTHH:MM" (restricted, like the narrative: never public).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    pub call_key: String,
    pub school_year: i32,
    pub school_id: i64,
    pub occurred_at: String,
    pub requester: Requester,
    pub reason: String,
    /// A code of the district's offense types.
    pub offense: String,
    /// The weapon involved, if any ("" for none).
    pub weapon: String,
    pub school_related: bool,
    /// Responding safety and security staff, from the roster.
    pub staff_ids: Vec<i64>,
    pub agency_case_number: String,
    pub cedars_incident_id: String,
    pub narrative: String,
    pub students: Vec<CallStudent>,
}

/// One student of a call, as recorded. `protected_id` is the district's pseudonymous id for the
/// student (never a name); `grade` is "PK", "K" or "1"-"12".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallStudent {
    pub protected_id: String,
    pub role: StudentRole,
    pub age: u8,
    pub grade: String,
    pub gender: Gender,
    pub hispanic: bool,
    pub races: BTreeSet<Race>,
    pub iep: bool,
    pub section_504: bool,
    pub english_learner: bool,
    pub outcomes: BTreeSet<Outcome>,
}

impl CallStudent {
    /// The student as reports count them.
    pub fn involvement(&self) -> StudentInvolvement {
        StudentInvolvement {
            role: self.role,
            age: self.age,
            gender: self.gender,
            race: reporting_race(self.hispanic, &self.races),
            disability: Disability::of(self.iep, self.section_504),
            english_learner: self.english_learner,
            outcomes: self.outcomes.clone(),
        }
    }
}

impl Call {
    /// Whether the call belongs in the R7 incident file.
    pub fn reportable_under_r7(&self) -> bool {
        let students: Vec<StudentInvolvement> =
            self.students.iter().map(CallStudent::involvement).collect();
        reportable_under_r7(!self.staff_ids.is_empty(), &students)
    }
}

/// The grades a student may be in, in order.
pub const GRADES: [&str; 14] = [
    "PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
];

/// A grade as written in a form or file ("k", "07", "Grade 9"), in its canonical form.
pub fn parse_grade(text: &str) -> Option<&'static str> {
    let text = text.trim().to_uppercase();
    let text = text.strip_prefix("GRADE").unwrap_or(&text).trim();
    let text = match text {
        "KG" | "KINDERGARTEN" => "K",
        "PRE-K" | "PREK" | "P" => "PK",
        other => other.trim_start_matches('0'),
    };
    GRADES.iter().copied().find(|g| *g == text)
}

/// One student's part in a call, as reports need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentInvolvement {
    pub role: StudentRole,
    pub age: u8,
    pub gender: Gender,
    pub race: ReportingRace,
    pub disability: Disability,
    pub english_learner: bool,
    pub outcomes: BTreeSet<Outcome>,
}

/// Whether a call belongs in the R7 incident file: safety and security staff were involved and it
/// led to discipline, use of force or an arrest for some student.
pub fn reportable_under_r7<'a>(
    staff_involved: bool,
    students: impl IntoIterator<Item = &'a StudentInvolvement>,
) -> bool {
    const R7_OUTCOMES: [Outcome; 3] = [Outcome::Discipline, Outcome::UseOfForce, Outcome::Arrest];
    staff_involved
        && students
            .into_iter()
            .any(|student| R7_OUTCOMES.iter().any(|o| student.outcomes.contains(o)))
}

/// A student's age on the day of the call, from a birth date given as (year, month, day).
pub fn age_on(birth: (i32, u8, u8), day: (i32, u8, u8)) -> Option<u8> {
    let before_birthday = (day.1, day.2) < (birth.1, birth.2);
    let years = day.0 - birth.0 - i32::from(before_birthday);
    u8::try_from(years).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hispanic_of_any_race_then_one_race_then_two_or_more() {
        let races = |list: &[Race]| list.iter().copied().collect::<BTreeSet<_>>();
        assert_eq!(
            reporting_race(true, &races(&[Race::White, Race::Asian])),
            ReportingRace::HispanicLatino
        );
        assert_eq!(
            reporting_race(false, &races(&[Race::Asian])),
            ReportingRace::Asian
        );
        assert_eq!(
            reporting_race(false, &races(&[Race::White, Race::BlackAfricanAmerican])),
            ReportingRace::TwoOrMoreRaces
        );
        assert_eq!(
            reporting_race(false, &races(&[])),
            ReportingRace::NotReported
        );
    }

    #[test]
    fn grades_read_as_people_write_them() {
        assert_eq!(parse_grade(" k "), Some("K"));
        assert_eq!(parse_grade("07"), Some("7"));
        assert_eq!(parse_grade("Grade 12"), Some("12"));
        assert_eq!(parse_grade("prek"), Some("PK"));
        assert_eq!(parse_grade("13"), None);
        assert_eq!(parse_grade(""), None);
    }

    #[test]
    fn both_iep_and_504_count_as_idea() {
        assert_eq!(Disability::of(true, true), Disability::Idea);
        assert_eq!(Disability::of(false, true), Disability::Section504Only);
        assert_eq!(Disability::of(false, false), Disability::Neither);
    }

    #[test]
    fn default_age_bands_follow_the_law() {
        let bands = AgeBands::default();
        let labels: Vec<String> = bands.labels().iter().map(ToString::to_string).collect();
        assert_eq!(labels, ["-10", "11-13", "14-15", "16-17", "18+"]);
        assert_eq!(bands.band_of(10), 0);
        assert_eq!(bands.band_of(11), 1);
        assert_eq!(bands.band_of(17), 3);
        assert_eq!(bands.band_of(18), 4);
        assert!(AgeBands::new(vec![13, 10]).is_none());
        assert!(AgeBands::new(vec![]).is_none());
    }

    #[test]
    fn codes_parse_from_their_keys_in_any_case() {
        assert_eq!(Outcome::parse(" Arrest "), Some(Outcome::Arrest));
        assert_eq!(
            Requester::parse("911_or_other"),
            Some(Requester::EmergencyOrOther)
        );
        assert_eq!(Outcome::parse("arrested"), None);
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::parse(outcome.key()), Some(*outcome));
        }
    }

    fn student(outcomes: &[Outcome]) -> StudentInvolvement {
        StudentInvolvement {
            role: StudentRole::Offender,
            age: 15,
            gender: Gender::Female,
            race: ReportingRace::White,
            disability: Disability::Neither,
            english_learner: false,
            outcomes: outcomes.iter().copied().collect(),
        }
    }

    #[test]
    fn r7_needs_staff_and_discipline_force_or_arrest() {
        let arrested = [student(&[Outcome::Arrest])];
        let informal = [student(&[Outcome::HandledInformally])];
        assert!(reportable_under_r7(true, &arrested));
        assert!(!reportable_under_r7(false, &arrested));
        assert!(!reportable_under_r7(true, &informal));
        assert!(reportable_under_r7(
            true,
            &[student(&[]), student(&[Outcome::UseOfForce])]
        ));
    }

    #[test]
    fn age_counts_whole_years_including_leap_day_birthdays() {
        assert_eq!(age_on((2010, 2, 28), (2025, 2, 27)), Some(14));
        assert_eq!(age_on((2010, 2, 28), (2025, 2, 28)), Some(15));
        assert_eq!(age_on((2008, 2, 29), (2025, 2, 28)), Some(16));
        assert_eq!(age_on((2008, 2, 29), (2025, 3, 1)), Some(17));
        assert_eq!(age_on((2030, 1, 1), (2025, 1, 1)), None);
    }

    proptest! {
        #[test]
        fn every_age_falls_in_exactly_one_band(age in 0u8..=30) {
            let bands = AgeBands::default();
            let band = bands.band_of(age);
            prop_assert!(band < bands.labels().len());
        }
    }
}
