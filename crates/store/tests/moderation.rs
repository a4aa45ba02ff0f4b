//! Moderation stories, each on SQLite and on PostgreSQL: screened thoughts are held, reports hold a
//! thought past the threshold, decisions are kept in an append-only trail, and nothing held or hidden
//! reaches anything others read.

use accord_domain::exchange::{ExchangeState, Group};
use accord_domain::moderation::{FlagKind, redact, screen};
use accord_domain::review::{Decision, REPORTS_TO_HOLD, ReportReason, ThoughtStatus};
use accord_domain::roles::Role;
use accord_store::{
    Exchange, ExchangeEdit, NewDecision, NewReport, NewThought, NewUser, Participant,
    ReportOutcome, Store, StoreError, Thought,
};

accord_store::on_both_backends!(
    shared_thoughts_are_screened_and_flagged_ones_held,
    decisions_are_audited_and_nothing_is_deleted,
    reports_hold_a_thought_past_the_threshold,
    hostile_text_is_stored_byte_for_byte,
);

async fn open_exchange(store: &Store) -> Exchange {
    let district = store
        .ensure_district("mod", "Moderation District")
        .await
        .expect("district");
    let edit = ExchangeEdit {
        title: "Safety".into(),
        question: "What should change?".into(),
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
    exchange
}

async fn participant(store: &Store, exchange: &Exchange, token: &str) -> Participant {
    store
        .add_participant(exchange.id, Some(Group::Parent), token)
        .await
        .expect("participant")
}

async fn share(store: &Store, exchange: &Exchange, author: &Participant, text: &str) -> Thought {
    store
        .add_screened_thought(
            NewThought {
                exchange_id: exchange.id,
                participant_id: Some(author.id),
                body: text,
            },
            &screen(text),
        )
        .await
        .expect("share")
}

async fn facilitator(store: &Store, exchange: &Exchange) -> i64 {
    store
        .add_user(NewUser {
            district_id: exchange.district_id,
            email: "fay@example.org",
            name: "Fay Facilitator",
            role: Role::Facilitator,
            password_hash: "hash",
        })
        .await
        .expect("user")
        .id
}

/// The thought ids a reader (not the author) is offered, ranked and exported.
async fn public_ids(store: &Store, exchange: &Exchange, reader: &Participant) -> [Vec<i64>; 2] {
    let mut offered: Vec<i64> = store
        .next_candidates(reader, 100)
        .await
        .expect("candidates")
        .iter()
        .map(|c| c.thought_id)
        .collect();
    offered.sort_unstable();
    let exported = store
        .thought_tallies(exchange.id)
        .await
        .expect("tallies")
        .iter()
        .map(|t| t.id)
        .collect();
    [offered, exported]
}

async fn shared_thoughts_are_screened_and_flagged_ones_held(store: &Store) {
    let exchange = open_exchange(store).await;
    let author = participant(store, &exchange, "author").await;
    let reader = participant(store, &exchange, "reader").await;
    let clean = share(store, &exchange, &author, "More counselors in every school").await;
    let phone = share(
        store,
        &exchange,
        &author,
        "Text me at 555-867-5309 about it",
    )
    .await;
    let sad = share(
        store,
        &exchange,
        &author,
        "Sometimes I want to die at school",
    )
    .await;
    assert_eq!(clean.status, "visible");
    assert_eq!(phone.status, "held");
    assert_eq!(sad.status, "held");

    let [offered, exported] = public_ids(store, &exchange, &reader).await;
    assert_eq!(offered, vec![clean.id], "held thoughts are never offered");
    assert_eq!(exported, vec![clean.id], "held thoughts are never exported");
    let totals = store.exchange_tallies(exchange.id).await.expect("totals");
    assert_eq!(totals.visible_thoughts, 1);

    let counts = store.moderation_counts(exchange.id).await.expect("counts");
    assert_eq!(
        (
            counts.held,
            counts.hidden,
            counts.reported,
            counts.open_alerts
        ),
        (2, 0, 0, 1)
    );
    assert_eq!(counts.waiting(), 2);
    let alerts = store.moderation_alerts(exchange.id).await.expect("alerts");
    assert_eq!(alerts.len(), 1);
    assert_eq!(
        (alerts[0].thought_id, alerts[0].source.as_str()),
        (sad.id, "screen")
    );
    assert_eq!(alerts[0].notified_at, None, "recorded to be emailed later");

    let queue = store.review_queue(exchange.id, 50).await.expect("queue");
    assert_eq!(
        queue.iter().map(|q| q.thought_id).collect::<Vec<_>>(),
        vec![phone.id, sad.id]
    );
    let first = &queue[0];
    assert_eq!(first.written_body, "Text me at 555-867-5309 about it");
    assert_eq!(first.flags.len(), 1);
    assert_eq!(first.flags[0].kind, FlagKind::Phone);
    assert_eq!(
        &first.written_body[first.flags[0].start..first.flags[0].end],
        "555-867-5309"
    );
    assert!(!first.alert && queue[1].alert);
}

async fn decisions_are_audited_and_nothing_is_deleted(store: &Store) {
    let exchange = open_exchange(store).await;
    let author = participant(store, &exchange, "author").await;
    let reader = participant(store, &exchange, "reader").await;
    let fay = facilitator(store, &exchange).await;
    let written = "Email jo.doe@school.example if the gate is open";
    let phone = share(store, &exchange, &author, written).await;
    let rude = share(store, &exchange, &author, "The principal is an idiot").await;
    let queue = store.review_queue(exchange.id, 50).await.expect("queue");
    let redacted = redact(&queue[0].written_body, &queue[0].flags);
    assert_eq!(redacted, "Email [removed] if the gate is open");

    let record = store
        .decide(NewDecision {
            exchange_id: exchange.id,
            thought_id: phone.id,
            user_id: fay,
            decision: Decision::Redact,
            reason: "A useful point; the address is private",
            body_after: Some(&redacted),
        })
        .await
        .expect("redact");
    assert_eq!(record.body_before, written);
    assert_eq!(record.body_after, redacted);
    assert_eq!(record.user_name, "Fay Facilitator");
    let hidden = store
        .decide(NewDecision {
            exchange_id: exchange.id,
            thought_id: rude.id,
            user_id: fay,
            decision: Decision::Hide,
            reason: "Insults a person",
            body_after: None,
        })
        .await
        .expect("hide");
    assert_eq!(
        (hidden.status_before, hidden.status_after),
        (ThoughtStatus::Held, ThoughtStatus::Hidden)
    );

    let seen = store.thought(phone.id).await.expect("read").expect("kept");
    assert_eq!(
        (seen.body.as_str(), seen.status.as_str()),
        (redacted.as_str(), "visible")
    );
    let kept = store
        .thought(rude.id)
        .await
        .expect("read")
        .expect("never deleted");
    assert_eq!(kept.status, "hidden");
    let [offered, exported] = public_ids(store, &exchange, &reader).await;
    assert_eq!(offered, vec![phone.id]);
    assert_eq!(exported, vec![phone.id]);
    assert!(
        store
            .review_queue(exchange.id, 50)
            .await
            .expect("queue")
            .is_empty()
    );

    // A later change of mind is a new entry; the trail only grows, newest first.
    store
        .decide(NewDecision {
            exchange_id: exchange.id,
            thought_id: phone.id,
            user_id: fay,
            decision: Decision::Hide,
            reason: "Second look: identifies the writer",
            body_after: None,
        })
        .await
        .expect("hide later");
    let trail = store
        .moderation_decisions(exchange.id, 50)
        .await
        .expect("trail");
    let decisions: Vec<(i64, Decision)> =
        trail.iter().map(|d| (d.thought_id, d.decision)).collect();
    assert_eq!(
        decisions,
        vec![
            (phone.id, Decision::Hide),
            (rude.id, Decision::Hide),
            (phone.id, Decision::Redact)
        ]
    );
    assert_eq!(trail[0].body_before, redacted);
    let counts = store.moderation_counts(exchange.id).await.expect("counts");
    assert_eq!((counts.held, counts.hidden), (0, 2));

    let other = open_exchange(store).await;
    let wrong_exchange = store
        .decide(NewDecision {
            exchange_id: other.id,
            thought_id: phone.id,
            user_id: fay,
            decision: Decision::Approve,
            reason: "x",
            body_after: None,
        })
        .await;
    assert!(matches!(wrong_exchange, Err(StoreError::NotFound)));
}

async fn reports_hold_a_thought_past_the_threshold(store: &Store) {
    let exchange = open_exchange(store).await;
    let author = participant(store, &exchange, "author").await;
    let fay = facilitator(store, &exchange).await;
    let thought = share(store, &exchange, &author, "Bus 12 is always late").await;
    let mut reporters = Vec::new();
    for i in 0..=REPORTS_TO_HOLD {
        reporters.push(participant(store, &exchange, &format!("r{i}")).await);
    }
    let report = |p: &Participant, reason| NewReport {
        exchange_id: exchange.id,
        thought_id: thought.id,
        participant_id: p.id,
        reason,
        note: "<b>names a driver</b>",
    };
    let first = store
        .report_thought(report(&reporters[0], ReportReason::PersonalInformation))
        .await
        .expect("report");
    assert_eq!(first, ReportOutcome::Recorded { held: false });
    let again = store
        .report_thought(report(&reporters[0], ReportReason::Abuse))
        .await
        .expect("report again");
    assert_eq!(
        again,
        ReportOutcome::AlreadyReported,
        "one report per participant"
    );
    let counts = store.moderation_counts(exchange.id).await.expect("counts");
    assert_eq!((counts.held, counts.reported), (0, 1));
    let queue = store.review_queue(exchange.id, 50).await.expect("queue");
    assert_eq!(queue.len(), 1, "a reported thought waits in the queue");
    assert_eq!(queue[0].status, ThoughtStatus::Visible);
    assert_eq!(queue[0].reports.len(), 1);
    assert_eq!(queue[0].reports[0].note, "<b>names a driver</b>");

    let mut outcome = first;
    for p in &reporters[1..REPORTS_TO_HOLD as usize] {
        outcome = store
            .report_thought(report(p, ReportReason::SelfHarm))
            .await
            .expect("report");
    }
    assert_eq!(outcome, ReportOutcome::Recorded { held: true });
    let held = store
        .thought(thought.id)
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(held.status, "held");
    let counts = store.moderation_counts(exchange.id).await.expect("counts");
    assert_eq!((counts.held, counts.reported), (1, 0));
    assert_eq!(
        counts.open_alerts,
        REPORTS_TO_HOLD - 1,
        "self-harm reports alert"
    );

    store
        .decide(NewDecision {
            exchange_id: exchange.id,
            thought_id: thought.id,
            user_id: fay,
            decision: Decision::Approve,
            reason: "Nobody is named",
            body_after: None,
        })
        .await
        .expect("approve");
    let counts = store.moderation_counts(exchange.id).await.expect("counts");
    assert_eq!(counts, accord_store::ModerationCounts::default());
    assert!(
        store
            .moderation_alerts(exchange.id)
            .await
            .expect("alerts")
            .iter()
            .all(|a| a.dealt_with)
    );
    // Reports already dealt with do not count again: one new report does not hold it.
    let last = reporters.last().expect("one more reporter");
    let after = store
        .report_thought(report(last, ReportReason::Spam))
        .await
        .expect("report");
    assert_eq!(after, ReportOutcome::Recorded { held: false });
    let unknown = store
        .report_thought(NewReport {
            thought_id: thought.id + 1000,
            ..report(last, ReportReason::Spam)
        })
        .await;
    assert!(matches!(unknown, Err(StoreError::NotFound)));
}

async fn hostile_text_is_stored_byte_for_byte(store: &Store) {
    let exchange = open_exchange(store).await;
    let author = participant(store, &exchange, "author").await;
    let fay = facilitator(store, &exchange).await;
    let hostile =
        "<script>alert('x')</script> \u{202E}evil\u{202C} саll 555\u{200B}-867-5309 مرحبا 你好 ";
    let long_word = "a".repeat(400);
    let text = format!("{hostile}{long_word}");
    let thought = share(store, &exchange, &author, &text).await;
    assert_eq!(
        thought.status, "held",
        "the zero-width phone number is found"
    );
    let queue = store.review_queue(exchange.id, 50).await.expect("queue");
    assert_eq!(queue[0].written_body, text);
    let redacted = redact(&queue[0].written_body, &queue[0].flags);
    store
        .decide(NewDecision {
            exchange_id: exchange.id,
            thought_id: thought.id,
            user_id: fay,
            decision: Decision::Redact,
            reason: "رقم هاتف \u{202E}",
            body_after: Some(&redacted),
        })
        .await
        .expect("redact");
    let trail = store
        .moderation_decisions(exchange.id, 10)
        .await
        .expect("trail");
    assert_eq!(trail[0].body_before, text);
    assert_eq!(trail[0].reason, "رقم هاتف \u{202E}");
    let stored = store
        .thought(thought.id)
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(stored.body, redacted);
    assert!(!stored.body.contains("5309"));
}
