//! A simulated exchange to compare allocation policies, the same for the same seed.
//!
//! Every thought has a known true quality: the mean star rating it would get if every participant
//! rated it (computed exactly from the model below, not sampled). Participants come over three weeks,
//! most after the announcement and some after a reminder halfway through; authors post a thought when
//! they come and some post more over the next days, so most thoughts exist early and some arrive late.
//! A rater's stars follow the thought's quality, their group's view of school resource officers (which
//! moves stars for and against the thoughts on themes that take a side), their group's interests, their
//! own generosity and the noise of the moment, rounded to 1-5 stars. Raters star in one or a few
//! sittings until the exchange's budget of star ratings is spent, skip now and then, and never see
//! their own thought or one twice.
//!
//! Each policy sees only what the live server would: the candidates the store passes for the
//! participant and, for ours, a [`Standing`] recomputed every [`Config::standing_every`] ratings, with
//! priorities stored when a thought was last keyed (see [`allocation::choose_next`]). The result is
//! ranked as the results page ranks it for everyone ([`adjusted_scores`] and [`rank`]) and compared
//! with the true order.
//!
//! The model's two free scales (the spread of quality between thoughts and how late thoughts arrive)
//! are set so that least-seen first lands where it did in the reference simulation of the issue
//! (about 0.66 top-ten precision and 0.94 Spearman) when the results are ranked by the plain shrunk
//! mean; ranked by the rater-adjusted score, as the results page now ranks, it gets about 0.70 and 0.95.

use crate::allocation::{self, CANDIDATES, Candidate, Standing, normal_cdf};
use crate::scoring::{Prior, Score, Tally, adjusted_score, adjusted_scores, rank};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

/// The bar for coverage in the issue: no thought left under fifteen ratings when the budget allows.
pub const ENOUGH_RATINGS: i64 = 15;

/// How many of the true best thoughts the top precision looks for.
pub const TOP: usize = 10;

/// How a participant's next thought is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Any thought the participant may rate, uniformly at random.
    Random,
    /// The first policy, least-seen first ([`allocation::least_seen`]).
    LeastSeen,
    /// Ours: coverage first, then the middle of the list and the contenders for the top
    /// ([`allocation::choose_next`]).
    Ours,
}

impl Policy {
    pub const ALL: [Policy; 3] = [Policy::Random, Policy::LeastSeen, Policy::Ours];

    pub fn name(self) -> &'static str {
        match self {
            Policy::Random => "uniform random",
            Policy::LeastSeen => "least-seen first",
            Policy::Ours => "ours",
        }
    }
}

/// The exchange to simulate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Participants per group, in [`crate::exchange::Group::ALL`] order.
    pub groups: [usize; 8],
    /// Participants who gave no group.
    pub no_group: usize,
    pub thoughts: usize,
    /// Star ratings: the budget, spent exactly unless raters run out of thoughts to rate (skips come
    /// on top).
    pub ratings: usize,
    /// How many ratings pass between two computations of the exchange's [`Standing`], as a server
    /// would cache it.
    pub standing_every: usize,
    /// How many thoughts keyed longest ago the store re-keys with each view.
    pub rekey_per_view: usize,
}

impl Config {
    /// The seed exchange: 1,137 participants in its group mix, 1,000 thoughts, 32,824 star ratings.
    pub const SEED: Config = Config {
        groups: [256, 583, 49, 3, 41, 1, 87, 37],
        no_group: 80,
        thoughts: 1_000,
        ratings: 32_824,
        standing_every: 100,
        rekey_per_view: allocation::REKEY_PER_VIEW,
    };

    pub fn participants(&self) -> usize {
        self.groups.iter().sum::<usize>() + self.no_group
    }
}

/// How well one simulated exchange was ranked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// The share of the true top [`TOP`] in the computed top [`TOP`].
    pub top_precision: f64,
    /// Spearman's rank correlation between the computed and the true order of all thoughts.
    pub spearman: f64,
    /// The fewest star ratings any thought got.
    pub min_ratings: i64,
    /// The share of thoughts with fewer than [`ENOUGH_RATINGS`] star ratings.
    pub share_under: f64,
}

/// Mean, least and greatest of one metric over seeds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub mean: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    /// The spread of `values`; NaN throughout when there are none.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Spread {
        let (mut sum, mut count) = (0.0, 0_usize);
        let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values {
            sum += v;
            count += 1;
            min = min.min(v);
            max = max.max(v);
        }
        if count == 0 {
            return Spread {
                mean: f64::NAN,
                min: f64::NAN,
                max: f64::NAN,
            };
        }
        Spread {
            mean: sum / count as f64,
            min,
            max,
        }
    }
}

/// One policy's metrics over several seeds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub policy: Policy,
    pub seeds: usize,
    pub top_precision: Spread,
    pub spearman: Spread,
    pub min_ratings: Spread,
    pub share_under: Spread,
}

impl Summary {
    pub fn of(policy: Policy, runs: &[Metrics]) -> Summary {
        Summary {
            policy,
            seeds: runs.len(),
            top_precision: Spread::of(runs.iter().map(|m| m.top_precision)),
            spearman: Spread::of(runs.iter().map(|m| m.spearman)),
            min_ratings: Spread::of(runs.iter().map(|m| m.min_ratings as f64)),
            share_under: Spread::of(runs.iter().map(|m| m.share_under)),
        }
    }
}

/// `policy` over seeds `0..seeds`.
pub fn summarize(policy: Policy, seeds: u64, config: &Config) -> Summary {
    let runs: Vec<Metrics> = (0..seeds).map(|s| simulate(policy, s, config)).collect();
    Summary::of(policy, &runs)
}

/// One simulated exchange under `policy`. The exchange (its thoughts, its participants and how each
/// would star each thought) depends only on `seed`, so policies are compared on the same exchanges.
pub fn simulate(policy: Policy, seed: u64, config: &Config) -> Metrics {
    let world = World::new(seed, config);
    let shown = run(&world, policy, seed, config);
    measure(&world, &shown)
}

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// The seed exchange ran for about three weeks.
const DURATION: i64 = 21 * DAY;

/// The seed's eight themes: how often authors write on each, and which side of the question of
/// school resource officers it takes (-1 against, +1 for). Made up in the spirit of the seed, as the
/// demo's are.
const THEMES: [(f64, f64); 8] = [
    (0.16, -1.0),  // do not support SROs
    (0.15, -0.8),  // counselors and social workers instead
    (0.09, 0.0),   // parent engagement
    (0.12, -0.2),  // mental health supports
    (0.11, -0.45), // discipline needs to change
    (0.16, 1.0),   // support SROs with training
    (0.08, 0.0),   // academic and student supports
    (0.13, 0.1),   // contract feedback and questions
];

/// Each group's view of SROs (mean and spread, -1 to +1), in group order, then no group. The demo's
/// generated exchange uses the same leanings, so the simulation and the demo tell one story.
pub const VIEWS: [(f64, f64); 9] = [
    (-0.45, 0.5),
    (0.15, 0.6),
    (-0.15, 0.55),
    (0.3, 0.3),
    (0.1, 0.55),
    (0.0, 0.2),
    (-0.35, 0.6),
    (-0.55, 0.45),
    (0.0, 0.6),
];

/// Stars moved by each group's interests beyond its view, per theme (the seed's eight themes in the
/// demo's order); rows as in [`VIEWS`]. Shared with the demo.
pub const AFFINITY: [[f64; 8]; 9] = [
    [0.0, 0.0, -0.2, 0.4, 0.3, 0.0, 0.2, -0.1],
    [0.0, 0.0, 0.5, 0.2, 0.0, 0.0, 0.2, 0.1],
    [0.0, 0.2, 0.0, 0.3, 0.2, 0.0, 0.4, 0.0],
    [0.0, 0.0, 0.2, 0.2, 0.0, 0.0, 0.3, 0.3],
    [0.0, 0.2, 0.0, 0.4, 0.1, 0.0, 0.2, 0.0],
    [0.0, 0.0, 0.3, 0.2, 0.0, 0.0, 0.3, 0.4],
    [0.0, 0.0, 0.0, 0.2, 0.1, 0.0, 0.1, 0.3],
    [0.2, 0.1, 0.0, 0.1, 0.2, 0.0, 0.0, 0.1],
    [0.0; 8],
];

/// How strongly a rater's view moves their stars for a thought that takes a side. Shared with the demo.
pub const VIEW_WEIGHT: f64 = 1.3;
/// The stars of an average thought from an average rater, before rounding.
const BASE_STARS: f64 = 3.05;
/// The spread of true quality between thoughts, in stars.
const QUALITY_SPREAD: f64 = 0.55;
/// The spread of raters' generosity, in stars.
const GENEROSITY_SPREAD: f64 = 0.45;
/// The noise of one rating, in stars.
const NOISE: f64 = 0.75;
/// How often a rater skips a thought they are shown.
const SKIP_CHANCE: f64 = 0.035;
/// The share of participants who come after the announcement; the rest come after the reminder.
const FIRST_WAVE: f64 = 0.7;
/// The longest wait between a writer's thoughts.
const MOST_BETWEEN_THOUGHTS: i64 = 2 * DAY;

struct Thought {
    author: usize,
    appears: i64,
    theme: usize,
    quality: f64,
}

struct Rater {
    /// The row in [`VIEWS`] and [`AFFINITY`].
    group: usize,
    view: f64,
    generosity: f64,
    arrives: i64,
    /// When the rater sits down to star, and how many stars they have given by the end of each sitting.
    sittings: Vec<(i64, usize)>,
}

impl Rater {
    /// The rater's stars for `thought` before noise and rounding.
    fn leaning(&self, thought: &Thought) -> f64 {
        BASE_STARS
            + thought.quality
            + VIEW_WEIGHT * THEMES[thought.theme].1 * self.view
            + AFFINITY[self.group][thought.theme]
            + self.generosity
    }
}

/// One exchange: its thoughts (in the order they appear), its raters (in the order they come) and the
/// truth.
struct World {
    thoughts: Vec<Thought>,
    raters: Vec<Rater>,
    /// Each thought's mean star rating if every participant rated it.
    truth: Vec<f64>,
}

impl World {
    fn new(seed: u64, config: &Config) -> World {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut raters = raters(config, &mut rng);
        let thoughts = thoughts(config.thoughts, &raters, &mut rng);
        plan_sittings(&mut raters, config.ratings, &mut rng);
        let truth = thoughts
            .iter()
            .map(|t| {
                raters
                    .iter()
                    .map(|r| expected_stars(r.leaning(t)))
                    .sum::<f64>()
                    / raters.len().max(1) as f64
            })
            .collect();
        World {
            thoughts,
            raters,
            truth,
        }
    }
}

/// A standard normal draw (Box-Muller), to keep to the crate's dependencies.
fn normal(rng: &mut StdRng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Participants in the config's group mix, in the order they come: most in the days after the
/// announcement, the rest after the reminder ten days in.
fn raters(config: &Config, rng: &mut StdRng) -> Vec<Rater> {
    let mut rows: Vec<usize> = Vec::with_capacity(config.participants());
    for (row, &size) in config.groups.iter().enumerate() {
        rows.extend(std::iter::repeat_n(row, size));
    }
    rows.extend(std::iter::repeat_n(VIEWS.len() - 1, config.no_group));
    let mut raters: Vec<Rater> = rows
        .into_iter()
        .map(|group| {
            let (start, mean_wait) = if rng.random_bool(FIRST_WAVE) {
                (0.0, 2.5)
            } else {
                (10.0, 2.0)
            };
            let wait = -(1.0 - rng.random::<f64>()).ln() * mean_wait;
            let arrives = (((start + wait) * DAY as f64) as i64).min(DURATION - 6 * HOUR);
            let (mean, spread) = VIEWS[group];
            Rater {
                group,
                view: (mean + spread * normal(rng)).clamp(-1.0, 1.0),
                generosity: GENEROSITY_SPREAD * normal(rng),
                arrives,
                sittings: Vec::new(),
            }
        })
        .collect();
    raters.sort_by_key(|r| r.arrives);
    raters
}

/// `count` thoughts in the order they appear, from three writers for every five thoughts: a writer's
/// first thought comes when they do, further ones over the following days.
fn thoughts(count: usize, raters: &[Rater], rng: &mut StdRng) -> Vec<Thought> {
    if raters.is_empty() {
        return Vec::new();
    }
    let writers = (count * 3 / 5).clamp(1, raters.len());
    let mut authors: Vec<usize> = rand::seq::index::sample(rng, raters.len(), writers).into_vec();
    while authors.len() < count {
        authors.push(authors[rng.random_range(0..authors.len())]);
    }
    let mut last = vec![None::<i64>; raters.len()];
    let theme_total: f64 = THEMES.iter().map(|t| t.0).sum();
    let mut thoughts: Vec<Thought> = authors
        .into_iter()
        .map(|author| {
            let appears = match last[author] {
                None => raters[author].arrives,
                Some(previous) => {
                    (previous + rng.random_range(HOUR..MOST_BETWEEN_THOUGHTS)).min(DURATION - HOUR)
                }
            };
            last[author] = Some(appears);
            let mut roll = rng.random::<f64>() * theme_total;
            let theme = THEMES
                .iter()
                .position(|t| {
                    roll -= t.0;
                    roll < 0.0
                })
                .unwrap_or(THEMES.len() - 1);
            Thought {
                author,
                appears,
                theme,
                quality: QUALITY_SPREAD * normal(rng),
            }
        })
        .collect();
    thoughts.sort_by_key(|t| t.appears);
    thoughts
}

/// How many thoughts each rater stars, adding up to `budget` exactly (some none, most 0.7 to 1.4
/// times the average, which is 20 to 40 at the seed's scale, a few many more), and in which sittings:
/// most in one, some come back once, heavy raters several times.
fn plan_sittings(raters: &mut [Rater], budget: usize, rng: &mut StdRng) {
    if raters.is_empty() {
        return;
    }
    let mean = budget as f64 / raters.len() as f64;
    let range = |low: f64, high: f64| {
        let low = ((low * mean).round() as usize).max(1);
        low..=((high * mean).round() as usize).max(low)
    };
    let mut quotas: Vec<usize> = raters
        .iter()
        .map(|_| match rng.random::<f64>() {
            x if x < 0.15 => 0,
            x if x < 0.96 => rng.random_range(range(0.7, 1.4)),
            _ => rng.random_range(range(1.5, 6.0)),
        })
        .collect();
    let mut sum: usize = quotas.iter().sum();
    if sum == 0 && budget > 0 {
        quotas[0] = 1;
        sum = 1;
    }
    // Settle the difference one star at a time on raters who star at all.
    while sum != budget {
        let quota = &mut quotas[rng.random_range(0..raters.len())];
        if sum < budget && *quota > 0 {
            *quota += 1;
            sum += 1;
        } else if sum > budget && *quota > 0 {
            *quota -= 1;
            sum -= 1;
        }
    }
    let heavy = 1.4 * mean;
    for (rater, quota) in raters.iter_mut().zip(quotas) {
        if quota == 0 {
            continue;
        }
        let count = if quota as f64 > heavy {
            rng.random_range(2..=5)
        } else if rng.random_bool(0.2) {
            2
        } else {
            1
        }
        .min(quota);
        let mut at = rater.arrives;
        let mut given = 0;
        for k in 0..count {
            if k > 0 {
                at = (at + rng.random_range(8 * HOUR..5 * DAY)).min(DURATION - 3 * HOUR);
            }
            given += quota / count + usize::from(k < quota % count);
            rater.sittings.push((at, given));
        }
    }
}

/// The mean of `round(x)` clamped to 1-5 stars, for x normal around `leaning` with the rating noise.
fn expected_stars(leaning: f64) -> f64 {
    1.0 + [1.5, 2.5, 3.5, 4.5]
        .iter()
        .map(|step| normal_cdf((leaning - step) / NOISE))
        .sum::<f64>()
}

/// SplitMix64: a fixed, well-mixed function of its input.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A uniform draw in (0, 1] from a hash.
fn unit(x: u64) -> f64 {
    ((x >> 11) + 1) as f64 / (1_u64 << 53) as f64
}

/// What `rater` does when shown `thought`: their stars, or `None` for a skip. A function of the seed
/// and the pair only, so a rater treats a thought the same whichever policy showed it.
fn reaction(world: &World, seed: u64, rater: usize, thought: usize) -> Option<u8> {
    let key = mix(seed ^ mix(((rater as u64) << 32) | thought as u64));
    if unit(mix(key ^ 1)) < SKIP_CHANCE {
        return None;
    }
    let noise = (-2.0 * unit(mix(key ^ 2)).ln()).sqrt()
        * (std::f64::consts::TAU * unit(mix(key ^ 3))).cos();
    let x = world.raters[rater].leaning(&world.thoughts[thought]) + NOISE * noise;
    Some(x.round().clamp(1.0, 5.0) as u8)
}

/// One thought shown: to whom, and their stars or a skip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shown {
    rater: usize,
    thought: usize,
    stars: Option<u8>,
}

/// What the store keeps of the exchange as it runs.
struct Store {
    tallies: Vec<Tally>,
    views: Vec<i64>,
    priority: Vec<f64>,
    keyed_at: Vec<u64>,
    /// Thoughts that exist, by when they were last keyed.
    by_keyed_at: BTreeSet<(u64, usize)>,
    /// Views so far, which orders the keying.
    clock: u64,
}

impl Store {
    fn new(thoughts: usize) -> Store {
        Store {
            tallies: vec![Tally::default(); thoughts],
            views: vec![0; thoughts],
            priority: vec![0.0; thoughts],
            keyed_at: vec![0; thoughts],
            by_keyed_at: BTreeSet::new(),
            clock: 0,
        }
    }

    fn key(&mut self, thought: usize, standing: &Standing) {
        self.by_keyed_at.remove(&(self.keyed_at[thought], thought));
        self.priority[thought] =
            allocation::priority(&self.tallies[thought], self.views[thought], standing);
        self.keyed_at[thought] = self.clock;
        self.by_keyed_at.insert((self.clock, thought));
    }

    /// Records a view, re-keying the thought and the `rekey` thoughts keyed longest ago.
    fn view(&mut self, thought: usize, stars: Option<u8>, standing: &Standing, rekey: usize) {
        self.clock += 1;
        self.views[thought] += 1;
        if let Some(stars) = stars {
            self.tallies[thought].add(stars);
        }
        self.key(thought, standing);
        for _ in 0..rekey {
            match self.by_keyed_at.first() {
                Some(&(_, stale)) if stale != thought => self.key(stale, standing),
                _ => break,
            }
        }
    }

    /// The candidates the store passes: the [`CANDIDATES`] thoughts of `pool` lowest by `key`, then by
    /// id (`ORDER BY key, id LIMIT 24`).
    fn candidates(&self, pool: &mut [(f64, usize)], key: impl Fn(usize) -> f64) -> Vec<Candidate> {
        for entry in pool.iter_mut() {
            entry.0 = key(entry.1);
        }
        let lowest = if pool.len() > CANDIDATES {
            pool.select_nth_unstable_by(CANDIDATES - 1, |a, b| {
                a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
            });
            CANDIDATES
        } else {
            pool.len()
        };
        pool[..lowest]
            .iter()
            .map(|&(_, t)| Candidate {
                thought_id: t as i64,
                views: self.views[t],
                tally: self.tallies[t],
            })
            .collect()
    }
}

/// Runs the exchange: raters star in their sittings, in time order, among the thoughts that exist by
/// then; a rater who runs out of thoughts makes up the difference at their next sitting, or comes
/// back after the next thought appears.
fn run(world: &World, policy: Policy, seed: u64, config: &Config) -> Vec<Shown> {
    let thoughts = world.thoughts.len();
    let mut rng = StdRng::seed_from_u64(mix(seed ^ 0x00a1_10c8));
    let mut store = Store::new(thoughts);
    let mut seen = vec![false; world.raters.len() * thoughts];
    let mut given = vec![0_usize; world.raters.len()];
    let mut standing = Standing::of(&[]);
    let mut since_standing = 0;
    let mut existing = 0;
    let mut shown = Vec::with_capacity(config.ratings + config.ratings / 20);
    let mut pool: Vec<(f64, usize)> = Vec::with_capacity(thoughts);
    let mut sittings: BinaryHeap<Reverse<(i64, usize, usize)>> = world
        .raters
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.sittings
                .iter()
                .enumerate()
                .map(move |(k, &(at, _))| Reverse((at, i, k)))
        })
        .collect();
    while let Some(Reverse((at, rater, sitting))) = sittings.pop() {
        let target = world.raters[rater].sittings[sitting].1;
        let visible = world.thoughts.partition_point(|t| t.appears <= at);
        while existing < visible {
            store.key(existing, &standing);
            existing += 1;
        }
        let seen_by = &mut seen[rater * thoughts..(rater + 1) * thoughts];
        while given[rater] < target {
            // The thoughts this participant may rate, as the store filters them.
            pool.clear();
            pool.extend(
                (0..visible)
                    .filter(|&t| !seen_by[t] && world.thoughts[t].author != rater)
                    .map(|t| (0.0, t)),
            );
            let chosen = match policy {
                Policy::Random => {
                    (!pool.is_empty()).then(|| pool[rng.random_range(0..pool.len())].1)
                }
                Policy::LeastSeen => {
                    let candidates = store.candidates(&mut pool, |t| store.views[t] as f64);
                    allocation::least_seen(&candidates, &mut rng).map(|id| id as usize)
                }
                Policy::Ours => {
                    let candidates = store.candidates(&mut pool, |t| store.priority[t]);
                    allocation::choose_next(&candidates, &standing, &mut rng).map(|id| id as usize)
                }
            };
            let Some(thought) = chosen else {
                break;
            };
            let stars = reaction(world, seed, rater, thought);
            seen_by[thought] = true;
            if stars.is_some() {
                given[rater] += 1;
                since_standing += 1;
                if since_standing >= config.standing_every {
                    standing = Standing::of(&store.tallies[..visible]);
                    since_standing = 0;
                }
            }
            store.view(thought, stars, &standing, config.rekey_per_view);
            shown.push(Shown {
                rater,
                thought,
                stars,
            });
        }
        let last = sitting + 1 == world.raters[rater].sittings.len();
        if given[rater] < target
            && last
            && let Some(next) = world.thoughts.get(visible)
        {
            sittings.push(Reverse((next.appears.max(at + HOUR), rater, sitting)));
        }
    }
    shown
}

/// A rater's or thought's index as the rating triples of [`adjusted_scores`] hold it.
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The ranking the results page would show everyone after `shown` (by [`adjusted_scores`]), against
/// the true order.
fn measure(world: &World, shown: &[Shown]) -> Metrics {
    let n = world.thoughts.len();
    if n == 0 {
        return Metrics {
            top_precision: 1.0,
            spearman: 1.0,
            min_ratings: 0,
            share_under: 0.0,
        };
    }
    let mut tallies = vec![Tally::default(); n];
    let mut total = Tally::default();
    for s in shown {
        if let Some(stars) = s.stars {
            tallies[s.thought].add(stars);
            total.add(stars);
        }
    }
    let prior = Prior::from_total(&total);
    let ratings: Vec<(u32, u32, f32)> = shown
        .iter()
        .filter_map(|s| {
            let stars = s.stars?;
            Some((index(s.rater), index(s.thought), f32::from(stars)))
        })
        .collect();
    let adjusted = adjusted_scores(&ratings, world.raters.len(), n);
    let mut computed: Vec<(usize, Score)> = tallies
        .iter()
        .enumerate()
        .map(|(t, tally)| (t, adjusted_score(tally, &prior, adjusted[t])))
        .collect();
    rank(&mut computed, |c| &c.1, |c| c.0);
    let mut truly: Vec<usize> = (0..n).collect();
    truly.sort_by(|&a, &b| world.truth[b].total_cmp(&world.truth[a]).then(a.cmp(&b)));

    let top = TOP.min(n);
    let hits = computed[..top]
        .iter()
        .filter(|(t, _)| truly[..top].contains(t))
        .count();

    let mut true_place = vec![0_usize; n];
    for (place, &t) in truly.iter().enumerate() {
        true_place[t] = place;
    }
    let squared: f64 = computed
        .iter()
        .enumerate()
        .map(|(place, (t, _))| (place as f64 - true_place[*t] as f64).powi(2))
        .sum();
    let nf = n as f64;
    let spearman = if n > 1 {
        1.0 - 6.0 * squared / (nf * (nf * nf - 1.0))
    } else {
        1.0
    };
    Metrics {
        top_precision: hits as f64 / top as f64,
        spearman,
        min_ratings: tallies.iter().map(|t| t.count).min().unwrap_or(0),
        share_under: tallies.iter().filter(|t| t.count < ENOUGH_RATINGS).count() as f64 / nf,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// A quarter of the seed exchange, quick enough for the invariants in a debug build.
    const SMALL: Config = Config {
        groups: [64, 146, 12, 1, 10, 0, 22, 9],
        no_group: 20,
        thoughts: 250,
        ratings: 8_206,
        standing_every: 100,
        rekey_per_view: allocation::REKEY_PER_VIEW,
    };

    #[test]
    fn every_policy_spends_the_budget_exactly_and_keeps_the_rules() {
        let world = World::new(5, &SMALL);
        for policy in Policy::ALL {
            let shown = run(&world, policy, 5, &SMALL);
            let stars = shown.iter().filter(|s| s.stars.is_some()).count();
            assert_eq!(stars, SMALL.ratings, "{policy:?} spends the budget");
            let mut pairs = HashSet::new();
            let mut given = vec![0_usize; world.raters.len()];
            for s in &shown {
                assert_ne!(
                    world.thoughts[s.thought].author, s.rater,
                    "{policy:?}: nobody rates their own thought"
                );
                assert!(
                    pairs.insert((s.rater, s.thought)),
                    "{policy:?}: nobody sees a thought twice"
                );
                assert!(s.stars.is_none_or(|stars| (1..=5).contains(&stars)));
                given[s.rater] += usize::from(s.stars.is_some());
            }
            for (rater, given) in world.raters.iter().zip(given) {
                assert_eq!(
                    given,
                    rater.sittings.last().map_or(0, |s| s.1),
                    "{policy:?}: every rater gives their stars"
                );
            }
            let skips = shown.len() - stars;
            assert!(skips > 0 && skips < stars / 10, "{skips} skips");
        }
    }

    #[test]
    fn the_seed_exchange_has_the_seed_shape() {
        let config = Config::SEED;
        assert_eq!(config.participants(), 1_137);
        let world = World::new(1, &config);
        assert_eq!(world.raters.len(), 1_137);
        assert_eq!(world.thoughts.len(), 1_000);
        for (row, &size) in config.groups.iter().enumerate() {
            assert_eq!(world.raters.iter().filter(|r| r.group == row).count(), size);
        }
        let quotas: Vec<usize> = world
            .raters
            .iter()
            .map(|r| r.sittings.last().map_or(0, |s| s.1))
            .collect();
        assert_eq!(quotas.iter().sum::<usize>(), 32_824);
        let typical = quotas.iter().filter(|q| (20..=40).contains(*q)).count();
        assert!(typical > 1_137 / 2, "{typical} raters star 20 to 40");
        let authors: HashSet<usize> = world.thoughts.iter().map(|t| t.author).collect();
        assert!(authors.len() > 500 && authors.len() < 1_000);
        let early = world
            .thoughts
            .iter()
            .filter(|t| t.appears < 7 * DAY)
            .count();
        let late = world
            .thoughts
            .iter()
            .filter(|t| t.appears > 14 * DAY)
            .count();
        assert!(early > 500 && late > 0, "{early} early, {late} late");
        assert!(
            world
                .thoughts
                .windows(2)
                .all(|w| w[0].appears <= w[1].appears)
        );
        assert!(world.truth.iter().all(|t| (1.0..=5.0).contains(t)));
    }

    #[test]
    fn expected_stars_follow_the_leaning() {
        assert!((expected_stars(3.0) - 3.0).abs() < 1e-6);
        assert!(expected_stars(-10.0) - 1.0 < 1e-6);
        assert!(5.0 - expected_stars(20.0) < 1e-6);
        assert!(expected_stars(3.4) > expected_stars(3.3));
    }

    #[test]
    fn a_seed_always_gives_the_same_result() {
        for policy in Policy::ALL {
            let first = simulate(policy, 3, &SMALL);
            assert_eq!(first, simulate(policy, 3, &SMALL), "{policy:?}");
        }
        assert_ne!(
            simulate(Policy::Ours, 3, &SMALL),
            simulate(Policy::Ours, 4, &SMALL)
        );
    }

    #[test]
    fn spread_summarizes_over_seeds() {
        let spread = Spread::of([0.5, 0.7, 0.9]);
        assert!((spread.mean - 0.7).abs() < 1e-12);
        assert_eq!((spread.min, spread.max), (0.5, 0.9));
        assert!(Spread::of([]).mean.is_nan());
    }

    #[test]
    fn ours_finds_more_of_the_top_without_losing_the_order() {
        let config = Config::SEED;
        let least_seen = summarize(Policy::LeastSeen, 3, &config);
        let ours = summarize(Policy::Ours, 3, &config);
        assert!(
            ours.top_precision.mean > least_seen.top_precision.mean,
            "top ten: ours {:?}, least-seen {:?}",
            ours.top_precision,
            least_seen.top_precision
        );
        assert!(
            ours.spearman.mean >= least_seen.spearman.mean - 0.01,
            "Spearman: ours {:?}, least-seen {:?}",
            ours.spearman,
            least_seen.spearman
        );
        assert!(ours.share_under.mean <= least_seen.share_under.mean + 0.005);
    }
}
