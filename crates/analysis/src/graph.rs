//! The similarity graph: each comment linked to the comments most like it.
//!
//! Short comments share few words, so whole-corpus geometry (k-means on TF-IDF or on LSA) is dominated by
//! the few words everybody uses ("school", "kids", "police"). A comment's nearest neighbours are reliable
//! even when distances at large are not, and communities of that graph follow the topics (see
//! BENCHMARKS.md for the comparison).

use std::thread;

use crate::vectors::SparseVec;

/// A weighted undirected graph in compressed rows: the neighbours of node `i` are
/// `targets[offsets[i]..offsets[i + 1]]`; every edge is stored in both directions; no self loops.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Graph {
    pub offsets: Vec<usize>,
    pub targets: Vec<u32>,
    pub weights: Vec<f64>,
}

impl Graph {
    pub fn nodes(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn neighbours(&self, node: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.offsets[node]..self.offsets[node + 1];
        self.targets[range.clone()]
            .iter()
            .map(|&t| t as usize)
            .zip(self.weights[range].iter().copied())
    }

    /// An undirected graph from edges given in either direction or both; a repeated edge keeps its largest
    /// weight.
    pub fn from_edges(nodes: usize, edges: &[(u32, u32, f64)]) -> Self {
        let mut both: Vec<(u32, u32, f64)> = edges
            .iter()
            .flat_map(|&(a, b, w)| [(a, b, w), (b, a, w)])
            .collect();
        both.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)).then(y.2.total_cmp(&x.2)));
        both.dedup_by_key(|e| (e.0, e.1));
        let mut offsets = vec![0; nodes + 1];
        for &(a, _, _) in &both {
            offsets[a as usize + 1] += 1;
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        Self {
            offsets,
            targets: both.iter().map(|e| e.1).collect(),
            weights: both.iter().map(|e| e.2).collect(),
        }
    }
}

/// How many neighbours each comment is linked to.
pub(crate) const NEIGHBOURS: usize = 30;

/// Comments per progress report and per round of threads.
const BLOCK: usize = 512;

/// Links every comment to its [`NEIGHBOURS`] most similar comments (cosine > 0), weighted by the squared
/// cosine so that a strong likeness counts for much more than a word in common.
pub(crate) fn knn_graph(vectors: &[SparseVec], terms: usize, progress: &dyn Fn(u64, u64)) -> Graph {
    let index = InvertedIndex::new(vectors, terms);
    let workers = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .max(1);
    let mut scratch: Vec<Scratch> = (0..workers).map(|_| Scratch::new(vectors.len())).collect();
    let mut edges = Vec::new();
    let total = vectors.len() as u64;
    for start in (0..vectors.len()).step_by(BLOCK) {
        let end = (start + BLOCK).min(vectors.len());
        let share = (end - start).div_ceil(workers);
        let found: Vec<Vec<(u32, u32, f64)>> = thread::scope(|scope| {
            let handles: Vec<_> = scratch
                .iter_mut()
                .enumerate()
                .map(|(w, scr)| {
                    let nodes = (start + w * share).min(end)..(start + (w + 1) * share).min(end);
                    let index = &index;
                    scope.spawn(move || {
                        nodes
                            .flat_map(|i| scr.nearest(i, vectors, index))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        edges.extend(found.into_iter().flatten());
        progress(end as u64, total);
    }
    Graph::from_edges(vectors.len(), &edges)
}

/// For each term, the comments containing it with its weight there.
struct InvertedIndex {
    postings: Vec<Vec<(u32, f32)>>,
}

impl InvertedIndex {
    fn new(vectors: &[SparseVec], terms: usize) -> Self {
        let mut postings = vec![Vec::new(); terms];
        for (doc, vector) in vectors.iter().enumerate() {
            for &(term, weight) in vector {
                postings[term as usize].push((doc as u32, weight));
            }
        }
        Self { postings }
    }
}

/// A worker's accumulator of similarities, reused from comment to comment.
struct Scratch {
    scores: Vec<f32>,
    touched: Vec<u32>,
}

impl Scratch {
    fn new(documents: usize) -> Self {
        Self {
            scores: vec![0.0; documents],
            touched: Vec::new(),
        }
    }

    fn nearest(
        &mut self,
        doc: usize,
        vectors: &[SparseVec],
        index: &InvertedIndex,
    ) -> Vec<(u32, u32, f64)> {
        for &(term, weight) in &vectors[doc] {
            for &(other, other_weight) in &index.postings[term as usize] {
                if self.scores[other as usize] == 0.0 {
                    self.touched.push(other);
                }
                self.scores[other as usize] += weight * other_weight;
            }
        }
        let mut candidates: Vec<(u32, f32)> = self
            .touched
            .drain(..)
            .map(|other| (other, std::mem::take(&mut self.scores[other as usize])))
            .filter(|&(other, score)| other as usize != doc && score > 0.0)
            .collect();
        if candidates.len() > NEIGHBOURS {
            candidates.select_nth_unstable_by(NEIGHBOURS - 1, |a, b| {
                b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
            });
            candidates.truncate(NEIGHBOURS);
        }
        candidates
            .into_iter()
            .map(|(other, score)| (doc as u32, other, f64::from(score).powi(2)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_are_symmetric_and_deduplicated() {
        let g = Graph::from_edges(3, &[(0, 1, 0.5), (1, 0, 0.7), (1, 2, 0.2)]);
        assert_eq!(g.neighbours(0).collect::<Vec<_>>(), [(1, 0.7)]);
        assert_eq!(g.neighbours(1).collect::<Vec<_>>(), [(0, 0.7), (2, 0.2)]);
        assert_eq!(g.neighbours(2).collect::<Vec<_>>(), [(1, 0.2)]);
    }

    #[test]
    fn links_similar_comments_only() {
        let v = |terms: &[(u32, f32)]| terms.to_vec();
        let vectors = vec![
            v(&[(0, 1.0)]),
            v(&[(0, 0.6), (1, 0.8)]),
            v(&[(2, 1.0)]),
            v(&[]),
        ];
        let g = knn_graph(&vectors, 3, &|_, _| {});
        assert_eq!(g.neighbours(0).map(|(n, _)| n).collect::<Vec<_>>(), [1]);
        assert_eq!(g.neighbours(2).count(), 0);
        assert_eq!(g.neighbours(3).count(), 0);
        let (_, w) = g.neighbours(0).next().unwrap_or_default();
        assert!((w - 0.36).abs() < 1e-6, "weight is the squared cosine: {w}");
    }
}
