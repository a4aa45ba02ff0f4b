//! Communities of the similarity graph: Louvain modularity optimisation (Blondel et al. 2008), then
//! merges by modularity gain down to the number of themes wanted.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::graph::Graph;

/// Local-moving passes per level; the gains after the first few are negligible.
const MAX_PASSES: usize = 32;
/// A move must gain at least this much, so rounding cannot make nodes swap back and forth.
const MIN_GAIN: f64 = 1e-12;

/// Louvain communities of `graph` at `resolution` (higher: more, smaller communities), numbered from 0 in
/// order of first member; `seed` fixes the order nodes are visited in, so the result is reproducible.
pub(crate) fn louvain(graph: &Graph, resolution: f64, seed: u64) -> Vec<usize> {
    let mut level = Level::from_graph(graph);
    let total: f64 = level.degrees.iter().sum();
    let mut membership: Vec<usize> = (0..graph.nodes()).collect();
    if total <= 0.0 {
        return membership;
    }
    let mut rng = StdRng::seed_from_u64(seed);
    loop {
        let (community, moved) = level.move_nodes(resolution, total, &mut rng);
        if !moved {
            return renumber(&membership).0;
        }
        let (renumbered, count) = renumber(&community);
        membership.iter_mut().for_each(|m| *m = renumbered[*m]);
        level = level.aggregate(&renumbered, count);
    }
}

/// Newman's modularity of a partition, with a resolution parameter.
pub(crate) fn modularity(graph: &Graph, membership: &[usize], resolution: f64) -> f64 {
    let count = membership.iter().max().map_or(0, |m| m + 1);
    let mut internal = vec![0.0; count];
    let mut totals = vec![0.0; count];
    for node in 0..graph.nodes() {
        for (other, weight) in graph.neighbours(node) {
            totals[membership[node]] += weight;
            if membership[other] == membership[node] {
                internal[membership[node]] += weight;
            }
        }
    }
    let total: f64 = totals.iter().sum();
    if total <= 0.0 {
        return 0.0;
    }
    internal
        .iter()
        .zip(&totals)
        .map(|(i, t)| i / total - resolution * (t / total).powi(2))
        .sum()
}

/// Numbers communities 0.. in order of first appearance; returns the new labels and their count.
pub(crate) fn renumber(labels: &[usize]) -> (Vec<usize>, usize) {
    let mut map = vec![usize::MAX; labels.iter().max().map_or(0, |m| m + 1)];
    let mut count = 0;
    let renumbered = labels
        .iter()
        .map(|&l| {
            if map[l] == usize::MAX {
                map[l] = count;
                count += 1;
            }
            map[l]
        })
        .collect();
    (renumbered, count)
}

/// A graph being coarsened: each node stands for a community of the level below.
struct Level {
    adjacency: Vec<Vec<(usize, f64)>>,
    self_loops: Vec<f64>,
    degrees: Vec<f64>,
}

impl Level {
    fn from_graph(graph: &Graph) -> Self {
        let adjacency: Vec<Vec<(usize, f64)>> = (0..graph.nodes())
            .map(|n| graph.neighbours(n).collect())
            .collect();
        let degrees = adjacency
            .iter()
            .map(|a| a.iter().map(|(_, w)| w).sum())
            .collect();
        Self {
            self_loops: vec![0.0; adjacency.len()],
            adjacency,
            degrees,
        }
    }

    /// Moves nodes one at a time to the neighbouring community with the best modularity gain until none
    /// moves; returns each node's community and whether any node moved.
    fn move_nodes(&self, resolution: f64, total: f64, rng: &mut StdRng) -> (Vec<usize>, bool) {
        let n = self.adjacency.len();
        let mut community: Vec<usize> = (0..n).collect();
        let mut totals = self.degrees.clone();
        let mut links = vec![0.0; n];
        let mut touched: Vec<usize> = Vec::new();
        let mut order: Vec<usize> = (0..n).collect();
        order.shuffle(rng);
        let mut moved_any = false;
        for _ in 0..MAX_PASSES {
            let mut moved = false;
            for &node in &order {
                for &(other, weight) in &self.adjacency[node] {
                    let c = community[other];
                    if links[c] == 0.0 {
                        touched.push(c);
                    }
                    links[c] += weight;
                }
                let current = community[node];
                let degree = self.degrees[node];
                totals[current] -= degree;
                let gain =
                    |c: usize, totals: &[f64]| links[c] - resolution * totals[c] * degree / total;
                let mut best = (current, gain(current, &totals));
                for &c in &touched {
                    let g = gain(c, &totals);
                    if g > best.1 + MIN_GAIN {
                        best = (c, g);
                    }
                }
                totals[best.0] += degree;
                community[node] = best.0;
                moved |= best.0 != current;
                touched.drain(..).for_each(|c| links[c] = 0.0);
            }
            if !moved {
                break;
            }
            moved_any = true;
        }
        (community, moved_any)
    }

    /// The graph of communities: weights between them summed, weights inside kept as self loops.
    fn aggregate(&self, community: &[usize], count: usize) -> Level {
        let mut self_loops = vec![0.0; count];
        let mut degrees = vec![0.0; count];
        let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
        for (node, neighbours) in self.adjacency.iter().enumerate() {
            let c = community[node];
            self_loops[c] += self.self_loops[node];
            degrees[c] += self.degrees[node];
            for &(other, weight) in neighbours {
                match community[other] {
                    // each edge inside is seen from both ends
                    d if d == c => self_loops[c] += weight / 2.0,
                    d => pairs.push((c, d, weight)),
                }
            }
        }
        pairs.sort_by_key(|a| (a.0, a.1));
        let mut adjacency = vec![Vec::new(); count];
        for (c, d, weight) in pairs {
            match adjacency[c].last_mut() {
                Some((last, sum)) if *last == d => *sum += weight,
                _ => adjacency[c].push((d, weight)),
            }
        }
        Level {
            adjacency,
            self_loops,
            degrees,
        }
    }
}

/// Communities being merged: sizes, degree totals and the weights between them.
struct Merger {
    sizes: Vec<usize>,
    totals: Vec<f64>,
    between: Vec<Vec<f64>>,
    alive: Vec<bool>,
    parent: Vec<usize>,
    total: f64,
    resolution: f64,
}

/// How many communities a merge may leave, and how small a community may stay.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bounds {
    pub at_least: usize,
    pub at_most: usize,
    pub min_size: usize,
}

/// Merges communities: those smaller than `min_size` (too small to be a theme worth a facilitator's
/// attention) into the community that gains most, while more than `at_least` remain; then the pair that
/// gains most modularity, while more than `at_most` remain. Returns the new membership, renumbered.
pub(crate) fn merge_down(
    graph: &Graph,
    membership: &[usize],
    resolution: f64,
    bounds: Bounds,
) -> Vec<usize> {
    let mut merger = Merger::new(graph, membership, resolution);
    loop {
        let count = merger.count();
        let small = merger
            .smallest()
            .filter(|&s| merger.sizes[s] < bounds.min_size && count > bounds.at_least);
        let pair = match small {
            Some(small) => merger.best_partner(small).map(|p| (p, small)),
            None if count > bounds.at_most.max(1) => merger.best_pair(),
            None => None,
        };
        let Some((keep, gone)) = pair else { break };
        merger.merge(keep, gone);
    }
    let labels: Vec<usize> = membership.iter().map(|&m| merger.root(m)).collect();
    renumber(&labels).0
}

impl Merger {
    fn new(graph: &Graph, membership: &[usize], resolution: f64) -> Self {
        let count = membership.iter().max().map_or(0, |m| m + 1);
        let mut sizes = vec![0; count];
        let mut totals = vec![0.0; count];
        let mut between = vec![vec![0.0; count]; count];
        for node in 0..graph.nodes() {
            let c = membership[node];
            sizes[c] += 1;
            for (other, weight) in graph.neighbours(node) {
                totals[c] += weight;
                between[c][membership[other]] += weight;
            }
        }
        let total = totals.iter().sum();
        Self {
            sizes,
            totals,
            between,
            alive: vec![true; count],
            parent: (0..count).collect(),
            total,
            resolution,
        }
    }

    fn count(&self) -> usize {
        self.alive.iter().filter(|&&a| a).count()
    }

    fn living(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.alive.len()).filter(|&c| self.alive[c])
    }

    fn smallest(&self) -> Option<usize> {
        self.living().min_by_key(|&c| (self.sizes[c], c))
    }

    /// The modularity gain of merging two communities, up to a constant factor.
    fn gain(&self, a: usize, b: usize) -> f64 {
        let expected = if self.total > 0.0 {
            self.resolution * self.totals[a] * self.totals[b] / self.total
        } else {
            0.0
        };
        self.between[a][b] - expected
    }

    fn best_partner(&self, c: usize) -> Option<usize> {
        self.living()
            .filter(|&o| o != c)
            .max_by(|&a, &b| self.gain(c, a).total_cmp(&self.gain(c, b)).then(b.cmp(&a)))
    }

    fn best_pair(&self) -> Option<(usize, usize)> {
        let living: Vec<usize> = self.living().collect();
        let pairs = living
            .iter()
            .enumerate()
            .flat_map(|(i, &a)| living[i + 1..].iter().map(move |&b| (a, b)));
        pairs.max_by(|&(a, b), &(c, d)| {
            self.gain(a, b)
                .total_cmp(&self.gain(c, d))
                .then((d, c).cmp(&(b, a)))
        })
    }

    fn merge(&mut self, keep: usize, gone: usize) {
        let (keep, gone) = (keep.min(gone), keep.max(gone));
        self.alive[gone] = false;
        self.parent[gone] = keep;
        self.sizes[keep] += self.sizes[gone];
        self.totals[keep] += self.totals[gone];
        for c in 0..self.between.len() {
            let w = self.between[gone][c];
            self.between[keep][c] += w;
            let w = self.between[c][gone];
            self.between[c][keep] += w;
        }
    }

    fn root(&self, mut c: usize) -> usize {
        while self.parent[c] != c {
            c = self.parent[c];
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two triangles joined by one weak edge, and a third triangle apart.
    fn triangles() -> Graph {
        let mut edges = Vec::new();
        for base in [0u32, 3, 6] {
            edges.extend([
                (base, base + 1, 1.0),
                (base + 1, base + 2, 1.0),
                (base, base + 2, 1.0),
            ]);
        }
        edges.push((2, 3, 0.1));
        Graph::from_edges(9, &edges)
    }

    #[test]
    fn finds_the_triangles() {
        let m = louvain(&triangles(), 1.0, 7);
        assert_eq!(m, [0, 0, 0, 1, 1, 1, 2, 2, 2]);
        assert!(modularity(&triangles(), &m, 1.0) > 0.6);
    }

    #[test]
    fn is_reproducible() {
        assert_eq!(louvain(&triangles(), 1.0, 3), louvain(&triangles(), 1.0, 3));
    }

    #[test]
    fn merges_the_connected_pair_first() {
        let m = louvain(&triangles(), 1.0, 7);
        let to = |n| Bounds {
            at_least: n,
            at_most: n,
            min_size: 1,
        };
        assert_eq!(
            merge_down(&triangles(), &m, 1.0, to(2)),
            [0, 0, 0, 0, 0, 0, 1, 1, 1]
        );
        assert_eq!(merge_down(&triangles(), &m, 1.0, to(1)), [0; 9]);
    }

    #[test]
    fn absorbs_small_communities() {
        let m = [0, 0, 0, 1, 1, 1, 2, 2, 3];
        let bounds = Bounds {
            at_least: 2,
            at_most: 10,
            min_size: 2,
        };
        assert_eq!(
            merge_down(&triangles(), &m, 1.0, bounds),
            [0, 0, 0, 1, 1, 1, 2, 2, 2]
        );
    }

    #[test]
    fn renumbers_in_order_of_appearance() {
        assert_eq!(renumber(&[5, 2, 5, 0]), (vec![0, 1, 0, 2], 3));
    }
}
