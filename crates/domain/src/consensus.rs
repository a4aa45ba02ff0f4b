//! Where the groups agree (common ground) and where they differ, from each group's score of each
//! thought.
//!
//! Both compare a group's shrunk score of a thought with that group's own average rating in the
//! exchange (its "lift"), not raw stars: groups rate with different generosity, and a group that
//! rates everything half a star lower does not disagree about every thought. Only groups with at least
//! `min_raters` ratings of a thought take part, so two or three raters never speak for their group.
//! Raters who gave no group are left out: they are a mix of every group, not a perspective of their
//! own.

use crate::exchange::Group;
use crate::results::{Scored, ScoredThought};
use crate::scoring::Score;
use serde::Serialize;

/// Agreement needs two sides: a thought only one group rated enough is that group's view, not common
/// ground, and nothing can differ.
const MIN_GROUPS: usize = 2;

/// One group's view of one thought.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GroupScore {
    pub group: Group,
    pub score: Score,
    /// The group's average rating over the whole exchange (its prior).
    pub average: f64,
}

impl GroupScore {
    /// How far the group's shrunk score of the thought lies above its own average rating.
    pub fn lift(&self) -> f64 {
        self.score.score - self.average
    }
}

/// A thought every group with enough raters rates above its own average.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommonGround {
    /// The thought's index in the tallies `Scored` was computed from.
    pub index: usize,
    /// The group that likes it least (smallest lift): the strength of the common ground.
    pub weakest: GroupScore,
    /// Every group that took part, in `Group` order.
    pub groups: Vec<GroupScore>,
}

/// A thought on which groups' views are far apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub index: usize,
    /// `high.lift() - low.lift()`, in stars.
    pub gap: f64,
    /// The group that likes it most relative to its own average, and the one that likes it least.
    pub high: GroupScore,
    pub low: GroupScore,
}

/// Thoughts that every group with at least `min_raters` ratings of them (two groups or more) rates
/// highly, strongest first.
///
/// "Highly" means the lower end of the group's 90% interval lies above the group's own average: each
/// group is confidently warmer than usual, so a small group's few ratings cannot carry a thought in
/// by luck, and a generous group's ordinary score does not count as praise. Ranked by the weakest
/// group's lift, because common ground is only as firm as its least convinced group.
pub fn common_ground(scored: &Scored, min_raters: u32) -> Vec<CommonGround> {
    let mut found: Vec<CommonGround> = scored
        .thoughts
        .iter()
        .filter_map(|thought| {
            let groups = taking_part(thought, scored, min_raters);
            let agreed =
                groups.len() >= MIN_GROUPS && groups.iter().all(|g| g.score.low > g.average);
            let weakest = *groups.iter().min_by(|a, b| a.lift().total_cmp(&b.lift()))?;
            agreed.then_some(CommonGround {
                index: thought.index,
                weakest,
                groups,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.weakest
            .lift()
            .total_cmp(&a.weakest.lift())
            .then(a.index.cmp(&b.index))
    });
    found
}

/// Every thought that two or more groups rated at least `min_raters` times, widest gap between the
/// groups' lifts first. Shrunk scores keep a group with few ratings from producing a wide gap by
/// chance.
pub fn differences(scored: &Scored, min_raters: u32) -> Vec<Difference> {
    let mut found: Vec<Difference> = scored
        .thoughts
        .iter()
        .filter_map(|thought| {
            let groups = taking_part(thought, scored, min_raters);
            if groups.len() < MIN_GROUPS {
                return None;
            }
            let by_lift = |a: &&GroupScore, b: &&GroupScore| a.lift().total_cmp(&b.lift());
            let high = *groups.iter().max_by(by_lift)?;
            let low = *groups.iter().min_by(by_lift)?;
            Some(Difference {
                index: thought.index,
                gap: high.lift() - low.lift(),
                high,
                low,
            })
        })
        .collect();
    found.sort_by(|a, b| b.gap.total_cmp(&a.gap).then(a.index.cmp(&b.index)));
    found
}

/// The named groups with at least `min_raters` ratings of the thought, in `Group` order.
fn taking_part(thought: &ScoredThought, scored: &Scored, min_raters: u32) -> Vec<GroupScore> {
    thought
        .by_group
        .iter()
        .filter(|(_, score)| score.ratings >= i64::from(min_raters))
        .filter_map(|(group, score)| {
            let group = (*group)?;
            Some(GroupScore {
                group,
                score: *score,
                average: scored.group_priors.prior(Some(group)).mean,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::{ThoughtTallies, score_thoughts};

    const STUDENT: Option<Group> = Some(Group::Student);
    const PARENT: Option<Group> = Some(Group::Parent);
    const TEACHER: Option<Group> = Some(Group::Teacher);

    /// One thought's tallies from each group's stars.
    fn thought(ratings: &[(Option<Group>, &[u8])]) -> ThoughtTallies {
        let mut t = ThoughtTallies::default();
        for &(group, stars) in ratings {
            for &s in stars {
                t.overall.add(s);
                t.by_group.entry(group).or_default().add(s);
            }
        }
        t
    }

    /// Eight thoughts students rate `students` and parents rate `parents`, to set each group's
    /// average, followed by `tested` (numbered from 8).
    fn exchange(students: u8, parents: u8, tested: Vec<ThoughtTallies>) -> Scored {
        let filler = thought(&[(STUDENT, &[students; 10]), (PARENT, &[parents; 10])]);
        let mut all = vec![filler; 8];
        all.extend(tested);
        score_thoughts(&all)
    }

    fn indices<T>(items: &[T], index: impl Fn(&T) -> usize) -> Vec<usize> {
        items.iter().map(index).collect()
    }

    /// 8: loved by both (teachers, too few, and raters without a group dislike it); 9: students love
    /// it, parents do not; 10: parents love it, too few students rated it; 11: liked by both.
    fn mixed() -> Scored {
        exchange(
            3,
            3,
            vec![
                thought(&[
                    (STUDENT, &[5; 12]),
                    (PARENT, &[5; 12]),
                    (TEACHER, &[1; 2]),
                    (None, &[1; 12]),
                ]),
                thought(&[(STUDENT, &[5; 12]), (PARENT, &[1; 12])]),
                thought(&[(STUDENT, &[5; 2]), (PARENT, &[5; 12])]),
                thought(&[(STUDENT, &[4; 12]), (PARENT, &[4; 12])]),
            ],
        )
    }

    #[test]
    fn common_ground_is_what_every_group_with_enough_raters_likes() {
        let found = common_ground(&mixed(), 5);
        assert_eq!(indices(&found, |c| c.index), vec![8, 11]);
        let groups: Vec<Group> = found[0].groups.iter().map(|g| g.group).collect();
        assert_eq!(groups, vec![Group::Student, Group::Parent]);
        assert!(found[0].weakest.lift() > found[1].weakest.lift());
    }

    #[test]
    fn common_ground_is_relative_to_each_groups_own_average() {
        // Students rate everything 5, parents 3; both give thought 8 four stars. That is praise from
        // parents and faint praise from students.
        let scored = exchange(
            5,
            3,
            vec![thought(&[(STUDENT, &[4; 12]), (PARENT, &[4; 12])])],
        );
        assert!(common_ground(&scored, 5).is_empty());
    }

    #[test]
    fn differences_put_the_widest_split_first_with_both_ends() {
        let found = differences(&mixed(), 5);
        assert_eq!(found[0].index, 9);
        assert_eq!(
            (found[0].high.group, found[0].low.group),
            (Group::Student, Group::Parent)
        );
        assert!(found[0].gap > 2.0, "{:?}", found[0]);
        assert!(
            !found.iter().any(|d| d.index == 10),
            "one group cannot differ from itself"
        );
    }

    #[test]
    fn differences_ignore_a_groups_general_generosity() {
        // Students rate a star higher than parents across the board. Thought 8 (5 vs 3 stars) is each
        // group near its usual, one star apart in lift; thought 9 (3 vs 4) reverses their leanings.
        let scored = exchange(
            4,
            3,
            vec![
                thought(&[(STUDENT, &[5; 12]), (PARENT, &[3; 12])]),
                thought(&[(STUDENT, &[3; 12]), (PARENT, &[4; 12])]),
            ],
        );
        let found = differences(&scored, 5);
        assert_eq!(found[0].index, 9);
        assert_eq!(found[0].high.group, Group::Parent);
    }

    #[test]
    fn nothing_to_compare_gives_nothing() {
        let scored = score_thoughts(&[]);
        assert!(common_ground(&scored, 1).is_empty());
        assert!(differences(&scored, 1).is_empty());
    }
}
