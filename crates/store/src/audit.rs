//! The append-only audit trail of the program's records: who changed which row when, and the row before
//! and after as JSON. Every write of `program.rs` and `listening.rs` calls [`record_change`] inside its
//! own transaction, so a change and its audit entry are stored together or not at all. There is no
//! function to edit or delete an entry, and the database's triggers refuse both.

use crate::{Store, StoreResult, now};
use serde::Serialize;
use sqlx::{Any, FromRow, Transaction};

/// Who makes a change: a signed-in user, or a named process (an import, the demo).
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i64>,
    /// What the history shows: the user's name and email, or "import (staff.csv)".
    pub name: String,
}

impl Actor {
    pub fn user(user: &crate::User) -> Actor {
        Actor {
            user_id: Some(user.id),
            name: format!("{} <{}>", user.name, user.email),
        }
    }

    pub fn process(name: impl Into<String>) -> Actor {
        Actor {
            user_id: None,
            name: name.into(),
        }
    }
}

/// The tables whose history can be read.
pub const AUDITED_TABLES: [&str; 27] = [
    "agencies",
    "staff_members",
    "assignments",
    "training_records",
    "training_plans",
    "user_agencies",
    "program_page_texts",
    "program_page_settings",
    "training_requirements",
    "listening_sessions",
    "listening_sign_ups",
    "listening_session_themes",
    "agreements",
    "agreement_versions",
    "agreement_exchanges",
    "agreement_sessions",
    "agreement_comments",
    "calls",
    "offense_types",
    "ospi_layouts",
    "answers",
    "answer_texts",
    "notice_presentations",
    "complaints",
    "complaint_allegations",
    "complaint_notes",
    "complaint_settings",
];

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub actor: String,
    pub at: i64,
    pub table_name: String,
    pub record_id: i64,
    /// insert, update, or read (a student record was opened: R12)
    pub action: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

pub(crate) struct Change<'a, T: Serialize> {
    pub district_id: i64,
    pub table: &'static str,
    pub record_id: i64,
    pub before: Option<&'a T>,
    pub after: &'a T,
}

/// Appends one entry for `change` in the caller's transaction.
pub(crate) async fn record_change<T: Serialize>(
    tx: &mut Transaction<'static, Any>,
    actor: &Actor,
    change: Change<'_, T>,
) -> StoreResult<()> {
    let json = |value: &T| serde_json::to_string(value).unwrap_or_else(|e| format!("{e}"));
    sqlx::query(
        "INSERT INTO audit_log (district_id, user_id, actor, at, table_name, record_id, action, \
         before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(change.district_id)
    .bind(actor.user_id)
    .bind(&actor.name)
    .bind(now())
    .bind(change.table)
    .bind(change.record_id)
    .bind(if change.before.is_some() {
        "update"
    } else {
        "insert"
    })
    .bind(change.before.map(json))
    .bind(json(change.after))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Appends a "read" entry: `actor` opened a student record (FERPA asks who saw what, not only who
/// changed it).
pub(crate) async fn record_read(
    tx: &mut Transaction<'static, Any>,
    actor: &Actor,
    district_id: i64,
    table: &'static str,
    record_id: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (district_id, user_id, actor, at, table_name, record_id, action) \
         VALUES ($1, $2, $3, $4, $5, $6, 'read')",
    )
    .bind(district_id)
    .bind(actor.user_id)
    .bind(&actor.name)
    .bind(now())
    .bind(table)
    .bind(record_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// The history of one record of `district_id`, oldest first.
    pub async fn history(
        &self,
        district_id: i64,
        table: &str,
        record_id: i64,
    ) -> StoreResult<Vec<AuditEntry>> {
        Ok(sqlx::query_as(
            "SELECT id, actor, at, table_name, record_id, action, before_json, after_json \
             FROM audit_log WHERE district_id = $1 AND table_name = $2 AND record_id = $3 \
             ORDER BY id",
        )
        .bind(district_id)
        .bind(table)
        .bind(record_id)
        .fetch_all(&self.read)
        .await?)
    }
}
