//! Exchanges, their participants, thoughts and star ratings, with the running aggregates that results
//! are read from.

use crate::{Store, StoreError, StoreResult, now};
use accord_domain::allocation::Candidate;
use accord_domain::exchange::{ExchangeState, Group};
use accord_domain::scoring::{PRIOR_WEIGHT, Prior, Tally};
use sqlx::{Any, FromRow, Transaction};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    pub id: i64,
    pub district_id: i64,
    pub title: String,
    pub question: String,
    pub context: String,
    pub groups: Vec<Group>,
    pub invitation_code: Option<String>,
    pub results_public: bool,
    pub state: ExchangeState,
    pub created_at: i64,
    pub opened_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub published_at: Option<i64>,
}

#[derive(FromRow)]
struct ExchangeRow {
    id: i64,
    district_id: i64,
    title: String,
    question: String,
    context: String,
    groups: String,
    invitation_code: Option<String>,
    results_public: i64,
    state: String,
    created_at: i64,
    opened_at: Option<i64>,
    closed_at: Option<i64>,
    published_at: Option<i64>,
}

macro_rules! exchange_columns {
    () => {
        "id, district_id, title, question, context, groups, invitation_code, \
    results_public, state, created_at, opened_at, closed_at, published_at"
    };
}

fn corrupt(what: String) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(what.into()))
}

impl TryFrom<ExchangeRow> for Exchange {
    type Error = StoreError;
    fn try_from(row: ExchangeRow) -> StoreResult<Exchange> {
        Ok(Exchange {
            id: row.id,
            district_id: row.district_id,
            title: row.title,
            question: row.question,
            context: row.context,
            groups: Group::parse_list(&row.groups).map_err(|e| corrupt(e.to_string()))?,
            invitation_code: row.invitation_code,
            results_public: row.results_public != 0,
            state: row.state.parse().map_err(corrupt)?,
            created_at: row.created_at,
            opened_at: row.opened_at,
            closed_at: row.closed_at,
            published_at: row.published_at,
        })
    }
}

/// What a facilitator sets on an exchange, on creation and when editing.
#[derive(Debug, Clone, PartialEq)]
pub struct ExchangeEdit {
    pub title: String,
    pub question: String,
    pub context: String,
    pub groups: Vec<Group>,
    pub invitation_code: Option<String>,
    pub results_public: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub id: i64,
    pub exchange_id: i64,
    pub group: Option<Group>,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Thought {
    pub id: i64,
    pub exchange_id: i64,
    pub participant_id: Option<i64>,
    pub body: String,
    pub status: String,
    pub created_at: i64,
}

macro_rules! thought_columns {
    () => {
        "id, exchange_id, participant_id, body, status, created_at"
    };
}

/// A thought with its running aggregates, as results read them.
#[derive(Debug, Clone, PartialEq)]
pub struct ThoughtTally {
    pub id: i64,
    pub body: String,
    pub created_at: i64,
    pub tally: Tally,
    pub skips: i64,
}

/// One group's aggregates for one thought; `group` is `None` for raters who gave no group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupTally {
    pub thought_id: i64,
    pub group: Option<Group>,
    pub tally: Tally,
}

/// Participation as the seed exchange reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub participants: i64,
    pub thoughts: i64,
    /// Star ratings (skips are not ratings).
    pub ratings: i64,
    pub skips: i64,
    /// Participants per group key, with `none` for those who gave no group.
    pub participants_by_group: BTreeMap<String, i64>,
}

/// A rating to store: stars 1-5, or `None` for a skip.
#[derive(Debug, Clone, Copy)]
pub struct RatingWrite<'a> {
    pub participant: &'a Participant,
    pub thought_id: i64,
    pub stars: Option<u8>,
}

/// A thought to store, written by a participant (or by staff on behalf of a meeting: no participant).
#[derive(Debug, Clone, Copy)]
pub struct NewThought<'a> {
    pub exchange_id: i64,
    pub participant_id: Option<i64>,
    pub body: &'a str,
}

fn group_key(group: Option<Group>) -> &'static str {
    group.map_or("", Group::key)
}

pub(crate) fn parse_group(key: &str) -> StoreResult<Option<Group>> {
    Group::parse_optional(key).map_err(|e| corrupt(e.to_string()))
}

impl Store {
    pub async fn create_exchange(
        &self,
        district_id: i64,
        created_by: Option<i64>,
        edit: &ExchangeEdit,
    ) -> StoreResult<Exchange> {
        let row: ExchangeRow = sqlx::query_as(concat!("INSERT INTO exchanges (district_id, title, question, context, groups, invitation_code, \
             results_public, state, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9) RETURNING ", exchange_columns!()))
        .bind(district_id)
        .bind(&edit.title)
        .bind(&edit.question)
        .bind(&edit.context)
        .bind(Group::list_key(&edit.groups))
        .bind(&edit.invitation_code)
        .bind(i64::from(edit.results_public))
        .bind(created_by)
        .bind(now())
        .fetch_one(&self.write)
        .await?;
        row.try_into()
    }

    pub async fn update_exchange(&self, id: i64, edit: &ExchangeEdit) -> StoreResult<Exchange> {
        let row: Option<ExchangeRow> = sqlx::query_as(concat!(
            "UPDATE exchanges SET title = $1, question = $2, context = $3, groups = $4, \
             invitation_code = $5, results_public = $6 WHERE id = $7 RETURNING ",
            exchange_columns!()
        ))
        .bind(&edit.title)
        .bind(&edit.question)
        .bind(&edit.context)
        .bind(Group::list_key(&edit.groups))
        .bind(&edit.invitation_code)
        .bind(i64::from(edit.results_public))
        .bind(id)
        .fetch_optional(&self.write)
        .await?;
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    pub async fn exchange(&self, id: i64) -> StoreResult<Option<Exchange>> {
        let row: Option<ExchangeRow> = sqlx::query_as(concat!(
            "SELECT ",
            exchange_columns!(),
            " FROM exchanges WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        row.map(Exchange::try_from).transpose()
    }

    /// Exchanges newest first: of one district or of all, with or without drafts.
    pub async fn exchanges(
        &self,
        district_id: Option<i64>,
        include_drafts: bool,
    ) -> StoreResult<Vec<Exchange>> {
        let rows: Vec<ExchangeRow> = sqlx::query_as(concat!(
            "SELECT ",
            exchange_columns!(),
            " FROM exchanges \
             WHERE ($1 IS NULL OR district_id = $1) AND ($2 = 1 OR state <> 'draft') \
             ORDER BY created_at DESC, id DESC"
        ))
        .bind(district_id)
        .bind(i64::from(include_drafts))
        .fetch_all(&self.read)
        .await?;
        rows.into_iter().map(Exchange::try_from).collect()
    }

    /// Moves an exchange from `from` to `to`, stamping the time; false if it was no longer in `from`
    /// (someone else moved it first), so a transition is never applied twice.
    pub async fn transition_exchange(
        &self,
        id: i64,
        from: ExchangeState,
        to: ExchangeState,
    ) -> StoreResult<bool> {
        // Each target state stamps its own column; the statements are spelled out so that no SQL is
        // assembled at run time.
        let sql = match to {
            ExchangeState::Open => {
                "UPDATE exchanges SET state = $1, opened_at = $2 WHERE id = $3 AND state = $4"
            }
            ExchangeState::Closed => {
                "UPDATE exchanges SET state = $1, closed_at = $2 WHERE id = $3 AND state = $4"
            }
            ExchangeState::Published => {
                "UPDATE exchanges SET state = $1, published_at = $2 WHERE id = $3 AND state = $4"
            }
            ExchangeState::Draft => {
                "UPDATE exchanges SET state = $1, created_at = $2 WHERE id = $3 AND state = $4"
            }
        };
        let done = sqlx::query(sql)
            .bind(to.key())
            .bind(now())
            .bind(id)
            .bind(from.key())
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Adds an anonymous participant; the token they hold is known to us only by its hash.
    pub async fn add_participant(
        &self,
        exchange_id: i64,
        group: Option<Group>,
        token_hash: &str,
    ) -> StoreResult<Participant> {
        let at = now();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO participants (exchange_id, token_hash, grp, created_at, last_active_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(exchange_id)
        .bind(token_hash)
        .bind(group.map(Group::key))
        .bind(at)
        .fetch_one(&self.write)
        .await?;
        Ok(Participant {
            id,
            exchange_id,
            group,
        })
    }

    pub async fn participant_by_token(&self, token_hash: &str) -> StoreResult<Option<Participant>> {
        let row: Option<(i64, i64, Option<String>)> =
            sqlx::query_as("SELECT id, exchange_id, grp FROM participants WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&self.read)
                .await?;
        row.map(|(id, exchange_id, grp)| {
            Ok(Participant {
                id,
                exchange_id,
                group: parse_group(grp.as_deref().unwrap_or(""))?,
            })
        })
        .transpose()
    }

    pub async fn add_thought(&self, thought: NewThought<'_>) -> StoreResult<Thought> {
        Ok(sqlx::query_as(concat!(
            "INSERT INTO thoughts (exchange_id, participant_id, body, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING ",
            thought_columns!()
        ))
        .bind(thought.exchange_id)
        .bind(thought.participant_id)
        .bind(thought.body)
        .bind(now())
        .fetch_one(&self.write)
        .await?)
    }

    pub async fn thought(&self, id: i64) -> StoreResult<Option<Thought>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            thought_columns!(),
            " FROM thoughts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.read)
        .await?)
    }

    /// A thought with the state of its exchange, in one query: what the rating rule needs.
    pub async fn thought_with_state(
        &self,
        id: i64,
    ) -> StoreResult<Option<(Thought, ExchangeState)>> {
        type Row = (i64, i64, Option<i64>, String, String, i64, String);
        let row: Option<Row> = sqlx::query_as(
            "SELECT t.id, t.exchange_id, t.participant_id, t.body, t.status, t.created_at, e.state \
             FROM thoughts t JOIN exchanges e ON e.id = t.exchange_id WHERE t.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        row.map(
            |(id, exchange_id, participant_id, body, status, created_at, state)| {
                let thought = Thought {
                    id,
                    exchange_id,
                    participant_id,
                    body,
                    status,
                    created_at,
                };
                Ok((thought, state.parse().map_err(corrupt)?))
            },
        )
        .transpose()
    }

    pub async fn thoughts_of_participant(&self, participant_id: i64) -> StoreResult<Vec<Thought>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            thought_columns!(),
            " FROM thoughts WHERE participant_id = $1 ORDER BY id"
        ))
        .bind(participant_id)
        .fetch_all(&self.read)
        .await?)
    }

    /// How many thoughts this participant has rated or skipped.
    pub async fn ratings_given(&self, participant_id: i64) -> StoreResult<i64> {
        let (count,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM ratings WHERE participant_id = $1")
                .bind(participant_id)
                .fetch_one(&self.read)
                .await?;
        Ok(count)
    }

    /// Stores a rating or skip; a second one for the same thought replaces the first. The thought's
    /// aggregates and its group tally move by the difference in the same transaction.
    ///
    /// The caller has checked the rules (open exchange, not the participant's own thought).
    pub async fn record_rating(&self, rating: RatingWrite<'_>) -> StoreResult<()> {
        let mut tx = self.write.begin().await?;
        let at = now();
        // Lock the participant's row first: one participant's ratings are then applied one after
        // another, so a double submit cannot count the same rating twice.
        sqlx::query("UPDATE participants SET last_active_at = $1 WHERE id = $2")
            .bind(at)
            .bind(rating.participant.id)
            .execute(&mut *tx)
            .await?;
        let previous: Option<(Option<i64>,)> = sqlx::query_as(
            "SELECT stars FROM ratings WHERE participant_id = $1 AND thought_id = $2",
        )
        .bind(rating.participant.id)
        .bind(rating.thought_id)
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO ratings (participant_id, thought_id, stars, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (participant_id, thought_id) DO UPDATE SET stars = excluded.stars, \
             created_at = excluded.created_at",
        )
        .bind(rating.participant.id)
        .bind(rating.thought_id)
        .bind(rating.stars.map(i64::from))
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let delta = TallyDelta::between(previous.map(|(s,)| s), rating.stars.map(i64::from));
        apply_delta(&mut tx, rating, &delta).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The thoughts this participant may still rate (not their own, not rated, skipped or reported)
    /// that the allocation policy most wants rated, lowest stored priority first (see
    /// [`Store::rekey`]), at most `limit`, for `accord_domain::allocation::choose_next` to choose from.
    pub async fn next_candidates(
        &self,
        participant: &Participant,
        limit: i64,
    ) -> StoreResult<Vec<Candidate>> {
        let rows: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT t.id, t.view_count, t.rating_count, t.star_sum, t.star_sum_squares FROM thoughts t \
             WHERE t.exchange_id = $1 AND t.status = 'visible' \
             AND (t.participant_id IS NULL OR t.participant_id <> $2) \
             AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.participant_id = $2 AND r.thought_id = t.id) \
             AND NOT EXISTS (SELECT 1 FROM thought_reports q WHERE q.participant_id = $2 AND q.thought_id = t.id) \
             ORDER BY t.priority, t.id LIMIT $3",
        )
        .bind(participant.exchange_id)
        .bind(participant.id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(thought_id, views, count, sum, sum_squares)| Candidate {
                thought_id,
                views,
                tally: Tally {
                    count,
                    sum,
                    sum_squares,
                },
            })
            .collect())
    }

    pub async fn summary(&self, exchange_id: i64) -> StoreResult<Summary> {
        let groups: Vec<(Option<String>, i64)> = sqlx::query_as(
            "SELECT grp, COUNT(*) FROM participants WHERE exchange_id = $1 GROUP BY grp",
        )
        .bind(exchange_id)
        .fetch_all(&self.read)
        .await?;
        let (thoughts, ratings, skips): (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), CAST(COALESCE(SUM(rating_count), 0) AS BIGINT), \
             CAST(COALESCE(SUM(skip_count), 0) AS BIGINT) FROM thoughts WHERE exchange_id = $1",
        )
        .bind(exchange_id)
        .fetch_one(&self.read)
        .await?;
        let mut summary = Summary {
            thoughts,
            ratings,
            skips,
            ..Summary::default()
        };
        for (group, count) in groups {
            summary.participants += count;
            let key = group
                .filter(|g| !g.is_empty())
                .unwrap_or_else(|| "none".into());
            *summary.participants_by_group.entry(key).or_default() += count;
        }
        Ok(summary)
    }

    /// Every visible thought of the exchange with its aggregates.
    pub async fn thought_tallies(&self, exchange_id: i64) -> StoreResult<Vec<ThoughtTally>> {
        let rows: Vec<(i64, String, i64, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT id, body, created_at, rating_count, star_sum, star_sum_squares, skip_count \
             FROM thoughts WHERE exchange_id = $1 AND status = 'visible' ORDER BY id",
        )
        .bind(exchange_id)
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, body, created_at, count, sum, sum_squares, skips)| ThoughtTally {
                    id,
                    body,
                    created_at,
                    tally: Tally {
                        count,
                        sum,
                        sum_squares,
                    },
                    skips,
                },
            )
            .collect())
    }

    /// Every group's aggregates for every thought of the exchange.
    pub async fn group_tallies(&self, exchange_id: i64) -> StoreResult<Vec<GroupTally>> {
        let rows: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT thought_id, grp, rating_count, star_sum, star_sum_squares \
             FROM thought_group_tallies WHERE exchange_id = $1",
        )
        .bind(exchange_id)
        .fetch_all(&self.read)
        .await?;
        rows.into_iter()
            .map(|(thought_id, grp, count, sum, sum_squares)| {
                Ok(GroupTally {
                    thought_id,
                    group: parse_group(&grp)?,
                    tally: Tally {
                        count,
                        sum,
                        sum_squares,
                    },
                })
            })
            .collect()
    }
}

/// How a thought's aggregates change when a participant's rating goes from `before` to `after`.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct TallyDelta {
    count: i64,
    sum: i64,
    sum_squares: i64,
    skips: i64,
    views: i64,
}

impl TallyDelta {
    /// `before`: `None` if there was no rating, `Some(None)` for a skip, `Some(Some(stars))`.
    fn between(before: Option<Option<i64>>, after: Option<i64>) -> TallyDelta {
        let mut delta = TallyDelta {
            views: i64::from(before.is_none()),
            ..TallyDelta::default()
        };
        match before {
            Some(Some(stars)) => delta.add_stars(stars, -1),
            Some(None) => delta.skips -= 1,
            None => {}
        }
        match after {
            Some(stars) => delta.add_stars(stars, 1),
            None => delta.skips += 1,
        }
        delta
    }

    fn add_stars(&mut self, stars: i64, sign: i64) {
        self.count += sign;
        self.sum += sign * stars;
        self.sum_squares += sign * stars * stars;
    }
}

async fn apply_delta(
    tx: &mut Transaction<'static, Any>,
    rating: RatingWrite<'_>,
    delta: &TallyDelta,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE thoughts SET rating_count = rating_count + $1, star_sum = star_sum + $2, \
         star_sum_squares = star_sum_squares + $3, skip_count = skip_count + $4, \
         view_count = view_count + $5 WHERE id = $6",
    )
    .bind(delta.count)
    .bind(delta.sum)
    .bind(delta.sum_squares)
    .bind(delta.skips)
    .bind(delta.views)
    .bind(rating.thought_id)
    .execute(&mut **tx)
    .await?;
    if delta.count != 0 || delta.sum != 0 {
        sqlx::query(
            "INSERT INTO thought_group_tallies \
             (exchange_id, thought_id, grp, rating_count, star_sum, star_sum_squares) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (thought_id, grp) DO UPDATE SET \
             rating_count = thought_group_tallies.rating_count + excluded.rating_count, \
             star_sum = thought_group_tallies.star_sum + excluded.star_sum, \
             star_sum_squares = thought_group_tallies.star_sum_squares + excluded.star_sum_squares",
        )
        .bind(rating.participant.exchange_id)
        .bind(rating.thought_id)
        .bind(group_key(rating.participant.group))
        .bind(delta.count)
        .bind(delta.sum)
        .bind(delta.sum_squares)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::TallyDelta;

    #[test]
    fn replacing_a_rating_moves_the_aggregates_by_the_difference() {
        let first = TallyDelta::between(None, Some(4));
        assert_eq!(
            first,
            TallyDelta {
                count: 1,
                sum: 4,
                sum_squares: 16,
                skips: 0,
                views: 1
            }
        );
        let replaced = TallyDelta::between(Some(Some(4)), Some(2));
        assert_eq!(
            replaced,
            TallyDelta {
                count: 0,
                sum: -2,
                sum_squares: -12,
                skips: 0,
                views: 0
            }
        );
        let skipped_then_rated = TallyDelta::between(Some(None), Some(5));
        assert_eq!(
            skipped_then_rated,
            TallyDelta {
                count: 1,
                sum: 5,
                sum_squares: 25,
                skips: -1,
                views: 0
            }
        );
    }
}

/// One thought of a ranking page, with its aggregates overall and in the ranking's view.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedThought {
    pub id: i64,
    pub body: String,
    pub skips: i64,
    pub overall: Tally,
    /// The view's group's tally (equal to `overall` when the view is everyone).
    pub in_view: Tally,
}

/// Which page of which ranking to read.
#[derive(Debug, Clone, Copy)]
pub struct RankingPage {
    /// `None`: everyone's stars; `Some(group)`: only that group's raters (`Some(None)`: no group given).
    pub view: Option<Option<Group>>,
    /// The view's prior: what each thought's mean is pulled toward.
    pub prior: Prior,
    pub offset: i64,
    pub limit: i64,
}

/// All stars of an exchange, overall and per group, and how many thoughts are visible.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExchangeTallies {
    pub visible_thoughts: i64,
    pub overall: Tally,
    pub by_group: BTreeMap<Option<Group>, Tally>,
}

impl Store {
    /// The totals that the priors of every view are made from, summed by the database over the
    /// running aggregates.
    pub async fn exchange_tallies(&self, exchange_id: i64) -> StoreResult<ExchangeTallies> {
        let (visible_thoughts, count, sum, sum_squares): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), CAST(COALESCE(SUM(rating_count), 0) AS BIGINT), \
             CAST(COALESCE(SUM(star_sum), 0) AS BIGINT), CAST(COALESCE(SUM(star_sum_squares), 0) AS BIGINT) \
             FROM thoughts WHERE exchange_id = $1 AND status = 'visible'",
        )
        .bind(exchange_id)
        .fetch_one(&self.read)
        .await?;
        let groups: Vec<(String, i64, i64, i64)> = sqlx::query_as(
            "SELECT g.grp, CAST(SUM(g.rating_count) AS BIGINT), CAST(SUM(g.star_sum) AS BIGINT), \
             CAST(SUM(g.star_sum_squares) AS BIGINT) FROM thought_group_tallies g \
             JOIN thoughts t ON t.id = g.thought_id \
             WHERE g.exchange_id = $1 AND t.status = 'visible' GROUP BY g.grp",
        )
        .bind(exchange_id)
        .fetch_all(&self.read)
        .await?;
        let mut by_group = BTreeMap::new();
        for (grp, count, sum, sum_squares) in groups {
            by_group.insert(
                parse_group(&grp)?,
                Tally {
                    count,
                    sum,
                    sum_squares,
                },
            );
        }
        Ok(ExchangeTallies {
            visible_thoughts,
            overall: Tally {
                count,
                sum,
                sum_squares,
            },
            by_group,
        })
    }

    /// A page of the visible thoughts, best first, ranked by the database with the domain's rule
    /// (`accord_domain::scoring::rank`): the shrunk mean `(sum + w·m) / (count + w)` with w the prior
    /// weight and m the view's prior mean, then more ratings, then the older thought. Only the page's
    /// rows leave the database, so a page costs the same at any exchange size but for one sort.
    /// The server ranks a group's view this way; everyone's view goes by the rater-adjusted score
    /// (`accord_domain::scoring::adjusted_scores`), which needs every rating (see `rating_matrix`).
    pub async fn ranked_thoughts(
        &self,
        exchange_id: i64,
        page: RankingPage,
    ) -> StoreResult<Vec<RankedThought>> {
        let pull = PRIOR_WEIGHT * page.prior.mean;
        type Row = (i64, String, i64, i64, i64, i64, i64, i64, i64);
        let rows: Vec<Row> = match page.view {
            None => {
                sqlx::query_as(
                    "SELECT id, body, skip_count, rating_count, star_sum, star_sum_squares, \
                     rating_count, star_sum, star_sum_squares FROM thoughts \
                     WHERE exchange_id = $1 AND status = 'visible' \
                     ORDER BY (star_sum + CAST($2 AS DOUBLE PRECISION)) \
                     / (rating_count + CAST($3 AS DOUBLE PRECISION)) DESC, rating_count DESC, id \
                     LIMIT $4 OFFSET $5",
                )
                .bind(exchange_id)
                .bind(pull)
                .bind(PRIOR_WEIGHT)
                .bind(page.limit)
                .bind(page.offset)
                .fetch_all(&self.read)
                .await?
            }
            Some(group) => {
                sqlx::query_as(
                    "SELECT t.id, t.body, t.skip_count, t.rating_count, t.star_sum, t.star_sum_squares, \
                     COALESCE(g.rating_count, 0), COALESCE(g.star_sum, 0), COALESCE(g.star_sum_squares, 0) \
                     FROM thoughts t LEFT JOIN thought_group_tallies g ON g.thought_id = t.id AND g.grp = $6 \
                     WHERE t.exchange_id = $1 AND t.status = 'visible' \
                     ORDER BY (COALESCE(g.star_sum, 0) + CAST($2 AS DOUBLE PRECISION)) \
                     / (COALESCE(g.rating_count, 0) + CAST($3 AS DOUBLE PRECISION)) DESC, \
                     COALESCE(g.rating_count, 0) DESC, t.id LIMIT $4 OFFSET $5",
                )
                .bind(exchange_id)
                .bind(pull)
                .bind(PRIOR_WEIGHT)
                .bind(page.limit)
                .bind(page.offset)
                .bind(group_key(group))
                .fetch_all(&self.read)
                .await?
            }
        };
        Ok(rows
            .into_iter()
            .map(|(id, body, skips, n, s, ss, vn, vs, vss)| RankedThought {
                id,
                body,
                skips,
                overall: Tally {
                    count: n,
                    sum: s,
                    sum_squares: ss,
                },
                in_view: Tally {
                    count: vn,
                    sum: vs,
                    sum_squares: vss,
                },
            })
            .collect())
    }

    /// Every group's aggregates for the given thoughts (a page's worth: at most a few thousand ids).
    pub async fn group_tallies_of(&self, thought_ids: &[i64]) -> StoreResult<Vec<GroupTally>> {
        let mut tallies = Vec::new();
        // Bounded chunks keep every statement far below both databases' parameter limits.
        for chunk in thought_ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT thought_id, grp, rating_count, star_sum, star_sum_squares \
                 FROM thought_group_tallies WHERE thought_id IN ({})",
                placeholders.join(", ")
            );
            // Only numbered placeholders are formatted into the text; the ids are bound.
            let mut query =
                sqlx::query_as::<_, (i64, String, i64, i64, i64)>(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(*id);
            }
            for (thought_id, grp, count, sum, sum_squares) in query.fetch_all(&self.read).await? {
                tallies.push(GroupTally {
                    thought_id,
                    group: parse_group(&grp)?,
                    tally: Tally {
                        count,
                        sum,
                        sum_squares,
                    },
                });
            }
        }
        Ok(tallies)
    }
}
