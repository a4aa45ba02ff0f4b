//! The district's layout of its yearly packet for OSPI (`domain::ospi`), stored as the TOML it wrote;
//! every change goes to the audit trail with it.

use crate::audit::{Actor, Change, record_change};
use crate::{Store, StoreResult, now};
use serde::Serialize;
use sqlx::FromRow;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
struct LayoutRow {
    id: i64,
    district_id: i64,
    layout: String,
}

impl Store {
    /// The district's packet layout as it wrote it, `None` while it keeps the default.
    pub async fn ospi_layout(&self, district_id: i64) -> StoreResult<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT layout FROM ospi_layouts WHERE district_id = $1")
                .bind(district_id)
                .fetch_optional(&self.read)
                .await?;
        Ok(row.map(|(layout,)| layout))
    }

    /// Stores the district's packet layout (already checked by `domain::ospi::parse_layout`).
    pub async fn save_ospi_layout(
        &self,
        district_id: i64,
        actor: &Actor,
        layout: &str,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await?;
        let before: Option<LayoutRow> = sqlx::query_as(
            "SELECT id, district_id, layout FROM ospi_layouts WHERE district_id = $1",
        )
        .bind(district_id)
        .fetch_optional(&mut *tx)
        .await?;
        if before.as_ref().is_some_and(|b| b.layout == layout) {
            return Ok(());
        }
        let after: LayoutRow = sqlx::query_as(
            "INSERT INTO ospi_layouts (district_id, layout, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (district_id) DO UPDATE \
             SET layout = excluded.layout, updated_at = excluded.updated_at \
             RETURNING id, district_id, layout",
        )
        .bind(district_id)
        .bind(layout)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        let change = Change {
            district_id,
            table: "ospi_layouts",
            record_id: after.id,
            before: before.as_ref(),
            after: &after,
        };
        record_change(&mut tx, actor, change).await?;
        tx.commit().await?;
        Ok(())
    }
}
