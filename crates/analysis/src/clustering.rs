//! Grouping comments: communities of the similarity graph, brought to the number of themes wanted, then
//! polished by spherical k-means in the TF-IDF space (each comment to the theme whose centroid it is most
//! like), which moves the few comments that the graph placed by a single neighbour.

use std::thread;

use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::Stage;
use crate::community::{Bounds, louvain, merge_down, modularity, renumber};
use crate::graph::{Graph, knn_graph};
use crate::vectors::{SparseVec, dot_dense};

/// Louvain resolution for choosing the number of themes: below 1 because a k-nearest-neighbour graph of
/// short texts splits at 1 into many small communities that a reader sees as one theme.
const RESOLUTION: f64 = 0.5;
/// With the number of themes given, how many resolutions from [`RESOLUTION`] to twice it are tried
/// (evenly spaced on a log scale: 0.5, 0.59, 0.71, 0.84, 1), and Louvain runs at each. Resolutions up to
/// 2 were never the most modular on our corpus; 4, 8, 16 or 32 runs each gave the same mean NMI (8 runs
/// at 5 resolutions cost little more than the 32 runs at one resolution of the automatic count).
const GIVEN_RESOLUTIONS: usize = 5;
const GIVEN_RESTARTS: u64 = 8;
/// Louvain runs from different visiting orders; the one of highest modularity is kept. Single runs vary
/// a lot on short texts; on our corpus the best of 4 ranged over NMI 0.50 to 0.60 from one set of seeds
/// to another, the best of 32 over 0.55 to 0.62.
const RESTARTS: u64 = 32;
/// The range of the number of themes when it is chosen automatically.
pub(crate) const AUTO_THEMES: (usize, usize) = (2, 15);
/// A theme smaller than this share of the comments is merged into its nearest theme.
const MIN_SHARE: f64 = 0.01;
/// The graph is built on at most this many comments, drawn at random; the others join the theme whose
/// centroid they are most like. A sample this size holds every theme worth showing (1% of the comments is
/// 50 of them), keeps the time linear in the number of comments, and spares the graph from large
/// exchanges' many near-duplicates, whose nearest neighbours are only each other.
const SAMPLE: usize = 5_000;
/// The number of themes is chosen on at most this many comments: the number of communities a graph
/// splits into grows with its size, and a fixed size makes the choice the same for 500 comments or
/// 50,000 on the same topics.
const CHOICE_SAMPLE: usize = 500;
/// Fixed, so that the same comments always give the same themes.
const SAMPLE_SEED: u64 = 0x7468656d6573;
/// Polishing rounds; it settles in a handful.
const POLISH_ROUNDS: usize = 10;

/// Each comment's theme, numbered from 0 by decreasing size, from unit vectors with `terms` dimensions.
/// `k`, when given, is between 1 and the number of non-empty vectors (the caller checks); comments with
/// an empty vector (no shared word) join the largest theme.
pub(crate) fn cluster(
    all: &[SparseVec],
    terms: usize,
    k: Option<usize>,
    progress: &dyn Fn(Stage, u64, u64),
) -> Vec<usize> {
    let placed: Vec<usize> = (0..all.len()).filter(|&i| !all[i].is_empty()).collect();
    let vectors: Vec<SparseVec> = placed.iter().map(|&i| all[i].clone()).collect();
    let k = match k {
        None if vectors.len() > CHOICE_SAMPLE => Some(choose_count(&vectors, terms, progress)),
        k => k,
    };
    let sample = sample(vectors.len(), SAMPLE.max(k.unwrap_or(0)));
    let sampled: Vec<SparseVec> = sample.iter().map(|&i| vectors[i].clone()).collect();
    let grouped = group(&sampled, terms, k, progress);
    let initial = extend(&vectors, &sample, &grouped, terms);
    let polished = polish(&vectors, initial, terms);
    by_size(&placed_back(&placed, &polished, all.len()))
}

/// Themes of `vectors` from the communities of their similarity graph; when `k` is not given, as many
/// as the graph holds by [`natural_count`].
fn group(
    vectors: &[SparseVec],
    terms: usize,
    k: Option<usize>,
    progress: &dyn Fn(Stage, u64, u64),
) -> Vec<usize> {
    let graph = neighbour_graph(vectors, terms, progress);
    let k = k.unwrap_or_else(|| natural_count(&graph, progress));
    given_count(&graph, vectors, terms, k, progress)
}

fn neighbour_graph(
    vectors: &[SparseVec],
    terms: usize,
    progress: &dyn Fn(Stage, u64, u64),
) -> Graph {
    knn_graph(vectors, terms, &|done, total| {
        progress(Stage::Neighbours, done, total)
    })
}

/// A theme smaller than this is merged into another: [`MIN_SHARE`] of the comments, and at least 2.
fn min_size(comments: usize) -> usize {
    ((comments as f64 * MIN_SHARE).ceil() as usize).max(2)
}

/// How many themes the graph holds: its Louvain communities at [`RESOLUTION`], those under
/// [`min_size`] merged into others, within [`AUTO_THEMES`].
fn natural_count(graph: &Graph, progress: &dyn Fn(Stage, u64, u64)) -> usize {
    let nodes = graph.nodes();
    let bounds = Bounds {
        at_least: AUTO_THEMES.0.min(nodes),
        at_most: AUTO_THEMES.1.min(nodes),
        min_size: min_size(nodes),
    };
    let report = |done, total| progress(Stage::Grouping, done, total);
    let (communities, resolution) = communities(graph, RESOLUTION, bounds.at_least, &report);
    count(&merge_down(graph, &communities, resolution, bounds))
}

/// `k` themes: the Louvain communities at each of [`GIVEN_RESOLUTIONS`] resolutions from [`RESOLUTION`]
/// to twice it that gives at least `k`, each merged down to `k` and polished, and of these the partition
/// of highest modularity (at [`RESOLUTION`]) kept. Which resolution suits a corpus is not known in
/// advance, and one resolution alone depends much on the visiting order of its Louvain runs
/// (BENCHMARKS.md); letting the graph pick among several does not. When none gives `k` communities, the
/// resolution goes on doubling from twice [`RESOLUTION`].
fn given_count(
    graph: &Graph,
    vectors: &[SparseVec],
    terms: usize,
    k: usize,
    progress: &dyn Fn(Stage, u64, u64),
) -> Vec<usize> {
    let bounds = Bounds {
        at_least: k,
        at_most: k,
        min_size: min_size(vectors.len()),
    };
    let steps = GIVEN_RESOLUTIONS - 1;
    let total = GIVEN_RESTARTS * GIVEN_RESOLUTIONS as u64;
    let to_number = |communities: &[usize], resolution| {
        polish(
            vectors,
            merge_down(graph, communities, resolution, bounds),
            terms,
        )
    };
    let candidates: Vec<Vec<usize>> = (0..GIVEN_RESOLUTIONS)
        .filter_map(|step| {
            let resolution = RESOLUTION * 2f64.powf(step as f64 / steps as f64);
            let before = step as u64 * GIVEN_RESTARTS;
            let report = |done, _| progress(Stage::Grouping, before + done, total);
            let communities = best_of_restarts(graph, resolution, GIVEN_RESTARTS, &report);
            (count(&communities) >= bounds.at_least).then(|| to_number(&communities, resolution))
        })
        .collect();
    let fit = |m: &Vec<usize>| modularity(graph, m, RESOLUTION);
    candidates
        .into_iter()
        .max_by(|a, b| fit(a).total_cmp(&fit(b)))
        .unwrap_or_else(|| {
            let report = |done, total| progress(Stage::Grouping, done, total);
            let (communities, resolution) =
                communities(graph, 4.0 * RESOLUTION, bounds.at_least, &report);
            to_number(&communities, resolution)
        })
}

/// The number of communities in a membership numbered from 0.
fn count(membership: &[usize]) -> usize {
    membership.iter().max().map_or(0, |m| m + 1)
}

/// The number of themes, chosen on a sample of [`CHOICE_SAMPLE`] comments.
fn choose_count(vectors: &[SparseVec], terms: usize, progress: &dyn Fn(Stage, u64, u64)) -> usize {
    let sampled: Vec<SparseVec> = sample(vectors.len(), CHOICE_SAMPLE)
        .iter()
        .map(|&i| vectors[i].clone())
        .collect();
    natural_count(&neighbour_graph(&sampled, terms, progress), progress)
}

/// At most `size` positions out of `0..count`, drawn at random (reproducibly), in order.
fn sample(count: usize, size: usize) -> Vec<usize> {
    if count <= size {
        return (0..count).collect();
    }
    let mut rng = StdRng::seed_from_u64(SAMPLE_SEED);
    let mut drawn = rand::seq::index::sample(&mut rng, count, size).into_vec();
    drawn.sort_unstable();
    drawn
}

/// Themes for all comments from those of the sample: a sampled comment keeps its theme (so none is left
/// empty), any other joins the theme whose centroid it is most like.
fn extend(vectors: &[SparseVec], sample: &[usize], grouped: &[usize], terms: usize) -> Vec<usize> {
    let count = grouped.iter().max().map_or(0, |m| m + 1);
    let sampled: Vec<SparseVec> = sample.iter().map(|&i| vectors[i].clone()).collect();
    let centroids = centroids(&sampled, grouped, count, terms);
    let mut assignments: Vec<usize> = vectors.iter().map(|v| nearest(v, &centroids)).collect();
    for (&i, &theme) in sample.iter().zip(grouped) {
        assignments[i] = theme;
    }
    assignments
}

/// Louvain communities, at least `at_least` of them: the resolution is doubled from `resolution` until
/// there are enough.
fn communities(
    graph: &Graph,
    mut resolution: f64,
    at_least: usize,
    progress: &dyn Fn(u64, u64),
) -> (Vec<usize>, f64) {
    loop {
        let best = best_of_restarts(graph, resolution, RESTARTS, progress);
        // at a resolution of thousands every node is alone, so this ends
        if count(&best) >= at_least || resolution > 1e6 {
            return (best, resolution);
        }
        resolution *= 2.0;
    }
}

/// The Louvain run of highest modularity among `restarts` runs, on all cores; `progress(runs done,
/// runs)`.
fn best_of_restarts(
    graph: &Graph,
    resolution: f64,
    restarts: u64,
    progress: &dyn Fn(u64, u64),
) -> Vec<usize> {
    let workers = thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let mut best: Option<(f64, Vec<usize>)> = None;
    for first in (0..restarts).step_by(workers as usize) {
        let seeds = first..(first + workers).min(restarts);
        let runs: Vec<(f64, Vec<usize>)> = thread::scope(|scope| {
            let handles: Vec<_> = seeds
                .map(|seed| {
                    scope.spawn(move || {
                        let membership = louvain(graph, resolution, seed);
                        (modularity(graph, &membership, resolution), membership)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        for run in runs {
            if best.as_ref().is_none_or(|(q, _)| run.0 > *q) {
                best = Some(run);
            }
        }
        progress((first + workers).min(restarts), restarts);
    }
    best.map(|(_, m)| m).unwrap_or_default()
}

/// Spherical k-means rounds from a partition; a round that would empty a theme is not taken, so the
/// number of themes is kept.
fn polish(vectors: &[SparseVec], mut assignments: Vec<usize>, terms: usize) -> Vec<usize> {
    let count = assignments.iter().max().map_or(0, |m| m + 1);
    for _ in 0..POLISH_ROUNDS {
        let centroids = centroids(vectors, &assignments, count, terms);
        let next: Vec<usize> = vectors.iter().map(|v| nearest(v, &centroids)).collect();
        let (_, remaining) = renumber(&next);
        if next == assignments || remaining < count {
            break;
        }
        assignments = next;
    }
    assignments
}

/// Unit-length mean vectors of each theme, dense over the terms.
pub(crate) fn centroids(
    vectors: &[SparseVec],
    assignments: &[usize],
    count: usize,
    terms: usize,
) -> Vec<Vec<f32>> {
    let mut sums = vec![vec![0.0f32; terms]; count];
    for (vector, &theme) in vectors.iter().zip(assignments) {
        for &(term, weight) in vector {
            sums[theme][term as usize] += weight;
        }
    }
    for sum in &mut sums {
        let norm = sum.iter().map(|w| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            sum.iter_mut().for_each(|w| *w /= norm);
        }
    }
    sums
}

fn nearest(vector: &[(u32, f32)], centroids: &[Vec<f32>]) -> usize {
    let mut best = (0, f32::MIN);
    for (theme, centroid) in centroids.iter().enumerate() {
        let similarity = dot_dense(vector, centroid);
        if similarity > best.1 {
            best = (theme, similarity);
        }
    }
    best.0
}

/// Assignments for all comments from those of the comments with words; the others join the largest theme.
fn placed_back(placed: &[usize], assignments: &[usize], total: usize) -> Vec<usize> {
    let mut sizes = vec![0usize; assignments.iter().max().map_or(1, |m| m + 1)];
    assignments.iter().for_each(|&a| sizes[a] += 1);
    let largest = (0..sizes.len())
        .max_by_key(|&t| (sizes[t], std::cmp::Reverse(t)))
        .unwrap_or(0);
    let mut all = vec![largest; total];
    for (&doc, &theme) in placed.iter().zip(assignments) {
        all[doc] = theme;
    }
    all
}

/// Renumbers themes by decreasing size (ties: first seen first), so theme 1 is the largest.
pub(crate) fn by_size(assignments: &[usize]) -> Vec<usize> {
    let (assignments, count) = renumber(assignments);
    let mut sizes = vec![0usize; count];
    assignments.iter().for_each(|&a| sizes[a] += 1);
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_key(|&t| (std::cmp::Reverse(sizes[t]), t));
    let mut rank = vec![0; count];
    for (position, &theme) in order.iter().enumerate() {
        rank[theme] = position;
    }
    assignments.iter().map(|&a| rank[a]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_themes_by_size() {
        assert_eq!(by_size(&[3, 1, 1, 3, 3, 7]), [0, 1, 1, 0, 0, 2]);
    }

    #[test]
    fn wordless_comments_join_the_largest_theme() {
        assert_eq!(placed_back(&[0, 2, 3], &[1, 0, 1], 5), [1, 1, 0, 1, 1]);
    }

    #[test]
    fn samples_reproducibly_and_in_order() {
        assert_eq!(sample(4, 10), [0, 1, 2, 3]);
        let drawn = sample(1000, 10);
        assert_eq!(drawn.len(), 10);
        assert!(drawn.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(drawn, sample(1000, 10));
    }

    #[test]
    fn extends_the_sample_by_nearest_centroid() {
        let v = |t: &[(u32, f32)]| t.to_vec();
        let vectors = vec![
            v(&[(0, 1.0)]),
            v(&[(1, 1.0)]),
            v(&[(1, 1.0)]),
            v(&[(0, 1.0)]),
        ];
        assert_eq!(extend(&vectors, &[0, 1], &[1, 0], 2), [1, 0, 0, 1]);
    }

    /// `groups` groups of `size` comments; the comments of a group share its own two terms and differ by
    /// a third term of their own pair, so that each comment has a close neighbour and the groups are apart.
    fn grouped_vectors(groups: u32, size: u32) -> Vec<SparseVec> {
        let own = groups * 2;
        (0..groups * size)
            .map(|i| {
                let group = i / size;
                let mut v: SparseVec =
                    vec![(group * 2, 1.0), (group * 2 + 1, 1.0), (own + i / 2, 1.0)];
                crate::vectors::normalise(&mut v);
                v
            })
            .collect()
    }

    #[test]
    fn finds_the_groups_when_their_number_is_given() {
        let vectors = grouped_vectors(3, 8);
        let terms = 6 + 12;
        let found = cluster(&vectors, terms, Some(3), &|_, _, _| {});
        let expected: Vec<usize> = (0..24).map(|i| i / 8).collect();
        assert!(
            (crate::metrics::nmi(&found, &expected) - 1.0).abs() < 1e-9,
            "{found:?}"
        );
    }

    #[test]
    fn gives_as_many_themes_as_asked_beyond_the_natural_groups() {
        let vectors = grouped_vectors(3, 8);
        for k in [1, 2, 5, 12] {
            let found = cluster(&vectors, 18, Some(k), &|_, _, _| {});
            assert_eq!(found.iter().max().map_or(0, |m| m + 1), k, "{found:?}");
        }
    }

    #[test]
    fn polishing_moves_a_comment_to_the_closer_centroid() {
        let v = |t: &[(u32, f32)]| t.to_vec();
        let vectors = vec![
            v(&[(0, 1.0)]),
            v(&[(0, 1.0)]),
            v(&[(1, 1.0)]),
            v(&[(1, 1.0)]),
            v(&[(0, 1.0)]),
        ];
        assert_eq!(polish(&vectors, vec![0, 0, 1, 1, 1], 2), [0, 0, 1, 1, 0]);
    }
}
