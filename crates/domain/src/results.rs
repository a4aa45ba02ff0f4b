//! Results of an exchange: every thought scored overall and by each group of raters, ranked.

use crate::exchange::Group;
use crate::scoring::{Prior, Score, Tally, adjusted_score, rank, score};
use std::collections::BTreeMap;

/// One thought's aggregates: overall and per rater group (`None` = raters who gave no group).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThoughtTallies {
    pub overall: Tally,
    pub by_group: BTreeMap<Option<Group>, Tally>,
}

/// A thought's scores, with `index` pointing back into the input.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredThought {
    pub index: usize,
    pub overall: Score,
    /// Only groups that rated the thought at least once.
    pub by_group: BTreeMap<Option<Group>, Score>,
}

impl ScoredThought {
    /// The score used to rank in `view`: overall, or as one group's raters see it.
    pub fn score_in(&self, view: Option<Option<Group>>, group_priors: &GroupPriors) -> Score {
        match view {
            None => self.overall,
            Some(group) => self
                .by_group
                .get(&group)
                .copied()
                .unwrap_or_else(|| score(&Tally::default(), &group_priors.prior(group))),
        }
    }
}

/// Each group's prior: the average and spread of all its ratings in the exchange.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupPriors(BTreeMap<Option<Group>, Prior>);

impl GroupPriors {
    /// Each group's prior from the totals of all its ratings in the exchange.
    pub fn from_totals(totals: &BTreeMap<Option<Group>, Tally>) -> GroupPriors {
        GroupPriors(
            totals
                .iter()
                .map(|(g, t)| (*g, Prior::from_total(t)))
                .collect(),
        )
    }

    /// Scores each group's tally of one thought against that group's prior (groups that gave no
    /// stars are left out).
    pub fn score_groups(
        &self,
        by_group: &BTreeMap<Option<Group>, Tally>,
    ) -> BTreeMap<Option<Group>, Score> {
        by_group
            .iter()
            .filter(|(_, t)| t.count > 0)
            .map(|(g, t)| (*g, score(t, &self.prior(*g))))
            .collect()
    }

    pub fn prior(&self, group: Option<Group>) -> Prior {
        self.0
            .get(&group)
            .copied()
            .unwrap_or_else(|| Prior::from_total(&Tally::default()))
    }
}

/// All thoughts scored, best first overall.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub prior: Prior,
    pub group_priors: GroupPriors,
    pub thoughts: Vec<ScoredThought>,
}

impl Scored {
    /// Thoughts ordered best first as `view` sees them (`None`: everyone; `Some(g)`: group g's raters).
    pub fn ranked(&self, view: Option<Option<Group>>) -> Vec<&ScoredThought> {
        let mut order: Vec<(&ScoredThought, Score)> = self
            .thoughts
            .iter()
            .map(|t| (t, t.score_in(view, &self.group_priors)))
            .collect();
        rank(&mut order, |(_, s)| s, |(t, _)| t.index);
        order.into_iter().map(|(t, _)| t).collect()
    }
}

/// Scores every thought overall and per group, each against its own prior (the exchange's, or the
/// group's), and ranks them overall by the shrunk mean. For when who rated what is not known; the
/// results people see rank by [`score_thoughts_adjusted`].
pub fn score_thoughts(inputs: &[ThoughtTallies]) -> Scored {
    scored_with(inputs, |_, tally, prior| score(tally, prior))
}

/// Scores every thought like [`score_thoughts`] but ranks everyone's view by each thought's
/// rater-adjusted score, `adjusted[i]` for `inputs[i]` (from [`crate::scoring::adjusted_scores`]),
/// with the interval's width and the number of ratings as before (see
/// [`crate::scoring::adjusted_score`]). Each group's view keeps its group-shrunk mean: within one
/// group there are too few raters to tell their generosity apart from the thoughts they saw.
/// A thought without an adjusted score (`adjusted` too short) is centred on the exchange's mean.
pub fn score_thoughts_adjusted(inputs: &[ThoughtTallies], adjusted: &[f64]) -> Scored {
    scored_with(inputs, |index, tally, prior| {
        let centre = adjusted.get(index).copied().unwrap_or(prior.mean);
        adjusted_score(tally, prior, centre)
    })
}

/// Scores every thought, `overall` scoring the overall tally of the input at an index, and ranks them.
fn scored_with(
    inputs: &[ThoughtTallies],
    overall: impl Fn(usize, &Tally, &Prior) -> Score,
) -> Scored {
    let mut total = Tally::default();
    let mut group_totals: BTreeMap<Option<Group>, Tally> = BTreeMap::new();
    for input in inputs {
        total.merge(&input.overall);
        for (group, tally) in &input.by_group {
            group_totals.entry(*group).or_default().merge(tally);
        }
    }
    let prior = Prior::from_total(&total);
    let group_priors = GroupPriors::from_totals(&group_totals);
    let mut thoughts: Vec<ScoredThought> = inputs
        .iter()
        .enumerate()
        .map(|(index, input)| ScoredThought {
            index,
            overall: overall(index, &input.overall, &prior),
            by_group: group_priors.score_groups(&input.by_group),
        })
        .collect();
    rank(&mut thoughts, |t| &t.overall, |t| t.index);
    Scored {
        prior,
        group_priors,
        thoughts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tallies(stars: &[(Option<Group>, u8)]) -> ThoughtTallies {
        let mut t = ThoughtTallies::default();
        for &(group, s) in stars {
            t.overall.add(s);
            t.by_group.entry(group).or_default().add(s);
        }
        t
    }

    #[test]
    fn groups_can_see_a_different_ranking() {
        let students_love = tallies(&[(Some(Group::Student), 5); 12]);
        let parents_love = tallies(&[(Some(Group::Parent), 5); 10]);
        let scored = score_thoughts(&[students_love, parents_love]);
        assert_eq!(
            scored.thoughts[0].index, 0,
            "more ratings at the same mean rank first"
        );
        let parents_view: Vec<usize> = scored
            .ranked(Some(Some(Group::Parent)))
            .iter()
            .map(|t| t.index)
            .collect();
        assert_eq!(parents_view, vec![1, 0]);
        assert!(
            scored.thoughts[0]
                .by_group
                .contains_key(&Some(Group::Student))
        );
        assert!(
            !scored.thoughts[0]
                .by_group
                .contains_key(&Some(Group::Parent))
        );
    }

    #[test]
    fn everyone_ranks_by_the_adjusted_score_and_groups_by_their_own() {
        let plainly_better = tallies(&[(Some(Group::Parent), 5); 6]);
        let adjusted_better = tallies(&[(Some(Group::Parent), 4); 6]);
        let scored = score_thoughts_adjusted(&[plainly_better, adjusted_better], &[3.5, 4.2]);
        let everyone: Vec<usize> = scored.ranked(None).iter().map(|t| t.index).collect();
        assert_eq!(everyone, vec![1, 0]);
        assert_eq!(
            scored.thoughts[0].index, 1,
            "the overall order is everyone's"
        );
        assert!((scored.thoughts[0].overall.score - 4.2).abs() < 1e-12);
        assert_eq!(scored.thoughts[0].overall.mean, Some(4.0));
        let parents: Vec<usize> = scored
            .ranked(Some(Some(Group::Parent)))
            .iter()
            .map(|t| t.index)
            .collect();
        assert_eq!(parents, vec![0, 1], "a group's view keeps its shrunk mean");
    }

    #[test]
    fn empty_exchange_scores_nothing() {
        let scored = score_thoughts(&[]);
        assert!(scored.thoughts.is_empty());
        assert!((scored.prior.mean - 3.0).abs() < 1e-9);
    }
}
