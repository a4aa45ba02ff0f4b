//! Complaints about safety and security staff (LAW.md R1, R8), the one place the pages apply the
//! rules: filing without an account (checked, with attachments sniffed), the tracking code and its
//! lookup, who sees what on the staff side, the steps of `domain::complaints`, and the yearly counts.
//!
//! Who sees what: investigators and the program admin handle complaints (the complainant's identity,
//! notes, attachments, findings, the response); an agency liaison reads only the complaints routed to
//! their agency, without notes, attachments or the draft, and without the complainant's contact unless
//! the district shares it; every other role sees nothing.

use crate::auth::Staff;
use crate::calls_report::{ShownCell, file_value, school_year_label};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::mail;
use crate::program::{self, invalid, optional_text};
use accord_domain::complaints::{
    self, Category, ComplaintCounts, CountedComplaint, DueDates, Finding, Lateness, SchoolCalendar,
    Step, StepRefusal,
};
use accord_domain::documents::SchoolYear;
use accord_domain::listening::{Contact as TypedContact, parse_contact};
use accord_domain::ospi::Record;
use accord_domain::suppression::{Published, Rules};
use accord_domain::training::{EVIDENCE_MAX_BYTES, EvidenceRefusal, parse_date};
use accord_store::{
    Actor, Complaint, ComplaintFilter, ComplaintRecord, ComplaintSettings, Contact, District,
    NewComplaint, NewEvidence, OutgoingMail, School, StaffMember, Store, StoreError,
    TrackedComplaint, User,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use time::Date;

/// What happened, in the complainant's words, and a response: room for a full account.
pub const TEXT_MAX_CHARS: usize = 10_000;
/// Names, a description of the person, witnesses.
pub const SHORT_MAX_CHARS: usize = 500;
/// Photos or documents with one complaint.
pub const MAX_ATTACHMENTS: usize = 3;

/// The complaint form as typed: every field kept to re-render after a mistake.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ComplaintInput {
    pub school: String,
    /// A roster member's id, or empty when the person is described instead.
    pub staff: String,
    pub staff_description: String,
    pub category: String,
    pub what_happened: String,
    pub occurred_on: String,
    pub witnesses: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub send_to_agency: bool,
}

impl ComplaintInput {
    /// Reads the submitted fields of the multipart form (unknown names are ignored).
    pub fn from_fields(fields: &HashMap<String, String>) -> ComplaintInput {
        let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
        ComplaintInput {
            school: field("school"),
            staff: field("staff"),
            staff_description: field("staff_description"),
            category: field("category"),
            what_happened: field("what_happened"),
            occurred_on: field("occurred_on"),
            witnesses: field("witnesses"),
            name: field("name"),
            email: field("email"),
            phone: field("phone"),
            send_to_agency: fields.contains_key("send_to_agency"),
        }
    }

    /// The complaint to store, received `today`, or the first mistake.
    pub fn validate(
        &self,
        choices: &FilingChoices,
        settings: &ComplaintSettings,
        today: Date,
        language: &str,
    ) -> Result<NewComplaint, Msg> {
        let school = choices
            .schools
            .iter()
            .find(|s| s.id.to_string() == self.school.trim())
            .ok_or_else(|| invalid("complaint-invalid-school", "school"))?;
        let staff_id = match self.staff.trim() {
            "" => None,
            typed => Some(
                choices
                    .staff
                    .iter()
                    .find(|s| s.id.to_string() == typed)
                    .ok_or_else(|| invalid("complaint-invalid-staff", "staff"))?
                    .id,
            ),
        };
        let staff_description = optional_text(
            &self.staff_description,
            "staff_description",
            SHORT_MAX_CHARS,
        )
        .map_err(|_| too_long("staff_description", SHORT_MAX_CHARS))?;
        let category = Category::parse(&self.category)
            .ok_or_else(|| invalid("complaint-invalid-category", "category"))?;
        let what_happened = self.what_happened.trim();
        if what_happened.is_empty() || what_happened.chars().count() > TEXT_MAX_CHARS {
            return Err(Msg::new("complaint-invalid-what")
                .arg("max", TEXT_MAX_CHARS)
                .field("what_happened"));
        }
        let occurred_on = parse_date(&self.occurred_on)
            .filter(|day| *day <= today)
            .ok_or_else(|| invalid("complaint-invalid-date", "occurred_on"))?;
        let witnesses = optional_text(&self.witnesses, "witnesses", SHORT_MAX_CHARS)
            .map_err(|_| too_long("witnesses", SHORT_MAX_CHARS))?;
        let name = optional_text(&self.name, "name", SHORT_MAX_CHARS)
            .map_err(|_| too_long("name", SHORT_MAX_CHARS))?;
        let email = match parse_contact(&self.email) {
            Ok(TypedContact::Email(address)) => address,
            Ok(TypedContact::None) => String::new(),
            _ => return Err(invalid("complaint-invalid-email", "email")),
        };
        let phone = match parse_contact(&self.phone) {
            Ok(TypedContact::Phone(number)) => number,
            Ok(TypedContact::None) => String::new(),
            _ => return Err(invalid("complaint-invalid-phone", "phone")),
        };
        let due = due_dates(settings, today);
        Ok(NewComplaint {
            school_year: school_year(occurred_on),
            school_id: school.id,
            staff_id,
            staff_description,
            category,
            what_happened: what_happened.to_owned(),
            occurred_on: occurred_on.to_string(),
            witnesses,
            contact: Contact { name, email, phone },
            language: language.to_owned(),
            send_to_agency: self.send_to_agency,
            received_on: today.to_string(),
            acknowledge_by: due.acknowledge_by.to_string(),
            respond_by: due.respond_by.to_string(),
            attachments: Vec::new(),
        })
    }
}

fn too_long(field: &'static str, max: usize) -> Msg {
    Msg::new("complaint-invalid-too-long")
        .arg("max", max)
        .field(field)
}

/// The school year a day belongs to, by the year it starts in.
fn school_year(day: Date) -> i32 {
    SchoolYear::containing(day).map_or(day.year(), |year| year.starts_on.year())
}

/// The district's calendar and deadlines as the domain reads them.
fn calendar(settings: &ComplaintSettings) -> SchoolCalendar {
    SchoolCalendar {
        days_off: settings
            .days_off
            .iter()
            .filter_map(|day| parse_date(day))
            .collect(),
    }
}

/// When a complaint received on `received` is due, under the district's settings.
pub fn due_dates(settings: &ComplaintSettings, received: Date) -> DueDates {
    complaints::due_dates(received, &settings.deadlines, &calendar(settings))
}

/// The attachments, each sniffed by its bytes (PDF, PNG or JPEG) and size-checked.
pub fn attachments(files: Vec<Vec<u8>>) -> Result<Vec<NewEvidence>, Msg> {
    let files: Vec<Vec<u8>> = files.into_iter().filter(|f| !f.is_empty()).collect();
    if files.len() > MAX_ATTACHMENTS {
        return Err(Msg::new("complaint-attachments-too-many")
            .arg("max", MAX_ATTACHMENTS)
            .field("attachments"));
    }
    files
        .into_iter()
        .map(|bytes| {
            program::checked_file(bytes, |refusal| {
                let key = match refusal {
                    EvidenceRefusal::Empty | EvidenceRefusal::WrongType => {
                        "complaint-attachment-wrong-type"
                    }
                    EvidenceRefusal::TooBig => "complaint-attachment-too-big",
                };
                Msg::new(key)
                    .arg("max", EVIDENCE_MAX_BYTES / (1024 * 1024))
                    .field("attachments")
            })
        })
        .collect()
}

/// What the form offers: the district's schools, and its roster when the district names its staff
/// in public (otherwise the complainant describes the person).
pub struct FilingChoices {
    pub schools: Vec<School>,
    pub staff: Vec<StaffMember>,
}

impl FilingChoices {
    pub async fn of(store: &Store, district_id: i64) -> Result<FilingChoices, AppError> {
        let names_public = store
            .program_page_settings(district_id)
            .await?
            .show_staff_names;
        Ok(FilingChoices {
            schools: store.schools(district_id).await?,
            staff: if names_public {
                store.staff(district_id, None).await?
            } else {
                Vec::new()
            },
        })
    }
}

/// The stored form of a tracking code: its SHA-256, so the database never holds a usable code.
pub fn code_hash(code: &str) -> String {
    Sha256::digest(code.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Files a complaint; its tracking code, or the mistake to show with the form.
pub async fn file(
    store: &Store,
    public_url: &str,
    district: &District,
    input: &ComplaintInput,
    files: Vec<Vec<u8>>,
    language: &str,
) -> Result<Result<String, Msg>, AppError> {
    let district_id = district.id;
    let choices = FilingChoices::of(store, district_id).await?;
    let settings = store.complaint_settings(district_id).await?;
    let mut new = match input.validate(&choices, &settings, program::today(), language) {
        Ok(new) => new,
        Err(msg) => return Ok(Err(msg)),
    };
    new.attachments = match attachments(files) {
        Ok(files) => files,
        Err(msg) => return Ok(Err(msg)),
    };
    // 100 random bits make a collision all but impossible; the unique index makes sure.
    let mut tries = 0;
    loop {
        let code = complaints::new_tracking_code(&mut rand::rng());
        match store
            .file_complaint(district_id, &code_hash(&code), &new)
            .await
        {
            Ok(id) => {
                mail_filed(store, public_url, district, id, &code, &new, &settings).await?;
                return Ok(Ok(code));
            }
            Err(StoreError::Conflict(_)) if tries < 3 => tries += 1,
            Err(other) => return Err(other.into()),
        }
    }
}

/// The complaint behind a typed code, or `None` for a wrong, guessed or malformed one alike.
pub async fn track(
    store: &Store,
    district_id: i64,
    typed: &str,
) -> Result<Option<TrackedComplaint>, AppError> {
    let Some(code) = complaints::normalise_tracking_code(typed) else {
        return Ok(None);
    };
    Ok(store
        .tracked_complaint(district_id, &code_hash(&code))
        .await?)
}

/// What a signed-in member may do with complaints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Investigators and the program admin: everything.
    Handle,
    /// An agency liaison: the complaints routed to this agency.
    Routed { agency_id: i64 },
}

impl Access {
    pub fn handles(self) -> bool {
        self == Access::Handle
    }
}

pub async fn access_of(store: &Store, staff: &Staff) -> Result<Access, AppError> {
    let role = staff.role();
    if role.may_handle_complaints() {
        Ok(Access::Handle)
    } else if role.may_read_routed_complaints() {
        let agency_id = store
            .user_agency(staff.0.id)
            .await?
            .ok_or(AppError::Forbidden)?;
        Ok(Access::Routed { agency_id })
    } else {
        Err(AppError::Forbidden)
    }
}

fn require_handler(access: Access) -> Result<(), AppError> {
    if access.handles() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A complaint in a list, with where it stands against its deadlines today.
#[derive(Debug, Clone)]
pub struct ListedComplaint {
    pub complaint: Complaint,
    pub lateness: Lateness,
    pub reminder_due: bool,
}

impl ListedComplaint {
    pub fn of(complaint: Complaint, today: Date) -> ListedComplaint {
        let due = stored_due(&complaint);
        ListedComplaint {
            lateness: complaints::lateness(complaint.status, &due, today),
            reminder_due: complaints::needs_reminder(complaint.status, &due, today),
            complaint,
        }
    }

    pub fn is_overdue(&self) -> bool {
        self.lateness != Lateness::OnTime
    }

    pub fn lateness_key(&self) -> &'static str {
        match self.lateness {
            Lateness::OnTime => "complaint-on-time",
            Lateness::AcknowledgementOverdue => "complaint-acknowledgement-overdue",
            Lateness::ResponseOverdue => "complaint-response-overdue",
        }
    }
}

fn stored_due(complaint: &Complaint) -> DueDates {
    let day = |text: &str| parse_date(text).unwrap_or(Date::MAX);
    DueDates {
        acknowledge_by: day(&complaint.acknowledge_by),
        respond_by: day(&complaint.respond_by),
    }
}

/// The complaints the member may see, newest first; a liaison's are those routed to their agency.
pub async fn list(
    store: &Store,
    staff: &Staff,
    today: Date,
) -> Result<Vec<ListedComplaint>, AppError> {
    let filter = match access_of(store, staff).await? {
        Access::Handle => ComplaintFilter::default(),
        Access::Routed { agency_id } => ComplaintFilter {
            agency_id: Some(agency_id),
            staff_id: None,
        },
    };
    Ok(store
        .complaints(staff.0.district_id, filter)
        .await?
        .into_iter()
        .map(|c| ListedComplaint::of(c, today))
        .collect())
}

/// The complaints about one roster member, for those who handle complaints (the person's page).
pub async fn about_staff(
    store: &Store,
    staff: &Staff,
    staff_id: i64,
    today: Date,
) -> Result<Vec<ListedComplaint>, AppError> {
    if !staff.role().may_handle_complaints() {
        return Ok(Vec::new());
    }
    let filter = ComplaintFilter {
        agency_id: None,
        staff_id: Some(staff_id),
    };
    Ok(store
        .complaints(staff.0.district_id, filter)
        .await?
        .into_iter()
        .map(|c| ListedComplaint::of(c, today))
        .collect())
}

/// One complaint as the member may see it. Handlers read the complainant's identity (audited); a
/// liaison reads it only when the district shares it, and never notes, attachments or the draft.
pub async fn record(
    store: &Store,
    staff: &Staff,
    id: i64,
) -> Result<(Access, ComplaintRecord), AppError> {
    let access = access_of(store, staff).await?;
    let district_id = staff.0.district_id;
    let actor = Actor::user(&staff.0);
    match access {
        Access::Handle => Ok((
            access,
            store.complaint(district_id, id, &actor, true).await?,
        )),
        Access::Routed { agency_id } => {
            let listed = store.complaint(district_id, id, &actor, false).await?;
            if listed.complaint.agency_id != Some(agency_id) {
                return Err(AppError::NotFound);
            }
            let mut record = if listed.complaint.share_contact {
                store.complaint(district_id, id, &actor, true).await?
            } else {
                listed
            };
            record.notes.clear();
            record.attachments.clear();
            record.complaint.response_draft.clear();
            Ok((access, record))
        }
    }
}

/// An attachment's media type and bytes, for those who handle complaints.
pub async fn attachment(
    store: &Store,
    staff: &Staff,
    id: i64,
) -> Result<accord_store::Attachment, AppError> {
    require_handler(access_of(store, staff).await?)?;
    store
        .complaint_attachment(staff.0.district_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Those a complaint may be assigned to: the district's investigators and program admins.
pub async fn investigators(store: &Store, district_id: i64) -> Result<Vec<User>, AppError> {
    Ok(store
        .district_users(district_id)
        .await?
        .into_iter()
        .filter(|u| u.role.may_handle_complaints())
        .collect())
}

/// Every change below is for handlers only, on a complaint of their district.
async fn handler(store: &Store, staff: &Staff) -> Result<(i64, Actor), AppError> {
    require_handler(access_of(store, staff).await?)?;
    Ok((staff.0.district_id, Actor::user(&staff.0)))
}

pub async fn assign(
    store: &Store,
    staff: &Staff,
    id: i64,
    typed: &str,
) -> Result<Result<(), Msg>, AppError> {
    let (district_id, actor) = handler(store, staff).await?;
    let investigator = match typed.trim() {
        "" => None,
        typed => match investigators(store, district_id)
            .await?
            .into_iter()
            .find(|u| u.id.to_string() == typed)
        {
            Some(user) => Some(user.id),
            None => {
                return Ok(Err(invalid(
                    "complaint-invalid-investigator",
                    "investigator",
                )));
            }
        },
    };
    store
        .assign_investigator(district_id, id, &actor, investigator)
        .await?;
    Ok(Ok(()))
}

/// Takes `step` if the domain allows it now; an appeal sets a new response date.
pub async fn take_step(
    store: &Store,
    public_url: &str,
    staff: &Staff,
    id: i64,
    typed: &str,
    today: Date,
) -> Result<Result<Complaint, Msg>, AppError> {
    let (district_id, actor) = handler(store, staff).await?;
    let Some(step) = Step::parse(typed) else {
        return Ok(Err(invalid("complaint-refused-out-of-order", "step")));
    };
    let record = store.complaint(district_id, id, &actor, false).await?;
    let facts = complaints::Facts {
        investigator_assigned: record.complaint.investigator_id.is_some(),
        allegations_without_finding: record
            .allegations
            .iter()
            .filter(|a| a.finding().is_none())
            .count(),
        allegations: record.allegations.len(),
        response_written: !record.complaint.response_draft.trim().is_empty(),
    };
    let from = record.complaint.status;
    let to = match complaints::take_step(from, step, &facts) {
        Ok(to) => to,
        Err(refusal) => return Ok(Err(step_message(refusal))),
    };
    // An appeal is a new request: the response is due again from today.
    let new_respond_by = if step == Step::Appeal {
        let settings = store.complaint_settings(district_id).await?;
        Some(due_dates(&settings, today).respond_by.to_string())
    } else {
        None
    };
    let moved = store
        .take_complaint_step(
            district_id,
            id,
            &actor,
            step,
            (from, to),
            new_respond_by.as_deref(),
        )
        .await?;
    if step == Step::SendResponse {
        mail_response(store, public_url, district_id, id, &actor).await?;
    }
    Ok(Ok(moved))
}

fn step_message(refusal: StepRefusal) -> Msg {
    let key = match refusal {
        StepRefusal::OutOfOrder => "complaint-refused-out-of-order",
        StepRefusal::NoInvestigator => "complaint-refused-no-investigator",
        StepRefusal::FindingsMissing => "complaint-refused-findings-missing",
        StepRefusal::NoResponse => "complaint-refused-no-response",
    };
    Msg::new(key).field("step")
}

/// A note, an allegation or the response draft: text the handler writes.
fn written(text: &str, field: &'static str) -> Result<String, Msg> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > TEXT_MAX_CHARS {
        return Err(Msg::new("complaint-invalid-text")
            .arg("max", TEXT_MAX_CHARS)
            .field(field));
    }
    Ok(text.to_owned())
}

pub async fn add_note(
    store: &Store,
    staff: &Staff,
    id: i64,
    body: &str,
) -> Result<Result<(), Msg>, AppError> {
    let (district_id, actor) = handler(store, staff).await?;
    let body = match written(body, "note") {
        Ok(body) => body,
        Err(msg) => return Ok(Err(msg)),
    };
    store
        .add_complaint_note(district_id, id, &actor, &body)
        .await?;
    Ok(Ok(()))
}

pub async fn add_allegation(
    store: &Store,
    staff: &Staff,
    id: i64,
    description: &str,
) -> Result<Result<(), Msg>, AppError> {
    let (district_id, actor) = handler(store, staff).await?;
    let description = match written(description, "allegation") {
        Ok(text) => text,
        Err(msg) => return Ok(Err(msg)),
    };
    store
        .add_allegation(district_id, id, &actor, &description)
        .await?;
    Ok(Ok(()))
}

pub async fn record_finding(
    store: &Store,
    staff: &Staff,
    id: i64,
    allegation_id: i64,
    typed: &str,
) -> Result<Result<(), Msg>, AppError> {
    let (district_id, actor) = handler(store, staff).await?;
    let Some(finding) = Finding::parse(typed) else {
        return Ok(Err(invalid("complaint-invalid-finding", "finding")));
    };
    store
        .record_finding(district_id, id, allegation_id, &actor, finding)
        .await?;
    Ok(Ok(()))
}

pub async fn save_draft(
    store: &Store,
    staff: &Staff,
    id: i64,
    body: &str,
) -> Result<Result<(), Msg>, AppError> {
    let (district_id, actor) = handler(store, staff).await?;
    let body = match written(body, "response") {
        Ok(body) => body,
        Err(msg) => return Ok(Err(msg)),
    };
    store
        .save_response_draft(district_id, id, &actor, &body)
        .await?;
    Ok(Ok(()))
}

pub async fn share_contact(
    store: &Store,
    staff: &Staff,
    id: i64,
    share: bool,
) -> Result<(), AppError> {
    let (district_id, actor) = handler(store, staff).await?;
    store
        .share_complaint_contact(district_id, id, &actor, share)
        .await?;
    Ok(())
}

/// The deadline settings as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SettingsInput {
    #[serde(default)]
    pub acknowledge_school_days: String,
    #[serde(default)]
    pub respond_calendar_days: String,
    /// One date a line.
    #[serde(default)]
    pub days_off: String,
}

impl SettingsInput {
    pub fn of(settings: &ComplaintSettings) -> SettingsInput {
        SettingsInput {
            acknowledge_school_days: settings.deadlines.acknowledge_school_days.to_string(),
            respond_calendar_days: settings.deadlines.respond_calendar_days.to_string(),
            days_off: settings.days_off.join("\n"),
        }
    }

    pub fn validate(&self) -> Result<ComplaintSettings, Msg> {
        let days = |typed: &str, field: &'static str| {
            typed
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=365).contains(n))
                .ok_or_else(|| invalid("complaint-invalid-days", field))
        };
        let mut days_off = Vec::new();
        for line in self.days_off.lines().filter(|l| !l.trim().is_empty()) {
            let day = parse_date(line).ok_or_else(|| {
                Msg::new("program-invalid-date")
                    .arg("value", line.trim())
                    .field("days_off")
            })?;
            days_off.push(day);
        }
        days_off.sort();
        days_off.dedup();
        Ok(ComplaintSettings {
            deadlines: complaints::Deadlines {
                acknowledge_school_days: days(
                    &self.acknowledge_school_days,
                    "acknowledge_school_days",
                )?,
                respond_calendar_days: days(&self.respond_calendar_days, "respond_calendar_days")?,
            },
            days_off: days_off.iter().map(Date::to_string).collect(),
        })
    }
}

pub async fn save_settings(
    store: &Store,
    staff: &Staff,
    input: &SettingsInput,
) -> Result<Result<(), Msg>, AppError> {
    let (district_id, actor) = handler(store, staff).await?;
    let settings = match input.validate() {
        Ok(settings) => settings,
        Err(msg) => return Ok(Err(msg)),
    };
    store
        .save_complaint_settings(district_id, &actor, &settings)
        .await?;
    Ok(Ok(()))
}

/// The public counts of one school year (R8): complaints by school and category, allegations by
/// finding and category, suppressed as the yearly report is.
pub struct PublicCounts {
    pub school_year: i32,
    pub schools: Vec<String>,
    pub counts: ComplaintCounts<Published>,
}

/// The counts of the latest school year with complaints, if any.
pub async fn public_counts(
    store: &Store,
    district_id: i64,
) -> Result<Option<PublicCounts>, AppError> {
    match store.complaint_years(district_id).await?.first() {
        Some(&school_year) => Ok(Some(
            public_counts_of_year(store, district_id, school_year).await?,
        )),
        None => Ok(None),
    }
}

/// The public counts of the school year starting in `school_year` (zeros when it had none).
pub async fn public_counts_of_year(
    store: &Store,
    district_id: i64,
    school_year: i32,
) -> Result<PublicCounts, AppError> {
    let schools = store.schools(district_id).await?;
    let counted: Vec<CountedComplaint> = store
        .complaints_for_counts(district_id, school_year)
        .await?
        .into_iter()
        .filter_map(|c| {
            Some(CountedComplaint {
                school: schools.iter().position(|s| s.id == c.school_id)?,
                category: c.category,
                findings: c.findings,
            })
        })
        .collect();
    let counts = ComplaintCounts::tally(&counted, schools.len()).public(&Rules::default());
    Ok(PublicCounts {
        school_year,
        schools: schools.into_iter().map(|s| s.name).collect(),
        counts,
    })
}

/// One table of the public counts as a page shows it: a row per school (or finding) with a count
/// per category and the row's total, then the totals row.
pub struct CountsTable {
    pub caption: String,
    pub row_heading: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<ShownCell>)>,
}

impl PublicCounts {
    fn row_labels(&self, l: &Lang) -> [Vec<String>; 2] {
        let findings = Finding::ALL
            .iter()
            .map(|f| l.t(format!("complaint-finding-{}", f.key())))
            .chain([l.t("complaint-finding-none")])
            .collect();
        [self.schools.clone(), findings]
    }

    /// Both tables with their totals, in `l`'s language.
    pub fn tables(&self, l: &Lang) -> Vec<CountsTable> {
        let columns: Vec<String> = Category::ALL
            .iter()
            .map(|c| l.t(format!("complaint-category-{}", c.key())))
            .chain([l.t("complaint-counts-total")])
            .collect();
        let cell = |value: &Published| ShownCell::counting(l, *value, "complaint-counts-reason");
        let counts = &self.counts;
        let [school_labels, finding_labels] = self.row_labels(l);
        let grid = [
            (
                &counts.by_school,
                &counts.by_school_totals,
                &counts.by_category,
                &counts.complaints,
            ),
            (
                &counts.by_finding,
                &counts.by_finding_totals,
                &counts.allegations_by_category,
                &counts.allegations,
            ),
        ];
        let labels = [
            (
                "complaint-counts-by-school",
                "complaint-school",
                school_labels,
            ),
            (
                "complaint-counts-by-finding",
                "complaint-finding",
                finding_labels,
            ),
        ];
        grid.into_iter()
            .zip(labels)
            .map(
                |((rows, row_totals, column_totals, total), (caption, heading, names))| {
                    let mut shown: Vec<(String, Vec<ShownCell>)> = rows
                        .iter()
                        .zip(row_totals)
                        .zip(names)
                        .map(|((row, row_total), name)| {
                            (name, row.iter().chain([row_total]).map(cell).collect())
                        })
                        .collect();
                    shown.push((
                        l.t("complaint-counts-total"),
                        column_totals.iter().chain([total]).map(cell).collect(),
                    ));
                    CountsTable {
                        caption: l
                            .t_args(caption, &[("year", school_year_label(self.school_year))]),
                        row_heading: l.t(heading),
                        columns: columns.clone(),
                        rows: shown,
                    }
                },
            )
            .collect()
    }

    /// The OSPI packet's complaints part: a line per school and category with its complaints and
    /// their allegations by finding, as published (a hidden count is written as its reason).
    pub fn ospi_records(&self) -> Vec<Record> {
        let year = school_year_label(self.school_year);
        let categories = Category::ALL.len();
        let outcomes: Vec<&'static str> = Finding::ALL
            .iter()
            .map(|f| f.key())
            .chain(["open"])
            .collect();
        let mut records = Vec::new();
        for (s, school) in self.schools.iter().enumerate() {
            for (c, category) in Category::ALL.iter().enumerate() {
                let mut record = Record::new();
                record.insert("school_year", year.clone());
                record.insert("school", school.clone());
                record.insert("category", category.key().to_owned());
                record.insert("complaints", file_value(self.counts.by_school[s][c]));
                for (outcome, value) in outcomes
                    .iter()
                    .zip(&self.counts.findings_by_school[s * categories + c])
                {
                    record.insert(outcome, file_value(*value));
                }
                records.push(record);
            }
        }
        records
    }

    /// The counts as CSV: one line per cell (a hidden count is written as its reason).
    pub fn csv(&self, l: &Lang) -> Result<Vec<u8>, csv::Error> {
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(["school_year", "table", "row", "category", "count"])?;
        let year = school_year_label(self.school_year);
        let categories: Vec<&str> = Category::ALL
            .iter()
            .map(|c| c.key())
            .chain(["total"])
            .collect();
        let [schools, _] = self.row_labels(l);
        let findings: Vec<String> = Finding::ALL
            .iter()
            .map(|f| f.key().to_owned())
            .chain(["undecided".to_owned()])
            .collect();
        let counts = &self.counts;
        let tables = [
            (
                "complaints_by_school",
                schools,
                &counts.by_school,
                &counts.by_school_totals,
                &counts.by_category,
                &counts.complaints,
            ),
            (
                "allegations_by_finding",
                findings,
                &counts.by_finding,
                &counts.by_finding_totals,
                &counts.allegations_by_category,
                &counts.allegations,
            ),
        ];
        for (table, names, rows, row_totals, column_totals, total) in tables {
            let lines = rows
                .iter()
                .zip(row_totals)
                .zip(names)
                .map(|((row, row_total), name)| {
                    (name, row.iter().chain([row_total]).collect::<Vec<_>>())
                })
                .chain([(
                    "total".to_owned(),
                    column_totals.iter().chain([total]).collect(),
                )]);
            for (name, cells) in lines {
                for (category, value) in categories.iter().zip(cells) {
                    out.write_record([
                        year.as_str(),
                        table,
                        name.as_str(),
                        category,
                        file_value(*value).as_str(),
                    ])?;
                }
            }
        }
        out.into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))
    }
}

/// Queues one message about a complaint (the outbox sends it once per event and address).
async fn queue_mail(
    store: &Store,
    district_id: i64,
    (event_key, to): (&str, &str),
    subject: &str,
    paragraphs: &[String],
) -> Result<(), AppError> {
    store
        .enqueue_mail(&OutgoingMail {
            district_id,
            event_key,
            to,
            subject,
            text: &paragraphs.join("\n\n"),
            unsubscribe_url: None,
        })
        .await?;
    Ok(())
}

/// The tracking page's path (mail gives it whole, with [`mail::link`]).
fn tracking_path(district: &District) -> String {
    format!("/districts/{}/complaints/track", district.slug)
}

/// After a filing: the acknowledgement with the tracking code to the complainant (when they left an
/// email), in their language; and, when they asked for it, a notice to the liaisons of the staff
/// member's agency, which says nothing of who complained.
async fn mail_filed(
    store: &Store,
    public_url: &str,
    district: &District,
    id: i64,
    code: &str,
    new: &NewComplaint,
    settings: &ComplaintSettings,
) -> Result<(), AppError> {
    let named = ("district", district.name.clone());
    if !new.contact.email.is_empty() {
        let l = Lang::from_code(&new.language);
        let text = [
            l.t_args(
                "mail-complaint-received-text",
                &[named.clone(), ("code", code.to_owned())],
            ),
            mail::link(public_url, &tracking_path(district)),
            l.t_args(
                "mail-complaint-received-next",
                &[
                    (
                        "days",
                        settings.deadlines.acknowledge_school_days.to_string(),
                    ),
                    (
                        "respond",
                        settings.deadlines.respond_calendar_days.to_string(),
                    ),
                ],
            ),
        ];
        let subject = l.t_args(
            "mail-complaint-received-subject",
            std::slice::from_ref(&named),
        );
        let event = format!("complaint-received:{id}");
        queue_mail(
            store,
            district.id,
            (&event, &new.contact.email),
            &subject,
            &text,
        )
        .await?;
    }
    let Some(staff_id) = new.staff_id.filter(|_| new.send_to_agency) else {
        return Ok(());
    };
    let Some(member) = store.staff_member(staff_id).await? else {
        return Ok(());
    };
    // Staff accounts keep no language of their own: the program's notices are in English.
    let l = Lang::english();
    for liaison in store.district_users(district.id).await? {
        if !liaison.role.may_read_routed_complaints()
            || store.user_agency(liaison.id).await? != Some(member.agency_id)
        {
            continue;
        }
        let text = [
            l.t_args(
                "mail-complaint-routed-text",
                &[
                    named.clone(),
                    ("staff", member.name.clone()),
                    ("date", new.received_on.clone()),
                ],
            ),
            mail::link(public_url, &format!("/program/complaints/{id}")),
            l.t("mail-complaint-routed-privacy"),
        ];
        let subject = l.t_args(
            "mail-complaint-routed-subject",
            std::slice::from_ref(&named),
        );
        let event = format!("complaint-routed:{id}:{}", liaison.id);
        queue_mail(
            store,
            district.id,
            (&event, &liaison.email),
            &subject,
            &text,
        )
        .await?;
    }
    Ok(())
}

/// The written response just sent, by email to the complainant when they left an address (reading
/// the address is an audited read of their identity).
async fn mail_response(
    store: &Store,
    public_url: &str,
    district_id: i64,
    id: i64,
    actor: &Actor,
) -> Result<(), AppError> {
    let record = store.complaint(district_id, id, actor, true).await?;
    let Some(email) = record
        .complaint
        .contact
        .map(|c| c.email)
        .filter(|e| !e.is_empty())
    else {
        return Ok(());
    };
    let (Some(response), Some(district)) =
        (record.responses.last(), store.district(district_id).await?)
    else {
        return Ok(());
    };
    let l = Lang::from_code(&record.complaint.language);
    let named = ("district", district.name.clone());
    let text = [
        l.t_args("mail-complaint-response-text", std::slice::from_ref(&named)),
        response.body.clone(),
        l.t("mail-complaint-response-track"),
        mail::link(public_url, &tracking_path(&district)),
    ];
    let subject = l.t_args("mail-complaint-response-subject", &[named]);
    let event = format!("complaint-response:{id}:{}", record.responses.len());
    queue_mail(store, district_id, (&event, &email), &subject, &text).await
}

/// Reminds each assigned investigator of a complaint whose next deadline is near
/// (`domain::complaints::needs_reminder`), once per complaint and deadline; returns how many were
/// queued. The server runs it every hour ([`spawn_reminders`]).
pub async fn queue_reminders(
    store: &Store,
    public_url: &str,
    today: Date,
) -> Result<usize, AppError> {
    let l = Lang::english();
    let mut queued = 0;
    for district in store.districts().await? {
        let users = store.district_users(district.id).await?;
        for complaint in store
            .complaints(district.id, ComplaintFilter::default())
            .await?
        {
            let listed = ListedComplaint::of(complaint, today);
            let complaint = &listed.complaint;
            let Some(investigator) = users
                .iter()
                .find(|u| Some(u.id) == complaint.investigator_id)
                .filter(|_| listed.reminder_due)
            else {
                continue;
            };
            let (due, what) = if complaint.status == accord_domain::complaints::Status::Received {
                (
                    &complaint.acknowledge_by,
                    "mail-complaint-reminder-acknowledged",
                )
            } else {
                (&complaint.respond_by, "mail-complaint-reminder-answered")
            };
            let args = [
                ("id", complaint.id.to_string()),
                ("date", due.clone()),
                (
                    "status",
                    l.t(format!("complaint-status-{}", complaint.status.key())),
                ),
                ("what", l.t(what)),
            ];
            let text = [
                l.t_args("mail-complaint-reminder-text", &args),
                mail::link(public_url, &format!("/program/complaints/{}", complaint.id)),
            ];
            let event = format!("complaint-reminder:{}:{due}", complaint.id);
            let subject = l.t_args("mail-complaint-reminder-subject", &args);
            queue_mail(
                store,
                district.id,
                (&event, &investigator.email),
                &subject,
                &text,
            )
            .await?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// Queues the reminders every hour while the server runs; stops when dropped.
pub fn spawn_reminders(store: Store, public_url: String) -> crate::BackgroundTask {
    crate::BackgroundTask(tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            if let Err(error) = queue_reminders(&store, &public_url, program::today()).await {
                tracing::warn!(%error, "complaint reminders were not queued");
            }
        }
    }))
}
