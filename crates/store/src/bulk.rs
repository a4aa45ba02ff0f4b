//! Loading a whole exchange's activity at once: imports and demo data, where writing a million ratings
//! one transaction at a time through [`Store::record_rating`] would take many minutes.
//!
//! The loader computes in memory exactly the aggregates that rating one by one would have left behind
//! (each thought's running tally, skips and views, and each group's tally per thought), writes
//! participants and thoughts row by row to learn their ids, and the rest in multi-row statements, all in
//! one transaction so that a failure leaves nothing behind.

use crate::{Backend, Store, StoreError, StoreResult, on_unique};
use accord_domain::allocation::{Standing, priority};
use accord_domain::exchange::{Group, thought_text};
use accord_domain::scoring::Tally;
use sqlx::AssertSqlSafe;
use std::collections::HashSet;

/// A participant to create; `token_hash` must be unique across the whole database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkParticipant {
    pub token_hash: String,
    pub group: Option<Group>,
    pub created_at: i64,
}

/// A thought written by `author`, an index into [`Activity::participants`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkThought {
    pub author: usize,
    pub body: String,
    pub created_at: i64,
}

/// A rating of `thought` (index into [`Activity::thoughts`]) by `participant` (index into
/// [`Activity::participants`]): 1-5 stars, or `None` for a skip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkRating {
    pub participant: usize,
    pub thought: usize,
    pub stars: Option<u8>,
    pub created_at: i64,
}

/// Everything that happened in one exchange, to be written by [`Store::load_activity`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Activity {
    pub participants: Vec<BulkParticipant>,
    pub thoughts: Vec<BulkThought>,
    pub ratings: Vec<BulkRating>,
}

impl Activity {
    /// The count the progress callback of [`Store::load_activity`] reaches when it is done: every
    /// participant, thought and rating.
    pub fn rows(&self) -> u64 {
        (self.participants.len() + self.thoughts.len() + self.ratings.len()) as u64
    }

    /// Checks the rules the store's tables and aggregates rely on, naming the first problem found.
    fn check(&self) -> StoreResult<()> {
        let conflict = |message: String| Err(StoreError::Conflict(message));
        let mut tokens = HashSet::with_capacity(self.participants.len());
        for (i, p) in self.participants.iter().enumerate() {
            if p.token_hash.is_empty() {
                return conflict(format!("participant {i} has an empty token hash"));
            }
            if !tokens.insert(p.token_hash.as_str()) {
                return conflict(format!(
                    "participant {i} repeats an earlier participant's token hash"
                ));
            }
        }
        for (i, t) in self.thoughts.iter().enumerate() {
            if t.author >= self.participants.len() {
                return conflict(format!(
                    "thought {i} names author {}, who does not exist",
                    t.author
                ));
            }
            if let Err(e) = thought_text(&t.body) {
                return conflict(format!("thought {i}: {e}"));
            }
        }
        let mut pairs = HashSet::with_capacity(self.ratings.len());
        for (i, r) in self.ratings.iter().enumerate() {
            if r.participant >= self.participants.len() {
                return conflict(format!(
                    "rating {i} names participant {}, who does not exist",
                    r.participant
                ));
            }
            let Some(thought) = self.thoughts.get(r.thought) else {
                return conflict(format!(
                    "rating {i} names thought {}, which does not exist",
                    r.thought
                ));
            };
            if thought.author == r.participant {
                return conflict(format!(
                    "rating {i}: participant {} rates their own thought {}",
                    r.participant, r.thought
                ));
            }
            if let Some(stars) = r.stars
                && !(1..=5).contains(&stars)
            {
                return conflict(format!("rating {i} gives {stars} stars; stars are 1 to 5"));
            }
            if !pairs.insert((r.participant, r.thought)) {
                return conflict(format!(
                    "rating {i}: participant {} already rated thought {}",
                    r.participant, r.thought
                ));
            }
        }
        Ok(())
    }
}

/// SQLite refuses statements with more bound variables than this (PostgreSQL allows 65,535).
const MAX_VARIABLES: usize = 32_766;

/// Rows per multi-row statement. Far below the variable bound: past a few hundred rows a statement
/// gets no faster, and smaller ones move the progress bar more often.
const BATCH_ROWS: usize = 1_000;
const _: () = assert!(
    BATCH_ROWS * 6 <= MAX_VARIABLES,
    "the widest batch must fit SQLite's bound"
);

/// The group tallies get one slot per group plus one for "no group".
const GROUP_SLOTS: usize = Group::ALL.len() + 1;

fn group_slot(group: Option<Group>) -> usize {
    group.map_or(0, |g| 1 + g as usize)
}

fn slot_key(slot: usize) -> &'static str {
    match slot.checked_sub(1).and_then(|i| Group::ALL.get(i)) {
        Some(group) => group.key(),
        None => "",
    }
}

/// What rating one by one would have left on each thought.
#[derive(Default, Clone, Copy)]
struct ThoughtAggregate {
    tally: Tally,
    skips: i64,
    groups: [Tally; GROUP_SLOTS],
}

/// `head` followed by `rows` groups of `width` placeholders: `($1, $2), ($3, $4)`, or on SQLite
/// `(?, ?), (?, ?)`. SQLite looks numbered parameters up by a linear scan each, which makes binding a
/// statement of many `$n` quadratic; anonymous ones bind in order.
fn values_sql(head: &str, width: usize, rows: usize, backend: Backend) -> String {
    let mut sql = String::with_capacity(head.len() + rows * width * 6);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..width {
            if column > 0 {
                sql.push_str(", ");
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    sql.push('$');
                    sql.push_str(&(row * width + column + 1).to_string());
                }
            }
        }
        sql.push(')');
    }
    sql
}

const RATINGS_HEAD: &str = "INSERT INTO ratings (participant_id, thought_id, stars, created_at)";
const TALLIES_HEAD: &str = "INSERT INTO thought_group_tallies \
     (exchange_id, thought_id, grp, rating_count, star_sum, star_sum_squares)";

impl Store {
    /// Writes `activity` into exchange `exchange_id` in one transaction, with the same aggregates that
    /// [`Store::record_rating`] would have produced rating by rating. `progress` hears the number of
    /// participants, thoughts and ratings written so far (up to [`Activity::rows`]).
    ///
    /// Refuses with [`StoreError::Conflict`] naming the first problem, before writing anything, an
    /// index out of range, a rating of one's own thought, a second rating of the same thought by the
    /// same participant, stars outside 1-5, or a token hash given twice.
    pub async fn load_activity(
        &self,
        exchange_id: i64,
        activity: &Activity,
        progress: &(dyn Fn(u64) + Sync),
    ) -> StoreResult<()> {
        activity.check()?;

        let mut aggregates = vec![ThoughtAggregate::default(); activity.thoughts.len()];
        // A participant's last activity is their latest rating, as record_rating stamps it.
        let mut last_active: Vec<i64> =
            activity.participants.iter().map(|p| p.created_at).collect();
        for r in &activity.ratings {
            let aggregate = &mut aggregates[r.thought];
            match r.stars {
                Some(stars) => {
                    aggregate.tally.add(stars);
                    aggregate.groups[group_slot(activity.participants[r.participant].group)]
                        .add(stars);
                }
                None => aggregate.skips += 1,
            }
            last_active[r.participant] = last_active[r.participant].max(r.created_at);
        }

        let mut tx = self.write.begin().await?;
        let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM exchanges WHERE id = $1")
            .bind(exchange_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }

        let mut written = 0_u64;
        let mut participant_ids = Vec::with_capacity(activity.participants.len());
        for (p, last_active_at) in activity.participants.iter().zip(&last_active) {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO participants (exchange_id, token_hash, grp, created_at, last_active_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(exchange_id)
            .bind(&p.token_hash)
            .bind(p.group.map(Group::key))
            .bind(p.created_at)
            .bind(*last_active_at)
            .fetch_one(&mut *tx)
            .await
            .map_err(on_unique("a participant with one of these token hashes already exists"))?;
            participant_ids.push(id);
            written += 1;
            if written.is_multiple_of(256) {
                progress(written);
            }
        }

        // Each thought enters keyed as rating one by one would leave it, under the standing of the
        // whole loaded exchange, so the allocation policy picks up where the activity left off.
        let tallies: Vec<Tally> = aggregates.iter().map(|a| a.tally).collect();
        let standing = Standing::of(&tallies);
        let mut thought_ids = Vec::with_capacity(activity.thoughts.len());
        for (t, aggregate) in activity.thoughts.iter().zip(&aggregates) {
            let views = aggregate.tally.count + aggregate.skips;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO thoughts (exchange_id, participant_id, body, created_at, rating_count, \
                 star_sum, star_sum_squares, skip_count, view_count, priority) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(exchange_id)
            .bind(participant_ids[t.author])
            .bind(&t.body)
            .bind(t.created_at)
            .bind(aggregate.tally.count)
            .bind(aggregate.tally.sum)
            .bind(aggregate.tally.sum_squares)
            .bind(aggregate.skips)
            .bind(views)
            .bind(priority(&aggregate.tally, views, &standing))
            .fetch_one(&mut *tx)
            .await?;
            thought_ids.push(id);
            written += 1;
            if written.is_multiple_of(256) {
                progress(written);
            }
        }
        progress(written);

        // record_rating creates a group's row with the group's first star rating (a skip alone makes
        // none), so exactly the groups with stars get a row.
        let tallies: Vec<(i64, &str, Tally)> = thought_ids
            .iter()
            .zip(&aggregates)
            .flat_map(|(&thought_id, aggregate)| {
                aggregate
                    .groups
                    .iter()
                    .enumerate()
                    .filter(|(_, tally)| tally.count > 0)
                    .map(move |(slot, tally)| (thought_id, slot_key(slot), *tally))
            })
            .collect();
        for chunk in tallies.chunks(BATCH_ROWS) {
            let sql = values_sql(TALLIES_HEAD, 6, chunk.len(), self.backend);
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for (thought_id, grp, tally) in chunk {
                query = query
                    .bind(exchange_id)
                    .bind(*thought_id)
                    .bind(*grp)
                    .bind(tally.count)
                    .bind(tally.sum)
                    .bind(tally.sum_squares);
            }
            query.execute(&mut *tx).await?;
        }

        // In primary-key order, so that each batch appends to the index instead of scattering.
        let mut order: Vec<&BulkRating> = activity.ratings.iter().collect();
        order.sort_unstable_by_key(|r| (r.participant, r.thought));
        for chunk in order.chunks(BATCH_ROWS) {
            let sql = values_sql(RATINGS_HEAD, 4, chunk.len(), self.backend);
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for r in chunk {
                query = query
                    .bind(participant_ids[r.participant])
                    .bind(thought_ids[r.thought])
                    .bind(r.stars.map(i64::from))
                    .bind(r.created_at);
            }
            query.execute(&mut *tx).await?;
            written += chunk.len() as u64;
            progress(written);
        }

        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_rows_in_order() {
        assert_eq!(
            values_sql("INSERT INTO t (a, b)", 2, 2, Backend::Postgres),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            values_sql("X", 3, 1, Backend::Postgres),
            "X VALUES ($1, $2, $3)"
        );
        assert_eq!(
            values_sql("X", 2, 2, Backend::Sqlite),
            "X VALUES (?, ?), (?, ?)"
        );
    }

    #[test]
    fn group_slots_round_trip_to_keys() {
        assert_eq!(slot_key(group_slot(None)), "");
        for group in Group::ALL {
            assert_eq!(slot_key(group_slot(Some(group))), group.key());
        }
    }

    fn activity() -> Activity {
        let participant = |token: &str| BulkParticipant {
            token_hash: token.into(),
            group: None,
            created_at: 1,
        };
        Activity {
            participants: vec![participant("a"), participant("b")],
            thoughts: vec![BulkThought {
                author: 0,
                body: "More counselors".into(),
                created_at: 2,
            }],
            ratings: vec![BulkRating {
                participant: 1,
                thought: 0,
                stars: Some(4),
                created_at: 3,
            }],
        }
    }

    fn problem(activity: &Activity) -> String {
        match activity.check() {
            Err(StoreError::Conflict(message)) => message,
            other => format!("not a conflict: {other:?}"),
        }
    }

    #[test]
    fn the_first_problem_is_named() {
        assert!(activity().check().is_ok());

        let mut own = activity();
        own.ratings.push(BulkRating {
            participant: 0,
            thought: 0,
            stars: Some(5),
            created_at: 3,
        });
        assert!(problem(&own).contains("own thought"), "{}", problem(&own));

        let mut twice = activity();
        twice.ratings.push(BulkRating {
            participant: 1,
            thought: 0,
            stars: None,
            created_at: 4,
        });
        assert!(
            problem(&twice).contains("already rated"),
            "{}",
            problem(&twice)
        );

        let mut stars = activity();
        stars.ratings[0].stars = Some(6);
        assert!(problem(&stars).contains("6 stars"), "{}", problem(&stars));

        let mut missing = activity();
        missing.ratings[0].thought = 7;
        assert!(
            problem(&missing).contains("thought 7"),
            "{}",
            problem(&missing)
        );

        let mut author = activity();
        author.thoughts[0].author = 2;
        assert!(
            problem(&author).contains("author 2"),
            "{}",
            problem(&author)
        );

        let mut token = activity();
        token.participants[1].token_hash = "a".into();
        assert!(
            problem(&token).contains("token hash"),
            "{}",
            problem(&token)
        );

        let mut empty = activity();
        empty.thoughts[0].body = "  ".into();
        assert!(problem(&empty).contains("empty"), "{}", problem(&empty));
    }
}
