//! One story per test, run against both backends: SQLite in a fresh file and PostgreSQL in a fresh
//! database. The two must behave the same.

use accord_domain::exchange::{ExchangeState, Group};
use accord_domain::roles::Role;
use accord_store::testing::TestDatabase;
use accord_store::{ExchangeEdit, NewThought, NewUser, RatingWrite, Store, StoreError};

use accord_store::on_both_backends;

on_both_backends!(
    accounts_sessions_and_tokens,
    exchange_life_cycle_and_listing,
    ratings_keep_running_aggregates,
    allocation_candidates_exclude_own_and_seen,
    concurrent_ratings_are_all_counted,
    migrating_twice_changes_nothing,
    bulk_load_matches_rating_one_by_one,
    bulk_load_of_many_batches_counts_everything,
    bulk_load_refuses_bad_activity_and_writes_nothing,
    database_ranking_matches_the_domain_rule,
);

fn edit(title: &str) -> ExchangeEdit {
    ExchangeEdit {
        title: title.into(),
        question: "What are your questions about the draft agreement?".into(),
        context: "Read the draft first.".into(),
        groups: Group::ALL.to_vec(),
        invitation_code: None,
        results_public: true,
    }
}

async fn open_exchange(store: &Store) -> accord_store::Exchange {
    let district = store
        .ensure_district("demo", "Demo District")
        .await
        .expect("district");
    let exchange = store
        .create_exchange(district.id, None, &edit("Draft agreement"))
        .await
        .expect("create");
    assert!(
        store
            .transition_exchange(exchange.id, ExchangeState::Draft, ExchangeState::Open)
            .await
            .expect("open")
    );
    store
        .exchange(exchange.id)
        .await
        .expect("read")
        .expect("exists")
}

async fn accounts_sessions_and_tokens(store: &Store) {
    let district = store
        .ensure_district("north", "North District")
        .await
        .expect("district");
    let again = store
        .ensure_district("north", "Ignored")
        .await
        .expect("district again");
    assert_eq!(district, again, "ensure_district is idempotent");

    let user = store
        .add_user(NewUser {
            district_id: district.id,
            email: " Fac@Example.org ",
            name: "Fay",
            role: Role::Facilitator,
            password_hash: "hash",
        })
        .await
        .expect("add user");
    assert_eq!(user.email, "fac@example.org");
    let duplicate = store
        .add_user(NewUser {
            district_id: district.id,
            email: "FAC@example.org",
            name: "Other",
            role: Role::ProgramAdmin,
            password_hash: "hash",
        })
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict(_))),
        "{duplicate:?}"
    );
    assert_eq!(
        store
            .user_by_email("fac@EXAMPLE.org")
            .await
            .expect("lookup"),
        Some(user.clone())
    );

    store
        .create_session(user.id, "live", accord_store::now() + 3600)
        .await
        .expect("session");
    store
        .create_session(user.id, "stale", accord_store::now() - 1)
        .await
        .expect("session");
    assert_eq!(
        store.session_user("live").await.expect("live"),
        Some(user.clone())
    );
    assert_eq!(
        store.session_user("stale").await.expect("stale"),
        None,
        "expired sessions are gone"
    );
    store.delete_session("live").await.expect("logout");
    assert_eq!(
        store.session_user("live").await.expect("after logout"),
        None
    );

    store
        .create_api_token(user.id, "tokenhash")
        .await
        .expect("token");
    assert_eq!(
        store
            .user_by_api_token("tokenhash")
            .await
            .expect("token lookup"),
        Some(user)
    );
    assert_eq!(
        store
            .user_by_api_token("other")
            .await
            .expect("unknown token"),
        None
    );
}

async fn exchange_life_cycle_and_listing(store: &Store) {
    let district = store
        .ensure_district("demo", "Demo District")
        .await
        .expect("district");
    let other = store
        .ensure_district("other", "Other District")
        .await
        .expect("district");
    let draft = store
        .create_exchange(district.id, None, &edit("Draft one"))
        .await
        .expect("create");
    assert_eq!(draft.state, ExchangeState::Draft);
    assert_eq!(draft.groups, Group::ALL.to_vec());
    store
        .create_exchange(other.id, None, &edit("Elsewhere"))
        .await
        .expect("create other");

    assert!(
        store
            .exchanges(None, false)
            .await
            .expect("public list")
            .is_empty(),
        "drafts are not public"
    );
    let mine = store
        .exchanges(Some(district.id), true)
        .await
        .expect("district list");
    assert_eq!(
        mine.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(),
        ["Draft one"]
    );

    let mut changed = edit("Renamed");
    changed.groups = vec![Group::Student, Group::Parent];
    changed.invitation_code = Some("KSD-2021".into());
    changed.results_public = false;
    let updated = store
        .update_exchange(draft.id, &changed)
        .await
        .expect("update");
    assert_eq!(
        (updated.title.as_str(), updated.groups.len()),
        ("Renamed", 2)
    );
    assert_eq!(updated.invitation_code.as_deref(), Some("KSD-2021"));
    assert!(!updated.results_public);

    assert!(
        store
            .transition_exchange(draft.id, ExchangeState::Draft, ExchangeState::Open)
            .await
            .expect("open")
    );
    assert!(
        !store
            .transition_exchange(draft.id, ExchangeState::Draft, ExchangeState::Open)
            .await
            .expect("again"),
        "a transition applies once"
    );
    let open = store
        .exchange(draft.id)
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(open.state, ExchangeState::Open);
    assert!(open.opened_at.is_some());
    assert_eq!(store.exchanges(None, false).await.expect("public").len(), 1);
    assert!(matches!(
        store.update_exchange(999_999, &changed).await,
        Err(StoreError::NotFound)
    ));
}

async fn ratings_keep_running_aggregates(store: &Store) {
    let exchange = open_exchange(store).await;
    let author = store
        .add_participant(exchange.id, Some(Group::Parent), "a")
        .await
        .expect("author");
    let student = store
        .add_participant(exchange.id, Some(Group::Student), "s")
        .await
        .expect("student");
    let anonymous = store
        .add_participant(exchange.id, None, "n")
        .await
        .expect("no group");
    let thought = store
        .add_thought(NewThought {
            exchange_id: exchange.id,
            participant_id: Some(author.id),
            body: "More counselors ✓",
        })
        .await
        .expect("thought");
    assert_eq!(
        store.thought(thought.id).await.expect("read"),
        Some(thought.clone())
    );

    let rate = |participant, stars| RatingWrite {
        participant,
        thought_id: thought.id,
        stars,
    };
    store
        .record_rating(rate(&student, Some(2)))
        .await
        .expect("rate");
    store
        .record_rating(rate(&student, Some(5)))
        .await
        .expect("replace");
    store
        .record_rating(rate(&anonymous, None))
        .await
        .expect("skip");
    store
        .record_rating(rate(&anonymous, Some(4)))
        .await
        .expect("rate after skip");

    let tallies = store.thought_tallies(exchange.id).await.expect("tallies");
    assert_eq!(tallies.len(), 1);
    let t = &tallies[0];
    assert_eq!(
        (t.tally.count, t.tally.sum, t.tally.sum_squares, t.skips),
        (2, 9, 41, 0)
    );
    assert_eq!(t.body, "More counselors ✓");

    let mut groups = store
        .group_tallies(exchange.id)
        .await
        .expect("group tallies");
    groups.sort_by_key(|g| g.group);
    let figures: Vec<_> = groups
        .iter()
        .map(|g| (g.group, g.tally.count, g.tally.sum))
        .collect();
    assert_eq!(figures, [(None, 1, 4), (Some(Group::Student), 1, 5)]);

    let summary = store.summary(exchange.id).await.expect("summary");
    assert_eq!(
        (
            summary.participants,
            summary.thoughts,
            summary.ratings,
            summary.skips
        ),
        (3, 1, 2, 0)
    );
    assert_eq!(summary.participants_by_group.get("none"), Some(&1));
    assert_eq!(summary.participants_by_group.get("parent"), Some(&1));
    assert_eq!(store.ratings_given(student.id).await.expect("given"), 1);
    assert_eq!(
        store.participant_by_token("s").await.expect("token"),
        Some(student)
    );
}

async fn allocation_candidates_exclude_own_and_seen(store: &Store) {
    let exchange = open_exchange(store).await;
    let me = store
        .add_participant(exchange.id, Some(Group::Teacher), "me")
        .await
        .expect("me");
    let other = store
        .add_participant(exchange.id, None, "other")
        .await
        .expect("other");
    let mine = store
        .add_thought(NewThought {
            exchange_id: exchange.id,
            participant_id: Some(me.id),
            body: "mine",
        })
        .await
        .expect("mine");
    let mut theirs = Vec::new();
    for i in 0..3 {
        let body = format!("theirs {i}");
        theirs.push(
            store
                .add_thought(NewThought {
                    exchange_id: exchange.id,
                    participant_id: Some(other.id),
                    body: &body,
                })
                .await
                .expect("theirs"),
        );
    }
    store
        .record_rating(RatingWrite {
            participant: &other,
            thought_id: mine.id,
            stars: Some(3),
        })
        .await
        .expect("rate");
    store
        .record_rating(RatingWrite {
            participant: &me,
            thought_id: theirs[0].id,
            stars: None,
        })
        .await
        .expect("skip");

    let candidates = store.next_candidates(&me, 10).await.expect("candidates");
    let ids: Vec<i64> = candidates.iter().map(|c| c.thought_id).collect();
    assert!(!ids.contains(&mine.id), "never one's own thought");
    assert!(!ids.contains(&theirs[0].id), "never one already skipped");
    assert_eq!(ids.len(), 2);
    assert!(candidates.iter().all(|c| c.views == 0));
    let theirs_view = store
        .next_candidates(&other, 10)
        .await
        .expect("other's candidates");
    assert!(
        theirs_view.is_empty(),
        "the other participant rated the only thought not theirs"
    );
}

async fn concurrent_ratings_are_all_counted(store: &Store) {
    let exchange = open_exchange(store).await;
    let author = store
        .add_participant(exchange.id, None, "author")
        .await
        .expect("author");
    let thought = store
        .add_thought(NewThought {
            exchange_id: exchange.id,
            participant_id: Some(author.id),
            body: "shared",
        })
        .await
        .expect("thought");
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..24_i64 {
        let store = store.clone();
        let exchange_id = exchange.id;
        tasks.spawn(async move {
            let group = Group::ALL[(i % 8) as usize];
            let p = store
                .add_participant(exchange_id, Some(group), &format!("t{i}"))
                .await
                .expect("join");
            for stars in [1, (i % 5 + 1) as u8] {
                store
                    .record_rating(RatingWrite {
                        participant: &p,
                        thought_id: thought.id,
                        stars: Some(stars),
                    })
                    .await
                    .expect("rate");
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("task");
    }
    let tally = store.thought_tallies(exchange.id).await.expect("tallies")[0].tally;
    let expected_sum: i64 = (0..24).map(|i| i % 5 + 1).sum();
    assert_eq!((tally.count, tally.sum), (24, expected_sum));
    let group_count: i64 = store
        .group_tallies(exchange.id)
        .await
        .expect("groups")
        .iter()
        .map(|g| g.tally.count)
        .sum();
    assert_eq!(group_count, 24);
}

async fn migrating_twice_changes_nothing(store: &Store) {
    store.migrate().await.expect("second migration is a no-op");
    assert!(store.districts().await.expect("districts").is_empty());
}

#[tokio::test]
async fn unsupported_urls_are_refused_clearly() {
    let err = Store::connect("mysql://localhost/db")
        .await
        .expect_err("mysql is not supported");
    assert!(err.to_string().contains("sqlite://"), "{err}");
    let _ = TestDatabase::sqlite().await;
}

/// A random activity over every group and no group, with skips, authors who also rate, and
/// participants who only write or only rate.
fn random_activity(
    seed: u64,
    participants: usize,
    thoughts: usize,
    tries_per_rater: usize,
) -> accord_store::Activity {
    use accord_store::{Activity, BulkParticipant, BulkRating, BulkThought};
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let groups: Vec<Option<Group>> = std::iter::once(None).chain(Group::ALL.map(Some)).collect();
    let participants: Vec<BulkParticipant> = (0..participants)
        .map(|i| BulkParticipant {
            token_hash: format!("bulk-{seed}-{i}"),
            group: groups[i % groups.len()],
            created_at: 1_000 + i as i64,
        })
        .collect();
    let thoughts: Vec<BulkThought> = (0..thoughts)
        .map(|i| BulkThought {
            author: rng.random_range(0..participants.len()),
            body: format!("Thought {i}: más consejeros ✓"),
            created_at: 2_000 + i as i64,
        })
        .collect();
    let mut ratings = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for participant in 0..participants.len() {
        for _ in 0..tries_per_rater {
            let thought = rng.random_range(0..thoughts.len());
            if thoughts[thought].author == participant || !seen.insert((participant, thought)) {
                continue;
            }
            let stars = if rng.random_bool(0.1) {
                None
            } else {
                Some(rng.random_range(1..=5))
            };
            ratings.push(BulkRating {
                participant,
                thought,
                stars,
                created_at: 3_000 + ratings.len() as i64,
            });
        }
    }
    Activity {
        participants,
        thoughts,
        ratings,
    }
}

/// Records every progress report, to check the bar ends full and never goes back.
#[derive(Default)]
struct ProgressLog(std::sync::Mutex<Vec<u64>>);

impl ProgressLog {
    fn record(&self, rows: u64) {
        self.0.lock().expect("progress log").push(rows);
    }

    fn check_ends_at(&self, rows: u64) {
        let log = self.0.lock().expect("progress log");
        assert!(
            log.windows(2).all(|w| w[0] <= w[1]),
            "progress only moves forward: {log:?}"
        );
        assert_eq!(
            log.last(),
            Some(&rows),
            "progress ends at every row written"
        );
    }
}

async fn bulk_load_matches_rating_one_by_one(store: &Store) {
    let activity = random_activity(7, 40, 25, 14);
    assert!(
        activity.ratings.iter().any(|r| r.stars.is_none()),
        "the sample has skips"
    );

    let bulk = open_exchange(store).await;
    let log = ProgressLog::default();
    store
        .load_activity(bulk.id, &activity, &|rows| log.record(rows))
        .await
        .expect("bulk load");
    log.check_ends_at(activity.rows());

    let one_by_one = open_exchange(store).await;
    let mut participants = Vec::new();
    for p in &activity.participants {
        let token = format!("single-{}", p.token_hash);
        participants.push(
            store
                .add_participant(one_by_one.id, p.group, &token)
                .await
                .expect("join"),
        );
    }
    let mut thought_ids = Vec::new();
    for t in &activity.thoughts {
        let thought = NewThought {
            exchange_id: one_by_one.id,
            participant_id: Some(participants[t.author].id),
            body: &t.body,
        };
        thought_ids.push(store.add_thought(thought).await.expect("share").id);
    }
    for r in &activity.ratings {
        let rating = RatingWrite {
            participant: &participants[r.participant],
            thought_id: thought_ids[r.thought],
            stars: r.stars,
        };
        store.record_rating(rating).await.expect("rate");
    }

    // Ids and times differ between the two exchanges; bodies name the thoughts in both.
    let thoughts = |exchange_id| async move {
        let tallies = store
            .thought_tallies(exchange_id)
            .await
            .expect("thought tallies");
        let bodies: std::collections::HashMap<i64, String> =
            tallies.iter().map(|t| (t.id, t.body.clone())).collect();
        let figures: Vec<_> = tallies
            .iter()
            .map(|t| (t.body.clone(), t.tally, t.skips))
            .collect();
        (bodies, figures)
    };
    let (bulk_bodies, bulk_thoughts) = thoughts(bulk.id).await;
    let (single_bodies, single_thoughts) = thoughts(one_by_one.id).await;
    assert_eq!(bulk_thoughts, single_thoughts);
    assert_eq!(bulk_thoughts.len(), activity.thoughts.len());

    let groups = |exchange_id, bodies: std::collections::HashMap<i64, String>| async move {
        let mut figures: Vec<_> = store
            .group_tallies(exchange_id)
            .await
            .expect("group tallies")
            .into_iter()
            .map(|g| (bodies[&g.thought_id].clone(), g.group, g.tally))
            .collect();
        figures.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        figures
    };
    let bulk_groups = groups(bulk.id, bulk_bodies.clone()).await;
    assert!(
        bulk_groups.iter().any(|g| g.1.is_none()),
        "raters without a group have their own tally"
    );
    assert_eq!(
        bulk_groups,
        groups(one_by_one.id, single_bodies.clone()).await
    );

    assert_eq!(
        store.summary(bulk.id).await.expect("summary"),
        store.summary(one_by_one.id).await.expect("summary")
    );

    // The views allocation balances on, and what each participant may still rate, agree too.
    for (p, single) in activity.participants.iter().zip(&participants) {
        let loaded = store
            .participant_by_token(&p.token_hash)
            .await
            .expect("token")
            .expect("loaded participant");
        assert_eq!(loaded.group, p.group);
        let candidates = |participant, bodies: &std::collections::HashMap<i64, String>| {
            let bodies = bodies.clone();
            async move {
                let mut seen: Vec<(String, i64)> = store
                    .next_candidates(participant, 1_000)
                    .await
                    .expect("candidates")
                    .into_iter()
                    .map(|c| (bodies[&c.thought_id].clone(), c.views))
                    .collect();
                seen.sort();
                seen
            }
        };
        assert_eq!(
            candidates(&loaded, &bulk_bodies).await,
            candidates(single, &single_bodies).await
        );
        assert_eq!(
            store.ratings_given(loaded.id).await.expect("given"),
            store.ratings_given(single.id).await.expect("given")
        );
    }
}

async fn bulk_load_of_many_batches_counts_everything(store: &Store) {
    // About 14,000 ratings: more than a dozen multi-row statements.
    let activity = random_activity(11, 360, 100, 40);
    assert!(
        activity.ratings.len() > 10_000,
        "{} ratings",
        activity.ratings.len()
    );
    let exchange = open_exchange(store).await;
    let log = ProgressLog::default();
    store
        .load_activity(exchange.id, &activity, &|rows| log.record(rows))
        .await
        .expect("bulk load");
    log.check_ends_at(activity.rows());

    let stars: Vec<i64> = activity
        .ratings
        .iter()
        .filter_map(|r| r.stars.map(i64::from))
        .collect();
    let summary = store.summary(exchange.id).await.expect("summary");
    assert_eq!(summary.participants, 360);
    assert_eq!(summary.thoughts, 100);
    assert_eq!(summary.ratings, stars.len() as i64);
    assert_eq!(summary.skips, (activity.ratings.len() - stars.len()) as i64);
    let thoughts = store
        .thought_tallies(exchange.id)
        .await
        .expect("thought tallies");
    assert_eq!(
        thoughts.iter().map(|t| t.tally.sum).sum::<i64>(),
        stars.iter().sum::<i64>()
    );
    let groups = store
        .group_tallies(exchange.id)
        .await
        .expect("group tallies");
    assert_eq!(
        groups.iter().map(|g| g.tally.sum_squares).sum::<i64>(),
        stars.iter().map(|s| s * s).sum::<i64>()
    );
    let first = store
        .participant_by_token(&activity.participants[0].token_hash)
        .await
        .expect("token")
        .expect("exists");
    let given = activity
        .ratings
        .iter()
        .filter(|r| r.participant == 0)
        .count() as i64;
    assert_eq!(store.ratings_given(first.id).await.expect("given"), given);
}

async fn bulk_load_refuses_bad_activity_and_writes_nothing(store: &Store) {
    let exchange = open_exchange(store).await;
    let nothing =
        |summary: accord_store::Summary| (summary.participants, summary.thoughts, summary.ratings);

    let mut own = random_activity(3, 12, 6, 4);
    let author = own.thoughts[0].author;
    own.ratings.push(accord_store::BulkRating {
        participant: author,
        thought: 0,
        stars: Some(5),
        created_at: 9_999,
    });
    match store.load_activity(exchange.id, &own, &|_| {}).await {
        Err(StoreError::Conflict(message)) => assert!(message.contains("own thought"), "{message}"),
        other => panic!("rating one's own thought must be refused, not {other:?}"),
    }
    assert_eq!(
        nothing(store.summary(exchange.id).await.expect("summary")),
        (0, 0, 0)
    );

    // A token hash that only the database knows is taken fails part-way through the writing: the
    // participants written before it must go too.
    let taken = store
        .add_participant(exchange.id, None, "already-here")
        .await
        .expect("join");
    let mut clash = random_activity(5, 12, 6, 4);
    clash.participants[11].token_hash = "already-here".into();
    match store.load_activity(exchange.id, &clash, &|_| {}).await {
        Err(StoreError::Conflict(message)) => assert!(message.contains("token"), "{message}"),
        other => panic!("a taken token hash must be refused, not {other:?}"),
    }
    assert_eq!(
        nothing(store.summary(exchange.id).await.expect("summary")),
        (1, 0, 0)
    );
    assert_eq!(
        store
            .participant_by_token("already-here")
            .await
            .expect("token"),
        Some(taken)
    );
    assert_eq!(
        store
            .participant_by_token(&clash.participants[0].token_hash)
            .await
            .expect("token"),
        None
    );

    let missing = store
        .load_activity(999_999, &random_activity(6, 3, 2, 2), &|_| {})
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
}

/// The store orders ranking pages in SQL; the order must be the domain's (`scoring::rank` over
/// `results::score_thoughts`), in every view, on both databases.
async fn database_ranking_matches_the_domain_rule(store: &Store) {
    use accord_domain::results::{GroupPriors, ThoughtTallies, score_thoughts};
    use accord_domain::scoring::Prior;
    use accord_store::RankingPage;
    use rand::{Rng, SeedableRng};

    let exchange = open_exchange(store).await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let author = store
        .add_participant(exchange.id, None, "author")
        .await
        .expect("author");
    let mut thoughts = Vec::new();
    for i in 0..40 {
        let body = format!("thought {i}");
        let t = NewThought {
            exchange_id: exchange.id,
            participant_id: Some(author.id),
            body: &body,
        };
        thoughts.push(store.add_thought(t).await.expect("thought").id);
    }
    for r in 0..60 {
        let group = [Some(Group::Student), Some(Group::Parent), None][r % 3];
        let p = store
            .add_participant(exchange.id, group, &format!("r{r}"))
            .await
            .expect("rater");
        for &thought_id in &thoughts {
            if rng.random_bool(0.3) {
                let stars = Some(rng.random_range(1..=5u8)).filter(|_| rng.random_bool(0.95));
                store
                    .record_rating(RatingWrite {
                        participant: &p,
                        thought_id,
                        stars,
                    })
                    .await
                    .expect("rate");
            }
        }
    }
    let tallies = store.thought_tallies(exchange.id).await.expect("tallies");
    let groups = store.group_tallies(exchange.id).await.expect("groups");
    let inputs: Vec<ThoughtTallies> = tallies
        .iter()
        .map(|t| ThoughtTallies {
            overall: t.tally,
            by_group: groups
                .iter()
                .filter(|g| g.thought_id == t.id)
                .map(|g| (g.group, g.tally))
                .collect(),
        })
        .collect();
    let scored = score_thoughts(&inputs);
    let totals = store.exchange_tallies(exchange.id).await.expect("totals");
    assert_eq!(totals.visible_thoughts, 40);
    assert_eq!(
        totals.overall.count,
        tallies.iter().map(|t| t.tally.count).sum::<i64>()
    );
    let priors = GroupPriors::from_totals(&totals.by_group);
    for view in [
        None,
        Some(Some(Group::Student)),
        Some(None),
        Some(Some(Group::Teacher)),
    ] {
        let expected: Vec<i64> = scored
            .ranked(view)
            .iter()
            .map(|t| tallies[t.index].id)
            .collect();
        let prior = match view {
            None => Prior::from_total(&totals.overall),
            Some(group) => priors.prior(group),
        };
        let mut from_db = Vec::new();
        for offset in [0, 15, 30] {
            let page = RankingPage {
                view,
                prior,
                offset,
                limit: 15,
            };
            let rows = store
                .ranked_thoughts(exchange.id, page)
                .await
                .expect("ranked");
            from_db.extend(rows.iter().map(|r| r.id));
        }
        assert_eq!(from_db, expected, "view {view:?}");
    }
    let page: Vec<i64> = thoughts[..5].to_vec();
    let mut some = store
        .group_tallies_of(&page)
        .await
        .expect("group tallies of a page");
    let mut expected: Vec<_> = groups
        .into_iter()
        .filter(|g| page.contains(&g.thought_id))
        .collect();
    some.sort_by_key(|g| (g.thought_id, g.group));
    expected.sort_by_key(|g| (g.thought_id, g.group));
    assert_eq!(some, expected);
}
