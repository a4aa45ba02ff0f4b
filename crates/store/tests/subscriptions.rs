//! Subscriptions on both backends: double opt-in (nobody is a subscriber before confirming, a new
//! request changes nothing until it is confirmed), no flood of confirmations, topics, districts kept
//! apart, and unsubscribing (twice harmless, queued mail cancelled).

use accord_store::{OutgoingMail, Store, SubscribeOutcome, SubscriptionRequest, Unsubscription};

use accord_store::on_both_backends;

on_both_backends!(
    a_request_counts_only_once_confirmed,
    a_new_request_waits_for_its_own_confirmation,
    unsubscribing_stops_everything_and_twice_is_harmless,
);

const NOW: i64 = 1_800_000_000;
const RESEND_AFTER: i64 = 300;

fn request<'a>(
    district_id: i64,
    email: &'a str,
    topics: &'a str,
    hash: &'a str,
) -> SubscriptionRequest<'a> {
    SubscriptionRequest {
        district_id,
        email,
        language: "es",
        topics,
        confirmation_hash: hash,
        unsubscribe_token: "unsubscribe-token-of-ana",
    }
}

async fn a_request_counts_only_once_confirmed(store: &Store) {
    let north = store.ensure_district("north", "North").await.expect("d");
    let south = store.ensure_district("south", "South").await.expect("d");
    let asked = store
        .request_subscription(
            &request(north.id, "ana@example.org", "exchanges,answers", "hash-1"),
            NOW,
            RESEND_AFTER,
        )
        .await
        .expect("request");
    let SubscribeOutcome::ConfirmationDue {
        subscription_id,
        sent_at,
    } = asked
    else {
        panic!("a first request sends a confirmation: {asked:?}");
    };
    assert_eq!(sent_at, NOW);
    assert!(
        store
            .subscribers(north.id, "exchanges")
            .await
            .expect("read")
            .is_empty(),
        "not before confirming"
    );
    assert_eq!(
        store
            .request_subscription(
                &request(north.id, "ana@example.org", "exchanges", "hash-2"),
                NOW + 10,
                RESEND_AFTER
            )
            .await
            .expect("request"),
        SubscribeOutcome::RecentlyAsked,
        "no second confirmation moments later"
    );
    assert!(
        store
            .subscription_by_confirmation("hash-2")
            .await
            .expect("read")
            .is_none(),
        "nothing changed"
    );

    let pending = store
        .subscription_by_confirmation("hash-1")
        .await
        .expect("read")
        .expect("found by its hash");
    assert_eq!(
        (pending.id, pending.district_id),
        (subscription_id, north.id)
    );
    assert!(!pending.is_confirmed());
    assert!(
        store
            .confirm_subscription(pending.id, NOW + 60)
            .await
            .expect("confirm")
    );
    assert!(
        !store
            .confirm_subscription(pending.id, NOW + 70)
            .await
            .expect("again"),
        "confirming twice changes nothing"
    );
    let pending = store
        .subscription_by_confirmation("hash-1")
        .await
        .expect("read")
        .expect("still found");
    assert!(pending.is_confirmed());

    let subscribers = store.subscribers(north.id, "answers").await.expect("read");
    assert_eq!(subscribers.len(), 1);
    assert_eq!(subscribers[0].email, "ana@example.org");
    assert_eq!(subscribers[0].language, "es");
    assert_eq!(subscribers[0].unsubscribe_token, "unsubscribe-token-of-ana");
    assert!(
        store
            .subscribers(north.id, "listening_sessions")
            .await
            .expect("read")
            .is_empty(),
        "only the topics chosen"
    );
    assert!(
        store
            .subscribers(south.id, "answers")
            .await
            .expect("read")
            .is_empty()
    );
}

async fn a_new_request_waits_for_its_own_confirmation(store: &Store) {
    let north = store.ensure_district("north", "North").await.expect("d");
    let first = request(north.id, "bo@example.org", "exchanges", "hash-a");
    store
        .request_subscription(&first, NOW, RESEND_AFTER)
        .await
        .expect("request");
    let pending = store
        .subscription_by_confirmation("hash-a")
        .await
        .expect("read")
        .expect("found");
    store
        .confirm_subscription(pending.id, NOW + 60)
        .await
        .expect("confirm");

    // Someone types the same address later with other topics: a new link, nothing changed yet.
    let later = NOW + 3600;
    let second = SubscriptionRequest {
        language: "en",
        unsubscribe_token: "another-token",
        ..request(north.id, "bo@example.org", "listening_sessions", "hash-b")
    };
    let asked = store
        .request_subscription(&second, later, RESEND_AFTER)
        .await
        .expect("request");
    assert_eq!(
        asked,
        SubscribeOutcome::ConfirmationDue {
            subscription_id: pending.id,
            sent_at: later
        }
    );
    assert!(
        store
            .subscription_by_confirmation("hash-a")
            .await
            .expect("read")
            .is_none(),
        "the old link is replaced"
    );
    let subscribers = store
        .subscribers(north.id, "exchanges")
        .await
        .expect("read");
    assert_eq!(subscribers.len(), 1, "the confirmed choice stands");
    assert_eq!(
        subscribers[0].unsubscribe_token, "unsubscribe-token-of-ana",
        "a known address keeps its token"
    );
    assert!(
        store
            .subscribers(north.id, "listening_sessions")
            .await
            .expect("read")
            .is_empty()
    );

    let pending = store
        .subscription_by_confirmation("hash-b")
        .await
        .expect("read")
        .expect("found");
    assert!(!pending.is_confirmed());
    assert!(
        store
            .confirm_subscription(pending.id, later + 60)
            .await
            .expect("confirm")
    );
    assert!(
        store
            .subscribers(north.id, "exchanges")
            .await
            .expect("read")
            .is_empty()
    );
    let subscribers = store
        .subscribers(north.id, "listening_sessions")
        .await
        .expect("read");
    assert_eq!(subscribers.len(), 1);
    assert_eq!(subscribers[0].language, "en");
}

async fn unsubscribing_stops_everything_and_twice_is_harmless(store: &Store) {
    let north = store.ensure_district("north", "North").await.expect("d");
    let south = store.ensure_district("south", "South").await.expect("d");
    store
        .request_subscription(
            &request(north.id, "ana@example.org", "exchanges", "hash-1"),
            NOW,
            RESEND_AFTER,
        )
        .await
        .expect("request");
    let pending = store
        .subscription_by_confirmation("hash-1")
        .await
        .expect("read")
        .expect("found");
    store
        .confirm_subscription(pending.id, NOW + 60)
        .await
        .expect("confirm");
    let token = "unsubscribe-token-of-ana";
    let unsubscribe_url = format!("https://accord.example/districts/north/unsubscribe/{token}");
    let news = OutgoingMail {
        district_id: north.id,
        event_key: "exchange-opened:1",
        to: "ana@example.org",
        subject: "New",
        text: "News",
        unsubscribe_url: Some(&unsubscribe_url),
    };
    store.enqueue_mail(&news).await.expect("queue");
    let receipt = OutgoingMail {
        event_key: "complaint-received:1",
        unsubscribe_url: None,
        ..news
    };
    store.enqueue_mail(&receipt).await.expect("queue");

    assert_eq!(
        store.unsubscription(south.id, token).await.expect("read"),
        None,
        "a link works in its own district only"
    );
    assert_eq!(
        store
            .unsubscribe(north.id, "forged", NOW)
            .await
            .expect("read"),
        None
    );
    assert_eq!(
        store.unsubscription(north.id, token).await.expect("read"),
        Some(Unsubscription::Active)
    );
    assert_eq!(
        store
            .unsubscribe(north.id, token, NOW + 100)
            .await
            .expect("unsubscribe"),
        Some(Unsubscription::Active)
    );
    assert_eq!(
        store
            .unsubscribe(north.id, token, NOW + 200)
            .await
            .expect("again"),
        Some(Unsubscription::AlreadyUnsubscribed)
    );
    assert!(
        store
            .subscribers(north.id, "exchanges")
            .await
            .expect("read")
            .is_empty()
    );
    assert!(
        !store
            .confirm_subscription(pending.id, NOW + 300)
            .await
            .expect("confirm"),
        "the old confirmation link does not subscribe again"
    );
    let counts = store.outbox_counts().await.expect("counts");
    assert_eq!(
        (counts.queued, counts.cancelled),
        (1, 1),
        "the news is cancelled, the complaint's receipt is not"
    );
}
