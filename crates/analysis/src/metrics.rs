//! Agreement between two groupings of the same items, for measuring themes against labelled corpora.

use std::collections::HashMap;

/// Normalised mutual information of two labelings, normalised by the arithmetic mean of their entropies
/// (as scikit-learn's `normalized_mutual_info_score` does by default): 1 for the same partition whatever
/// the numbering, near 0 for unrelated ones. Two labelings that are each a single group count as equal (1).
/// Labelings of different lengths are compared on their common prefix.
pub fn nmi<A: Eq + std::hash::Hash, B: Eq + std::hash::Hash>(a: &[A], b: &[B]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 1.0;
    }
    let mut joint: HashMap<(&A, &B), f64> = HashMap::new();
    let mut left: HashMap<&A, f64> = HashMap::new();
    let mut right: HashMap<&B, f64> = HashMap::new();
    for (x, y) in a.iter().zip(b).take(n) {
        *joint.entry((x, y)).or_default() += 1.0;
        *left.entry(x).or_default() += 1.0;
        *right.entry(y).or_default() += 1.0;
    }
    let n = n as f64;
    let entropy = |counts: Vec<f64>| -counts.iter().map(|c| c / n * (c / n).ln()).sum::<f64>();
    let (ha, hb) = (
        entropy(left.values().copied().collect()),
        entropy(right.values().copied().collect()),
    );
    if ha == 0.0 && hb == 0.0 {
        return 1.0;
    }
    let mi: f64 = joint
        .iter()
        .map(|((x, y), c)| c / n * (c * n / (left[x] * right[y])).ln())
        .sum();
    (mi / ((ha + hb) / 2.0)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_partitions_score_one_whatever_the_numbering() {
        assert!((nmi(&[0, 0, 1, 1, 2], &["b", "b", "a", "a", "c"]) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn matches_scikit_learn() {
        // sklearn.metrics.normalized_mutual_info_score([0,0,0,1,1,1,2,2,2], [0,0,1,1,1,2,2,2,2])
        let score = nmi(&[0, 0, 0, 1, 1, 1, 2, 2, 2], &[0, 0, 1, 1, 1, 2, 2, 2, 2]);
        assert!((score - 0.589509827447305).abs() < 1e-9, "{score}");
    }

    #[test]
    fn independent_partitions_score_zero() {
        assert!(nmi(&[0, 0, 1, 1], &[0, 1, 0, 1]).abs() < 1e-12);
    }
}
