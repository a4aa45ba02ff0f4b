//! The outgoing mail queue on both backends: one message per event and address, claims that two
//! senders cannot share, a lease that brings back a message whose sender died, retries on the domain's
//! schedule, and giving up after the last attempt or a permanent refusal.

use accord_domain::subscriptions::{MAX_ATTEMPTS, next_attempt};
use accord_store::{CLAIM_LEASE_SECONDS, MailRetry, OutboxCounts, OutgoingMail, Store};

use accord_store::on_both_backends;

on_both_backends!(
    a_message_is_queued_once_per_event_and_address,
    claims_are_exclusive_and_a_lost_claim_comes_back,
    failures_are_retried_on_schedule_then_given_up,
    a_permanent_refusal_is_not_retried,
);

fn mail<'a>(district_id: i64, event_key: &'a str, to: &'a str) -> OutgoingMail<'a> {
    OutgoingMail {
        district_id,
        event_key,
        to,
        subject: "A new exchange is open",
        text: "Share your thoughts.",
        unsubscribe_url: Some("https://accord.example/districts/north/unsubscribe/abc"),
    }
}

async fn a_message_is_queued_once_per_event_and_address(store: &Store) {
    let district = store.ensure_district("north", "North").await.expect("d");
    let first = mail(district.id, "exchange-opened:1", "ana@example.org");
    assert!(store.enqueue_mail(&first).await.expect("queue"));
    assert!(
        !store.enqueue_mail(&first).await.expect("queue again"),
        "the same event and address are queued once"
    );
    let other_address = mail(district.id, "exchange-opened:1", "bo@example.org");
    assert!(store.enqueue_mail(&other_address).await.expect("queue"));
    let other_event = OutgoingMail {
        unsubscribe_url: None,
        ..mail(district.id, "complaint-received:9", "ana@example.org")
    };
    assert!(store.enqueue_mail(&other_event).await.expect("queue"));

    let claimed = store.claim_due_mail(store_now(), 10).await.expect("claim");
    assert_eq!(claimed.len(), 3);
    assert_eq!(claimed[0].recipient, "ana@example.org");
    assert_eq!(claimed[0].subject, "A new exchange is open");
    assert_eq!(claimed[0].body_text, "Share your thoughts.");
    assert_eq!(
        claimed[0].unsubscribe_url(),
        Some("https://accord.example/districts/north/unsubscribe/abc")
    );
    assert_eq!(claimed[2].event_key, "complaint-received:9");
    assert_eq!(claimed[2].unsubscribe_url(), None);

    for message in &claimed {
        store
            .mark_mail_sent(message.id, store_now())
            .await
            .expect("sent");
    }
    assert!(
        !store
            .enqueue_mail(&first)
            .await
            .expect("queue after sending"),
        "a sent message is never queued again"
    );
    assert_eq!(
        store.outbox_counts().await.expect("counts"),
        OutboxCounts {
            queued: 0,
            sent: 3,
            failed: 0,
            cancelled: 0
        }
    );
}

fn store_now() -> i64 {
    accord_store::now()
}

async fn claims_are_exclusive_and_a_lost_claim_comes_back(store: &Store) {
    let district = store.ensure_district("north", "North").await.expect("d");
    for n in 0..5 {
        let to = format!("person{n}@example.org");
        store
            .enqueue_mail(&mail(district.id, "exchange-opened:2", &to))
            .await
            .expect("queue");
    }
    let now = store_now();
    let (a, b) = tokio::join!(store.claim_due_mail(now, 3), store.claim_due_mail(now, 3));
    let (a, b) = (a.expect("claim a"), b.expect("claim b"));
    assert!(
        a.iter().all(|m| b.iter().all(|n| n.id != m.id)),
        "no message claimed twice"
    );
    // On PostgreSQL the claim that waited may come back short (its rows were taken): the rest stay due.
    let rest = store.claim_due_mail(now, 10).await.expect("claim");
    assert_eq!(
        a.len() + b.len() + rest.len(),
        5,
        "every message claimed once"
    );
    assert!(
        store
            .claim_due_mail(now, 10)
            .await
            .expect("claim")
            .is_empty(),
        "claimed messages are not due while their lease runs"
    );

    // The sender that claimed them died: once the lease is over, they are due again.
    let later = now + CLAIM_LEASE_SECONDS;
    assert_eq!(
        store.claim_due_mail(later, 10).await.expect("claim").len(),
        5
    );
}

async fn failures_are_retried_on_schedule_then_given_up(store: &Store) {
    let district = store.ensure_district("north", "North").await.expect("d");
    store
        .enqueue_mail(&mail(district.id, "session-scheduled:3", "ana@example.org"))
        .await
        .expect("queue");
    let mut now = store_now();
    for attempt in 1..=MAX_ATTEMPTS {
        let claimed = store.claim_due_mail(now, 10).await.expect("claim");
        assert_eq!(claimed.len(), 1, "due again for attempt {attempt}");
        assert_eq!(claimed[0].attempts, i64::from(attempt) - 1);
        let retry = store
            .mark_mail_failed(claimed[0].id, "connection refused", false, now)
            .await
            .expect("failed");
        match next_attempt(attempt, now) {
            Some(at) => {
                assert_eq!(retry, MailRetry::At(at));
                assert!(
                    store
                        .claim_due_mail(at - 1, 10)
                        .await
                        .expect("claim")
                        .is_empty(),
                    "not before its time"
                );
                now = at;
            }
            None => assert_eq!(retry, MailRetry::GaveUp),
        }
    }
    assert!(
        store
            .claim_due_mail(now + 86_400, 10)
            .await
            .expect("claim")
            .is_empty()
    );
    assert_eq!(store.outbox_counts().await.expect("counts").failed, 1);
}

async fn a_permanent_refusal_is_not_retried(store: &Store) {
    let district = store.ensure_district("north", "North").await.expect("d");
    store
        .enqueue_mail(&mail(
            district.id,
            "exchange-opened:4",
            "nobody@example.org",
        ))
        .await
        .expect("queue");
    let now = store_now();
    let claimed = store.claim_due_mail(now, 10).await.expect("claim");
    let retry = store
        .mark_mail_failed(claimed[0].id, "550 no such mailbox", true, now)
        .await
        .expect("failed");
    assert_eq!(retry, MailRetry::GaveUp);
    assert_eq!(
        store.outbox_counts().await.expect("counts"),
        OutboxCounts {
            queued: 0,
            sent: 0,
            failed: 1,
            cancelled: 0
        }
    );
}
