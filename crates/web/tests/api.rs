//! The JSON API end to end, over a real server and a real database, on both backends.

mod common;

use accord_domain::roles::Role;
use common::TestApp;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    exchange_life_from_draft_to_published_results,
    bad_input_gets_problem_answers,
    roles_and_tokens_are_checked,
    common_ground_and_differences_are_found,
);

async fn json_of(response: Response) -> Value {
    response.json().await.expect("a JSON body")
}

/// Asserts an RFC 9457 answer with `status` and problem `kind`.
async fn assert_problem(response: Response, status: StatusCode, kind: &str) -> Value {
    assert_eq!(response.status(), status, "{:?}", response.url().path());
    let content_type = response.headers()["content-type"]
        .to_str()
        .expect("header")
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body = json_of(response).await;
    assert_eq!(body["type"], format!("urn:accord:problem:{kind}"), "{body}");
    assert_eq!(body["status"], status.as_u16());
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
    body
}

struct Api {
    client: Client,
    app: TestApp,
}

impl Api {
    fn post(&self, path: &str, token: &str, body: Value) -> reqwest::RequestBuilder {
        self.client
            .post(self.app.url(path))
            .bearer_auth(token)
            .json(&body)
    }
    fn get(&self, path: &str, token: Option<&str>) -> reqwest::RequestBuilder {
        let request = self.client.get(self.app.url(path));
        match token {
            Some(t) => request.bearer_auth(t),
            None => request,
        }
    }
    async fn join(&self, id: i64, group: &str) -> String {
        let response = self
            .client
            .post(
                self.app
                    .url(&format!("/api/v1/exchanges/{id}/participants")),
            )
            .json(&json!({ "group": group }))
            .send()
            .await
            .expect("join");
        assert_eq!(response.status(), StatusCode::CREATED);
        json_of(response).await["token"]
            .as_str()
            .expect("token")
            .to_owned()
    }
    async fn share(&self, id: i64, token: &str, text: &str) -> i64 {
        let response = self
            .post(
                &format!("/api/v1/exchanges/{id}/thoughts"),
                token,
                json!({ "text": text }),
            )
            .send()
            .await
            .expect("share");
        assert_eq!(response.status(), StatusCode::CREATED);
        json_of(response).await["id"].as_i64().expect("thought id")
    }
    async fn rate(&self, id: i64, token: &str, thought: i64, stars: i64) -> Response {
        self.post(
            &format!("/api/v1/exchanges/{id}/ratings"),
            token,
            json!({ "thought_id": thought, "stars": stars }),
        )
        .send()
        .await
        .expect("rate")
    }
    async fn create_open(&self, facilitator: &str) -> i64 {
        let response = self
            .post(
                "/api/v1/exchanges",
                facilitator,
                json!({ "title": "Draft agreement", "question": "What are your questions?" }),
            )
            .send()
            .await
            .expect("create");
        assert_eq!(response.status(), StatusCode::CREATED);
        let id = json_of(response).await["id"].as_i64().expect("id");
        let opened = self
            .post(
                &format!("/api/v1/exchanges/{id}/open"),
                facilitator,
                json!({}),
            )
            .send()
            .await
            .expect("open");
        assert_eq!(opened.status(), StatusCode::OK);
        id
    }
}

async fn exchange_life_from_draft_to_published_results(app: TestApp) {
    let api = Api {
        client: Client::new(),
        app,
    };
    let facilitator = api.app.staff_token(Role::Facilitator).await;

    let created = api
        .post("/api/v1/exchanges", &facilitator, json!({ "title": "  Draft agreement 2026-27 ", "question": "What are your questions about the draft?" }))
        .send()
        .await
        .expect("create");
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = json_of(created).await;
    assert_eq!(created["state"], "draft");
    assert_eq!(created["title"], "Draft agreement 2026-27");
    assert_eq!(
        created["groups"].as_array().map(Vec::len),
        Some(8),
        "the seed's groups by default"
    );
    let id = created["id"].as_i64().expect("id");

    let public = json_of(
        api.get("/api/v1/exchanges", None)
            .send()
            .await
            .expect("list"),
    )
    .await;
    assert_eq!(
        public.as_array().map(Vec::len),
        Some(0),
        "drafts are not public"
    );
    let own = json_of(
        api.get("/api/v1/exchanges", Some(&facilitator))
            .send()
            .await
            .expect("list"),
    )
    .await;
    assert_eq!(own[0]["id"], id, "the facilitator sees the draft");

    let opened = json_of(
        api.post(
            &format!("/api/v1/exchanges/{id}/open"),
            &facilitator,
            json!({}),
        )
        .send()
        .await
        .expect("open"),
    )
    .await;
    assert_eq!(opened["state"], "open");

    let student = api.join(id, "student").await;
    let parent = api.join(id, "parent").await;
    let quiet = api.join(id, "none").await;
    let counselors = api.share(id, &student, "More counselors, not police").await;
    let training = api
        .share(id, &parent, "Keep officers but train them in de-escalation")
        .await;

    let next = json_of(
        api.get(&format!("/api/v1/exchanges/{id}/next"), Some(&student))
            .send()
            .await
            .expect("next"),
    )
    .await;
    assert_eq!(
        next["id"], training,
        "the student is offered the only thought not their own"
    );
    assert_eq!(
        api.rate(id, &student, training, 2).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.rate(id, &student, training, 4).await.status(),
        StatusCode::NO_CONTENT,
        "a second rating replaces the first"
    );
    let done = api
        .get(&format!("/api/v1/exchanges/{id}/next"), Some(&student))
        .send()
        .await
        .expect("next");
    assert_eq!(
        done.status(),
        StatusCode::NO_CONTENT,
        "nothing left for the student"
    );

    for (token, thought, stars) in [
        (&parent, counselors, 3),
        (&quiet, counselors, 5),
        (&quiet, training, 1),
    ] {
        assert_eq!(
            api.rate(id, token, thought, stars).await.status(),
            StatusCode::NO_CONTENT
        );
    }
    let skipped = api
        .post(
            &format!("/api/v1/exchanges/{id}/ratings"),
            &parent,
            json!({ "thought_id": training, "skip": true }),
        )
        .send()
        .await
        .expect("skip own?");
    assert_problem(skipped, StatusCode::CONFLICT, "conflict").await;

    let summary = json_of(
        api.get(&format!("/api/v1/exchanges/{id}/summary"), None)
            .send()
            .await
            .expect("summary"),
    )
    .await;
    assert_eq!(summary["participants"], 3);
    assert_eq!(summary["thoughts"], 2);
    assert_eq!(summary["ratings"], 4);
    assert_eq!(
        summary["participants_by_group"],
        json!({ "none": 1, "parent": 1, "student": 1 })
    );

    let early = api
        .get(&format!("/api/v1/exchanges/{id}/results"), None)
        .send()
        .await
        .expect("results");
    assert_problem(early, StatusCode::FORBIDDEN, "forbidden").await;
    let preview = api
        .get(
            &format!("/api/v1/exchanges/{id}/results"),
            Some(&facilitator),
        )
        .send()
        .await
        .expect("preview");
    assert_eq!(
        preview.status(),
        StatusCode::OK,
        "facilitators may follow results at any time"
    );

    api.post(
        &format!("/api/v1/exchanges/{id}/close"),
        &facilitator,
        json!({}),
    )
    .send()
    .await
    .expect("close");
    let late = api.rate(id, &parent, counselors, 5).await;
    assert_problem(late, StatusCode::CONFLICT, "conflict").await;
    let late_join = api
        .client
        .post(api.app.url(&format!("/api/v1/exchanges/{id}/participants")))
        .json(&json!({"group": "teacher"}))
        .send()
        .await
        .expect("join");
    assert_problem(late_join, StatusCode::CONFLICT, "conflict").await;
    let published = json_of(
        api.post(
            &format!("/api/v1/exchanges/{id}/publish"),
            &facilitator,
            json!({}),
        )
        .send()
        .await
        .expect("publish"),
    )
    .await;
    assert_eq!(published["state"], "published");

    let results = json_of(
        api.get(&format!("/api/v1/exchanges/{id}/results"), None)
            .send()
            .await
            .expect("results"),
    )
    .await;
    assert_eq!(results["total"], 2);
    let top = &results["thoughts"][0];
    assert_eq!(
        top["id"], counselors,
        "mean 4 from two raters beats mean 2.5"
    );
    assert_eq!(top["rank"], 1);
    assert_eq!(top["ratings"], 2);
    assert_eq!(top["mean"], 4.0);
    let (low, high, score) = (
        top["interval"]["low"].as_f64(),
        top["interval"]["high"].as_f64(),
        top["score"].as_f64(),
    );
    assert!(low < score && score < high, "{top}");
    assert_eq!(top["groups"]["parent"]["ratings"], 1);
    assert_eq!(top["groups"]["none"]["mean"], 5.0);
    assert!(
        top.get("participant_id").is_none() && top.get("author").is_none(),
        "anonymous"
    );

    let parents_view = json_of(
        api.get(&format!("/api/v1/exchanges/{id}/results?view=parent"), None)
            .send()
            .await
            .expect("view"),
    )
    .await;
    assert_eq!(parents_view["view"], "parent");
    assert_eq!(
        parents_view["thoughts"][0]["ratings"], 1,
        "figures as the parents rated"
    );
}

async fn bad_input_gets_problem_answers(app: TestApp) {
    let api = Api {
        client: Client::new(),
        app,
    };
    let facilitator = api.app.staff_token(Role::Facilitator).await;
    let id = api.create_open(&facilitator).await;
    let author = api.join(id, "teacher").await;
    let rater = api.join(id, "").await;
    let own = api
        .share(id, &author, "Publish the agreement in Spanish too")
        .await;

    let malformed = api
        .client
        .post(api.app.url(&format!("/api/v1/exchanges/{id}/thoughts")))
        .bearer_auth(&author)
        .header("content-type", "application/json")
        .body("{\"text\": ")
        .send()
        .await
        .expect("send");
    assert_problem(malformed, StatusCode::BAD_REQUEST, "malformed-request").await;
    let not_json = api
        .client
        .post(api.app.url(&format!("/api/v1/exchanges/{id}/thoughts")))
        .bearer_auth(&author)
        .body("text=hi")
        .send()
        .await
        .expect("send");
    assert_problem(not_json, StatusCode::BAD_REQUEST, "malformed-request").await;
    let wrong_type = api
        .post(
            &format!("/api/v1/exchanges/{id}/thoughts"),
            &author,
            json!({ "text": 42 }),
        )
        .send()
        .await
        .expect("send");
    assert!(wrong_type.status().is_client_error());

    for text in ["   ", &"x".repeat(501)] {
        let response = api
            .post(
                &format!("/api/v1/exchanges/{id}/thoughts"),
                &author,
                json!({ "text": text }),
            )
            .send()
            .await
            .expect("send");
        let body =
            assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid-input").await;
        assert_eq!(body["field"], "thought");
    }
    let emoji = api.share(id, &author, &"🙂".repeat(500)).await;
    assert!(emoji > 0, "500 characters of any script fit");

    for stars in [0, 6, -1] {
        let response = api.rate(id, &rater, own, stars).await;
        let body =
            assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid-input").await;
        assert_eq!(body["field"], "stars");
    }
    let neither = api
        .post(
            &format!("/api/v1/exchanges/{id}/ratings"),
            &rater,
            json!({ "thought_id": own }),
        )
        .send()
        .await
        .expect("send");
    assert_problem(neither, StatusCode::UNPROCESSABLE_ENTITY, "invalid-input").await;
    assert_problem(
        api.rate(id, &author, own, 5).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    assert_problem(
        api.rate(id, &rater, 987_654, 5).await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;

    let unknown = api
        .get("/api/v1/exchanges/987654/summary", None)
        .send()
        .await
        .expect("send");
    assert_problem(unknown, StatusCode::NOT_FOUND, "not-found").await;
    let not_a_number = api
        .get("/api/v1/exchanges/abc/summary", None)
        .send()
        .await
        .expect("send");
    assert_problem(not_a_number, StatusCode::NOT_FOUND, "not-found").await;
    let no_route = api
        .get("/api/v1/nothing/here", None)
        .send()
        .await
        .expect("send");
    assert_problem(no_route, StatusCode::NOT_FOUND, "not-found").await;
    let bad_group = api
        .client
        .post(api.app.url(&format!("/api/v1/exchanges/{id}/participants")))
        .json(&json!({"group": "martian"}))
        .send()
        .await
        .expect("send");
    let body = assert_problem(bad_group, StatusCode::UNPROCESSABLE_ENTITY, "invalid-input").await;
    assert_eq!(body["field"], "group");
    let bad_view = api
        .get(
            &format!("/api/v1/exchanges/{id}/results?view=martian"),
            Some(&facilitator),
        )
        .send()
        .await
        .expect("send");
    assert_problem(bad_view, StatusCode::UNPROCESSABLE_ENTITY, "invalid-input").await;

    let huge = api
        .post(
            &format!("/api/v1/exchanges/{id}/thoughts"),
            &author,
            json!({ "text": "y".repeat(400_000) }),
        )
        .send()
        .await
        .expect("send");
    assert_problem(huge, StatusCode::PAYLOAD_TOO_LARGE, "too-large").await;

    let twice = api
        .post(
            &format!("/api/v1/exchanges/{id}/open"),
            &facilitator,
            json!({}),
        )
        .send()
        .await
        .expect("send");
    assert_problem(twice, StatusCode::CONFLICT, "conflict").await;
    let empty_title = api
        .post(
            "/api/v1/exchanges",
            &facilitator,
            json!({ "title": "", "question": "Q?" }),
        )
        .send()
        .await
        .expect("send");
    let body = assert_problem(
        empty_title,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-input",
    )
    .await;
    assert_eq!(body["field"], "title");

    let summary = json_of(
        api.get(&format!("/api/v1/exchanges/{id}/summary"), None)
            .send()
            .await
            .expect("summary"),
    )
    .await;
    assert_eq!(
        summary["thoughts"], 2,
        "only the accepted thoughts were stored"
    );
    assert_eq!(summary["ratings"], 0, "no refused rating was stored");
}

async fn roles_and_tokens_are_checked(app: TestApp) {
    let api = Api {
        client: Client::new(),
        app,
    };
    let facilitator = api.app.staff_token(Role::Facilitator).await;
    let admin = api.app.staff_token(Role::ProgramAdmin).await;
    let clerk = api.app.staff_token(Role::RecordsClerk).await;
    let draft = json!({ "title": "T", "question": "Q?" });

    let anonymous = api
        .client
        .post(api.app.url("/api/v1/exchanges"))
        .json(&draft)
        .send()
        .await
        .expect("send");
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let forged = api
        .post("/api/v1/exchanges", "acs_forged", draft.clone())
        .send()
        .await
        .expect("send");
    assert_problem(forged, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let by_clerk = api
        .post("/api/v1/exchanges", &clerk, draft.clone())
        .send()
        .await
        .expect("send");
    assert_problem(by_clerk, StatusCode::FORBIDDEN, "forbidden").await;
    let by_admin = api
        .post("/api/v1/exchanges", &admin, draft.clone())
        .send()
        .await
        .expect("send");
    assert_eq!(
        by_admin.status(),
        StatusCode::CREATED,
        "the program admin may do everything"
    );

    let id = api.create_open(&facilitator).await;
    let clerk_close = api
        .post(&format!("/api/v1/exchanges/{id}/close"), &clerk, json!({}))
        .send()
        .await
        .expect("send");
    assert_problem(clerk_close, StatusCode::FORBIDDEN, "forbidden").await;

    // A facilitator of another district cannot touch this district's exchanges.
    let other = api
        .app
        .store
        .ensure_district("other", "Other District")
        .await
        .expect("district");
    let hash = accord_web::auth::hash_password("another long password".into())
        .await
        .expect("hash");
    let outsider = api
        .app
        .store
        .add_user(accord_store::NewUser {
            district_id: other.id,
            email: "fac@other.example",
            name: "O",
            role: Role::Facilitator,
            password_hash: &hash,
        })
        .await
        .expect("outsider");
    let outsider_token = accord_web::auth::new_staff_token();
    api.app
        .store
        .create_api_token(outsider.id, &accord_web::auth::hash_token(&outsider_token))
        .await
        .expect("token");
    let foreign = api
        .post(
            &format!("/api/v1/exchanges/{id}/close"),
            &outsider_token,
            json!({}),
        )
        .send()
        .await
        .expect("send");
    assert_problem(foreign, StatusCode::FORBIDDEN, "forbidden").await;

    // Participant tokens work for their own exchange only; staff tokens are not participant tokens.
    let second = api.create_open(&facilitator).await;
    let participant = api.join(id, "parent").await;
    let elsewhere = api
        .post(
            &format!("/api/v1/exchanges/{second}/thoughts"),
            &participant,
            json!({ "text": "hi" }),
        )
        .send()
        .await
        .expect("send");
    assert_problem(elsewhere, StatusCode::FORBIDDEN, "forbidden").await;
    let staff_as_participant = api
        .post(
            &format!("/api/v1/exchanges/{id}/thoughts"),
            &facilitator,
            json!({ "text": "hi" }),
        )
        .send()
        .await
        .expect("send");
    assert_problem(
        staff_as_participant,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let participant_as_staff = api
        .post(
            &format!("/api/v1/exchanges/{id}/close"),
            &participant,
            json!({}),
        )
        .send()
        .await
        .expect("send");
    assert_problem(
        participant_as_staff,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

async fn common_ground_and_differences_are_found(app: TestApp) {
    let api = Api {
        client: Client::new(),
        app,
    };
    let facilitator = api.app.staff_token(Role::Facilitator).await;
    let id = api.create_open(&facilitator).await;
    let author = api.join(id, "teacher").await;
    let shared = api.share(id, &author, "Hire more counselors").await;
    let divisive = api.share(id, &author, "Remove officers from schools").await;
    let dull = api.share(id, &author, "Change the bell schedule").await;
    for group in ["student", "parent"] {
        for _ in 0..6 {
            let rater = api.join(id, group).await;
            let divisive_stars = if group == "student" { 5 } else { 1 };
            for (thought, stars) in [(shared, 5), (divisive, divisive_stars), (dull, 2)] {
                assert_eq!(
                    api.rate(id, &rater, thought, stars).await.status(),
                    StatusCode::NO_CONTENT
                );
            }
        }
    }
    api.post(
        &format!("/api/v1/exchanges/{id}/close"),
        &facilitator,
        json!({}),
    )
    .send()
    .await
    .expect("close");
    api.post(
        &format!("/api/v1/exchanges/{id}/publish"),
        &facilitator,
        json!({}),
    )
    .send()
    .await
    .expect("publish");

    let insight = json_of(
        api.get(&format!("/api/v1/exchanges/{id}/insight"), None)
            .send()
            .await
            .expect("insight"),
    )
    .await;
    let ids = |key: &str| -> Vec<i64> {
        insight[key]
            .as_array()
            .expect("list")
            .iter()
            .map(|t| t["id"].as_i64().expect("id"))
            .collect()
    };
    assert_eq!(ids("common_ground"), vec![shared], "{insight}");
    assert_eq!(ids("differences")[0], divisive, "{insight}");
    let split = &insight["differences"][0];
    assert_eq!(split["groups"][0]["group"], "student");
    assert_eq!(split["groups"][1]["group"], "parent");
    assert!(split["gap"].as_f64().expect("gap") > 1.0);

    let page = api
        .client
        .get(api.app.url(&format!("/exchanges/{id}/results")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("Common ground") && page.contains("Where groups differ"));
    assert!(
        page.contains("Highest: Students"),
        "the page names the groups at both ends"
    );
}

#[tokio::test]
async fn openapi_document_matches_the_committed_snapshot() {
    let doc = serde_json::to_string_pretty(&accord_web::api::openapi()).expect("serialize");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, format!("{doc}\n")).expect("write snapshot");
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert_eq!(
        committed.trim_end(),
        doc,
        "the API changed: review it, then run UPDATE_SNAPSHOTS=1 cargo test -p accord-web --test api"
    );
    let value: Value = serde_json::from_str(&doc).expect("json");
    for path in [
        "/api/v1/exchanges",
        "/api/v1/exchanges/{id}/open",
        "/api/v1/exchanges/{id}/close",
        "/api/v1/exchanges/{id}/publish",
        "/api/v1/exchanges/{id}/participants",
        "/api/v1/exchanges/{id}/thoughts",
        "/api/v1/exchanges/{id}/next",
        "/api/v1/exchanges/{id}/ratings",
        "/api/v1/exchanges/{id}/summary",
        "/api/v1/exchanges/{id}/results",
        "/api/v1/exchanges/{id}/insight",
    ] {
        assert!(value["paths"].get(path).is_some(), "{path} is documented");
    }
}

#[tokio::test]
async fn openapi_document_is_served() {
    let app = TestApp::start(accord_store::Backend::Sqlite).await;
    let doc: Value = Client::new()
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(doc["info"]["title"], "accord API");
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}
