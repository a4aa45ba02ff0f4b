//! A theme's score: every star given to its thoughts, pooled and scored like one thought's (the same
//! shrunk mean and 90% interval as [`crate::scoring`]), overall and by each group of raters.
//!
//! Pooling weighs a thought by how often it was rated, as a reader of all the theme's ratings would;
//! the interval treats the ratings as independent, so the number of distinct raters is shown beside it.

use crate::exchange::Group;
use crate::results::{GroupPriors, ThoughtTallies};
use crate::scoring::{Prior, Score, score};
use std::collections::BTreeMap;

/// A theme's scores.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeScore {
    pub overall: Score,
    /// Only groups that starred at least one of its thoughts.
    pub by_group: BTreeMap<Option<Group>, Score>,
}

/// Scores the theme made of `members` against the exchange's prior and each group's.
pub fn score_theme<'a>(
    members: impl IntoIterator<Item = &'a ThoughtTallies>,
    prior: &Prior,
    group_priors: &GroupPriors,
) -> ThemeScore {
    let mut pooled = ThoughtTallies::default();
    for thought in members {
        pooled.overall.merge(&thought.overall);
        for (group, tally) in &thought.by_group {
            pooled.by_group.entry(*group).or_default().merge(tally);
        }
    }
    ThemeScore {
        overall: score(&pooled.overall, prior),
        by_group: group_priors.score_groups(&pooled.by_group),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::score_thoughts;

    fn thought(stars: &[(Option<Group>, u8)]) -> ThoughtTallies {
        let mut t = ThoughtTallies::default();
        for &(group, s) in stars {
            t.overall.add(s);
            t.by_group.entry(group).or_default().add(s);
        }
        t
    }

    const STUDENT: Option<Group> = Some(Group::Student);
    const PARENT: Option<Group> = Some(Group::Parent);

    #[test]
    fn a_theme_pools_its_thoughts_and_each_group_keeps_its_view() {
        let loved = thought(&[(STUDENT, 5), (STUDENT, 5), (PARENT, 4), (PARENT, 5)]);
        let liked = thought(&[(STUDENT, 4), (PARENT, 2), (PARENT, 2)]);
        let disliked = thought(&[(STUDENT, 1), (PARENT, 1), (None, 2)]);
        let all = [loved.clone(), liked.clone(), disliked.clone()];
        let scored = score_thoughts(&all);
        let good = score_theme([&loved, &liked], &scored.prior, &scored.group_priors);
        let bad = score_theme([&disliked], &scored.prior, &scored.group_priors);
        assert_eq!(good.overall.ratings, 7);
        assert!(good.overall.score > bad.overall.score);
        assert!(good.overall.low <= good.overall.score && good.overall.score <= good.overall.high);
        assert_eq!(good.by_group[&STUDENT].ratings, 3);
        assert_eq!(good.by_group[&PARENT].ratings, 4);
        assert!(good.by_group[&STUDENT].score > good.by_group[&PARENT].score);
        assert!(!good.by_group.contains_key(&None), "no group without stars");
        assert!(bad.by_group.contains_key(&None));
    }

    #[test]
    fn a_theme_is_surer_than_any_of_its_thoughts() {
        let a = thought(&[(STUDENT, 4), (PARENT, 5), (PARENT, 4)]);
        let b = thought(&[(STUDENT, 5), (PARENT, 4), (STUDENT, 4)]);
        let scored = score_thoughts(&[a.clone(), b.clone()]);
        let theme = score_theme([&a, &b], &scored.prior, &scored.group_priors);
        let single = scored.thoughts[0].overall;
        assert!(theme.overall.high - theme.overall.low < single.high - single.low);
    }

    #[test]
    fn an_empty_theme_sits_at_the_prior() {
        let scored = score_thoughts(&[]);
        let theme = score_theme([], &scored.prior, &scored.group_priors);
        assert_eq!(theme.overall.ratings, 0);
        assert!((theme.overall.score - scored.prior.mean).abs() < 1e-9);
        assert!(theme.by_group.is_empty());
    }
}
