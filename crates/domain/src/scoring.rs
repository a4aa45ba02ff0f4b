//! Star scores people can trust: a mean pulled toward the exchange's average when a thought has few
//! ratings (a Bayesian, normal-normal shrinkage), a 90% interval around it, and the number of ratings
//! always beside it.
//!
//! Scores are computed from running aggregates (count, sum, sum of squares) that the store keeps as
//! ratings arrive, so a results page never rescans the ratings.

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
    let n = tally.count as f64;
    let weight = n + PRIOR_WEIGHT;
    let shrunk = (tally.sum as f64 + PRIOR_WEIGHT * prior.mean) / weight;
    // Pool the thought's own spread with the exchange's, weighted like the means are.
    let variance = match tally.variance() {
        Some(own) => ((n - 1.0) * own + PRIOR_WEIGHT * prior.variance) / (n - 1.0 + PRIOR_WEIGHT),
        None => prior.variance,
    };
    let half_width = Z_90 * (variance / weight).sqrt();
    Score {
        mean: tally.mean(),
        score: shrunk,
        low: (shrunk - half_width).clamp(1.0, 5.0),
        high: (shrunk + half_width).clamp(1.0, 5.0),
        ratings: tally.count,
    }
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

    proptest! {
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
