//! What participants and facilitators do, once for both the pages and the API: each action checks the
//! domain's rules, then asks the store. Messages are returned as [`Msg`] so that each edge can show
//! them in its own way and language.

use crate::AppState;
use crate::auth::{Staff, hash_token, new_participant_token};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::subscriptions::{self, Announcement};
use accord_domain::allocation::{self, REKEY_PER_VIEW, Standing, choose_next};
use accord_domain::bridging::{BridgingParams, bridging_scores};
use accord_domain::consensus::{self, GroupScore};
use accord_domain::exchange::{
    self, CONTEXT_MAX_CHARS, ExchangeState, Group, QUESTION_MAX_CHARS, Rating, RatingRefusal,
    TITLE_MAX_CHARS, TextError, ThoughtFacts, Transition,
};
use accord_domain::moderation::screen;
use accord_domain::results::{GroupPriors, Scored, ThoughtTallies, score_thoughts_adjusted};
use accord_domain::scoring::{Prior, Score, Tally, adjusted_scores, score};
use accord_store::{
    Exchange, ExchangeEdit, ExchangeTallies, NewThought, Participant, RankingPage, RatingWrite,
    Summary, Thought, ThoughtTally,
};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub mod moderation;

pub const INVITATION_MAX_CHARS: usize = 64;

pub fn text_error(err: &TextError) -> Msg {
    match err {
        TextError::Empty { field } => Msg::new("invalid-empty").arg("field", field).field(field),
        TextError::TooLong { field, len, max } => Msg::new("invalid-too-long")
            .arg("field", field)
            .arg("len", len)
            .arg("max", max)
            .field(field),
    }
}

/// An exchange as a facilitator typed it, before validation.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ExchangeInput {
    pub title: String,
    pub question: String,
    #[serde(default)]
    pub context: String,
    /// Group keys to offer; all eight of the seed's groups when empty.
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub invitation_code: String,
    /// Whether published results are public (default) or for participants and staff only.
    #[serde(default = "yes")]
    pub results_public: bool,
}

fn yes() -> bool {
    true
}

impl ExchangeInput {
    pub fn from_exchange(e: &Exchange) -> ExchangeInput {
        ExchangeInput {
            title: e.title.clone(),
            question: e.question.clone(),
            context: e.context.clone(),
            groups: e.groups.iter().map(|g| g.key().to_owned()).collect(),
            invitation_code: e.invitation_code.clone().unwrap_or_default(),
            results_public: e.results_public,
        }
    }

    pub fn validate(&self) -> Result<ExchangeEdit, Msg> {
        let title = exchange::clean_text("title", &self.title, TITLE_MAX_CHARS);
        let question = exchange::clean_text("question", &self.question, QUESTION_MAX_CHARS);
        let context = exchange::clean_optional_text("context", &self.context, CONTEXT_MAX_CHARS);
        let invitation = exchange::clean_optional_text(
            "invitation_code",
            &self.invitation_code,
            INVITATION_MAX_CHARS,
        );
        let (title, question, context, invitation) = match (title, question, context, invitation) {
            (Ok(t), Ok(q), Ok(c), Ok(i)) => (t, q, c, i),
            (Err(e), ..) | (_, Err(e), ..) | (_, _, Err(e), _) | (.., Err(e)) => {
                return Err(text_error(&e));
            }
        };
        let groups = Group::parse_list(&self.groups.join(","))
            .map_err(|e| Msg::new("invalid-group").arg("group", e.0).field("groups"))?;
        Ok(ExchangeEdit {
            title,
            question,
            context,
            groups: if groups.is_empty() {
                Group::ALL.to_vec()
            } else {
                groups
            },
            invitation_code: Some(invitation).filter(|i| !i.is_empty()),
            results_public: self.results_public,
        })
    }
}

/// An exchange that `staff` may run, or why not.
pub async fn exchange_for_staff(
    state: &AppState,
    staff: &Staff,
    id: i64,
) -> Result<Exchange, AppError> {
    let exchange = state.store.exchange(id).await?.ok_or(AppError::NotFound)?;
    staff.require_exchange_runner(exchange.district_id)?;
    Ok(exchange)
}

/// An exchange the public may see (not a draft), or not found: drafts do not exist for the public.
pub async fn public_exchange(state: &AppState, id: i64) -> Result<Exchange, AppError> {
    state
        .store
        .exchange(id)
        .await?
        .filter(|e| e.state.is_public())
        .ok_or(AppError::NotFound)
}

/// An exchange seen by whoever asks: the public sees open, closed and published ones; staff who run
/// the district's exchanges also see its drafts.
pub async fn visible_exchange(
    state: &AppState,
    staff: Option<&Staff>,
    id: i64,
) -> Result<Exchange, AppError> {
    let exchange = state.store.exchange(id).await?.ok_or(AppError::NotFound)?;
    let runs_it = staff.is_some_and(|s| s.require_exchange_runner(exchange.district_id).is_ok());
    if exchange.state.is_public() || runs_it {
        Ok(exchange)
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn create_exchange(
    state: &AppState,
    staff: &Staff,
    input: &ExchangeInput,
) -> Result<Result<Exchange, Msg>, AppError> {
    staff.require_exchange_runner(staff.0.district_id)?;
    let edit = match input.validate() {
        Ok(edit) => edit,
        Err(msg) => return Ok(Err(msg)),
    };
    Ok(Ok(state
        .store
        .create_exchange(staff.0.district_id, Some(staff.0.id), &edit)
        .await?))
}

pub async fn update_exchange(
    state: &AppState,
    staff: &Staff,
    id: i64,
    input: &ExchangeInput,
) -> Result<Result<Exchange, Msg>, AppError> {
    exchange_for_staff(state, staff, id).await?;
    let edit = match input.validate() {
        Ok(edit) => edit,
        Err(msg) => return Ok(Err(msg)),
    };
    Ok(Ok(state.store.update_exchange(id, &edit).await?))
}

pub async fn transition(
    state: &AppState,
    staff: &Staff,
    id: i64,
    transition: Transition,
) -> Result<Exchange, AppError> {
    let exchange = exchange_for_staff(state, staff, id).await?;
    let to = exchange.state.apply(transition).map_err(|e| {
        AppError::Conflict(Msg::new("invalid-transition").arg("state", e.to_string()))
    })?;
    if !state
        .store
        .transition_exchange(id, exchange.state, to)
        .await?
    {
        return Err(AppError::Conflict(Msg::new("invalid-transition-race")));
    }
    let exchange = state.store.exchange(id).await?.ok_or(AppError::NotFound)?;
    if to == ExchangeState::Closed {
        crate::themes::compute_on_close(state, &exchange).await;
    }
    // An exchange open to anyone is news for subscribers; one by invitation code is not theirs to join.
    if to == ExchangeState::Open && exchange.invitation_code.is_none() {
        subscriptions::announce(state, &Announcement::ExchangeOpened(&exchange)).await;
    }
    Ok(exchange)
}

/// Joins an open exchange anonymously; returns the participant and the token that identifies them.
pub async fn join(
    state: &AppState,
    exchange: &Exchange,
    group: &str,
    invitation_code: &str,
) -> Result<Result<(Participant, String), Msg>, AppError> {
    if !exchange.state.accepts_contributions() {
        return Err(AppError::Conflict(Msg::new("exchange-not-open")));
    }
    let group = match Group::parse_optional(group) {
        Ok(g) if g.is_none_or(|g| exchange.groups.contains(&g)) => g,
        _ => {
            return Ok(Err(Msg::new("invalid-group")
                .arg("group", group)
                .field("group")));
        }
    };
    if let Some(expected) = &exchange.invitation_code
        && !expected.eq_ignore_ascii_case(invitation_code.trim())
    {
        return Ok(Err(Msg::new("invalid-invitation").field("invitation_code")));
    }
    let token = new_participant_token();
    let participant = state
        .store
        .add_participant(exchange.id, group, &hash_token(&token))
        .await?;
    Ok(Ok((participant, token)))
}

/// A thought just shared, and what its screening means for its writer.
pub struct Shared {
    pub thought: Thought,
    /// Others see it only after a facilitator has reviewed it.
    pub held: bool,
    /// The writer is shown where to find help (a facilitator has been alerted).
    pub needs_help: bool,
}

/// Shares a thought. It is screened first (`accord_domain::moderation::screen`): anything flagged is
/// held for a facilitator before anyone else sees it.
pub async fn share(
    state: &AppState,
    participant: &Participant,
    text: &str,
) -> Result<Result<Shared, Msg>, AppError> {
    let exchange = state
        .store
        .exchange(participant.exchange_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !exchange.state.accepts_contributions() {
        return Err(AppError::Conflict(Msg::new("exchange-not-open")));
    }
    let body = match exchange::thought_text(text) {
        Ok(body) => body,
        Err(e) => return Ok(Err(text_error(&e))),
    };
    let screening = screen(&body);
    let thought = state
        .store
        .add_screened_thought(
            NewThought {
                exchange_id: exchange.id,
                participant_id: Some(participant.id),
                body: &body,
            },
            &screening,
        )
        .await?;
    Ok(Ok(Shared {
        held: screening.hold_for_review(),
        needs_help: screening.needs_help_resources(),
        thought,
    }))
}

/// The next thought for this participant to star, chosen by the allocation policy.
pub async fn next_thought(
    state: &AppState,
    participant: &Participant,
) -> Result<Option<Thought>, AppError> {
    let (candidates, standing) = tokio::try_join!(
        async { Ok::<_, AppError>(state.store.next_candidates(participant, CANDIDATES).await?) },
        standing(state, participant.exchange_id),
    )?;
    let Some(id) = choose_next(&candidates, &standing, &mut rand::rng()) else {
        return Ok(None);
    };
    Ok(state.store.thought(id).await?)
}

/// How many thoughts the store hands to the allocation policy, as the simulation that measures the
/// policy passes them.
const CANDIDATES: i64 = allocation::CANDIDATES as i64;

/// The exchange's standing for the allocation policy, kept per server for [`OPEN_STANDING_MAX_AGE`].
/// Only open exchanges are starred, so the cache is asked as for an open one.
async fn standing(state: &AppState, exchange_id: i64) -> Result<Arc<Standing>, AppError> {
    state
        .standing
        .fetch(exchange_id, ExchangeState::Open, || async {
            Ok(state.store.standing(exchange_id).await?)
        })
        .await
}

pub async fn rate(
    state: &AppState,
    participant: &Participant,
    thought_id: i64,
    rating: Rating,
) -> Result<(), AppError> {
    check_may_rate(state, participant, thought_id).await?;
    state
        .store
        .record_rating(RatingWrite {
            participant,
            thought_id,
            stars: rating.as_stars(),
        })
        .await?;
    // The view moves the thought's priority, and a few stale ones are refreshed with it.
    let standing = standing(state, participant.exchange_id).await?;
    state
        .store
        .rekey(
            participant.exchange_id,
            thought_id,
            &standing,
            REKEY_PER_VIEW,
        )
        .await?;
    Ok(())
}

/// Whether `participant` may rate (and so also report) the thought: `domain::exchange::may_rate`.
pub async fn check_may_rate(
    state: &AppState,
    participant: &Participant,
    thought_id: i64,
) -> Result<(), AppError> {
    // The thought and its exchange's state in one query: this is the busiest write path.
    let (facts, exchange_state) = match state.store.thought_with_state(thought_id).await? {
        Some((t, exchange_state)) => (
            Some(ThoughtFacts {
                exchange_id: t.exchange_id,
                author: t.participant_id,
                visible: t.status == "visible",
            }),
            exchange_state,
        ),
        // Unknown thoughts are refused before the state is looked at.
        None => (None, ExchangeState::Open),
    };
    exchange::may_rate(
        exchange_state,
        (participant.id, participant.exchange_id),
        facts,
    )
    .map_err(|refusal| match refusal {
        RatingRefusal::UnknownThought => AppError::NotFound,
        RatingRefusal::ExchangeNotOpen => AppError::Conflict(Msg::new("exchange-not-open")),
        RatingRefusal::OwnThought => AppError::Conflict(Msg::new("rating-own-thought")),
    })
}

/// Who may see an exchange's results: everyone once published with public results; participants
/// once published; the staff who run the district's exchanges at any time (to follow an exchange).
pub fn may_see_results(
    exchange: &Exchange,
    staff: Option<&Staff>,
    participant: Option<&Participant>,
) -> bool {
    let runs_it = staff.is_some_and(|s| s.require_exchange_runner(exchange.district_id).is_ok());
    let published = exchange.state == ExchangeState::Published;
    runs_it
        || (published && exchange.results_public)
        || (published && participant.is_some_and(|p| p.exchange_id == exchange.id))
}

/// One page of an exchange's ranking, with the figures people see.
pub struct ResultsPage {
    pub summary: Summary,
    /// Visible thoughts in the ranking (for paging).
    pub visible: i64,
    pub rows: Vec<ResultRow>,
}

/// A ranked thought: its score in the ranking's view, and each group's.
pub struct ResultRow {
    pub id: i64,
    pub body: String,
    pub skips: i64,
    pub shown: Score,
    pub by_group: BTreeMap<Option<Group>, Score>,
}

/// A page of the ranking as `view` sees it (`None`: everyone; `Some(g)`: group g's raters).
///
/// Everyone's view ranks by the rater-adjusted score (`accord_domain::scoring::adjusted_scores`),
/// which needs every rating, so it is read from the kept scores of every thought
/// ([`scored_results`]): the same order as the exports. A group's view ranks by the group-shrunk
/// mean, which the database orders from its running tallies, returning only the page, so its cost
/// hardly grows with the exchange.
pub async fn results_page(
    state: &AppState,
    exchange: &Exchange,
    view: Option<Option<Group>>,
    offset: usize,
    limit: usize,
) -> Result<ResultsPage, AppError> {
    if view.is_none() {
        return ranked_page(state, exchange, view, |_| true, offset, limit).await;
    }
    let cached = totals(state, exchange).await?;
    let (summary, totals) = cached.as_ref();
    let priors = GroupPriors::from_totals(&totals.by_group);
    let prior = match view {
        None => Prior::from_total(&totals.overall),
        Some(group) => priors.prior(group),
    };
    let page = RankingPage {
        view,
        prior,
        offset: to_i64(offset),
        limit: to_i64(limit),
    };
    let ranked = state.store.ranked_thoughts(exchange.id, page).await?;
    let ids: Vec<i64> = ranked.iter().map(|t| t.id).collect();
    let mut by_thought: HashMap<i64, BTreeMap<Option<Group>, Tally>> = HashMap::new();
    for g in state.store.group_tallies_of(&ids).await? {
        by_thought
            .entry(g.thought_id)
            .or_default()
            .insert(g.group, g.tally);
    }
    let rows = ranked
        .into_iter()
        .map(|t| ResultRow {
            shown: score(&t.in_view, &prior),
            by_group: by_thought
                .get(&t.id)
                .map(|g| priors.score_groups(g))
                .unwrap_or_default(),
            id: t.id,
            body: t.body,
            skips: t.skips,
        })
        .collect();
    Ok(ResultsPage {
        summary: summary.clone(),
        visible: totals.visible_thoughts,
        rows,
    })
}

/// A page of the ranking as `view` sees it, of only the thoughts in `members` (a theme's): ranked from
/// every thought's scores, which are kept per server like the insight.
pub async fn results_page_of(
    state: &AppState,
    exchange: &Exchange,
    view: Option<Option<Group>>,
    members: &std::collections::HashSet<i64>,
    offset: usize,
    limit: usize,
) -> Result<ResultsPage, AppError> {
    ranked_page(
        state,
        exchange,
        view,
        |id| members.contains(&id),
        offset,
        limit,
    )
    .await
}

/// A page of the ranking as `view` sees it, of the thoughts whose id `keep` accepts, from the kept
/// scores of every thought.
async fn ranked_page(
    state: &AppState,
    exchange: &Exchange,
    view: Option<Option<Group>>,
    keep: impl Fn(i64) -> bool,
    offset: usize,
    limit: usize,
) -> Result<ResultsPage, AppError> {
    let (cached, results) =
        tokio::try_join!(totals(state, exchange), scored_results(state, exchange))?;
    let ranked: Vec<_> = results
        .scored
        .ranked(view)
        .into_iter()
        .filter(|t| keep(results.thought(t.index).id))
        .collect();
    let rows = ranked
        .iter()
        .skip(offset)
        .take(limit)
        .map(|t| {
            let thought = results.thought(t.index);
            ResultRow {
                id: thought.id,
                body: thought.body.clone(),
                skips: thought.skips,
                shown: t.score_in(view, &results.scored.group_priors),
                by_group: t.by_group.clone(),
            }
        })
        .collect();
    Ok(ResultsPage {
        summary: cached.0.clone(),
        visible: to_i64(ranked.len()),
        rows,
    })
}

/// A value computed from a whole exchange, kept per server so that pages do not recompute it on every
/// request. Closed and published exchanges cannot change, so theirs stays until the state does; an
/// open exchange's for `open_max_age`. When an open exchange's value expires, one request recomputes it
/// and the requests that come meanwhile use the expired one, instead of all recomputing at once (at
/// 30,000 thoughts that stampede made `/next`'s p99 seconds long; see BENCHMARKS.md).
pub struct ExchangeCache<T> {
    entries: Arc<Mutex<HashMap<i64, Cached<T>>>>,
    open_max_age: Duration,
}

impl<T> Clone for ExchangeCache<T> {
    fn clone(&self) -> Self {
        ExchangeCache {
            entries: self.entries.clone(),
            open_max_age: self.open_max_age,
        }
    }
}

struct Cached<T> {
    state: ExchangeState,
    at: Instant,
    value: Arc<T>,
    /// When a request began recomputing the expired value. A recomputation that failed or was
    /// abandoned counts for `open_max_age` only, then another request tries.
    refreshing_since: Option<Instant>,
}

impl<T> ExchangeCache<T> {
    pub fn new(open_max_age: Duration) -> Self {
        ExchangeCache {
            entries: Arc::default(),
            open_max_age,
        }
    }

    /// Drops what was kept for an exchange whose visible thoughts changed (a moderation decision).
    pub fn forget(&self, exchange_id: i64) {
        if let Ok(mut map) = self.entries.lock() {
            map.remove(&exchange_id);
        }
    }

    async fn get_or_compute<F, Fut>(
        &self,
        exchange: &Exchange,
        compute: F,
    ) -> Result<Arc<T>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        self.fetch(exchange.id, exchange.state, compute).await
    }

    /// The value for exchange `id` in `state`, computed if there is none fresh.
    async fn fetch<F, Fut>(
        &self,
        id: i64,
        state: ExchangeState,
        compute: F,
    ) -> Result<Arc<T>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        if let Some(value) = self.usable(id, state) {
            return Ok(value);
        }
        let value = Arc::new(compute().await?);
        if let Ok(mut map) = self.entries.lock() {
            map.insert(
                id,
                Cached {
                    state,
                    at: Instant::now(),
                    value: value.clone(),
                    refreshing_since: None,
                },
            );
        }
        Ok(value)
    }

    /// The kept value for exchange `id` in `state` if it is fresh, or expired while another request
    /// recomputes it; `None` when the caller must compute it, marking it as being recomputed.
    fn usable(&self, id: i64, state: ExchangeState) -> Option<Arc<T>> {
        let mut map = self.entries.lock().ok()?;
        let cached = map.get_mut(&id).filter(|c| c.state == state)?;
        let fresh = !state.accepts_contributions() || cached.at.elapsed() < self.open_max_age;
        let being_refreshed = cached
            .refreshing_since
            .is_some_and(|since| since.elapsed() < self.open_max_age);
        if fresh || being_refreshed {
            return Some(cached.value.clone());
        }
        cached.refreshing_since = Some(Instant::now());
        None
    }
}

/// Participation and the totals the priors come from. For an open exchange they are reused for a few
/// seconds: a few seconds of new ratings barely move an average.
pub type TotalsCache = ExchangeCache<(Summary, ExchangeTallies)>;
pub const OPEN_TOTALS_MAX_AGE: Duration = Duration::from_secs(5);

/// Common ground and differences read every thought's group tallies, so an open exchange's are reused
/// for a minute.
pub type InsightCache = ExchangeCache<Insight>;
pub const OPEN_INSIGHT_MAX_AGE: Duration = Duration::from_secs(60);

/// The allocation policy's view of an exchange. It moves slowly (the simulation that measures the
/// policy refreshes it only every hundred ratings), so a few seconds old is fresh enough.
pub type StandingCache = ExchangeCache<Standing>;
pub const OPEN_STANDING_MAX_AGE: Duration = Duration::from_secs(5);

/// The bridging score reads every star rating and fits a model, so an open exchange's is reused for
/// ten minutes; a closed or published one's is computed once.
pub type BridgingCache = ExchangeCache<BridgingRanking>;
pub const OPEN_BRIDGING_MAX_AGE: Duration = Duration::from_secs(600);

/// A thought's bridging score (see `accord_domain::bridging`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BridgingFigures {
    /// The score on the 1-5 star scale: what a rater of average generosity and no leaning would give.
    pub stars: f64,
    /// The star ratings it was fitted from.
    pub ratings: u32,
    /// Its rank by bridging score, from 1.
    pub rank: usize,
}

/// Every rated visible thought's bridging score, and the thoughts best first.
pub struct BridgingRanking {
    pub by_thought: HashMap<i64, BridgingFigures>,
    /// Thought ids best first.
    pub ranked: Vec<i64>,
}

/// The bridging score of every thought of the exchange, for the whole exchange at once. The fit runs
/// on a blocking thread: at thirty times the seed's size it takes a few seconds of CPU.
pub async fn bridging(
    state: &AppState,
    exchange: &Exchange,
) -> Result<Arc<BridgingRanking>, AppError> {
    state
        .bridging
        .get_or_compute(exchange, || async {
            let matrix = state.store.rating_matrix(exchange.id).await?;
            tokio::task::spawn_blocking(move || {
                let fit = bridging_scores(
                    &matrix.ratings,
                    matrix.raters,
                    matrix.thoughts.len(),
                    &BridgingParams::default(),
                );
                let order = fit.ranked();
                let ranked: Vec<i64> = order.iter().map(|&i| matrix.thoughts[i]).collect();
                let by_thought = order
                    .into_iter()
                    .enumerate()
                    .map(|(place, i)| {
                        let figures = BridgingFigures {
                            stars: fit.stars(i),
                            ratings: fit.thoughts[i].ratings,
                            rank: place + 1,
                        };
                        (matrix.thoughts[i], figures)
                    })
                    .collect();
                BridgingRanking { by_thought, ranked }
            })
            .await
            .map_err(|e| AppError::Internal(e.into()))
        })
        .await
}

/// Every thought's rater-adjusted score reads every star rating and fits a model (lighter than the
/// bridging score's: no leanings), so an open exchange's is reused for a minute, like the scores
/// ranked by it; a closed or published one's is computed once.
pub type AdjustedCache = ExchangeCache<AdjustedScores>;
pub const OPEN_ADJUSTED_MAX_AGE: Duration = Duration::from_secs(60);

/// Every rated visible thought's rater-adjusted score on the 1-5 star scale (see
/// `accord_domain::scoring::adjusted_scores`).
pub struct AdjustedScores {
    pub by_thought: HashMap<i64, f64>,
    /// The score of a thought nobody rated yet: the fitted mean of the exchange.
    pub unrated: f64,
}

impl AdjustedScores {
    pub fn of(&self, thought_id: i64) -> f64 {
        self.by_thought
            .get(&thought_id)
            .copied()
            .unwrap_or(self.unrated)
    }
}

/// The rater-adjusted score of every thought of the exchange. The fit runs on a blocking thread, as
/// the bridging score's does.
pub async fn adjusted(
    state: &AppState,
    exchange: &Exchange,
) -> Result<Arc<AdjustedScores>, AppError> {
    state
        .adjusted
        .get_or_compute(exchange, || async {
            let matrix = state.store.rating_matrix(exchange.id).await?;
            tokio::task::spawn_blocking(move || {
                let thoughts = matrix.thoughts.len();
                // One more thought, rated by nobody, scores what an unrated thought would.
                let scores = adjusted_scores(&matrix.ratings, matrix.raters, thoughts + 1);
                AdjustedScores {
                    by_thought: matrix
                        .thoughts
                        .iter()
                        .copied()
                        .zip(scores.iter().copied())
                        .collect(),
                    unrated: scores[thoughts],
                }
            })
            .await
            .map_err(|e| AppError::Internal(e.into()))
        })
        .await
}

/// Every thought scored, for the ranking everyone sees, the charts, the theme filter and theme scores;
/// an open exchange's are reused for a minute, like the insight. Computed from the kept adjusted
/// scores, so while an exchange is open its ranking for everyone can lag new ratings by up to two
/// minutes; closing it recomputes both.
pub type ResultsCache = ExchangeCache<Results>;

pub async fn scored_results(
    state: &AppState,
    exchange: &Exchange,
) -> Result<Arc<Results>, AppError> {
    state
        .results
        .get_or_compute(exchange, || all_results(state, exchange))
        .await
}

async fn totals(
    state: &AppState,
    exchange: &Exchange,
) -> Result<Arc<(Summary, ExchangeTallies)>, AppError> {
    state
        .totals
        .get_or_compute(exchange, || async {
            Ok(tokio::try_join!(
                state.store.summary(exchange.id),
                state.store.exchange_tallies(exchange.id)
            )?)
        })
        .await
}

/// A group's view of a thought, for common ground and differences.
pub struct GroupView {
    pub group: Group,
    pub score: f64,
    pub average: f64,
}

/// A thought on which the groups agree, or differ.
pub struct InsightThought {
    pub id: i64,
    pub body: String,
    /// Common ground: every group that took part. Differences: the highest and the lowest.
    pub groups: Vec<GroupView>,
    /// Differences: how far apart the two ends are, in stars relative to each group's average.
    pub gap: f64,
}

/// Where the groups agree and where they differ, most telling first.
pub struct Insight {
    pub common_ground: Vec<InsightThought>,
    pub differences: Vec<InsightThought>,
}

/// A group counts for a thought once this many of its members rated it.
pub const INSIGHT_MIN_RATERS: u32 = 5;
const INSIGHT_SHOWN: usize = 10;

fn group_view(g: &GroupScore) -> GroupView {
    GroupView {
        group: g.group,
        score: g.score.score,
        average: g.average,
    }
}

pub async fn insight(state: &AppState, exchange: &Exchange) -> Result<Arc<Insight>, AppError> {
    state
        .insight
        .get_or_compute(exchange, || async {
            let results = scored_results(state, exchange).await?;
            let thought = |index: usize, groups: Vec<GroupView>, gap: f64| {
                let t = results.thought(index);
                InsightThought {
                    id: t.id,
                    body: t.body.clone(),
                    groups,
                    gap,
                }
            };
            let common_ground = consensus::common_ground(&results.scored, INSIGHT_MIN_RATERS)
                .into_iter()
                .take(INSIGHT_SHOWN)
                .map(|c| thought(c.index, c.groups.iter().map(group_view).collect(), 0.0))
                .collect();
            let differences = consensus::differences(&results.scored, INSIGHT_MIN_RATERS)
                .into_iter()
                .take(INSIGHT_SHOWN)
                .map(|d| {
                    thought(
                        d.index,
                        vec![group_view(&d.high), group_view(&d.low)],
                        d.gap,
                    )
                })
                .collect();
            Ok(Insight {
                common_ground,
                differences,
            })
        })
        .await
}

/// Everyone's ranking rule, as the API and the JSON export state it (pages say it in the visitor's
/// language).
pub const ADJUSTED_RULE: &str = "ranked by adjusted score: every star rating is modelled as the \
    exchange's mean + the rater's generosity + the thought's score, each of the last two pulled toward \
    0 as if it had prior_weight more ratings at the mean; score = mean + the thought's score, on the \
    1-5 star scale (what a rater of average generosity would give). The 90% interval has the width of \
    the plain shrunk mean's, (sum of stars + prior_weight x exchange average) / (ratings + prior_weight), \
    centred on the score; ties by more ratings";

/// The bridging ranking's rule, as the API states it (pages say it in the visitor's language).
pub const BRIDGING_RULE: &str = "ranked by bridging score: the part of the score that survives \
    disagreement between groups. Every star rating is modelled as the exchange's mean + the rater's \
    generosity + the thought's score + the rater's leaning x the thought's leaning; the thought's score, \
    on the star scale, is what is left once the leanings explain what the camps disagree about";

/// The [`INSIGHT_SHOWN`] best-bridging visible thoughts with their figures.
pub async fn bridging_leaders(
    state: &AppState,
    exchange: &Exchange,
) -> Result<Vec<(Thought, BridgingFigures)>, AppError> {
    let ranking = bridging(state, exchange).await?;
    let mut leaders = Vec::with_capacity(INSIGHT_SHOWN);
    for id in ranking.ranked.iter().take(INSIGHT_SHOWN) {
        if let Some(thought) = state.store.thought(*id).await? {
            leaders.push((thought, ranking.by_thought[id]));
        }
    }
    Ok(leaders)
}

pub fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Every visible thought scored and ranked, for exports.
pub struct Results {
    pub thoughts: Vec<ThoughtTally>,
    /// Each thought's tallies overall and by group, in the order of `thoughts`.
    pub tallies: Vec<ThoughtTallies>,
    pub scored: Scored,
}

impl Results {
    /// The thought behind a scored entry.
    pub fn thought(&self, index: usize) -> &ThoughtTally {
        &self.thoughts[index]
    }
}

/// Every visible thought scored, everyone's view ranked by the rater-adjusted score: the order of the
/// results page, the API and the exports.
pub async fn all_results(state: &AppState, exchange: &Exchange) -> Result<Results, AppError> {
    let (thoughts, groups, adjusted) = tokio::try_join!(
        async { Ok::<_, AppError>(state.store.thought_tallies(exchange.id).await?) },
        async { Ok(state.store.group_tallies(exchange.id).await?) },
        adjusted(state, exchange),
    )?;
    let position: HashMap<i64, usize> = thoughts
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let mut inputs: Vec<ThoughtTallies> = thoughts
        .iter()
        .map(|t| ThoughtTallies {
            overall: t.tally,
            by_group: BTreeMap::new(),
        })
        .collect();
    for g in groups {
        if let Some(&i) = position.get(&g.thought_id) {
            inputs[i].by_group.insert(g.group, g.tally);
        }
    }
    let centres: Vec<f64> = thoughts.iter().map(|t| adjusted.of(t.id)).collect();
    Ok(Results {
        scored: score_thoughts_adjusted(&inputs, &centres),
        tallies: inputs,
        thoughts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX_AGE: Duration = Duration::from_millis(200);

    /// What the cache gives for exchange 1 in `state`, `computed` if it computes.
    async fn fetched(cache: &ExchangeCache<i64>, state: ExchangeState, computed: i64) -> i64 {
        let value = cache.fetch(1, state, || async move { Ok(computed) }).await;
        *value.expect("computed")
    }

    #[tokio::test]
    async fn an_expired_value_is_recomputed_by_one_request_while_the_others_use_it() {
        let cache = ExchangeCache::new(MAX_AGE);
        let open = ExchangeState::Open;
        assert_eq!(fetched(&cache, open, 10).await, 10);
        assert_eq!(fetched(&cache, open, 11).await, 10);
        tokio::time::sleep(MAX_AGE).await;
        // The first request after expiry recomputes; one arriving meanwhile gets the expired value.
        assert_eq!(cache.usable(1, open), None);
        assert_eq!(cache.usable(1, open).as_deref(), Some(&10));
        assert_eq!(fetched(&cache, open, 12).await, 10);
        // A recomputation that never finished holds the others back no longer than the value's age.
        tokio::time::sleep(MAX_AGE).await;
        assert_eq!(fetched(&cache, open, 13).await, 13);
        assert_eq!(fetched(&cache, open, 14).await, 13);
    }

    #[tokio::test]
    async fn a_new_state_or_a_forgotten_exchange_is_computed_afresh() {
        let cache = ExchangeCache::new(MAX_AGE);
        assert_eq!(fetched(&cache, ExchangeState::Open, 1).await, 1);
        assert_eq!(fetched(&cache, ExchangeState::Closed, 2).await, 2);
        cache.forget(1);
        assert_eq!(fetched(&cache, ExchangeState::Closed, 3).await, 3);
        tokio::time::sleep(MAX_AGE).await;
        assert_eq!(
            fetched(&cache, ExchangeState::Closed, 4).await,
            3,
            "a closed exchange's value does not expire"
        );
    }
}
