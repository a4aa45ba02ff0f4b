//! Which thought a participant stars next.
//!
//! First policy: least-seen first. Among the thoughts this participant may still rate (not their own,
//! not already rated or skipped), offer one of those with the fewest ratings, chosen at random among
//! equals, so that late thoughts catch up and no thought is starved. The store narrows the candidates
//! to the least-seen few with an index; this function makes the choice.

use rand::Rng;
use rand::seq::IndexedRandom;

/// A thought the participant could be shown next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub thought_id: i64,
    /// Ratings and skips received so far.
    pub views: i64,
}

/// Picks the next thought, or `None` when nothing is left to rate.
pub fn choose_next<R: Rng + ?Sized>(candidates: &[Candidate], rng: &mut R) -> Option<i64> {
    let fewest = candidates.iter().map(|c| c.views).min()?;
    let least_seen: Vec<&Candidate> = candidates.iter().filter(|c| c.views == fewest).collect();
    least_seen.choose(rng).map(|c| c.thought_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn nothing_left_means_none() {
        assert_eq!(choose_next(&[], &mut StdRng::seed_from_u64(1)), None);
    }

    #[test]
    fn least_seen_thought_is_chosen() {
        let candidates = [
            Candidate {
                thought_id: 1,
                views: 9,
            },
            Candidate {
                thought_id: 2,
                views: 2,
            },
            Candidate {
                thought_id: 3,
                views: 5,
            },
        ];
        for seed in 0..20 {
            assert_eq!(
                choose_next(&candidates, &mut StdRng::seed_from_u64(seed)),
                Some(2)
            );
        }
    }

    #[test]
    fn ties_are_broken_at_random_so_everyone_gets_seen() {
        let candidates: Vec<Candidate> = (0..4)
            .map(|id| Candidate {
                thought_id: id,
                views: 0,
            })
            .collect();
        let mut rng = StdRng::seed_from_u64(7);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            seen.extend(choose_next(&candidates, &mut rng));
        }
        assert_eq!(seen.len(), 4);
    }
}
