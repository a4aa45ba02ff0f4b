//! Allocation and the bridging score through the real server, on both databases: `/next` offers what
//! the policy wants rated (never one's own thought, never one twice, a new thought soon), and the
//! bridging score ranks a thought one side loves and the other dislikes below one both sides like.

mod common;

use accord_domain::exchange::{ExchangeState, Group};
use accord_store::{Activity, BulkParticipant, BulkRating, BulkThought, ExchangeEdit};
use common::TestApp;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

on_both_backends!(
    next_offers_every_other_thought_once_and_never_ones_own,
    a_new_thought_is_offered_before_well_rated_ones,
    bridging_ranks_the_divisive_below_the_liked_by_both,
);

async fn exchange_in(app: &TestApp, state: ExchangeState) -> i64 {
    let edit = ExchangeEdit {
        title: "Safety plan".into(),
        question: "What should change?".into(),
        context: String::new(),
        groups: Group::ALL.to_vec(),
        invitation_code: None,
        results_public: true,
    };
    let exchange = app
        .store
        .create_exchange(app.district.id, None, &edit)
        .await
        .expect("create");
    let steps = [
        (ExchangeState::Draft, ExchangeState::Open),
        (ExchangeState::Open, ExchangeState::Closed),
        (ExchangeState::Closed, ExchangeState::Published),
    ];
    for (from, to) in steps {
        if from == state {
            break;
        }
        assert!(
            app.store
                .transition_exchange(exchange.id, from, to)
                .await
                .expect("transition")
        );
    }
    exchange.id
}

async fn join(client: &Client, app: &TestApp, id: i64, group: &str) -> String {
    let response = client
        .post(app.url(&format!("/api/v1/exchanges/{id}/participants")))
        .json(&json!({ "group": group }))
        .send()
        .await
        .expect("join");
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.expect("json");
    body["token"].as_str().expect("token").to_owned()
}

async fn share(client: &Client, app: &TestApp, id: i64, token: &str, text: &str) -> i64 {
    let response = client
        .post(app.url(&format!("/api/v1/exchanges/{id}/thoughts")))
        .bearer_auth(token)
        .json(&json!({ "text": text }))
        .send()
        .await
        .expect("share");
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.expect("json");
    body["id"].as_i64().expect("id")
}

/// The thought `/next` offers, or `None` on 204.
async fn next(client: &Client, app: &TestApp, id: i64, token: &str) -> Option<i64> {
    let response = client
        .get(app.url(&format!("/api/v1/exchanges/{id}/next")))
        .bearer_auth(token)
        .send()
        .await
        .expect("next");
    if response.status() == StatusCode::NO_CONTENT {
        return None;
    }
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    Some(body["id"].as_i64().expect("id"))
}

async fn rate(client: &Client, app: &TestApp, id: i64, token: &str, thought: i64, body: Value) {
    let mut body = body;
    body["thought_id"] = json!(thought);
    let response = client
        .post(app.url(&format!("/api/v1/exchanges/{id}/ratings")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("rate");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

async fn next_offers_every_other_thought_once_and_never_ones_own(app: TestApp) {
    let client = Client::new();
    let id = exchange_in(&app, ExchangeState::Open).await;
    let me = join(&client, &app, id, "parent").await;
    let other = join(&client, &app, id, "student").await;
    let mut mine = BTreeSet::new();
    let mut theirs = BTreeSet::new();
    for i in 0..12 {
        let text = format!("Idea number {i} for the safety plan");
        if i % 4 == 0 {
            mine.insert(share(&client, &app, id, &me, &text).await);
        } else {
            theirs.insert(share(&client, &app, id, &other, &text).await);
        }
    }
    let mut offered = Vec::new();
    while let Some(thought) = next(&client, &app, id, &me).await {
        assert!(
            !offered.contains(&thought),
            "offered {thought} twice: {offered:?}"
        );
        offered.push(thought);
        let body = if offered.len() % 5 == 0 {
            json!({ "skip": true })
        } else {
            json!({ "stars": offered.len() % 5 })
        };
        rate(&client, &app, id, &me, thought, body).await;
    }
    let offered: BTreeSet<i64> = offered.into_iter().collect();
    assert_eq!(offered, theirs, "every thought but one's own");
    assert!(offered.is_disjoint(&mine));
}

async fn a_new_thought_is_offered_before_well_rated_ones(app: TestApp) {
    let client = Client::new();
    let id = exchange_in(&app, ExchangeState::Open).await;
    let author = join(&client, &app, id, "teacher").await;
    let mut early = Vec::new();
    for text in [
        "Counselors in every school",
        "Train officers in de-escalation",
    ] {
        early.push(share(&client, &app, id, &author, text).await);
    }
    for k in 0..4 {
        let rater = join(&client, &app, id, "student").await;
        for (i, &thought) in early.iter().enumerate() {
            let stars = (k + i) % 5 + 1;
            rate(
                &client,
                &app,
                id,
                &rater,
                thought,
                json!({ "stars": stars }),
            )
            .await;
        }
    }
    let late = share(&client, &app, id, &author, "Publish the contract online").await;
    let newcomer = join(&client, &app, id, "parent").await;
    assert_eq!(
        next(&client, &app, id, &newcomer).await,
        Some(late),
        "a thought nobody has seen yet gets its hearing first"
    );
}

/// Two camps of raters (students the larger, parents the smaller). Twenty partisan thoughts, ten
/// each camp's own (5 stars from it, 1 from the other), show which rater sits in which camp; then
/// "divisive" gets 5 stars from students and 2 from parents, and "liked by both" 4 stars from all,
/// so that the divisive thought has the higher plain average.
fn two_camps() -> Activity {
    let (students, parents) = (35, 15);
    let mut participants = vec![BulkParticipant {
        token_hash: "author".into(),
        group: Some(Group::Teacher),
        created_at: 1,
    }];
    for r in 0..students + parents {
        participants.push(BulkParticipant {
            token_hash: format!("rater {r}"),
            group: Some(if r < students {
                Group::Student
            } else {
                Group::Parent
            }),
            created_at: 1,
        });
    }
    let thought = |body: String| BulkThought {
        author: 0,
        body,
        created_at: 2,
    };
    let mut thoughts: Vec<BulkThought> = (0..20)
        .map(|t| thought(format!("Partisan idea {t}")))
        .collect();
    thoughts.push(thought("Divisive: armed officers at every door".into()));
    thoughts.push(thought(
        "Liked by both: a counselor for every 250 students".into(),
    ));
    let mut ratings = Vec::new();
    for r in 0..students + parents {
        let student = r < students;
        let stars: Vec<u8> = (0..20)
            .map(|t| if (t < 10) == student { 5 } else { 1 })
            .chain([if student { 5 } else { 2 }, 4])
            .collect();
        for (t, s) in stars.into_iter().enumerate() {
            ratings.push(BulkRating {
                participant: r + 1,
                thought: t,
                stars: Some(s),
                created_at: 3,
            });
        }
    }
    Activity {
        participants,
        thoughts,
        ratings,
    }
}

async fn bridging_ranks_the_divisive_below_the_liked_by_both(app: TestApp) {
    let client = Client::new();
    let id = exchange_in(&app, ExchangeState::Published).await;
    app.store
        .load_activity(id, &two_camps(), &|_| {})
        .await
        .expect("load");

    let results: Value = client
        .get(app.url(&format!("/api/v1/exchanges/{id}/results?limit=1000")))
        .send()
        .await
        .expect("results")
        .json()
        .await
        .expect("json");
    let row = |prefix: &str| -> Value {
        results["thoughts"]
            .as_array()
            .expect("thoughts")
            .iter()
            .find(|t| t["text"].as_str().is_some_and(|s| s.starts_with(prefix)))
            .cloned()
            .expect("thought in results")
    };
    let (divisive, both) = (row("Divisive"), row("Liked by both"));
    assert!(
        divisive["mean"].as_f64() > both["mean"].as_f64(),
        "the divisive thought has the higher plain average"
    );
    let bridging = |t: &Value| t["bridging"]["score"].as_f64().expect("bridging score");
    assert!(
        bridging(&both) > bridging(&divisive) + 0.2,
        "{both} vs {divisive}"
    );
    assert!(both["bridging"]["rank"].as_u64() < divisive["bridging"]["rank"].as_u64());
    assert_eq!(both["bridging"]["ratings"], 50);

    let insight: Value = client
        .get(app.url(&format!("/api/v1/exchanges/{id}/insight")))
        .send()
        .await
        .expect("insight")
        .json()
        .await
        .expect("json");
    let leaders: Vec<&str> = insight["bridging"]["thoughts"]
        .as_array()
        .expect("bridging thoughts")
        .iter()
        .map(|t| t["text"].as_str().expect("text"))
        .collect();
    let place = |prefix: &str| leaders.iter().position(|t| t.starts_with(prefix));
    assert_eq!(place("Liked by both"), Some(0), "{leaders:?}");
    assert!(place("Divisive").is_none_or(|p| p > 0));
    assert!(
        insight["bridging"]["ranking_rule"]
            .as_str()
            .expect("rule")
            .contains("survives disagreement between groups")
    );

    for (lang, heading, rule) in [
        (
            "en",
            "Bridging: agreed across groups",
            "the part of the score that survives disagreement between groups",
        ),
        (
            "es",
            "Puentes: acuerdo entre grupos",
            "la parte de la puntuación que se mantiene pese a los desacuerdos entre grupos",
        ),
    ] {
        let page = client
            .get(app.url(&format!("/exchanges/{id}/results")))
            .header("accept-language", lang)
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(page.contains(heading) && page.contains(rule), "{lang}");
        let section = &page[page.find(heading).expect("section")..];
        let (first_both, first_divisive) = (
            section.find("Liked by both").expect("listed"),
            section.find("Divisive").unwrap_or(usize::MAX),
        );
        assert!(
            first_both < first_divisive,
            "{lang}: liked by both comes first"
        );
    }
}
