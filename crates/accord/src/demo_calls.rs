//! The demo district's calls for law-enforcement service: the last three complete school years, a few
//! hundred calls a year with the skews a real district shows. High schools and middle schools see far
//! more calls than elementary schools, and the online academy and the smallest elementary schools see
//! a handful, so the public report has counts to hide. Students are drawn from the enrollment mix, but
//! Black, American Indian, Pacific Islander and Hispanic students and students with IEPs are involved
//! as offenders and sent into the legal system more often, as national data (CRDC) show. Most students
//! are handled informally or returned to administration; a few are cited, referred for prosecution or
//! arrested; force and restraint are rare and fall hardest on students with IEPs.
//!
//! Everything is simulated from a seed, never sampled: students carry protected ids ("S-000123"), never
//! names; responding staff are the roster's staff on site at that school that day, when there were any.

use accord_domain::calls::{
    Call, CallStudent, GRADES, Gender, Outcome, Race, ReportingRace, Requester, StudentRole, age_on,
};
use accord_domain::documents::SchoolYear;
use accord_store::{Actor, District, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeSet;
use time::{Date, Duration, Month, Weekday};

/// The seed every demo uses, so every run makes the same calls.
const SEED: u64 = 2019;

/// How many complete school years of calls the demo holds.
pub const YEARS: i32 = 3;

/// The kind of school, which sets its students' grades and what calls it sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    High,
    Middle,
    Elementary,
    /// A small online school: few students on site, a handful of calls a year.
    Online,
}

/// Each demo school's level and usual calls a year, in the order the demo adds the schools.
const PROFILES: [(Level, f64); 12] = [
    (Level::High, 104.0),
    (Level::High, 78.0),
    (Level::Online, 2.0),
    (Level::Middle, 44.0),
    (Level::Middle, 31.0),
    (Level::Middle, 22.0),
    (Level::Elementary, 7.0),
    (Level::Elementary, 5.0),
    (Level::Elementary, 4.0),
    (Level::Elementary, 3.0),
    (Level::Elementary, 2.0),
    (Level::Elementary, 1.5),
];

/// How the number of calls moves from the oldest year to the newest: down a little after the
/// agreement was amended to keep officers out of discipline.
const TREND: [f64; 3] = [1.0, 0.94, 0.87];

/// One school as the generator sees it.
#[derive(Debug, Clone, Copy)]
pub struct DemoSchool {
    pub id: i64,
    pub level: Level,
    pub calls_a_year: f64,
}

/// The demo's schools with their profiles, matched by position in the district's list (as the program
/// seed assigns staff); schools past the demo's twelve are left without calls.
pub fn demo_schools(school_ids: &[i64]) -> Vec<DemoSchool> {
    school_ids
        .iter()
        .zip(PROFILES)
        .map(|(&id, (level, calls_a_year))| DemoSchool {
            id,
            level,
            calls_a_year,
        })
        .collect()
}

/// A staff member of the roster assigned to a school from one day until another (or still there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnSite {
    pub staff_id: i64,
    pub school_id: i64,
    pub from: Date,
    pub until: Option<Date>,
}

impl OnSite {
    fn covers(&self, school_id: i64, day: Date) -> bool {
        self.school_id == school_id && self.from <= day && self.until.is_none_or(|end| day <= end)
    }
}

/// A day written "YYYY-MM-DD", as the store keeps assignment dates.
pub fn parse_day(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day = parts.next()?.get(..2)?.parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// The school years of the demo's calls: the [`YEARS`] complete ones before the year of `today`.
pub fn demo_years(today: Date) -> Option<Vec<i32>> {
    let current = SchoolYear::containing(today)?.starts_on.year();
    Some((current - YEARS..current).collect())
}

/// Fills the calls once: a district that has calls already is left as it is. The roster's assignments
/// must be in place (the program seed), so that responders are the staff on site.
pub async fn seed(store: &Store, district: &District, today: Date) -> anyhow::Result<()> {
    if !store.call_years(district.id).await?.is_empty() {
        return Ok(());
    }
    let school_ids: Vec<i64> = store
        .schools(district.id)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let on_site: Vec<OnSite> = store
        .assignments(district.id, None)
        .await?
        .iter()
        .filter_map(|a| {
            Some(OnSite {
                staff_id: a.staff_id,
                school_id: a.school_id,
                from: parse_day(&a.starts_on)?,
                until: a.ends_on.as_deref().and_then(parse_day),
            })
        })
        .collect();
    let years =
        demo_years(today).ok_or_else(|| anyhow::anyhow!("no school year contains {today}"))?;
    let calls = generate(&demo_schools(&school_ids), &on_site, &years);
    store
        .save_calls(district.id, &Actor::process("accord demo"), &calls)
        .await?;
    Ok(())
}

/// Every call of the demo's years at `schools`, with responding staff taken from `on_site`.
pub fn generate(schools: &[DemoSchool], on_site: &[OnSite], years: &[i32]) -> Vec<Call> {
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut next_student = 1;
    let mut calls = Vec::new();
    for (step, &year) in years.iter().enumerate() {
        let trend = TREND[step.min(TREND.len() - 1)];
        let mut year_calls = Vec::new();
        for school in schools {
            let wobble = rng.random_range(0.85..1.15);
            let count = ((school.calls_a_year * trend * wobble).round() as usize).max(1);
            let mut seen: Vec<Student> = Vec::new();
            for _ in 0..count {
                let day = school_day(year, &mut rng);
                let mut writer = CallWriter {
                    rng: &mut rng,
                    school,
                    year,
                    day,
                    next_student: &mut next_student,
                    seen: &mut seen,
                };
                year_calls.push(writer.call(on_site));
            }
        }
        year_calls.sort_by(|a, b| a.occurred_at.cmp(&b.occurred_at));
        number(&mut year_calls, year, &mut rng);
        calls.extend(year_calls);
    }
    calls
}

/// Keys and case numbers in the order the calls came in: the district's own key, the police
/// department's case number (a city-wide sequence, so it jumps) and, when a student was disciplined,
/// the CEDARS incident id the district reports to OSPI.
fn number(calls: &mut [Call], year: i32, rng: &mut StdRng) {
    let short_year = year.rem_euclid(100);
    let mut case = rng.random_range(4_000..6_000);
    for (seq, call) in calls.iter_mut().enumerate() {
        call.call_key = format!("CVSD-{year}-{:04}", seq + 1);
        case += rng.random_range(20..260);
        let police_involved = call
            .students
            .iter()
            .any(|s| s.outcomes.iter().any(|o| LEGAL.contains(o)));
        if police_involved || rng.random_bool(0.8) {
            call.agency_case_number = format!("{short_year:02}-{case:06}");
        }
        let disciplined = call
            .students
            .iter()
            .any(|s| s.outcomes.contains(&Outcome::Discipline));
        if disciplined {
            call.cedars_incident_id = format!("{year}{:04}", seq + 1);
        }
    }
}

/// Outcomes that take a student into the legal system.
const LEGAL: [Outcome; 5] = [
    Outcome::ReferralToLawEnforcement,
    Outcome::Citation,
    Outcome::ReferralForProsecution,
    Outcome::Arrest,
    Outcome::Booking,
];

/// A weekday when school is in session, from the day after Labor Day to mid-June, outside the winter
/// and spring breaks.
fn school_day(year: i32, rng: &mut StdRng) -> Date {
    let august_31 = Date::from_calendar_date(year, Month::August, 31).unwrap_or(Date::MIN);
    let labor_day = august_31.next_occurrence(Weekday::Monday);
    let first = labor_day + Duration::days(1);
    loop {
        let day = first + Duration::days(rng.random_range(0..285));
        let weekend = matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday);
        let winter = (day.month() == Month::December && day.day() >= 21)
            || (day.month() == Month::January && day.day() <= 2);
        let spring = day.month() == Month::April && (7..=11).contains(&day.day());
        if !weekend && !winter && !spring {
            return day;
        }
    }
}

/// The reporting groups with their share of enrollment (%), how much more often than White students
/// they are involved as offenders, and how much more often an involved student is sent into the legal
/// system: relative rates of the kind the CRDC shows, not any district's figures.
const GROUPS: [(ReportingRace, f64, f64, f64); 8] = [
    (ReportingRace::White, 48.0, 1.0, 1.0),
    (ReportingRace::HispanicLatino, 24.0, 1.3, 1.4),
    (ReportingRace::Asian, 10.0, 0.4, 0.8),
    (ReportingRace::TwoOrMoreRaces, 9.0, 1.3, 1.2),
    (ReportingRace::BlackAfricanAmerican, 5.5, 2.4, 2.5),
    (ReportingRace::NativeHawaiianPacificIslander, 1.5, 1.6, 1.5),
    (ReportingRace::AmericanIndianAlaskanNative, 1.2, 2.0, 2.0),
    (ReportingRace::NotReported, 0.8, 1.0, 1.0),
];

/// Share of students with an IEP, and how much more often they are involved as offenders, sent into
/// the legal system, and restrained.
const IEP_SHARE: f64 = 0.14;
const IEP_INVOLVEMENT: f64 = 2.0;
const IEP_LEGAL: f64 = 1.5;
const IEP_RESTRAINT: f64 = 4.0;

/// One student as the demo knows them: what stays the same from call to call.
#[derive(Debug, Clone)]
struct Student {
    protected_id: String,
    birth: Date,
    grade: usize,
    gender: Gender,
    group: usize,
    hispanic: bool,
    races: BTreeSet<Race>,
    iep: bool,
    section_504: bool,
    english_learner: bool,
}

/// Writes the calls of one school and year.
struct CallWriter<'a> {
    rng: &'a mut StdRng,
    school: &'a DemoSchool,
    year: i32,
    day: Date,
    next_student: &'a mut usize,
    /// Students already involved at this school this year: some come back.
    seen: &'a mut Vec<Student>,
}

impl CallWriter<'_> {
    fn call(&mut self, on_site: &[OnSite]) -> Call {
        let level = self.school.level;
        let offense = pick(self.rng, OFFENSES, |o| o.weight(level));
        let reasons: Vec<&(&str, bool)> = offense
            .reasons
            .iter()
            .filter(|(_, young)| level != Level::Elementary || *young)
            .collect();
        let reason = reasons[self.rng.random_range(0..reasons.len())].0;
        let weapon = self.weapon(offense.code);
        let present: Vec<i64> = on_site
            .iter()
            .filter(|s| s.covers(self.school.id, self.day))
            .map(|s| s.staff_id)
            .collect();
        let mut requester = pick(self.rng, &REQUESTERS, |r| r.1).0;
        if present.is_empty() && requester == Requester::OfficerSelfInitiated {
            requester = Requester::Administrator;
        }
        let staff_ids = self.responders(&present, requester);
        let (occurred_at, school_related) = self.when();
        let students = self.students(offense);
        let narrative = narrative(requester, reason, &weapon, &students);
        Call {
            call_key: String::new(),
            school_year: self.year,
            school_id: self.school.id,
            occurred_at,
            requester,
            reason: reason.to_owned(),
            offense: offense.code.to_owned(),
            weapon,
            school_related,
            staff_ids,
            agency_case_number: String::new(),
            cedars_incident_id: String::new(),
            narrative,
            students,
        }
    }

    /// The roster's staff who answered: usually one of those on site, sometimes two, and now and then
    /// none (a patrol officer came instead), unless the officer on site saw it first.
    fn responders(&mut self, present: &[i64], requester: Requester) -> Vec<i64> {
        if present.is_empty()
            || (requester != Requester::OfficerSelfInitiated && self.rng.random_bool(0.12))
        {
            return Vec::new();
        }
        let first = present[self.rng.random_range(0..present.len())];
        let mut staff = vec![first];
        if present.len() > 1 && self.rng.random_bool(0.15) {
            staff.extend(present.iter().copied().find(|&id| id != first));
        }
        staff.sort_unstable();
        staff
    }

    /// Local time of the call and whether it was school-related: mostly the school day, some evening
    /// games and dances at the secondary schools, a few off-campus matters brought to the school.
    fn when(&mut self) -> (String, bool) {
        let secondary = matches!(self.school.level, Level::High | Level::Middle);
        let (hour, minute) = if secondary && self.rng.random_bool(0.08) {
            (self.rng.random_range(17..21), self.rng.random_range(0..60))
        } else {
            let minutes = self.rng.random_range(7 * 60 + 20..15 * 60 + 40);
            (minutes / 60, minutes % 60)
        };
        let school_related = !self.rng.random_bool(0.06);
        (
            format!("{}T{hour:02}:{minute:02}", self.day),
            school_related,
        )
    }

    fn weapon(&mut self, offense: &str) -> String {
        let list: &[(&str, f64)] = match (offense, self.school.level) {
            ("weapon", Level::Elementary) => &ELEMENTARY_WEAPONS,
            ("weapon", _) => &WEAPONS,
            ("violence_major_injury" | "violence", _) if self.rng.random_bool(0.06) => {
                &[("Folding knife", 1.0)]
            }
            _ => return String::new(),
        };
        pick(self.rng, list, |w| w.1).0.to_owned()
    }

    /// The students of a call: fights have two or three offenders, bullying and assaults a victim,
    /// and some calls a witness.
    fn students(&mut self, offense: &Offense) -> Vec<CallStudent> {
        let mut roles = vec![StudentRole::Offender];
        match offense.code {
            "fighting" => {
                roles.push(StudentRole::Offender);
                if self.rng.random_bool(0.2) {
                    roles.push(StudentRole::Offender);
                }
            }
            "bullying" | "violence" | "violence_major_injury" => {
                if self.rng.random_bool(0.7) {
                    roles.push(StudentRole::Victim);
                }
            }
            "other" if self.rng.random_bool(0.2) => roles[0] = StudentRole::Other,
            _ => {
                if self.rng.random_bool(0.15) {
                    roles.push(StudentRole::Offender);
                }
            }
        }
        if self.rng.random_bool(0.08) {
            roles.push(StudentRole::Witness);
        }
        let mut ids = BTreeSet::new();
        let mut students = Vec::new();
        for role in roles {
            let student = self.student(role);
            if ids.insert(student.protected_id.clone()) {
                let outcomes = self.outcomes(&student, role, offense);
                students.push(self.involvement(&student, role, outcomes));
            }
        }
        students
    }

    /// A student for `role`: for an offender, now and then one already involved this year.
    fn student(&mut self, role: StudentRole) -> Student {
        let offenders = role == StudentRole::Offender;
        if offenders && !self.seen.is_empty() && self.rng.random_bool(0.18) {
            return self.seen[self.rng.random_range(0..self.seen.len())].clone();
        }
        let student = self.new_student(offenders);
        self.seen.push(student.clone());
        student
    }

    fn new_student(&mut self, offender: bool) -> Student {
        let group = pick_index(self.rng, &GROUPS, |g| {
            g.1 * if offender { g.2 } else { 1.0 }
        });
        let race = GROUPS[group].0;
        let (hispanic, races) = self.races_of(race);
        let iep_odds = IEP_SHARE * if offender { IEP_INVOLVEMENT } else { 1.0 };
        let iep = self.rng.random_bool(iep_odds);
        let section_504 = !iep && self.rng.random_bool(0.07);
        let english_learner = self.rng.random_bool(match race {
            ReportingRace::HispanicLatino => 0.3,
            ReportingRace::Asian => 0.2,
            ReportingRace::NativeHawaiianPacificIslander => 0.15,
            _ => 0.03,
        });
        let gender = if offender {
            pick(
                self.rng,
                &[
                    (Gender::Male, 64.0),
                    (Gender::Female, 34.0),
                    (Gender::GenderX, 2.0),
                ],
                |g| g.1,
            )
            .0
        } else {
            pick(
                self.rng,
                &[
                    (Gender::Male, 49.0),
                    (Gender::Female, 49.0),
                    (Gender::GenderX, 2.0),
                ],
                |g| g.1,
            )
            .0
        };
        let grade = self.grade();
        let birth = self.birth(grade);
        let protected_id = format!("S-{:06}", *self.next_student);
        *self.next_student += 1;
        Student {
            protected_id,
            birth,
            grade,
            gender,
            group,
            hispanic,
            races,
            iep,
            section_504,
            english_learner,
        }
    }

    /// How a student of a reporting group answered: Hispanic with a race or none, one race, or two.
    fn races_of(&mut self, race: ReportingRace) -> (bool, BTreeSet<Race>) {
        let one = |race| BTreeSet::from([race]);
        match race {
            ReportingRace::HispanicLatino => {
                let races = match self.rng.random_range(0..10) {
                    0..6 => one(Race::White),
                    6..8 => BTreeSet::new(),
                    _ => BTreeSet::from([Race::White, Race::AmericanIndianAlaskanNative]),
                };
                (true, races)
            }
            ReportingRace::TwoOrMoreRaces => {
                let pairs = [
                    [Race::White, Race::BlackAfricanAmerican],
                    [Race::White, Race::Asian],
                    [Race::White, Race::AmericanIndianAlaskanNative],
                    [
                        Race::BlackAfricanAmerican,
                        Race::AmericanIndianAlaskanNative,
                    ],
                ];
                (false, BTreeSet::from(pairs[self.rng.random_range(0..4)]))
            }
            ReportingRace::NotReported => (false, BTreeSet::new()),
            ReportingRace::White => (false, one(Race::White)),
            ReportingRace::Asian => (false, one(Race::Asian)),
            ReportingRace::BlackAfricanAmerican => (false, one(Race::BlackAfricanAmerican)),
            ReportingRace::NativeHawaiianPacificIslander => {
                (false, one(Race::NativeHawaiianPacificIslander))
            }
            ReportingRace::AmericanIndianAlaskanNative => {
                (false, one(Race::AmericanIndianAlaskanNative))
            }
        }
    }

    /// A grade of the school (K is 0), weighted to the older students of elementary schools and the
    /// younger of high schools, where most calls come from.
    fn grade(&mut self) -> usize {
        let grades: &[(usize, f64)] = match self.school.level {
            Level::Elementary => &[(0, 1.0), (1, 1.0), (2, 1.5), (3, 2.0), (4, 2.5), (5, 3.0)],
            Level::Middle => &[(6, 1.0), (7, 1.2), (8, 1.3)],
            Level::High => &[(9, 1.4), (10, 1.3), (11, 1.0), (12, 0.8)],
            Level::Online => &[
                (7, 0.5),
                (8, 0.5),
                (9, 1.0),
                (10, 1.0),
                (11, 1.0),
                (12, 1.0),
            ],
        };
        pick(self.rng, grades, |g| g.1).0
    }

    /// A birth date that puts a student in `grade` this school year: five by the end of August to
    /// start kindergarten, and a few a year older.
    fn birth(&mut self, grade: usize) -> Date {
        let held_back = i32::from(self.rng.random_bool(0.04));
        let born_from = Date::from_calendar_date(
            self.year - grade as i32 - 6 - held_back,
            Month::September,
            1,
        )
        .unwrap_or(Date::MIN);
        born_from + Duration::days(self.rng.random_range(0..365))
    }

    fn involvement(
        &self,
        student: &Student,
        role: StudentRole,
        outcomes: BTreeSet<Outcome>,
    ) -> CallStudent {
        let date = |d: Date| (d.year(), u8::from(d.month()), d.day());
        CallStudent {
            protected_id: student.protected_id.clone(),
            role,
            age: age_on(date(student.birth), date(self.day)).unwrap_or(0),
            grade: GRADES[student.grade + 1].to_owned(),
            gender: student.gender,
            hispanic: student.hispanic,
            races: student.races.clone(),
            iep: student.iep,
            section_504: student.section_504,
            english_learner: student.english_learner,
            outcomes,
        }
    }

    /// What happened to a student. Offenders are mostly handled informally or returned to
    /// administration (often disciplined there); the legal system is rarer, likelier for weapons and
    /// injuries, at high schools, and for the groups and students with IEPs the data show; force
    /// comes mostly with arrests, and restraint mostly to young students with IEPs.
    fn outcomes(
        &mut self,
        student: &Student,
        role: StudentRole,
        offense: &Offense,
    ) -> BTreeSet<Outcome> {
        let mut outcomes = BTreeSet::new();
        let rng = &mut *self.rng;
        if role != StudentRole::Offender {
            let services = if role == StudentRole::Victim {
                0.25
            } else {
                0.05
            };
            if rng.random_bool(services) {
                outcomes.insert(Outcome::ReferralToServices);
            }
            if rng.random_bool(0.2) {
                outcomes.insert(Outcome::ReturnedToAdministration);
            }
            if outcomes.is_empty() || rng.random_bool(0.5) {
                outcomes.insert(Outcome::HandledInformally);
            }
            return outcomes;
        }
        let level = match self.school.level {
            Level::High => 1.0,
            Level::Middle => 0.6,
            Level::Online => 0.5,
            Level::Elementary => 0.08,
        };
        let iep = if student.iep { IEP_LEGAL } else { 1.0 };
        let legal = (0.08 * offense.legal * level * GROUPS[student.group].3 * iep).min(0.8);
        if rng.random_bool(legal) {
            let path = pick(
                rng,
                &[
                    (Outcome::ReferralToLawEnforcement, 35.0),
                    (Outcome::Citation, 25.0),
                    (Outcome::ReferralForProsecution, 20.0),
                    (Outcome::Arrest, 20.0),
                ],
                |p| p.1,
            )
            .0;
            outcomes.insert(path);
            if path == Outcome::Arrest {
                if rng.random_bool(0.5) {
                    outcomes.insert(Outcome::Booking);
                }
                if rng.random_bool(0.5) {
                    outcomes.insert(Outcome::ReferralForProsecution);
                }
                if rng.random_bool(0.25) {
                    outcomes.insert(Outcome::UseOfForce);
                }
            }
        } else if rng.random_bool(0.62) {
            outcomes.insert(Outcome::ReturnedToAdministration);
        } else {
            outcomes.insert(Outcome::HandledInformally);
        }
        if !outcomes.contains(&Outcome::HandledInformally) && rng.random_bool(0.55) {
            outcomes.insert(Outcome::Discipline);
        }
        let force = 0.012 * GROUPS[student.group].3 * iep;
        if rng.random_bool(force.min(1.0)) {
            outcomes.insert(Outcome::UseOfForce);
        }
        let young = if self.school.level == Level::Elementary {
            3.0
        } else {
            1.0
        };
        let restraint = 0.01 * young * if student.iep { IEP_RESTRAINT } else { 1.0 };
        if rng.random_bool(restraint.min(1.0)) {
            outcomes.insert(Outcome::RestraintOrIsolation);
        }
        if rng.random_bool(0.1) {
            outcomes.insert(Outcome::ReferralToServices);
        }
        outcomes
    }
}

/// A short, neutral account: who called, why, and what followed. No names, no dates.
fn narrative(requester: Requester, reason: &str, weapon: &str, students: &[CallStudent]) -> String {
    let asked = match requester {
        Requester::Teacher => "A teacher asked for assistance",
        Requester::Administrator => "An administrator asked for assistance",
        Requester::Staff => "School staff asked for assistance",
        Requester::OfficerSelfInitiated => "The officer on site responded on their own observation",
        Requester::EmergencyOrOther => "Dispatch sent an officer after a 911 call",
    };
    let mut text = format!("{asked}: {}.", reason.to_lowercase());
    if !weapon.is_empty() {
        text.push_str(&format!(" Item recovered: {}.", weapon.to_lowercase()));
    }
    let count = |outcome: Outcome| {
        students
            .iter()
            .filter(|s| s.outcomes.contains(&outcome))
            .count()
    };
    let followed = [
        (Outcome::Arrest, "arrested"),
        (Outcome::Citation, "cited"),
        (Outcome::ReferralForProsecution, "referred for prosecution"),
        (
            Outcome::ReferralToLawEnforcement,
            "referred to the police department",
        ),
        (
            Outcome::ReturnedToAdministration,
            "returned to administration",
        ),
        (Outcome::HandledInformally, "handled informally"),
    ];
    for (outcome, words) in followed {
        match count(outcome) {
            0 => {}
            1 => text.push_str(&format!(" One student {words}.")),
            n => text.push_str(&format!(" {} students {words}.", number_word(n))),
        }
    }
    if count(Outcome::Booking) > 0 {
        text.push_str(" Booked into juvenile detention.");
    }
    if count(Outcome::UseOfForce) > 0 {
        text.push_str(" Force was used; a use-of-force report was filed.");
    }
    if count(Outcome::RestraintOrIsolation) > 0 {
        text.push_str(" A student was restrained; the school's restraint report was filed.");
    }
    text
}

/// Small counts in words, as a narrative writes them.
fn number_word(n: usize) -> String {
    match n {
        2 => "Two".into(),
        3 => "Three".into(),
        4 => "Four".into(),
        n => n.to_string(),
    }
}

/// An offense type of LAW.md's defaults, with how often each kind of school sees it, how much likelier
/// than usual it sends a student into the legal system, and reasons as a caller gives them (marked
/// whether an elementary school could give them).
struct Offense {
    code: &'static str,
    /// Weight at high, middle, elementary and online schools.
    weights: [f64; 4],
    legal: f64,
    reasons: &'static [(&'static str, bool)],
}

impl Offense {
    fn weight(&self, level: Level) -> f64 {
        self.weights[level as usize]
    }
}

const OFFENSES: &[Offense] = &[
    Offense {
        code: "bullying",
        weights: [8.0, 14.0, 10.0, 20.0],
        legal: 0.3,
        reasons: &[
            (
                "Repeated harassment of a student reported by a parent",
                true,
            ),
            ("Threatening messages sent to a classmate", true),
            ("Harassment of a student on social media", false),
            ("Ongoing intimidation in the locker room", false),
        ],
    },
    Offense {
        code: "tobacco",
        weights: [8.0, 6.0, 0.0, 0.0],
        legal: 0.3,
        reasons: &[
            ("Student vaping nicotine in a restroom", false),
            ("Student in possession of a nicotine vape", false),
            ("Student smoking behind the gym", false),
        ],
    },
    Offense {
        code: "alcohol",
        weights: [5.0, 2.0, 0.0, 0.0],
        legal: 1.3,
        reasons: &[
            ("Student appeared intoxicated in class", false),
            ("Alcohol found in a student's backpack", false),
            ("Student drinking in the parking lot before a game", false),
        ],
    },
    Offense {
        code: "illicit_drug",
        weights: [15.0, 7.0, 0.0, 10.0],
        legal: 1.6,
        reasons: &[
            ("Student in possession of a THC vape cartridge", false),
            ("Suspected sale of cannabis edibles", false),
            ("Student found with pills not prescribed to them", false),
            ("Odor of cannabis from a car in the student lot", false),
        ],
    },
    Offense {
        code: "fighting",
        weights: [22.0, 28.0, 14.0, 0.0],
        legal: 0.8,
        reasons: &[
            ("Fight between students in the cafeteria", true),
            ("Fight in the hallway between classes", false),
            ("Fight at the bus loop after school", true),
            ("Fight on the field during lunch", true),
        ],
    },
    Offense {
        code: "violence",
        weights: [11.0, 14.0, 26.0, 0.0],
        legal: 1.3,
        reasons: &[
            ("Student struck a staff member", true),
            ("Student assaulted another student in a restroom", false),
            ("Student threw a chair in a classroom", true),
            ("Student pushed a teacher while leaving class", true),
        ],
    },
    Offense {
        code: "violence_major_injury",
        weights: [2.0, 2.0, 1.0, 0.0],
        legal: 3.5,
        reasons: &[
            ("Assault with an injury that needed hospital care", true),
            ("Assault resulting in a broken nose", false),
        ],
    },
    Offense {
        code: "weapon",
        weights: [6.0, 6.0, 8.0, 0.0],
        legal: 4.0,
        reasons: &[
            ("Student reported to have a weapon in a backpack", true),
            ("Student showed a weapon to classmates on the bus", true),
            ("Weapon found in a locker during a search", false),
            ("Weapon seen in a student's waistband", false),
        ],
    },
    Offense {
        code: "other",
        weights: [23.0, 21.0, 41.0, 70.0],
        legal: 0.6,
        reasons: &[
            ("Threat of violence posted on social media", false),
            ("Non-student on campus refusing to leave", true),
            ("Student left campus and could not be found", true),
            ("Theft of a phone from a locker room", false),
            ("Vandalism of a restroom", false),
            ("Student in crisis threatening self-harm", true),
            ("Suspicious person near the school entrance", true),
            ("Custody dispute at dismissal", true),
            ("False fire alarm", false),
            ("Threat made against a staff member", true),
        ],
    },
];

const REQUESTERS: [(Requester, f64); 5] = [
    (Requester::Administrator, 44.0),
    (Requester::OfficerSelfInitiated, 19.0),
    (Requester::Staff, 14.0),
    (Requester::Teacher, 13.0),
    (Requester::EmergencyOrOther, 10.0),
];

const WEAPONS: [(&str, f64); 8] = [
    ("Folding knife", 30.0),
    ("Fixed-blade knife", 10.0),
    ("BB or airsoft gun", 15.0),
    ("Replica handgun", 10.0),
    ("Pepper spray", 15.0),
    ("Brass knuckles", 8.0),
    ("Box cutter", 8.0),
    ("Handgun", 2.0),
];

const ELEMENTARY_WEAPONS: [(&str, f64); 4] = [
    ("Pocketknife", 50.0),
    ("Scissors", 25.0),
    ("Replica handgun", 15.0),
    ("BB or airsoft gun", 10.0),
];

/// One of `items`, with chances in proportion to `weight`.
fn pick<'a, T>(rng: &mut StdRng, items: &'a [T], weight: impl Fn(&T) -> f64) -> &'a T {
    &items[pick_index(rng, items, weight)]
}

fn pick_index<T>(rng: &mut StdRng, items: &[T], weight: impl Fn(&T) -> f64) -> usize {
    let total: f64 = items.iter().map(&weight).sum();
    let mut left = rng.random::<f64>() * total;
    for (i, item) in items.iter().enumerate() {
        left -= weight(item);
        if left < 0.0 {
            return i;
        }
    }
    items.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_domain::calls::{Disability, reporting_race};
    use std::collections::HashMap;

    const YEARS_OF_TEST: [i32; 3] = [2023, 2024, 2025];

    fn schools() -> Vec<DemoSchool> {
        demo_schools(&(101..=112).collect::<Vec<i64>>())
    }

    fn day(text: &str) -> Date {
        parse_day(text).expect("a day")
    }

    /// Officers at the two high schools and a middle school, one of them from part way through.
    fn on_site() -> Vec<OnSite> {
        vec![
            OnSite {
                staff_id: 1,
                school_id: 101,
                from: day("2022-08-01"),
                until: None,
            },
            OnSite {
                staff_id: 2,
                school_id: 102,
                from: day("2024-03-01"),
                until: None,
            },
            OnSite {
                staff_id: 3,
                school_id: 102,
                from: day("2023-01-01"),
                until: Some(day("2024-06-30")),
            },
            OnSite {
                staff_id: 4,
                school_id: 104,
                from: day("2023-09-01"),
                until: None,
            },
        ]
    }

    fn demo() -> Vec<Call> {
        generate(&schools(), &on_site(), &YEARS_OF_TEST)
    }

    fn students(calls: &[Call]) -> impl Iterator<Item = &CallStudent> {
        calls.iter().flat_map(|c| &c.students)
    }

    #[test]
    fn the_same_demo_every_time() {
        assert_eq!(demo(), demo());
    }

    #[test]
    fn a_few_hundred_calls_a_year_in_every_school_mostly_secondary() {
        let calls = demo();
        for year in YEARS_OF_TEST {
            let of_year: Vec<&Call> = calls.iter().filter(|c| c.school_year == year).collect();
            assert!(
                (200..=420).contains(&of_year.len()),
                "{year}: {}",
                of_year.len()
            );
            let mut by_school: HashMap<i64, usize> = HashMap::new();
            for call in &of_year {
                *by_school.entry(call.school_id).or_default() += 1;
            }
            assert_eq!(by_school.len(), 12, "{year}: every school has calls");
            let level_total = |level: Level| -> usize {
                schools()
                    .iter()
                    .filter(|s| s.level == level)
                    .map(|s| by_school[&s.id])
                    .sum()
            };
            let elementary = level_total(Level::Elementary);
            assert!(level_total(Level::High) > 5 * elementary, "{year}");
            assert!(level_total(Level::Middle) > 2 * elementary, "{year}");
            let tiny = by_school.values().filter(|&&n| n < 10).count();
            assert!(tiny >= 5, "{year}: {tiny} schools with fewer than 10 calls");
        }
    }

    #[test]
    fn records_are_complete_and_protect_students() {
        let calls = demo();
        let keys: BTreeSet<&str> = calls.iter().map(|c| c.call_key.as_str()).collect();
        assert_eq!(keys.len(), calls.len(), "call keys are unique");
        let types: Vec<String> = accord_domain::calls::default_offense_types()
            .into_iter()
            .map(|o| o.code)
            .collect();
        for call in &calls {
            assert!(types.contains(&call.offense), "{}", call.offense);
            assert!(!call.reason.is_empty() && !call.narrative.is_empty());
            assert!(
                call.occurred_at
                    .starts_with(&format!("{}-", call.school_year))
                    || call
                        .occurred_at
                        .starts_with(&format!("{}-", call.school_year + 1))
            );
            assert_eq!(call.occurred_at.len(), "2024-09-03T08:15".len());
            assert!(!call.students.is_empty());
            assert_eq!(
                call.offense == "weapon",
                !call.weapon.is_empty() && call.offense == "weapon"
            );
            for student in &call.students {
                let id = &student.protected_id;
                assert!(
                    id.len() == 8
                        && id.starts_with("S-")
                        && id[2..].chars().all(|c| c.is_ascii_digit()),
                    "{id}"
                );
                assert!(!call.narrative.contains(id.as_str()));
                assert!(!student.outcomes.is_empty());
                let grade = GRADES
                    .iter()
                    .position(|g| *g == student.grade)
                    .expect("grade") as i32
                    - 1;
                let over = i32::from(student.age) - grade;
                assert!(
                    (4..=7).contains(&over),
                    "{} in grade {}",
                    student.age,
                    student.grade
                );
            }
        }
        let with_case = calls
            .iter()
            .filter(|c| !c.agency_case_number.is_empty())
            .count();
        let with_cedars = calls
            .iter()
            .filter(|c| !c.cedars_incident_id.is_empty())
            .count();
        assert!(with_case > calls.len() * 3 / 4 && with_cedars > calls.len() / 5);
        let weapons: BTreeSet<&str> = calls.iter().map(|c| c.weapon.as_str()).collect();
        assert!(weapons.len() > 5, "{weapons:?}");
    }

    #[test]
    fn responders_are_the_staff_on_site_that_day() {
        let calls = demo();
        let on_site = on_site();
        for call in &calls {
            let Some(day) = parse_day(&call.occurred_at) else {
                panic!("{}", call.occurred_at);
            };
            for staff in &call.staff_ids {
                assert!(
                    on_site
                        .iter()
                        .any(|s| s.staff_id == *staff && s.covers(call.school_id, day)),
                    "{staff} at {} on {day}",
                    call.school_id
                );
            }
            if call.requester == Requester::OfficerSelfInitiated {
                assert!(!call.staff_ids.is_empty());
            }
        }
        let with_staff = calls.iter().filter(|c| !c.staff_ids.is_empty()).count();
        assert!(with_staff > calls.len() / 3, "{with_staff}");
        assert!(calls.iter().any(|c| c.reportable_under_r7()));
    }

    /// Share of `students` who met any of `outcomes`.
    fn rate<'a>(students: impl Iterator<Item = &'a CallStudent>, outcomes: &[Outcome]) -> f64 {
        let (mut met, mut all) = (0.0, 0.0);
        for student in students {
            all += 1.0;
            if outcomes.iter().any(|o| student.outcomes.contains(o)) {
                met += 1.0;
            }
        }
        met / all
    }

    #[test]
    fn outcomes_have_the_skews_of_national_data() {
        let calls = demo();
        let all = || students(&calls);
        let informal = rate(
            all(),
            &[
                Outcome::HandledInformally,
                Outcome::ReturnedToAdministration,
            ],
        );
        assert!(
            informal > 0.75,
            "{informal:.2} handled informally or returned"
        );
        for outcome in [
            Outcome::Arrest,
            Outcome::Booking,
            Outcome::Citation,
            Outcome::ReferralForProsecution,
            Outcome::UseOfForce,
            Outcome::RestraintOrIsolation,
        ] {
            let n = all().filter(|s| s.outcomes.contains(&outcome)).count();
            assert!((3..=120).contains(&n), "{outcome:?}: {n}");
        }
        let legal = &LEGAL;
        let of_race = |race: ReportingRace| {
            rate(
                all().filter(move |s| {
                    s.role == StudentRole::Offender && reporting_race(s.hispanic, &s.races) == race
                }),
                legal,
            )
        };
        let (black, white) = (
            of_race(ReportingRace::BlackAfricanAmerican),
            of_race(ReportingRace::White),
        );
        assert!(black > 1.4 * white, "black {black:.3}, white {white:.3}");
        let share = |students: &mut dyn Iterator<Item = &CallStudent>| {
            let list: Vec<&CallStudent> = students.collect();
            list.iter()
                .filter(|s| Disability::of(s.iep, s.section_504) == Disability::Idea)
                .count() as f64
                / list.len() as f64
        };
        let iep_in_legal =
            share(&mut all().filter(|s| legal.iter().any(|o| s.outcomes.contains(o))));
        let iep_in_calls = share(&mut all());
        assert!(
            iep_in_legal > iep_in_calls && iep_in_calls > IEP_SHARE,
            "IEP: {iep_in_legal:.2} of the legal outcomes, {iep_in_calls:.2} of the students"
        );
        let black_share = share_of(all(), ReportingRace::BlackAfricanAmerican);
        assert!(
            black_share > 0.08,
            "{black_share:.3} of students in calls are Black"
        );
    }

    fn share_of<'a>(students: impl Iterator<Item = &'a CallStudent>, race: ReportingRace) -> f64 {
        let list: Vec<&CallStudent> = students.collect();
        list.iter()
            .filter(|s| reporting_race(s.hispanic, &s.races) == race)
            .count() as f64
            / list.len() as f64
    }

    /// What a reader of the demo notices: every school has calls in every year, the public report
    /// hides the small counts (the tiny schools among them), and a second demo run adds nothing.
    #[tokio::test]
    async fn the_demo_calls_fill_both_versions_of_the_report() {
        use accord_domain::report::{Lists, YearReport};
        use accord_domain::suppression::{Published, Rules};
        let db = accord_store::testing::TestDatabase::sqlite().await;
        let store = &db.store;
        let district = store
            .ensure_district("cedar-valley", "Cedar Valley School District")
            .await
            .expect("district");
        for name in crate::demo::SCHOOLS {
            store.add_school(district.id, name).await.expect("school");
        }
        let today = day("2026-11-30");
        crate::demo_program::seed(store, &district, today)
            .await
            .expect("roster");
        seed(store, &district, today).await.expect("calls");
        assert_eq!(
            store.call_years(district.id).await.expect("years"),
            [2025, 2024, 2023]
        );
        let schools: Vec<i64> = store
            .schools(district.id)
            .await
            .expect("schools")
            .iter()
            .map(|s| s.id)
            .collect();
        let offenses: Vec<String> = store
            .offense_types(district.id)
            .await
            .expect("offense types")
            .into_iter()
            .map(|o| o.code)
            .collect();
        let lists = Lists {
            schools,
            offenses,
            age_bands: accord_domain::calls::AgeBands::default(),
        };
        let mut with_staff = 0;
        for year in [2023, 2024, 2025] {
            let calls = store
                .calls_for_report(district.id, year)
                .await
                .expect("calls");
            with_staff += calls
                .iter()
                .filter(|c| !c.call.staff_ids.is_empty())
                .count();
            let mut lists = lists.clone();
            let rows = lists.student_rows(calls.iter().map(|c| (c.id, &c.call)));
            let internal = YearReport::tally(&rows, &lists.shape());
            assert!(
                internal.calls_by_school.iter().all(|&n| n > 0),
                "{year}: {:?}",
                internal.calls_by_school
            );
            let public = internal.public(&Rules::default());
            let hidden_schools = public
                .calls_by_school
                .iter()
                .filter(|c| matches!(c, Published::Hidden(_)))
                .count();
            assert!(
                hidden_schools >= 5,
                "{year}: {hidden_schools} schools hidden"
            );
            assert!(
                matches!(public.calls, Published::Count(n) if n == internal.calls),
                "{year}: the district's total is shown"
            );
            let arrests = Outcome::ALL
                .iter()
                .position(|o| *o == Outcome::Arrest)
                .expect("arrest");
            assert!(
                internal.totals.outcomes[arrests] > 0,
                "{year}: some arrests"
            );
        }
        assert!(
            with_staff > 100,
            "{with_staff} calls with the roster's staff"
        );

        let before = store.calls(district.id, None).await.expect("calls").len();
        assert!(
            (600..=1_200).contains(&before),
            "{before} calls in three years"
        );
        seed(store, &district, today).await.expect("again");
        let after = store.calls(district.id, None).await.expect("calls").len();
        assert_eq!(after, before, "a second run adds nothing");
    }

    #[test]
    fn days_parse_as_the_store_writes_them() {
        assert_eq!(
            parse_day("2024-09-03"),
            Date::from_calendar_date(2024, Month::September, 3).ok()
        );
        assert_eq!(
            parse_day("2024-09-03T08:15"),
            Date::from_calendar_date(2024, Month::September, 3).ok()
        );
        assert_eq!(parse_day("2024-13-03"), None);
        assert_eq!(parse_day("soon"), None);
        assert_eq!(demo_years(day("2026-11-30")), Some(vec![2023, 2024, 2025]));
        assert_eq!(demo_years(day("2026-08-30")), Some(vec![2022, 2023, 2024]));
    }
}
