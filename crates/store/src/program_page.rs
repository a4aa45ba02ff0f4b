//! What a district writes for its public program page (each part in each language) and its choices
//! for the page. A save is one transaction, and every changed row goes to the audit trail with it.

use crate::audit::{Actor, Change, record_change};
use crate::{Store, StoreResult, now};
use serde::Serialize;
use sqlx::{Any, FromRow, Transaction};

/// One part of the page in one language (`part` is a `domain::public_page::PageText` key; an empty
/// body means not written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct PageTextRow {
    pub id: i64,
    pub district_id: i64,
    pub part: String,
    pub language: String,
    pub body: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PageSettings {
    /// Whether the page names the staff in each school and their training (off unless chosen).
    pub show_staff_names: bool,
}

/// A save of the page's edit form: every text typed, and the choices.
#[derive(Debug, Clone, Default)]
pub struct PageEdit {
    /// (part, language, body)
    pub texts: Vec<(String, String, String)>,
    pub settings: PageSettings,
}

#[derive(Serialize, FromRow)]
struct SettingsRow {
    id: i64,
    district_id: i64,
    show_staff_names: i64,
}

macro_rules! text_select {
    () => {
        "SELECT id, district_id, part, language, body FROM program_page_texts "
    };
}

impl Store {
    pub async fn program_page_texts(&self, district_id: i64) -> StoreResult<Vec<PageTextRow>> {
        Ok(sqlx::query_as(concat!(
            text_select!(),
            "WHERE district_id = $1 ORDER BY part, language"
        ))
        .bind(district_id)
        .fetch_all(&self.read)
        .await?)
    }

    pub async fn program_page_settings(&self, district_id: i64) -> StoreResult<PageSettings> {
        let row: Option<SettingsRow> = sqlx::query_as(
            "SELECT id, district_id, show_staff_names FROM program_page_settings \
             WHERE district_id = $1",
        )
        .bind(district_id)
        .fetch_optional(&self.read)
        .await?;
        Ok(PageSettings {
            show_staff_names: row.is_some_and(|r| r.show_staff_names != 0),
        })
    }

    /// Stores the texts and choices that changed, all or nothing.
    pub async fn save_program_page(
        &self,
        district_id: i64,
        actor: &Actor,
        edit: &PageEdit,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await?;
        for (part, language, body) in &edit.texts {
            save_text(&mut tx, actor, district_id, part, language, body).await?;
        }
        save_settings(&mut tx, actor, district_id, edit.settings).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn save_text(
    tx: &mut Transaction<'static, Any>,
    actor: &Actor,
    district_id: i64,
    part: &str,
    language: &str,
    body: &str,
) -> StoreResult<()> {
    let before: Option<PageTextRow> = sqlx::query_as(concat!(
        text_select!(),
        "WHERE district_id = $1 AND part = $2 AND language = $3"
    ))
    .bind(district_id)
    .bind(part)
    .bind(language)
    .fetch_optional(&mut **tx)
    .await?;
    if before.as_ref().map_or(body.is_empty(), |b| b.body == body) {
        return Ok(());
    }
    let after: PageTextRow = sqlx::query_as(
        "INSERT INTO program_page_texts (district_id, part, language, body, updated_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (district_id, part, language) DO UPDATE \
         SET body = excluded.body, updated_at = excluded.updated_at \
         RETURNING id, district_id, part, language, body",
    )
    .bind(district_id)
    .bind(part)
    .bind(language)
    .bind(body)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    let change = Change {
        district_id,
        table: "program_page_texts",
        record_id: after.id,
        before: before.as_ref(),
        after: &after,
    };
    record_change(tx, actor, change).await
}

async fn save_settings(
    tx: &mut Transaction<'static, Any>,
    actor: &Actor,
    district_id: i64,
    settings: PageSettings,
) -> StoreResult<()> {
    let select = "SELECT id, district_id, show_staff_names FROM program_page_settings \
                  WHERE district_id = $1";
    let before: Option<SettingsRow> = sqlx::query_as(select)
        .bind(district_id)
        .fetch_optional(&mut **tx)
        .await?;
    let wanted = i64::from(settings.show_staff_names);
    if before
        .as_ref()
        .map_or(wanted == 0, |b| b.show_staff_names == wanted)
    {
        return Ok(());
    }
    let after: SettingsRow = sqlx::query_as(
        "INSERT INTO program_page_settings (district_id, show_staff_names, updated_at) \
         VALUES ($1, $2, $3) \
         ON CONFLICT (district_id) DO UPDATE \
         SET show_staff_names = excluded.show_staff_names, updated_at = excluded.updated_at \
         RETURNING id, district_id, show_staff_names",
    )
    .bind(district_id)
    .bind(wanted)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    let change = Change {
        district_id,
        table: "program_page_settings",
        record_id: after.id,
        before: before.as_ref(),
        after: &after,
    };
    record_change(tx, actor, change).await
}
