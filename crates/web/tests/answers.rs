//! Answers over HTTP, on both backends: who may use which route (pages and API), publication refused
//! while the exchange's results are not published, and the published answers on the results page
//! and the program page in the visitor's language, with "not yet translated" where the facilitator
//! has not written that language.

mod common;

use accord_domain::exchange::ExchangeState;
use accord_domain::roles::Role;
use accord_store::{ExchangeEdit, NewThought};
use common::{TestApp, csrf_of};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    every_answer_route_checks_the_role,
    publication_waits_for_the_results_and_speaks_each_language,
);

const THOUGHTS: [&str; 3] = [
    "Will officers carry guns?",
    "More counselors in every school",
    "Students should help choose the officers",
];

/// A closed exchange of the test district with three thoughts; returns its id and the thoughts' ids.
async fn closed_exchange(app: &TestApp) -> (i64, Vec<i64>) {
    let exchange = app
        .store
        .create_exchange(
            app.district.id,
            None,
            &ExchangeEdit {
                title: "Officers in schools".into(),
                question: "What should the district know?".into(),
                context: String::new(),
                groups: Vec::new(),
                invitation_code: None,
                results_public: true,
            },
        )
        .await
        .expect("exchange");
    let mut ids = Vec::new();
    for (from, to) in [
        (ExchangeState::Draft, ExchangeState::Open),
        (ExchangeState::Open, ExchangeState::Closed),
    ] {
        if to == ExchangeState::Closed {
            for body in THOUGHTS {
                let thought = app
                    .store
                    .add_thought(NewThought {
                        exchange_id: exchange.id,
                        participant_id: None,
                        body,
                    })
                    .await
                    .expect("thought");
                ids.push(thought.id);
            }
        }
        assert!(
            app.store
                .transition_exchange(exchange.id, from, to)
                .await
                .expect("transition")
        );
    }
    (exchange.id, ids)
}

async fn send(
    client: &Client,
    app: &TestApp,
    method: Method,
    token: Option<&str>,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = client.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn every_answer_route_checks_the_role(app: TestApp) {
    let client = Client::new();
    let (exchange, thoughts) = closed_exchange(&app).await;
    let base = format!("/api/v1/exchanges/{exchange}/answers");
    let mut tokens = Vec::new();
    for role in Role::ALL {
        tokens.push((role, app.staff_token(role).await));
    }
    for (role, token) in &tokens {
        let runs = role.may_run_exchanges();
        let expected = if runs {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        let suggestions = format!("{base}/suggestions");
        let (status, body) =
            send(&client, &app, Method::GET, Some(token), &suggestions, None).await;
        assert_eq!(status, expected, "{role:?} GET suggestions: {body}");
        let (status, body) = send(
            &client,
            &app,
            Method::POST,
            Some(token),
            &base,
            Some(json!({"kind": "thought", "thought_id": thoughts[0]})),
        )
        .await;
        let picked = if runs {
            // The first runner picks it; the second is told it is already answered.
            assert!(
                status == StatusCode::CREATED || status == StatusCode::CONFLICT,
                "{role:?} POST: {status} {body}"
            );
            true
        } else {
            assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} POST: {body}");
            false
        };
        let (status, all) = send(&client, &app, Method::GET, Some(token), &base, None).await;
        assert_eq!(status, StatusCode::OK, "{role:?} GET answers");
        if runs && picked {
            assert_eq!(all.as_array().map(Vec::len), Some(1), "runners see drafts");
        } else {
            assert_eq!(all, json!([]), "{role:?} sees published answers only");
        }
    }
    let answer = app.store.answers(exchange, false).await.expect("answers")[0].id;
    let one = format!("{base}/{answer}");
    for (role, token) in &tokens {
        let expected = if role.may_run_exchanges() {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        let (status, body) = send(
            &client,
            &app,
            Method::PUT,
            Some(token),
            &one,
            Some(json!({"texts": {"en": "No.", "es": "No."}})),
        )
        .await;
        assert_eq!(status, expected, "{role:?} PUT: {body}");
        let (status, body) = send(
            &client,
            &app,
            Method::POST,
            Some(token),
            &format!("{one}/publish"),
            None,
        )
        .await;
        let expected = if role.may_run_exchanges() {
            StatusCode::CONFLICT
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(status, expected, "{role:?} publish: {body}");
    }
    for (method, path) in [
        (Method::GET, format!("{base}/suggestions")),
        (Method::POST, base.clone()),
        (Method::PUT, one.clone()),
        (Method::POST, format!("{one}/publish")),
    ] {
        let (status, _) = send(&client, &app, method.clone(), None, &path, Some(json!({}))).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "anonymous {method} {path}"
        );
    }
    let (status, _) = send(&client, &app, Method::GET, None, &base, None).await;
    assert_eq!(status, StatusCode::OK, "anyone reads published answers");

    // The facilitator's page, per role.
    let page = format!("/manage/exchanges/{exchange}/answers");
    for role in Role::ALL {
        let browser = app.signed_in(role).await;
        let response = browser.get(app.url(&page)).send().await.expect("page");
        let expected = if role.may_run_exchanges() {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(response.status(), expected, "{role:?} GET {page}");
        let html = if role.may_run_exchanges() {
            response.text().await.expect("html")
        } else {
            let home = browser.get(app.url("/")).send().await.expect("home");
            home.text().await.expect("html")
        };
        let csrf = csrf_of(&html);
        for path in [
            page.clone(),
            format!("{page}/{answer}"),
            format!("{page}/{answer}/publish"),
        ] {
            let response = browser
                .post(app.url(&path))
                .form(&[("_csrf", csrf.as_str()), ("kind", "thought")])
                .send()
                .await
                .expect("post");
            if role.may_run_exchanges() {
                assert_ne!(
                    response.status(),
                    StatusCode::FORBIDDEN,
                    "{role:?} POST {path}"
                );
            } else {
                assert_eq!(
                    response.status(),
                    StatusCode::FORBIDDEN,
                    "{role:?} POST {path}"
                );
            }
        }
    }
    let anonymous = Client::new();
    let response = anonymous.get(app.url(&page)).send().await.expect("page");
    assert!(
        response.url().path() == "/login" || response.status() == StatusCode::UNAUTHORIZED,
        "anonymous is asked to sign in"
    );
}

async fn publication_waits_for_the_results_and_speaks_each_language(app: TestApp) {
    let client = Client::new();
    let (exchange, thoughts) = closed_exchange(&app).await;
    let token = app.staff_token(Role::Facilitator).await;
    let base = format!("/api/v1/exchanges/{exchange}/answers");
    let (status, suggested) = send(
        &client,
        &app,
        Method::GET,
        Some(&token),
        &format!("{base}/suggestions"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let question = suggested
        .as_array()
        .expect("list")
        .iter()
        .find(|s| s["text"] == THOUGHTS[0])
        .expect("the question is suggested");
    assert!(
        question["reasons"]
            .as_array()
            .expect("reasons")
            .contains(&json!("question"))
    );

    let mut ids = Vec::new();
    for (thought, texts) in thoughts.iter().zip([
        json!({"en": "Officers will not carry firearms in schools.", "es": "Los agentes no llevarán armas de fuego en las escuelas."}),
        json!({"en": "Two more counselors start in January."}),
        json!({"en": "Students sit on the hiring panel.", "es": ""}),
    ]) {
        let (status, picked) = send(
            &client,
            &app,
            Method::POST,
            Some(&token),
            &base,
            Some(json!({"kind": "thought", "thought_id": thought})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{picked}");
        let id = picked["id"].as_i64().expect("id");
        let (status, saved) = send(
            &client,
            &app,
            Method::PUT,
            Some(&token),
            &format!("{base}/{id}"),
            Some(json!({"texts": texts})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        ids.push((id, saved));
    }
    assert_eq!(ids[1].1["not_yet_translated"], json!(["es"]));
    assert_eq!(ids[2].1["not_yet_translated"], json!(["es"]));

    let (status, refused) = send(
        &client,
        &app,
        Method::POST,
        Some(&token),
        &format!("{base}/{}/publish", ids[0].0),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        refused["detail"]
            .as_str()
            .is_some_and(|d| d.contains("results are not published")),
        "{refused}"
    );
    // The page says so too, where the answer is.
    let browser = app.signed_in(Role::Facilitator).await;
    let page = format!("/manage/exchanges/{exchange}/answers");
    let html = browser
        .get(app.url(&page))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    let csrf = csrf_of(&html);
    let response = browser
        .post(app.url(&format!("{page}/{}/publish", ids[0].0)))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .expect("publish");
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let html = response.text().await.expect("html");
    assert!(html.contains("results are not published"), "{html}");
    // A text too long is refused with the typed text kept.
    let long = "x".repeat(4001);
    let response = browser
        .post(app.url(&format!("{page}/{}", ids[1].0)))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("text_en", long.as_str()),
            ("text_es", "Texto guardado"),
            ("section", ""),
        ])
        .send()
        .await
        .expect("save");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    assert!(html.contains("Texto guardado") && html.contains("aria-invalid=\"true\""));

    assert!(
        app.store
            .transition_exchange(exchange, ExchangeState::Closed, ExchangeState::Published)
            .await
            .expect("publish results")
    );
    let subscriber = subscribed_to(&app, "answers").await;
    subscribed_to(&app, "exchanges").await;
    for (id, _) in &ids {
        let (status, published) = send(
            &client,
            &app,
            Method::POST,
            Some(&token),
            &format!("{base}/{id}/publish"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{published}");
        assert_eq!(published["state"], "published");
    }
    let counts = app.store.outbox_counts().await.expect("outbox");
    assert_eq!(
        counts.queued, 1,
        "the subscriber to answers hears once of the exchange's answers, the other not at all"
    );
    let due = app
        .store
        .claim_due_mail(i64::MAX / 2, 10)
        .await
        .expect("claim");
    assert_eq!(due[0].recipient, subscriber);
    assert!(
        due[0]
            .body_text
            .contains(&format!("/exchanges/{exchange}/results"))
    );
    let (_, public) = send(&client, &app, Method::GET, None, &base, None).await;
    assert_eq!(public.as_array().map(Vec::len), Some(3));
    let (_, district) = send(
        &client,
        &app,
        Method::GET,
        None,
        "/api/v1/districts/test/answers",
        None,
    )
    .await;
    assert_eq!(district.as_array().map(Vec::len), Some(3));

    let read = |path: String, lang: &'static str| {
        let client = Client::new();
        let url = app.url(&path);
        async move {
            let response = client
                .get(url)
                .header("cookie", format!("lang={lang}"))
                .send()
                .await
                .expect("page");
            assert_eq!(response.status(), StatusCode::OK);
            response.text().await.expect("html")
        }
    };
    let results = read(format!("/exchanges/{exchange}/results"), "en").await;
    assert!(results.contains("You said, we did"));
    assert!(results.contains("Officers will not carry firearms in schools."));
    let program = read("/districts/test".into(), "es").await;
    assert!(program.contains("Ustedes dijeron, nosotros hicimos"));
    assert!(program.contains("Los agentes no llevarán armas de fuego en las escuelas."));
    assert!(
        program.contains("Todavía sin traducir: se muestra en English.")
            && program.contains("Two more counselors start in January."),
        "an answer not written in Spanish is shown as not yet translated"
    );
    assert!(!program.contains("Officers will not carry firearms in schools."));
}

/// A confirmed subscriber of the test district to `topic`; returns their address.
async fn subscribed_to(app: &TestApp, topic: &str) -> String {
    let email = format!("{topic}@example.org");
    let outcome = app
        .store
        .request_subscription(
            &accord_store::SubscriptionRequest {
                district_id: app.district.id,
                email: &email,
                language: "en",
                topics: topic,
                confirmation_hash: &format!("hash-{topic}"),
                unsubscribe_token: &format!("token-{topic}"),
            },
            1_000,
            0,
        )
        .await
        .expect("request");
    let accord_store::SubscribeOutcome::ConfirmationDue {
        subscription_id, ..
    } = outcome
    else {
        panic!("a new address is asked to confirm");
    };
    assert!(
        app.store
            .confirm_subscription(subscription_id, 2_000)
            .await
            .expect("confirm")
    );
    email
}
