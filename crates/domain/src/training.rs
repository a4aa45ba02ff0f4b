//! The program's staff and their training (LAW.md R3-R5): who may work where students are, by which
//! deadline each part of the training series is due, and the gate that refuses an assignment until the
//! district has verified the training or approved a plan to complete it.
//!
//! The training series is data a district can change ([`Requirement`]); [`washington_series`] is the
//! default, RCW 28A.310.515(2) as amended in 2021. Dates are calendar dates (`time::Date`), never times.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::{Date, Month};

/// Who employs a staff member: a law-enforcement agency (police department, sheriff's office) or a
/// security company. The district itself is an employer too, for its own security officers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    LawEnforcement,
    SecurityCompany,
    District,
}

/// The three kinds of school safety and security staff (RCW 28A.320.124(3)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffType {
    /// A commissioned law-enforcement officer assigned to schools.
    SchoolResourceOfficer,
    /// A district employee without arrest powers.
    SecurityOfficer,
    /// Security staff employed by a company under contract.
    ContractedSecurity,
}

/// A value that a key in a form, a CSV file or the database did not name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}; expected one of {expected}")]
pub struct UnknownKey {
    pub what: &'static str,
    pub value: String,
    pub expected: String,
}

/// Keys for enums stored as text; parsing accepts the key in any case and with spaces or dashes.
macro_rules! keyed_enum {
    ($ty:ident, $what:literal, $($variant:ident => $key:literal),+ $(,)?) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];
            pub fn key(self) -> &'static str {
                match self { $($ty::$variant => $key),+ }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.key())
            }
        }
        impl FromStr for $ty {
            type Err = UnknownKey;
            fn from_str(s: &str) -> Result<Self, UnknownKey> {
                let wanted = s.trim().to_lowercase().replace([' ', '-'], "_");
                $ty::ALL.iter().copied().find(|v| v.key() == wanted).ok_or_else(|| UnknownKey {
                    what: $what,
                    value: s.to_owned(),
                    expected: [$($key),+].join(", "),
                })
            }
        }
    };
}

keyed_enum!(AgencyKind, "agency kind",
    LawEnforcement => "law_enforcement", SecurityCompany => "security_company", District => "district");
keyed_enum!(StaffType, "staff type",
    SchoolResourceOfficer => "school_resource_officer", SecurityOfficer => "security_officer",
    ContractedSecurity => "contracted_security");
keyed_enum!(RequirementKind, "requirement kind",
    Classroom => "classroom", OnTheJob => "on_the_job", CheckIn => "check_in");

/// What kind of training a requirement asks for; each is counted in its own unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequirementKind {
    /// A classroom topic, done once.
    Classroom,
    /// On-the-job training, counted in days.
    OnTheJob,
    /// Check-ins with experienced staff, counted one by one.
    CheckIn,
}

/// One line of a district's training catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    /// Short and stable: `a` to `m` for the classroom topics, `ojt`, `check_ins`.
    pub code: String,
    pub title: String,
    pub kind: RequirementKind,
    /// How many units complete it: 1 topic, 2 days, 6 check-ins.
    pub required_units: u32,
    /// Months from the first day on site with students by which it must be complete.
    pub deadline_months: u32,
    /// The staff types it applies to.
    pub staff_types: Vec<StaffType>,
}

impl Requirement {
    pub fn applies_to(&self, staff_type: StaffType) -> bool {
        self.staff_types.contains(&staff_type)
    }
}

/// The classroom topics of RCW 28A.310.515(2)(a)-(m), by letter.
pub const WASHINGTON_TOPICS: [(&str, &str); 13] = [
    (
        "a",
        "Constitutional and civil rights of children in schools, including search and interrogation",
    ),
    ("b", "Child and adolescent development"),
    ("c", "Trauma-informed approaches to working with youth"),
    (
        "d",
        "Recognizing and responding to youth mental health issues",
    ),
    (
        "e",
        "Educational rights of students with disabilities; disability and behavior; best practices",
    ),
    (
        "f",
        "Bias-free policing and cultural competency, including English learner, LGBTQ, immigrant, female and nonbinary students",
    ),
    (
        "g",
        "Local and national disparities in the use of force and arrests of children",
    ),
    (
        "h",
        "Collateral consequences of arrest, referral for prosecution and court involvement",
    ),
    (
        "i",
        "Community resources as alternatives to arrest and prosecution",
    ),
    ("j", "De-escalation techniques when working with youth"),
    ("k", "Restraint and isolation in schools (RCW 28A.600.485)"),
    ("l", "Family Educational Rights and Privacy Act (FERPA)"),
    ("m", "Restorative justice principles and practices"),
];

/// Washington's series as a district's default catalogue: the 13 classroom topics within 6 months of
/// the first day on site, 2 days of on-the-job training and (non-SRO staff only) 6 check-ins with
/// experienced staff within 12 months.
pub fn washington_series() -> Vec<Requirement> {
    let everyone = StaffType::ALL.to_vec();
    let mut series: Vec<Requirement> = WASHINGTON_TOPICS
        .iter()
        .map(|(code, title)| Requirement {
            code: (*code).to_owned(),
            title: (*title).to_owned(),
            kind: RequirementKind::Classroom,
            required_units: 1,
            deadline_months: 6,
            staff_types: everyone.clone(),
        })
        .collect();
    series.push(Requirement {
        code: "ojt".into(),
        title: "On-the-job training (days)".into(),
        kind: RequirementKind::OnTheJob,
        required_units: 2,
        deadline_months: 12,
        staff_types: everyone,
    });
    series.push(Requirement {
        code: "check_ins".into(),
        title: "Check-ins with experienced staff".into(),
        kind: RequirementKind::CheckIn,
        required_units: 6,
        deadline_months: 12,
        staff_types: vec![StaffType::SecurityOfficer, StaffType::ContractedSecurity],
    });
    series
}

/// The seed page's list of 12 training areas (the 2019 law) and the topic each one is: imports and
/// forms accept these names too. Restorative justice (m) came in 2021 and is not on the list.
pub const SEED_2019_AREAS: [(&str, &str); 12] = [
    ("Constitution & Civil Rights of Children in School", "a"),
    (
        "Child Adolescent Development (Adolescent Brain Development)",
        "b",
    ),
    ("Trauma-Informed Approaches", "c"),
    (
        "Recognition and Responding to Youth Mental Health Issues",
        "d",
    ),
    (
        "Educational Rights of Students with Disabilities; Disability and Behavior; Best Practices for Interacting With Students With Disabilities",
        "e",
    ),
    (
        "Collateral Consequences of Arrest, Referral for Prosecution & Court Involvement",
        "h",
    ),
    (
        "Community Resources: Alternatives to Arrest & Prosecution; Pathways to Access Services w/o court or Criminal Justice Involvement",
        "i",
    ),
    (
        "Disparities in the Use of Force and Arrests of Children",
        "g",
    ),
    ("De-Escalation Techniques", "j"),
    ("Restraint and Isolation in Schools", "k"),
    (
        "Bias-Free Policing; Cultural Competency; Diversity Training",
        "f",
    ),
    ("Family Educational Rights and Privacy Act (FERPA)", "l"),
];

/// The requirement a typed name means: its code, its title, or a name from the seed's list, compared
/// without case or surrounding spaces.
pub fn find_requirement<'a>(catalogue: &'a [Requirement], name: &str) -> Option<&'a Requirement> {
    let wanted = name.trim().to_lowercase();
    let by_seed_name = SEED_2019_AREAS
        .iter()
        .find(|(area, _)| area.to_lowercase() == wanted)
        .map(|(_, code)| *code);
    catalogue.iter().find(|r| {
        r.code.to_lowercase() == wanted
            || r.title.to_lowercase() == wanted
            || by_seed_name == Some(r.code.as_str())
    })
}

/// `date` moved by `months` calendar months (back when negative); a day that the target month lacks
/// becomes its last day (31 August + 6 months = 28 or 29 February).
pub fn add_months(date: Date, months: i32) -> Date {
    let zero_based = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months;
    let year = zero_based.div_euclid(12);
    let month = Month::try_from((zero_based.rem_euclid(12) + 1) as u8).unwrap_or(Month::December);
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(date)
}

/// The last day on which a requirement counts as done on time: the same day of the month
/// `deadline_months` after the first day on site (the end of the month where that day does not exist).
/// The requirement is overdue from the next day.
pub fn deadline(first_day_on_site: Date, deadline_months: u32) -> Date {
    add_months(first_day_on_site, deadline_months as i32)
}

/// Reads a calendar date as people type it: `2026-09-01` (ISO) or `9/1/2026` (US month/day/year).
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let numbers = |sep: char| -> Option<Vec<i32>> {
        let parts: Vec<&str> = text.split(sep).collect();
        (parts.len() == 3)
            .then(|| parts.iter().map(|p| p.trim().parse().ok()).collect())
            .flatten()
    };
    let (year, month, day) = if let Some(n) = numbers('-') {
        (n[0], n[1], n[2])
    } else if let Some(n) = numbers('/') {
        (n[2], n[0], n[1])
    } else {
        return None;
    };
    if !(1900..=9999).contains(&year) {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

/// One entry of a person's training as the rules see it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingFact {
    pub code: String,
    pub completed_on: Date,
    /// Topics count 1, on-the-job training its days, check-ins 1 each.
    pub units: u32,
    /// The district checked the evidence.
    pub verified: bool,
    /// Waived for significant prior training (the reason lives with the record).
    pub waived: bool,
}

/// A plan to complete the training, with dates.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFacts {
    pub complete_by: Date,
    pub approved: bool,
}

/// Where one requirement stands for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// Enough verified units.
    Complete,
    /// Waived for prior training.
    Waived,
    /// Missing, and its deadline has not passed (or the person has not started on site).
    Due,
    /// Missing after its deadline.
    Overdue,
}

impl ItemState {
    pub fn key(self) -> &'static str {
        match self {
            ItemState::Complete => "complete",
            ItemState::Waived => "waived",
            ItemState::Due => "due",
            ItemState::Overdue => "overdue",
        }
    }
    pub fn is_met(self) -> bool {
        matches!(self, ItemState::Complete | ItemState::Waived)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemStatus {
    pub code: String,
    pub title: String,
    pub kind: RequirementKind,
    pub required_units: u32,
    /// Verified units (waivers count as all of them).
    pub verified_units: u32,
    /// Units recorded but not yet verified.
    pub unverified_units: u32,
    /// None until the person's first day on site is known.
    pub deadline: Option<Date>,
    pub state: ItemState,
}

/// A person's training as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Every requirement verified.
    Complete,
    /// Every requirement met, some by waiver.
    Waived,
    /// Something missing, covered by an approved plan that stands.
    OnPlan,
    /// Something missing, before its deadline, without an approved plan.
    Due,
    /// Something missing after its deadline.
    Overdue,
}

impl Standing {
    pub const ALL: [Standing; 5] = [
        Standing::Complete,
        Standing::Waived,
        Standing::OnPlan,
        Standing::Due,
        Standing::Overdue,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Standing::Complete => "complete",
            Standing::Waived => "waived",
            Standing::OnPlan => "on_plan",
            Standing::Due => "due",
            Standing::Overdue => "overdue",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingStatus {
    pub items: Vec<ItemStatus>,
    pub standing: Standing,
    /// Whether an approved plan covers what is missing (see [`plan_stands`]).
    pub plan_stands: bool,
}

impl TrainingStatus {
    pub fn missing(&self) -> impl Iterator<Item = &ItemStatus> {
        self.items.iter().filter(|i| !i.state.is_met())
    }
    pub fn overdue(&self) -> impl Iterator<Item = &ItemStatus> {
        self.items.iter().filter(|i| i.state == ItemState::Overdue)
    }
}

/// Where `staff_type`'s training stands on `today`, counting deadlines from `first_day_on_site`.
pub fn training_status(
    catalogue: &[Requirement],
    staff_type: StaffType,
    facts: &[TrainingFact],
    plan: Option<&PlanFacts>,
    first_day_on_site: Option<Date>,
    today: Date,
) -> TrainingStatus {
    let items: Vec<ItemStatus> = catalogue
        .iter()
        .filter(|r| r.applies_to(staff_type))
        .map(|r| item_status(r, facts, first_day_on_site, today))
        .collect();
    let plan_stands = plan.is_some_and(|p| plan_stands(p, &items, today));
    let standing = if items.iter().any(|i| i.state == ItemState::Overdue) {
        Standing::Overdue
    } else if items.iter().all(|i| i.state == ItemState::Complete) {
        Standing::Complete
    } else if items.iter().all(|i| i.state.is_met()) {
        Standing::Waived
    } else if plan_stands {
        Standing::OnPlan
    } else {
        Standing::Due
    };
    TrainingStatus {
        items,
        standing,
        plan_stands,
    }
}

fn item_status(
    requirement: &Requirement,
    facts: &[TrainingFact],
    first_day_on_site: Option<Date>,
    today: Date,
) -> ItemStatus {
    let mine = facts.iter().filter(|f| f.code == requirement.code);
    let waived = mine.clone().any(|f| f.waived);
    let verified: u32 = mine.clone().filter(|f| f.verified).map(|f| f.units).sum();
    let unverified: u32 = mine
        .filter(|f| !f.verified && !f.waived)
        .map(|f| f.units)
        .sum();
    let deadline = first_day_on_site.map(|d| deadline(d, requirement.deadline_months));
    let state = if waived {
        ItemState::Waived
    } else if verified >= requirement.required_units {
        ItemState::Complete
    } else if deadline.is_some_and(|d| today > d) {
        ItemState::Overdue
    } else {
        ItemState::Due
    };
    ItemStatus {
        code: requirement.code.clone(),
        title: requirement.title.clone(),
        kind: requirement.kind,
        required_units: requirement.required_units,
        verified_units: if waived {
            requirement.required_units
        } else {
            verified.min(requirement.required_units)
        },
        unverified_units: unverified,
        deadline,
        state,
    }
}

/// A plan stands when it is approved, its date has not passed, and it does not reach past the
/// deadline of anything it must cover (a plan cannot extend what the law allows).
pub fn plan_stands(plan: &PlanFacts, items: &[ItemStatus], today: Date) -> bool {
    plan.approved
        && plan.complete_by >= today
        && items
            .iter()
            .filter(|i| !i.state.is_met())
            .all(|i| i.deadline.is_none_or(|d| plan.complete_by <= d))
}

/// A period at a school, as the rules see it. `ends_on` is inclusive; `None` means ongoing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub school_id: i64,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub days_per_week: u8,
}

impl Period {
    fn overlaps(&self, other: &Period) -> bool {
        let ends_before = |a: &Period, b: &Period| a.ends_on.is_some_and(|end| end < b.starts_on);
        !ends_before(self, other) && !ends_before(other, self)
    }
}

/// At most five school days a week across all of a person's schools.
pub const MAX_DAYS_PER_WEEK: u8 = 5;

/// Why an assignment cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignmentRefusal {
    /// The end is before the start.
    DatesOutOfOrder,
    /// Days per week outside 1 to 5.
    DaysPerWeek,
    /// The person is already assigned to this school for part of the period.
    Overlap { starts_on: Date },
    /// Together with the overlapping assignments at other schools, more than five days a week.
    TooManyDays { total: u8 },
    /// Training neither verified complete nor covered by an approved plan (R4). Lists what is missing;
    /// `plan` says why no plan stands.
    Training {
        missing: Vec<ItemStatus>,
        plan: PlanGap,
    },
}

/// Why no plan covers missing training.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanGap {
    NoPlan,
    NotApproved,
    /// Approved, but its date has passed or reaches past a deadline.
    Lapsed,
}

/// The gate (R4) and the calendar rules for assigning a person to a school for `period`, given their
/// `existing` assignments and training. The training is judged with deadlines counted from the first
/// day on site, which the new period may make earlier.
pub fn check_assignment(
    period: &Period,
    existing: &[Period],
    training: &TrainingStatus,
    plan: Option<&PlanFacts>,
) -> Result<(), AssignmentRefusal> {
    if period.ends_on.is_some_and(|end| end < period.starts_on) {
        return Err(AssignmentRefusal::DatesOutOfOrder);
    }
    if !(1..=MAX_DAYS_PER_WEEK).contains(&period.days_per_week) {
        return Err(AssignmentRefusal::DaysPerWeek);
    }
    let overlapping: Vec<&Period> = existing.iter().filter(|p| p.overlaps(period)).collect();
    if let Some(same) = overlapping.iter().find(|p| p.school_id == period.school_id) {
        return Err(AssignmentRefusal::Overlap {
            starts_on: same.starts_on,
        });
    }
    let total: u8 = overlapping
        .iter()
        .map(|p| p.days_per_week)
        .fold(period.days_per_week, u8::saturating_add);
    if total > MAX_DAYS_PER_WEEK {
        return Err(AssignmentRefusal::TooManyDays { total });
    }
    let missing: Vec<ItemStatus> = training.missing().cloned().collect();
    if missing.is_empty() || training.plan_stands {
        return Ok(());
    }
    let plan = match plan {
        None => PlanGap::NoPlan,
        Some(p) if !p.approved => PlanGap::NotApproved,
        Some(_) => PlanGap::Lapsed,
    };
    Err(AssignmentRefusal::Training { missing, plan })
}

/// The first day on site: the earliest of the recorded one and every assignment's start.
pub fn first_day_on_site(recorded: Option<Date>, periods: &[Period]) -> Option<Date> {
    periods.iter().map(|p| p.starts_on).chain(recorded).min()
}

/// The largest evidence file accepted: a scanned certificate fits easily.
pub const EVIDENCE_MAX_BYTES: usize = 4 * 1024 * 1024;

/// Why an evidence file is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceRefusal {
    Empty,
    TooBig,
    /// Not a PDF, PNG or JPEG by its first bytes (whatever its name says).
    WrongType,
}

/// The media type of an evidence file, judged by its first bytes: PDF, PNG or JPEG only.
pub fn sniff_evidence(bytes: &[u8]) -> Result<&'static str, EvidenceRefusal> {
    if bytes.is_empty() {
        return Err(EvidenceRefusal::Empty);
    }
    if bytes.len() > EVIDENCE_MAX_BYTES {
        return Err(EvidenceRefusal::TooBig);
    }
    if bytes.starts_with(b"%PDF-") {
        Ok("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok("image/jpeg")
    } else {
        Err(EvidenceRefusal::WrongType)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn verified(code: &str, units: u32) -> TrainingFact {
        TrainingFact {
            code: code.into(),
            completed_on: date!(2026 - 01 - 10),
            units,
            verified: true,
            waived: false,
        }
    }

    fn all_verified(staff_type: StaffType) -> Vec<TrainingFact> {
        washington_series()
            .into_iter()
            .filter(|r| r.applies_to(staff_type))
            .map(|r| verified(&r.code, r.required_units))
            .collect()
    }

    #[test]
    fn the_series_has_13_topics_ojt_and_check_ins_for_non_sros_only() {
        let series = washington_series();
        let classroom = series
            .iter()
            .filter(|r| r.kind == RequirementKind::Classroom);
        assert_eq!(classroom.clone().count(), 13);
        assert!(classroom.clone().all(|r| r.deadline_months == 6));
        let ojt = series.iter().find(|r| r.code == "ojt").expect("ojt");
        assert_eq!((ojt.required_units, ojt.deadline_months), (2, 12));
        let check_ins = series.iter().find(|r| r.code == "check_ins").expect("ci");
        assert_eq!(
            (check_ins.required_units, check_ins.deadline_months),
            (6, 12)
        );
        assert!(!check_ins.applies_to(StaffType::SchoolResourceOfficer));
        assert!(check_ins.applies_to(StaffType::ContractedSecurity));
    }

    #[test]
    fn the_seeds_twelve_areas_map_onto_twelve_distinct_topics_all_but_restorative_justice() {
        let series = washington_series();
        let mut codes: Vec<&str> = SEED_2019_AREAS
            .iter()
            .map(|(name, _)| find_requirement(&series, name).expect(name).code.as_str())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 12);
        let unmapped: Vec<&str> = WASHINGTON_TOPICS
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| !codes.contains(c))
            .collect();
        assert_eq!(unmapped, vec!["m"]);
        assert_eq!(
            find_requirement(&series, " FERPA ").map(|r| r.code.as_str()),
            None,
            "a fragment is not a name"
        );
        assert_eq!(
            find_requirement(&series, "OJT").map(|r| r.code.as_str()),
            Some("ojt")
        );
    }

    #[test]
    fn months_are_added_with_end_of_month_and_leap_years() {
        assert_eq!(add_months(date!(2026 - 01 - 15), 6), date!(2026 - 07 - 15));
        assert_eq!(add_months(date!(2025 - 08 - 31), 6), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2027 - 08 - 31), 6), date!(2028 - 02 - 29));
        assert_eq!(add_months(date!(2024 - 02 - 29), 12), date!(2025 - 02 - 28));
        assert_eq!(add_months(date!(2028 - 02 - 29), 12), date!(2029 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 12 - 31), 6), date!(2027 - 06 - 30));
        assert_eq!(add_months(date!(2026 - 07 - 31), 6), date!(2027 - 01 - 31));
        assert_eq!(
            add_months(date!(2028 - 02 - 29), -12),
            date!(2027 - 02 - 28)
        );
        assert_eq!(add_months(date!(2026 - 03 - 31), -1), date!(2026 - 02 - 28));
    }

    #[test]
    fn dates_are_read_in_iso_and_us_forms() {
        assert_eq!(parse_date("2026-09-01"), Some(date!(2026 - 09 - 01)));
        assert_eq!(parse_date(" 9/1/2026 "), Some(date!(2026 - 09 - 01)));
        assert_eq!(parse_date("2028-02-29"), Some(date!(2028 - 02 - 29)));
        assert_eq!(parse_date("2026-02-29"), None, "not a leap year");
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("26-1-1"), None);
    }

    #[test]
    fn the_last_day_of_the_window_is_on_time_and_the_next_is_overdue() {
        let series = washington_series();
        let first_day = date!(2025 - 08 - 31);
        let on_last_day = training_status(
            &series,
            StaffType::SchoolResourceOfficer,
            &[],
            None,
            Some(first_day),
            date!(2026 - 02 - 28),
        );
        assert_eq!(on_last_day.standing, Standing::Due);
        let a = &on_last_day.items[0];
        assert_eq!(a.deadline, Some(date!(2026 - 02 - 28)));
        let next_day = training_status(
            &series,
            StaffType::SchoolResourceOfficer,
            &[],
            None,
            Some(first_day),
            date!(2026 - 03 - 01),
        );
        assert_eq!(next_day.standing, Standing::Overdue);
        assert_eq!(next_day.overdue().count(), 13, "classroom topics only");
        assert!(
            next_day
                .overdue()
                .all(|i| i.kind == RequirementKind::Classroom)
        );
    }

    #[test]
    fn in_a_leap_year_the_window_ends_on_29_february() {
        let series = washington_series();
        let status = |today| {
            training_status(
                &series,
                StaffType::SecurityOfficer,
                &[],
                None,
                Some(date!(2027 - 08 - 31)),
                today,
            )
        };
        assert_eq!(status(date!(2028 - 02 - 29)).standing, Standing::Due);
        assert_eq!(status(date!(2028 - 03 - 01)).standing, Standing::Overdue);
        let year_on = status(date!(2028 - 09 - 01));
        assert!(year_on.overdue().any(|i| i.code == "check_ins"));
    }

    #[test]
    fn standing_covers_complete_waived_plan_due_and_overdue() {
        let series = washington_series();
        let today = date!(2026 - 03 - 01);
        let sro = StaffType::SchoolResourceOfficer;
        let status = |facts: &[TrainingFact], plan: Option<&PlanFacts>, first| {
            training_status(&series, sro, facts, plan, first, today)
        };
        assert_eq!(
            status(&all_verified(sro), None, Some(date!(2024 - 01 - 01))).standing,
            Standing::Complete
        );
        let mut waived = all_verified(sro);
        waived[2] = TrainingFact {
            waived: true,
            verified: false,
            ..waived[2].clone()
        };
        assert_eq!(status(&waived, None, None).standing, Standing::Waived);
        let plan = PlanFacts {
            complete_by: date!(2026 - 05 - 01),
            approved: true,
        };
        let started = Some(date!(2026 - 01 - 05));
        assert_eq!(status(&[], Some(&plan), started).standing, Standing::OnPlan);
        assert_eq!(status(&[], None, started).standing, Standing::Due);
        let unapproved = PlanFacts {
            approved: false,
            ..plan.clone()
        };
        assert_eq!(
            status(&[], Some(&unapproved), started).standing,
            Standing::Due
        );
        let too_late = PlanFacts {
            complete_by: date!(2026 - 08 - 01),
            approved: true,
        };
        assert!(
            !status(&[], Some(&too_late), started).plan_stands,
            "past the 6-month deadline"
        );
        assert_eq!(
            status(&[], Some(&plan), Some(date!(2025 - 06 - 01))).standing,
            Standing::Overdue
        );
    }

    #[test]
    fn unverified_records_do_not_count_and_units_add_up() {
        let series = washington_series();
        let mut facts = all_verified(StaffType::SchoolResourceOfficer);
        facts.retain(|f| f.code != "ojt");
        facts.push(verified("ojt", 1));
        facts.push(TrainingFact {
            verified: false,
            ..verified("ojt", 1)
        });
        let status = training_status(
            &series,
            StaffType::SchoolResourceOfficer,
            &facts,
            None,
            None,
            date!(2026 - 03 - 01),
        );
        let ojt: Vec<&ItemStatus> = status.missing().collect();
        assert_eq!(ojt.len(), 1);
        assert_eq!(
            (
                ojt[0].verified_units,
                ojt[0].unverified_units,
                ojt[0].required_units
            ),
            (1, 1, 2)
        );
        facts.push(verified("ojt", 1));
        let status = training_status(
            &series,
            StaffType::SchoolResourceOfficer,
            &facts,
            None,
            None,
            date!(2026 - 03 - 01),
        );
        assert_eq!(status.standing, Standing::Complete);
    }

    fn period(school_id: i64, starts_on: Date, ends_on: Option<Date>, days: u8) -> Period {
        Period {
            school_id,
            starts_on,
            ends_on,
            days_per_week: days,
        }
    }

    #[test]
    fn the_gate_names_what_is_missing_and_opens_with_verification_or_a_plan() {
        let series = washington_series();
        let today = date!(2026 - 09 - 01);
        let new = period(1, today, None, 3);
        let mut facts = all_verified(StaffType::ContractedSecurity);
        facts.retain(|f| f.code != "k" && f.code != "check_ins");
        facts.push(verified("check_ins", 4));
        let status_with = |facts: &[TrainingFact], plan: Option<&PlanFacts>| {
            training_status(
                &series,
                StaffType::ContractedSecurity,
                facts,
                plan,
                Some(today),
                today,
            )
        };
        let status = |plan: Option<&PlanFacts>| status_with(&facts, plan);
        let Err(AssignmentRefusal::Training { missing, plan }) =
            check_assignment(&new, &[], &status(None), None)
        else {
            panic!("refused for training");
        };
        assert_eq!(plan, PlanGap::NoPlan);
        let named: Vec<(&str, u32, u32)> = missing
            .iter()
            .map(|i| (i.code.as_str(), i.verified_units, i.required_units))
            .collect();
        assert_eq!(named, vec![("k", 0, 1), ("check_ins", 4, 6)]);
        let pending = PlanFacts {
            complete_by: date!(2027 - 01 - 15),
            approved: false,
        };
        assert!(matches!(
            check_assignment(&new, &[], &status(Some(&pending)), Some(&pending)),
            Err(AssignmentRefusal::Training {
                plan: PlanGap::NotApproved,
                ..
            })
        ));
        let approved = PlanFacts {
            approved: true,
            ..pending
        };
        assert_eq!(
            check_assignment(&new, &[], &status(Some(&approved)), Some(&approved)),
            Ok(())
        );
        let mut completed = facts.clone();
        completed.push(verified("k", 1));
        completed.push(verified("check_ins", 2));
        assert_eq!(
            check_assignment(&new, &[], &status_with(&completed, None), None),
            Ok(())
        );
    }

    #[test]
    fn assignments_keep_their_dates_in_order_and_do_not_overlap() {
        let complete = training_status(
            &washington_series(),
            StaffType::SchoolResourceOfficer,
            &all_verified(StaffType::SchoolResourceOfficer),
            None,
            None,
            date!(2026 - 09 - 01),
        );
        let check =
            |p: Period, existing: &[Period]| check_assignment(&p, existing, &complete, None);
        assert_eq!(
            check(
                period(1, date!(2026 - 09 - 01), Some(date!(2026 - 08 - 31)), 5),
                &[]
            ),
            Err(AssignmentRefusal::DatesOutOfOrder)
        );
        assert_eq!(
            check(period(1, date!(2026 - 09 - 01), None, 0), &[]),
            Err(AssignmentRefusal::DaysPerWeek)
        );
        let earlier = [period(
            1,
            date!(2025 - 09 - 01),
            Some(date!(2026 - 06 - 15)),
            3,
        )];
        assert_eq!(
            check(period(1, date!(2026 - 06 - 15), None, 3), &earlier),
            Err(AssignmentRefusal::Overlap {
                starts_on: date!(2025 - 09 - 01)
            }),
            "the last day counts"
        );
        assert_eq!(
            check(period(1, date!(2026 - 06 - 16), None, 5), &earlier),
            Ok(())
        );
        assert_eq!(
            check(period(2, date!(2026 - 01 - 01), None, 2), &earlier),
            Ok(()),
            "two schools, five days"
        );
        assert_eq!(
            check(period(2, date!(2026 - 01 - 01), None, 3), &earlier),
            Err(AssignmentRefusal::TooManyDays { total: 6 })
        );
    }

    #[test]
    fn the_first_day_on_site_is_the_earliest_known() {
        let periods = [
            period(1, date!(2026 - 02 - 01), None, 2),
            period(2, date!(2025 - 09 - 02), None, 2),
        ];
        assert_eq!(
            first_day_on_site(None, &periods),
            Some(date!(2025 - 09 - 02))
        );
        assert_eq!(
            first_day_on_site(Some(date!(2025 - 01 - 01)), &periods),
            Some(date!(2025 - 01 - 01))
        );
        assert_eq!(first_day_on_site(None, &[]), None);
    }

    #[test]
    fn keys_round_trip_and_forgive_case_and_spaces() {
        for t in StaffType::ALL {
            assert_eq!(t.key().parse::<StaffType>(), Ok(*t));
        }
        assert_eq!(
            "School Resource Officer".parse::<StaffType>(),
            Ok(StaffType::SchoolResourceOfficer)
        );
        assert_eq!("security-company".parse(), Ok(AgencyKind::SecurityCompany));
        assert!("janitor".parse::<StaffType>().is_err());
    }

    #[test]
    fn evidence_is_judged_by_its_bytes_and_size() {
        assert_eq!(sniff_evidence(b"%PDF-1.7\n..."), Ok("application/pdf"));
        assert_eq!(sniff_evidence(b"\x89PNG\r\n\x1a\n\0\0"), Ok("image/png"));
        assert_eq!(sniff_evidence(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok("image/jpeg"));
        assert_eq!(
            sniff_evidence(b"MZ\x90\0 an exe"),
            Err(EvidenceRefusal::WrongType)
        );
        assert_eq!(
            sniff_evidence(b"<html>%PDF-"),
            Err(EvidenceRefusal::WrongType)
        );
        assert_eq!(sniff_evidence(b""), Err(EvidenceRefusal::Empty));
        let mut big = b"%PDF-".to_vec();
        big.resize(EVIDENCE_MAX_BYTES + 1, b' ');
        assert_eq!(sniff_evidence(&big), Err(EvidenceRefusal::TooBig));
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (1990i32..2100, 1u8..=12, 1u8..=31).prop_filter_map("a real date", |(y, m, d)| {
            Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
        })
    }

    proptest! {
        #[test]
        fn adding_months_lands_in_the_right_month_never_past_its_end(start in any_date(), months in -60i32..60) {
            let end = add_months(start, months);
            let month_index = |d: Date| d.year() * 12 + i32::from(u8::from(d.month()));
            prop_assert_eq!(month_index(end) - month_index(start), months);
            prop_assert!(end.day() <= start.day());
            prop_assert!(end.day() == start.day() || end.day() == end.month().length(end.year()));
            prop_assert_eq!(end >= start, months >= 0);
        }

        #[test]
        fn an_item_is_overdue_exactly_after_its_deadline(start in any_date(), offset in -400i64..400) {
            let series = washington_series();
            let today = start + time::Duration::days(offset);
            let status = training_status(&series, StaffType::SecurityOfficer, &[], None, Some(start), today);
            for item in &status.items {
                let deadline = item.deadline.expect("first day known");
                prop_assert_eq!(item.state == ItemState::Overdue, today > deadline);
            }
        }

        #[test]
        fn overlap_is_symmetric(
            a_start in any_date(), a_len in proptest::option::of(0i64..400),
            b_start in any_date(), b_len in proptest::option::of(0i64..400),
        ) {
            let a = period(1, a_start, a_len.map(|n| a_start + time::Duration::days(n)), 1);
            let b = period(1, b_start, b_len.map(|n| b_start + time::Duration::days(n)), 1);
            prop_assert_eq!(a.overlaps(&b), b.overlaps(&a));
        }
    }
}
