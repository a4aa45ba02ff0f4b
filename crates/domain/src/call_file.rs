//! The calls file: calls for service as an agency's or student system's export carries them, one row per
//! call and student with the call's columns repeated on each of its rows (docs/calls-import.md). Reading
//! checks every row against the district's schools, roster and offense types and gives either the calls,
//! grouped by `call_id` in file order, or every problem with its line, so that an import stores all or
//! nothing. Problems are values with their arguments; the web crate puts them into words.

use crate::calls::{
    Call, CallStudent, Gender, OffenseType, Outcome, Race, Requester, StudentRole, age_on,
    parse_grade,
};
use crate::csv_table::{Table, TableRow, read_table};
use crate::documents::SchoolYear;
use crate::training::parse_date;
use std::collections::{BTreeSet, HashMap};
use time::Date;

/// The columns of a calls file, in the template's order: the call's, then the student's.
pub const COLUMNS: [&str; 25] = [
    "call_id",
    "school",
    "occurred_at",
    "school_year",
    "requester",
    "reason",
    "offense_type",
    "weapon",
    "school_related",
    "responding_staff",
    "agency_case_number",
    "cedars_incident_id",
    "narrative",
    "student_id",
    "student_role",
    "age",
    "birth_date",
    "grade",
    "gender",
    "hispanic",
    "races",
    "iep",
    "section_504",
    "english_learner",
    "outcomes",
];

/// The columns that describe the call, repeated on each of its rows; the rest describe one student.
pub const CALL_COLUMNS: [&str; 13] = [
    "call_id",
    "school",
    "occurred_at",
    "school_year",
    "requester",
    "reason",
    "offense_type",
    "weapon",
    "school_related",
    "responding_staff",
    "agency_case_number",
    "cedars_incident_id",
    "narrative",
];

/// The columns every file must have and every row must fill. A row needs `age` or `birth_date` as
/// well; the other columns may be left out or blank (text blank, yes/no as no, lists empty,
/// `school_year` from the date).
pub const REQUIRED_COLUMNS: [&str; 8] = [
    "call_id",
    "school",
    "occurred_at",
    "requester",
    "offense_type",
    "student_id",
    "student_role",
    "gender",
];

/// The downloadable template: the header, every column in order.
pub const TEMPLATE: &str = "call_id,school,occurred_at,school_year,requester,reason,offense_type,\
weapon,school_related,responding_staff,agency_case_number,cedars_incident_id,narrative,student_id,\
student_role,age,birth_date,grade,gender,hispanic,races,iep,section_504,english_learner,outcomes\r\n";

/// What separates the entries of a list column (responding_staff, races, outcomes).
pub const LIST_SEPARATOR: char = ';';

/// The ages a school's student may have (preschool to the end of special education services); the
/// same bounds as the entry form, so that any imported call can be edited there.
pub const AGES: std::ops::RangeInclusive<u8> = 3..=22;

/// The longest text each text column takes, in characters (as the entry form).
pub const NARRATIVE_MAX_CHARS: usize = 10_000;
pub const TEXT_MAX_CHARS: usize = 200;
pub const STUDENT_ID_MAX_CHARS: usize = 40;

/// What a row refers to, looked up in the district's records.
#[derive(Debug, Clone, Default)]
pub struct Lookups {
    schools: HashMap<String, i64>,
    staff: HashMap<String, Vec<i64>>,
    offense_types: Vec<OffenseType>,
    requester_labels: HashMap<String, Requester>,
}

impl Lookups {
    /// `schools` as (name, id), `staff` as (staff number, id) — a number two agencies both use is
    /// ambiguous, and a row naming it is refused — and the district's offense types.
    pub fn new(
        schools: impl IntoIterator<Item = (String, i64)>,
        staff: impl IntoIterator<Item = (String, i64)>,
        offense_types: Vec<OffenseType>,
    ) -> Lookups {
        let mut staff_by_number: HashMap<String, Vec<i64>> = HashMap::new();
        for (number, id) in staff {
            staff_by_number.entry(fold(&number)).or_default().push(id);
        }
        Lookups {
            schools: schools.into_iter().map(|(n, id)| (fold(&n), id)).collect(),
            staff: staff_by_number,
            offense_types,
            requester_labels: HashMap::new(),
        }
    }

    /// Also accepts `label` (a translation's wording, any case) for `requester`.
    pub fn with_requester_label(mut self, label: &str, requester: Requester) -> Lookups {
        self.requester_labels.insert(fold(label), requester);
        self
    }

    fn school(&self, text: &str) -> Option<i64> {
        self.schools.get(&fold(text)).copied()
    }

    fn offense(&self, text: &str) -> Option<&OffenseType> {
        let text = fold(text);
        self.offense_types
            .iter()
            .find(|o| fold(&o.code) == text)
            .or_else(|| self.offense_types.iter().find(|o| fold(&o.label) == text))
    }

    fn requester(&self, text: &str) -> Option<Requester> {
        parse_code(text, Requester::parse)
            .or_else(|| self.requester_labels.get(&fold(text)).copied())
    }
}

/// A problem at one line of the file (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub line: u64,
    pub problem: CallFileProblem,
}

/// Why a file or row is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallFileProblem {
    /// The CSV reader could not get past this spot; its own message.
    Unreadable {
        message: String,
    },
    /// The header lacks required columns (`age_or_birth_date` when it has neither).
    MissingColumns {
        columns: Vec<&'static str>,
    },
    /// The header names a column twice.
    DuplicateColumn {
        column: String,
    },
    /// A required value is blank (`column` is "age" when both age and birth_date are).
    MissingValue {
        column: &'static str,
    },
    TooLong {
        column: &'static str,
        max: usize,
    },
    UnknownSchool {
        value: String,
    },
    UnknownStaff {
        value: String,
    },
    /// A staff number more than one agency uses.
    AmbiguousStaff {
        value: String,
    },
    /// Not a code of the column's list (requester, offense_type, student_role, gender, races, outcomes).
    UnknownCode {
        column: &'static str,
        value: String,
    },
    /// Not YYYY-MM-DD HH:MM, YYYY-MM-DDTHH:MM or a date.
    BadDateTime {
        value: String,
    },
    BadDate {
        column: &'static str,
        value: String,
    },
    /// Not a school year such as 2024-25 or 2024.
    BadSchoolYear {
        value: String,
    },
    /// The call's date is not in the school year given.
    OutsideSchoolYear {
        occurred_at: String,
        school_year: String,
    },
    /// Not a whole number in [`AGES`] (or a birth date giving one).
    BadAge {
        value: String,
    },
    /// Both age and birth date given, and they disagree on the day of the call.
    AgeDisagrees {
        age: u8,
        from_birth_date: u8,
    },
    BadBoolean {
        column: &'static str,
        value: String,
    },
    BadGrade {
        value: String,
    },
    /// The student is already on this call at `earlier_line`.
    DuplicateStudent {
        student_id: String,
        earlier_line: u64,
    },
    /// This row's call column differs from the call's row at `earlier_line`.
    CallDisagrees {
        column: &'static str,
        earlier_line: u64,
    },
}

/// Reads a calls file: the calls grouped by `call_id` in the order they first appear (students in file
/// order), or every problem found, in line order.
pub fn read_calls(text: &str, lookups: &Lookups) -> Result<Vec<Call>, Vec<LineProblem>> {
    read_calls_reporting(text, lookups, &|_, _| {})
}

/// [`read_calls`], telling `progress` (rows read, data rows in all) as it goes.
pub fn read_calls_reporting(
    text: &str,
    lookups: &Lookups,
    progress: &dyn Fn(u64, u64),
) -> Result<Vec<Call>, Vec<LineProblem>> {
    let table = read_table(text).map_err(|problems| {
        problems
            .into_iter()
            .map(|(line, message)| LineProblem {
                line,
                problem: CallFileProblem::Unreadable { message },
            })
            .collect::<Vec<_>>()
    })?;
    let columns = Columns::of(&table)?;
    let mut calls = CallsBeingRead::default();
    let mut problems = Vec::new();
    let total = table.rows.len() as u64;
    progress(0, total);
    for (done, row) in table.rows.iter().enumerate() {
        let mut row_problems = Vec::new();
        let call = read_call(row, &columns, lookups, &mut row_problems);
        let day = call.as_ref().map(|(_, day)| *day);
        let student = read_student(row, &columns, day, &mut row_problems);
        if let (Some((call, _)), Some(student)) = (call, student) {
            calls.add(row.line, call, student, &mut row_problems);
        }
        problems.extend(row_problems.into_iter().map(|problem| LineProblem {
            line: row.line,
            problem,
        }));
        if done % 256 == 255 || done as u64 + 1 == total {
            progress(done as u64 + 1, total);
        }
    }
    if problems.is_empty() {
        Ok(calls.finish())
    } else {
        Err(problems)
    }
}

/// Where each known column stands in the file.
struct Columns {
    positions: HashMap<&'static str, usize>,
}

impl Columns {
    fn of(table: &Table) -> Result<Columns, Vec<LineProblem>> {
        let header_problem = |problem| LineProblem { line: 1, problem };
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        for header in &table.headers {
            if !header.is_empty() && !seen.insert(header.as_str()) {
                problems.push(header_problem(CallFileProblem::DuplicateColumn {
                    column: header.clone(),
                }));
            }
        }
        let mut missing: Vec<&'static str> = REQUIRED_COLUMNS
            .into_iter()
            .filter(|c| table.position(c).is_none())
            .collect();
        if table.position("age").is_none() && table.position("birth_date").is_none() {
            missing.push("age_or_birth_date");
        }
        if !missing.is_empty() {
            problems.push(header_problem(CallFileProblem::MissingColumns {
                columns: missing,
            }));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let positions = COLUMNS
            .into_iter()
            .filter_map(|c| Some((c, table.position(c)?)))
            .collect();
        Ok(Columns { positions })
    }

    fn at(&self, column: &str) -> Option<usize> {
        self.positions.get(column).copied()
    }
}

/// One row's fields by column name, noting each problem as it reads.
struct RowReader<'a> {
    row: &'a TableRow,
    columns: &'a Columns,
    problems: &'a mut Vec<CallFileProblem>,
}

impl RowReader<'_> {
    fn raw(&self, column: &'static str) -> &str {
        self.row.get(self.columns.at(column)).trim()
    }

    /// Text up to `max` characters; blank is refused when `required`.
    fn text(&mut self, column: &'static str, max: usize, required: bool) -> Option<String> {
        let value = self.raw(column).replace("\r\n", "\n");
        if required && value.is_empty() {
            self.problems.push(CallFileProblem::MissingValue { column });
            return None;
        }
        if value.chars().count() > max {
            self.problems.push(CallFileProblem::TooLong { column, max });
            return None;
        }
        Some(value)
    }

    /// A required value read by `parse`, or the problem `refused` makes of the text.
    fn required<T>(
        &mut self,
        column: &'static str,
        parse: impl FnOnce(&str) -> Option<T>,
        refused: impl FnOnce(String) -> CallFileProblem,
    ) -> Option<T> {
        let value = self.raw(column).to_owned();
        if value.is_empty() {
            self.problems.push(CallFileProblem::MissingValue { column });
            return None;
        }
        let parsed = parse(&value);
        if parsed.is_none() {
            self.problems.push(refused(value));
        }
        parsed
    }

    fn code<T>(&mut self, column: &'static str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        self.required(
            column,
            |text| parse_code(text, &parse),
            |value| CallFileProblem::UnknownCode { column, value },
        )
    }

    /// Yes or no; blank is no.
    fn boolean(&mut self, column: &'static str) -> Option<bool> {
        let value = self.raw(column).to_owned();
        if value.is_empty() {
            return Some(false);
        }
        let parsed = parse_boolean(&value);
        if parsed.is_none() {
            self.problems
                .push(CallFileProblem::BadBoolean { column, value });
        }
        parsed
    }

    /// The entries of a list column, each read by `parse` (an unknown one is noted).
    fn list<T: Ord>(
        &mut self,
        column: &'static str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<BTreeSet<T>> {
        let mut all_known = true;
        let mut entries = BTreeSet::new();
        let text = self.raw(column).to_owned();
        for entry in split_list(&text) {
            match parse_code(entry, &parse) {
                Some(code) => {
                    entries.insert(code);
                }
                None => {
                    all_known = false;
                    self.problems.push(CallFileProblem::UnknownCode {
                        column,
                        value: entry.to_owned(),
                    });
                }
            }
        }
        all_known.then_some(entries)
    }
}

/// The call part of a row (no students yet) and the day of the call; None when any of it is bad.
fn read_call(
    row: &TableRow,
    columns: &Columns,
    lookups: &Lookups,
    problems: &mut Vec<CallFileProblem>,
) -> Option<(Call, Date)> {
    let mut r = RowReader {
        row,
        columns,
        problems,
    };
    let call_key = r.text("call_id", TEXT_MAX_CHARS, true);
    let school_id = r.required(
        "school",
        |t| lookups.school(t),
        |value| CallFileProblem::UnknownSchool { value },
    );
    let occurred = r.required("occurred_at", parse_occurred_at, |value| {
        CallFileProblem::BadDateTime { value }
    });
    let school_year = read_school_year(&mut r, occurred.as_ref());
    let requester = r.required(
        "requester",
        |t| lookups.requester(t),
        |value| CallFileProblem::UnknownCode {
            column: "requester",
            value,
        },
    );
    let reason = r.text("reason", TEXT_MAX_CHARS, false);
    let offense = r.required(
        "offense_type",
        |t| lookups.offense(t).map(|o| o.code.clone()),
        |value| CallFileProblem::UnknownCode {
            column: "offense_type",
            value,
        },
    );
    let weapon = r.text("weapon", TEXT_MAX_CHARS, false);
    let school_related = r.boolean("school_related");
    let staff_ids = read_staff(&mut r, lookups);
    let agency_case_number = r.text("agency_case_number", TEXT_MAX_CHARS, false);
    let cedars_incident_id = r.text("cedars_incident_id", TEXT_MAX_CHARS, false);
    let narrative = r.text("narrative", NARRATIVE_MAX_CHARS, false);
    let (day, occurred_at) = occurred?;
    Some((
        Call {
            call_key: call_key?,
            school_year: school_year?,
            school_id: school_id?,
            occurred_at,
            requester: requester?,
            reason: reason?,
            offense: offense?,
            weapon: weapon?,
            school_related: school_related?,
            staff_ids: staff_ids?,
            agency_case_number: agency_case_number?,
            cedars_incident_id: cedars_incident_id?,
            narrative: narrative?,
            students: Vec::new(),
        },
        day,
    ))
}

/// The school year given, checked against the call's day, or the one the day falls in.
fn read_school_year(r: &mut RowReader<'_>, occurred: Option<&(Date, String)>) -> Option<i32> {
    let value = r.raw("school_year").to_owned();
    let from_day = occurred.and_then(|(day, _)| SchoolYear::containing(*day));
    if value.is_empty() {
        return Some(from_day?.starts_on.year());
    }
    let Some(given) = parse_school_year(&value) else {
        r.problems.push(CallFileProblem::BadSchoolYear { value });
        return None;
    };
    let (day, occurred_at) = occurred?;
    if *day < given.starts_on || *day > given.ends_on {
        r.problems.push(CallFileProblem::OutsideSchoolYear {
            occurred_at: occurred_at.clone(),
            school_year: given.label,
        });
        return None;
    }
    Some(given.starts_on.year())
}

/// The responding staff's ids, each number once, in the order given.
fn read_staff(r: &mut RowReader<'_>, lookups: &Lookups) -> Option<Vec<i64>> {
    let mut ids = Vec::new();
    let mut all_known = true;
    let text = r.raw("responding_staff").to_owned();
    for number in split_list(&text) {
        match lookups.staff.get(&fold(number)).map(Vec::as_slice) {
            Some([id]) => {
                if !ids.contains(id) {
                    ids.push(*id);
                }
            }
            Some([_, _, ..]) => {
                all_known = false;
                r.problems.push(CallFileProblem::AmbiguousStaff {
                    value: number.to_owned(),
                });
            }
            _ => {
                all_known = false;
                r.problems.push(CallFileProblem::UnknownStaff {
                    value: number.to_owned(),
                });
            }
        }
    }
    all_known.then_some(ids)
}

/// The student part of a row; `day` is the day of the call, for the age from a birth date (None when
/// the call's date is bad: the birth date is then only checked to be a date).
fn read_student(
    row: &TableRow,
    columns: &Columns,
    day: Option<Date>,
    problems: &mut Vec<CallFileProblem>,
) -> Option<CallStudent> {
    let mut r = RowReader {
        row,
        columns,
        problems,
    };
    let protected_id = r.text("student_id", STUDENT_ID_MAX_CHARS, true);
    let role = r.code("student_role", StudentRole::parse);
    let age = read_age(&mut r, day);
    let grade = read_grade(&mut r);
    let gender = r.code("gender", parse_gender);
    let hispanic = r.boolean("hispanic");
    let races = r.list("races", Race::parse);
    let iep = r.boolean("iep");
    let section_504 = r.boolean("section_504");
    let english_learner = r.boolean("english_learner");
    let outcomes = r.list("outcomes", Outcome::parse);
    Some(CallStudent {
        protected_id: protected_id?,
        role: role?,
        age: age?,
        grade: grade?,
        gender: gender?,
        hispanic: hispanic?,
        races: races?,
        iep: iep?,
        section_504: section_504?,
        english_learner: english_learner?,
        outcomes: outcomes?,
    })
}

/// The age at the call, from `age` or `birth_date` (both given: they must agree).
fn read_age(r: &mut RowReader<'_>, day: Option<Date>) -> Option<u8> {
    let age_text = r.raw("age").to_owned();
    let birth_text = r.raw("birth_date").to_owned();
    if age_text.is_empty() && birth_text.is_empty() {
        r.problems
            .push(CallFileProblem::MissingValue { column: "age" });
        return None;
    }
    let mut age = None;
    if !age_text.is_empty() {
        age = age_text.parse::<u8>().ok().filter(|a| AGES.contains(a));
        if age.is_none() {
            r.problems.push(CallFileProblem::BadAge { value: age_text });
            return None;
        }
    }
    if birth_text.is_empty() {
        return age;
    }
    let Some(birth) = parse_date(&birth_text) else {
        r.problems.push(CallFileProblem::BadDate {
            column: "birth_date",
            value: birth_text,
        });
        return None;
    };
    let day = day?;
    let from_birth_date = age_on(
        (birth.year(), birth.month().into(), birth.day()),
        (day.year(), day.month().into(), day.day()),
    )
    .filter(|a| AGES.contains(a));
    match (age, from_birth_date) {
        (_, None) => {
            r.problems
                .push(CallFileProblem::BadAge { value: birth_text });
            None
        }
        (Some(age), Some(from_birth_date)) if age != from_birth_date => {
            r.problems.push(CallFileProblem::AgeDisagrees {
                age,
                from_birth_date,
            });
            None
        }
        (_, Some(from_birth_date)) => Some(from_birth_date),
    }
}

/// The grade in its canonical form; blank when not known.
fn read_grade(r: &mut RowReader<'_>) -> Option<String> {
    let value = r.raw("grade").to_owned();
    if value.is_empty() {
        return Some(String::new());
    }
    let grade = parse_grade(&value).map(str::to_owned);
    if grade.is_none() {
        r.problems.push(CallFileProblem::BadGrade { value });
    }
    grade
}

/// The calls read so far, each with the line of its first good row and its students' lines. A row
/// whose call part is bad is not compared with the others (it is refused anyway).
#[derive(Default)]
struct CallsBeingRead {
    calls: Vec<CallBeingRead>,
    by_key: HashMap<String, usize>,
}

struct CallBeingRead {
    line: u64,
    call: Call,
    student_lines: HashMap<String, u64>,
}

impl CallsBeingRead {
    fn add(
        &mut self,
        line: u64,
        call: Call,
        student: CallStudent,
        problems: &mut Vec<CallFileProblem>,
    ) {
        let Some(&index) = self.by_key.get(&call.call_key) else {
            self.by_key.insert(call.call_key.clone(), self.calls.len());
            let student_lines = HashMap::from([(student.protected_id.clone(), line)]);
            let mut call = call;
            call.students.push(student);
            self.calls.push(CallBeingRead {
                line,
                call,
                student_lines,
            });
            return;
        };
        let earlier = &mut self.calls[index];
        let disagreeing = disagreeing_columns(&earlier.call, &call);
        problems.extend(
            disagreeing
                .into_iter()
                .map(|column| CallFileProblem::CallDisagrees {
                    column,
                    earlier_line: earlier.line,
                }),
        );
        if let Some(&earlier_line) = earlier.student_lines.get(&student.protected_id) {
            problems.push(CallFileProblem::DuplicateStudent {
                student_id: student.protected_id,
                earlier_line,
            });
            return;
        }
        earlier
            .student_lines
            .insert(student.protected_id.clone(), line);
        earlier.call.students.push(student);
    }

    fn finish(self) -> Vec<Call> {
        self.calls.into_iter().map(|c| c.call).collect()
    }
}

/// The call columns in which two rows of the same call differ.
fn disagreeing_columns(earlier: &Call, later: &Call) -> Vec<&'static str> {
    let checks: [(&'static str, bool); 12] = [
        ("school", earlier.school_id == later.school_id),
        ("occurred_at", earlier.occurred_at == later.occurred_at),
        ("school_year", earlier.school_year == later.school_year),
        ("requester", earlier.requester == later.requester),
        ("reason", earlier.reason == later.reason),
        ("offense_type", earlier.offense == later.offense),
        ("weapon", earlier.weapon == later.weapon),
        (
            "school_related",
            earlier.school_related == later.school_related,
        ),
        (
            "responding_staff",
            same_members(&earlier.staff_ids, &later.staff_ids),
        ),
        (
            "agency_case_number",
            earlier.agency_case_number == later.agency_case_number,
        ),
        (
            "cedars_incident_id",
            earlier.cedars_incident_id == later.cedars_incident_id,
        ),
        ("narrative", earlier.narrative == later.narrative),
    ];
    checks
        .into_iter()
        .filter(|(_, same)| !same)
        .map(|(column, _)| column)
        .collect()
}

fn same_members(a: &[i64], b: &[i64]) -> bool {
    a.iter().collect::<BTreeSet<_>>() == b.iter().collect::<BTreeSet<_>>()
}

/// Trimmed and lowercased: how names, numbers and labels are compared.
fn fold(text: &str) -> String {
    text.trim().to_lowercase()
}

/// A code by its key, its key written with spaces or hyphens ("Officer self-initiated"), or `parse`'s
/// own aliases.
fn parse_code<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
    parse(text).or_else(|| {
        let keyish: String = text
            .trim()
            .chars()
            .map(|c| if c == ' ' || c == '-' { '_' } else { c })
            .collect();
        parse(&keyish)
    })
}

/// A gender by its key, or F, M, X as student systems abbreviate.
fn parse_gender(text: &str) -> Option<Gender> {
    match fold(text).as_str() {
        "f" => Some(Gender::Female),
        "m" => Some(Gender::Male),
        "x" => Some(Gender::GenderX),
        other => Gender::parse(other),
    }
}

/// The entries of a list column, blanks dropped.
fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(LIST_SEPARATOR)
        .map(str::trim)
        .filter(|e| !e.is_empty())
}

/// yes/no, true/false, 1/0, y/n, and sí/si in Spanish exports.
pub fn parse_boolean(text: &str) -> Option<bool> {
    match fold(text).as_str() {
        "yes" | "y" | "true" | "1" | "sí" | "si" | "s" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// A school year as 2024-25, 2024-2025, 2024/25 or the year it starts, 2024.
pub fn parse_school_year(text: &str) -> Option<SchoolYear> {
    let text = text.trim();
    match text.parse::<i32>() {
        Ok(first_year) if (1900..=9998).contains(&first_year) => SchoolYear::starting(first_year),
        Ok(_) => None,
        Err(_) => SchoolYear::parse(text),
    }
}

/// The day of a call and its stored form: "YYYY-MM-DDTHH:MM", or "YYYY-MM-DD" when only the date is
/// known. Takes a space or `T` between date and time, seconds (dropped), and dates as M/D/YYYY too.
pub fn parse_occurred_at(text: &str) -> Option<(Date, String)> {
    let text = text.trim();
    let (date_text, time_text) = match text.split_once(['T', 't', ' ']) {
        Some((date, time)) => (date, Some(time.trim())),
        None => (text, None),
    };
    let day = parse_date(date_text)?;
    let Some(time_text) = time_text else {
        return Some((day, day.to_string()));
    };
    let mut parts = time_text.split(':');
    let hour: u8 = parts.next()?.parse().ok()?;
    let minute_text = parts.next()?;
    let minute: u8 = minute_text.parse().ok()?;
    let seconds_ok = parts
        .next()
        .is_none_or(|s| s.parse::<u8>().is_ok_and(|s| s < 60));
    let valid = hour < 24 && minute < 60 && minute_text.len() == 2 && seconds_ok;
    (valid && parts.next().is_none()).then(|| (day, format!("{day}T{hour:02}:{minute:02}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::default_offense_types;
    use proptest::prelude::*;

    fn lookups() -> Lookups {
        Lookups::new(
            [("North High".to_owned(), 1), ("Escuela Peña".to_owned(), 2)],
            [
                ("B100".to_owned(), 10),
                ("B200".to_owned(), 20),
                ("S7".to_owned(), 30),
                ("S7".to_owned(), 31),
            ],
            default_offense_types(),
        )
        .with_requester_label("Maestro", Requester::Teacher)
    }

    fn file(rows: &[&str]) -> String {
        let mut text = format!("{}\n", TEMPLATE.trim_end());
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        text
    }

    const GOOD: &str = "C1,North High,2024-10-03 14:05,,teacher,Hallway fight,fighting,,yes,B100;B200,\
A-1,CED-9,Two students fought,S1,offender,15,,9,female,no,white;asian,yes,no,no,discipline;arrest";

    fn problems(text: &str) -> Vec<LineProblem> {
        read_calls(text, &lookups()).expect_err("refused")
    }

    #[test]
    fn template_header_lists_every_column_in_order() {
        assert_eq!(TEMPLATE.trim_end(), COLUMNS.join(","));
        for column in CALL_COLUMNS.iter().chain(&REQUIRED_COLUMNS) {
            assert!(COLUMNS.contains(column), "{column}");
        }
        assert_eq!(read_calls(TEMPLATE, &lookups()), Ok(vec![]));
    }

    #[test]
    fn a_good_row_reads_as_a_call_with_its_student() {
        let calls = read_calls(&file(&[GOOD]), &lookups()).expect("calls");
        assert_eq!(calls.len(), 1);
        let call = &calls[0];
        assert_eq!(call.call_key, "C1");
        assert_eq!(call.school_id, 1);
        assert_eq!(call.school_year, 2024);
        assert_eq!(call.occurred_at, "2024-10-03T14:05");
        assert_eq!(call.requester, Requester::Teacher);
        assert_eq!(call.offense, "fighting");
        assert!(call.school_related);
        assert_eq!(call.staff_ids, [10, 20]);
        let student = &call.students[0];
        assert_eq!(student.protected_id, "S1");
        assert_eq!(student.age, 15);
        assert_eq!(student.grade, "9");
        assert_eq!(student.races.len(), 2);
        assert!(student.iep && !student.section_504);
        assert!(student.outcomes.contains(&Outcome::Arrest));
        assert!(call.reportable_under_r7());
    }

    #[test]
    fn rows_group_by_call_id_in_file_order_even_apart() {
        let second = GOOD.replacen("C1,", "C2,", 1);
        let third = GOOD.replace(",S1,", ",S2,");
        let calls = read_calls(&file(&[GOOD, &second, &third]), &lookups()).expect("calls");
        let keys: Vec<&str> = calls.iter().map(|c| c.call_key.as_str()).collect();
        assert_eq!(keys, ["C1", "C2"]);
        let students: Vec<&str> = calls[0]
            .students
            .iter()
            .map(|s| s.protected_id.as_str())
            .collect();
        assert_eq!(students, ["S1", "S2"]);
    }

    #[test]
    fn labels_abbreviations_and_other_spellings_are_accepted() {
        let row = "C1,north high,2024-10-03T08:00,2024-25,Maestro,,Possession of a weapon,knife,Sí,,,,,\
S1,Victim,,2010-01-15,Grade 9,F,si,,1,0,y,Handled informally";
        let calls = read_calls(&file(&[row]), &lookups()).expect("calls");
        let call = &calls[0];
        assert_eq!(call.requester, Requester::Teacher);
        assert_eq!(call.offense, "weapon");
        assert!(call.school_related);
        let student = &call.students[0];
        assert_eq!(student.age, 14);
        assert_eq!(student.gender, Gender::Female);
        assert_eq!(student.role, StudentRole::Victim);
        assert!(student.hispanic && student.iep && student.english_learner);
        assert!(student.outcomes.contains(&Outcome::HandledInformally));
        let officer =
            "C1,Escuela Peña,2024-10-03,,Officer self-initiated,,other,,,,,,,S1,other,12,,,x,,,,,,";
        let calls = read_calls(&file(&[officer]), &lookups()).expect("calls");
        assert_eq!(calls[0].requester, Requester::OfficerSelfInitiated);
        assert_eq!(calls[0].occurred_at, "2024-10-03");
        assert_eq!(calls[0].school_id, 2);
    }

    #[test]
    fn every_bad_value_is_reported_with_its_line() {
        let bad = "C2,Nowhere,2024-13-03,,principal,,arson,,maybe,B999;S7,,,,S1,suspect,99,,13,other,,purple,,,,jailed";
        let found = problems(&file(&[GOOD, bad]));
        assert!(found.iter().all(|p| p.line == 3), "{found:?}");
        let kinds: Vec<&CallFileProblem> = found.iter().map(|p| &p.problem).collect();
        for expected in [
            CallFileProblem::UnknownSchool {
                value: "Nowhere".into(),
            },
            CallFileProblem::BadDateTime {
                value: "2024-13-03".into(),
            },
            CallFileProblem::UnknownCode {
                column: "requester",
                value: "principal".into(),
            },
            CallFileProblem::UnknownCode {
                column: "offense_type",
                value: "arson".into(),
            },
            CallFileProblem::BadBoolean {
                column: "school_related",
                value: "maybe".into(),
            },
            CallFileProblem::UnknownStaff {
                value: "B999".into(),
            },
            CallFileProblem::AmbiguousStaff { value: "S7".into() },
        ] {
            assert!(kinds.contains(&&expected), "{expected:?} in {kinds:?}");
        }
    }

    #[test]
    fn student_values_are_checked_too() {
        let bad = "C1,North High,2024-10-03,,teacher,,other,,,,,,,S1,suspect,99,,13,other,,purple,,,,jailed";
        let kinds: Vec<CallFileProblem> = problems(&file(&[bad]))
            .into_iter()
            .map(|p| p.problem)
            .collect();
        assert!(kinds.contains(&CallFileProblem::UnknownCode {
            column: "student_role",
            value: "suspect".into()
        }));
        assert!(kinds.contains(&CallFileProblem::BadAge { value: "99".into() }));
        assert!(kinds.contains(&CallFileProblem::BadGrade { value: "13".into() }));
        assert!(kinds.contains(&CallFileProblem::UnknownCode {
            column: "gender",
            value: "other".into()
        }));
        assert!(kinds.contains(&CallFileProblem::UnknownCode {
            column: "races",
            value: "purple".into()
        }));
        assert!(kinds.contains(&CallFileProblem::UnknownCode {
            column: "outcomes",
            value: "jailed".into()
        }));
    }

    #[test]
    fn blank_required_values_are_missing() {
        let blank = ",,,,,,,,,,,,,,,,,,,,,,,,x";
        let kinds: Vec<CallFileProblem> = problems(&file(&[blank]))
            .into_iter()
            .map(|p| p.problem)
            .collect();
        for column in REQUIRED_COLUMNS.into_iter().chain(["age"]) {
            assert!(
                kinds.contains(&CallFileProblem::MissingValue { column }),
                "{column}: {kinds:?}"
            );
        }
    }

    #[test]
    fn a_header_without_required_columns_is_refused_at_line_1() {
        let found = problems("call_id,school,call_id\nC1,North High,C1\n");
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|p| p.line == 1));
        assert_eq!(
            found[0].problem,
            CallFileProblem::DuplicateColumn {
                column: "call_id".into()
            }
        );
        let CallFileProblem::MissingColumns { columns } = &found[1].problem else {
            panic!("{found:?}");
        };
        assert!(columns.contains(&"occurred_at"));
        assert!(columns.contains(&"age_or_birth_date"));
    }

    #[test]
    fn the_same_student_twice_in_a_call_names_the_first_line() {
        let found = problems(&file(&[GOOD, GOOD]));
        assert_eq!(
            found,
            [LineProblem {
                line: 3,
                problem: CallFileProblem::DuplicateStudent {
                    student_id: "S1".into(),
                    earlier_line: 2
                }
            }]
        );
    }

    #[test]
    fn rows_of_one_call_must_agree_on_the_call_columns() {
        let other_student = GOOD.replace(",S1,", ",S2,");
        let disagreeing = other_student
            .replace("Hallway fight", "Cafeteria")
            .replace("B100;B200", "B100");
        let found = problems(&file(&[GOOD, &disagreeing]));
        let columns: Vec<&str> = found
            .iter()
            .map(|p| match p.problem {
                CallFileProblem::CallDisagrees {
                    column,
                    earlier_line: 2,
                } if p.line == 3 => column,
                _ => panic!("{p:?}"),
            })
            .collect();
        assert_eq!(columns, ["reason", "responding_staff"]);
        let reordered_staff = other_student.replace("B100;B200", "B200;b100");
        assert!(read_calls(&file(&[GOOD, &reordered_staff]), &lookups()).is_ok());
    }

    #[test]
    fn school_year_defaults_from_the_date_and_must_contain_it() {
        let august = GOOD.replace("2024-10-03 14:05,", "2025-08-31 09:00,");
        let calls = read_calls(&file(&[&august]), &lookups()).expect("calls");
        assert_eq!(calls[0].school_year, 2024);
        let outside = GOOD.replace("14:05,,", "14:05,2023,");
        assert_eq!(
            problems(&file(&[&outside]))[0].problem,
            CallFileProblem::OutsideSchoolYear {
                occurred_at: "2024-10-03T14:05".into(),
                school_year: "2023-24".into()
            }
        );
        let bad = GOOD.replace("14:05,,", "14:05,next,");
        assert_eq!(
            problems(&file(&[&bad]))[0].problem,
            CallFileProblem::BadSchoolYear {
                value: "next".into()
            }
        );
    }

    #[test]
    fn age_and_birth_date_must_agree() {
        let both = GOOD.replace(",15,,", ",15,2008-10-03,");
        assert_eq!(
            problems(&file(&[&both]))[0].problem,
            CallFileProblem::AgeDisagrees {
                age: 15,
                from_birth_date: 16
            }
        );
        let agreeing = GOOD.replace(",15,,", ",15,2009-10-03,");
        assert!(read_calls(&file(&[&agreeing]), &lookups()).is_ok());
    }

    #[test]
    fn quoted_line_breaks_keep_line_numbers_right() {
        let quoted = GOOD.replace("Two students fought", "\"Two\r\nstudents\nfought\"");
        let bad = GOOD.replace(",S1,", ",S2,").replace("fighting", "arson");
        let text = file(&[&quoted, &bad]).replace('\n', "\r\n");
        let found = problems(&text);
        assert_eq!(found[0].line, 5, "{found:?}");
    }

    #[test]
    fn date_times_read_in_the_usual_forms() {
        let read = |t: &str| parse_occurred_at(t).map(|(_, s)| s);
        assert_eq!(
            read("2024-10-03 14:05").as_deref(),
            Some("2024-10-03T14:05")
        );
        assert_eq!(read("2024-10-03T9:05").as_deref(), Some("2024-10-03T09:05"));
        assert_eq!(
            read("2024-10-03 09:05:59").as_deref(),
            Some("2024-10-03T09:05")
        );
        assert_eq!(read("10/3/2024 14:05").as_deref(), Some("2024-10-03T14:05"));
        assert_eq!(read("2024-10-03").as_deref(), Some("2024-10-03"));
        for bad in [
            "2024-10-03 24:00",
            "2024-10-03 14:5",
            "2024-10-03 14",
            "03.10.2024",
            "",
        ] {
            assert_eq!(read(bad), None, "{bad}");
        }
    }

    #[test]
    fn booleans_and_school_years_read_as_people_write_them() {
        for yes in ["yes", "Y", "TRUE", "1", "Sí", "si"] {
            assert_eq!(parse_boolean(yes), Some(true), "{yes}");
        }
        for no in ["no", "N", "false", "0"] {
            assert_eq!(parse_boolean(no), Some(false), "{no}");
        }
        assert_eq!(parse_boolean("maybe"), None);
        for year in ["2024-25", "2024", "2024-2025"] {
            assert_eq!(
                parse_school_year(year).map(|y| y.label).as_deref(),
                Some("2024-25")
            );
        }
        assert!(parse_school_year("24").is_none());
    }

    /// Writes calls as a calls file, the way an export would (the test's own school and staff ids).
    fn write_calls(calls: &[Call]) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(COLUMNS).expect("header");
        let school_name = |id: i64| {
            if id == 1 {
                "North High"
            } else {
                "Escuela Peña"
            }
        };
        let staff_number = |id: &i64| if *id == 10 { "B100" } else { "B200" };
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        let keys = |keys: Vec<&str>| keys.join(";");
        for call in calls {
            for s in &call.students {
                let staff: Vec<&str> = call.staff_ids.iter().map(staff_number).collect();
                let record: [String; 25] = [
                    call.call_key.clone(),
                    school_name(call.school_id).into(),
                    call.occurred_at.clone(),
                    call.school_year.to_string(),
                    call.requester.key().into(),
                    call.reason.clone(),
                    call.offense.clone(),
                    call.weapon.clone(),
                    yes_no(call.school_related).into(),
                    staff.join(";"),
                    call.agency_case_number.clone(),
                    call.cedars_incident_id.clone(),
                    call.narrative.clone(),
                    s.protected_id.clone(),
                    s.role.key().into(),
                    s.age.to_string(),
                    String::new(),
                    s.grade.clone(),
                    s.gender.key().into(),
                    yes_no(s.hispanic).into(),
                    keys(s.races.iter().map(|r| r.key()).collect()),
                    yes_no(s.iep).into(),
                    yes_no(s.section_504).into(),
                    yes_no(s.english_learner).into(),
                    keys(s.outcomes.iter().map(|o| o.key()).collect()),
                ];
                writer.write_record(&record).expect("row");
            }
        }
        String::from_utf8(writer.into_inner().expect("flush")).expect("utf-8")
    }

    fn text(pattern: &'static str) -> impl Strategy<Value = String> {
        pattern.prop_map(|t| t.trim().to_owned())
    }

    fn student(id: usize) -> impl Strategy<Value = CallStudent> {
        (
            proptest::sample::select(StudentRole::ALL),
            AGES,
            proptest::option::of(proptest::sample::select(&crate::calls::GRADES[..])),
            proptest::sample::select(Gender::ALL),
            proptest::collection::btree_set(proptest::sample::select(Race::ALL), 0..3),
            proptest::collection::btree_set(proptest::sample::select(Outcome::ALL), 0..4),
            proptest::array::uniform4(any::<bool>()),
        )
            .prop_map(move |(role, age, grade, gender, races, outcomes, flags)| {
                CallStudent {
                    protected_id: format!("S{id}"),
                    role,
                    age,
                    grade: grade.unwrap_or_default().to_owned(),
                    gender,
                    hispanic: flags[0],
                    races,
                    iep: flags[1],
                    section_504: flags[2],
                    english_learner: flags[3],
                    outcomes,
                }
            })
    }

    fn call(index: usize) -> impl Strategy<Value = Call> {
        let students = (1usize..4).prop_flat_map(|n| (0..n).map(student).collect::<Vec<_>>());
        let when = (
            2000i32..2030,
            1u8..=12,
            1u8..=28,
            proptest::option::of((0u8..24, 0u8..60)),
        );
        (
            (1i64..=2, when, proptest::sample::select(Requester::ALL)),
            (
                text("[a-zA-Z ,\"]{0,12}"),
                0usize..9,
                text("[a-z ]{0,8}"),
                any::<bool>(),
            ),
            proptest::sample::subsequence(vec![10i64, 20], 0..=2),
            (text("[A-Z0-9-]{0,8}"), text("[a-zA-Z ,\"\n;]{0,40}")),
            students,
        )
            .prop_map(
                move |(head, what, staff_ids, (case_number, narrative), students)| {
                    let (school_id, (year, month, day, time), requester) = head;
                    let (reason, offense, weapon, school_related) = what;
                    let date = format!("{year}-{month:02}-{day:02}");
                    let occurred_at = match time {
                        Some((h, m)) => format!("{date}T{h:02}:{m:02}"),
                        None => date,
                    };
                    let school_year = if month >= 9 { year } else { year - 1 };
                    Call {
                        call_key: format!("CALL-{index}"),
                        school_year,
                        school_id,
                        occurred_at,
                        requester,
                        reason,
                        offense: default_offense_types()[offense].code.clone(),
                        weapon,
                        school_related,
                        staff_ids,
                        agency_case_number: case_number.clone(),
                        cedars_incident_id: case_number,
                        narrative,
                        students,
                    }
                },
            )
    }

    proptest! {
        #[test]
        fn any_valid_calls_written_as_a_file_read_back_the_same(
            calls in (0usize..5).prop_flat_map(|n| (0..n).map(call).collect::<Vec<_>>())
        ) {
            let text = write_calls(&calls);
            prop_assert_eq!(read_calls(&text, &lookups()), Ok(calls));
        }

        #[test]
        fn reading_never_panics_and_bad_lines_are_in_the_file(text in "[a-z0-9,;\"\n\r -]{0,200}") {
            let with_header = format!("{TEMPLATE}{text}");
            if let Err(found) = read_calls(&with_header, &lookups()) {
                let lines = with_header.matches('\n').count() as u64 + 1;
                prop_assert!(found.iter().all(|p| p.line >= 1 && p.line <= lines));
            }
        }
    }
}
