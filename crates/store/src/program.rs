//! The program's record: agencies, staff, assignments to schools, the training catalogue, training
//! records with their evidence, and plans. Every write is audited in its own transaction
//! ([`crate::audit`]). The rules (the gate, deadlines, what a file may be) are the domain's and are
//! applied by the caller; this module keeps rows and the uniqueness the database can guard.
//!
//! Calendar dates travel as ISO `YYYY-MM-DD` text.

use crate::audit::{Actor, Change, record_change};
use crate::{Store, StoreError, StoreResult, now, on_unique};
use accord_domain::training::{Requirement, washington_series};
use serde::Serialize;
use sqlx::{Any, FromRow, Transaction};

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct Agency {
    pub id: i64,
    pub district_id: i64,
    pub name: String,
    /// An `accord_domain::training::AgencyKind` key.
    pub kind: String,
    pub contact: String,
}

#[derive(Debug, Clone)]
pub struct NewAgency {
    pub name: String,
    pub kind: String,
    pub contact: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct StaffMember {
    pub id: i64,
    pub district_id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub staff_number: String,
    pub name: String,
    /// An `accord_domain::training::StaffType` key.
    pub staff_type: String,
    pub first_day_on_site: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewStaff {
    pub agency_id: i64,
    pub staff_number: String,
    pub name: String,
    pub staff_type: String,
    pub first_day_on_site: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct Assignment {
    pub id: i64,
    pub district_id: i64,
    pub staff_id: i64,
    pub school_id: i64,
    pub school_name: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub days_per_week: i64,
}

#[derive(Debug, Clone)]
pub struct NewAssignment {
    pub staff_id: i64,
    pub school_id: i64,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub days_per_week: i64,
}

/// A line of the district's catalogue with its row id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueEntry {
    pub id: i64,
    pub requirement: Requirement,
}

#[derive(FromRow)]
struct RequirementRow {
    id: i64,
    code: String,
    title: String,
    kind: String,
    required_units: i64,
    deadline_months: i64,
    staff_types: String,
}

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct TrainingRecord {
    pub id: i64,
    pub district_id: i64,
    pub staff_id: i64,
    pub requirement_id: i64,
    pub code: String,
    pub completed_on: String,
    pub provider: String,
    pub hours: f64,
    pub units: i64,
    pub evidence_id: Option<i64>,
    pub verified_by: Option<i64>,
    pub verified_at: Option<i64>,
    pub waived: i64,
    pub waiver_reason: String,
}

/// An uploaded file, already checked by the domain (`sniff_evidence`).
#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub media_type: String,
    pub sha256: String,
    pub content: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct NewTrainingRecord {
    pub staff_id: i64,
    pub requirement_id: i64,
    pub completed_on: String,
    pub provider: String,
    pub hours: f64,
    pub units: i64,
    pub evidence: Option<NewEvidence>,
    /// A waiver for significant prior training, with its reason; recorded as verified by the actor.
    pub waiver_reason: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct Evidence {
    pub district_id: i64,
    pub staff_id: i64,
    pub media_type: String,
    pub content: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct TrainingPlan {
    pub id: i64,
    pub district_id: i64,
    pub staff_id: i64,
    pub complete_by: String,
    pub note: String,
    pub approved_by: Option<i64>,
    pub approved_at: Option<i64>,
}

macro_rules! staff_select {
    () => {
        "SELECT s.id, s.district_id, s.agency_id, a.name AS agency_name, s.staff_number, s.name, \
         s.staff_type, s.first_day_on_site FROM staff_members s JOIN agencies a ON a.id = s.agency_id "
    };
}

macro_rules! assignment_select {
    () => {
        "SELECT x.id, x.district_id, x.staff_id, x.school_id, sc.name AS school_name, x.starts_on, \
         x.ends_on, x.days_per_week FROM assignments x JOIN schools sc ON sc.id = x.school_id "
    };
}

macro_rules! record_select {
    () => {
        "SELECT t.id, t.district_id, t.staff_id, t.requirement_id, r.code, t.completed_on, t.provider, \
         t.hours, t.units, t.evidence_id, t.verified_by, t.verified_at, t.waived, t.waiver_reason \
         FROM training_records t JOIN training_requirements r ON r.id = t.requirement_id "
    };
}

macro_rules! plan_select {
    () => {
        "SELECT id, district_id, staff_id, complete_by, note, approved_by, approved_at \
         FROM training_plans "
    };
}

fn corrupt(what: String) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(what.into()))
}

impl TryFrom<RequirementRow> for CatalogueEntry {
    type Error = StoreError;
    fn try_from(row: RequirementRow) -> StoreResult<CatalogueEntry> {
        let staff_types = row
            .staff_types
            .split(',')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|e| corrupt(format!("{e}")))?;
        Ok(CatalogueEntry {
            id: row.id,
            requirement: Requirement {
                code: row.code,
                title: row.title,
                kind: row.kind.parse().map_err(|e| corrupt(format!("{e}")))?,
                required_units: u32::try_from(row.required_units).unwrap_or(1),
                deadline_months: u32::try_from(row.deadline_months).unwrap_or(0),
                staff_types,
            },
        })
    }
}

/// Reads one row back in the transaction, for the audit's "after".
pub(crate) async fn read_in<T>(
    tx: &mut Transaction<'static, Any>,
    sql: &'static str,
    id: i64,
) -> StoreResult<T>
where
    T: for<'r> FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    Ok(sqlx::query_as(sql).bind(id).fetch_one(&mut **tx).await?)
}

const AGENCY_BY_ID: &str =
    "SELECT id, district_id, name, kind, contact FROM agencies WHERE id = $1";
const STAFF_BY_ID: &str = concat!(staff_select!(), "WHERE s.id = $1");
const ASSIGNMENT_BY_ID: &str = concat!(assignment_select!(), "WHERE x.id = $1");
const RECORD_BY_ID: &str = concat!(record_select!(), "WHERE t.id = $1");
const PLAN_BY_STAFF: &str = concat!(plan_select!(), "WHERE staff_id = $1");

impl Store {
    /// The district's training catalogue, seeded with Washington's series the first time.
    pub async fn training_catalogue(&self, district_id: i64) -> StoreResult<Vec<CatalogueEntry>> {
        self.seed_catalogue(district_id).await?;
        self.catalogue_rows(district_id).await
    }

    /// Seeds Washington's series once, the first time a district's catalogue is read.
    pub(crate) async fn seed_catalogue(&self, district_id: i64) -> StoreResult<()> {
        let (existing,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM training_requirements WHERE district_id = $1")
                .bind(district_id)
                .fetch_one(&self.write)
                .await?;
        if existing > 0 {
            return Ok(());
        }
        for (position, r) in washington_series().iter().enumerate() {
            let types: Vec<&str> = r.staff_types.iter().map(|t| t.key()).collect();
            sqlx::query(
                "INSERT INTO training_requirements (district_id, code, title, kind, required_units, \
                 deadline_months, staff_types, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (district_id, code) DO NOTHING",
            )
            .bind(district_id)
            .bind(&r.code)
            .bind(&r.title)
            .bind(r.kind.key())
            .bind(i64::from(r.required_units))
            .bind(i64::from(r.deadline_months))
            .bind(types.join(","))
            .bind(position as i64)
            .execute(&self.write)
            .await?;
        }
        Ok(())
    }

    async fn catalogue_rows(&self, district_id: i64) -> StoreResult<Vec<CatalogueEntry>> {
        let rows: Vec<RequirementRow> = sqlx::query_as(
            "SELECT id, code, title, kind, required_units, deadline_months, staff_types \
             FROM training_requirements WHERE district_id = $1 AND retired = 0 \
             ORDER BY position, id",
        )
        .bind(district_id)
        .fetch_all(&self.write)
        .await?;
        rows.into_iter().map(CatalogueEntry::try_from).collect()
    }

    pub async fn add_agency(
        &self,
        district_id: i64,
        actor: &Actor,
        agency: &NewAgency,
    ) -> StoreResult<Agency> {
        let mut tx = self.write.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO agencies (district_id, name, kind, contact, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(district_id)
        .bind(&agency.name)
        .bind(&agency.kind)
        .bind(&agency.contact)
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(on_unique("an agency with this name already exists"))?;
        let after: Agency = read_in(&mut tx, AGENCY_BY_ID, id).await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id,
                table: "agencies",
                record_id: id,
                before: None,
                after: &after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    pub async fn agencies(&self, district_id: i64) -> StoreResult<Vec<Agency>> {
        Ok(sqlx::query_as(
            "SELECT id, district_id, name, kind, contact FROM agencies WHERE district_id = $1 \
             ORDER BY name",
        )
        .bind(district_id)
        .fetch_all(&self.read)
        .await?)
    }

    pub async fn agency(&self, id: i64) -> StoreResult<Option<Agency>> {
        Ok(sqlx::query_as(AGENCY_BY_ID)
            .bind(id)
            .fetch_optional(&self.read)
            .await?)
    }

    /// Links an agency liaison's account to their agency (replacing any earlier link).
    pub async fn link_user_to_agency(
        &self,
        actor: &Actor,
        user: &crate::User,
        agency_id: i64,
    ) -> StoreResult<()> {
        #[derive(Serialize)]
        struct Link {
            user_id: i64,
            agency_id: i64,
        }
        let mut tx = self.write.begin().await?;
        let before: Option<(i64,)> =
            sqlx::query_as("SELECT agency_id FROM user_agencies WHERE user_id = $1")
                .bind(user.id)
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO user_agencies (user_id, agency_id) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO UPDATE SET agency_id = excluded.agency_id",
        )
        .bind(user.id)
        .bind(agency_id)
        .execute(&mut *tx)
        .await?;
        let before = before.map(|(agency_id,)| Link {
            user_id: user.id,
            agency_id,
        });
        record_change(
            &mut tx,
            actor,
            Change {
                district_id: user.district_id,
                table: "user_agencies",
                record_id: user.id,
                before: before.as_ref(),
                after: &Link {
                    user_id: user.id,
                    agency_id,
                },
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The agency a user is linked to, if any.
    pub async fn user_agency(&self, user_id: i64) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT agency_id FROM user_agencies WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(&self.read)
                .await?;
        Ok(row.map(|(id,)| id))
    }

    /// Adds staff members in one transaction: all of them, or none (an import's rows).
    pub async fn add_staff(
        &self,
        district_id: i64,
        actor: &Actor,
        people: &[NewStaff],
    ) -> StoreResult<Vec<StaffMember>> {
        let mut tx = self.write.begin().await?;
        let mut added = Vec::with_capacity(people.len());
        for person in people {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO staff_members (district_id, agency_id, staff_number, name, staff_type, \
                 first_day_on_site, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(district_id)
            .bind(person.agency_id)
            .bind(&person.staff_number)
            .bind(&person.name)
            .bind(&person.staff_type)
            .bind(&person.first_day_on_site)
            .bind(now())
            .fetch_one(&mut *tx)
            .await
            .map_err(on_unique(
                "this agency already has a staff member with this number",
            ))?;
            let after: StaffMember = read_in(&mut tx, STAFF_BY_ID, id).await?;
            record_change(
                &mut tx,
                actor,
                Change {
                    district_id,
                    table: "staff_members",
                    record_id: id,
                    before: None,
                    after: &after,
                },
            )
            .await?;
            added.push(after);
        }
        tx.commit().await?;
        Ok(added)
    }

    /// The district's staff, or one agency's, by name.
    pub async fn staff(
        &self,
        district_id: i64,
        agency_id: Option<i64>,
    ) -> StoreResult<Vec<StaffMember>> {
        Ok(sqlx::query_as(concat!(
            staff_select!(),
            "WHERE s.district_id = $1 AND ($2 = 0 OR s.agency_id = $2) ORDER BY s.name, s.id"
        ))
        .bind(district_id)
        .bind(agency_id.unwrap_or(0))
        .fetch_all(&self.read)
        .await?)
    }

    pub async fn staff_member(&self, id: i64) -> StoreResult<Option<StaffMember>> {
        Ok(sqlx::query_as(STAFF_BY_ID)
            .bind(id)
            .fetch_optional(&self.read)
            .await?)
    }

    pub async fn add_assignment(
        &self,
        district_id: i64,
        actor: &Actor,
        assignment: &NewAssignment,
    ) -> StoreResult<Assignment> {
        let mut tx = self.write.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO assignments (district_id, staff_id, school_id, starts_on, ends_on, \
             days_per_week, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(district_id)
        .bind(assignment.staff_id)
        .bind(assignment.school_id)
        .bind(&assignment.starts_on)
        .bind(&assignment.ends_on)
        .bind(assignment.days_per_week)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        let after: Assignment = read_in(&mut tx, ASSIGNMENT_BY_ID, id).await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id,
                table: "assignments",
                record_id: id,
                before: None,
                after: &after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A district's assignments (all of them, or one person's), earliest first.
    pub async fn assignments(
        &self,
        district_id: i64,
        staff_id: Option<i64>,
    ) -> StoreResult<Vec<Assignment>> {
        Ok(sqlx::query_as(concat!(
            assignment_select!(),
            "WHERE x.district_id = $1 AND ($2 = 0 OR x.staff_id = $2) ORDER BY x.starts_on, x.id"
        ))
        .bind(district_id)
        .bind(staff_id.unwrap_or(0))
        .fetch_all(&self.read)
        .await?)
    }

    /// Adds training records (with their evidence files) in one transaction: all, or none.
    pub async fn add_training_records(
        &self,
        district_id: i64,
        actor: &Actor,
        records: &[NewTrainingRecord],
    ) -> StoreResult<Vec<TrainingRecord>> {
        let mut tx = self.write.begin().await?;
        let mut added = Vec::with_capacity(records.len());
        for record in records {
            let evidence_id = match &record.evidence {
                Some(file) => Some(insert_evidence(&mut tx, district_id, file).await?),
                None => None,
            };
            let waived = record.waiver_reason.is_some();
            let (verified_by, verified_at) = if waived {
                (actor.user_id, Some(now()))
            } else {
                (None, None)
            };
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO training_records (district_id, staff_id, requirement_id, completed_on, \
                 provider, hours, units, evidence_id, verified_by, verified_at, waived, waiver_reason, \
                 created_at) VALUES ($1, $2, $3, $4, $5, CAST($6 AS DOUBLE PRECISION), $7, $8, $9, \
                 $10, $11, $12, $13) RETURNING id",
            )
            .bind(district_id)
            .bind(record.staff_id)
            .bind(record.requirement_id)
            .bind(&record.completed_on)
            .bind(&record.provider)
            .bind(record.hours)
            .bind(record.units)
            .bind(evidence_id)
            .bind(verified_by)
            .bind(verified_at)
            .bind(i64::from(waived))
            .bind(record.waiver_reason.clone().unwrap_or_default())
            .bind(now())
            .fetch_one(&mut *tx)
            .await
            .map_err(on_unique(
                "this training is already recorded for this person on this date by this provider",
            ))?;
            let after: TrainingRecord = read_in(&mut tx, RECORD_BY_ID, id).await?;
            record_change(
                &mut tx,
                actor,
                Change {
                    district_id,
                    table: "training_records",
                    record_id: id,
                    before: None,
                    after: &after,
                },
            )
            .await?;
            added.push(after);
        }
        tx.commit().await?;
        Ok(added)
    }

    /// A district's training records (all, or one person's), by date.
    pub async fn training_records(
        &self,
        district_id: i64,
        staff_id: Option<i64>,
    ) -> StoreResult<Vec<TrainingRecord>> {
        Ok(sqlx::query_as(concat!(
            record_select!(),
            "WHERE t.district_id = $1 AND ($2 = 0 OR t.staff_id = $2) \
             ORDER BY t.completed_on, t.id"
        ))
        .bind(district_id)
        .bind(staff_id.unwrap_or(0))
        .fetch_all(&self.read)
        .await?)
    }

    pub async fn training_record(&self, id: i64) -> StoreResult<Option<TrainingRecord>> {
        Ok(sqlx::query_as(RECORD_BY_ID)
            .bind(id)
            .fetch_optional(&self.read)
            .await?)
    }

    /// Marks a record verified by the actor, now. Verifying twice keeps the first verification.
    pub async fn verify_training_record(
        &self,
        actor: &Actor,
        record_id: i64,
    ) -> StoreResult<TrainingRecord> {
        let mut tx = self.write.begin().await?;
        let before: TrainingRecord = read_in(&mut tx, RECORD_BY_ID, record_id)
            .await
            .map_err(|_| StoreError::NotFound)?;
        if before.verified_at.is_some() {
            return Ok(before);
        }
        sqlx::query("UPDATE training_records SET verified_by = $1, verified_at = $2 WHERE id = $3")
            .bind(actor.user_id)
            .bind(now())
            .bind(record_id)
            .execute(&mut *tx)
            .await?;
        let after: TrainingRecord = read_in(&mut tx, RECORD_BY_ID, record_id).await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id: after.district_id,
                table: "training_records",
                record_id,
                before: Some(&before),
                after: &after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    pub async fn evidence(&self, id: i64) -> StoreResult<Option<Evidence>> {
        Ok(sqlx::query_as(
            "SELECT e.district_id, t.staff_id, e.media_type, e.content FROM evidence_files e \
             JOIN training_records t ON t.evidence_id = e.id WHERE e.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?)
    }

    /// Writes a person's plan (a changed plan needs approving again).
    pub async fn save_plan(
        &self,
        district_id: i64,
        actor: &Actor,
        staff_id: i64,
        complete_by: &str,
        note: &str,
    ) -> StoreResult<TrainingPlan> {
        let mut tx = self.write.begin().await?;
        let before: Option<TrainingPlan> = sqlx::query_as(PLAN_BY_STAFF)
            .bind(staff_id)
            .fetch_optional(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO training_plans (district_id, staff_id, complete_by, note, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (staff_id) DO UPDATE SET \
             complete_by = excluded.complete_by, note = excluded.note, approved_by = NULL, \
             approved_at = NULL",
        )
        .bind(district_id)
        .bind(staff_id)
        .bind(complete_by)
        .bind(note)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        let after: TrainingPlan = read_in(&mut tx, PLAN_BY_STAFF, staff_id).await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id,
                table: "training_plans",
                record_id: after.id,
                before: before.as_ref(),
                after: &after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    pub async fn approve_plan(&self, actor: &Actor, staff_id: i64) -> StoreResult<TrainingPlan> {
        let mut tx = self.write.begin().await?;
        let before: TrainingPlan = read_in(&mut tx, PLAN_BY_STAFF, staff_id)
            .await
            .map_err(|_| StoreError::NotFound)?;
        sqlx::query("UPDATE training_plans SET approved_by = $1, approved_at = $2 WHERE id = $3")
            .bind(actor.user_id)
            .bind(now())
            .bind(before.id)
            .execute(&mut *tx)
            .await?;
        let after: TrainingPlan = read_in(&mut tx, PLAN_BY_STAFF, staff_id).await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id: after.district_id,
                table: "training_plans",
                record_id: after.id,
                before: Some(&before),
                after: &after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A district's plans (all, or one person's).
    pub async fn plans(
        &self,
        district_id: i64,
        staff_id: Option<i64>,
    ) -> StoreResult<Vec<TrainingPlan>> {
        Ok(sqlx::query_as(concat!(
            plan_select!(),
            "WHERE district_id = $1 AND ($2 = 0 OR staff_id = $2) ORDER BY staff_id"
        ))
        .bind(district_id)
        .bind(staff_id.unwrap_or(0))
        .fetch_all(&self.read)
        .await?)
    }
}

async fn insert_evidence(
    tx: &mut Transaction<'static, Any>,
    district_id: i64,
    file: &NewEvidence,
) -> StoreResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO evidence_files (district_id, media_type, size_bytes, sha256, content, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(district_id)
    .bind(&file.media_type)
    .bind(file.content.len() as i64)
    .bind(&file.sha256)
    .bind(file.content.clone())
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}
