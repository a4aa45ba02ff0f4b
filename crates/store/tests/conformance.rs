//! One story per test, run against both backends: SQLite in a fresh file and PostgreSQL in a fresh
//! database. The two must behave the same.

use accord_domain::exchange::{ExchangeState, Group};
use accord_domain::roles::Role;
use accord_store::testing::TestDatabase;
use accord_store::{ExchangeEdit, NewThought, NewUser, RatingWrite, Store, StoreError};

macro_rules! on_both_backends {
    ($($story:ident),* $(,)?) => {$(
        mod $story {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = accord_store::testing::TestDatabase::sqlite().await;
                super::$story(&db.store).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let db = accord_store::testing::TestDatabase::postgres().await;
                super::$story(&db.store).await;
            }
        }
    )*};
}

on_both_backends!(
    accounts_sessions_and_tokens,
    exchange_life_cycle_and_listing,
    ratings_keep_running_aggregates,
    allocation_candidates_exclude_own_and_seen,
    concurrent_ratings_are_all_counted,
    migrating_twice_changes_nothing,
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
    let district = store.ensure_district("demo", "Demo District").await.expect("district");
    let exchange = store.create_exchange(district.id, None, &edit("Draft agreement")).await.expect("create");
    assert!(store.transition_exchange(exchange.id, ExchangeState::Draft, ExchangeState::Open).await.expect("open"));
    store.exchange(exchange.id).await.expect("read").expect("exists")
}

async fn accounts_sessions_and_tokens(store: &Store) {
    let district = store.ensure_district("north", "North District").await.expect("district");
    let again = store.ensure_district("north", "Ignored").await.expect("district again");
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
    assert!(matches!(duplicate, Err(StoreError::Conflict(_))), "{duplicate:?}");
    assert_eq!(store.user_by_email("fac@EXAMPLE.org").await.expect("lookup"), Some(user.clone()));

    store.create_session(user.id, "live", "csrf1", accord_store::now() + 3600).await.expect("session");
    store.create_session(user.id, "stale", "csrf2", accord_store::now() - 1).await.expect("session");
    assert_eq!(store.session_user("live").await.expect("live"), Some((user.clone(), "csrf1".into())));
    assert_eq!(store.session_user("stale").await.expect("stale"), None, "expired sessions are gone");
    store.delete_session("live").await.expect("logout");
    assert_eq!(store.session_user("live").await.expect("after logout"), None);

    store.create_api_token(user.id, "tokenhash").await.expect("token");
    assert_eq!(store.user_by_api_token("tokenhash").await.expect("token lookup"), Some(user));
    assert_eq!(store.user_by_api_token("other").await.expect("unknown token"), None);
}

async fn exchange_life_cycle_and_listing(store: &Store) {
    let district = store.ensure_district("demo", "Demo District").await.expect("district");
    let other = store.ensure_district("other", "Other District").await.expect("district");
    let draft = store.create_exchange(district.id, None, &edit("Draft one")).await.expect("create");
    assert_eq!(draft.state, ExchangeState::Draft);
    assert_eq!(draft.groups, Group::ALL.to_vec());
    store.create_exchange(other.id, None, &edit("Elsewhere")).await.expect("create other");

    assert!(store.exchanges(None, false).await.expect("public list").is_empty(), "drafts are not public");
    let mine = store.exchanges(Some(district.id), true).await.expect("district list");
    assert_eq!(mine.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(), ["Draft one"]);

    let mut changed = edit("Renamed");
    changed.groups = vec![Group::Student, Group::Parent];
    changed.invitation_code = Some("KSD-2021".into());
    changed.results_public = false;
    let updated = store.update_exchange(draft.id, &changed).await.expect("update");
    assert_eq!((updated.title.as_str(), updated.groups.len()), ("Renamed", 2));
    assert_eq!(updated.invitation_code.as_deref(), Some("KSD-2021"));
    assert!(!updated.results_public);

    assert!(store.transition_exchange(draft.id, ExchangeState::Draft, ExchangeState::Open).await.expect("open"));
    assert!(
        !store.transition_exchange(draft.id, ExchangeState::Draft, ExchangeState::Open).await.expect("again"),
        "a transition applies once"
    );
    let open = store.exchange(draft.id).await.expect("read").expect("exists");
    assert_eq!(open.state, ExchangeState::Open);
    assert!(open.opened_at.is_some());
    assert_eq!(store.exchanges(None, false).await.expect("public").len(), 1);
    assert!(matches!(store.update_exchange(999_999, &changed).await, Err(StoreError::NotFound)));
}

async fn ratings_keep_running_aggregates(store: &Store) {
    let exchange = open_exchange(store).await;
    let author = store.add_participant(exchange.id, Some(Group::Parent), "a").await.expect("author");
    let student = store.add_participant(exchange.id, Some(Group::Student), "s").await.expect("student");
    let anonymous = store.add_participant(exchange.id, None, "n").await.expect("no group");
    let thought = store
        .add_thought(NewThought { exchange_id: exchange.id, participant_id: Some(author.id), body: "More counselors ✓" })
        .await
        .expect("thought");
    assert_eq!(store.thought(thought.id).await.expect("read"), Some(thought.clone()));

    let rate = |participant, stars| RatingWrite { participant, thought_id: thought.id, stars };
    store.record_rating(rate(&student, Some(2))).await.expect("rate");
    store.record_rating(rate(&student, Some(5))).await.expect("replace");
    store.record_rating(rate(&anonymous, None)).await.expect("skip");
    store.record_rating(rate(&anonymous, Some(4))).await.expect("rate after skip");

    let tallies = store.thought_tallies(exchange.id).await.expect("tallies");
    assert_eq!(tallies.len(), 1);
    let t = &tallies[0];
    assert_eq!((t.tally.count, t.tally.sum, t.tally.sum_squares, t.skips), (2, 9, 41, 0));
    assert_eq!(t.body, "More counselors ✓");

    let mut groups = store.group_tallies(exchange.id).await.expect("group tallies");
    groups.sort_by_key(|g| g.group);
    let figures: Vec<_> = groups.iter().map(|g| (g.group, g.tally.count, g.tally.sum)).collect();
    assert_eq!(figures, [(None, 1, 4), (Some(Group::Student), 1, 5)]);

    let summary = store.summary(exchange.id).await.expect("summary");
    assert_eq!((summary.participants, summary.thoughts, summary.ratings, summary.skips), (3, 1, 2, 0));
    assert_eq!(summary.participants_by_group.get("none"), Some(&1));
    assert_eq!(summary.participants_by_group.get("parent"), Some(&1));
    assert_eq!(store.ratings_given(student.id).await.expect("given"), 1);
    assert_eq!(store.participant_by_token("s").await.expect("token"), Some(student));
}

async fn allocation_candidates_exclude_own_and_seen(store: &Store) {
    let exchange = open_exchange(store).await;
    let me = store.add_participant(exchange.id, Some(Group::Teacher), "me").await.expect("me");
    let other = store.add_participant(exchange.id, None, "other").await.expect("other");
    let mine = store
        .add_thought(NewThought { exchange_id: exchange.id, participant_id: Some(me.id), body: "mine" })
        .await
        .expect("mine");
    let mut theirs = Vec::new();
    for i in 0..3 {
        let body = format!("theirs {i}");
        theirs.push(
            store
                .add_thought(NewThought { exchange_id: exchange.id, participant_id: Some(other.id), body: &body })
                .await
                .expect("theirs"),
        );
    }
    store.record_rating(RatingWrite { participant: &other, thought_id: mine.id, stars: Some(3) }).await.expect("rate");
    store.record_rating(RatingWrite { participant: &me, thought_id: theirs[0].id, stars: None }).await.expect("skip");

    let candidates = store.next_candidates(&me, 10).await.expect("candidates");
    let ids: Vec<i64> = candidates.iter().map(|c| c.thought_id).collect();
    assert!(!ids.contains(&mine.id), "never one's own thought");
    assert!(!ids.contains(&theirs[0].id), "never one already skipped");
    assert_eq!(ids.len(), 2);
    assert!(candidates.iter().all(|c| c.views == 0));
    let theirs_view = store.next_candidates(&other, 10).await.expect("other's candidates");
    assert!(theirs_view.is_empty(), "the other participant rated the only thought not theirs");
}

async fn concurrent_ratings_are_all_counted(store: &Store) {
    let exchange = open_exchange(store).await;
    let author = store.add_participant(exchange.id, None, "author").await.expect("author");
    let thought = store
        .add_thought(NewThought { exchange_id: exchange.id, participant_id: Some(author.id), body: "shared" })
        .await
        .expect("thought");
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..24_i64 {
        let store = store.clone();
        let exchange_id = exchange.id;
        tasks.spawn(async move {
            let group = Group::ALL[(i % 8) as usize];
            let p = store.add_participant(exchange_id, Some(group), &format!("t{i}")).await.expect("join");
            for stars in [1, (i % 5 + 1) as u8] {
                store
                    .record_rating(RatingWrite { participant: &p, thought_id: thought.id, stars: Some(stars) })
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
    let group_count: i64 = store.group_tallies(exchange.id).await.expect("groups").iter().map(|g| g.tally.count).sum();
    assert_eq!(group_count, 24);
}

async fn migrating_twice_changes_nothing(store: &Store) {
    store.migrate().await.expect("second migration is a no-op");
    assert!(store.districts().await.expect("districts").is_empty());
}

#[tokio::test]
async fn unsupported_urls_are_refused_clearly() {
    let err = Store::connect("mysql://localhost/db").await.expect_err("mysql is not supported");
    assert!(err.to_string().contains("sqlite://"), "{err}");
    let _ = TestDatabase::sqlite().await;
}
