//! Star scores people can trust: a mean pulled toward the exchange's average when a thought has few
//! ratings (a Bayesian, normal-normal shrinkage), a 90% interval around it, and the number of ratings
//! always beside it.
//!
//! Scores are computed from running aggregates (count, sum, sum of squares) that the store keeps as
//! ratings arrive, so a results page never rescans the ratings.
//!
//! Everyone's ranking goes one step further ([`adjusted_scores`]): raters differ in generosity, and
//! which raters happened to see a thought moves its plain mean. The ranking score is the thought's
//! share of a model that also gives every rater an offset, shrunk the same way; the interval keeps
//! the plain score's width and the number of ratings stays beside it.

use crate::bridging::{BridgingParams, intercepts_only};
use serde::Serialize;

/// How many ratings at the exchange's average a thought is treated as already having. Three keeps a
/// single five-star rating from outranking a thought that thirty people rated 4.6 on average.
pub const PRIOR_WEIGHT: f64 = 3.0;

/// z for a two-sided 90% interval.
const Z_90: f64 = 1.644_853_626_951_472_2;

/// The spread assumed before any ratings exist: the variance of ratings spread evenly over 1-5 stars.
const UNINFORMED_VARIANCE: f64 = 2.0;

/// Running aggregates of the star ratings a thought received (skips are counted apart).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Tally {
    pub count: i64,
    pub sum: i64,
    pub sum_squares: i64,
}

impl Tally {
    pub fn add(&mut self, stars: u8) {
        let s = i64::from(stars);
        self.count += 1;
        self.sum += s;
        self.sum_squares += s * s;
    }

    pub fn merge(&mut self, other: &Tally) {
        self.count += other.count;
        self.sum += other.sum;
        self.sum_squares += other.sum_squares;
    }

    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }

    /// The sample variance, or `None` with fewer than two ratings.
    pub fn variance(&self) -> Option<f64> {
        if self.count < 2 {
            return None;
        }
        let n = self.count as f64;
        let mean = self.sum as f64 / n;
        Some(((self.sum_squares as f64 - n * mean * mean) / (n - 1.0)).max(0.0))
    }
}

/// What every thought is pulled toward: the average and spread of all ratings in the exchange (or in the
/// group whose view is being shown).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prior {
    pub mean: f64,
    pub variance: f64,
}

impl Prior {
    pub fn from_total(total: &Tally) -> Prior {
        Prior {
            mean: total.mean().unwrap_or(3.0),
            variance: total.variance().unwrap_or(UNINFORMED_VARIANCE).max(0.25),
        }
    }
}

/// A thought's score as shown to people.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// The plain average of the stars, `None` before any rating.
    pub mean: Option<f64>,
    /// The ranking score: the mean pulled toward the prior by [`PRIOR_WEIGHT`] ratings.
    pub score: f64,
    /// The 90% interval of the score, within 1-5 stars.
    pub low: f64,
    pub high: f64,
    pub ratings: i64,
}

pub fn score(tally: &Tally, prior: &Prior) -> Score {
    let shrunk =
        (tally.sum as f64 + PRIOR_WEIGHT * prior.mean) / (tally.count as f64 + PRIOR_WEIGHT);
    centred(tally, prior, shrunk)
}

/// A thought's score ranked by its rater-adjusted score `adjusted` (one of [`adjusted_scores`]): the
/// interval has the same half-width as [`score`]'s (the adjustment moves the estimate, it does not
/// add ratings) and is centred on `adjusted`; the plain mean and the number of ratings stay as they are.
pub fn adjusted_score(tally: &Tally, prior: &Prior, adjusted: f64) -> Score {
    centred(tally, prior, adjusted)
}

/// The 90% interval of a thought's shrunk mean, around `centre`.
fn centred(tally: &Tally, prior: &Prior, centre: f64) -> Score {
    let n = tally.count as f64;
    // Pool the thought's own spread with the exchange's, weighted like the means are.
    let variance = match tally.variance() {
        Some(own) => ((n - 1.0) * own + PRIOR_WEIGHT * prior.variance) / (n - 1.0 + PRIOR_WEIGHT),
        None => prior.variance,
    };
    let half_width = Z_90 * (variance / (n + PRIOR_WEIGHT)).sqrt();
    Score {
        mean: tally.mean(),
        score: centre,
        low: (centre - half_width).clamp(1.0, 5.0),
        high: (centre + half_width).clamp(1.0, 5.0),
        ratings: tally.count,
    }
}

/// Every thought's rater-adjusted score, the score everyone's ranking goes by, from `ratings` given
/// as `(rater index, thought index, stars)`; one score per thought index below `thoughts`.
///
/// Why: raters differ in generosity (one gives 4 stars where another gives 2 for the same liking),
/// and each thought is seen by a different handful of them, so a plain mean partly says which raters
/// happened to see the thought. Every rating is modelled as `stars ≈ mean + rater offset + thought
/// offset`; the rater offset soaks up generosity and the thought offset is what survives it. Both
/// offsets are shrunk toward 0 as if they had [`PRIOR_WEIGHT`] more ratings at the average, so, like
/// [`score`], a few ratings cannot put a thought on top and a rater with few ratings is barely
/// corrected. With raters equally generous it orders thoughts like the shrunk mean.
///
/// The fit is [`bridging::intercepts_only`](crate::bridging::intercepts_only): the bridging model
/// without its leanings, by the same deterministic alternating least squares. Scores are on the 1-5
/// star scale (what a rater of average generosity is expected to give); a thought without ratings
/// scores the fitted mean. In the simulation of the seed exchange this ranking is closer to the true
/// order than the plain shrunk mean (see `simulation` and BENCHMARKS.md).
///
/// # Panics
/// If a rater index is not below `raters` or a thought index not below `thoughts`.
pub fn adjusted_scores(ratings: &[(u32, u32, f32)], raters: usize, thoughts: usize) -> Vec<f64> {
    let params = BridgingParams {
        lambda_intercept: PRIOR_WEIGHT,
        ..BridgingParams::default()
    };
    let fit = intercepts_only(ratings, raters, thoughts, &params);
    (0..thoughts).map(|t| fit.stars(t)).collect()
}

/// Orders scored items best first: by score, then by more ratings (more certain), then by `key` so the
/// order is stable.
pub fn rank<T, K: Ord>(items: &mut [T], score_of: impl Fn(&T) -> &Score, key: impl Fn(&T) -> K) {
    items.sort_by(|a, b| {
        let (sa, sb) = (score_of(a), score_of(b));
        sb.score
            .total_cmp(&sa.score)
            .then(sb.ratings.cmp(&sa.ratings))
            .then_with(|| key(a).cmp(&key(b)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tally(stars: &[u8]) -> Tally {
        let mut t = Tally::default();
        for &s in stars {
            t.add(s);
        }
        t
    }

    const PRIOR: Prior = Prior {
        mean: 3.0,
        variance: 1.5,
    };

    #[test]
    fn one_five_star_rating_does_not_beat_many_good_ones() {
        let lucky = score(&tally(&[5]), &PRIOR);
        let solid = score(
            &tally(&[5, 4, 5, 5, 4, 5, 4, 5, 5, 4, 5, 5, 4, 5, 5]),
            &PRIOR,
        );
        assert!(solid.score > lucky.score, "{solid:?} vs {lucky:?}");
    }

    #[test]
    fn unrated_thought_sits_at_the_prior_with_a_wide_interval() {
        let s = score(&Tally::default(), &PRIOR);
        assert_eq!(s.mean, None);
        assert!((s.score - 3.0).abs() < 1e-9);
        assert!(s.high - s.low > 1.0);
    }

    #[test]
    fn more_ratings_narrow_the_interval() {
        let few = score(&tally(&[4, 3, 5]), &PRIOR);
        let many = score(&tally(&[4, 3, 5].repeat(20)), &PRIOR);
        assert!(many.high - many.low < few.high - few.low);
    }

    #[test]
    fn ranking_breaks_ties_by_ratings_then_key() {
        let mut items = vec![
            (3, score(&tally(&[4, 4]), &PRIOR)),
            (1, score(&tally(&[4, 4]), &PRIOR)),
            (2, score(&tally(&[5, 5, 5]), &PRIOR)),
        ];
        rank(&mut items, |i| &i.1, |i| i.0);
        let order: Vec<i32> = items.iter().map(|i| i.0).collect();
        assert_eq!(order, vec![2, 1, 3]);
    }

    /// Raters 0-4 are generous, 5-9 harsh: on six thoughts everybody rated, the generous give 5 or
    /// 4 stars where the harsh give 3 or 2.
    fn generous_and_harsh() -> Vec<(u32, u32, f32)> {
        let mut ratings = Vec::new();
        for rater in 0..10u32 {
            let generosity = if rater < 5 { 2.0 } else { 0.0 };
            for thought in 0..6u32 {
                let liking = if thought % 2 == 0 { 3.0 } else { 2.0 };
                ratings.push((rater, thought, liking + generosity));
            }
        }
        ratings
    }

    #[test]
    fn four_stars_from_harsh_raters_outrank_four_stars_from_generous_ones() {
        let mut ratings = generous_and_harsh();
        // Thought 6: 4 stars from the generous raters, below what they usually give; thought 7: 4
        // stars from the harsh ones, above what they usually give. Their plain means are equal.
        ratings.extend((0..5).map(|r| (r, 6, 4.0)));
        ratings.extend((5..10).map(|r| (r, 7, 4.0)));
        let adjusted = adjusted_scores(&ratings, 10, 8);
        assert!(
            adjusted[7] > adjusted[6] + 0.5,
            "harsh raters' 4 {} vs generous raters' 4 {}",
            adjusted[7],
            adjusted[6]
        );
        assert!(adjusted.iter().all(|s| (1.0..=5.0).contains(s)));
    }

    #[test]
    fn with_raters_equally_generous_it_agrees_with_the_shrunk_mean() {
        // Eight raters give thoughts 0-4 the same 1-5 stars; raters 0-3 also give thought 5 five.
        let mut ratings: Vec<(u32, u32, f32)> = (0..8u32)
            .flat_map(|r| (0..5u32).map(move |t| (r, t, (t + 1) as f32)))
            .collect();
        ratings.extend((0..4).map(|r| (r, 5, 5.0)));
        let adjusted = adjusted_scores(&ratings, 8, 6);
        let mut tallies = [Tally::default(); 6];
        let mut total = Tally::default();
        for &(_, t, stars) in &ratings {
            tallies[t as usize].add(stars as u8);
            total.add(stars as u8);
        }
        let prior = Prior::from_total(&total);
        let mut shrunk: Vec<(usize, Score)> =
            (0..6).map(|t| (t, score(&tallies[t], &prior))).collect();
        let mut by_adjusted: Vec<(usize, Score)> = (0..6)
            .map(|t| (t, adjusted_score(&tallies[t], &prior, adjusted[t])))
            .collect();
        for ((_, plain), (_, fitted)) in shrunk.iter().zip(&by_adjusted) {
            assert!(
                (plain.score - fitted.score).abs() < 0.15,
                "{plain:?} vs {fitted:?}"
            );
        }
        rank(&mut shrunk, |s| &s.1, |s| s.0);
        rank(&mut by_adjusted, |s| &s.1, |s| s.0);
        let order = |ranked: &[(usize, Score)]| ranked.iter().map(|s| s.0).collect::<Vec<_>>();
        assert_eq!(order(&by_adjusted), order(&shrunk));
        assert_eq!(order(&shrunk), vec![4, 5, 3, 2, 1, 0]);
    }

    #[test]
    fn the_adjusted_interval_is_as_wide_as_the_plain_one_around_the_adjusted_score() {
        let t = tally(&[4, 3, 5, 4]);
        let plain = score(&t, &PRIOR);
        let adjusted = adjusted_score(&t, &PRIOR, 3.2);
        assert!((adjusted.score - 3.2).abs() < 1e-12);
        let half = |s: &Score| (s.high - s.low) / 2.0;
        assert!((half(&plain) - half(&adjusted)).abs() < 1e-12);
        assert!(((adjusted.high + adjusted.low) / 2.0 - 3.2).abs() < 1e-12);
        assert_eq!(
            (adjusted.mean, adjusted.ratings),
            (plain.mean, plain.ratings)
        );
    }

    #[test]
    fn no_ratings_score_the_middle_of_the_scale() {
        assert_eq!(adjusted_scores(&[], 0, 2), vec![3.0, 3.0]);
        assert!(adjusted_scores(&[], 0, 0).is_empty());
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
        fn adjusted_scores_are_finite_on_the_scale_and_ignore_the_input_order(
            (raters, thoughts, ratings, shuffled) in small_exchange().prop_flat_map(|(r, t, ratings)| {
                (Just(r), Just(t), Just(ratings.clone()), Just(ratings).prop_shuffle())
            })
        ) {
            let adjusted = adjusted_scores(&ratings, raters, thoughts);
            prop_assert_eq!(adjusted.len(), thoughts);
            for s in &adjusted {
                prop_assert!(s.is_finite() && (1.0..=5.0).contains(s), "{}", s);
            }
            // The same up to the fit's stopping tolerance (sums in another order round differently).
            let reordered = adjusted_scores(&shuffled, raters, thoughts);
            for (a, b) in adjusted.iter().zip(&reordered) {
                prop_assert!((a - b).abs() < 1e-3, "{} vs {}", a, b);
            }
        }

        #[test]
        fn score_lies_between_prior_and_mean_inside_its_interval(
            stars in proptest::collection::vec(1u8..=5, 0..200),
            prior_mean in 1.0f64..5.0,
        ) {
            let t = tally(&stars);
            let prior = Prior { mean: prior_mean, variance: 1.2 };
            let s = score(&t, &prior);
            let mean = t.mean().unwrap_or(prior_mean);
            prop_assert!(s.score >= mean.min(prior_mean) - 1e-9);
            prop_assert!(s.score <= mean.max(prior_mean) + 1e-9);
            prop_assert!(s.low <= s.score + 1e-9 && s.score <= s.high + 1e-9);
            prop_assert!((1.0..=5.0).contains(&s.low) && (1.0..=5.0).contains(&s.high));
        }
    }
}
