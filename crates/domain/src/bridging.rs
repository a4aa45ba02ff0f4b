//! The bridging score, in the manner of Community Notes: every rating is modelled as
//!
//! `stars ≈ mean + rater intercept + thought intercept + rater factor × thought factor`
//!
//! with one factor. The factor product soaks up whatever the raters' camps disagree about, so a
//! thought's intercept is the part of its appeal that survives disagreement: a thought loved by one
//! camp and disliked by the other gets a large factor and a middling intercept; a thought both camps
//! like gets a high intercept. Rater intercepts absorb generous and harsh raters.
//!
//! The model is fitted by alternating least squares: with the raters' parameters fixed, each thought's
//! intercept and factor are a two-variable ridge regression with a closed-form solution, and likewise
//! for each rater with the thoughts fixed. Each sweep can only lower the loss, needs no learning rate
//! and no random order, so the fit is fast and the same input always gives the same scores.

use serde::Serialize;

/// How the model is regularised and when the fit stops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BridgingParams {
    /// Ridge penalty on every intercept, in ratings: an intercept is fitted as if it had this many
    /// extra ratings at exactly the average. Must be positive.
    pub lambda_intercept: f64,
    /// Ridge penalty on every factor. Must be positive.
    pub lambda_factor: f64,
    /// The most sweeps (thoughts, then raters) the fit may take.
    pub max_iterations: usize,
    /// The fit stops once no parameter moves by more than this many stars in a sweep.
    pub tolerance: f64,
}

impl Default for BridgingParams {
    fn default() -> Self {
        BridgingParams {
            // Three pseudo-ratings at the average, the same weight `scoring::PRIOR_WEIGHT` gives the
            // exchange's average: a thought nobody disagrees about gets about the same pull toward the
            // middle here as in the plain star score, so the two rankings differ only by disagreement.
            lambda_intercept: crate::scoring::PRIOR_WEIGHT,
            // Five times cheaper than an intercept, the ratio Community Notes uses (0.15 vs 0.03):
            // when camps split on a thought, explaining the split by the factor costs less than moving
            // the intercept, so the intercept keeps only what both camps agree on.
            lambda_factor: crate::scoring::PRIOR_WEIGHT / 5.0,
            // The seed-scale and 30x benchmarks converge well before this; the cap bounds the worst case.
            max_iterations: 200,
            // A ten-thousandth of a star is far below the two decimals any page shows.
            tolerance: 1e-4,
        }
    }
}

/// The fitted parameters of one thought or one rater.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Fit {
    /// For a thought, the bridging score in stars above or below `Bridging::mean`; for a rater, how
    /// much more generously than average they rate.
    pub intercept: f64,
    /// Position on the axis of disagreement. Its sign only says which camp; the axis itself has no
    /// fixed direction.
    pub factor: f64,
    /// How many ratings the parameters were fitted from. With few ratings the intercept stays near 0
    /// (the thought scores near the exchange's mean): with `n` ratings and no disagreement it keeps
    /// about `n / (n + lambda_intercept)` of the thought's distance from the mean. Show it beside the
    /// score.
    pub ratings: u32,
}

/// The fitted model for a whole exchange.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bridging {
    /// The global mean in stars.
    pub mean: f64,
    /// One per thought index.
    pub thoughts: Vec<Fit>,
    /// One per rater index.
    pub raters: Vec<Fit>,
    /// How many sweeps the fit took.
    pub iterations: usize,
}

impl Bridging {
    /// A thought's bridging score on the 1-5 star scale, for display: what a rater of average
    /// generosity and no leaning is expected to give it.
    pub fn stars(&self, thought: usize) -> f64 {
        let intercept = self.thoughts.get(thought).map_or(0.0, |t| t.intercept);
        (self.mean + intercept).clamp(1.0, 5.0)
    }

    /// Thought indices best first by bridging score; ties go to more ratings, then the lower index,
    /// so the order is stable.
    pub fn ranked(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.thoughts.len()).collect();
        order.sort_by(|&a, &b| {
            let (ta, tb) = (&self.thoughts[a], &self.thoughts[b]);
            tb.intercept
                .total_cmp(&ta.intercept)
                .then(tb.ratings.cmp(&ta.ratings))
                .then(a.cmp(&b))
        });
        order
    }
}

/// One rating as seen from one side: the index on the other side and the stars.
type Entry = (u32, f32);

/// Ratings grouped by the thought (or the rater) they belong to, in input order within a group.
struct Grouped {
    starts: Vec<usize>,
    entries: Vec<Entry>,
}

impl Grouped {
    fn new(
        ratings: &[(u32, u32, f32)],
        rows: usize,
        split: impl Fn(&(u32, u32, f32)) -> (usize, u32),
    ) -> Grouped {
        let mut starts = vec![0usize; rows + 1];
        for rating in ratings {
            starts[split(rating).0 + 1] += 1;
        }
        for row in 0..rows {
            starts[row + 1] += starts[row];
        }
        let mut next = starts.clone();
        let mut entries = vec![(0, 0.0); ratings.len()];
        for rating in ratings {
            let (row, other) = split(rating);
            entries[next[row]] = (other, rating.2);
            next[row] += 1;
        }
        Grouped { starts, entries }
    }

    fn row(&self, row: usize) -> &[Entry] {
        &self.entries[self.starts[row]..self.starts[row + 1]]
    }
}

/// An intercept and a factor being fitted.
#[derive(Debug, Clone, Copy, Default)]
struct Param {
    intercept: f64,
    factor: f64,
}

/// Fits the bridging model to `ratings`, each `(rater index, thought index, stars)`.
///
/// A thought without ratings gets intercept and factor 0 (it scores the exchange's mean); so does a
/// rater. Ratings whose stars are not finite are ignored: one NaN would otherwise spread to every
/// parameter through the shared mean.
///
/// # Panics
/// If a rater index is not below `raters` or a thought index not below `thoughts`.
pub fn bridging_scores(
    ratings: &[(u32, u32, f32)],
    raters: usize,
    thoughts: usize,
    params: &BridgingParams,
) -> Bridging {
    fit(ratings, raters, thoughts, params, initial_rater)
}

/// The model without the leanings: `stars ≈ mean + rater intercept + thought intercept`, each
/// intercept ridge-shrunk toward 0 by `lambda_intercept` pseudo-ratings. A thought's intercept is
/// then its appeal with each rater's generosity taken out; see `scoring::adjusted_scores`, which
/// ranks the results by it.
///
/// It is the same fit as [`bridging_scores`] with every factor starting at 0: all-zero factors are
/// a stationary point of the alternating updates, so they stay 0 and each ridge regression reduces
/// to an intercept alone, `Σ residual / (n + lambda_intercept)`.
///
/// # Panics
/// If a rater index is not below `raters` or a thought index not below `thoughts`.
pub fn intercepts_only(
    ratings: &[(u32, u32, f32)],
    raters: usize,
    thoughts: usize,
    params: &BridgingParams,
) -> Bridging {
    fit(ratings, raters, thoughts, params, |_| Param::default())
}

/// Alternating least squares from the raters' starting parameters `start`.
fn fit(
    ratings: &[(u32, u32, f32)],
    raters: usize,
    thoughts: usize,
    params: &BridgingParams,
    start: fn(usize) -> Param,
) -> Bridging {
    let ratings: Vec<(u32, u32, f32)> = ratings
        .iter()
        .copied()
        .filter(|r| r.2.is_finite())
        .collect();
    let by_thought = Grouped::new(&ratings, thoughts, |&(r, t, _)| (t as usize, r));
    let by_rater = Grouped::new(&ratings, raters, |&(r, t, _)| (r as usize, t));
    let mut rater_params: Vec<Param> = (0..raters).map(start).collect();
    let mut thought_params = vec![Param::default(); thoughts];
    let mut mean = NO_RATINGS_MEAN;
    let mut iterations = 0;
    while iterations < params.max_iterations {
        iterations += 1;
        mean = fit_mean(&ratings, &rater_params, &thought_params);
        let moved_thoughts = fit_side(
            &by_thought,
            mean,
            &rater_params,
            &mut thought_params,
            params,
        );
        let moved_raters = fit_side(&by_rater, mean, &thought_params, &mut rater_params, params);
        if moved_thoughts.max(moved_raters) < params.tolerance {
            break;
        }
    }
    Bridging {
        mean,
        thoughts: fits(&thought_params, &by_thought),
        raters: fits(&rater_params, &by_rater),
        iterations,
    }
}

/// The mean of an exchange without ratings: the middle of the 1-5 scale, as `scoring::Prior` assumes.
const NO_RATINGS_MEAN: f64 = 3.0;

/// A small, fixed, index-derived rater factor in [-0.5, 0.5). All-zero factors are a stationary point
/// that alternating least squares never leaves, so the factors must start apart; deriving them from
/// the index (a SplitMix64 hash) rather than a random generator keeps the fit deterministic across
/// platforms and library versions.
fn initial_rater(index: usize) -> Param {
    let mut z = (index as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    Param {
        intercept: 0.0,
        factor: (z >> 11) as f64 / (1u64 << 53) as f64 - 0.5,
    }
}

/// The mean that best fits the ratings given every other parameter (left unregularised: it is one
/// number fitted from all ratings).
fn fit_mean(ratings: &[(u32, u32, f32)], raters: &[Param], thoughts: &[Param]) -> f64 {
    if ratings.is_empty() {
        return NO_RATINGS_MEAN;
    }
    let residual: f64 = ratings
        .iter()
        .map(|&(r, t, stars)| {
            let (rater, thought) = (raters[r as usize], thoughts[t as usize]);
            f64::from(stars) - rater.intercept - thought.intercept - rater.factor * thought.factor
        })
        .sum();
    residual / ratings.len() as f64
}

/// Refits every row's intercept and factor with the other side fixed; returns the largest change.
fn fit_side(
    rows: &Grouped,
    mean: f64,
    others: &[Param],
    fitted: &mut [Param],
    params: &BridgingParams,
) -> f64 {
    let mut moved = 0.0f64;
    for (row, param) in fitted.iter_mut().enumerate() {
        let next = ridge(rows.row(row), mean, others, params);
        moved = moved
            .max((next.intercept - param.intercept).abs())
            .max((next.factor - param.factor).abs());
        *param = next;
    }
    moved
}

/// The closed-form ridge regression of one row's residuals on (1, other's factor): the 2×2 normal
/// equations `[n + λi, Σf; Σf, Σf² + λf] · [intercept; factor] = [Σy; Σf·y]`.
fn ridge(entries: &[Entry], mean: f64, others: &[Param], params: &BridgingParams) -> Param {
    let (mut sum_f, mut sum_ff, mut sum_y, mut sum_fy) = (0.0, 0.0, 0.0, 0.0);
    for &(other, stars) in entries {
        let o = others[other as usize];
        let y = f64::from(stars) - mean - o.intercept;
        sum_f += o.factor;
        sum_ff += o.factor * o.factor;
        sum_y += y;
        sum_fy += o.factor * y;
    }
    let a = entries.len() as f64 + params.lambda_intercept;
    let d = sum_ff + params.lambda_factor;
    let det = a * d - sum_f * sum_f;
    // Positive whenever both penalties are (Cauchy-Schwarz); otherwise a row without ratings has
    // nothing to fit and stays at the neutral zero rather than dividing by zero.
    if det <= 0.0 {
        return Param::default();
    }
    Param {
        intercept: (d * sum_y - sum_f * sum_fy) / det,
        factor: (a * sum_fy - sum_f * sum_y) / det,
    }
}

fn fits(params: &[Param], rows: &Grouped) -> Vec<Fit> {
    params
        .iter()
        .enumerate()
        .map(|(row, p)| Fit {
            intercept: p.intercept,
            factor: p.factor,
            ratings: u32::try_from(rows.row(row).len()).unwrap_or(u32::MAX),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Two camps of raters, camp 1 first. Ten partisan thoughts per camp (5 stars from their own camp,
    /// 1 from the other) teach the model the axis; then the thoughts under test, each given as
    /// (stars from camp 1, stars from camp 2), rated by everybody, numbered after the partisan ones.
    fn two_camps(camp_one: u32, camp_two: u32, tested: &[(f32, f32)]) -> Vec<(u32, u32, f32)> {
        let mut ratings = Vec::new();
        for rater in 0..camp_one + camp_two {
            let in_one = rater < camp_one;
            for thought in 0..PARTISAN {
                let own = (thought < PARTISAN / 2) == in_one;
                ratings.push((rater, thought, if own { 5.0 } else { 1.0 }));
            }
            for (i, &(one, two)) in (PARTISAN..).zip(tested) {
                ratings.push((rater, i, if in_one { one } else { two }));
            }
        }
        ratings
    }

    const PARTISAN: u32 = 20;

    fn plain_mean(ratings: &[(u32, u32, f32)], thought: u32) -> f32 {
        let stars: Vec<f32> = ratings
            .iter()
            .filter(|r| r.1 == thought)
            .map(|r| r.2)
            .collect();
        stars.iter().sum::<f32>() / stars.len() as f32
    }

    #[test]
    fn loved_by_one_camp_ranks_below_liked_by_both_despite_a_higher_mean() {
        // A: 5 stars from the larger camp, 2 from the smaller; B: 4 stars from everybody.
        let ratings = two_camps(35, 15, &[(5.0, 2.0), (4.0, 4.0)]);
        let (a, b) = (PARTISAN, PARTISAN + 1);
        assert!(plain_mean(&ratings, a) > plain_mean(&ratings, b));
        let fit = bridging_scores(&ratings, 50, 22, &BridgingParams::default());
        let (fit_a, fit_b) = (fit.thoughts[a as usize], fit.thoughts[b as usize]);
        assert!(
            fit.stars(b as usize) > fit.stars(a as usize) + 0.2,
            "A {fit_a:?} vs B {fit_b:?}"
        );
        let order = fit.ranked();
        let position = |t: u32| order.iter().position(|&o| o == t as usize);
        assert!(position(b) < position(a), "{order:?}");
        assert!(
            fit_a.factor.abs() > 1.0 && fit_b.factor.abs() < 0.1,
            "the split is A's factor"
        );
    }

    #[test]
    fn a_thought_everybody_loves_ranks_first() {
        let ratings = two_camps(15, 15, &[(5.0, 2.0), (4.0, 4.0), (5.0, 5.0)]);
        let fit = bridging_scores(&ratings, 30, 23, &BridgingParams::default());
        assert_eq!(fit.ranked()[0], 22);
        assert!(fit.stars(22) > 4.5, "{:?}", fit.thoughts[22]);
    }

    #[test]
    fn the_same_input_gives_the_same_scores() {
        let ratings = two_camps(12, 9, &[(5.0, 2.0), (4.0, 3.0)]);
        let params = BridgingParams::default();
        let first = bridging_scores(&ratings, 21, 22, &params);
        let second = bridging_scores(&ratings, 21, 22, &params);
        assert_eq!(first, second);
        assert!(
            first.iterations < params.max_iterations,
            "converged in {}",
            first.iterations
        );
    }

    #[test]
    fn empty_input_scores_nothing_and_no_nan() {
        let fit = bridging_scores(&[], 0, 0, &BridgingParams::default());
        assert!(fit.thoughts.is_empty() && fit.raters.is_empty());
        let unrated = bridging_scores(&[], 3, 2, &BridgingParams::default());
        assert!(unrated.thoughts.iter().all(|t| *t == Fit::default()));
        assert!((unrated.stars(0) - NO_RATINGS_MEAN).abs() < 1e-12);
    }

    #[test]
    fn unrated_thought_and_single_rating_rater_stay_finite() {
        // Raters 0-9 in two camps, rater 10 with one rating; thought 20 has no ratings.
        let mut ratings = two_camps(5, 5, &[]);
        ratings.push((10, 0, 4.0));
        let fit = bridging_scores(&ratings, 11, 21, &BridgingParams::default());
        assert_eq!(fit.thoughts[20], Fit::default());
        assert!(
            (fit.stars(20) - fit.mean).abs() < 1e-12,
            "an unrated thought scores the mean"
        );
        let lonely = fit.raters[10];
        assert_eq!(lonely.ratings, 1);
        assert!(lonely.intercept.is_finite() && lonely.factor.is_finite());
    }

    #[test]
    fn non_finite_stars_are_ignored() {
        let clean = bridging_scores(
            &[(0, 0, 4.0), (1, 0, 2.0)],
            2,
            1,
            &BridgingParams::default(),
        );
        let dirty = bridging_scores(
            &[(0, 0, 4.0), (1, 0, f32::NAN), (1, 0, 2.0)],
            2,
            1,
            &BridgingParams::default(),
        );
        assert_eq!(clean, dirty);
    }

    fn small_exchange() -> impl Strategy<Value = (usize, usize, Vec<(u32, u32, f32)>)> {
        (1usize..8, 1usize..8).prop_flat_map(|(raters, thoughts)| {
            let rating = (0..raters as u32, 0..thoughts as u32, 1u8..=5)
                .prop_map(|(r, t, s)| (r, t, f32::from(s)));
            (
                Just(raters),
                Just(thoughts),
                proptest::collection::vec(rating, 0..40),
            )
        })
    }

    proptest! {
        #[test]
        fn scores_are_finite_for_any_small_exchange((raters, thoughts, ratings) in small_exchange()) {
            let fit = bridging_scores(&ratings, raters, thoughts, &BridgingParams::default());
            prop_assert!(fit.mean.is_finite());
            for p in fit.thoughts.iter().chain(&fit.raters) {
                prop_assert!(p.intercept.is_finite() && p.factor.is_finite(), "{:?}", p);
            }
            for t in 0..thoughts {
                prop_assert!((1.0..=5.0).contains(&fit.stars(t)));
            }
        }
    }
}
