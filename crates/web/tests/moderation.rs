//! Moderation end to end over HTTP, on both backends: screening on share (pages and API), help for a
//! writer at risk, reports, the facilitator's queue and decisions, hidden thoughts kept out of
//! everything public, roles on every route, and hostile text.

mod common;

use accord_domain::exchange::ExchangeState::{Closed, Draft, Open, Published};
use accord_domain::exchange::Group;
use accord_domain::roles::Role;
use common::{TestApp, csrf_of};
use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    a_held_thought_is_reviewed_and_others_see_only_the_redacted_text,
    a_writer_at_risk_sees_help_and_the_facilitator_is_alerted,
    participants_report_thoughts_by_form_and_by_api,
    hidden_thoughts_never_reach_results_exports_or_insight,
    moderation_routes_check_roles_and_districts,
    hostile_text_is_escaped_screened_and_kept,
);

const PASSWORD: &str = "correct horse battery staple";

/// A browser without JavaScript: keeps cookies, follows redirects.
fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .build()
        .expect("client")
}

async fn get(client: &Client, url: &str) -> (StatusCode, String) {
    let response = client.get(url).send().await.expect("get");
    (response.status(), response.text().await.expect("body"))
}

async fn post(client: &Client, url: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let response = client.post(url).form(fields).send().await.expect("post");
    (response.status(), response.text().await.expect("body"))
}

async fn open_exchange(app: &TestApp) -> i64 {
    let edit = accord_store::ExchangeEdit {
        title: "Safety next year".into(),
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
    assert!(
        app.store
            .transition_exchange(exchange.id, Draft, Open)
            .await
            .expect("open")
    );
    exchange.id
}

/// A participant's browser, joined to exchange `id`.
async fn participant(app: &TestApp, id: i64) -> Client {
    let client = browser();
    let (_, html) = get(&client, &app.url(&format!("/exchanges/{id}"))).await;
    let (status, _) = post(
        &client,
        &app.url(&format!("/exchanges/{id}/join")),
        &[("_csrf", &csrf_of(&html)), ("group", "parent")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    client
}

/// Shares `text` from the exchange page; returns the page shown after.
async fn share(app: &TestApp, client: &Client, id: i64, text: &str) -> String {
    let (_, html) = get(client, &app.url(&format!("/exchanges/{id}"))).await;
    let (status, html) = post(
        client,
        &app.url(&format!("/exchanges/{id}/thoughts")),
        &[("_csrf", &csrf_of(&html)), ("text", text)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    html
}

/// A browser signed in as a new staff member with `role`.
async fn facilitator(app: &TestApp, role: Role) -> Client {
    let email = app.staff(role, PASSWORD).await;
    let client = browser();
    let (_, html) = get(&client, &app.url("/login")).await;
    // Signing in lands on /manage, which only those who run exchanges may see.
    let (status, _) = post(
        &client,
        &app.url("/login"),
        &[
            ("_csrf", &csrf_of(&html)),
            ("email", &email),
            ("password", PASSWORD),
        ],
    )
    .await;
    let expected = if role.may_run_exchanges() {
        StatusCode::OK
    } else {
        StatusCode::FORBIDDEN
    };
    assert_eq!(status, expected);
    client
}

async fn queue_json(app: &TestApp, token: &str, id: i64) -> Value {
    let response = Client::new()
        .get(app.url(&format!("/api/v1/exchanges/{id}/moderation")))
        .bearer_auth(token)
        .send()
        .await
        .expect("queue");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

async fn api_post(app: &TestApp, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
    let response = Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("post");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn api_join(app: &TestApp, id: i64) -> String {
    let response = Client::new()
        .post(app.url(&format!("/api/v1/exchanges/{id}/participants")))
        .json(&json!({ "group": "student" }))
        .send()
        .await
        .expect("join");
    let body: Value = response.json().await.expect("json");
    body["token"].as_str().expect("token").to_owned()
}

/// The texts a participant is offered, starring until nothing is left (skipping each).
async fn offered(app: &TestApp, client: &Client, id: i64) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..20 {
        let (_, html) = get(client, &app.url(&format!("/exchanges/{id}/star"))).await;
        let Some(start) = html.find("name=\"thought_id\" value=\"") else {
            return seen;
        };
        let thought_id: String = html[start + 25..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let quote = html.find("id=\"thought-text\">").expect("thought text") + 18;
        let text = html[quote..].split("</blockquote>").next().expect("end");
        seen.push(text.to_owned());
        post(
            client,
            &app.url(&format!("/exchanges/{id}/star")),
            &[
                ("_csrf", &csrf_of(&html)),
                ("thought_id", &thought_id),
                ("skip", "1"),
            ],
        )
        .await;
    }
    panic!("more thoughts offered than were shared");
}

async fn a_held_thought_is_reviewed_and_others_see_only_the_redacted_text(app: TestApp) {
    let id = open_exchange(&app).await;
    let writer = participant(&app, id).await;
    // Fullwidth digits and a zero-width space do not hide the phone number.
    let written = "The gate code is broken, call me at ５５５-８６７\u{200B}-５３０９ any time";
    let html = share(&app, &writer, id, written).await;
    assert!(
        html.contains("a facilitator will review it"),
        "the writer is told kindly"
    );
    assert!(html.contains(written) && html.contains("Waiting for review"));
    share(&app, &writer, id, "More counselors, fewer cameras").await;

    let reader = participant(&app, id).await;
    assert_eq!(
        offered(&app, &reader, id).await,
        vec!["More counselors, fewer cameras"],
        "a held thought is never offered"
    );

    let fay = facilitator(&app, Role::Facilitator).await;
    let (_, manage) = get(&fay, &app.url(&format!("/manage/exchanges/{id}"))).await;
    assert!(manage.contains("1 thought waiting for review"), "{manage}");
    let queue_url = app.url(&format!("/manage/exchanges/{id}/moderation"));
    let (status, queue) = get(&fay, &queue_url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        queue.contains("<mark>５５５-８６７\u{200B}-５３０９</mark>"),
        "what the screen matched is highlighted"
    );
    assert!(queue.contains("[phone number]"));
    let redacted = "The gate code is broken, call me at [removed] any time";
    assert!(queue.contains(redacted), "the redaction is offered");

    let thought_id = app
        .store
        .review_queue(id, 10)
        .await
        .expect("queue")
        .first()
        .expect("held")
        .thought_id;
    let decide_url = app.url(&format!("/manage/exchanges/{id}/moderation/{thought_id}"));
    let token = csrf_of(&queue);
    let edited = "The gate code is broken, call me at [removed]";
    let (status, html) = post(
        &fay,
        &decide_url,
        &[
            ("_csrf", &token),
            ("decision", "redact"),
            ("text", edited),
            ("reason", " "),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Please give a reason"),
        "the rule is explained"
    );
    assert!(html.contains(edited), "the edited text is kept");
    let (status, html) = post(
        &fay,
        &decide_url,
        &[
            ("_csrf", &token),
            ("decision", "redact"),
            ("text", edited),
            ("reason", "Useful; the phone number is private"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Decision saved") && html.contains("Nothing is waiting for review"));
    assert!(
        html.contains("Useful; the phone number is private") && html.contains(written),
        "the record keeps the reason and the writer's text"
    );

    let later = participant(&app, id).await;
    let seen = offered(&app, &later, id).await;
    assert!(seen.contains(&edited.to_owned()), "{seen:?}");
    assert!(!seen.iter().any(|t| t.contains("５３０９")));
}

async fn a_writer_at_risk_sees_help_and_the_facilitator_is_alerted(app: TestApp) {
    let id = open_exchange(&app).await;
    let writer = participant(&app, id).await;
    let html = share(
        &app,
        &writer,
        id,
        "Honestly some days I want to die at school",
    )
    .await;
    for line in [
        "You are not alone",
        "988",
        "HOME to 741741",
        "trusted adult at school",
    ] {
        assert!(html.contains(line), "help resources: {line}");
    }
    let spanish = participant(&app, id).await;
    let (_, page) = get(&spanish, &app.url("/lang/es")).await;
    assert!(page.contains("lang=\"es\""));
    let html = share(&app, &spanish, id, "No quiero vivir así").await;
    for line in [
        "No está solo",
        "988",
        "741741",
        "adulto de confianza en la escuela",
    ] {
        assert!(html.contains(line), "Spanish help resources: {line}");
    }

    let admin = facilitator(&app, Role::ProgramAdmin).await;
    let (_, manage) = get(&admin, &app.url(&format!("/manage/exchanges/{id}"))).await;
    assert!(manage.contains("role=\"alert\"") && manage.contains("may be at risk of self-harm"));
    let (_, queue) = get(
        &admin,
        &app.url(&format!("/manage/exchanges/{id}/moderation")),
    )
    .await;
    assert!(queue.contains("Self-harm alerts") && queue.contains("[self-harm signal]"));

    let token = api_join(&app, id).await;
    let (status, shared) = api_post(
        &app,
        &format!("/api/v1/exchanges/{id}/thoughts"),
        &token,
        json!({ "text": "I think about suicide a lot" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(shared["status"], "held");
    let help = shared["help_resources"].to_string();
    assert!(help.contains("988") && help.contains("741741"), "{help}");
    let staff = app.staff_token(Role::Facilitator).await;
    let queue = queue_json(&app, &staff, id).await;
    assert_eq!(queue["counts"]["open_alerts"], 3);
    assert_eq!(
        queue["alerts"][0]["notified_at"],
        Value::Null,
        "kept to email later"
    );
}

async fn participants_report_thoughts_by_form_and_by_api(app: TestApp) {
    let id = open_exchange(&app).await;
    let writer = participant(&app, id).await;
    share(&app, &writer, id, "The late bus driver should be replaced").await;
    let thought_id = app
        .store
        .thought_tallies(id)
        .await
        .expect("thoughts")
        .first()
        .expect("visible")
        .id;

    let reader = participant(&app, id).await;
    let (_, star) = get(&reader, &app.url(&format!("/exchanges/{id}/star"))).await;
    let report_url = format!("/exchanges/{id}/thoughts/{thought_id}/report");
    assert!(
        star.contains(&report_url),
        "the star page links to a report"
    );
    let (status, form) = get(&reader, &app.url(&report_url)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("The late bus driver should be replaced"));
    let (status, html) = post(
        &reader,
        &app.url(&report_url),
        &[("_csrf", &csrf_of(&form)), ("note", "kept note")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Please choose why") && html.contains("kept note"));
    let (status, html) = post(
        &reader,
        &app.url(&report_url),
        &[
            ("_csrf", &csrf_of(&form)),
            ("reason", "abuse"),
            ("note", "singles out a person"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Thank you for telling us"));
    assert!(
        !html.contains("name=\"thought_id\""),
        "a reported thought is not offered again"
    );
    let (_, html) = post(
        &reader,
        &app.url(&report_url),
        &[("_csrf", &csrf_of(&form)), ("reason", "spam")],
    )
    .await;
    assert!(
        html.contains("already reported"),
        "one report per participant"
    );

    let path = format!("/api/v1/exchanges/{id}/reports");
    let first = api_join(&app, id).await;
    let (status, body) = api_post(
        &app,
        &path,
        &first,
        json!({ "thought_id": thought_id, "reason": "personal_information" }),
    )
    .await;
    assert_eq!(
        (status, body["held"].clone()),
        (StatusCode::CREATED, json!(false))
    );
    let (status, body) = api_post(
        &app,
        &path,
        &first,
        json!({ "thought_id": thought_id, "reason": "abuse" }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = api_post(
        &app,
        &path,
        &first,
        json!({ "thought_id": thought_id, "reason": "boring" }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["field"], "reason");
    let (status, _) = api_post(
        &app,
        &path,
        &first,
        json!({ "thought_id": thought_id + 99, "reason": "spam" }),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // One report by form and two by the API: with the threshold of three it is held.
    let second = api_join(&app, id).await;
    let (status, body) = api_post(
        &app,
        &path,
        &second,
        json!({ "thought_id": thought_id, "reason": "other", "note": "named" }),
    )
    .await;
    assert_eq!(
        (status, body["held"].clone()),
        (StatusCode::CREATED, json!(true))
    );
    let staff = app.staff_token(Role::Facilitator).await;
    let summary: Value = Client::new()
        .get(app.url(&format!("/api/v1/exchanges/{id}/summary")))
        .bearer_auth(&staff)
        .send()
        .await
        .expect("summary")
        .json()
        .await
        .expect("json");
    assert_eq!(summary["moderation"]["held"], 1, "{summary}");
    let public: Value = Client::new()
        .get(app.url(&format!("/api/v1/exchanges/{id}/summary")))
        .send()
        .await
        .expect("summary")
        .json()
        .await
        .expect("json");
    assert!(public.get("moderation").is_none(), "counts are for staff");
    let queue = queue_json(&app, &staff, id).await;
    let reports = queue["items"][0]["reports"].to_string();
    assert!(reports.contains("singles out a person") && reports.contains("personal_information"));
    assert!(!reports.contains("participant"), "never who reported");
}

async fn hidden_thoughts_never_reach_results_exports_or_insight(app: TestApp) {
    let id = open_exchange(&app).await;
    let writer = participant(&app, id).await;
    share(&app, &writer, id, "Mr. Henderson is a moron and a loser").await;
    share(&app, &writer, id, "Publish the agreement in Spanish").await;
    let staff = app.staff_token(Role::Facilitator).await;
    let queue = queue_json(&app, &staff, id).await;
    let thought_id = queue["items"][0]["thought_id"].as_i64().expect("held");
    let kinds = queue["items"][0]["flags"].to_string();
    assert!(
        kinds.contains("person_name") && kinds.contains("abuse"),
        "{kinds}"
    );
    let decide = format!("/api/v1/exchanges/{id}/moderation/{thought_id}");
    let (status, body) = api_post(
        &app,
        &decide,
        &staff,
        json!({ "decision": "erase", "reason": "x" }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = api_post(
        &app,
        &decide,
        &staff,
        json!({ "decision": "hide", "reason": "Insults a named teacher" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["status_after"], "hidden");
    assert!(
        body["text_before"]
            .as_str()
            .expect("kept")
            .contains("Henderson")
    );

    let closed = app
        .store
        .transition_exchange(id, Open, Closed)
        .await
        .expect("close");
    let published = app
        .store
        .transition_exchange(id, Closed, Published)
        .await
        .expect("publish");
    assert!(closed && published);
    let anyone = browser();
    for path in [
        format!("/exchanges/{id}/results"),
        format!("/exchanges/{id}/export.csv"),
        format!("/api/v1/exchanges/{id}/results"),
        format!("/api/v1/exchanges/{id}/insight"),
    ] {
        let (status, body) = get(&anyone, &app.url(&path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(!body.contains("Henderson"), "{path} shows a hidden thought");
    }
    let (_, results) = get(
        &anyone,
        &app.url(&format!("/api/v1/exchanges/{id}/results")),
    )
    .await;
    assert!(results.contains("Publish the agreement in Spanish"));
    let still_kept = app.store.thought(thought_id).await.expect("read");
    assert!(
        still_kept.is_some_and(|t| t.status == "hidden"),
        "nothing is deleted"
    );
}

async fn moderation_routes_check_roles_and_districts(app: TestApp) {
    let id = open_exchange(&app).await;
    let writer = participant(&app, id).await;
    share(&app, &writer, id, "Email me: kid@example.com").await;
    let thought_id = app.store.review_queue(id, 10).await.expect("queue")[0].thought_id;
    let queue_path = format!("/api/v1/exchanges/{id}/moderation");
    let decide_path = format!("/api/v1/exchanges/{id}/moderation/{thought_id}");
    let decision = json!({ "decision": "approve", "reason": "fine" });

    let no_redirects = Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("client");
    let page = no_redirects
        .get(app.url(&format!("/manage/exchanges/{id}/moderation")))
        .send()
        .await
        .expect("get");
    assert_eq!(
        page.status(),
        StatusCode::SEE_OTHER,
        "anonymous: sign in first"
    );
    let anonymous = Client::new()
        .get(app.url(&queue_path))
        .send()
        .await
        .expect("get");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let participant_token = api_join(&app, id).await;
    let (status, _) = api_post(&app, &decide_path, &participant_token, decision.clone()).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "participants do not moderate"
    );
    let (_, html) = get(
        &writer,
        &app.url(&format!("/manage/exchanges/{id}/moderation")),
    )
    .await;
    assert!(
        html.contains("Sign in"),
        "a participant's browser is sent to sign in"
    );

    for role in [Role::RecordsClerk, Role::Investigator, Role::AgencyLiaison] {
        let token = app.staff_token(role).await;
        let response = Client::new()
            .get(app.url(&queue_path))
            .bearer_auth(&token)
            .send()
            .await
            .expect("get");
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role}");
        let (status, _) = api_post(&app, &decide_path, &token, decision.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
        let client = facilitator(&app, role).await;
        let (status, _) = get(
            &client,
            &app.url(&format!("/manage/exchanges/{id}/moderation")),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role} page");
    }

    // A facilitator of another district sees nothing of this one.
    let other = app
        .store
        .ensure_district("other", "Other District")
        .await
        .expect("district");
    let hash = accord_web::auth::hash_password(PASSWORD.into())
        .await
        .expect("hash");
    let outsider = app
        .store
        .add_user(accord_store::NewUser {
            district_id: other.id,
            email: "outsider@other.example",
            name: "Outsider",
            role: Role::Facilitator,
            password_hash: &hash,
        })
        .await
        .expect("user");
    let token = accord_web::auth::new_staff_token();
    app.store
        .create_api_token(outsider.id, &accord_web::auth::hash_token(&token))
        .await
        .expect("token");
    let response = Client::new()
        .get(app.url(&queue_path))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let (status, _) = api_post(&app, &decide_path, &token, decision.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let admin = app.staff_token(Role::ProgramAdmin).await;
    assert_eq!(queue_json(&app, &admin, id).await["counts"]["held"], 1);
    let (status, _) = api_post(&app, &decide_path, &admin, decision).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = api_post(
        &app,
        &format!("/api/v1/exchanges/{id}/moderation/{}", thought_id + 99),
        &admin,
        json!({ "decision": "approve", "reason": "fine" }),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn hostile_text_is_escaped_screened_and_kept(app: TestApp) {
    let id = open_exchange(&app).await;
    let token = api_join(&app, id).await;
    let long_word = "w".repeat(480);
    let hostile = [
        "<script>alert('pwned')</script> write to j\u{200B}o\u{200D}e@exаmple.com",
        "\u{202E}moc.elpmaxe@eoj\u{202C} is mirrored; call ５５５ ８６７ ５３０９",
        "Mixed scripts: Привет, مرحبا, 你好, hola — <img src=x onerror=alert(1)>",
        long_word.as_str(),
    ];
    let mut statuses = Vec::new();
    for text in hostile {
        let (status, body) = api_post(
            &app,
            &format!("/api/v1/exchanges/{id}/thoughts"),
            &token,
            json!({ "text": text }),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        statuses.push(body["status"].as_str().expect("status").to_owned());
    }
    assert_eq!(statuses, ["held", "held", "visible", "visible"]);

    let fay = facilitator(&app, Role::Facilitator).await;
    let (_, queue) = get(
        &fay,
        &app.url(&format!("/manage/exchanges/{id}/moderation")),
    )
    .await;
    assert!(!queue.contains("<script>alert"), "script tags are escaped");
    assert!(queue.contains("&#60;script&#62;") || queue.contains("&lt;script&gt;"));
    assert!(queue.contains("[email address]") && queue.contains("[phone number]"));

    let reader = participant(&app, id).await;
    let (_, star) = get(&reader, &app.url(&format!("/exchanges/{id}/star"))).await;
    assert!(
        !star.contains("<img src=x"),
        "markup in a thought is escaped"
    );
    assert!(star.contains("class=\"thought\""));
    let (_, css) = get(&reader, &app.url("/assets/app.css")).await;
    assert!(
        css.contains("blockquote.thought") && css.contains("overflow-wrap: anywhere"),
        "very long words wrap instead of widening the page"
    );
    assert_eq!(offered(&app, &reader, id).await.len(), 2);
}
