//! Calls for law-enforcement service as the records clerk keeps them: the entry form (one call and
//! any number of students, without JavaScript), its checks, and saving through the store. Student
//! records: every route here is for [`Role::may_record_calls`] only, and the store audits each read.

use crate::auth::Staff;
use crate::error::AppError;
use crate::i18n::Msg;
use accord_domain::calls::{
    Call, CallStudent, Gender, OffenseType, Outcome, Race, Requester, StudentRole, parse_grade,
};
use accord_domain::documents::SchoolYear;
use accord_domain::training::parse_date;
use accord_store::{Actor, School, StaffMember, Store, StoreError, StoredCall};
use std::collections::BTreeSet;

// The form keeps the limits of the calls file, so any imported call can be edited here.
use accord_domain::call_file::{
    AGES as STUDENT_AGES, NARRATIVE_MAX_CHARS, STUDENT_ID_MAX_CHARS,
    TEXT_MAX_CHARS as SHORT_MAX_CHARS, parse_occurred_at,
};

/// The district of a signed-in member who may keep calls, or Forbidden.
pub fn district_of(staff: &Staff) -> Result<i64, AppError> {
    if staff.role().may_record_calls() {
        Ok(staff.0.district_id)
    } else {
        Err(AppError::Forbidden)
    }
}

/// What the form's lists offer: the district's schools, roster and offense types.
pub struct CallChoices {
    pub schools: Vec<School>,
    pub staff: Vec<StaffMember>,
    pub offenses: Vec<OffenseType>,
}

impl CallChoices {
    pub async fn of(store: &Store, district_id: i64) -> Result<CallChoices, AppError> {
        Ok(CallChoices {
            schools: store.schools(district_id).await?,
            staff: store.staff(district_id, None).await?,
            offenses: store.offense_types(district_id).await?,
        })
    }

    pub fn school_name(&self, id: &i64) -> String {
        self.schools
            .iter()
            .find(|s| s.id == *id)
            .map_or_else(String::new, |s| s.name.clone())
    }

    pub fn offense_label(&self, code: &str) -> String {
        self.offenses
            .iter()
            .find(|o| o.code == code)
            .map_or_else(|| code.to_owned(), |o| o.label.clone())
    }

    pub fn staff_name(&self, id: &i64) -> String {
        self.staff
            .iter()
            .find(|s| s.id == *id)
            .map_or_else(String::new, |s| format!("{} ({})", s.name, s.staff_number))
    }
}

/// One student of the form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudentForm {
    pub protected_id: String,
    pub role: String,
    pub age: String,
    pub grade: String,
    pub gender: String,
    pub hispanic: bool,
    pub races: Vec<String>,
    pub iep: bool,
    pub section_504: bool,
    pub english_learner: bool,
    pub outcomes: Vec<String>,
}

/// The call form, as typed. Student fields are named `s{n}.{field}`, which keeps any number of
/// students in one plain HTML form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallForm {
    pub call_key: String,
    pub school: String,
    pub occurred_on: String,
    pub occurred_time: String,
    pub requester: String,
    pub reason: String,
    pub offense: String,
    pub weapon: String,
    pub school_related: bool,
    pub staff: Vec<String>,
    pub agency_case_number: String,
    pub cedars_incident_id: String,
    pub narrative: String,
    pub students: Vec<StudentForm>,
    /// Which button was pressed: save, add a student, or remove student n.
    pub action: FormAction,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FormAction {
    #[default]
    Save,
    AddStudent,
    RemoveStudent(usize),
}

/// A form may not grow past this many students (a call with more is imported from a file).
const MAX_FORM_STUDENTS: usize = 40;

impl CallForm {
    /// A blank form with one student, school-related by default (most calls are).
    pub fn blank() -> CallForm {
        CallForm {
            school_related: true,
            students: vec![StudentForm::default()],
            ..CallForm::default()
        }
    }

    /// The form of a stored call, for editing.
    pub fn of(call: &Call) -> CallForm {
        let (on, time) = call
            .occurred_at
            .split_once('T')
            .unwrap_or((&call.occurred_at, ""));
        CallForm {
            call_key: call.call_key.clone(),
            school: call.school_id.to_string(),
            occurred_on: on.to_owned(),
            occurred_time: time.to_owned(),
            requester: call.requester.key().to_owned(),
            reason: call.reason.clone(),
            offense: call.offense.clone(),
            weapon: call.weapon.clone(),
            school_related: call.school_related,
            staff: call.staff_ids.iter().map(ToString::to_string).collect(),
            agency_case_number: call.agency_case_number.clone(),
            cedars_incident_id: call.cedars_incident_id.clone(),
            narrative: call.narrative.clone(),
            students: call.students.iter().map(StudentForm::of).collect(),
            action: FormAction::Save,
        }
    }

    /// Reads the submitted fields (in any order; unknown names are ignored).
    pub fn from_pairs(pairs: &[(String, String)]) -> CallForm {
        let mut form = CallForm::default();
        for (name, value) in pairs {
            if let Some((index, field)) = student_field(name) {
                if form.students.len() <= index && index < MAX_FORM_STUDENTS {
                    form.students.resize(index + 1, StudentForm::default());
                }
                if let Some(student) = form.students.get_mut(index) {
                    student.set(field, value);
                }
                continue;
            }
            form.set(name, value);
        }
        form.apply_action();
        form
    }

    fn set(&mut self, name: &str, value: &str) {
        let value = value.to_owned();
        match name {
            "call_key" => self.call_key = value,
            "school" => self.school = value,
            "occurred_on" => self.occurred_on = value,
            "occurred_time" => self.occurred_time = value,
            "requester" => self.requester = value,
            "reason" => self.reason = value,
            "offense" => self.offense = value,
            "weapon" => self.weapon = value,
            "school_related" => self.school_related = true,
            "staff" => self.staff.push(value),
            "agency_case_number" => self.agency_case_number = value,
            "cedars_incident_id" => self.cedars_incident_id = value,
            "narrative" => self.narrative = value,
            "action" => {
                self.action = match value.as_str() {
                    "add_student" => FormAction::AddStudent,
                    other => other
                        .strip_prefix("remove_student_")
                        .and_then(|n| n.parse().ok())
                        .map_or(FormAction::Save, FormAction::RemoveStudent),
                }
            }
            _ => {}
        }
    }

    /// Adds or removes a student fieldset when that button was pressed (the page then shows the form
    /// again with everything typed kept).
    fn apply_action(&mut self) {
        match self.action {
            FormAction::AddStudent if self.students.len() < MAX_FORM_STUDENTS => {
                self.students.push(StudentForm::default());
            }
            FormAction::RemoveStudent(n) if n < self.students.len() => {
                self.students.remove(n);
            }
            _ => {}
        }
        if self.students.is_empty() {
            self.students.push(StudentForm::default());
        }
    }

    pub fn has_staff(&self, id: &i64) -> bool {
        self.staff.iter().any(|s| s.trim() == id.to_string())
    }

    /// The call this form describes, or the first thing wrong with it. A new call without an id of
    /// its own gets one from `fresh_key`.
    pub fn validate(
        &self,
        choices: &CallChoices,
        fresh_key: impl FnOnce() -> String,
    ) -> Result<Call, Msg> {
        let call_key = match self.call_key.trim() {
            "" => fresh_key(),
            key if key.chars().count() > SHORT_MAX_CHARS => {
                return Err(too_long("call_key"));
            }
            key => key.to_owned(),
        };
        let school_id = self
            .school
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| choices.schools.iter().any(|s| s.id == *id))
            .ok_or_else(|| Msg::new("calls-invalid-school").field("school"))?;
        let day = parse_date(&self.occurred_on).ok_or_else(|| {
            Msg::new("calls-invalid-date")
                .arg("value", self.occurred_on.trim())
                .field("occurred_on")
        })?;
        // A call imported with its date only keeps it so: the time is asked for when known. The
        // calls file's reading of a date and time is the one rule for both.
        let occurred_at = match self.occurred_time.trim() {
            "" => day.to_string(),
            typed => parse_occurred_at(&format!("{day} {typed}"))
                .map(|(_, at)| at)
                .ok_or_else(|| {
                    Msg::new("calls-invalid-time")
                        .arg("value", typed)
                        .field("occurred_time")
                })?,
        };
        let school_year = SchoolYear::containing(day)
            .map(|y| y.starts_on.year())
            .ok_or_else(|| Msg::new("calls-invalid-date").field("occurred_on"))?;
        let requester = Requester::parse(&self.requester)
            .ok_or_else(|| Msg::new("calls-invalid-requester").field("requester"))?;
        let offense = choices
            .offenses
            .iter()
            .find(|o| o.code == self.offense.trim())
            .map(|o| o.code.clone())
            .ok_or_else(|| Msg::new("calls-invalid-offense").field("offense"))?;
        let staff_ids = self
            .staff
            .iter()
            .map(|id| {
                id.trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|id| choices.staff.iter().any(|s| s.id == *id))
                    .ok_or_else(|| Msg::new("calls-invalid-staff").field("staff"))
            })
            .collect::<Result<Vec<i64>, Msg>>()?;
        let students = self.valid_students()?;
        Ok(Call {
            call_key,
            school_year,
            school_id,
            occurred_at,
            requester,
            reason: short_text(&self.reason, "reason")?,
            offense,
            weapon: short_text(&self.weapon, "weapon")?,
            school_related: self.school_related,
            staff_ids,
            agency_case_number: short_text(&self.agency_case_number, "agency_case_number")?,
            cedars_incident_id: short_text(&self.cedars_incident_id, "cedars_incident_id")?,
            narrative: narrative(&self.narrative)?,
            students,
        })
    }

    fn valid_students(&self) -> Result<Vec<CallStudent>, Msg> {
        let mut seen = BTreeSet::new();
        let mut students = Vec::new();
        for (index, form) in self.students.iter().enumerate() {
            let student = form.validate(index + 1)?;
            if !seen.insert(student.protected_id.to_lowercase()) {
                return Err(Msg::new("calls-duplicate-student")
                    .arg("id", &student.protected_id)
                    .arg("n", index + 1)
                    .field("protected_id"));
            }
            students.push(student);
        }
        if students.is_empty() {
            return Err(Msg::new("calls-no-students"));
        }
        Ok(students)
    }
}

impl StudentForm {
    fn of(student: &CallStudent) -> StudentForm {
        StudentForm {
            protected_id: student.protected_id.clone(),
            role: student.role.key().to_owned(),
            age: student.age.to_string(),
            grade: student.grade.clone(),
            gender: student.gender.key().to_owned(),
            hispanic: student.hispanic,
            races: student.races.iter().map(|r| r.key().to_owned()).collect(),
            iep: student.iep,
            section_504: student.section_504,
            english_learner: student.english_learner,
            outcomes: student
                .outcomes
                .iter()
                .map(|o| o.key().to_owned())
                .collect(),
        }
    }

    fn set(&mut self, field: &str, value: &str) {
        let value = value.to_owned();
        match field {
            "protected_id" => self.protected_id = value,
            "role" => self.role = value,
            "age" => self.age = value,
            "grade" => self.grade = value,
            "gender" => self.gender = value,
            "hispanic" => self.hispanic = true,
            "races" => self.races.push(value),
            "iep" => self.iep = true,
            "section_504" => self.section_504 = true,
            "english_learner" => self.english_learner = true,
            "outcomes" => self.outcomes.push(value),
            _ => {}
        }
    }

    pub fn has_race(&self, key: &str) -> bool {
        self.races.iter().any(|r| r == key)
    }

    pub fn has_outcome(&self, key: &str) -> bool {
        self.outcomes.iter().any(|o| o == key)
    }

    /// The student, or what is wrong; `n` counts students from 1 for the message.
    fn validate(&self, n: usize) -> Result<CallStudent, Msg> {
        let wrong = |key: &'static str, field: &'static str| Msg::new(key).arg("n", n).field(field);
        let protected_id = self.protected_id.trim();
        if protected_id.is_empty() || protected_id.chars().count() > STUDENT_ID_MAX_CHARS {
            return Err(wrong("calls-invalid-student-id", "protected_id"));
        }
        let age = self
            .age
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|age| STUDENT_AGES.contains(age))
            .ok_or_else(|| wrong("calls-invalid-age", "age"))?;
        let races = self
            .races
            .iter()
            .map(|r| Race::parse(r).ok_or_else(|| wrong("calls-invalid-race", "races")))
            .collect::<Result<BTreeSet<Race>, Msg>>()?;
        let outcomes = self
            .outcomes
            .iter()
            .map(|o| Outcome::parse(o).ok_or_else(|| wrong("calls-invalid-outcome", "outcomes")))
            .collect::<Result<BTreeSet<Outcome>, Msg>>()?;
        Ok(CallStudent {
            protected_id: protected_id.to_owned(),
            role: StudentRole::parse(&self.role)
                .ok_or_else(|| wrong("calls-invalid-role", "role"))?,
            age,
            grade: parse_grade(&self.grade)
                .ok_or_else(|| wrong("calls-invalid-grade", "grade"))?
                .to_owned(),
            gender: Gender::parse(&self.gender)
                .ok_or_else(|| wrong("calls-invalid-gender", "gender"))?,
            hispanic: self.hispanic,
            races,
            iep: self.iep,
            section_504: self.section_504,
            english_learner: self.english_learner,
            outcomes,
        })
    }
}

/// The offense types as the admin's text box holds them: one `code, label` per line.
pub fn offense_lines(types: &[OffenseType]) -> String {
    types
        .iter()
        .map(|t| format!("{}, {}", t.code, t.label))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads the text box back: each non-empty line a code (letters, digits, `_` or `-`), a comma or tab,
/// and a label; codes unique. A pasted CEDARS list reads as it is.
pub fn parse_offense_lines(text: &str) -> Result<Vec<OffenseType>, Msg> {
    let mut types: Vec<OffenseType> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let wrong = |key: &'static str| Msg::new(key).arg("line", index + 1).field("offenses");
        let (code, label) = line
            .split_once([',', '\t'])
            .ok_or_else(|| wrong("calls-offense-line"))?;
        let (code, label) = (code.trim(), label.trim());
        let code_ok = !code.is_empty()
            && code.len() <= 40
            && code
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-');
        if !code_ok || label.is_empty() || label.chars().count() > SHORT_MAX_CHARS {
            return Err(wrong("calls-offense-line"));
        }
        if types.iter().any(|t| t.code.eq_ignore_ascii_case(code)) {
            return Err(wrong("calls-offense-duplicate").arg("code", code));
        }
        types.push(OffenseType {
            code: code.to_owned(),
            label: label.to_owned(),
        });
    }
    if types.is_empty() {
        return Err(Msg::new("calls-offense-empty").field("offenses"));
    }
    Ok(types)
}

/// Replaces the district's offense types (program admins only): `Ok(Err(msg))` when the text is
/// wrong or drops a code that recorded calls use.
pub async fn save_offense_types(
    store: &Store,
    staff: &Staff,
    text: &str,
) -> Result<Result<(), Msg>, AppError> {
    crate::program::require_manager(staff)?;
    let types = match parse_offense_lines(text) {
        Ok(types) => types,
        Err(msg) => return Ok(Err(msg)),
    };
    let actor = Actor::user(&staff.0);
    match store
        .save_offense_types(staff.0.district_id, &actor, &types)
        .await
    {
        Ok(()) => Ok(Ok(())),
        Err(StoreError::Conflict(code)) => Ok(Err(Msg::new("calls-offense-in-use")
            .arg("code", code)
            .field("offenses"))),
        Err(e) => Err(e.into()),
    }
}

/// `s3.age` is student 3's age.
fn student_field(name: &str) -> Option<(usize, &str)> {
    let (index, field) = name.strip_prefix('s')?.split_once('.')?;
    Some((index.parse().ok()?, field))
}

/// The id of the input a message points at: a student's fields are `s{index}-{field}`, and a
/// student's message carries the student's number (from 1) as `n`.
pub fn input_id(msg: &Msg) -> String {
    let field = msg.field.unwrap_or("");
    let student = msg
        .args
        .iter()
        .find(|(name, _)| *name == "n")
        .and_then(|(_, n)| n.parse::<usize>().ok());
    match student {
        Some(n) if n > 0 => format!("s{}-{field}", n - 1),
        _ => field.to_owned(),
    }
}

fn too_long(field: &'static str) -> Msg {
    Msg::new("calls-invalid-too-long")
        .arg("max", SHORT_MAX_CHARS)
        .field(field)
}

fn short_text(value: &str, field: &'static str) -> Result<String, Msg> {
    let value = value.trim();
    if value.chars().count() > SHORT_MAX_CHARS {
        return Err(too_long(field));
    }
    Ok(value.to_owned())
}

fn narrative(value: &str) -> Result<String, Msg> {
    let value = value.trim();
    if value.chars().count() > NARRATIVE_MAX_CHARS {
        return Err(Msg::new("calls-invalid-too-long")
            .arg("max", NARRATIVE_MAX_CHARS)
            .field("narrative"));
    }
    Ok(value.to_owned())
}

/// Saves the form's call for `staff`'s district: the saved call, or what is wrong with the form
/// (then nothing is stored). `existing_key` is the call being edited, whose id cannot change.
pub async fn save(
    store: &Store,
    staff: &Staff,
    form: &CallForm,
    existing_key: Option<&str>,
) -> Result<Result<StoredCall, Msg>, AppError> {
    let district_id = district_of(staff)?;
    let choices = CallChoices::of(store, district_id).await?;
    let mut form = form.clone();
    if let Some(key) = existing_key {
        form.call_key = key.to_owned();
    } else if !form.call_key.trim().is_empty() && key_taken(store, district_id, &form).await? {
        return Ok(Err(Msg::new("calls-key-taken")
            .arg("key", form.call_key.trim())
            .field("call_key")));
    }
    let call = match form.validate(&choices, fresh_key) {
        Ok(call) => call,
        Err(msg) => return Ok(Err(msg)),
    };
    let actor = Actor::user(&staff.0);
    match store
        .save_calls(district_id, &actor, std::slice::from_ref(&call))
        .await
    {
        Ok(_) => {}
        Err(StoreError::Conflict(message)) => return Ok(Err(Msg::text(message))),
        Err(e) => return Err(e.into()),
    }
    let id = store
        .call_id(district_id, &call.call_key)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Ok(StoredCall { id, call }))
}

/// Whether a new call's typed id is already another call's (entering it would replace that call).
async fn key_taken(store: &Store, district_id: i64, form: &CallForm) -> Result<bool, AppError> {
    Ok(store
        .call_id(district_id, form.call_key.trim())
        .await?
        .is_some())
}

/// An id for a call entered without one: the day and a random part, unique in practice.
fn fresh_key() -> String {
    format!(
        "ACC-{}-{:06X}",
        crate::program::today(),
        rand::random::<u32>() & 0xFF_FFFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn choices() -> CallChoices {
        CallChoices {
            schools: vec![School {
                id: 4,
                district_id: 1,
                name: "Kent High".into(),
            }],
            staff: Vec::new(),
            offenses: accord_domain::calls::default_offense_types(),
        }
    }

    fn filled() -> Vec<(String, String)> {
        pairs(&[
            ("school", "4"),
            ("occurred_on", "2025-03-04"),
            ("occurred_time", "9:30"),
            ("requester", "teacher"),
            ("offense", "fighting"),
            ("school_related", "on"),
            ("s0.protected_id", "S-1"),
            ("s0.role", "offender"),
            ("s0.age", "15"),
            ("s0.grade", "10"),
            ("s0.gender", "male"),
            ("s0.races", "asian"),
            ("s0.races", "white"),
            ("s0.outcomes", "citation"),
            ("s1.protected_id", "S-2"),
            ("s1.role", "victim"),
            ("s1.age", "14"),
            ("s1.grade", "9"),
            ("s1.gender", "female"),
            ("s1.hispanic", "on"),
        ])
    }

    #[test]
    fn a_filled_form_gives_the_call_in_its_school_year() {
        let form = CallForm::from_pairs(&filled());
        let call = form.validate(&choices(), || "NEW".into()).expect("valid");
        assert_eq!(call.call_key, "NEW");
        assert_eq!(call.school_year, 2024, "March 2025 is in 2024-25");
        assert_eq!(call.occurred_at, "2025-03-04T09:30");
        assert_eq!(call.students.len(), 2);
        assert_eq!(call.students[0].races.len(), 2);
        assert!(call.students[1].hispanic);
        assert_eq!(CallForm::of(&call).students.len(), 2);
    }

    #[test]
    fn adding_and_removing_students_keeps_what_was_typed() {
        let mut typed = filled();
        typed.push(("action".into(), "add_student".into()));
        let form = CallForm::from_pairs(&typed);
        assert_eq!(form.students.len(), 3);
        assert_eq!(form.students[1].protected_id, "S-2");
        let mut typed = filled();
        typed.push(("action".into(), "remove_student_0".into()));
        let form = CallForm::from_pairs(&typed);
        assert_eq!(form.students.len(), 1);
        assert_eq!(form.students[0].protected_id, "S-2");
    }

    #[test]
    fn each_wrong_field_names_the_student_and_the_input() {
        let mut typed = filled();
        typed.retain(|(k, _)| k != "s1.age");
        typed.push(("s1.age".into(), "41".into()));
        let msg = CallForm::from_pairs(&typed)
            .validate(&choices(), || "NEW".into())
            .expect_err("age");
        assert_eq!(msg.key, "calls-invalid-age");
        assert_eq!(input_id(&msg), "s1-age");
        let mut typed = filled();
        typed.retain(|(k, _)| k != "s1.protected_id");
        typed.push(("s1.protected_id".into(), "s-1".into()));
        let msg = CallForm::from_pairs(&typed)
            .validate(&choices(), || "NEW".into())
            .expect_err("duplicate");
        assert_eq!(msg.key, "calls-duplicate-student");
        let mut typed = filled();
        typed.retain(|(k, _)| k != "school");
        typed.push(("school".into(), "99".into()));
        let msg = CallForm::from_pairs(&typed)
            .validate(&choices(), || "NEW".into())
            .expect_err("school");
        assert_eq!(msg.field, Some("school"));
    }

    #[test]
    fn offense_lists_read_back_as_written_and_refuse_doubles() {
        let defaults = accord_domain::calls::default_offense_types();
        assert_eq!(parse_offense_lines(&offense_lines(&defaults)), Ok(defaults));
        let pasted = "\n2400\tTobacco possession\n3300, Drugs, other\n";
        let types = parse_offense_lines(pasted).expect("tabs and commas");
        assert_eq!(types[1].label, "Drugs, other");
        let msg = parse_offense_lines("a, A\nA, again").expect_err("double");
        assert_eq!(
            (msg.key, msg.args[0].1.as_str()),
            ("calls-offense-duplicate", "2")
        );
        assert!(parse_offense_lines("just words").is_err());
        assert!(parse_offense_lines("  \n").is_err());
    }

    #[test]
    fn a_call_without_a_time_keeps_its_date_only() {
        let mut typed = filled();
        typed.retain(|(k, _)| k != "occurred_time");
        let call = CallForm::from_pairs(&typed)
            .validate(&choices(), || "NEW".into())
            .expect("valid");
        assert_eq!(call.occurred_at, "2025-03-04");
        assert_eq!(CallForm::of(&call).occurred_time, "");
    }

    #[test]
    fn times_are_read_as_people_type_them() {
        let at = |time: &str| {
            let mut typed = filled();
            typed.retain(|(k, _)| k != "occurred_time");
            typed.push(("occurred_time".into(), time.into()));
            CallForm::from_pairs(&typed)
                .validate(&choices(), || "NEW".into())
                .ok()
                .and_then(|call| call.occurred_at.split_once('T').map(|(_, t)| t.to_owned()))
        };
        assert_eq!(at("9:05").as_deref(), Some("09:05"));
        assert_eq!(at("23:59:10").as_deref(), Some("23:59"));
        assert_eq!(at("24:00"), None);
        assert_eq!(at("noon"), None);
    }

    #[test]
    fn a_huge_student_index_does_not_grow_the_form() {
        let form = CallForm::from_pairs(&pairs(&[("s999999.age", "15")]));
        assert_eq!(form.students.len(), 1);
    }
}
