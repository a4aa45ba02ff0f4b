//! Allocation in the store, on both backends: candidates come in the order of the stored priorities,
//! re-keying moves them, new and bulk-loaded thoughts enter keyed, a participant is never offered their
//! own thought nor one twice; and the rating matrix the bridging score reads.

use accord_domain::allocation::{CANDIDATES, REKEY_PER_VIEW, Standing, choose_next};
use accord_domain::exchange::{ExchangeState, Group};
use accord_domain::scoring::Tally;
use accord_store::{
    Activity, BulkParticipant, BulkRating, BulkThought, ExchangeEdit, NewThought, Participant,
    RatingWrite, Store,
};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::collections::{BTreeSet, HashMap};

use accord_store::on_both_backends;

on_both_backends!(
    candidates_follow_the_stored_priorities,
    rekeying_refreshes_the_stalest_thoughts,
    a_participant_gets_every_other_thought_once_and_never_their_own,
    bulk_loaded_thoughts_enter_keyed,
    standing_is_the_domain_standing_of_the_visible_thoughts,
    rating_matrix_holds_every_star_rating_and_no_skip,
);

async fn open_exchange(store: &Store) -> i64 {
    let district = store
        .ensure_district("alloc", "Allocation District")
        .await
        .expect("district");
    let edit = ExchangeEdit {
        title: "Allocation".into(),
        question: "What should the program change?".into(),
        context: String::new(),
        groups: Group::ALL.to_vec(),
        invitation_code: None,
        results_public: true,
    };
    let exchange = store
        .create_exchange(district.id, None, &edit)
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

async fn join(store: &Store, exchange_id: i64, token: &str) -> Participant {
    store
        .add_participant(exchange_id, Some(Group::Parent), token)
        .await
        .expect("join")
}

async fn share(store: &Store, exchange_id: i64, author: &Participant, body: &str) -> i64 {
    store
        .add_thought(NewThought {
            exchange_id,
            participant_id: Some(author.id),
            body,
        })
        .await
        .expect("share")
        .id
}

/// Rates as the server does: records the rating, then re-keys under the exchange's standing.
async fn rate(store: &Store, participant: &Participant, thought_id: i64, stars: Option<u8>) {
    store
        .record_rating(RatingWrite {
            participant,
            thought_id,
            stars,
        })
        .await
        .expect("rate");
    let standing = store
        .standing(participant.exchange_id)
        .await
        .expect("standing");
    store
        .rekey(
            participant.exchange_id,
            thought_id,
            &standing,
            REKEY_PER_VIEW,
        )
        .await
        .expect("rekey");
}

async fn candidate_ids(store: &Store, participant: &Participant) -> Vec<i64> {
    store
        .next_candidates(participant, CANDIDATES as i64)
        .await
        .expect("candidates")
        .iter()
        .map(|c| c.thought_id)
        .collect()
}

async fn candidates_follow_the_stored_priorities(store: &Store) {
    let exchange = open_exchange(store).await;
    let author = join(store, exchange, "author").await;
    let first = share(store, exchange, &author, "More counselors").await;
    let second = share(store, exchange, &author, "Train officers in de-escalation").await;
    for i in 0..3 {
        let rater = join(store, exchange, &format!("rater {i}")).await;
        rate(store, &rater, first, Some(4)).await;
    }
    let newcomer = join(store, exchange, "newcomer").await;
    assert_eq!(
        candidate_ids(store, &newcomer).await,
        vec![second, first],
        "the thought seen three times waits behind the one nobody has seen"
    );
    let late = share(store, exchange, &author, "Publish the contract").await;
    assert_eq!(
        candidate_ids(store, &newcomer).await,
        vec![second, late, first],
        "a new thought enters with the priority of an unseen one: a fair hearing"
    );
}

async fn rekeying_refreshes_the_stalest_thoughts(store: &Store) {
    let exchange = open_exchange(store).await;
    let author = join(store, exchange, "author").await;
    let seen = share(store, exchange, &author, "Restorative circles").await;
    let unseen = share(store, exchange, &author, "Later start times").await;
    let rater = join(store, exchange, "rater").await;
    // Recorded without re-keying, the seen thought keeps its old priority and its id wins the tie.
    store
        .record_rating(RatingWrite {
            participant: &rater,
            thought_id: seen,
            stars: Some(2),
        })
        .await
        .expect("rate");
    let newcomer = join(store, exchange, "newcomer").await;
    assert_eq!(candidate_ids(store, &newcomer).await, vec![seen, unseen]);
    // Re-keying after a view of another thought refreshes the stalest ones, the seen one among them.
    let third = share(store, exchange, &author, "Mental health days").await;
    let standing = store.standing(exchange).await.expect("standing");
    store
        .rekey(exchange, third, &standing, REKEY_PER_VIEW)
        .await
        .expect("rekey");
    assert_eq!(
        candidate_ids(store, &newcomer).await,
        vec![unseen, third, seen]
    );
}

async fn a_participant_gets_every_other_thought_once_and_never_their_own(store: &Store) {
    let exchange = open_exchange(store).await;
    let me = join(store, exchange, "me").await;
    let other = join(store, exchange, "other").await;
    let mut mine = BTreeSet::new();
    let mut theirs = BTreeSet::new();
    for i in 0..30 {
        let (author, set) = if i % 3 == 0 {
            (&me, &mut mine)
        } else {
            (&other, &mut theirs)
        };
        set.insert(share(store, exchange, author, &format!("Thought number {i}")).await);
    }
    let mut rng = StdRng::seed_from_u64(11);
    let mut offered = Vec::new();
    loop {
        let candidates = store
            .next_candidates(&me, CANDIDATES as i64)
            .await
            .expect("candidates");
        let standing = store.standing(exchange).await.expect("standing");
        let Some(next) = choose_next(&candidates, &standing, &mut rng) else {
            break;
        };
        offered.push(next);
        let stars = (offered.len() % 5 + 1) as u8;
        rate(store, &me, next, (offered.len() % 4 != 0).then_some(stars)).await;
    }
    let distinct: BTreeSet<i64> = offered.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        offered.len(),
        "never one twice: {offered:?}"
    );
    assert_eq!(distinct, theirs, "every other thought, none of one's own");
    assert!(mine.is_disjoint(&distinct));
}

async fn bulk_loaded_thoughts_enter_keyed(store: &Store) {
    let exchange = open_exchange(store).await;
    let participant = |i: usize| BulkParticipant {
        token_hash: format!("bulk {i}"),
        group: Group::ALL.get(i % 9).copied(),
        created_at: 1,
    };
    let thought = |body: &str| BulkThought {
        author: 0,
        body: body.into(),
        created_at: 2,
    };
    let activity = Activity {
        participants: (0..20).map(participant).collect(),
        thoughts: vec![thought("Well rated"), thought("Not yet rated")],
        ratings: (1..20)
            .map(|p| BulkRating {
                participant: p,
                thought: 0,
                stars: Some((p % 5 + 1) as u8),
                created_at: 3,
            })
            .collect(),
    };
    store
        .load_activity(exchange, &activity, &|_| {})
        .await
        .expect("load");
    let newcomer = join(store, exchange, "newcomer").await;
    let candidates = store
        .next_candidates(&newcomer, CANDIDATES as i64)
        .await
        .expect("candidates");
    let views: Vec<i64> = candidates.iter().map(|c| c.views).collect();
    assert_eq!(
        views,
        vec![0, 19],
        "the unrated thought comes first, as if rated one by one"
    );
}

async fn standing_is_the_domain_standing_of_the_visible_thoughts(store: &Store) {
    let exchange = open_exchange(store).await;
    let author = join(store, exchange, "author").await;
    let mut ids = Vec::new();
    for i in 0..12 {
        ids.push(share(store, exchange, &author, &format!("Idea {i}")).await);
    }
    for r in 0..5 {
        let rater = join(store, exchange, &format!("r{r}")).await;
        for (k, id) in ids.iter().enumerate() {
            rate(store, &rater, *id, Some(((k + r) % 5 + 1) as u8)).await;
        }
    }
    let tallies: Vec<Tally> = store
        .thought_tallies(exchange)
        .await
        .expect("tallies")
        .iter()
        .map(|t| t.tally)
        .collect();
    let standing = store.standing(exchange).await.expect("standing");
    let expected = Standing::of(&tallies);
    // The database may hand the rows over in another order, which moves float sums in the last bits.
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(close(standing.prior.mean, expected.prior.mean));
    assert!(close(standing.prior.variance, expected.prior.variance));
    assert!(close(standing.center, expected.center));
    assert!(close(standing.spread, expected.spread));
    let (boundary, expected_boundary) = (
        standing.boundary.expect("twelve thoughts have a top ten"),
        expected.boundary.expect("a top ten"),
    );
    assert!(close(boundary, expected_boundary));
}

async fn rating_matrix_holds_every_star_rating_and_no_skip(store: &Store) {
    let exchange = open_exchange(store).await;
    let elsewhere = open_exchange(store).await;
    let author = join(store, exchange, "author").await;
    let a = share(store, exchange, &author, "Counselors").await;
    let b = share(store, exchange, &author, "Cameras").await;
    let first = join(store, exchange, "first").await;
    let second = join(store, exchange, "second").await;
    let skipper = join(store, exchange, "skipper").await;
    rate(store, &first, a, Some(5)).await;
    rate(store, &first, b, Some(1)).await;
    rate(store, &second, a, Some(4)).await;
    rate(store, &skipper, b, None).await;
    let outsider_author = join(store, elsewhere, "outsider author").await;
    let outsider = join(store, elsewhere, "outsider").await;
    let c = share(store, elsewhere, &outsider_author, "Elsewhere").await;
    rate(store, &outsider, c, Some(3)).await;

    let matrix = store.rating_matrix(exchange).await.expect("matrix");
    assert_eq!(matrix.raters, 2, "the skipper gave no stars");
    let mut ids = matrix.thoughts.clone();
    ids.sort_unstable();
    assert_eq!(ids, vec![a, b]);
    // The same rater index for one participant's ratings; stars as given.
    let mut by_thought: HashMap<i64, Vec<(u32, f32)>> = HashMap::new();
    for &(rater, thought, stars) in &matrix.ratings {
        by_thought
            .entry(matrix.thoughts[thought as usize])
            .or_default()
            .push((rater, stars));
    }
    let mut on_a = by_thought[&a].clone();
    on_a.sort_by(|x, y| x.1.total_cmp(&y.1));
    assert_eq!(on_a.iter().map(|r| r.1).collect::<Vec<_>>(), vec![4.0, 5.0]);
    assert_eq!(by_thought[&b].len(), 1);
    assert_eq!(
        by_thought[&b][0],
        (on_a[1].0, 1.0),
        "the first rater's 1 star"
    );
    assert_eq!(
        store.rating_matrix(elsewhere).await.expect("other").ratings,
        vec![(0, 0, 3.0)]
    );
}
