//! Themes of an exchange: the last computation (themes, their thoughts, representatives), how it is
//! computed (the number of themes asked for), and the facilitator's edits that each computation
//! re-applies. The computing itself is `accord-analysis`'s; the store only keeps what it gave.

use crate::exchanges::parse_group;
use crate::{Store, StoreResult, now};
use accord_domain::exchange::Group;

/// How an exchange's themes are computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ThemeSettings {
    /// The number of themes the facilitator asked for; `None`: chosen automatically.
    pub theme_count: Option<i64>,
    /// When the themes were last computed; `None`: never.
    pub computed_at: Option<i64>,
}

/// A theme to store, as a computation gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTheme {
    pub label: String,
    pub terms: Vec<String>,
    /// Every thought of the theme.
    pub members: Vec<i64>,
    /// Its most representative thoughts, most representative first (all among `members`).
    pub representatives: Vec<i64>,
}

/// A stored theme, with only its visible thoughts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTheme {
    pub id: i64,
    pub label: String,
    pub terms: Vec<String>,
    /// Its visible thoughts: the representatives first (most representative first), then by id.
    pub members: Vec<i64>,
    pub representatives: Vec<i64>,
}

/// How many participants of one group starred at least one thought of a theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeRaters {
    pub theme_id: i64,
    /// `None`: raters who gave no group.
    pub group: Option<Group>,
    pub raters: i64,
}

/// Rows per multi-row INSERT: far below both databases' parameter limits.
const MEMBER_ROWS_PER_INSERT: usize = 200;

impl Store {
    pub async fn theme_settings(&self, exchange_id: i64) -> StoreResult<ThemeSettings> {
        let row: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT theme_count, computed_at FROM theme_settings WHERE exchange_id = $1",
        )
        .bind(exchange_id)
        .fetch_optional(&self.read)
        .await?;
        Ok(
            row.map_or_else(ThemeSettings::default, |(theme_count, computed_at)| {
                ThemeSettings {
                    theme_count,
                    computed_at,
                }
            }),
        )
    }

    /// Sets the number of themes to compute (`None`: choose automatically).
    pub async fn set_theme_count(
        &self,
        exchange_id: i64,
        theme_count: Option<i64>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO theme_settings (exchange_id, theme_count) VALUES ($1, $2) \
             ON CONFLICT (exchange_id) DO UPDATE SET theme_count = excluded.theme_count",
        )
        .bind(exchange_id)
        .bind(theme_count)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Replaces the exchange's themes with a new computation, in one transaction, and stamps the time.
    pub async fn replace_themes(&self, exchange_id: i64, themes: &[NewTheme]) -> StoreResult<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM theme_members WHERE exchange_id = $1")
            .bind(exchange_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM themes WHERE exchange_id = $1")
            .bind(exchange_id)
            .execute(&mut *tx)
            .await?;
        for (position, theme) in themes.iter().enumerate() {
            let (theme_id,): (i64,) = sqlx::query_as(
                "INSERT INTO themes (exchange_id, position, label, terms) VALUES ($1, $2, $3, $4) \
                 RETURNING id",
            )
            .bind(exchange_id)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(&theme.label)
            .bind(theme.terms.join("\n"))
            .fetch_one(&mut *tx)
            .await?;
            let rank_of = |thought: i64| {
                theme
                    .representatives
                    .iter()
                    .position(|&r| r == thought)
                    .map(|i| i64::try_from(i + 1).unwrap_or(i64::MAX))
            };
            for chunk in theme.members.chunks(MEMBER_ROWS_PER_INSERT) {
                let rows: Vec<String> = (0..chunk.len())
                    .map(|i| {
                        format!(
                            "(${}, ${}, ${}, ${})",
                            4 * i + 1,
                            4 * i + 2,
                            4 * i + 3,
                            4 * i + 4
                        )
                    })
                    .collect();
                let sql = format!(
                    "INSERT INTO theme_members (thought_id, theme_id, exchange_id, representative) \
                     VALUES {}",
                    rows.join(", ")
                );
                // Only numbered placeholders are formatted into the text; the values are bound.
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for &thought in chunk {
                    query = query
                        .bind(thought)
                        .bind(theme_id)
                        .bind(exchange_id)
                        .bind(rank_of(thought));
                }
                query.execute(&mut *tx).await?;
            }
        }
        sqlx::query(
            "INSERT INTO theme_settings (exchange_id, computed_at) VALUES ($1, $2) \
             ON CONFLICT (exchange_id) DO UPDATE SET computed_at = excluded.computed_at",
        )
        .bind(exchange_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The exchange's themes in their order, each with its visible thoughts only; a theme whose
    /// thoughts have all been hidden since the computation is left out.
    pub async fn themes(&self, exchange_id: i64) -> StoreResult<Vec<StoredTheme>> {
        let themes: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, label, terms FROM themes WHERE exchange_id = $1 ORDER BY position",
        )
        .bind(exchange_id)
        .fetch_all(&self.read)
        .await?;
        let members: Vec<(i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT m.theme_id, m.thought_id, m.representative FROM theme_members m \
             JOIN thoughts t ON t.id = m.thought_id \
             WHERE m.exchange_id = $1 AND t.status = 'visible' \
             ORDER BY m.theme_id, COALESCE(m.representative, 9223372036854775807), m.thought_id",
        )
        .bind(exchange_id)
        .fetch_all(&self.read)
        .await?;
        let mut stored: Vec<StoredTheme> = themes
            .into_iter()
            .map(|(id, label, terms)| StoredTheme {
                id,
                label,
                terms: terms.lines().map(str::to_owned).collect(),
                members: Vec::new(),
                representatives: Vec::new(),
            })
            .collect();
        for (theme_id, thought_id, representative) in members {
            if let Some(theme) = stored.iter_mut().find(|t| t.id == theme_id) {
                theme.members.push(thought_id);
                if representative.is_some() {
                    theme.representatives.push(thought_id);
                }
            }
        }
        stored.retain(|t| !t.members.is_empty());
        Ok(stored)
    }

    /// Keeps a facilitator's edit (JSON) after the exchange's earlier ones.
    pub async fn add_theme_edit(
        &self,
        exchange_id: i64,
        edit: &str,
        created_by: Option<i64>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO theme_edits (exchange_id, edit, created_by, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(exchange_id)
        .bind(edit)
        .bind(created_by)
        .bind(now())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The exchange's theme edits (JSON), in the order they were made.
    pub async fn theme_edits(&self, exchange_id: i64) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT edit FROM theme_edits WHERE exchange_id = $1 ORDER BY id")
                .bind(exchange_id)
                .fetch_all(&self.read)
                .await?;
        Ok(rows.into_iter().map(|(edit,)| edit).collect())
    }

    /// For each theme and rater group, how many participants starred at least one of its visible
    /// thoughts (skips are not ratings). A participant is in one group, so a theme's raters are the
    /// sum over its groups.
    pub async fn theme_raters(&self, exchange_id: i64) -> StoreResult<Vec<ThemeRaters>> {
        let rows: Vec<(i64, Option<String>, i64)> = sqlx::query_as(
            "SELECT m.theme_id, p.grp, COUNT(DISTINCT r.participant_id) FROM theme_members m \
             JOIN thoughts t ON t.id = m.thought_id \
             JOIN ratings r ON r.thought_id = m.thought_id \
             JOIN participants p ON p.id = r.participant_id \
             WHERE m.exchange_id = $1 AND t.status = 'visible' AND r.stars IS NOT NULL \
             GROUP BY m.theme_id, p.grp",
        )
        .bind(exchange_id)
        .fetch_all(&self.read)
        .await?;
        rows.into_iter()
            .map(|(theme_id, grp, raters)| {
                Ok(ThemeRaters {
                    theme_id,
                    group: parse_group(grp.as_deref().unwrap_or(""))?,
                    raters,
                })
            })
            .collect()
    }
}
