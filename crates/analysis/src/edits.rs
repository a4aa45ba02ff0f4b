//! A facilitator's edits to themes (rename, merge, split, move) kept so that they survive a recomputation.
//!
//! Theme numbers change whenever themes are recomputed (new thoughts arrive, the number of themes
//! changes), so an edit names a theme by its members at the time of the edit. After a recomputation the
//! edit applies to the theme that now holds most of those members; an edit whose themes no longer exist
//! (none of their thoughts is left) is reported as skipped rather than guessed.

use std::collections::HashMap;
use std::hash::Hash;

use serde::{Deserialize, Serialize};

/// A theme as the facilitator saw it: the thoughts it held when the edit was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeRef<Id> {
    pub members: Vec<Id>,
}

/// One edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Edit<Id> {
    /// Gives a theme the facilitator's own label.
    Rename { theme: ThemeRef<Id>, label: String },
    /// Puts the thoughts of `from` into `into`; `into` keeps its label.
    Merge {
        into: ThemeRef<Id>,
        from: ThemeRef<Id>,
    },
    /// Makes a new theme of the thoughts in `part` that are in `theme`.
    Split {
        theme: ThemeRef<Id>,
        part: Vec<Id>,
        label: Option<String>,
    },
    /// Moves thoughts into a theme.
    Move { thoughts: Vec<Id>, to: ThemeRef<Id> },
}

/// A facilitator's edits, applied in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ThemeEdits<Id> {
    pub edits: Vec<Edit<Id>>,
}

/// Themes as assignments of thoughts plus the labels a facilitator set (None: the automatic one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping {
    pub assignments: Vec<usize>,
    pub labels: Vec<Option<String>>,
}

impl Grouping {
    /// Computed themes, none renamed yet.
    pub fn of(assignments: Vec<usize>) -> Self {
        let count = assignments.iter().max().map_or(0, |m| m + 1);
        Self {
            assignments,
            labels: vec![None; count],
        }
    }
}

/// The grouping after the edits, and the positions of the edits that no longer applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub grouping: Grouping,
    pub skipped: Vec<usize>,
}

impl<Id: Eq + Hash> ThemeEdits<Id> {
    /// Applies the edits to `grouping`, whose thought `i` has the id `ids[i]`. Themes left empty are
    /// removed, and the others keep their order.
    pub fn apply(&self, ids: &[Id], grouping: Grouping) -> Applied {
        let index: HashMap<&Id, usize> = ids.iter().enumerate().map(|(i, id)| (id, i)).collect();
        let mut state = State { index, grouping };
        let skipped = (0..self.edits.len())
            .filter(|&i| !state.apply(&self.edits[i]))
            .collect();
        Applied {
            grouping: compact(state.grouping),
            skipped,
        }
    }
}

struct State<'a, Id> {
    index: HashMap<&'a Id, usize>,
    grouping: Grouping,
}

impl<Id: Eq + Hash> State<'_, Id> {
    /// Applies one edit; false when its themes or thoughts are gone.
    fn apply(&mut self, edit: &Edit<Id>) -> bool {
        match edit {
            Edit::Rename { theme, label } => self
                .resolve(theme)
                .map(|t| self.grouping.labels[t] = Some(label.clone()))
                .is_some(),
            Edit::Merge { into, from } => match (self.resolve(into), self.resolve(from)) {
                (Some(into), Some(from)) => {
                    self.grouping
                        .assignments
                        .iter_mut()
                        .filter(|a| **a == from)
                        .for_each(|a| *a = into);
                    true
                }
                _ => false,
            },
            Edit::Split { theme, part, label } => self.split(theme, part, label.clone()),
            Edit::Move { thoughts, to } => self.move_to(thoughts, to),
        }
    }

    fn move_to(&mut self, thoughts: &[Id], to: &ThemeRef<Id>) -> bool {
        let Some(to) = self.resolve(to) else {
            return false;
        };
        let moving = self.thoughts(thoughts);
        for &t in &moving {
            self.grouping.assignments[t] = to;
        }
        !moving.is_empty()
    }

    fn split(&mut self, theme: &ThemeRef<Id>, part: &[Id], label: Option<String>) -> bool {
        let Some(theme) = self.resolve(theme) else {
            return false;
        };
        let moving: Vec<usize> = self
            .thoughts(part)
            .into_iter()
            .filter(|&t| self.grouping.assignments[t] == theme)
            .collect();
        if moving.is_empty() {
            return false;
        }
        let new = self.grouping.labels.len();
        self.grouping.labels.push(label);
        moving
            .into_iter()
            .for_each(|t| self.grouping.assignments[t] = new);
        true
    }

    /// Positions of the thoughts that still exist.
    fn thoughts(&self, ids: &[Id]) -> Vec<usize> {
        ids.iter()
            .filter_map(|id| self.index.get(id).copied())
            .collect()
    }

    /// The theme holding most of the referenced members now (the lowest number among equals).
    fn resolve(&self, theme: &ThemeRef<Id>) -> Option<usize> {
        let mut votes = vec![0usize; self.grouping.labels.len()];
        for t in self.thoughts(&theme.members) {
            votes[self.grouping.assignments[t]] += 1;
        }
        let best = (0..votes.len()).max_by_key(|&t| (votes[t], std::cmp::Reverse(t)))?;
        (votes[best] > 0).then_some(best)
    }
}

/// Drops empty themes, renumbering the others in their order.
fn compact(grouping: Grouping) -> Grouping {
    let mut used = vec![false; grouping.labels.len()];
    grouping.assignments.iter().for_each(|&a| used[a] = true);
    let mut number = vec![0; used.len()];
    let mut labels = Vec::new();
    for (theme, label) in grouping.labels.into_iter().enumerate() {
        if used[theme] {
            number[theme] = labels.len();
            labels.push(label);
        }
    }
    Grouping {
        assignments: grouping.assignments.iter().map(|&a| number[a]).collect(),
        labels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(members: &[&'static str]) -> ThemeRef<&'static str> {
        ThemeRef {
            members: members.to_vec(),
        }
    }

    fn grouping(assignments: &[usize], themes: usize) -> Grouping {
        Grouping {
            assignments: assignments.to_vec(),
            labels: vec![None; themes],
        }
    }

    const IDS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];

    fn apply(edits: Vec<Edit<&'static str>>, g: Grouping) -> Applied {
        ThemeEdits { edits }.apply(&IDS, g)
    }

    #[test]
    fn a_rename_follows_its_theme_after_renumbering() {
        let edits = vec![Edit::Rename {
            theme: theme(&["a", "b", "c"]),
            label: "Counselors".into(),
        }];
        // recomputed: the theme of a, b, c is now number 1, and c moved away
        let applied = apply(edits, grouping(&[1, 1, 0, 0, 0, 0], 2));
        assert_eq!(applied.grouping.labels, [None, Some("Counselors".into())]);
        assert!(applied.skipped.is_empty());
    }

    #[test]
    fn merge_then_the_empty_theme_disappears() {
        let edits = vec![Edit::Merge {
            into: theme(&["a"]),
            from: theme(&["e", "f"]),
        }];
        let applied = apply(edits, grouping(&[0, 0, 1, 1, 2, 2], 3));
        assert_eq!(applied.grouping.assignments, [0, 0, 1, 1, 0, 0]);
        assert_eq!(applied.grouping.labels.len(), 2);
    }

    #[test]
    fn split_makes_a_new_theme_of_the_part_in_the_theme() {
        let edits = vec![Edit::Split {
            theme: theme(&["a", "b", "c"]),
            part: vec!["c", "d"],
            label: Some("Nurses".into()),
        }];
        let applied = apply(edits, grouping(&[0, 0, 0, 1, 1, 1], 2));
        assert_eq!(applied.grouping.assignments, [0, 0, 2, 1, 1, 1]);
        assert_eq!(applied.grouping.labels[2].as_deref(), Some("Nurses"));
    }

    #[test]
    fn moves_survive_and_missing_things_are_skipped() {
        let edits = vec![
            Edit::Move {
                thoughts: vec!["a", "gone"],
                to: theme(&["d", "e"]),
            },
            Edit::Move {
                thoughts: vec!["b"],
                to: theme(&["gone"]),
            },
            Edit::Rename {
                theme: theme(&["nobody"]),
                label: "x".into(),
            },
        ];
        let applied = apply(edits, grouping(&[0, 0, 0, 1, 1, 1], 2));
        assert_eq!(applied.grouping.assignments, [1, 0, 0, 1, 1, 1]);
        assert_eq!(applied.skipped, [1, 2]);
    }

    #[test]
    fn edits_round_trip_through_json() {
        let edits = ThemeEdits {
            edits: vec![Edit::Rename {
                theme: ThemeRef {
                    members: vec![1u64, 2],
                },
                label: "Cost".into(),
            }],
        };
        let json = serde_json::to_string(&edits).unwrap_or_default();
        assert!(json.contains("\"edit\":\"rename\""), "{json}");
        assert_eq!(
            serde_json::from_str::<ThemeEdits<u64>>(&json).ok(),
            Some(edits)
        );
    }
}
