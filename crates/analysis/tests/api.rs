//! The public API: shape of the result whatever the input, errors instead of panics, and a facilitator's
//! edits surviving a recomputation.

use accord_analysis::{
    Edit, Stage, ThemeEdits, ThemeError, ThemeRef, themes, themes_with_edits,
    themes_with_embeddings,
};
use proptest::prelude::*;

const TOPICS: [&[&str]; 3] = [
    &[
        "more counselors",
        "counselors and mental health",
        "mental health counselors now",
        "hire counselors",
    ],
    &[
        "the contract costs money",
        "contract money for teachers",
        "what does the contract cost",
        "cut contract money",
    ],
    &[
        "lock the doors",
        "door locks are broken",
        "cameras and locks on doors",
        "fix the locks",
    ],
];

fn corpus(copies: usize) -> Vec<String> {
    (0..copies)
        .flat_map(|c| {
            TOPICS
                .iter()
                .flat_map(move |t| t.iter().map(move |s| format!("{s} {c}")))
        })
        .collect()
}

fn no_progress(_: Stage, _: u64, _: u64) {}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_input_gives_a_valid_result_or_an_error(texts in prop::collection::vec(".{0,40}", 0..25), k in prop::option::of(0usize..30)) {
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        if let Ok(found) = themes(&texts, k, &no_progress) {
            prop_assert_eq!(found.assignments.len(), texts.len());
            if let Some(k) = k {
                prop_assert_eq!(found.themes.len(), k);
            }
            prop_assert_eq!(found.themes.iter().map(|t| t.size).sum::<usize>(), texts.len());
            for (number, theme) in found.themes.iter().enumerate() {
                prop_assert!(theme.size > 0);
                prop_assert!(!theme.label.is_empty());
                prop_assert!(theme.representatives.iter().all(|&r| found.assignments[r] == number));
            }
        }
    }

    #[test]
    fn a_number_of_themes_given_is_the_number_found(k in 1usize..=12) {
        let texts = corpus(1);
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        prop_assert_eq!(themes(&texts, Some(k), &no_progress).map(|t| t.themes.len()).ok(), Some(k));
    }
}

#[test]
fn finds_the_topics_of_a_small_corpus() {
    let texts = corpus(3);
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let found = themes(&texts, None, &no_progress).expect("themes");
    assert_eq!(found.themes.len(), 3, "{:?}", found.themes);
    let topic = |i: usize| (i % 12) / 4;
    for i in 0..texts.len() {
        for j in 0..texts.len() {
            assert_eq!(
                found.assignments[i] == found.assignments[j],
                topic(i) == topic(j)
            );
        }
    }
}

#[test]
fn is_deterministic() {
    let texts = corpus(2);
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    assert_eq!(
        themes(&texts, None, &no_progress).ok(),
        themes(&texts, None, &no_progress).ok()
    );
}

#[test]
fn bad_requests_are_errors() {
    assert!(matches!(
        themes(&[], None, &no_progress),
        Err(ThemeError::Empty)
    ));
    assert!(matches!(
        themes(&["one"], None, &no_progress),
        Err(ThemeError::SingleComment)
    ));
    assert!(matches!(
        themes(&["a b", "a c"], Some(0), &no_progress),
        Err(ThemeError::ZeroThemes)
    ));
    assert!(matches!(
        themes(&["counselors", "counselors"], Some(3), &no_progress),
        Err(ThemeError::TooManyThemes { k: 3, comments: 2 })
    ));
    assert!(matches!(
        themes(&["the", "and"], None, &no_progress),
        Err(ThemeError::NoSharedWords)
    ));
    assert!(matches!(
        themes(
            &["counselors", "counselors", "zebra"],
            Some(3),
            &no_progress
        ),
        Err(ThemeError::TooFewWordedComments { k: 3, comments: 2 })
    ));
}

#[test]
fn reports_progress() {
    let texts = corpus(2);
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let stages = std::cell::RefCell::new(Vec::new());
    themes(&texts, None, &|stage, done, total| {
        assert!(done <= total);
        stages.borrow_mut().push(stage);
    })
    .expect("themes");
    let stages = stages.into_inner();
    for stage in [
        Stage::Words,
        Stage::Neighbours,
        Stage::Grouping,
        Stage::Describing,
    ] {
        assert!(stages.contains(&stage), "{stage:?} missing from {stages:?}");
    }
}

#[test]
fn edits_survive_a_recomputation_with_new_thoughts() {
    let texts = corpus(2);
    let ids: Vec<String> = (0..texts.len()).map(|i| format!("t{i}")).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let first = themes(&refs, None, &no_progress).expect("themes");
    let members = |theme: usize, ids: &[String], assignments: &[usize]| ThemeRef {
        members: (0..ids.len())
            .filter(|&i| assignments[i] == theme)
            .map(|i| ids[i].clone())
            .collect(),
    };
    let counselors = first.assignments[0];
    let doors = first.assignments[8];
    let edits = ThemeEdits {
        edits: vec![
            Edit::Rename {
                theme: members(counselors, &ids, &first.assignments),
                label: "Counselors".into(),
            },
            Edit::Move {
                thoughts: vec![ids[4].clone()],
                to: members(doors, &ids, &first.assignments),
            },
        ],
    };
    // new thoughts arrive, placed first so every theme number can change
    let mut more = corpus(1)
        .iter()
        .map(|t| format!("{t} again"))
        .collect::<Vec<_>>();
    let new_ids: Vec<String> = (0..more.len())
        .map(|i| format!("n{i}"))
        .chain(ids.iter().cloned())
        .collect();
    more.extend(texts.iter().cloned());
    let refs: Vec<&str> = more.iter().map(String::as_str).collect();
    let edited = themes_with_edits(&refs, &new_ids, None, &edits, &no_progress).expect("themes");
    assert!(edited.skipped.is_empty());
    let old = |i: usize| 12 + i; // position of the first computation's thought i
    let theme = &edited.themes.themes[edited.themes.assignments[old(0)]];
    assert_eq!(theme.label, "Counselors");
    assert_eq!(
        edited.themes.assignments[old(4)],
        edited.themes.assignments[old(8)],
        "the move survived"
    );
}

#[test]
fn ids_must_match_texts() {
    let edits = ThemeEdits::<u32>::default();
    let error = themes_with_edits(&["a", "b"], &[1], None, &edits, &no_progress);
    assert!(matches!(
        error,
        Err(ThemeError::IdsMismatch { ids: 1, texts: 2 })
    ));
}

/// Twelve comments with the same words, whose embeddings point two ways (as if half said the same
/// thing as the others in a different sense): the words cannot tell them apart, the embeddings can.
fn same_words_two_meanings() -> (Vec<&'static str>, Vec<Vec<f32>>) {
    let texts = vec!["officers keep schools safe"; 12];
    let embeddings = (0..12)
        .map(|i| {
            let lean = 0.05 * (i % 3) as f32;
            let v = if i % 2 == 0 {
                [1.0, lean, 0.0]
            } else {
                [0.0, lean, 1.0]
            };
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.iter().map(|x| x / norm).collect()
        })
        .collect();
    (texts, embeddings)
}

#[test]
fn embeddings_separate_comments_that_words_cannot() {
    let (texts, embeddings) = same_words_two_meanings();
    for k in [Some(2), None] {
        let found = themes_with_embeddings(&texts, &embeddings, k, &no_progress).expect("themes");
        assert_eq!(found.themes.len(), 2, "K {k:?}");
        for (i, &theme) in found.assignments.iter().enumerate() {
            assert_eq!(
                theme == found.assignments[0],
                i % 2 == 0,
                "comment {i}: {:?}",
                found.assignments
            );
        }
        assert!(found.themes.iter().all(|t| t.label.contains("officers")));
    }
}

#[test]
fn embeddings_must_match_the_comments() {
    let (texts, embeddings) = same_words_two_meanings();
    let error = themes_with_embeddings(&texts, &embeddings[1..], Some(2), &no_progress)
        .expect_err("one embedding short");
    assert!(
        matches!(
            error,
            ThemeError::EmbeddingsMismatch {
                embeddings: 11,
                texts: 12
            }
        ),
        "{error}"
    );
}
