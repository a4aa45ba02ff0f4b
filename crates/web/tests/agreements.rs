//! Agreements over HTTP, on both backends: who may use which route, adoption refused while required
//! contents or the community's part are missing, publication and the permanent public record, the
//! comparison of two versions, and the pages' refusals with the typed text kept, in Spanish too.

mod common;

use accord_domain::roles::Role;
use accord_store::{Actor, ExchangeEdit};
use common::{TestApp, csrf_of};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    every_agreement_route_checks_the_role_and_the_agency,
    adoption_waits_for_the_contents_and_the_community_then_publication_is_permanent,
    the_pages_refuse_with_the_typed_text_kept_and_speak_spanish,
    the_board_policy_is_adopted_and_published_beside_the_agreements,
);

struct Api {
    client: Client,
    app: TestApp,
}

impl Api {
    fn new(app: TestApp) -> Api {
        Api {
            client: Client::new(),
            app,
        }
    }
    async fn send(
        &self,
        method: Method,
        token: Option<&str>,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.client.request(method, self.app.url(path));
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
    async fn get(&self, token: &str, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, Some(token), path, None).await
    }
    async fn post(&self, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, Some(token), path, Some(body)).await
    }
    async fn put(&self, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::PUT, Some(token), path, Some(body)).await
    }
}

async fn agency(api: &Api, admin: &str, name: &str) -> i64 {
    let (status, agency) = api
        .post(
            admin,
            "/api/v1/program/agencies",
            json!({"name": name, "kind": "law_enforcement"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{agency}");
    agency["id"].as_i64().expect("id")
}

/// An agreement through the API; returns (agreement id, first version id).
async fn agreement(api: &Api, admin: &str, agency: i64, year: &str) -> (i64, i64) {
    let (status, created) = api
        .post(
            admin,
            "/api/v1/program/agreements",
            json!({"agency": agency, "school_year": year, "title": "Agreement with the police"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    (
        created["id"].as_i64().expect("id"),
        created["versions"][0]["id"].as_i64().expect("version"),
    )
}

async fn exchange(app: &TestApp, title: &str) -> i64 {
    app.store
        .create_exchange(
            app.district.id,
            None,
            &ExchangeEdit {
                title: title.into(),
                question: "What would make school feel safe?".into(),
                context: String::new(),
                groups: Vec::new(),
                invitation_code: None,
                results_public: true,
            },
        )
        .await
        .expect("exchange")
        .id
}

/// Every required content, each in a section with text.
/// A listening session of the test district, whose themes should stand beside the draft.
async fn listening_session(app: &TestApp) -> i64 {
    let session = app
        .store
        .create_listening_session(
            app.district.id,
            &Actor::process("test"),
            &accord_store::NewListeningSession {
                school_id: None,
                title: "Families on safety".into(),
                description: String::new(),
                starts_at: 1_700_000_000,
                ends_at: 1_700_005_400,
                time_zone: "pacific".into(),
                place: "Library".into(),
                online_url: String::new(),
                languages: vec!["English".into()],
                interpretation: Vec::new(),
                capacity: 30,
                cancelled: false,
            },
        )
        .await
        .expect("session");
    app.store
        .record_listening_outcome(
            &Actor::process("test"),
            session.id,
            "",
            "Families asked for fewer officers at lunch.",
            &[accord_store::SessionTheme {
                label: "Presence at lunch".into(),
                detail: String::new(),
            }],
        )
        .await
        .expect("outcome");
    session.id
}

fn complete_sections(discipline: &str) -> Value {
    let required = [
        ("Hiring and placement", "hiring_and_placement"),
        ("Evaluation", "performance_evaluation"),
        ("Training", "training_confirmation_or_plan"),
        ("Discipline", "discipline_role"),
        ("Intervention", "intervention_circumstances"),
        ("Climate", "school_climate"),
        ("Complaints", "complaint_process"),
    ];
    Value::Array(
        required
            .iter()
            .map(|(heading, key)| {
                let body = if *key == "discipline_role" {
                    discipline.to_owned()
                } else {
                    format!("What the district and the agency agreed on {heading}.")
                };
                json!({"heading": heading, "body": body, "covers": [key]})
            })
            .collect(),
    )
}

async fn liaison_token(app: &TestApp, agency_id: i64) -> String {
    let token = app.staff_token(Role::AgencyLiaison).await;
    let user = app
        .store
        .user_by_api_token(&accord_web::auth::hash_token(&token))
        .await
        .expect("lookup")
        .expect("user");
    app.store
        .link_user_to_agency(&Actor::process("test"), &user, agency_id)
        .await
        .expect("link");
    token
}

async fn every_agreement_route_checks_the_role_and_the_agency(app: TestApp) {
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let clerk = app.staff_token(Role::RecordsClerk).await;
    let facilitator = app.staff_token(Role::Facilitator).await;
    let investigator = app.staff_token(Role::Investigator).await;
    let api = Api::new(app);
    let police = agency(&api, &admin, "Test Police").await;
    let guards = agency(&api, &admin, "Test Guards").await;
    let own_liaison = liaison_token(&api.app, police).await;
    let other_liaison = liaison_token(&api.app, guards).await;
    let exchange_id = exchange(&api.app, "Safety").await;
    let session_id = listening_session(&api.app).await;
    let (id, version) = agreement(&api, &admin, police, "2026-27").await;
    let base = format!("/api/v1/program/agreements/{id}");

    for path in [
        "/api/v1/program/agreements".to_owned(),
        base.clone(),
        format!("{base}/compare?from=1&to=1"),
    ] {
        let expect_detail = path != "/api/v1/program/agreements";
        for (who, token, expected) in [
            ("admin", &admin, StatusCode::OK),
            ("clerk", &clerk, StatusCode::OK),
            ("own liaison", &own_liaison, StatusCode::OK),
            (
                "other agency's liaison",
                &other_liaison,
                if expect_detail {
                    StatusCode::NOT_FOUND
                } else {
                    StatusCode::OK
                },
            ),
            ("facilitator", &facilitator, StatusCode::FORBIDDEN),
            ("investigator", &investigator, StatusCode::FORBIDDEN),
        ] {
            assert_eq!(api.get(token, &path).await.0, expected, "{who} GET {path}");
        }
        let (status, _) = api.send(Method::GET, None, &path, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous GET {path}");
    }
    let (_, seen) = api.get(&other_liaison, "/api/v1/program/agreements").await;
    assert_eq!(seen, json!([]), "a liaison sees their own agency's only");

    let writes = [
        (
            Method::POST,
            "/api/v1/program/agreements".to_owned(),
            json!({"agency": police, "school_year": "2027-28", "title": "Next"}),
            StatusCode::CREATED,
        ),
        (
            Method::PUT,
            format!("{base}/versions/{version}/sections"),
            complete_sections("Never."),
            StatusCode::OK,
        ),
        (
            Method::POST,
            format!("{base}/exchanges"),
            json!({"exchange_id": exchange_id}),
            StatusCode::NO_CONTENT,
        ),
        (
            Method::POST,
            format!("{base}/sessions"),
            json!({"session_id": session_id}),
            StatusCode::NO_CONTENT,
        ),
        (
            Method::POST,
            format!("{base}/comments"),
            json!({"source": "PTA", "body": "Fewer officers.", "received_on": "2026-03-01"}),
            StatusCode::CREATED,
        ),
        (
            Method::POST,
            format!("{base}/versions/{version}/state"),
            json!({"state": "community_review"}),
            StatusCode::OK,
        ),
    ];
    for (method, path, body, allowed) in writes {
        for (who, token, expected) in [
            ("clerk", &clerk, StatusCode::FORBIDDEN),
            ("own liaison", &own_liaison, StatusCode::FORBIDDEN),
            ("facilitator", &facilitator, StatusCode::FORBIDDEN),
            ("admin", &admin, allowed),
        ] {
            let (status, answer) = api
                .send(method.clone(), Some(token), &path, Some(body.clone()))
                .await;
            assert_eq!(status, expected, "{who} {method} {path}: {answer}");
        }
        let (status, _) = api.send(method.clone(), None, &path, Some(body)).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "anonymous {method} {path}"
        );
    }
    let (status, problem) = api
        .post(&admin, &format!("{base}/versions"), json!({}))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a version is still being edited: {problem}"
    );
    assert_eq!(
        api.post(&clerk, &format!("{base}/versions"), json!({}))
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    // The pages follow the same rules.
    let clerk_browser = api.app.signed_in(Role::RecordsClerk).await;
    let facilitator_browser = api.app.signed_in(Role::Facilitator).await;
    let admin_browser = api.app.signed_in(Role::ProgramAdmin).await;
    for path in [
        "/program/agreements".to_owned(),
        format!("/program/agreements/{id}"),
        format!("/program/agreements/{id}/compare?from=1&to=1"),
    ] {
        for (who, browser, expected) in [
            ("admin", &admin_browser, StatusCode::OK),
            ("clerk", &clerk_browser, StatusCode::OK),
            ("facilitator", &facilitator_browser, StatusCode::FORBIDDEN),
        ] {
            let response = browser.get(api.app.url(&path)).send().await.expect("get");
            assert_eq!(response.status(), expected, "{who} {path}");
        }
    }
    let html = page(
        &clerk_browser,
        &api.app,
        &format!("/program/agreements/{id}"),
    )
    .await;
    assert!(
        !html.contains("/versions/") && html.contains("Never."),
        "a clerk reads the text without the forms"
    );
    assert!(
        html.contains("Presence at lunch") && html.contains("fewer officers at lunch"),
        "the linked session's summary and themes stand beside the draft"
    );
    let csrf = csrf_of(&page(&clerk_browser, &api.app, "/program/agreements").await);
    for path in [
        "/program/agreements".to_owned(),
        format!("/program/agreements/{id}/versions"),
        format!("/program/agreements/{id}/versions/{version}/sections"),
        format!("/program/agreements/{id}/versions/{version}/state"),
        format!("/program/agreements/{id}/exchanges"),
        format!("/program/agreements/{id}/sessions"),
        format!("/program/agreements/{id}/comments"),
    ] {
        let response = clerk_browser
            .post(api.app.url(&path))
            .form(&[("_csrf", csrf.as_str()), ("title", "x")])
            .send()
            .await
            .expect("post");
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "clerk POST {path}"
        );
    }
    let anonymous = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let response = anonymous
        .get(api.app.url("/program/agreements"))
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = anonymous
        .get(api.app.url("/districts/test/agreements"))
        .send()
        .await
        .expect("get");
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the public page is public"
    );
}

async fn adoption_waits_for_the_contents_and_the_community_then_publication_is_permanent(
    app: TestApp,
) {
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let api = Api::new(app);
    let police = agency(&api, &admin, "Test Police").await;
    let (id, version) = agreement(&api, &admin, police, "2026-27").await;
    let base = format!("/api/v1/program/agreements/{id}");
    let state = format!("{base}/versions/{version}/state");

    let adopt = json!({"state": "adopted", "adopted_on": "2026-06-10"});
    let (status, problem) = api.post(&admin, &state, adopt.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let detail = problem["detail"].as_str().expect("detail");
    assert!(
        detail.contains("required contents are missing")
            && detail.contains("Hiring and placement process")
            && detail.contains("Complaint process"),
        "the refusal names what is missing: {detail}"
    );
    let (_, shown) = api.get(&admin, &base).await;
    assert_eq!(
        shown["versions"][0]["missing"]
            .as_array()
            .expect("missing")
            .len(),
        7,
        "a first draft has a section per required content, none written yet"
    );

    let (status, saved) = api
        .put(
            &admin,
            &format!("{base}/versions/{version}/sections"),
            complete_sections("Officers do not take part in school discipline."),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["missing"], json!([]));
    let (status, problem) = api.post(&admin, &state, adopt.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .contains("community"),
        "{problem}"
    );
    let exchange_id = exchange(&api.app, "Officers on campus").await;
    let (status, _) = api
        .post(
            &admin,
            &format!("{base}/exchanges"),
            json!({"exchange_id": exchange_id}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, problem) = api
        .post(
            &admin,
            &state,
            json!({"state": "adopted", "adopted_on": ""}),
        )
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("adopted_on"))
    );
    let (status, adopted) = api.post(&admin, &state, adopt).await;
    assert_eq!(status, StatusCode::OK, "{adopted}");
    assert_eq!(adopted["adopted_on"], "2026-06-10");
    let (status, problem) = api
        .post(&admin, &state, json!({"state": "published"}))
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "OSPI first: {problem}"
    );
    let (status, problem) = api
        .post(
            &admin,
            &state,
            json!({"state": "submitted_to_ospi", "submitted_on": "2026-06-01"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    for body in [
        json!({"state": "submitted_to_ospi", "submitted_on": "2026-06-20"}),
        json!({"state": "published"}),
    ] {
        let (status, moved) = api.post(&admin, &state, body).await;
        assert_eq!(status, StatusCode::OK, "{moved}");
    }
    let (status, problem) = api
        .put(
            &admin,
            &format!("{base}/versions/{version}/sections"),
            json!([]),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "published text never changes: {problem}"
    );

    let anonymous = Client::new();
    let public = format!("/districts/test/agreements/{version}");
    let first_read = page(&anonymous, &api.app, &public).await;
    assert!(first_read.contains("Officers do not take part in school discipline."));
    let listing = page(&anonymous, &api.app, "/districts/test/agreements").await;
    assert!(listing.contains(&format!("/districts/test/agreements/{version}")));
    let (status, published) = api
        .send(Method::GET, None, "/api/v1/districts/test/agreements", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(published[0]["version"]["id"], version);

    // A second version changes the text; the first stays as published.
    let (status, second) = api
        .post(&admin, &format!("{base}/versions"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    let second_id = second["id"].as_i64().expect("id");
    let unpublished = format!("/districts/test/agreements/{second_id}");
    let response = anonymous
        .get(api.app.url(&unpublished))
        .send()
        .await
        .expect("get");
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "not yet published"
    );
    let (status, _) = api
        .put(
            &admin,
            &format!("{base}/versions/{second_id}/sections"),
            complete_sections("Officers never take part in any school discipline."),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        page(&anonymous, &api.app, &public).await,
        first_read,
        "the published version never changes"
    );
    let (status, comparison) = api
        .get(&admin, &format!("{base}/compare?from=1&to=2"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let changed: Vec<&Value> = comparison["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .filter(|s| s["change"] == "changed")
        .collect();
    assert_eq!(changed.len(), 1, "{comparison}");
    assert_eq!(changed[0]["heading"], "Discipline");

    let browser = api.app.signed_in(Role::ProgramAdmin).await;
    let html = page(
        &browser,
        &api.app,
        &format!("/program/agreements/{id}/compare?from=1&to=2"),
    )
    .await;
    assert!(
        html.contains("<del>") && html.contains("do not") && html.contains("<ins>"),
        "the comparison marks removed and added words"
    );
    assert!(html.contains("never"), "{html}");
    let list = page(&browser, &api.app, "/program/agreements").await;
    assert!(
        list.contains("Yearly review") && list.contains("2027-06-10"),
        "the review reminder counts from the adoption"
    );
}

async fn the_pages_refuse_with_the_typed_text_kept_and_speak_spanish(app: TestApp) {
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let api = Api::new(app);
    let police = agency(&api, &admin, "Valley Police").await;
    let browser = api.app.signed_in(Role::ProgramAdmin).await;
    let html = page(&browser, &api.app, "/program/agreements").await;
    let csrf = csrf_of(&html);
    let police_text = police.to_string();
    let response = browser
        .post(api.app.url("/program/agreements"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("agency", police_text.as_str()),
            ("school_year", "2026-28"),
            ("title", "Kept title"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    assert!(html.contains("is not a school year") && html.contains("value=\"Kept title\""));
    let response = browser
        .post(api.app.url("/program/agreements"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("agency", police_text.as_str()),
            ("school_year", "2026-27"),
            ("title", "Valley agreement"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::OK);
    let agreement_path = response.url().path().to_owned();
    let html = response.text().await.expect("html");
    assert!(html.contains("Required contents") && html.contains("Missing"));
    let action = html
        .split("action=\"")
        .map(|rest| rest.split('"').next().unwrap_or_default())
        .find(|a| a.ends_with("/sections"))
        .expect("a section form")
        .to_owned();
    let response = browser
        .post(api.app.url(&action))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("index", ""),
            ("heading", ""),
            ("body", "A body worth keeping"),
            ("covers", "school_climate"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    assert!(html.contains("cannot be empty") && html.contains("A body worth keeping"));
    let response = browser
        .post(api.app.url(&action))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("index", "0"),
            ("heading", "Hiring"),
            ("body", "Chosen together."),
            ("covers", "hiring_and_placement"),
            ("covers", "performance_evaluation"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("html");
    assert!(html.contains("Chosen together.") && html.contains("Saved."));
    let state_action = action.replace("/sections", "/state");
    let response = browser
        .post(api.app.url(&state_action))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("state", "adopted"),
            ("adopted_on", "2026-06-10"),
            ("submitted_on", ""),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    assert!(
        html.contains("Refused") && html.contains("Training confirmation or plan"),
        "the refusal names what is missing"
    );
    assert!(
        !html.contains("missing: Hiring"),
        "covered contents are not listed"
    );
    let spanish = browser
        .get(api.app.url(&agreement_path))
        .header("accept-language", "es")
        .send()
        .await
        .expect("es")
        .text()
        .await
        .expect("html");
    assert!(spanish.contains("Contenidos obligatorios") && spanish.contains("Borrador"));
    let public = browser
        .get(api.app.url("/districts/test/agreements"))
        .header("accept-language", "es")
        .send()
        .await
        .expect("es")
        .text()
        .await
        .expect("html");
    assert!(public.contains("Todavía no se ha publicado"));
}

async fn page(client: &Client, app: &TestApp, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.expect("get");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.expect("html")
}

/// The board policy (R1): started by program admins only, edited and moved on through the
/// agreements' routes with R1's checklist (no community record, no OSPI step), public once published,
/// with its history and its last changes, and linked from the program page.
async fn the_board_policy_is_adopted_and_published_beside_the_agreements(app: TestApp) {
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let others = [
        app.staff_token(Role::Facilitator).await,
        app.staff_token(Role::RecordsClerk).await,
        app.staff_token(Role::Investigator).await,
    ];
    let api = Api::new(app);
    let start = json!({"title": "Policy 3225: school safety staff"});
    for token in &others {
        let (status, _) = api
            .post(token, "/api/v1/program/policy", start.clone())
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = api
        .send(
            Method::POST,
            None,
            "/api/v1/program/policy",
            Some(start.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = api
        .send(Method::GET, None, "/api/v1/districts/test/policy", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing public yet");
    let (status, created) = api
        .post(&admin, "/api/v1/program/policy", start.clone())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["kind"], "board_policy");
    let first = &created["versions"][0];
    assert_eq!(
        first["missing"],
        json!([
            "discipline_role",
            "intervention_circumstances",
            "school_climate",
            "complaint_process",
            "complaint_investigation"
        ]),
        "R1's checklist"
    );
    let (status, _) = api.post(&admin, "/api/v1/program/policy", start).await;
    assert_eq!(status, StatusCode::CONFLICT, "one policy per district");
    let id = created["id"].as_i64().expect("id");
    let version = first["id"].as_i64().expect("version");
    let base = format!("/api/v1/program/agreements/{id}");
    let policy_text = |discipline: &str| {
        json!([
            {"heading": "Discipline", "body": discipline, "covers": ["discipline_role"]},
            {"heading": "Intervention", "body": "Only for an immediate threat.", "covers": ["intervention_circumstances"]},
            {"heading": "Climate", "body": "Officers know students by name.", "covers": ["school_climate"]},
            {"heading": "Complaints", "body": "With the school or the agency, in English or Spanish; answered in writing.",
             "covers": ["complaint_process", "complaint_investigation"]}
        ])
    };
    let (status, saved) = api
        .put(
            &admin,
            &format!("{base}/versions/{version}/sections"),
            policy_text("Officers may help with discipline."),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["missing"], json!([]));
    let state = format!("{base}/versions/{version}/state");
    let (status, adopted) = api
        .post(
            &admin,
            &state,
            json!({"state": "adopted", "adopted_on": "2026-06-10"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the policy needs no community record: {adopted}"
    );
    let (status, _) = api
        .post(&admin, &state, json!({"state": "published"}))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "published once adopted, no OSPI step"
    );
    let (status, second) = api
        .send(
            Method::POST,
            Some(&admin),
            &format!("{base}/versions"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    let second = second["id"].as_i64().expect("second");
    api.put(
        &admin,
        &format!("{base}/versions/{second}/sections"),
        policy_text("Officers take no part in discipline."),
    )
    .await;
    let state = format!("{base}/versions/{second}/state");
    api.post(
        &admin,
        &state,
        json!({"state": "adopted", "adopted_on": "2026-11-02"}),
    )
    .await;
    api.post(&admin, &state, json!({"state": "published"}))
        .await;

    let (status, public) = api
        .send(Method::GET, None, "/api/v1/districts/test/policy", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(public["published"].as_array().map(Vec::len), Some(2));
    assert_eq!(public["published"][0]["adopted_on"], "2026-11-02");
    assert_eq!(public["changes"][0]["change"], "changed");
    let (_, agencies) = api.get(&admin, "/api/v1/program/agreements").await;
    assert_eq!(
        agencies,
        json!([]),
        "the policy is not an agency's agreement"
    );

    let client = Client::new();
    let program = client
        .get(api.app.url("/districts/test"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(program.contains("href=\"/districts/test/policy\""));
    let response = client
        .get(api.app.url("/districts/test/policy"))
        .header("cookie", "lang=es")
        .send()
        .await
        .expect("policy page");
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("html");
    assert!(html.contains("Policy 3225") && html.contains("2026-06-10"));
    assert!(html.contains("Qué cambió respecto de la versión anterior"));
    assert!(html.contains("<ins>") && html.contains("<del>"));

    for role in [Role::RecordsClerk, Role::ProgramAdmin] {
        let browser = api.app.signed_in(role).await;
        let html = page(&browser, &api.app, "/program/agreements").await;
        assert!(
            html.contains("Policy 3225"),
            "{role:?} sees the policy in the list"
        );
        let response = browser
            .post(api.app.url("/program/policy"))
            .form(&[("_csrf", csrf_of(&html).as_str()), ("title", "Again")])
            .send()
            .await
            .expect("post");
        let expected = if role == Role::ProgramAdmin {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(response.status(), expected, "{role:?} POST /program/policy");
    }
}
