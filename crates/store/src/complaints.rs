//! Complaints about safety and security staff (LAW.md R1, R8): filed by anyone, worked by the
//! district's investigators, answered in writing. The complainant's identity and contact are
//! restricted: they are read only through [`Store::complaint`] with `identity` set, and each such read
//! is written to the audit trail; lists never carry them. Every change is audited in its own
//! transaction. The tracking code is never stored, only its hash (the edge hashes it).
//!
//! "None" is stored as 0 (no investigator, no roster member, no agency), which keeps every parameter
//! typed on PostgreSQL.

use crate::audit::{Actor, Change, record_change, record_read};
use crate::{NewEvidence, Store, StoreError, StoreResult, now};
use accord_domain::complaints::{Category, Deadlines, Finding, Status, Step};
use serde::Serialize;
use sqlx::{Any, FromRow, Transaction};

/// How long each step may take and the district's days without school.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ComplaintSettings {
    pub deadlines: Deadlines,
    /// 'YYYY-MM-DD', in order.
    pub days_off: Vec<String>,
}

/// Who filed a complaint and how to reach them; all empty when it is anonymous.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub phone: String,
}

impl Contact {
    pub fn is_anonymous(&self) -> bool {
        self.name.is_empty() && self.email.is_empty() && self.phone.is_empty()
    }
}

/// A complaint as filed, checked by the edge; the due dates already computed by the domain.
#[derive(Debug, Clone)]
pub struct NewComplaint {
    pub school_year: i32,
    pub school_id: i64,
    pub staff_id: Option<i64>,
    pub staff_description: String,
    pub category: Category,
    pub what_happened: String,
    pub occurred_on: String,
    pub witnesses: String,
    pub contact: Contact,
    pub language: String,
    pub send_to_agency: bool,
    pub received_on: String,
    pub acknowledge_by: String,
    pub respond_by: String,
    /// Files already sniffed and size-checked (photos, documents).
    pub attachments: Vec<NewEvidence>,
}

/// A stored complaint. `contact` is `None` unless it was read with the complainant's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Complaint {
    pub id: i64,
    pub district_id: i64,
    pub school_year: i32,
    pub school_id: i64,
    pub staff_id: Option<i64>,
    pub staff_description: String,
    pub category: Category,
    pub what_happened: String,
    pub occurred_on: String,
    pub witnesses: String,
    pub anonymous: bool,
    pub contact: Option<Contact>,
    pub language: String,
    pub send_to_agency: bool,
    pub agency_id: Option<i64>,
    pub share_contact: bool,
    pub status: Status,
    pub investigator_id: Option<i64>,
    pub received_on: String,
    pub acknowledge_by: String,
    pub respond_by: String,
    pub response_draft: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Allegation {
    pub id: i64,
    pub description: String,
    /// A finding key, or '' while undecided.
    pub finding: String,
}

impl Allegation {
    pub fn finding(&self) -> Option<Finding> {
        Finding::parse(&self.finding)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct ComplaintNote {
    pub id: i64,
    pub author: String,
    pub body: String,
    pub created_at: i64,
}

/// One status change: the complaint's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct StepRecord {
    pub step: String,
    pub from_status: String,
    pub to_status: String,
    pub actor: String,
    pub at: i64,
}

/// A written response as the complainant received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct SentResponse {
    pub body: String,
    pub sent_at: i64,
}

/// An attachment without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct AttachmentInfo {
    pub id: i64,
    pub media_type: String,
    pub size_bytes: i64,
}

/// An attachment's bytes, with the complaint it belongs to (the edge checks who may see it).
#[derive(Debug, Clone, FromRow)]
pub struct Attachment {
    pub complaint_id: i64,
    pub media_type: String,
    pub content: Vec<u8>,
}

/// Everything about one complaint, for the staff page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplaintRecord {
    pub complaint: Complaint,
    pub allegations: Vec<Allegation>,
    pub notes: Vec<ComplaintNote>,
    pub steps: Vec<StepRecord>,
    pub responses: Vec<SentResponse>,
    pub attachments: Vec<AttachmentInfo>,
}

/// What the tracking page shows: the status and the district's responses, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackedComplaint {
    pub status: Status,
    pub received_on: String,
    pub responses: Vec<SentResponse>,
}

/// One complaint as the yearly counts see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintForCounts {
    pub school_id: i64,
    pub category: Category,
    pub findings: Vec<Option<Finding>>,
}

/// Which complaints a list holds; every list is within one district.
#[derive(Debug, Clone, Copy, Default)]
pub struct ComplaintFilter {
    /// Only those routed to this agency (a liaison's view).
    pub agency_id: Option<i64>,
    /// Only those about this roster member.
    pub staff_id: Option<i64>,
}

#[derive(FromRow)]
struct ComplaintRow {
    id: i64,
    district_id: i64,
    school_year: i64,
    school_id: i64,
    staff_id: i64,
    staff_description: String,
    category: String,
    what_happened: String,
    occurred_on: String,
    witnesses: String,
    contact_name: String,
    contact_email: String,
    contact_phone: String,
    language: String,
    send_to_agency: i64,
    agency_id: i64,
    share_contact: i64,
    status: String,
    investigator_id: i64,
    received_on: String,
    acknowledge_by: String,
    respond_by: String,
    response_draft: String,
    created_at: i64,
}

fn some_id(id: i64) -> Option<i64> {
    (id != 0).then_some(id)
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(
        format!("unknown {what} {value:?} in a stored complaint").into(),
    ))
}

impl ComplaintRow {
    fn complaint(self, identity: bool) -> StoreResult<Complaint> {
        let contact = Contact {
            name: self.contact_name,
            email: self.contact_email,
            phone: self.contact_phone,
        };
        Ok(Complaint {
            id: self.id,
            district_id: self.district_id,
            school_year: self.school_year as i32,
            school_id: self.school_id,
            staff_id: some_id(self.staff_id),
            staff_description: self.staff_description,
            category: Category::parse(&self.category)
                .ok_or_else(|| corrupt("category", &self.category))?,
            what_happened: self.what_happened,
            occurred_on: self.occurred_on,
            witnesses: self.witnesses,
            anonymous: contact.is_anonymous(),
            contact: identity.then_some(contact),
            language: self.language,
            send_to_agency: self.send_to_agency != 0,
            agency_id: some_id(self.agency_id),
            share_contact: self.share_contact != 0,
            status: Status::parse(&self.status).ok_or_else(|| corrupt("status", &self.status))?,
            investigator_id: some_id(self.investigator_id),
            received_on: self.received_on,
            acknowledge_by: self.acknowledge_by,
            respond_by: self.respond_by,
            response_draft: self.response_draft,
            created_at: self.created_at,
        })
    }
}

macro_rules! complaint_columns {
    () => {
        "SELECT id, district_id, school_year, school_id, staff_id, staff_description, category, \
         what_happened, occurred_on, witnesses, contact_name, contact_email, contact_phone, \
         language, send_to_agency, agency_id, share_contact, status, investigator_id, received_on, \
         acknowledge_by, respond_by, response_draft, created_at FROM complaints "
    };
}

impl Store {
    /// The district's deadlines and days off: the defaults until it saves its own.
    pub async fn complaint_settings(&self, district_id: i64) -> StoreResult<ComplaintSettings> {
        let row: Option<(i64, i64, String)> = sqlx::query_as(
            "SELECT acknowledge_school_days, respond_calendar_days, days_off \
             FROM complaint_settings WHERE district_id = $1",
        )
        .bind(district_id)
        .fetch_optional(&self.read)
        .await?;
        Ok(
            row.map_or_else(ComplaintSettings::default, |(ack, respond, days)| {
                ComplaintSettings {
                    deadlines: Deadlines {
                        acknowledge_school_days: u32::try_from(ack).unwrap_or(0),
                        respond_calendar_days: u32::try_from(respond).unwrap_or(0),
                    },
                    days_off: days
                        .split(';')
                        .filter(|d| !d.is_empty())
                        .map(str::to_owned)
                        .collect(),
                }
            }),
        )
    }

    pub async fn save_complaint_settings(
        &self,
        district_id: i64,
        actor: &Actor,
        settings: &ComplaintSettings,
    ) -> StoreResult<()> {
        let before = self.complaint_settings(district_id).await?;
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO complaint_settings (district_id, acknowledge_school_days, \
             respond_calendar_days, days_off, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (district_id) DO UPDATE SET \
             acknowledge_school_days = excluded.acknowledge_school_days, \
             respond_calendar_days = excluded.respond_calendar_days, \
             days_off = excluded.days_off, updated_at = excluded.updated_at",
        )
        .bind(district_id)
        .bind(i64::from(settings.deadlines.acknowledge_school_days))
        .bind(i64::from(settings.deadlines.respond_calendar_days))
        .bind(settings.days_off.join(";"))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        let change = Change {
            district_id,
            table: "complaint_settings",
            record_id: district_id,
            before: Some(&before),
            after: settings,
        };
        record_change(&mut tx, actor, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Files a complaint with its attachments, findable by `code_hash`. Routed to the staff
    /// member's agency when the complainant asked for it. Refuses a school or roster member of another
    /// district, and a code hash already in use (`Conflict`: the edge draws another code).
    pub async fn file_complaint(
        &self,
        district_id: i64,
        code_hash: &str,
        new: &NewComplaint,
    ) -> StoreResult<i64> {
        let mut tx = self.write.begin().await?;
        let school: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM schools WHERE id = $1 AND district_id = $2")
                .bind(new.school_id)
                .bind(district_id)
                .fetch_optional(&mut *tx)
                .await?;
        if school.is_none() {
            return Err(StoreError::Conflict(format!(
                "school {} is not one of this district's",
                new.school_id
            )));
        }
        let agency_id = match new.staff_id {
            Some(staff_id) => {
                let (agency_id,): (i64,) = sqlx::query_as(
                    "SELECT agency_id FROM staff_members WHERE id = $1 AND district_id = $2",
                )
                .bind(staff_id)
                .bind(district_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| {
                    StoreError::Conflict(format!(
                        "staff member {staff_id} is not one of this district's"
                    ))
                })?;
                if new.send_to_agency { agency_id } else { 0 }
            }
            None => 0,
        };
        let at = now();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO complaints (district_id, code_hash, school_year, school_id, staff_id, \
             staff_description, category, what_happened, occurred_on, witnesses, contact_name, \
             contact_email, contact_phone, language, send_to_agency, agency_id, share_contact, \
             status, investigator_id, received_on, acknowledge_by, respond_by, response_draft, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
             $13, $14, $15, $16, 0, $17, 0, $18, $19, $20, '', $21, $21) RETURNING id",
        )
        .bind(district_id)
        .bind(code_hash)
        .bind(i64::from(new.school_year))
        .bind(new.school_id)
        .bind(new.staff_id.unwrap_or(0))
        .bind(&new.staff_description)
        .bind(new.category.key())
        .bind(&new.what_happened)
        .bind(&new.occurred_on)
        .bind(&new.witnesses)
        .bind(&new.contact.name)
        .bind(&new.contact.email)
        .bind(&new.contact.phone)
        .bind(&new.language)
        .bind(i64::from(new.send_to_agency))
        .bind(agency_id)
        .bind(Status::Received.key())
        .bind(&new.received_on)
        .bind(&new.acknowledge_by)
        .bind(&new.respond_by)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(crate::on_unique("tracking code in use"))?;
        for file in &new.attachments {
            sqlx::query(
                "INSERT INTO complaint_attachments (complaint_id, media_type, size_bytes, sha256, \
                 content, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(&file.media_type)
            .bind(file.content.len() as i64)
            .bind(&file.sha256)
            .bind(file.content.clone())
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        let after = load_complaint(&mut tx, district_id, id).await?;
        let actor = Actor::process("complaint form");
        audit_complaint(&mut tx, &actor, None, &after).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The complaint behind a tracking code's hash: its status and the responses sent, nothing
    /// that says who filed it.
    pub async fn tracked_complaint(
        &self,
        district_id: i64,
        code_hash: &str,
    ) -> StoreResult<Option<TrackedComplaint>> {
        let found: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT id, status, received_on FROM complaints \
             WHERE district_id = $1 AND code_hash = $2",
        )
        .bind(district_id)
        .bind(code_hash)
        .fetch_optional(&self.read)
        .await?;
        let Some((id, status, received_on)) = found else {
            return Ok(None);
        };
        Ok(Some(TrackedComplaint {
            status: Status::parse(&status).ok_or_else(|| corrupt("status", &status))?,
            received_on,
            responses: responses(&self.read, id).await?,
        }))
    }

    /// The district's complaints that `filter` selects, newest first, without the complainant's
    /// identity.
    pub async fn complaints(
        &self,
        district_id: i64,
        filter: ComplaintFilter,
    ) -> StoreResult<Vec<Complaint>> {
        let rows: Vec<ComplaintRow> = sqlx::query_as(concat!(
            complaint_columns!(),
            "WHERE district_id = $1 AND (agency_id = $2 OR $3 = 1) \
             AND (staff_id = $4 OR $5 = 1) ORDER BY received_on DESC, id DESC"
        ))
        .bind(district_id)
        .bind(filter.agency_id.unwrap_or(0))
        .bind(i64::from(filter.agency_id.is_none()))
        .bind(filter.staff_id.unwrap_or(0))
        .bind(i64::from(filter.staff_id.is_none()))
        .fetch_all(&self.read)
        .await?;
        rows.into_iter().map(|row| row.complaint(false)).collect()
    }

    /// One complaint with everything recorded about it. With `identity`, the complainant's contact
    /// is read too, and the read is written to the audit trail.
    pub async fn complaint(
        &self,
        district_id: i64,
        id: i64,
        actor: &Actor,
        identity: bool,
    ) -> StoreResult<ComplaintRecord> {
        let mut tx = self.write.begin().await?;
        let mut complaint = load_complaint(&mut tx, district_id, id).await?;
        if identity {
            record_read(&mut tx, actor, district_id, "complaints", id).await?;
        } else {
            complaint.contact = None;
        }
        let record = ComplaintRecord {
            allegations: sqlx::query_as(
                "SELECT id, description, finding FROM complaint_allegations \
                 WHERE complaint_id = $1 ORDER BY position",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?,
            notes: sqlx::query_as(
                "SELECT id, author, body, created_at FROM complaint_notes \
                 WHERE complaint_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?,
            steps: sqlx::query_as(
                "SELECT step, from_status, to_status, actor, at FROM complaint_steps \
                 WHERE complaint_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?,
            responses: responses(&mut *tx, id).await?,
            attachments: sqlx::query_as(
                "SELECT id, media_type, size_bytes FROM complaint_attachments \
                 WHERE complaint_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?,
            complaint,
        };
        tx.commit().await?;
        Ok(record)
    }

    /// An attachment of one of the district's complaints, with its bytes.
    pub async fn complaint_attachment(
        &self,
        district_id: i64,
        id: i64,
    ) -> StoreResult<Option<Attachment>> {
        Ok(sqlx::query_as(
            "SELECT a.complaint_id, a.media_type, a.content FROM complaint_attachments a \
             JOIN complaints c ON c.id = a.complaint_id WHERE a.id = $1 AND c.district_id = $2",
        )
        .bind(id)
        .bind(district_id)
        .fetch_optional(&self.read)
        .await?)
    }

    /// Assigns (or, with `None`, unassigns) the investigator.
    pub async fn assign_investigator(
        &self,
        district_id: i64,
        id: i64,
        actor: &Actor,
        investigator_id: Option<i64>,
    ) -> StoreResult<Complaint> {
        self.change_complaint(district_id, id, actor, |tx| {
            Box::pin(async move {
                sqlx::query("UPDATE complaints SET investigator_id = $2 WHERE id = $1")
                    .bind(id)
                    .bind(investigator_id.unwrap_or(0))
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            })
        })
        .await
    }

    /// Whether the district lets the agency's liaison see the complainant's contact.
    pub async fn share_complaint_contact(
        &self,
        district_id: i64,
        id: i64,
        actor: &Actor,
        share: bool,
    ) -> StoreResult<Complaint> {
        self.change_complaint(district_id, id, actor, |tx| {
            Box::pin(async move {
                sqlx::query("UPDATE complaints SET share_contact = $2 WHERE id = $1")
                    .bind(id)
                    .bind(i64::from(share))
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            })
        })
        .await
    }

    /// Keeps the written response being prepared.
    pub async fn save_response_draft(
        &self,
        district_id: i64,
        id: i64,
        actor: &Actor,
        body: &str,
    ) -> StoreResult<Complaint> {
        let body = body.to_owned();
        self.change_complaint(district_id, id, actor, |tx| {
            Box::pin(async move {
                sqlx::query("UPDATE complaints SET response_draft = $2 WHERE id = $1")
                    .bind(id)
                    .bind(body)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            })
        })
        .await
    }

    /// Moves the complaint from `from` to `to` by `step` (the domain decided it may), recording the
    /// step. Sending the response stores the draft as sent; `respond_by` replaces the due date (an
    /// appeal's). Refuses with `Conflict` if the status is no longer `from` (someone else moved it).
    pub async fn take_complaint_step(
        &self,
        district_id: i64,
        id: i64,
        actor: &Actor,
        step: Step,
        (from, to): (Status, Status),
        respond_by: Option<&str>,
    ) -> StoreResult<Complaint> {
        let actor_name = actor.name.clone();
        let respond_by = respond_by.map(str::to_owned);
        self.change_complaint(district_id, id, actor, |tx| {
            Box::pin(async move {
                let at = now();
                let moved =
                    sqlx::query("UPDATE complaints SET status = $3 WHERE id = $1 AND status = $2")
                        .bind(id)
                        .bind(from.key())
                        .bind(to.key())
                        .execute(&mut **tx)
                        .await?;
                if moved.rows_affected() != 1 {
                    return Err(StoreError::Conflict(
                        "the complaint's status changed meanwhile".into(),
                    ));
                }
                if let Some(date) = respond_by {
                    sqlx::query("UPDATE complaints SET respond_by = $2 WHERE id = $1")
                        .bind(id)
                        .bind(date)
                        .execute(&mut **tx)
                        .await?;
                }
                if step == Step::SendResponse {
                    sqlx::query(
                        "INSERT INTO complaint_responses (complaint_id, body, sent_at) \
                         SELECT id, response_draft, $2 FROM complaints WHERE id = $1",
                    )
                    .bind(id)
                    .bind(at)
                    .execute(&mut **tx)
                    .await?;
                    sqlx::query("UPDATE complaints SET response_draft = '' WHERE id = $1")
                        .bind(id)
                        .execute(&mut **tx)
                        .await?;
                }
                sqlx::query(
                    "INSERT INTO complaint_steps (complaint_id, step, from_status, to_status, \
                     actor, at) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(step.key())
                .bind(from.key())
                .bind(to.key())
                .bind(actor_name)
                .bind(at)
                .execute(&mut **tx)
                .await?;
                Ok(())
            })
        })
        .await
    }

    /// Adds an allegation (what the investigation decides on), undecided.
    pub async fn add_allegation(
        &self,
        district_id: i64,
        complaint_id: i64,
        actor: &Actor,
        description: &str,
    ) -> StoreResult<Allegation> {
        let mut tx = self.write.begin().await?;
        load_complaint(&mut tx, district_id, complaint_id).await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO complaint_allegations (complaint_id, position, description, finding, \
             created_at) SELECT $1, COALESCE(MAX(position), 0) + 1, $2, '', $3 \
             FROM complaint_allegations WHERE complaint_id = $1 RETURNING id",
        )
        .bind(complaint_id)
        .bind(description)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        let after = Allegation {
            id,
            description: description.to_owned(),
            finding: String::new(),
        };
        let change = Change {
            district_id,
            table: "complaint_allegations",
            record_id: id,
            before: None,
            after: &after,
        };
        record_change(&mut tx, actor, change).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Records the finding on one allegation of the complaint.
    pub async fn record_finding(
        &self,
        district_id: i64,
        complaint_id: i64,
        allegation_id: i64,
        actor: &Actor,
        finding: Finding,
    ) -> StoreResult<Allegation> {
        let mut tx = self.write.begin().await?;
        load_complaint(&mut tx, district_id, complaint_id).await?;
        let before: Allegation = sqlx::query_as(
            "SELECT id, description, finding FROM complaint_allegations \
             WHERE id = $1 AND complaint_id = $2",
        )
        .bind(allegation_id)
        .bind(complaint_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        sqlx::query("UPDATE complaint_allegations SET finding = $2 WHERE id = $1")
            .bind(allegation_id)
            .bind(finding.key())
            .execute(&mut *tx)
            .await?;
        let after = Allegation {
            finding: finding.key().to_owned(),
            ..before.clone()
        };
        let change = Change {
            district_id,
            table: "complaint_allegations",
            record_id: allegation_id,
            before: Some(&before),
            after: &after,
        };
        record_change(&mut tx, actor, change).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Adds an investigator's note.
    pub async fn add_complaint_note(
        &self,
        district_id: i64,
        complaint_id: i64,
        actor: &Actor,
        body: &str,
    ) -> StoreResult<ComplaintNote> {
        let mut tx = self.write.begin().await?;
        load_complaint(&mut tx, district_id, complaint_id).await?;
        let at = now();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO complaint_notes (complaint_id, author, body, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(complaint_id)
        .bind(&actor.name)
        .bind(body)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        let note = ComplaintNote {
            id,
            author: actor.name.clone(),
            body: body.to_owned(),
            created_at: at,
        };
        let change = Change {
            district_id,
            table: "complaint_notes",
            record_id: id,
            before: None,
            after: &note,
        };
        record_change(&mut tx, actor, change).await?;
        tx.commit().await?;
        Ok(note)
    }

    /// The school years that have complaints, newest first.
    pub async fn complaint_years(&self, district_id: i64) -> StoreResult<Vec<i32>> {
        let years: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT school_year FROM complaints WHERE district_id = $1 \
             ORDER BY school_year DESC",
        )
        .bind(district_id)
        .fetch_all(&self.read)
        .await?;
        Ok(years.into_iter().map(|(year,)| year as i32).collect())
    }

    /// A school year's complaints as the public counts see them: school, category and findings.
    pub async fn complaints_for_counts(
        &self,
        district_id: i64,
        school_year: i32,
    ) -> StoreResult<Vec<ComplaintForCounts>> {
        let rows: Vec<(i64, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT c.id, c.school_id, c.category, a.finding FROM complaints c \
             LEFT JOIN complaint_allegations a ON a.complaint_id = c.id \
             WHERE c.district_id = $1 AND c.school_year = $2 ORDER BY c.id, a.position",
        )
        .bind(district_id)
        .bind(i64::from(school_year))
        .fetch_all(&self.read)
        .await?;
        let mut counted: Vec<(i64, ComplaintForCounts)> = Vec::new();
        for (id, school_id, category, finding) in rows {
            if counted.last().is_none_or(|(last, _)| *last != id) {
                let category =
                    Category::parse(&category).ok_or_else(|| corrupt("category", &category))?;
                counted.push((
                    id,
                    ComplaintForCounts {
                        school_id,
                        category,
                        findings: Vec::new(),
                    },
                ));
            }
            if let (Some(finding), Some((_, complaint))) = (finding, counted.last_mut()) {
                complaint.findings.push(Finding::parse(&finding));
            }
        }
        Ok(counted.into_iter().map(|(_, c)| c).collect())
    }

    /// Applies `change` to one complaint of the district in a transaction, auditing the row before
    /// and after.
    async fn change_complaint<F>(
        &self,
        district_id: i64,
        id: i64,
        actor: &Actor,
        change: F,
    ) -> StoreResult<Complaint>
    where
        F: for<'t> FnOnce(
            &'t mut Transaction<'static, Any>,
        ) -> futures_util::future::BoxFuture<'t, StoreResult<()>>,
    {
        let mut tx = self.write.begin().await?;
        let before = load_complaint(&mut tx, district_id, id).await?;
        change(&mut tx).await?;
        sqlx::query("UPDATE complaints SET updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        let after = load_complaint(&mut tx, district_id, id).await?;
        audit_complaint(&mut tx, actor, Some(&before), &after).await?;
        tx.commit().await?;
        let mut after = after;
        after.contact = None;
        Ok(after)
    }
}

/// The complaint with its contact, for audit entries and for readers entitled to it.
async fn load_complaint(
    tx: &mut Transaction<'static, Any>,
    district_id: i64,
    id: i64,
) -> StoreResult<Complaint> {
    let row: ComplaintRow = sqlx::query_as(concat!(
        complaint_columns!(),
        "WHERE district_id = $1 AND id = $2"
    ))
    .bind(district_id)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(StoreError::NotFound)?;
    row.complaint(true)
}

async fn responses<'e, E>(executor: E, complaint_id: i64) -> StoreResult<Vec<SentResponse>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    Ok(sqlx::query_as(
        "SELECT body, sent_at FROM complaint_responses WHERE complaint_id = $1 ORDER BY id",
    )
    .bind(complaint_id)
    .fetch_all(executor)
    .await?)
}

async fn audit_complaint(
    tx: &mut Transaction<'static, Any>,
    actor: &Actor,
    before: Option<&Complaint>,
    after: &Complaint,
) -> StoreResult<()> {
    let change = Change {
        district_id: after.district_id,
        table: "complaints",
        record_id: after.id,
        before,
        after,
    };
    record_change(tx, actor, change).await
}
