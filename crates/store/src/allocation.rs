//! What the allocation policy (`accord_domain::allocation`) needs kept per thought: its priority, lower
//! offered sooner, and when it was last keyed. [`Store::next_candidates`] reads the lowest priorities
//! through the index on `(exchange_id, status, priority)`; each view re-keys the viewed thought and the
//! few keyed longest ago ([`Store::rekey`]), so priorities follow the exchange's standing without ever
//! rescoring every thought at once.

use crate::{Store, StoreResult};
use accord_domain::allocation::{Standing, priority};
use accord_domain::scoring::Tally;
use futures_util::TryStreamExt;

/// A thought's views and tally, as its priority is computed from them.
type KeyRow = (i64, i64, i64, i64, i64);

fn tally_of(count: i64, sum: i64, sum_squares: i64) -> Tally {
    Tally {
        count,
        sum,
        sum_squares,
    }
}

impl Store {
    /// The standing of the exchange: [`Standing::of`] over the tallies of its visible thoughts, read
    /// as a stream so that only the tallies are held.
    pub async fn standing(&self, exchange_id: i64) -> StoreResult<Standing> {
        let tallies: Vec<Tally> = sqlx::query_as::<_, (i64, i64, i64)>(
            "SELECT rating_count, star_sum, star_sum_squares FROM thoughts \
             WHERE exchange_id = $1 AND status = 'visible'",
        )
        .bind(exchange_id)
        .fetch(&self.read)
        .map_ok(|(count, sum, sum_squares)| tally_of(count, sum, sum_squares))
        .try_collect()
        .await?;
        Ok(Standing::of(&tallies))
    }

    /// Stores the priority under `standing` of thought `thought_id` (just viewed) and of the `stale`
    /// other visible thoughts of its exchange keyed longest ago, in one transaction. Rows are updated
    /// in id order, so that two re-keyings at once on PostgreSQL wait for each other instead of
    /// deadlocking.
    pub async fn rekey(
        &self,
        exchange_id: i64,
        thought_id: i64,
        standing: &Standing,
        stale: usize,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await?;
        let mut rows: Vec<KeyRow> = sqlx::query_as(
            "SELECT id, view_count, rating_count, star_sum, star_sum_squares FROM thoughts \
             WHERE exchange_id = $1 AND status = 'visible' AND id <> $2 \
             ORDER BY keyed_at, id LIMIT $3",
        )
        .bind(exchange_id)
        .bind(thought_id)
        .bind(i64::try_from(stale).unwrap_or(i64::MAX))
        .fetch_all(&mut *tx)
        .await?;
        let viewed: Option<KeyRow> = sqlx::query_as(
            "SELECT id, view_count, rating_count, star_sum, star_sum_squares FROM thoughts \
             WHERE id = $1 AND exchange_id = $2",
        )
        .bind(thought_id)
        .bind(exchange_id)
        .fetch_optional(&mut *tx)
        .await?;
        rows.extend(viewed);
        rows.sort_unstable_by_key(|row| row.0);
        let (latest,): (i64,) = sqlx::query_as(
            "SELECT CAST(COALESCE(MAX(keyed_at), 0) AS BIGINT) FROM thoughts WHERE exchange_id = $1",
        )
        .bind(exchange_id)
        .fetch_one(&mut *tx)
        .await?;
        for (id, views, count, sum, sum_squares) in rows {
            let key = priority(&tally_of(count, sum, sum_squares), views, standing);
            sqlx::query("UPDATE thoughts SET priority = $1, keyed_at = $2 WHERE id = $3")
                .bind(key)
                .bind(latest + 1)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
