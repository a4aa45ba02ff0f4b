//! Answers to an exchange on both backends: picked once per subject, texts per language (an emptied
//! language is removed: not yet translated), published once, listed per exchange and per district,
//! every write audited.

use accord_domain::answers::{AnswerState, Reason, Subject};
use accord_domain::exchange::{ExchangeState, Group};
use accord_store::{Actor, AnswerEdit, ExchangeEdit, NewThought, Store, StoreError};
use std::collections::BTreeMap;

use accord_store::on_both_backends;

on_both_backends!(answers_are_written_translated_published_and_audited);

fn facilitator() -> Actor {
    Actor::process("test facilitator")
}

fn texts(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(l, t)| ((*l).to_owned(), (*t).to_owned()))
        .collect()
}

async fn answers_are_written_translated_published_and_audited(store: &Store) {
    let district = store.ensure_district("north", "North").await.expect("d");
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
    store
        .transition_exchange(exchange.id, ExchangeState::Draft, ExchangeState::Open)
        .await
        .expect("open");
    let thought = store
        .add_thought(NewThought {
            exchange_id: exchange.id,
            participant_id: None,
            body: "Will officers carry guns?",
        })
        .await
        .expect("thought");
    let subject = Subject::thought(thought.id, &thought.body);
    let answer = store
        .add_answer(&facilitator(), exchange.id, &subject, Reason::Question)
        .await
        .expect("pick");
    assert_eq!(answer.state, AnswerState::Draft);
    assert_eq!(answer.exchange_title, "Safety");
    assert!(answer.texts.is_empty());
    let again = store
        .add_answer(&facilitator(), exchange.id, &subject, Reason::HighestRated)
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let theme = store
        .add_answer(
            &facilitator(),
            exchange.id,
            &Subject::theme("Counselors"),
            Reason::Theme,
        )
        .await
        .expect("theme");

    let saved = store
        .save_answer(
            &facilitator(),
            answer.id,
            &AnswerEdit {
                texts: texts(&[("en", "No."), ("es", "No.")]),
                section: Some((7, "Weapons".into())),
            },
        )
        .await
        .expect("save");
    assert_eq!(saved.texts, texts(&[("en", "No."), ("es", "No.")]));
    assert_eq!(saved.agreement_version_id, Some(7));
    assert_eq!(saved.section_heading, "Weapons");
    let saved = store
        .save_answer(
            &facilitator(),
            answer.id,
            &AnswerEdit {
                texts: texts(&[("en", "Officers will not carry guns."), ("es", "")]),
                section: None,
            },
        )
        .await
        .expect("save again");
    assert_eq!(
        saved.texts,
        texts(&[("en", "Officers will not carry guns.")])
    );
    assert_eq!(saved.agreement_version_id, None);

    assert!(
        store
            .published_answers(district.id)
            .await
            .expect("none")
            .is_empty()
    );
    let published = store
        .publish_answer(&facilitator(), answer.id)
        .await
        .expect("publish");
    assert_eq!(published.state, AnswerState::Published);
    assert!(published.published_at.is_some());
    let twice = store.publish_answer(&facilitator(), answer.id).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");

    let all = store.answers(exchange.id, false).await.expect("all");
    assert_eq!(
        all.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![answer.id, theme.id]
    );
    let public = store.answers(exchange.id, true).await.expect("public");
    assert_eq!(public, vec![published.clone()]);
    assert_eq!(
        store
            .published_answers(district.id)
            .await
            .expect("district"),
        vec![published]
    );

    let history = store
        .history(district.id, "answers", answer.id)
        .await
        .expect("history");
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, vec!["insert", "update", "update", "update"]);
    let translations = store
        .history(district.id, "answer_texts", answer.id)
        .await
        .expect("text history");
    // en and es written, then en changed and es removed.
    assert_eq!(translations.len(), 4);
}
