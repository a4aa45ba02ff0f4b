//! The program's record, once for the pages, the API and the CLI's import: who may see and change what
//! (the agency liaison sees their own agency's people only), typed input turned into the domain's
//! values with a message naming the field, the training gate, dashboards, and CSV imports.

use crate::auth::Staff;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use accord_domain::training::{
    self, AgencyKind, AssignmentRefusal, EvidenceRefusal, ItemStatus, Period, PlanFacts, PlanGap,
    StaffType, TrainingFact, TrainingStatus, parse_date,
};
use accord_store::{
    Actor, Agency, Assignment, CatalogueEntry, NewAgency, NewAssignment, NewEvidence, NewStaff,
    NewTrainingRecord, School, StaffMember, Store, TrainingPlan, TrainingRecord,
};
use serde::{Deserialize, Deserializer};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use time::Date;

pub const NAME_MAX_CHARS: usize = 200;
pub const NOTE_MAX_CHARS: usize = 2000;

/// Whose records a request may reach: one district, and for an agency liaison one agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub district_id: i64,
    pub agency_id: Option<i64>,
}

impl Scope {
    fn covers(&self, district_id: i64, agency_id: i64) -> bool {
        self.district_id == district_id && self.agency_id.is_none_or(|a| a == agency_id)
    }
}

/// The scope of a signed-in staff member, or Forbidden for roles that do not see the program (and for
/// a liaison not yet linked to an agency).
pub async fn scope_of(store: &Store, staff: &Staff) -> Result<Scope, AppError> {
    let role = staff.role();
    if !role.may_view_program() {
        return Err(AppError::Forbidden);
    }
    let agency_id = if role.is_scoped_to_agency() {
        Some(
            store
                .user_agency(staff.0.id)
                .await?
                .ok_or(AppError::Forbidden)?,
        )
    } else {
        None
    };
    Ok(Scope {
        district_id: staff.0.district_id,
        agency_id,
    })
}

pub fn require_manager(staff: &Staff) -> Result<(), AppError> {
    if staff.role().may_manage_program() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Today in UTC: deadlines are whole days.
pub fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

/// Accepts a JSON string or number where forms send text (ids, hours, days per week).
pub(crate) fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Text(String),
        Int(i64),
        Float(f64),
    }
    Ok(match Either::deserialize(d)? {
        Either::Text(t) => t,
        Either::Int(n) => n.to_string(),
        Either::Float(f) => f.to_string(),
    })
}

pub(crate) fn invalid(key: &'static str, field: &'static str) -> Msg {
    Msg::new(key).field(field)
}

pub(crate) fn required_text(value: &str, field: &'static str, max: usize) -> Result<String, Msg> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Msg::new("program-invalid-empty")
            .arg("field", field)
            .field(field));
    }
    if value.chars().count() > max {
        return Err(Msg::new("program-invalid-too-long")
            .arg("field", field)
            .arg("len", value.chars().count())
            .arg("max", max)
            .field(field));
    }
    Ok(value.to_owned())
}

pub(crate) fn optional_text(value: &str, field: &'static str, max: usize) -> Result<String, Msg> {
    if value.trim().is_empty() {
        Ok(String::new())
    } else {
        required_text(value, field, max)
    }
}

pub(crate) fn date_field(value: &str, field: &'static str) -> Result<Date, Msg> {
    parse_date(value).ok_or_else(|| {
        Msg::new("program-invalid-date")
            .arg("value", value.trim())
            .field(field)
    })
}

fn optional_date(value: &str, field: &'static str) -> Result<Option<Date>, Msg> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        date_field(value, field).map(Some)
    }
}

/// An agency as typed.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct AgencyInput {
    pub name: String,
    /// law_enforcement, security_company or district
    pub kind: String,
    #[serde(default)]
    pub contact: String,
}

impl AgencyInput {
    pub fn validate(&self) -> Result<NewAgency, Msg> {
        let name = required_text(&self.name, "name", NAME_MAX_CHARS)?;
        let kind: AgencyKind = self
            .kind
            .parse()
            .map_err(|_| invalid("program-invalid-agency-kind", "kind"))?;
        let contact = optional_text(&self.contact, "contact", NAME_MAX_CHARS)?;
        Ok(NewAgency {
            name,
            kind: kind.key().to_owned(),
            contact,
        })
    }
}

/// A staff member as typed. `agency` is the agency's id or its name.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct StaffInput {
    #[serde(deserialize_with = "text_or_number")]
    pub agency: String,
    /// The employer's badge or employee number.
    pub staff_number: String,
    pub name: String,
    /// school_resource_officer, security_officer or contracted_security
    pub staff_type: String,
    /// YYYY-MM-DD or M/D/YYYY; empty when the first assignment's start counts.
    #[serde(default)]
    pub first_day_on_site: String,
}

/// The agency that `text` names (id or name) among `agencies`.
fn find_agency<'a>(agencies: &'a [Agency], text: &str) -> Option<&'a Agency> {
    let text = text.trim();
    agencies
        .iter()
        .find(|a| a.id.to_string() == text || a.name.trim().to_lowercase() == text.to_lowercase())
}

pub(crate) fn find_school<'a>(schools: &'a [School], text: &str) -> Option<&'a School> {
    let text = text.trim();
    schools
        .iter()
        .find(|s| s.id.to_string() == text || s.name.trim().to_lowercase() == text.to_lowercase())
}

impl StaffInput {
    /// Checks the input against the agencies `scope` may add people to.
    pub fn validate(&self, agencies: &[Agency], scope: Scope) -> Result<NewStaff, Msg> {
        let agency = find_agency(agencies, &self.agency)
            .filter(|a| scope.covers(a.district_id, a.id))
            .ok_or_else(|| {
                Msg::new("program-unknown-agency")
                    .arg("value", self.agency.trim())
                    .field("agency")
            })?;
        let staff_number = required_text(&self.staff_number, "staff_number", 64)?;
        let name = required_text(&self.name, "name", NAME_MAX_CHARS)?;
        let staff_type: StaffType = self
            .staff_type
            .parse()
            .map_err(|_| invalid("program-invalid-staff-type", "staff_type"))?;
        let first_day = optional_date(&self.first_day_on_site, "first_day_on_site")?;
        Ok(NewStaff {
            agency_id: agency.id,
            staff_number,
            name,
            staff_type: staff_type.key().to_owned(),
            first_day_on_site: first_day.map(|d| d.to_string()),
        })
    }
}

/// An assignment as typed. `school` is the school's id or its name.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct AssignmentInput {
    #[serde(deserialize_with = "text_or_number")]
    pub school: String,
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(deserialize_with = "text_or_number")]
    pub days_per_week: String,
}

/// A training record as typed. `requirement` is a code (`a`, `ojt`), a title or a seed area's name.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct TrainingInput {
    pub requirement: String,
    pub completed_on: String,
    pub provider: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub hours: String,
    /// Days of on-the-job training or number of check-ins; 1 when empty.
    #[serde(default, deserialize_with = "text_or_number")]
    pub units: String,
}

/// A waiver for significant prior training, with its reason.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct WaiverInput {
    pub requirement: String,
    pub reason: String,
    /// Who documented it (the educational service district).
    pub provider: String,
    pub decided_on: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct PlanInput {
    pub complete_by: String,
    #[serde(default)]
    pub note: String,
}

fn requirements_of(catalogue: &[CatalogueEntry]) -> Vec<training::Requirement> {
    catalogue.iter().map(|e| e.requirement.clone()).collect()
}

fn find_requirement<'a>(catalogue: &'a [CatalogueEntry], text: &str) -> Option<&'a CatalogueEntry> {
    let requirements = requirements_of(catalogue);
    let code = &training::find_requirement(&requirements, text)?.code;
    catalogue.iter().find(|e| &e.requirement.code == code)
}

fn requirement_field(catalogue: &[CatalogueEntry], text: &str) -> Result<CatalogueEntry, Msg> {
    find_requirement(catalogue, text).cloned().ok_or_else(|| {
        Msg::new("program-unknown-requirement")
            .arg("value", text.trim())
            .field("requirement")
    })
}

impl TrainingInput {
    pub fn validate(
        &self,
        catalogue: &[CatalogueEntry],
        staff_id: i64,
        today: Date,
    ) -> Result<NewTrainingRecord, Msg> {
        let requirement = requirement_field(catalogue, &self.requirement)?;
        let completed_on = date_field(&self.completed_on, "completed_on")?;
        if completed_on > today {
            return Err(invalid("program-invalid-future", "completed_on"));
        }
        let provider = required_text(&self.provider, "provider", NAME_MAX_CHARS)?;
        let hours = match self.hours.trim() {
            "" => 0.0,
            text => text
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|h| (0.0..=1000.0).contains(h))
                .ok_or_else(|| invalid("program-invalid-hours", "hours"))?,
        };
        let units = match self.units.trim() {
            "" => 1,
            text => text
                .parse::<i64>()
                .ok()
                .filter(|u| (1..=100).contains(u))
                .ok_or_else(|| invalid("program-invalid-units", "units"))?,
        };
        Ok(NewTrainingRecord {
            staff_id,
            requirement_id: requirement.id,
            completed_on: completed_on.to_string(),
            provider,
            hours,
            units,
            evidence: None,
            waiver_reason: None,
        })
    }
}

impl WaiverInput {
    pub fn validate(
        &self,
        catalogue: &[CatalogueEntry],
        staff_id: i64,
        today: Date,
    ) -> Result<NewTrainingRecord, Msg> {
        let requirement = requirement_field(catalogue, &self.requirement)?;
        let reason = required_text(&self.reason, "reason", NOTE_MAX_CHARS)?;
        let provider = required_text(&self.provider, "provider", NAME_MAX_CHARS)?;
        let decided_on = date_field(&self.decided_on, "decided_on")?;
        if decided_on > today {
            return Err(invalid("program-invalid-future", "decided_on"));
        }
        Ok(NewTrainingRecord {
            staff_id,
            requirement_id: requirement.id,
            completed_on: decided_on.to_string(),
            provider,
            hours: 0.0,
            units: i64::from(requirement.requirement.required_units),
            evidence: None,
            waiver_reason: Some(reason),
        })
    }
}

/// An evidence file checked by its bytes, ready to store.
pub fn evidence_file(bytes: Vec<u8>) -> Result<NewEvidence, Msg> {
    checked_file(bytes, |refusal| {
        let key = match refusal {
            EvidenceRefusal::Empty => "program-evidence-empty",
            EvidenceRefusal::TooBig => "program-evidence-too-big",
            EvidenceRefusal::WrongType => "program-evidence-wrong-type",
        };
        Msg::new(key)
            .arg("max", training::EVIDENCE_MAX_BYTES / (1024 * 1024))
            .field("evidence")
    })
}

/// An uploaded file checked by its bytes (PDF, PNG or JPEG, size-limited) and hashed, ready to
/// store; `message` says why one is refused, in the words of the form it came with.
pub fn checked_file(
    bytes: Vec<u8>,
    message: impl Fn(EvidenceRefusal) -> Msg,
) -> Result<NewEvidence, Msg> {
    let media_type = training::sniff_evidence(&bytes).map_err(message)?;
    let sha256 = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(NewEvidence {
        media_type: media_type.to_owned(),
        sha256,
        content: bytes,
    })
}

/// One person with everything the rules need.
#[derive(Debug, Clone)]
pub struct Person {
    pub member: StaffMember,
    pub staff_type: StaffType,
    pub assignments: Vec<Assignment>,
    pub records: Vec<TrainingRecord>,
    pub plan: Option<TrainingPlan>,
    pub first_day: Option<Date>,
    pub status: TrainingStatus,
}

impl Person {
    pub fn plan_facts(&self) -> Option<PlanFacts> {
        plan_facts(self.plan.as_ref())
    }

    pub fn overdue_count(&self) -> i64 {
        self.status.overdue().count() as i64
    }

    /// The assignments current on `day`.
    pub fn current_assignments(&self, day: Date) -> impl Iterator<Item = &Assignment> {
        self.assignments.iter().filter(move |a| {
            let period = period_of(a);
            period.starts_on <= day && period.ends_on.is_none_or(|end| end >= day)
        })
    }
}

fn plan_facts(plan: Option<&TrainingPlan>) -> Option<PlanFacts> {
    let plan = plan?;
    Some(PlanFacts {
        complete_by: parse_date(&plan.complete_by)?,
        approved: plan.approved_at.is_some(),
    })
}

fn period_of(a: &Assignment) -> Period {
    Period {
        school_id: a.school_id,
        starts_on: parse_date(&a.starts_on).unwrap_or(Date::MIN),
        ends_on: a.ends_on.as_deref().and_then(parse_date),
        days_per_week: u8::try_from(a.days_per_week).unwrap_or(0),
    }
}

fn facts_of(records: &[TrainingRecord]) -> Vec<TrainingFact> {
    records
        .iter()
        .filter_map(|r| {
            Some(TrainingFact {
                code: r.code.clone(),
                completed_on: parse_date(&r.completed_on)?,
                units: u32::try_from(r.units).unwrap_or(0),
                verified: r.verified_at.is_some(),
                waived: r.waived != 0,
            })
        })
        .collect()
}

fn build_person(
    member: StaffMember,
    assignments: Vec<Assignment>,
    records: Vec<TrainingRecord>,
    plan: Option<TrainingPlan>,
    catalogue: &[CatalogueEntry],
    today: Date,
) -> Person {
    let staff_type = member
        .staff_type
        .parse()
        .unwrap_or(StaffType::SchoolResourceOfficer);
    let periods: Vec<Period> = assignments.iter().map(period_of).collect();
    let first_day = training::first_day_on_site(
        member.first_day_on_site.as_deref().and_then(parse_date),
        &periods,
    );
    let status = training::training_status(
        &requirements_of(catalogue),
        staff_type,
        &facts_of(&records),
        plan_facts(plan.as_ref()).as_ref(),
        first_day,
        today,
    );
    Person {
        member,
        staff_type,
        assignments,
        records,
        plan,
        first_day,
        status,
    }
}

/// One person `scope` may see, or not found.
pub async fn person(store: &Store, scope: Scope, id: i64) -> Result<Person, AppError> {
    let member = store
        .staff_member(id)
        .await?
        .filter(|m| scope.covers(m.district_id, m.agency_id))
        .ok_or(AppError::NotFound)?;
    let catalogue = store.training_catalogue(scope.district_id).await?;
    let assignments = store.assignments(scope.district_id, Some(id)).await?;
    let records = store.training_records(scope.district_id, Some(id)).await?;
    let plan = store.plans(scope.district_id, Some(id)).await?.pop();
    Ok(build_person(
        member,
        assignments,
        records,
        plan,
        &catalogue,
        today(),
    ))
}

/// Everyone `scope` may see, by name, each with their training status on `today`.
pub async fn people(store: &Store, scope: Scope, today: Date) -> Result<Vec<Person>, AppError> {
    let catalogue = store.training_catalogue(scope.district_id).await?;
    let members = store.staff(scope.district_id, scope.agency_id).await?;
    let mut assignments = group_by_staff(store.assignments(scope.district_id, None).await?, |a| {
        a.staff_id
    });
    let mut records = group_by_staff(
        store.training_records(scope.district_id, None).await?,
        |r| r.staff_id,
    );
    let mut plans: HashMap<i64, TrainingPlan> = store
        .plans(scope.district_id, None)
        .await?
        .into_iter()
        .map(|p| (p.staff_id, p))
        .collect();
    Ok(members
        .into_iter()
        .map(|m| {
            let id = m.id;
            build_person(
                m,
                assignments.remove(&id).unwrap_or_default(),
                records.remove(&id).unwrap_or_default(),
                plans.remove(&id),
                &catalogue,
                today,
            )
        })
        .collect())
}

fn group_by_staff<T>(rows: Vec<T>, key: impl Fn(&T) -> i64) -> HashMap<i64, Vec<T>> {
    let mut map: HashMap<i64, Vec<T>> = HashMap::new();
    for row in rows {
        map.entry(key(&row)).or_default().push(row);
    }
    map
}

/// Overdue training, counted per school (people currently assigned there) and per agency.
#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    pub by_school: Vec<OverdueRow>,
    pub by_agency: Vec<OverdueRow>,
    /// How many people stand where (complete, waived, on a plan, due, overdue), in that order.
    pub standings: Vec<(training::Standing, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueRow {
    pub name: String,
    pub people: usize,
    pub overdue_people: usize,
    pub overdue_items: usize,
}

pub fn dashboard(people: &[Person], today: Date) -> Dashboard {
    let mut by_school: BTreeMap<String, OverdueRow> = BTreeMap::new();
    let mut by_agency: BTreeMap<String, OverdueRow> = BTreeMap::new();
    let count = |row: &mut OverdueRow, overdue: usize| {
        row.people += 1;
        row.overdue_people += usize::from(overdue > 0);
        row.overdue_items += overdue;
    };
    let empty = |name: &str| OverdueRow {
        name: name.to_owned(),
        people: 0,
        overdue_people: 0,
        overdue_items: 0,
    };
    for person in people {
        let overdue = person.status.overdue().count();
        let agency = &person.member.agency_name;
        count(
            by_agency
                .entry(agency.clone())
                .or_insert_with(|| empty(agency)),
            overdue,
        );
        let schools: HashSet<&str> = person
            .current_assignments(today)
            .map(|a| a.school_name.as_str())
            .collect();
        for school in schools {
            count(
                by_school
                    .entry(school.to_owned())
                    .or_insert_with(|| empty(school)),
                overdue,
            );
        }
    }
    let standings = training::Standing::ALL
        .iter()
        .map(|s| {
            (
                *s,
                people.iter().filter(|p| p.status.standing == *s).count(),
            )
        })
        .collect();
    Dashboard {
        by_school: by_school.into_values().collect(),
        by_agency: by_agency.into_values().collect(),
        standings,
    }
}

/// A missing item as a line of the gate's message: what it is and how much is verified.
pub fn missing_line(l: &Lang, item: &ItemStatus) -> String {
    let mut line = l.t_args(
        "program-missing-item",
        &[
            ("title", format!("{} ({})", item.title, item.code)),
            ("verified", item.verified_units.to_string()),
            ("required", item.required_units.to_string()),
        ],
    );
    if item.unverified_units > 0 {
        line.push_str(&l.t_args(
            "program-missing-unverified",
            &[("count", item.unverified_units.to_string())],
        ));
    }
    if let Some(deadline) = item.deadline {
        line.push_str(&l.t_args(
            "program-missing-deadline",
            &[("date", deadline.to_string())],
        ));
    }
    line
}

/// Why an assignment was refused, for a page or the API: a sentence and, for training, the list of
/// exactly what is missing.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub message: Msg,
    pub missing: Vec<ItemStatus>,
}

impl Refusal {
    pub fn lines(&self, l: &Lang) -> Vec<String> {
        self.missing.iter().map(|i| missing_line(l, i)).collect()
    }

    /// The whole refusal as one text (the API's `detail`).
    pub fn text(&self, l: &Lang) -> String {
        let mut text = l.msg(&self.message);
        for line in self.lines(l) {
            text.push_str("\n- ");
            text.push_str(&line);
        }
        text
    }
}

fn refusal_of(refusal: AssignmentRefusal) -> Refusal {
    let (message, missing) = match refusal {
        AssignmentRefusal::DatesOutOfOrder => (
            invalid("program-invalid-dates-order", "ends_on"),
            Vec::new(),
        ),
        AssignmentRefusal::DaysPerWeek => {
            (invalid("program-invalid-days", "days_per_week"), Vec::new())
        }
        AssignmentRefusal::Overlap { starts_on } => (
            Msg::new("program-refused-overlap")
                .arg("date", starts_on)
                .field("starts_on"),
            Vec::new(),
        ),
        AssignmentRefusal::TooManyDays { total } => (
            Msg::new("program-refused-days")
                .arg("total", total)
                .field("days_per_week"),
            Vec::new(),
        ),
        AssignmentRefusal::Training { missing, plan } => {
            let key = match plan {
                PlanGap::NoPlan => "program-refused-training-no-plan",
                PlanGap::NotApproved => "program-refused-training-plan-not-approved",
                PlanGap::Lapsed => "program-refused-training-plan-lapsed",
            };
            (Msg::new(key), missing)
        }
    };
    Refusal { message, missing }
}

/// Assigns a person to a school if the calendar rules and the training gate (R4) allow it. Only
/// program admins assign.
pub async fn assign(
    store: &Store,
    staff: &Staff,
    person_id: i64,
    input: &AssignmentInput,
) -> Result<Result<Assignment, Refusal>, AppError> {
    require_manager(staff)?;
    let scope = scope_of(store, staff).await?;
    let person = person(store, scope, person_id).await?;
    let schools = store.schools(scope.district_id).await?;
    let catalogue = store.training_catalogue(scope.district_id).await?;
    let checked = validate_assignment(input, &schools, &catalogue, &person, today());
    let new = match checked {
        Ok(new) => new,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let assignment = store
        .add_assignment(scope.district_id, &Actor::user(&staff.0), &new)
        .await?;
    Ok(Ok(assignment))
}

fn validate_assignment(
    input: &AssignmentInput,
    schools: &[School],
    catalogue: &[CatalogueEntry],
    person: &Person,
    today: Date,
) -> Result<NewAssignment, Refusal> {
    let plain = |message: Msg| Refusal {
        message,
        missing: Vec::new(),
    };
    let school = find_school(schools, &input.school).ok_or_else(|| {
        plain(
            Msg::new("program-unknown-school")
                .arg("value", input.school.trim())
                .field("school"),
        )
    })?;
    let starts_on = date_field(&input.starts_on, "starts_on").map_err(plain)?;
    let ends_on = optional_date(&input.ends_on, "ends_on").map_err(plain)?;
    let days_per_week = input
        .days_per_week
        .trim()
        .parse::<u8>()
        .map_err(|_| plain(invalid("program-invalid-days", "days_per_week")))?;
    let period = Period {
        school_id: school.id,
        starts_on,
        ends_on,
        days_per_week,
    };
    let existing: Vec<Period> = person.assignments.iter().map(period_of).collect();
    // The new period may be the first day on site: judge the training with deadlines from it.
    let mut all = existing.clone();
    all.push(period);
    let first_day = training::first_day_on_site(
        person
            .member
            .first_day_on_site
            .as_deref()
            .and_then(parse_date),
        &all,
    );
    let facts = facts_of(&person.records);
    let plan = person.plan_facts();
    let status = training::training_status(
        &requirements_of(catalogue),
        person.staff_type,
        &facts,
        plan.as_ref(),
        first_day,
        today,
    );
    training::check_assignment(&period, &existing, &status, plan.as_ref()).map_err(refusal_of)?;
    Ok(NewAssignment {
        staff_id: person.member.id,
        school_id: school.id,
        starts_on: starts_on.to_string(),
        ends_on: ends_on.map(|d| d.to_string()),
        days_per_week: i64::from(days_per_week),
    })
}

/// Adds an agency to the admin's district.
pub async fn add_agency(
    store: &Store,
    staff: &Staff,
    input: &AgencyInput,
) -> Result<Result<Agency, Msg>, AppError> {
    require_manager(staff)?;
    let new = match input.validate() {
        Ok(new) => new,
        Err(msg) => return Ok(Err(msg)),
    };
    conflict_as_message(
        store
            .add_agency(staff.0.district_id, &Actor::user(&staff.0), &new)
            .await,
        "name",
    )
}

/// A uniqueness conflict from the store as a message on `field`; anything else stays an error.
pub(crate) fn conflict_as_message<T>(
    result: Result<T, accord_store::StoreError>,
    field: &'static str,
) -> Result<Result<T, Msg>, AppError> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(accord_store::StoreError::Conflict(text)) => Ok(Err(Msg::text(text).field(field))),
        Err(other) => Err(other.into()),
    }
}

/// Links a liaison's account to an agency of the admin's district.
pub async fn link_liaison(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    email: &str,
) -> Result<Result<(), Msg>, AppError> {
    require_manager(staff)?;
    let agency = store
        .agency(agency_id)
        .await?
        .filter(|a| a.district_id == staff.0.district_id)
        .ok_or(AppError::NotFound)?;
    let user = store
        .user_by_email(email)
        .await?
        .filter(|u| u.district_id == staff.0.district_id);
    let Some(user) = user.filter(|u| u.role.is_scoped_to_agency()) else {
        return Ok(Err(Msg::new("program-unknown-liaison")
            .arg("value", email.trim())
            .field("email")));
    };
    store
        .link_user_to_agency(&Actor::user(&staff.0), &user, agency.id)
        .await?;
    Ok(Ok(()))
}

/// Adds one staff member; a liaison only to their own agency.
pub async fn add_staff(
    store: &Store,
    staff: &Staff,
    input: &StaffInput,
) -> Result<Result<StaffMember, Msg>, AppError> {
    let scope = scope_of(store, staff).await?;
    let agencies = store.agencies(scope.district_id).await?;
    let new = match input.validate(&agencies, scope) {
        Ok(new) => new,
        Err(msg) => return Ok(Err(msg)),
    };
    let added = store
        .add_staff(scope.district_id, &Actor::user(&staff.0), &[new])
        .await
        .map(|mut people| people.remove(0));
    conflict_as_message(added, "staff_number")
}

/// Records training for a person in scope, with an optional evidence file.
pub async fn record_training(
    store: &Store,
    staff: &Staff,
    person_id: i64,
    input: &TrainingInput,
    evidence: Option<Vec<u8>>,
) -> Result<Result<TrainingRecord, Msg>, AppError> {
    let scope = scope_of(store, staff).await?;
    let person = person(store, scope, person_id).await?;
    let catalogue = store.training_catalogue(scope.district_id).await?;
    let mut new = match input.validate(&catalogue, person.member.id, today()) {
        Ok(new) => new,
        Err(msg) => return Ok(Err(msg)),
    };
    if let Some(bytes) = evidence.filter(|b| !b.is_empty()) {
        match evidence_file(bytes) {
            Ok(file) => new.evidence = Some(file),
            Err(msg) => return Ok(Err(msg)),
        }
    }
    let added = store
        .add_training_records(scope.district_id, &Actor::user(&staff.0), &[new])
        .await
        .map(|mut records| records.remove(0));
    conflict_as_message(added, "completed_on")
}

/// The district verifies a record: only a program admin, in their district.
pub async fn verify(
    store: &Store,
    staff: &Staff,
    record_id: i64,
) -> Result<TrainingRecord, AppError> {
    require_manager(staff)?;
    let record = store
        .training_record(record_id)
        .await?
        .filter(|r| r.district_id == staff.0.district_id)
        .ok_or(AppError::NotFound)?;
    Ok(store
        .verify_training_record(&Actor::user(&staff.0), record.id)
        .await?)
}

pub async fn waive(
    store: &Store,
    staff: &Staff,
    person_id: i64,
    input: &WaiverInput,
) -> Result<Result<TrainingRecord, Msg>, AppError> {
    require_manager(staff)?;
    let scope = scope_of(store, staff).await?;
    let person = person(store, scope, person_id).await?;
    let catalogue = store.training_catalogue(scope.district_id).await?;
    let new = match input.validate(&catalogue, person.member.id, today()) {
        Ok(new) => new,
        Err(msg) => return Ok(Err(msg)),
    };
    let added = store
        .add_training_records(scope.district_id, &Actor::user(&staff.0), &[new])
        .await
        .map(|mut records| records.remove(0));
    conflict_as_message(added, "decided_on")
}

/// Writes a person's plan; a changed plan waits for an admin's approval again.
pub async fn save_plan(
    store: &Store,
    staff: &Staff,
    person_id: i64,
    input: &PlanInput,
) -> Result<Result<TrainingPlan, Msg>, AppError> {
    let scope = scope_of(store, staff).await?;
    let person = person(store, scope, person_id).await?;
    let complete_by = match date_field(&input.complete_by, "complete_by") {
        Ok(date) if date < today() => {
            return Ok(Err(invalid("program-invalid-past", "complete_by")));
        }
        Ok(date) => date,
        Err(msg) => return Ok(Err(msg)),
    };
    let note = match optional_text(&input.note, "note", NOTE_MAX_CHARS) {
        Ok(note) => note,
        Err(msg) => return Ok(Err(msg)),
    };
    let plan = store
        .save_plan(
            scope.district_id,
            &Actor::user(&staff.0),
            person.member.id,
            &complete_by.to_string(),
            &note,
        )
        .await?;
    Ok(Ok(plan))
}

pub async fn approve_plan(
    store: &Store,
    staff: &Staff,
    person_id: i64,
) -> Result<TrainingPlan, AppError> {
    require_manager(staff)?;
    let scope = scope_of(store, staff).await?;
    let person = person(store, scope, person_id).await?;
    Ok(store
        .approve_plan(&Actor::user(&staff.0), person.member.id)
        .await?)
}

/// What a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Staff,
    Training,
}

impl ImportKind {
    /// The columns a file must have, then those it may have.
    fn columns(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            ImportKind::Staff => (
                &["agency", "staff_number", "name", "staff_type"],
                &["first_day_on_site"],
            ),
            ImportKind::Training => (
                &[
                    "agency",
                    "staff_number",
                    "requirement",
                    "completed_on",
                    "provider",
                ],
                &["hours", "units"],
            ),
        }
    }
}

/// What an import found and did.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub kind: ImportKind,
    /// The encoding the file was read in ("UTF-8", "UTF-8 with BOM", "windows-1252").
    pub encoding: String,
    /// Data rows read.
    pub rows: usize,
    /// Rows stored: 0 on a dry run or when any row is bad (nothing is imported half-way).
    pub imported: usize,
    pub dry_run: bool,
    /// Every bad row, with its line in the file (the header is line 1).
    pub problems: Vec<RowProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct RowProblem {
    pub line: u64,
    pub message: String,
}

/// One data row by column name.
struct CsvRow {
    line: u64,
    fields: HashMap<&'static str, String>,
}

impl CsvRow {
    fn get(&self, column: &str) -> String {
        self.fields.get(column).cloned().unwrap_or_default()
    }
}

/// Reads the file's rows, or the problems that stop it being read at all.
fn read_rows(text: &str, kind: ImportKind) -> Result<Vec<CsvRow>, Vec<RowProblem>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(e) => {
            return Err(vec![RowProblem {
                line: 1,
                message: e.to_string(),
            }]);
        }
    };
    let (required, optional) = kind.columns();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !headers.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Err(vec![RowProblem {
            line: 1,
            message: format!(
                "missing column(s) {}; the header has {}",
                missing.join(", "),
                headers.join(", ")
            ),
        }]);
    }
    let positions: Vec<(&'static str, usize)> = required
        .iter()
        .chain(optional)
        .filter_map(|c| Some((*c, headers.iter().position(|h| h == c)?)))
        .collect();
    // The line in the file as an editor counts it, quoted line breaks and blank lines included.
    let mut lines = accord_domain::csv_table::LineCounter::new(text);
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = lines.line_at(record.position());
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                let fields = positions
                    .iter()
                    .map(|(c, at)| (*c, record.get(*at).unwrap_or_default().to_owned()))
                    .collect();
                rows.push(CsvRow { line, fields });
            }
            Err(e) => problems.push(RowProblem {
                line: lines.line_at(e.position()),
                message: e.to_string(),
            }),
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// Imports staff or training records from a CSV file into `scope`'s district: every row is checked
/// first (known agency and topic, dates, duplicates in the file and in the database), every bad row is
/// reported with its line, and the rows are stored in one transaction only if none is bad and this is
/// not a dry run. `progress` hears (rows checked, rows in all).
#[allow(clippy::too_many_arguments)]
pub async fn import_csv(
    store: &Store,
    scope: Scope,
    actor: &Actor,
    kind: ImportKind,
    bytes: &[u8],
    dry_run: bool,
    l: &Lang,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport, AppError> {
    let mut report = ImportReport {
        kind,
        encoding: String::new(),
        rows: 0,
        imported: 0,
        dry_run,
        problems: Vec::new(),
    };
    let text = match accord_analysis::decode_csv_text(bytes) {
        Ok((text, encoding)) => {
            report.encoding = encoding;
            text
        }
        Err((line, message)) => {
            report.problems.push(RowProblem { line, message });
            return Ok(report);
        }
    };
    let rows = match read_rows(&text, kind) {
        Ok(rows) => rows,
        Err(problems) => {
            report.problems = problems;
            return Ok(report);
        }
    };
    report.rows = rows.len();
    let agencies = store.agencies(scope.district_id).await?;
    let existing = store.staff(scope.district_id, scope.agency_id).await?;
    let staff_key = |agency_id: i64, number: &str| (agency_id, number.trim().to_lowercase());
    let mut known_people: HashMap<(i64, String), i64> = existing
        .iter()
        .map(|m| (staff_key(m.agency_id, &m.staff_number), m.id))
        .collect();
    let total = rows.len() as u64;
    match kind {
        ImportKind::Staff => {
            let mut new_people = Vec::new();
            for (done, row) in rows.iter().enumerate() {
                let input = StaffInput {
                    agency: row.get("agency"),
                    staff_number: row.get("staff_number"),
                    name: row.get("name"),
                    staff_type: row.get("staff_type"),
                    first_day_on_site: row.get("first_day_on_site"),
                };
                match input.validate(&agencies, scope) {
                    Ok(new) => {
                        // Id 0 marks a number taken earlier in this file.
                        let key = staff_key(new.agency_id, &new.staff_number);
                        if known_people.insert(key, 0).is_some() {
                            report.problems.push(RowProblem {
                                line: row.line,
                                message: l.t_args(
                                    "program-import-duplicate-staff",
                                    &[("number", new.staff_number.clone())],
                                ),
                            });
                        } else {
                            new_people.push(new);
                        }
                    }
                    Err(msg) => report.problems.push(problem(row, l, &msg)),
                }
                progress(done as u64 + 1, total);
            }
            if report.problems.is_empty() && !dry_run {
                report.imported = store
                    .add_staff(scope.district_id, actor, &new_people)
                    .await?
                    .len();
            }
        }
        ImportKind::Training => {
            let catalogue = store.training_catalogue(scope.district_id).await?;
            let mut seen: HashSet<(i64, i64, String, String)> = store
                .training_records(scope.district_id, None)
                .await?
                .into_iter()
                .map(|r| {
                    (
                        r.staff_id,
                        r.requirement_id,
                        r.completed_on,
                        r.provider.to_lowercase(),
                    )
                })
                .collect();
            let mut new_records = Vec::new();
            let today = today();
            for (done, row) in rows.iter().enumerate() {
                progress(done as u64 + 1, total);
                let agency = find_agency(&agencies, &row.get("agency"))
                    .filter(|a| scope.covers(a.district_id, a.id));
                let Some(agency) = agency else {
                    let msg = Msg::new("program-unknown-agency").arg("value", row.get("agency"));
                    report.problems.push(problem(row, l, &msg));
                    continue;
                };
                let number = row.get("staff_number");
                let Some(&staff_id) = known_people
                    .get(&staff_key(agency.id, &number))
                    .filter(|id| **id != 0)
                else {
                    let msg = Msg::new("program-unknown-staff")
                        .arg("number", number.trim())
                        .arg("agency", &agency.name);
                    report.problems.push(problem(row, l, &msg));
                    continue;
                };
                let input = TrainingInput {
                    requirement: row.get("requirement"),
                    completed_on: row.get("completed_on"),
                    provider: row.get("provider"),
                    hours: row.get("hours"),
                    units: row.get("units"),
                };
                match input.validate(&catalogue, staff_id, today) {
                    Ok(new) => {
                        let key = (
                            staff_id,
                            new.requirement_id,
                            new.completed_on.clone(),
                            new.provider.to_lowercase(),
                        );
                        if seen.insert(key) {
                            new_records.push(new);
                        } else {
                            let msg = Msg::new("program-import-duplicate-training");
                            report.problems.push(problem(row, l, &msg));
                        }
                    }
                    Err(msg) => report.problems.push(problem(row, l, &msg)),
                }
            }
            if report.problems.is_empty() && !dry_run {
                report.imported = store
                    .add_training_records(scope.district_id, actor, &new_records)
                    .await?
                    .len();
            }
        }
    }
    Ok(report)
}

fn problem(row: &CsvRow, l: &Lang, msg: &Msg) -> RowProblem {
    RowProblem {
        line: row.line,
        message: l.msg(msg),
    }
}

/// A record's history, for program admins of the record's district. Unknown tables are not found.
pub async fn history(
    store: &Store,
    staff: &Staff,
    table: &str,
    record_id: i64,
) -> Result<Vec<accord_store::AuditEntry>, AppError> {
    require_manager(staff)?;
    if !accord_store::AUDITED_TABLES.contains(&table) {
        return Err(AppError::NotFound);
    }
    let entries = store.history(staff.0.district_id, table, record_id).await?;
    if entries.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(entries)
}
