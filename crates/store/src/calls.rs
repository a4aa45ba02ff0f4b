//! Calls for law-enforcement service and each student's part in them (LAW.md, "A call for
//! service"), and the district's offense types. These are student records (FERPA, R12): the edge lets
//! only the roles that keep them in, a read of one call's students is written to the audit trail
//! ([`Store::call`]), and every save is audited with the call before and after.
//!
//! A call is saved whole: its row, its students and its responding staff are replaced together, keyed
//! by the district's `call_key`, so that importing the same file twice changes nothing.

use crate::audit::{Actor, Change, record_change, record_read};
use crate::{Store, StoreError, StoreResult, now};
use accord_domain::calls::{
    Call, CallStudent, Gender, OffenseType, Outcome, Race, Requester, StudentRole,
    default_offense_types,
};
use accord_domain::report::ReportedStudent;
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A call as stored: its row id and the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredCall {
    pub id: i64,
    pub call: Call,
}

/// One call in a list: no student-level data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallSummary {
    pub id: i64,
    pub call_key: String,
    pub school_year: i32,
    pub school_id: i64,
    pub occurred_at: String,
    pub requester: String,
    pub offense: String,
    pub school_related: bool,
    pub students: i64,
    pub r7_reportable: bool,
}

/// What a save did, call by call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SaveCallsOutcome {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
}

#[derive(FromRow)]
struct CallRow {
    id: i64,
    call_key: String,
    school_year: i64,
    school_id: i64,
    occurred_at: String,
    requester: String,
    reason: String,
    offense: String,
    weapon: String,
    school_related: i64,
    agency_case_number: String,
    cedars_incident_id: String,
    narrative: String,
}

#[derive(FromRow)]
struct StudentRow {
    call_id: i64,
    protected_id: String,
    role: String,
    age: i64,
    grade: String,
    gender: String,
    hispanic: i64,
    races: String,
    iep: i64,
    section_504: i64,
    english_learner: i64,
    outcomes: String,
}

#[derive(FromRow)]
struct StaffLink {
    call_id: i64,
    staff_id: i64,
}

/// Which calls to read. Every filter is within one district.
#[derive(Clone, Copy)]
enum Which {
    Year(i32),
    AllYears,
    One(i64),
}

impl Which {
    /// The binds after the district for the `call_filter!` clause: year, all years?, id, any id?
    fn binds(self) -> (i64, i64, i64, i64) {
        match self {
            Which::Year(year) => (i64::from(year), 0, 0, 1),
            Which::AllYears => (0, 1, 0, 1),
            Which::One(id) => (0, 1, id, 0),
        }
    }
}

// One clause for every read, with flags instead of optional parameters (a NULL parameter has no type
// for PostgreSQL to infer).
macro_rules! call_filter {
    () => {
        "WHERE c.district_id = $1 AND (c.school_year = $2 OR $3 = 1) AND (c.id = $4 OR $5 = 1) "
    };
}

const CALLS_SQL: &str = concat!(
    "SELECT c.id, c.call_key, c.school_year, c.school_id, c.occurred_at, c.requester, c.reason, \
     c.offense, c.weapon, c.school_related, c.agency_case_number, c.cedars_incident_id, \
     c.narrative FROM calls c ",
    call_filter!(),
    "ORDER BY c.occurred_at DESC, c.id DESC"
);
const STUDENTS_SQL: &str = concat!(
    "SELECT s.call_id, s.protected_id, s.role, s.age, s.grade, s.gender, s.hispanic, s.races, \
     s.iep, s.section_504, s.english_learner, s.outcomes \
     FROM call_students s JOIN calls c ON c.id = s.call_id ",
    call_filter!(),
    "ORDER BY s.call_id, s.position"
);
const STAFF_SQL: &str = concat!(
    "SELECT x.call_id, x.staff_id FROM call_staff x JOIN calls c ON c.id = x.call_id ",
    call_filter!(),
    "ORDER BY x.call_id, x.staff_id"
);

impl Store {
    /// The district's offense types: LAW.md's defaults until the district stores its own.
    pub async fn offense_types(&self, district_id: i64) -> StoreResult<Vec<OffenseType>> {
        let stored: Vec<(String, String)> = sqlx::query_as(
            "SELECT code, label FROM offense_types WHERE district_id = $1 ORDER BY position",
        )
        .bind(district_id)
        .fetch_all(&self.read)
        .await?;
        if stored.is_empty() {
            return Ok(default_offense_types());
        }
        Ok(stored
            .into_iter()
            .map(|(code, label)| OffenseType { code, label })
            .collect())
    }

    /// Replaces the district's offense types with `types` (in their order). Refuses, storing nothing,
    /// to drop a code that recorded calls use: their reports would lose the row.
    pub async fn save_offense_types(
        &self,
        district_id: i64,
        actor: &Actor,
        types: &[OffenseType],
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await?;
        let used: Vec<(String,)> =
            sqlx::query_as("SELECT DISTINCT offense FROM calls WHERE district_id = $1")
                .bind(district_id)
                .fetch_all(&mut *tx)
                .await?;
        if let Some((code,)) = used
            .iter()
            .find(|(code,)| !types.iter().any(|t| &t.code == code))
        {
            return Err(StoreError::Conflict(code.clone()));
        }
        let before = self.offense_types(district_id).await?;
        sqlx::query("DELETE FROM offense_types WHERE district_id = $1")
            .bind(district_id)
            .execute(&mut *tx)
            .await?;
        for (position, offense) in types.iter().enumerate() {
            sqlx::query(
                "INSERT INTO offense_types (district_id, code, label, position) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(district_id)
            .bind(&offense.code)
            .bind(&offense.label)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        }
        let change = Change {
            district_id,
            table: "offense_types",
            record_id: district_id,
            before: Some(&before),
            after: &types.to_vec(),
        };
        record_change(&mut tx, actor, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds or replaces `calls` (keyed by their `call_key`), all or nothing. A call identical to the
    /// stored one is left alone. Refuses a school or staff member of another district.
    pub async fn save_calls(
        &self,
        district_id: i64,
        actor: &Actor,
        calls: &[Call],
    ) -> StoreResult<SaveCallsOutcome> {
        let mut tx = self.write.begin().await?;
        check_belongs(&mut tx, district_id, calls).await?;
        let mut existing = existing_calls(&mut tx, district_id, calls).await?;
        let mut outcome = SaveCallsOutcome::default();
        // Each touched school year and how its number of calls changed.
        let mut moved: BTreeMap<i32, i64> = BTreeMap::new();
        for call in calls {
            let call = &with_staff_in_order(call);
            match existing.remove(&call.call_key) {
                Some(stored) if stored.call == *call => outcome.unchanged += 1,
                Some(stored) => {
                    replace_call(&mut tx, district_id, stored.id, call).await?;
                    let (from, to) = (stored.call.school_year, call.school_year);
                    *moved.entry(from).or_default() -= 1;
                    *moved.entry(to).or_default() += 1;
                    let after = StoredCall {
                        id: stored.id,
                        call: call.clone(),
                    };
                    audit(&mut tx, actor, district_id, Some(&stored), &after).await?;
                    outcome.changed += 1;
                }
                None => {
                    let id = insert_call(&mut tx, district_id, call).await?;
                    *moved.entry(call.school_year).or_default() += 1;
                    let after = StoredCall {
                        id,
                        call: call.clone(),
                    };
                    audit(&mut tx, actor, district_id, None, &after).await?;
                    outcome.added += 1;
                }
            }
        }
        for (year, calls) in moved {
            move_year_revision(&mut tx, district_id, year, calls).await?;
        }
        tx.commit().await?;
        Ok(outcome)
    }

    /// Calls of one school year (`None`: every year), newest first, without student-level data.
    pub async fn calls(
        &self,
        district_id: i64,
        school_year: Option<i32>,
    ) -> StoreResult<Vec<CallSummary>> {
        let which = school_year.map_or(Which::AllYears, Which::Year);
        let mut conn = self.read.acquire().await?;
        let calls = load(&mut conn, district_id, which).await?;
        Ok(calls.iter().map(summary).collect())
    }

    /// One call with its students and narrative. The read is written to the audit trail (R12).
    pub async fn call(&self, district_id: i64, id: i64, actor: &Actor) -> StoreResult<StoredCall> {
        let mut tx = self.write.begin().await?;
        let call = load(&mut tx, district_id, Which::One(id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound)?;
        record_read(&mut tx, actor, district_id, "calls", id).await?;
        tx.commit().await?;
        Ok(call)
    }

    /// Records that `actor` read the students of each of `call_ids` at once (an export of
    /// student-level rows, such as the R7 incident file), in one transaction.
    pub async fn record_call_reads(
        &self,
        district_id: i64,
        actor: &Actor,
        call_ids: &[i64],
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await?;
        for &id in call_ids {
            record_read(&mut tx, actor, district_id, "calls", id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The id of the district's call with `call_key`, ignoring case (an exact match first).
    pub async fn call_id(&self, district_id: i64, call_key: &str) -> StoreResult<Option<i64>> {
        let found: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM calls WHERE district_id = $1 AND LOWER(call_key) = LOWER($2) \
             ORDER BY (call_key = $2) DESC, id LIMIT 1",
        )
        .bind(district_id)
        .bind(call_key)
        .fetch_optional(&self.read)
        .await?;
        Ok(found.map(|(id,)| id))
    }

    /// The school years that have calls, newest first.
    pub async fn call_years(&self, district_id: i64) -> StoreResult<Vec<i32>> {
        Ok(self
            .call_year_revisions(district_id)
            .await?
            .into_iter()
            .map(|(year, _)| year)
            .collect())
    }

    /// Each school year with calls (newest first) and its revision, which moves on whenever a save
    /// changes one of the year's calls: what a kept copy of a year's counts is checked against.
    pub async fn call_year_revisions(&self, district_id: i64) -> StoreResult<Vec<(i32, i64)>> {
        let years: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT school_year, revision FROM call_year_revisions \
             WHERE district_id = $1 AND calls > 0 ORDER BY school_year DESC",
        )
        .bind(district_id)
        .fetch_all(&self.read)
        .await?;
        Ok(years
            .into_iter()
            .map(|(year, revision)| (year as i32, revision))
            .collect())
    }

    /// Every call of a school year with its students but without narratives: what the R7 incident
    /// file lists. Not audited call by call: the caller's route records the export.
    pub async fn calls_for_report(
        &self,
        district_id: i64,
        school_year: i32,
    ) -> StoreResult<Vec<StoredCall>> {
        let mut conn = self.read.acquire().await?;
        let mut calls = load(&mut conn, district_id, Which::Year(school_year)).await?;
        for stored in &mut calls {
            stored.call.narrative.clear();
        }
        Ok(calls)
    }

    /// Each student of each call of a school year, reduced to what the yearly report counts: one
    /// query over the counted columns only, in no particular order (the report does not need one).
    /// Aggregates for publishing: not audited call by call.
    pub async fn report_students(
        &self,
        district_id: i64,
        school_year: i32,
    ) -> StoreResult<Vec<ReportedStudent>> {
        let rows: Vec<ReportedRow> = sqlx::query_as(
            "SELECT c.id, c.school_id, c.offense, c.school_related, s.role, s.age, s.gender, \
             s.hispanic, s.races, s.iep, s.section_504, s.english_learner, s.outcomes \
             FROM calls c JOIN call_students s ON s.call_id = c.id \
             WHERE c.district_id = $1 AND c.school_year = $2",
        )
        .bind(district_id)
        .bind(i64::from(school_year))
        .fetch_all(&self.read)
        .await?;
        rows.into_iter().map(reported_student).collect()
    }
}

/// The call as it reads back: responding staff once each, in id order.
fn with_staff_in_order(call: &Call) -> Call {
    let staff: BTreeSet<i64> = call.staff_ids.iter().copied().collect();
    Call {
        staff_ids: staff.into_iter().collect(),
        ..call.clone()
    }
}

fn summary(stored: &StoredCall) -> CallSummary {
    let call = &stored.call;
    CallSummary {
        id: stored.id,
        call_key: call.call_key.clone(),
        school_year: call.school_year,
        school_id: call.school_id,
        occurred_at: call.occurred_at.clone(),
        requester: call.requester.key().to_owned(),
        offense: call.offense.clone(),
        school_related: call.school_related,
        students: call.students.len() as i64,
        r7_reportable: call.reportable_under_r7(),
    }
}

/// Reads the calls `which` selects, each with its students and staff.
async fn load(
    conn: &mut AnyConnection,
    district_id: i64,
    which: Which,
) -> StoreResult<Vec<StoredCall>> {
    let (year, all_years, id, any_id) = which.binds();
    macro_rules! fetch {
        ($sql:expr) => {
            sqlx::query_as($sql)
                .bind(district_id)
                .bind(year)
                .bind(all_years)
                .bind(id)
                .bind(any_id)
                .fetch_all(&mut *conn)
                .await?
        };
    }
    let rows: Vec<CallRow> = fetch!(CALLS_SQL);
    let students: Vec<StudentRow> = fetch!(STUDENTS_SQL);
    let staff: Vec<StaffLink> = fetch!(STAFF_SQL);
    assemble(rows, students, staff)
}

fn assemble(
    rows: Vec<CallRow>,
    students: Vec<StudentRow>,
    staff: Vec<StaffLink>,
) -> StoreResult<Vec<StoredCall>> {
    let mut students_of: HashMap<i64, Vec<CallStudent>> = HashMap::new();
    for row in students {
        let call_id = row.call_id;
        students_of
            .entry(call_id)
            .or_default()
            .push(student_of(row)?);
    }
    let mut staff_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for link in staff {
        staff_of
            .entry(link.call_id)
            .or_default()
            .push(link.staff_id);
    }
    rows.into_iter()
        .map(|row| {
            let id = row.id;
            Ok(StoredCall {
                id,
                call: Call {
                    call_key: row.call_key,
                    school_year: row.school_year as i32,
                    school_id: row.school_id,
                    occurred_at: row.occurred_at,
                    requester: code(
                        Requester::parse(&row.requester),
                        "requester",
                        &row.requester,
                    )?,
                    reason: row.reason,
                    offense: row.offense,
                    weapon: row.weapon,
                    school_related: row.school_related != 0,
                    staff_ids: staff_of.remove(&id).unwrap_or_default(),
                    agency_case_number: row.agency_case_number,
                    cedars_incident_id: row.cedars_incident_id,
                    narrative: row.narrative,
                    students: students_of.remove(&id).unwrap_or_default(),
                },
            })
        })
        .collect()
}

/// One student of a call as the report reads it (see [`Store::report_students`]).
#[derive(FromRow)]
struct ReportedRow {
    id: i64,
    school_id: i64,
    offense: String,
    school_related: i64,
    role: String,
    age: i64,
    gender: String,
    hispanic: i64,
    races: String,
    iep: i64,
    section_504: i64,
    english_learner: i64,
    outcomes: String,
}

fn reported_student(row: ReportedRow) -> StoreResult<ReportedStudent> {
    let student = student_of(StudentRow {
        call_id: row.id,
        protected_id: String::new(),
        role: row.role,
        age: row.age,
        grade: String::new(),
        gender: row.gender,
        hispanic: row.hispanic,
        races: row.races,
        iep: row.iep,
        section_504: row.section_504,
        english_learner: row.english_learner,
        outcomes: row.outcomes,
    })?;
    Ok(ReportedStudent {
        call: row.id,
        school_id: row.school_id,
        offense: row.offense,
        school_related: row.school_related != 0,
        student: student.involvement(),
    })
}

fn student_of(row: StudentRow) -> StoreResult<CallStudent> {
    Ok(CallStudent {
        protected_id: row.protected_id,
        role: code(StudentRole::parse(&row.role), "student role", &row.role)?,
        age: u8::try_from(row.age).unwrap_or(u8::MAX),
        grade: row.grade,
        gender: code(Gender::parse(&row.gender), "gender", &row.gender)?,
        hispanic: row.hispanic != 0,
        races: keys(&row.races, Race::parse, "race")?,
        iep: row.iep != 0,
        section_504: row.section_504 != 0,
        english_learner: row.english_learner != 0,
        outcomes: keys(&row.outcomes, Outcome::parse, "outcome")?,
    })
}

/// A stored code read back; one the domain does not know means the database was written by
/// something else, which is an error rather than a guess.
fn code<T>(parsed: Option<T>, what: &str, value: &str) -> StoreResult<T> {
    parsed.ok_or_else(|| {
        StoreError::Database(sqlx::Error::Decode(
            format!("unknown {what} {value:?} in a stored call").into(),
        ))
    })
}

fn keys<T: Ord>(text: &str, parse: fn(&str) -> Option<T>, what: &str) -> StoreResult<BTreeSet<T>> {
    text.split(';')
        .filter(|key| !key.is_empty())
        .map(|key| code(parse(key), what, key))
        .collect()
}

fn joined<'a>(keys: impl Iterator<Item = &'a str>) -> String {
    keys.collect::<Vec<_>>().join(";")
}

/// Refuses, before anything is written, a call naming a school or staff member of another district.
async fn check_belongs(
    tx: &mut Transaction<'static, Any>,
    district_id: i64,
    calls: &[Call],
) -> StoreResult<()> {
    let schools: HashSet<i64> = sqlx::query_as("SELECT id FROM schools WHERE district_id = $1")
        .bind(district_id)
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(id,): (i64,)| id)
        .collect();
    let staff: HashSet<i64> = sqlx::query_as("SELECT id FROM staff_members WHERE district_id = $1")
        .bind(district_id)
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|(id,): (i64,)| id)
        .collect();
    for call in calls {
        if !schools.contains(&call.school_id) {
            return Err(StoreError::Conflict(format!(
                "call {}: school {} is not one of this district's",
                call.call_key, call.school_id
            )));
        }
        if let Some(id) = call.staff_ids.iter().find(|id| !staff.contains(id)) {
            return Err(StoreError::Conflict(format!(
                "call {}: staff member {id} is not one of this district's",
                call.call_key
            )));
        }
    }
    Ok(())
}

/// The stored calls that share a key with one of `calls`, by key. Reads whole school years (the
/// years those calls are stored in), which keeps a re-import to a handful of queries.
async fn existing_calls(
    tx: &mut Transaction<'static, Any>,
    district_id: i64,
    calls: &[Call],
) -> StoreResult<HashMap<String, StoredCall>> {
    let keys: HashSet<&str> = calls.iter().map(|c| c.call_key.as_str()).collect();
    let stored: Vec<(String, i64)> =
        sqlx::query_as("SELECT call_key, school_year FROM calls WHERE district_id = $1")
            .bind(district_id)
            .fetch_all(&mut **tx)
            .await?;
    let years: BTreeSet<i64> = stored
        .into_iter()
        .filter(|(key, _)| keys.contains(key.as_str()))
        .map(|(_, year)| year)
        .collect();
    let mut existing = HashMap::new();
    for year in years {
        for stored in load(tx, district_id, Which::Year(year as i32)).await? {
            if keys.contains(stored.call.call_key.as_str()) {
                existing.insert(stored.call.call_key.clone(), stored);
            }
        }
    }
    Ok(existing)
}

/// Moves a school year's revision on and its number of calls by `calls` (added less moved away).
async fn move_year_revision(
    tx: &mut Transaction<'static, Any>,
    district_id: i64,
    school_year: i32,
    calls: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO call_year_revisions (district_id, school_year, calls, revision) \
         VALUES ($1, $2, $3, 1) ON CONFLICT (district_id, school_year) DO UPDATE \
         SET calls = call_year_revisions.calls + $3, revision = call_year_revisions.revision + 1",
    )
    .bind(district_id)
    .bind(i64::from(school_year))
    .bind(calls)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_call(
    tx: &mut Transaction<'static, Any>,
    district_id: i64,
    call: &Call,
) -> StoreResult<i64> {
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO calls (district_id, call_key, school_year, school_id, occurred_at, requester, \
         reason, offense, weapon, school_related, agency_case_number, cedars_incident_id, narrative, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(district_id)
    .bind(&call.call_key)
    .bind(i64::from(call.school_year))
    .bind(call.school_id)
    .bind(&call.occurred_at)
    .bind(call.requester.key())
    .bind(&call.reason)
    .bind(&call.offense)
    .bind(&call.weapon)
    .bind(i64::from(call.school_related))
    .bind(&call.agency_case_number)
    .bind(&call.cedars_incident_id)
    .bind(&call.narrative)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    insert_parts(tx, id, call).await?;
    Ok(id)
}

async fn replace_call(
    tx: &mut Transaction<'static, Any>,
    district_id: i64,
    id: i64,
    call: &Call,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE calls SET school_year = $3, school_id = $4, occurred_at = $5, requester = $6, \
         reason = $7, offense = $8, weapon = $9, school_related = $10, agency_case_number = $11, \
         cedars_incident_id = $12, narrative = $13, updated_at = $14 \
         WHERE district_id = $1 AND id = $2",
    )
    .bind(district_id)
    .bind(id)
    .bind(i64::from(call.school_year))
    .bind(call.school_id)
    .bind(&call.occurred_at)
    .bind(call.requester.key())
    .bind(&call.reason)
    .bind(&call.offense)
    .bind(&call.weapon)
    .bind(i64::from(call.school_related))
    .bind(&call.agency_case_number)
    .bind(&call.cedars_incident_id)
    .bind(&call.narrative)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM call_students WHERE call_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM call_staff WHERE call_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    insert_parts(tx, id, call).await
}

/// The call's students (in order) and its responding staff.
async fn insert_parts(
    tx: &mut Transaction<'static, Any>,
    call_id: i64,
    call: &Call,
) -> StoreResult<()> {
    for (position, student) in call.students.iter().enumerate() {
        sqlx::query(
            "INSERT INTO call_students (call_id, position, protected_id, role, age, grade, gender, \
             hispanic, races, iep, section_504, english_learner, outcomes) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(call_id)
        .bind(position as i64)
        .bind(&student.protected_id)
        .bind(student.role.key())
        .bind(i64::from(student.age))
        .bind(&student.grade)
        .bind(student.gender.key())
        .bind(i64::from(student.hispanic))
        .bind(joined(student.races.iter().map(|r| r.key())))
        .bind(i64::from(student.iep))
        .bind(i64::from(student.section_504))
        .bind(i64::from(student.english_learner))
        .bind(joined(student.outcomes.iter().map(|o| o.key())))
        .execute(&mut **tx)
        .await?;
    }
    for &staff_id in &call.staff_ids {
        sqlx::query("INSERT INTO call_staff (call_id, staff_id) VALUES ($1, $2)")
            .bind(call_id)
            .bind(staff_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn audit(
    tx: &mut Transaction<'static, Any>,
    actor: &Actor,
    district_id: i64,
    before: Option<&StoredCall>,
    after: &StoredCall,
) -> StoreResult<()> {
    let change = Change {
        district_id,
        table: "calls",
        record_id: after.id,
        before,
        after,
    };
    record_change(tx, actor, change).await
}
