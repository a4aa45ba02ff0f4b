//! The outgoing mail queue, end to end: messages queued in the database arrive at a real SMTP listener
//! on loopback with their headers, at the configured rate, and messages queued while no mail server is
//! configured wait in the database and go out after a restart.

mod common;

use accord_store::{Backend, OutboxCounts, OutgoingMail};
use common::TestApp;
use common::smtp::SmtpListener;
use std::time::Duration;

macro_rules! on_both_backends {
    ($($story:ident),* $(,)?) => {$(
        mod $story {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$story(accord_store::Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$story(accord_store::Backend::Postgres).await;
            }
        }
    )*};
}

on_both_backends!(
    queued_messages_arrive_with_their_headers_at_the_set_rate,
    the_queue_survives_a_restart,
);

const UNSUBSCRIBE: &str = "https://accord.example/districts/test/unsubscribe/abc";

async fn queued_messages_arrive_with_their_headers_at_the_set_rate(backend: Backend) {
    let smtp = SmtpListener::start();
    let mut settings = smtp.settings();
    settings.mail.messages_per_second = 10.0;
    let app = TestApp::start_with(backend, settings).await;
    let subscription_mail = OutgoingMail {
        district_id: app.district.id,
        event_key: "exchange-opened:1",
        to: "ana@example.org",
        subject: "Una nueva conversación está abierta",
        text: "Comparta lo que piensa: ¿cómo deberían trabajar los oficiales en nuestras escuelas?",
        unsubscribe_url: Some(UNSUBSCRIBE),
    };
    assert!(
        app.store
            .enqueue_mail(&subscription_mail)
            .await
            .expect("queue")
    );
    for n in 0..3 {
        let to = format!("parent{n}@example.org");
        let receipt = OutgoingMail {
            event_key: "complaint-received:5",
            to: &to,
            subject: "We received your complaint",
            text: "Your tracking code is ABCD-1234.",
            unsubscribe_url: None,
            ..subscription_mail
        };
        assert!(app.store.enqueue_mail(&receipt).await.expect("queue"));
    }

    let received = smtp.wait_for(4).await;
    let first = &received[0];
    assert_eq!(first.envelope_to, ["ana@example.org"]);
    assert_eq!(first.envelope_from, "noreply@district.example");
    assert_eq!(first.header("To"), Some("ana@example.org"));
    assert_eq!(
        first.header("From"),
        Some("\"Test District\" <noreply@district.example>")
    );
    assert_eq!(
        first.header("Subject"),
        Some("Una nueva conversación está abierta")
    );
    assert_eq!(
        first.header("List-Unsubscribe"),
        Some(&*format!("<{UNSUBSCRIBE}>"))
    );
    assert_eq!(
        first.header("List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(
        first
            .header("Content-Type")
            .is_some_and(|t| t.starts_with("text/plain") && t.contains("utf-8")),
        "{:?}",
        first.header("Content-Type")
    );
    assert!(first.header("Message-ID").is_some() && first.header("Date").is_some());
    assert_eq!(first.text.trim_end(), subscription_mail.text);

    let receipt = &received[1];
    assert_eq!(
        receipt.header("Subject"),
        Some("We received your complaint")
    );
    assert_eq!(
        receipt.header("List-Unsubscribe"),
        None,
        "not a subscription's"
    );
    assert_eq!(receipt.text.trim_end(), "Your tracking code is ABCD-1234.");

    // Ten a second: the four messages take at least three tenths of a second.
    let spread = received[3].arrived - received[0].arrived;
    assert!(spread >= Duration::from_millis(290), "{spread:?}");

    // Queuing the same event for the same address again sends nothing.
    assert!(
        !app.store
            .enqueue_mail(&subscription_mail)
            .await
            .expect("queue")
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.received().len(), 4);
    assert_eq!(
        app.store.outbox_counts().await.expect("counts"),
        OutboxCounts {
            queued: 0,
            sent: 4,
            failed: 0,
            cancelled: 0
        }
    );
}

async fn the_queue_survives_a_restart(backend: Backend) {
    let smtp = SmtpListener::start();
    // First without a mail server: the message waits in the database.
    let mut app = TestApp::start_with(backend, accord_web::Settings::default()).await;
    let mail = OutgoingMail {
        district_id: app.district.id,
        event_key: "session-scheduled:2",
        to: "bo@example.org",
        subject: "A listening session was scheduled",
        text: "Cedar High library, March 3 at 6 pm.",
        unsubscribe_url: Some(UNSUBSCRIBE),
    };
    assert!(app.store.enqueue_mail(&mail).await.expect("queue"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.store.outbox_counts().await.expect("counts").queued, 1);
    assert!(smtp.received().is_empty());

    // Restarted with one: the message goes out.
    app.restart(smtp.settings()).await;
    let received = smtp.wait_for(1).await;
    assert_eq!(received[0].envelope_to, ["bo@example.org"]);
    assert_eq!(
        received[0].header("Subject"),
        Some("A listening session was scheduled")
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(app.store.outbox_counts().await.expect("counts").sent, 1);
    assert_eq!(smtp.received().len(), 1, "sent once");
}
