//! Themes per exchange, on both backends: what a computation gives is kept, replaced whole by the
//! next one, and the facilitator's edits are kept in order so that a recomputation re-applies them.

use accord_analysis::{Edit, ThemeEdits, ThemeRef, themes_with_edits};
use accord_domain::exchange::{ExchangeState, Group};
use accord_store::{ExchangeEdit, NewTheme, NewThought, RatingWrite, Store, ThemeSettings};

use accord_store::on_both_backends;

on_both_backends!(
    a_computation_is_kept_and_replaced_whole,
    edits_survive_a_recomputation,
    raters_are_counted_once_per_theme_and_group,
);

async fn open_exchange(store: &Store) -> i64 {
    let district = store
        .ensure_district("themes", "Themes District")
        .await
        .expect("district");
    let exchange = store
        .create_exchange(
            district.id,
            None,
            &ExchangeEdit {
                title: "Safety".into(),
                question: "What would make school safer?".into(),
                context: String::new(),
                groups: Group::ALL.to_vec(),
                invitation_code: None,
                results_public: true,
            },
        )
        .await
        .expect("create");
    assert!(
        store
            .transition_exchange(exchange.id, ExchangeState::Draft, ExchangeState::Open)
            .await
            .expect("open")
    );
    exchange.id
}

async fn share(store: &Store, exchange_id: i64, body: &str) -> i64 {
    store
        .add_thought(NewThought {
            exchange_id,
            participant_id: None,
            body,
        })
        .await
        .expect("thought")
        .id
}

async fn a_computation_is_kept_and_replaced_whole(store: &Store) {
    let id = open_exchange(store).await;
    assert_eq!(
        store.theme_settings(id).await.expect("settings"),
        ThemeSettings::default(),
        "never computed, number chosen automatically"
    );
    let mut thoughts = Vec::new();
    for body in [
        "More counselors",
        "Counselors for every school",
        "Fix the doors",
        "Locks",
    ] {
        thoughts.push(share(store, id, body).await);
    }
    let first = vec![
        NewTheme {
            label: "counselors".into(),
            terms: vec!["counselors".into(), "school".into()],
            members: vec![thoughts[0], thoughts[1]],
            representatives: vec![thoughts[1]],
        },
        NewTheme {
            label: "doors, locks".into(),
            terms: vec!["doors".into()],
            members: vec![thoughts[2], thoughts[3]],
            representatives: vec![thoughts[3], thoughts[2]],
        },
    ];
    store.replace_themes(id, &first).await.expect("store");
    let stored = store.themes(id).await.expect("read");
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].label, "counselors");
    assert_eq!(stored[0].terms, ["counselors", "school"]);
    assert_eq!(
        stored[0].members,
        [thoughts[1], thoughts[0]],
        "representatives first"
    );
    assert_eq!(stored[1].representatives, [thoughts[3], thoughts[2]]);
    assert!(
        store
            .theme_settings(id)
            .await
            .expect("settings")
            .computed_at
            .is_some()
    );

    store.set_theme_count(id, Some(1)).await.expect("count");
    let one = vec![NewTheme {
        label: "everything".into(),
        terms: vec![],
        members: thoughts.clone(),
        representatives: vec![thoughts[0]],
    }];
    store.replace_themes(id, &one).await.expect("replace");
    let stored = store.themes(id).await.expect("read");
    assert_eq!(stored.len(), 1, "the old themes are gone");
    assert_eq!(stored[0].members.len(), 4);
    assert_eq!(stored[0].terms, Vec::<String>::new());
    assert_eq!(
        store
            .theme_settings(id)
            .await
            .expect("settings")
            .theme_count,
        Some(1),
        "a recomputation keeps the number asked for"
    );
    store.set_theme_count(id, None).await.expect("automatic");
    assert_eq!(
        store
            .theme_settings(id)
            .await
            .expect("settings")
            .theme_count,
        None
    );

    let other = open_exchange(store).await;
    assert!(
        store.themes(other).await.expect("read").is_empty(),
        "themes belong to their exchange"
    );
}

const COMMENTS: [&str; 12] = [
    "We need more counselors in every school",
    "Counselors and mental health support for students",
    "Hire school counselors instead of officers",
    "More mental health counselors please",
    "Fix the broken doors and locks",
    "Every classroom door should lock from inside",
    "Repair the locks on the side doors",
    "Doors that lock and a single entrance",
    "Officers should not arrest students for small things",
    "No arrests of students by police officers at school",
    "Police officers arresting kids is wrong",
    "Limit arrests by officers in schools",
];

/// What the web edge does: themes of the visible thoughts with the stored edits applied, stored.
async fn compute(store: &Store, id: i64) {
    let thoughts = store.thought_tallies(id).await.expect("thoughts");
    let texts: Vec<&str> = thoughts.iter().map(|t| t.body.as_str()).collect();
    let ids: Vec<i64> = thoughts.iter().map(|t| t.id).collect();
    let edits = ThemeEdits {
        edits: store
            .theme_edits(id)
            .await
            .expect("edits")
            .iter()
            .map(|e| serde_json::from_str::<Edit<i64>>(e).expect("an edit"))
            .collect(),
    };
    let k = store
        .theme_settings(id)
        .await
        .expect("settings")
        .theme_count;
    let computed = themes_with_edits(
        &texts,
        &ids,
        k.map(|k| usize::try_from(k).expect("k")),
        &edits,
        &|_, _, _| {},
    )
    .expect("themes");
    let themes: Vec<NewTheme> = computed
        .themes
        .themes
        .iter()
        .enumerate()
        .map(|(number, theme)| NewTheme {
            label: theme.label.clone(),
            terms: theme.terms.clone(),
            members: (0..ids.len())
                .filter(|&i| computed.themes.assignments[i] == number)
                .map(|i| ids[i])
                .collect(),
            representatives: theme.representatives.iter().map(|&i| ids[i]).collect(),
        })
        .collect();
    store.replace_themes(id, &themes).await.expect("store");
}

async fn edits_survive_a_recomputation(store: &Store) {
    let id = open_exchange(store).await;
    let mut ids = Vec::new();
    for body in COMMENTS {
        ids.push(share(store, id, body).await);
    }
    store.set_theme_count(id, Some(3)).await.expect("k");
    compute(store, id).await;
    let themes = store.themes(id).await.expect("themes");
    assert_eq!(themes.len(), 3);
    let doors = themes
        .iter()
        .find(|t| t.members.contains(&ids[4]))
        .expect("a theme of doors");
    let police = themes
        .iter()
        .find(|t| t.members.contains(&ids[8]))
        .expect("a theme of arrests");
    let rename = Edit::Rename {
        theme: ThemeRef {
            members: doors.members.clone(),
        },
        label: "Building security".to_owned(),
    };
    let merge = Edit::Merge {
        into: ThemeRef {
            members: doors.members.clone(),
        },
        from: ThemeRef {
            members: police.members.clone(),
        },
    };
    for edit in [&rename, &merge] {
        store
            .add_theme_edit(id, &serde_json::to_string(edit).expect("json"), None)
            .await
            .expect("keep the edit");
    }
    compute(store, id).await;
    let edited = store.themes(id).await.expect("themes");
    assert_eq!(edited.len(), 2, "two themes merged into one");

    // New thoughts arrive and everything is computed again from scratch: the edits still hold.
    for body in [
        "Locks on the gym doors",
        "Officers arrest too many students",
    ] {
        ids.push(share(store, id, body).await);
    }
    compute(store, id).await;
    let again = store.themes(id).await.expect("themes");
    assert_eq!(store.theme_edits(id).await.expect("edits").len(), 2);
    let renamed = again
        .iter()
        .find(|t| t.label == "Building security")
        .expect("the facilitator's label survives");
    for thought in [ids[4], ids[8], ids[12]] {
        assert!(
            renamed.members.contains(&thought),
            "the merged theme holds doors and arrests: {again:?}"
        );
    }
    assert_eq!(again.len(), 2);
}

async fn raters_are_counted_once_per_theme_and_group(store: &Store) {
    let id = open_exchange(store).await;
    let a = share(store, id, "More counselors").await;
    let b = share(store, id, "Counselors for all").await;
    store
        .replace_themes(
            id,
            &[NewTheme {
                label: "counselors".into(),
                terms: vec![],
                members: vec![a, b],
                representatives: vec![a],
            }],
        )
        .await
        .expect("store");
    let theme_id = store.themes(id).await.expect("themes")[0].id;
    let mut raters = Vec::new();
    for (n, group) in [Some(Group::Student), Some(Group::Student), None]
        .into_iter()
        .enumerate()
    {
        let participant = store
            .add_participant(id, group, &format!("hash-{n}"))
            .await
            .expect("join");
        raters.push(participant);
    }
    for (participant, thought, stars) in [
        (&raters[0], a, Some(5)),
        (&raters[0], b, Some(4)),
        (&raters[1], a, None),
        (&raters[2], b, Some(2)),
    ] {
        store
            .record_rating(RatingWrite {
                participant,
                thought_id: thought,
                stars,
            })
            .await
            .expect("rate");
    }
    let mut counted: Vec<(Option<Group>, i64)> = store
        .theme_raters(id)
        .await
        .expect("raters")
        .into_iter()
        .map(|r| {
            assert_eq!(r.theme_id, theme_id);
            (r.group, r.raters)
        })
        .collect();
    counted.sort();
    assert_eq!(
        counted,
        [(None, 1), (Some(Group::Student), 1)],
        "one student starred twice and counts once; a skip is not a rating"
    );
}
