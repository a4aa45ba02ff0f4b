//! Each agency's yearly agreement: its versions (sections kept as JSON), the exchanges and comments of
//! the community process, and the published versions the public reads. Every write is audited in its
//! own transaction ([`crate::audit`]). Which state may follow which, and what adoption needs, is the
//! domain's (`accord_domain::documents::advance`); the store guards only what the database can: one
//! agreement per agency and year, text that changes only while editable, and published versions that
//! never change (the migration's triggers refuse it too).
//!
//! Calendar dates travel as ISO `YYYY-MM-DD` text.

use crate::audit::{Actor, Change, record_change};
use crate::{Store, StoreError, StoreResult, now, on_unique};
use accord_domain::documents::{DocumentKind, SchoolYear, Section, VersionState};
use serde::Serialize;
use sqlx::{Any, FromRow, Transaction};

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct Agreement {
    pub id: i64,
    pub district_id: i64,
    /// An agency's agreement, or the board's policy (which has no agency or school year: 0 and "").
    #[sqlx(try_from = "String")]
    pub kind: DocumentKind,
    pub agency_id: i64,
    pub agency_name: String,
    pub school_year_id: i64,
    /// The school year's label, `2026-27`.
    pub school_year: String,
    pub year_starts_on: String,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct NewAgreement {
    pub agency_id: i64,
    pub school_year: SchoolYear,
    pub title: String,
    /// The first draft's sections (often the previous year's).
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgreementVersion {
    pub id: i64,
    pub district_id: i64,
    pub agreement_id: i64,
    /// The kind of its document, which decides the contents it must cover.
    pub kind: DocumentKind,
    /// 1 for the first version of the agreement, then 2, 3...
    pub number: i64,
    pub state: VersionState,
    pub sections: Vec<Section>,
    /// The board's adoption date.
    pub adopted_on: Option<String>,
    /// The day it was submitted to OSPI.
    pub submitted_on: Option<String>,
    /// When it was published (Unix seconds); from then on it never changes.
    pub published_at: Option<i64>,
    pub created_at: i64,
}

#[derive(FromRow)]
struct VersionRow {
    id: i64,
    district_id: i64,
    agreement_id: i64,
    number: i64,
    state: String,
    sections: String,
    adopted_on: Option<String>,
    submitted_on: Option<String>,
    published_at: Option<i64>,
    created_at: i64,
    kind: String,
}

/// A move to another state, with the dates the move records (kept when `None`).
#[derive(Debug, Clone)]
pub struct VersionChange {
    pub from: VersionState,
    pub to: VersionState,
    pub adopted_on: Option<String>,
    pub submitted_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct AgreementComment {
    pub id: i64,
    pub district_id: i64,
    pub agreement_id: i64,
    pub source: String,
    pub body: String,
    pub received_on: String,
}

#[derive(Debug, Clone)]
pub struct NewAgreementComment {
    pub source: String,
    pub body: String,
    pub received_on: String,
}

/// A published version with its agreement, for the public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedAgreement {
    pub agreement: Agreement,
    pub version: AgreementVersion,
}

/// What the audit keeps of a link between an agreement and an exchange or a listening session.
#[derive(Serialize)]
struct Link {
    agreement_id: i64,
    linked_id: i64,
}

macro_rules! agreement_select {
    () => {
        "SELECT g.id, g.district_id, g.kind, COALESCE(g.agency_id, 0) AS agency_id, \
         COALESCE(a.name, '') AS agency_name, COALESCE(g.school_year_id, 0) AS school_year_id, \
         COALESCE(y.label, '') AS school_year, COALESCE(y.starts_on, '') AS year_starts_on, \
         g.title FROM agreements g LEFT JOIN agencies a ON a.id = g.agency_id \
         LEFT JOIN school_years y ON y.id = g.school_year_id "
    };
}

macro_rules! version_select {
    () => {
        "SELECT v.id, v.district_id, v.agreement_id, v.number, v.state, v.sections, v.adopted_on, \
         v.submitted_on, v.published_at, v.created_at, g.kind FROM agreement_versions v \
         JOIN agreements g ON g.id = v.agreement_id "
    };
}

const AGREEMENT_BY_ID: &str = concat!(agreement_select!(), "WHERE g.id = $1");
const VERSION_BY_ID: &str = concat!(version_select!(), "WHERE v.id = $1");
const COMMENT_BY_ID: &str = "SELECT id, district_id, agreement_id, source, body, received_on \
    FROM agreement_comments WHERE id = $1";
const EDITABLE_ONLY: &str = "only a draft or a version under community review can be edited";

fn corrupt(what: String) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(what.into()))
}

impl TryFrom<VersionRow> for AgreementVersion {
    type Error = StoreError;
    fn try_from(row: VersionRow) -> StoreResult<AgreementVersion> {
        Ok(AgreementVersion {
            id: row.id,
            district_id: row.district_id,
            agreement_id: row.agreement_id,
            kind: DocumentKind::parse(&row.kind)
                .ok_or_else(|| corrupt(format!("unknown document kind {:?}", row.kind)))?,
            number: row.number,
            state: VersionState::parse(&row.state)
                .ok_or_else(|| corrupt(format!("unknown version state {:?}", row.state)))?,
            sections: serde_json::from_str(&row.sections).map_err(|e| corrupt(e.to_string()))?,
            adopted_on: row.adopted_on,
            submitted_on: row.submitted_on,
            published_at: row.published_at,
            created_at: row.created_at,
        })
    }
}

fn sections_json(sections: &[Section]) -> String {
    serde_json::to_string(sections).unwrap_or_else(|_| "[]".into())
}

async fn agreement_in(tx: &mut Transaction<'static, Any>, id: i64) -> StoreResult<Agreement> {
    sqlx::query_as(AGREEMENT_BY_ID)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)
}

async fn version_in(tx: &mut Transaction<'static, Any>, id: i64) -> StoreResult<AgreementVersion> {
    let row: VersionRow = sqlx::query_as(VERSION_BY_ID)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    row.try_into()
}

/// The id of `district_id`'s school year, added the first time it is named.
async fn school_year_id(
    tx: &mut Transaction<'static, Any>,
    district_id: i64,
    year: &SchoolYear,
) -> StoreResult<i64> {
    sqlx::query(
        "INSERT INTO school_years (district_id, label, starts_on, ends_on) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (district_id, label) DO NOTHING",
    )
    .bind(district_id)
    .bind(&year.label)
    .bind(year.starts_on.to_string())
    .bind(year.ends_on.to_string())
    .execute(&mut **tx)
    .await?;
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM school_years WHERE district_id = $1 AND label = $2")
            .bind(district_id)
            .bind(&year.label)
            .fetch_one(&mut **tx)
            .await?;
    Ok(id)
}

/// Inserts version `number` of an agreement as a draft, audited.
async fn insert_version(
    tx: &mut Transaction<'static, Any>,
    actor: &Actor,
    agreement: &Agreement,
    number: i64,
    sections: &[Section],
) -> StoreResult<AgreementVersion> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO agreement_versions (district_id, agreement_id, number, state, sections, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(agreement.district_id)
    .bind(agreement.id)
    .bind(number)
    .bind(VersionState::Draft.key())
    .bind(sections_json(sections))
    .bind(now())
    .fetch_one(&mut **tx)
    .await
    .map_err(on_unique("this version was just added by someone else"))?;
    let after = version_in(tx, id).await?;
    record_change(
        tx,
        actor,
        Change {
            district_id: agreement.district_id,
            table: "agreement_versions",
            record_id: id,
            before: None,
            after: &after,
        },
    )
    .await?;
    Ok(after)
}

impl Store {
    /// Adds an agreement for an agency and school year (the year is added to the district's the first
    /// time), with its first version as a draft.
    pub async fn create_agreement(
        &self,
        district_id: i64,
        actor: &Actor,
        new: &NewAgreement,
    ) -> StoreResult<Agreement> {
        let mut tx = self.write.begin().await?;
        let year_id = school_year_id(&mut tx, district_id, &new.school_year).await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO agreements (district_id, agency_id, school_year_id, title, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(district_id)
        .bind(new.agency_id)
        .bind(year_id)
        .bind(&new.title)
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(on_unique(
            "this agency already has an agreement for this school year",
        ))?;
        let agreement = agreement_in(&mut tx, id).await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id,
                table: "agreements",
                record_id: id,
                before: None,
                after: &agreement,
            },
        )
        .await?;
        insert_version(&mut tx, actor, &agreement, 1, &new.sections).await?;
        tx.commit().await?;
        Ok(agreement)
    }

    /// Starts the district's board policy (R1) with its first version as a draft; a conflict when
    /// the district has one already (its next text is a new version of it).
    pub async fn create_board_policy(
        &self,
        district_id: i64,
        actor: &Actor,
        title: &str,
        sections: &[Section],
    ) -> StoreResult<Agreement> {
        let mut tx = self.write.begin().await?;
        // Agency and school year stay NULL by leaving them out: a NULL parameter is untyped on
        // PostgreSQL.
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO agreements (district_id, kind, title, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id",
        )
        .bind(district_id)
        .bind(DocumentKind::BoardPolicy.key())
        .bind(title)
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(on_unique("the district has a board policy already"))?;
        let policy = agreement_in(&mut tx, id).await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id,
                table: "agreements",
                record_id: id,
                before: None,
                after: &policy,
            },
        )
        .await?;
        insert_version(&mut tx, actor, &policy, 1, sections).await?;
        tx.commit().await?;
        Ok(policy)
    }

    /// The district's board policy, if it has started one.
    pub async fn board_policy(&self, district_id: i64) -> StoreResult<Option<Agreement>> {
        Ok(sqlx::query_as(concat!(
            agreement_select!(),
            "WHERE g.district_id = $1 AND g.kind = 'board_policy'"
        ))
        .bind(district_id)
        .fetch_optional(&self.read)
        .await?)
    }

    /// A district's agreements (all, or one agency's): by agency, the newest school year first.
    pub async fn agreements(
        &self,
        district_id: i64,
        agency_id: Option<i64>,
    ) -> StoreResult<Vec<Agreement>> {
        Ok(sqlx::query_as(concat!(
            agreement_select!(),
            "WHERE g.district_id = $1 AND g.kind = 'agreement' AND ($2 = 0 OR g.agency_id = $2) \
             ORDER BY a.name, g.agency_id, y.starts_on DESC"
        ))
        .bind(district_id)
        .bind(agency_id.unwrap_or(0))
        .fetch_all(&self.read)
        .await?)
    }

    pub async fn agreement(&self, id: i64) -> StoreResult<Option<Agreement>> {
        Ok(sqlx::query_as(AGREEMENT_BY_ID)
            .bind(id)
            .fetch_optional(&self.read)
            .await?)
    }

    /// An agreement's versions, the first first.
    pub async fn agreement_versions(
        &self,
        agreement_id: i64,
    ) -> StoreResult<Vec<AgreementVersion>> {
        let rows: Vec<VersionRow> = sqlx::query_as(concat!(
            version_select!(),
            "WHERE v.agreement_id = $1 ORDER BY v.number"
        ))
        .bind(agreement_id)
        .fetch_all(&self.read)
        .await?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    pub async fn agreement_version(&self, id: i64) -> StoreResult<Option<AgreementVersion>> {
        let row: Option<VersionRow> = sqlx::query_as(VERSION_BY_ID)
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.map(TryInto::try_into).transpose()
    }

    /// Starts the next version of an agreement as a draft with the latest version's sections.
    pub async fn add_agreement_version(
        &self,
        actor: &Actor,
        agreement_id: i64,
    ) -> StoreResult<AgreementVersion> {
        let mut tx = self.write.begin().await?;
        let agreement = agreement_in(&mut tx, agreement_id).await?;
        let latest: Option<VersionRow> = sqlx::query_as(concat!(
            version_select!(),
            "WHERE v.agreement_id = $1 ORDER BY v.number DESC LIMIT 1"
        ))
        .bind(agreement_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (number, sections) = match latest {
            Some(row) => {
                let latest = AgreementVersion::try_from(row)?;
                (latest.number + 1, latest.sections)
            }
            None => (1, Vec::new()),
        };
        let version = insert_version(&mut tx, actor, &agreement, number, &sections).await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Replaces a version's sections; refused (a conflict) unless the version is still editable.
    pub async fn save_agreement_sections(
        &self,
        actor: &Actor,
        version_id: i64,
        sections: &[Section],
    ) -> StoreResult<AgreementVersion> {
        let mut tx = self.write.begin().await?;
        let before = version_in(&mut tx, version_id).await?;
        let updated = sqlx::query(
            "UPDATE agreement_versions SET sections = $1 WHERE id = $2 AND state IN ($3, $4)",
        )
        .bind(sections_json(sections))
        .bind(version_id)
        .bind(VersionState::Draft.key())
        .bind(VersionState::CommunityReview.key())
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Conflict(EDITABLE_ONLY.into()));
        }
        let after = version_in(&mut tx, version_id).await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id: after.district_id,
                table: "agreement_versions",
                record_id: version_id,
                before: Some(&before),
                after: &after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Moves a version from `change.from` to `change.to` (the domain has allowed the move), recording
    /// the dates given and, on publication, the moment. Refused (a conflict) when the version is no
    /// longer in `change.from`: someone else moved it first.
    pub async fn change_agreement_state(
        &self,
        actor: &Actor,
        version_id: i64,
        change: &VersionChange,
    ) -> StoreResult<AgreementVersion> {
        let mut tx = self.write.begin().await?;
        let before = version_in(&mut tx, version_id).await?;
        let published_at = (change.to == VersionState::Published).then(now);
        let updated = sqlx::query(
            "UPDATE agreement_versions SET state = $1, adopted_on = COALESCE($2, adopted_on), \
             submitted_on = COALESCE($3, submitted_on), published_at = $4 \
             WHERE id = $5 AND state = $6 AND published_at IS NULL",
        )
        .bind(change.to.key())
        .bind(&change.adopted_on)
        .bind(&change.submitted_on)
        .bind(published_at)
        .bind(version_id)
        .bind(change.from.key())
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "this version has changed since you read it; reload the page".into(),
            ));
        }
        let after = version_in(&mut tx, version_id).await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id: after.district_id,
                table: "agreement_versions",
                record_id: version_id,
                before: Some(&before),
                after: &after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Links an exchange to an agreement (linking twice keeps one link).
    pub async fn link_agreement_exchange(
        &self,
        actor: &Actor,
        agreement_id: i64,
        exchange_id: i64,
    ) -> StoreResult<()> {
        self.link(
            actor,
            agreement_id,
            exchange_id,
            "agreement_exchanges",
            "INSERT INTO agreement_exchanges (agreement_id, exchange_id, linked_at) \
             VALUES ($1, $2, $3) ON CONFLICT (agreement_id, exchange_id) DO NOTHING",
        )
        .await
    }

    /// The exchanges linked to an agreement, in the order they were linked.
    pub async fn agreement_exchange_ids(&self, agreement_id: i64) -> StoreResult<Vec<i64>> {
        self.linked_ids(
            agreement_id,
            "SELECT exchange_id FROM agreement_exchanges WHERE agreement_id = $1 \
             ORDER BY linked_at, exchange_id",
        )
        .await
    }

    /// Links a listening session to an agreement (once; linking again changes nothing).
    pub async fn link_agreement_session(
        &self,
        actor: &Actor,
        agreement_id: i64,
        session_id: i64,
    ) -> StoreResult<()> {
        self.link(
            actor,
            agreement_id,
            session_id,
            "agreement_sessions",
            "INSERT INTO agreement_sessions (agreement_id, session_id, linked_at) \
             VALUES ($1, $2, $3) ON CONFLICT (agreement_id, session_id) DO NOTHING",
        )
        .await
    }

    /// The listening sessions linked to an agreement (see [`Store::link_agreement_session`]).
    pub async fn agreement_session_ids(&self, agreement_id: i64) -> StoreResult<Vec<i64>> {
        self.linked_ids(
            agreement_id,
            "SELECT session_id FROM agreement_sessions WHERE agreement_id = $1 \
             ORDER BY linked_at, session_id",
        )
        .await
    }

    /// Inserts a link with `insert` ($1 the agreement, $2 the other record, $3 now), audited under the
    /// agreement's id when it is new.
    async fn link(
        &self,
        actor: &Actor,
        agreement_id: i64,
        linked_id: i64,
        table: &'static str,
        insert: &'static str,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await?;
        let agreement = agreement_in(&mut tx, agreement_id).await?;
        let inserted = sqlx::query(insert)
            .bind(agreement_id)
            .bind(linked_id)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        if inserted.rows_affected() > 0 {
            record_change(
                &mut tx,
                actor,
                Change {
                    district_id: agreement.district_id,
                    table,
                    record_id: agreement_id,
                    before: None,
                    after: &Link {
                        agreement_id,
                        linked_id,
                    },
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn linked_ids(&self, agreement_id: i64, select: &'static str) -> StoreResult<Vec<i64>> {
        let rows: Vec<(i64,)> = sqlx::query_as(select)
            .bind(agreement_id)
            .fetch_all(&self.read)
            .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Records a comment from the community that shaped an agreement.
    pub async fn add_agreement_comment(
        &self,
        actor: &Actor,
        agreement_id: i64,
        comment: &NewAgreementComment,
    ) -> StoreResult<AgreementComment> {
        let mut tx = self.write.begin().await?;
        let agreement = agreement_in(&mut tx, agreement_id).await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO agreement_comments (district_id, agreement_id, source, body, received_on, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(agreement.district_id)
        .bind(agreement_id)
        .bind(&comment.source)
        .bind(&comment.body)
        .bind(&comment.received_on)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        let after: AgreementComment = sqlx::query_as(COMMENT_BY_ID)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id: agreement.district_id,
                table: "agreement_comments",
                record_id: id,
                before: None,
                after: &after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// An agreement's comments, by the day they were received.
    pub async fn agreement_comments(
        &self,
        agreement_id: i64,
    ) -> StoreResult<Vec<AgreementComment>> {
        Ok(sqlx::query_as(
            "SELECT id, district_id, agreement_id, source, body, received_on \
             FROM agreement_comments WHERE agreement_id = $1 ORDER BY received_on, id",
        )
        .bind(agreement_id)
        .fetch_all(&self.read)
        .await?)
    }

    /// The current public agreement of each of the district's agencies: the published version of the
    /// newest school year that has one (its latest, should a year have several), by agency name.
    pub async fn published_agreements(
        &self,
        district_id: i64,
    ) -> StoreResult<Vec<PublishedAgreement>> {
        let mut current: Vec<PublishedAgreement> = Vec::new();
        for published in self.all_published(district_id).await? {
            let agency = published.agreement.agency_id;
            if !current.iter().any(|p| p.agreement.agency_id == agency) {
                current.push(published);
            }
        }
        Ok(current)
    }

    /// One published version of the district, or `None` (also for a version not yet published).
    pub async fn published_agreement(
        &self,
        district_id: i64,
        version_id: i64,
    ) -> StoreResult<Option<PublishedAgreement>> {
        Ok(self
            .all_published(district_id)
            .await?
            .into_iter()
            .find(|p| p.version.id == version_id))
    }

    /// Every published version of the district: by agency, the newest year and version first.
    async fn all_published(&self, district_id: i64) -> StoreResult<Vec<PublishedAgreement>> {
        let agreements = self.agreements(district_id, None).await?;
        let rows: Vec<VersionRow> = sqlx::query_as(concat!(
            version_select!(),
            "WHERE v.district_id = $1 AND v.published_at IS NOT NULL ORDER BY v.number DESC"
        ))
        .bind(district_id)
        .fetch_all(&self.read)
        .await?;
        let versions: Vec<AgreementVersion> = rows
            .into_iter()
            .map(TryInto::try_into)
            .collect::<StoreResult<_>>()?;
        Ok(agreements
            .into_iter()
            .flat_map(|agreement| {
                versions
                    .iter()
                    .filter(|v| v.agreement_id == agreement.id)
                    .map(|version| PublishedAgreement {
                        agreement: agreement.clone(),
                        version: version.clone(),
                    })
                    .collect::<Vec<_>>()
            })
            .collect())
    }
}
