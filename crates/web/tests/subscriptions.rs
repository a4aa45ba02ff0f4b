//! Staying in touch, through the real server and a real SMTP listener: subscribing without an account
//! (bad addresses refused with the text kept), the confirmation mail and link (nothing sent before it,
//! confirming twice harmless, forged and expired links), notifications when an exchange opens and a
//! listening session is scheduled (in the subscriber's language, with one-click unsubscribe headers),
//! and unsubscribing by RFC 8058's one-click POST (twice harmless, nothing sent after).

mod common;

use accord_domain::roles::Role;
use accord_domain::subscriptions::CONFIRMATION_VALID_FOR_SECONDS;
use accord_store::{Backend, SubscriptionRequest};
use accord_web::auth::hash_token;
use common::smtp::{ReceivedMail, SmtpListener};
use common::{TestApp, csrf_of};
use reqwest::StatusCode;
use serde_json::json;
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
    subscribe_confirm_hear_and_unsubscribe,
    bad_addresses_forged_and_expired_links_get_clear_pages,
    the_api_subscribes_confirms_and_unsubscribes,
    one_client_cannot_mail_address_after_address,
);

const ADDRESS: &str = "maria.lopez@example.org";

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client")
}

async fn page(client: &reqwest::Client, url: &str) -> (StatusCode, String) {
    let response = client.get(url).send().await.expect("page");
    (response.status(), response.text().await.expect("html"))
}

/// Submits the form of the page at `url` (its CSRF token included) with `fields`.
async fn submit(
    client: &reqwest::Client,
    url: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let (_, html) = page(client, url).await;
    let csrf = csrf_of(&html);
    let mut form = vec![("_csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    let response = client.post(action).form(&form).send().await.expect("post");
    let status = response.status();
    let landed = response.url().to_string();
    (status, landed, response.text().await.expect("html"))
}

/// Opens a new exchange (as a facilitator, through the API) titled `title`.
async fn open_exchange(app: &TestApp, facilitator: &str, title: &str) -> i64 {
    let client = reqwest::Client::new();
    let created: serde_json::Value = client
        .post(app.url("/api/v1/exchanges"))
        .bearer_auth(facilitator)
        .json(&json!({ "title": title, "question": "How should officers work in our schools?" }))
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("json");
    let id = created["id"].as_i64().expect("id");
    let opened = client
        .post(app.url(&format!("/api/v1/exchanges/{id}/open")))
        .bearer_auth(facilitator)
        .json(&json!({}))
        .send()
        .await
        .expect("open");
    assert_eq!(opened.status(), StatusCode::OK);
    id
}

/// Waits a moment and checks that no more than `count` messages arrived.
async fn nothing_more_than(smtp: &SmtpListener, count: usize) {
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(smtp.received().len(), count, "no other message was sent");
}

fn unsubscribe_link(mail: &ReceivedMail) -> String {
    let header = mail.header("List-Unsubscribe").expect("List-Unsubscribe");
    header
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned()
}

async fn subscribe_confirm_hear_and_unsubscribe(backend: Backend) {
    let smtp = SmtpListener::start();
    let app = TestApp::start_with(backend, smtp.settings()).await;
    let facilitator = app.staff_token(Role::Facilitator).await;
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let visitor = browser();
    let form_url = app.url("/districts/test/subscribe");

    let (status, html) = page(&visitor, &app.url("/districts/test")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("href=\"/districts/test/subscribe\""),
        "linked from the program page"
    );

    let (status, landed, html) = submit(
        &visitor,
        &form_url,
        &form_url,
        &[
            ("email", ADDRESS),
            ("language", "es"),
            ("topics", "exchanges"),
            ("topics", "listening_sessions"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        landed.ends_with("/districts/test/subscribe?asked=1"),
        "{landed}"
    );
    assert!(
        html.contains("role=\"status\""),
        "says to look for the confirmation"
    );
    assert!(!html.contains(ADDRESS), "the address is not shown back");

    let received = smtp.wait_for(1).await;
    let confirmation = &received[0];
    assert_eq!(confirmation.envelope_to, [ADDRESS]);
    assert_eq!(
        confirmation.header("Subject"),
        Some("Confirme su suscripción a Test District")
    );
    assert_eq!(confirmation.header("List-Unsubscribe"), None);
    let link = confirmation
        .link_containing("/districts/test/subscribe/confirm/")
        .expect("a confirmation link");
    assert!(link.starts_with(&app.base), "{link}");

    // Nothing but the confirmation goes to an address that has not confirmed.
    open_exchange(&app, &facilitator, "Before confirming").await;
    nothing_more_than(&smtp, 1).await;

    // Opening the link shows a button (a mail scanner that follows links confirms nothing).
    let (status, html) = page(&visitor, &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Confirm my subscription") || html.contains("Confirmar mi suscripción"));
    let (status, _, html) = submit(&visitor, &link, &link, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Subscription confirmed"), "{html}");
    let (status, _, html) = submit(&visitor, &form_url, &link, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Already confirmed"),
        "confirming twice is harmless"
    );

    // An exchange opens: the subscriber hears of it, in Spanish, with one-click unsubscribe.
    let exchange = open_exchange(&app, &facilitator, "Agreement 2027").await;
    let received = smtp.wait_for(2).await;
    let news = &received[1];
    assert_eq!(news.envelope_to, [ADDRESS]);
    assert_eq!(
        news.header("Subject"),
        Some("Test District: se abrió un nuevo intercambio comunitario")
    );
    assert!(news.text.contains("«Agreement 2027»"), "{}", news.text);
    assert!(
        news.text
            .contains(&app.url(&format!("/exchanges/{exchange}")))
    );
    let unsubscribe = unsubscribe_link(news);
    assert!(unsubscribe.starts_with(&app.url("/districts/test/unsubscribe/")));
    assert!(
        news.text.contains(&unsubscribe),
        "the link is in the text too"
    );
    assert_eq!(
        news.header("List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );

    // The link at the end of an exchange leads to its district's form, carrying nothing else.
    let response = reqwest::Client::new()
        .get(app.url(&format!("/exchanges/{exchange}/subscribe")))
        .send()
        .await
        .expect("from the exchange");
    assert_eq!(response.url().path(), "/districts/test/subscribe");
    assert_eq!(response.url().query(), None);

    // A listening session is scheduled: heard of too.
    let next_month =
        (time::OffsetDateTime::now_utc().date() + time::Duration::days(30)).to_string();
    let scheduled = reqwest::Client::new()
        .post(app.url("/api/v1/program/listening-sessions"))
        .bearer_auth(&admin)
        .json(&json!({
            "title": "Officers in our schools", "date": next_month, "starts": "18:00",
            "ends": "19:30", "place": "Cedar High library", "languages": "English, Spanish",
            "capacity": 40
        }))
        .send()
        .await
        .expect("schedule");
    assert_eq!(scheduled.status(), StatusCode::CREATED);
    let received = smtp.wait_for(3).await;
    let session_news = &received[2];
    assert_eq!(
        session_news.header("Subject"),
        Some("Test District: sesión para escuchar a la comunidad «Officers in our schools»")
    );
    assert!(session_news.text.contains("Cedar High library"));
    assert_eq!(
        unsubscribe_link(session_news),
        unsubscribe,
        "one link per subscriber"
    );

    // The mail program's one-click unsubscribe: a POST without cookies or CSRF token (RFC 8058).
    let one_click = reqwest::Client::new()
        .post(&unsubscribe)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("one-click");
    assert_eq!(one_click.status(), StatusCode::OK);
    let (status, html) = page(&visitor, &unsubscribe).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Already unsubscribed"), "{html}");
    let (status, _, html) = submit(&visitor, &form_url, &unsubscribe, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Already unsubscribed"),
        "unsubscribing twice is harmless"
    );

    open_exchange(&app, &facilitator, "After unsubscribing").await;
    nothing_more_than(&smtp, 3).await;
}

async fn bad_addresses_forged_and_expired_links_get_clear_pages(backend: Backend) {
    let app = TestApp::start(backend).await;
    let visitor = browser();
    let form_url = app.url("/districts/test/subscribe");

    let (status, _, html) = submit(
        &visitor,
        &form_url,
        &form_url,
        &[
            ("email", "maria at example"),
            ("language", "en"),
            ("topics", "answers"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("does not look like an email address"),
        "{html}"
    );
    assert!(
        html.contains("value=\"maria at example\""),
        "what was typed is kept"
    );
    assert!(html.contains("aria-describedby=\"subscribe-error\""));
    assert!(
        html.contains("value=\"answers\" checked"),
        "the topics chosen are kept"
    );

    let (status, _, html) = submit(
        &visitor,
        &form_url,
        &form_url,
        &[
            ("email", "maria@mailinator.com"),
            ("language", "en"),
            ("topics", "answers"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("throwaway mail services"), "{html}");
    assert!(html.contains("value=\"maria@mailinator.com\""));

    let (status, _, html) = submit(
        &visitor,
        &form_url,
        &form_url,
        &[("email", ADDRESS), ("language", "en")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Choose at least one thing to hear about"),
        "{html}"
    );
    assert_eq!(app.store.outbox_counts().await.expect("counts").queued, 0);

    let (status, html) = page(
        &visitor,
        &app.url("/districts/test/subscribe/confirm/forged-token"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("This link does not work"), "{html}");
    let (status, html) = page(
        &visitor,
        &app.url("/districts/test/unsubscribe/forged-token"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("This link does not work"), "{html}");

    // A link sent more than a week ago.
    let sent_at = accord_store::now() - CONFIRMATION_VALID_FOR_SECONDS - 60;
    let token = "an-old-confirmation-token";
    app.store
        .request_subscription(
            &SubscriptionRequest {
                district_id: app.district.id,
                email: ADDRESS,
                language: "en",
                topics: "answers",
                confirmation_hash: &hash_token(token),
                unsubscribe_token: "its-unsubscribe-token",
            },
            sent_at,
            0,
        )
        .await
        .expect("request");
    let expired = app.url(&format!("/districts/test/subscribe/confirm/{token}"));
    let (status, html) = page(&visitor, &expired).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("This link has expired"), "{html}");
    assert!(
        html.contains("href=\"/districts/test/subscribe\""),
        "a way to ask again"
    );
    let (status, _, _) = submit(&visitor, &form_url, &expired, &[]).await;
    assert_eq!(status, StatusCode::GONE, "an expired link confirms nothing");
    assert!(
        app.store
            .subscribers(app.district.id, "answers")
            .await
            .expect("read")
            .is_empty()
    );
}

async fn the_api_subscribes_confirms_and_unsubscribes(backend: Backend) {
    let smtp = SmtpListener::start();
    let app = TestApp::start_with(backend, smtp.settings()).await;
    let client = reqwest::Client::new();
    let subscriptions = app.url("/api/v1/districts/test/subscriptions");
    let post = |url: String, body: serde_json::Value| {
        let client = client.clone();
        async move {
            let response = client.post(url).json(&body).send().await.expect("request");
            let status = response.status();
            let json: serde_json::Value = response.json().await.unwrap_or_default();
            (status, json)
        }
    };

    let (status, problem) = post(
        subscriptions.clone(),
        json!({"email": "someone@mailinator.com", "language": "en", "topics": ["answers"]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("throwaway")),
        "{problem}"
    );

    let (status, answer) = post(
        subscriptions.clone(),
        json!({"email": ADDRESS, "language": "en", "topics": ["answers", "exchanges"]}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(answer["status"], "confirmation_sent");
    assert!(
        !answer.to_string().contains("confirm/"),
        "the token goes by mail only"
    );

    let confirmation = &smtp.wait_for(1).await[0];
    let link = confirmation
        .link_containing("/subscribe/confirm/")
        .expect("link");
    let token = link.rsplit('/').next().expect("token").to_owned();
    let confirm = format!("{subscriptions}/confirm");
    let (status, answer) = post(confirm.clone(), json!({"token": token})).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (StatusCode::OK, Some("done"))
    );
    let (status, answer) = post(confirm.clone(), json!({"token": token})).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (StatusCode::OK, Some("already_done"))
    );
    let (status, _) = post(confirm, json!({"token": "forged"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let subscribers = app
        .store
        .subscribers(app.district.id, "answers")
        .await
        .expect("read");
    assert_eq!(subscribers.len(), 1);
    let unsubscribe = format!("{subscriptions}/unsubscribe");
    let token = &subscribers[0].unsubscribe_token;
    let (status, answer) = post(unsubscribe.clone(), json!({"token": token})).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (StatusCode::OK, Some("done"))
    );
    let (status, answer) = post(unsubscribe, json!({"token": token})).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (StatusCode::OK, Some("already_done"))
    );
}

/// A client asking for subscription after subscription (each would mail a confirmation to another
/// address) is slowed down: the form comes back with the address kept, the API answers 429, and no
/// more confirmations go out.
async fn one_client_cannot_mail_address_after_address(backend: Backend) {
    let smtp = SmtpListener::start();
    let app = TestApp::start_with(backend, smtp.settings()).await;
    let api = reqwest::Client::new();
    let subscriptions = app.url("/api/v1/districts/test/subscriptions");
    let mut statuses = Vec::new();
    for n in 0..10 {
        let body = json!({"email": format!("person{n}@example.org"), "language": "en", "topics": ["answers"]});
        let response = api
            .post(&subscriptions)
            .json(&body)
            .send()
            .await
            .expect("request");
        statuses.push(response.status());
    }
    assert!(
        statuses.iter().all(|s| *s == StatusCode::ACCEPTED),
        "{statuses:?}"
    );
    let body = json!({"email": "one.more@example.org", "language": "en", "topics": ["answers"]});
    let response = api
        .post(&subscriptions)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);

    let visitor = browser();
    let form_url = app.url("/districts/test/subscribe");
    let (status, _, html) = submit(
        &visitor,
        &form_url,
        &form_url,
        &[
            ("email", "kept@example.org"),
            ("language", "en"),
            ("topics", "answers"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(html.contains("Too many requests"), "{html}");
    assert!(
        html.contains("value=\"kept@example.org\""),
        "the address is kept"
    );
    smtp.wait_for(10).await;
    nothing_more_than(&smtp, 10).await;
}
