//! The record of the yearly notice (R2): when and how each school presented the staff's role to
//! students and sent it to families. Every record is audited in its own transaction
//! ([`crate::audit`]); the checks (a day of the school year that has come, a description) are
//! `accord_domain::notice`'s.

use crate::audit::{Actor, Change, record_change};
use crate::{Store, StoreError, StoreResult, now};
use accord_domain::notice::Presentation;
use serde::Serialize;
use sqlx::FromRow;

/// A recorded presentation or sending, with its school's name.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct NoticePresentation {
    pub id: i64,
    pub district_id: i64,
    pub school_id: i64,
    pub school_name: String,
    /// `2026-27`
    pub school_year: String,
    /// students or families
    pub audience: String,
    pub presented_on: String,
    pub how: String,
}

macro_rules! presentation_select {
    () => {
        "SELECT p.id, p.district_id, p.school_id, s.name AS school_name, p.school_year, p.audience, \
         p.presented_on, p.how FROM notice_presentations p JOIN schools s ON s.id = p.school_id "
    };
}

impl Store {
    /// Records that `school_id` (of `district_id`) presented or sent the notice of `school_year`.
    pub async fn record_notice_presentation(
        &self,
        district_id: i64,
        actor: &Actor,
        school_id: i64,
        school_year: &str,
        presentation: &Presentation,
    ) -> StoreResult<NoticePresentation> {
        let mut tx = self.write.begin().await?;
        let school: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM schools WHERE id = $1 AND district_id = $2")
                .bind(school_id)
                .bind(district_id)
                .fetch_optional(&mut *tx)
                .await?;
        if school.is_none() {
            return Err(StoreError::NotFound);
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO notice_presentations (district_id, school_id, school_year, audience, \
             presented_on, how, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(district_id)
        .bind(school_id)
        .bind(school_year)
        .bind(presentation.audience.key())
        .bind(presentation.on.to_string())
        .bind(&presentation.how)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        let after: NoticePresentation =
            sqlx::query_as(concat!(presentation_select!(), "WHERE p.id = $1"))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id,
                table: "notice_presentations",
                record_id: id,
                before: None,
                after: &after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The district's records for a school year, by day.
    pub async fn notice_presentations(
        &self,
        district_id: i64,
        school_year: &str,
    ) -> StoreResult<Vec<NoticePresentation>> {
        Ok(sqlx::query_as(concat!(
            presentation_select!(),
            "WHERE p.district_id = $1 AND p.school_year = $2 ORDER BY p.presented_on, p.id"
        ))
        .bind(district_id)
        .bind(school_year)
        .fetch_all(&self.read)
        .await?)
    }
}
