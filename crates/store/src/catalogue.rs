//! Changing a district's training catalogue: adding a requirement, editing one, retiring one. The
//! rules read the catalogue through `Store::training_catalogue` (requirements not retired); every
//! change goes to the audit trail in its transaction.

use crate::audit::{Actor, Change, record_change};
use crate::{Store, StoreError, StoreResult, on_unique};
use accord_domain::training::Requirement;
use serde::Serialize;
use sqlx::FromRow;

/// A catalogue row as stored, retired or not: what the catalogue page lists and the audit keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct RequirementRecord {
    pub id: i64,
    pub district_id: i64,
    pub code: String,
    pub title: String,
    pub kind: String,
    pub required_units: i64,
    pub deadline_months: i64,
    /// Comma-separated staff type keys.
    pub staff_types: String,
    pub position: i64,
    pub retired: i64,
}

macro_rules! requirement_select {
    () => {
        "SELECT id, district_id, code, title, kind, required_units, deadline_months, staff_types, \
         position, retired FROM training_requirements "
    };
}

fn staff_types_of(r: &Requirement) -> String {
    let keys: Vec<&str> = r.staff_types.iter().map(|t| t.key()).collect();
    keys.join(",")
}

impl Store {
    /// Every requirement of the district's catalogue in order, retired ones included.
    pub async fn catalogue_records(&self, district_id: i64) -> StoreResult<Vec<RequirementRecord>> {
        self.seed_catalogue(district_id).await?;
        Ok(sqlx::query_as(concat!(
            requirement_select!(),
            "WHERE district_id = $1 ORDER BY position, id"
        ))
        .bind(district_id)
        .fetch_all(&self.write)
        .await?)
    }

    /// Adds a requirement at the end of the series; its code must be new to the district.
    pub async fn add_requirement(
        &self,
        district_id: i64,
        actor: &Actor,
        requirement: &Requirement,
    ) -> StoreResult<RequirementRecord> {
        self.seed_catalogue(district_id).await?;
        let mut tx = self.write.begin().await?;
        let after: RequirementRecord = sqlx::query_as(
            "INSERT INTO training_requirements (district_id, code, title, kind, required_units, \
             deadline_months, staff_types, position) \
             SELECT $1, $2, $3, $4, $5, $6, $7, COALESCE(MAX(position), -1) + 1 \
             FROM training_requirements WHERE district_id = $1 \
             RETURNING id, district_id, code, title, kind, required_units, deadline_months, \
             staff_types, position, retired",
        )
        .bind(district_id)
        .bind(&requirement.code)
        .bind(&requirement.title)
        .bind(requirement.kind.key())
        .bind(i64::from(requirement.required_units))
        .bind(i64::from(requirement.deadline_months))
        .bind(staff_types_of(requirement))
        .fetch_one(&mut *tx)
        .await
        .map_err(on_unique("a requirement with this code already exists"))?;
        let change = Change {
            district_id,
            table: "training_requirements",
            record_id: after.id,
            before: None,
            after: &after,
        };
        record_change(&mut tx, actor, change).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Changes a requirement of the district (its code stays), or retires it / brings it back.
    pub async fn update_requirement(
        &self,
        district_id: i64,
        actor: &Actor,
        id: i64,
        requirement: &Requirement,
        retired: bool,
    ) -> StoreResult<RequirementRecord> {
        let mut tx = self.write.begin().await?;
        let before: RequirementRecord = sqlx::query_as(concat!(
            requirement_select!(),
            "WHERE id = $1 AND district_id = $2"
        ))
        .bind(id)
        .bind(district_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let after: RequirementRecord = sqlx::query_as(
            "UPDATE training_requirements SET title = $1, kind = $2, required_units = $3, \
             deadline_months = $4, staff_types = $5, retired = $6 WHERE id = $7 \
             RETURNING id, district_id, code, title, kind, required_units, deadline_months, \
             staff_types, position, retired",
        )
        .bind(&requirement.title)
        .bind(requirement.kind.key())
        .bind(i64::from(requirement.required_units))
        .bind(i64::from(requirement.deadline_months))
        .bind(staff_types_of(requirement))
        .bind(i64::from(retired))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        if after != before {
            let change = Change {
                district_id,
                table: "training_requirements",
                record_id: id,
                before: Some(&before),
                after: &after,
            };
            record_change(&mut tx, actor, change).await?;
        }
        tx.commit().await?;
        Ok(after)
    }
}
