//! Listening sessions over HTTP, on both backends: who may use which route, the public's sign-up
//! journey (bad input kept, a full session refused), what the public never sees, the Spanish pages.

mod common;

use accord_domain::roles::Role;
use common::{TestApp, csrf_of};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    every_route_checks_the_role_and_the_district,
    the_public_signs_up_until_the_session_is_full,
    staff_record_attendance_notes_summary_and_themes,
    the_spanish_pages_render,
);

/// A day a month from now, as the forms take it.
fn next_month() -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(30)).to_string()
}

async fn send(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Schedules a session through the API for `capacity` people; returns its id.
async fn scheduled(app: &TestApp, admin: &str, capacity: i64) -> i64 {
    let (status, session) = send(
        Client::new()
            .post(app.url("/api/v1/program/listening-sessions"))
            .bearer_auth(admin)
            .json(&json!({
                "title": "Officers in our schools", "date": next_month(), "starts": "18:00",
                "ends": "19:30", "place": "Cedar High library", "languages": "English, Spanish",
                "interpretation": "ASL", "capacity": capacity
            })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    assert_eq!(session["seats_left"], capacity);
    assert_eq!(session["languages"], json!(["English", "Spanish"]));
    session["id"].as_i64().expect("id")
}

async fn page(client: &Client, url: String) -> (StatusCode, String) {
    let response = client.get(url).send().await.expect("page");
    let status = response.status();
    (status, response.text().await.expect("html"))
}

async fn every_route_checks_the_role_and_the_district(app: TestApp) {
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let clerk = app.staff_token(Role::RecordsClerk).await;
    let liaison = app.staff_token(Role::AgencyLiaison).await;
    let facilitator = app.staff_token(Role::Facilitator).await;
    let investigator = app.staff_token(Role::Investigator).await;
    let id = scheduled(&app, &admin, 30).await;
    let client = Client::new();
    let base = "/api/v1/program/listening-sessions".to_owned();
    let one = format!("{base}/{id}");
    let body = json!({"title": "Renamed", "date": next_month(), "starts": "17:00", "ends": "18:00",
                      "place": "Gym", "languages": "English", "capacity": 30});

    let readers = [
        ("admin", &admin, StatusCode::OK),
        ("clerk", &clerk, StatusCode::OK),
        ("liaison", &liaison, StatusCode::OK),
        ("facilitator", &facilitator, StatusCode::FORBIDDEN),
        ("investigator", &investigator, StatusCode::FORBIDDEN),
    ];
    for path in [&base, &one] {
        for (who, token, expected) in &readers {
            let (status, _) = send(client.get(app.url(path)).bearer_auth(token)).await;
            assert_eq!(status, *expected, "{who} GET {path}");
        }
        let (status, problem) = send(client.get(app.url(path))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous GET {path}");
        assert!(problem["type"].as_str().is_some(), "problem+json");
    }
    // Only program admins change sessions and see who signed up.
    let writes = [
        ("POST", base.clone(), body.clone(), StatusCode::CREATED),
        ("PUT", one.clone(), body.clone(), StatusCode::OK),
        (
            "GET",
            format!("{one}/sign-ups"),
            Value::Null,
            StatusCode::OK,
        ),
        (
            "PUT",
            format!("{one}/attendance"),
            json!({"attended": []}),
            StatusCode::OK,
        ),
        (
            "PUT",
            format!("{one}/outcome"),
            json!({"summary": "s", "themes": []}),
            StatusCode::OK,
        ),
    ];
    for (method, path, body, allowed) in &writes {
        for (who, token) in [
            ("admin", &admin),
            ("clerk", &clerk),
            ("liaison", &liaison),
            ("facilitator", &facilitator),
            ("investigator", &investigator),
        ] {
            let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
            let mut request = client
                .request(method.clone(), app.url(path))
                .bearer_auth(token);
            if !body.is_null() {
                request = request.json(body);
            }
            let expected = if who == "admin" {
                *allowed
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(send(request).await.0, expected, "{who} {method} {path}");
        }
    }
    // Another district's admin finds nothing.
    let other = app
        .store
        .ensure_district("other", "Other District")
        .await
        .expect("district");
    let other_admin = {
        let hash = accord_web::auth::hash_password("a long enough password".into())
            .await
            .expect("hash");
        let user = app
            .store
            .add_user(accord_store::NewUser {
                district_id: other.id,
                email: "admin@other.example",
                name: "Other admin",
                role: Role::ProgramAdmin,
                password_hash: &hash,
            })
            .await
            .expect("user");
        let token = accord_web::auth::new_staff_token();
        app.store
            .create_api_token(user.id, &accord_web::auth::hash_token(&token))
            .await
            .expect("token");
        token
    };
    assert_eq!(
        send(client.get(app.url(&one)).bearer_auth(&other_admin))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(
            client
                .put(app.url(&one))
                .bearer_auth(&other_admin)
                .json(&body)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (status, listed) = send(client.get(app.url(&base)).bearer_auth(&other_admin)).await;
    assert_eq!((status, listed), (StatusCode::OK, json!([])));
    // The public: no account, this district only.
    let (status, public) =
        send(client.get(app.url("/api/v1/districts/test/listening-sessions"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(public["upcoming"].as_array().map(Vec::len), Some(2));
    assert!(
        public["upcoming"][0].get("notes").is_none(),
        "no notes in public"
    );
    assert_eq!(
        send(client.get(app.url("/api/v1/districts/other/listening-sessions")))
            .await
            .1["upcoming"],
        json!([])
    );
    assert_eq!(
        send(client.get(app.url("/api/v1/districts/nowhere/listening-sessions")))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (status, _) = send(
        client
            .post(app.url(&format!(
                "/api/v1/districts/other/listening-sessions/{id}/sign-ups"
            )))
            .json(&json!({"name": "Ana"})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a session of another district"
    );

    // The pages: staff roles as above; the public pages need no account.
    let list = app.url("/program/listening-sessions");
    let detail = app.url(&format!("/program/listening-sessions/{id}"));
    for (role, expected) in [
        (Role::ProgramAdmin, StatusCode::OK),
        (Role::RecordsClerk, StatusCode::OK),
        (Role::AgencyLiaison, StatusCode::OK),
        (Role::Facilitator, StatusCode::FORBIDDEN),
        (Role::Investigator, StatusCode::FORBIDDEN),
    ] {
        let browser = app.signed_in(role).await;
        for url in [&list, &detail] {
            assert_eq!(
                page(&browser, url.clone()).await.0,
                expected,
                "{role} {url}"
            );
        }
        if role == Role::RecordsClerk {
            let (_, html) = page(&browser, detail.clone()).await;
            assert!(
                !html.contains("action=\"/program/listening-sessions/"),
                "read-only"
            );
            let csrf = csrf_of(&html);
            for path in ["", "/attendance", "/outcome"] {
                let response = browser
                    .post(format!("{detail}{path}"))
                    .form(&[("_csrf", csrf.as_str()), ("summary", "x")])
                    .send()
                    .await
                    .expect("post");
                assert_eq!(
                    response.status(),
                    StatusCode::FORBIDDEN,
                    "clerk POST {path}"
                );
            }
        }
    }
    let anonymous = Client::new();
    let (_, html) = page(&anonymous, list.clone()).await;
    assert!(html.contains("name=\"password\""), "sent to sign in");
    let public = app.url("/districts/test/listening-sessions");
    assert_eq!(page(&anonymous, public.clone()).await.0, StatusCode::OK);
    assert_eq!(
        page(&anonymous, format!("{public}/{id}")).await.0,
        StatusCode::OK
    );
    assert_eq!(
        page(
            &anonymous,
            app.url(&format!("/districts/other/listening-sessions/{id}"))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

/// Posts the public sign-up form.
async fn sign_up(
    browser: &Client,
    url: &str,
    csrf: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut form = vec![("_csrf", csrf)];
    form.extend_from_slice(fields);
    let response = browser.post(url).form(&form).send().await.expect("post");
    let status = response.status();
    (status, response.text().await.expect("html"))
}

async fn the_public_signs_up_until_the_session_is_full(app: TestApp) {
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let id = scheduled(&app, &admin, 3).await;
    let url = app.url(&format!("/districts/test/listening-sessions/{id}"));
    let browser = Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let (status, html) = page(&browser, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("3 places left") && html.contains("ASL"));
    let csrf = csrf_of(&html);

    let (status, html) = sign_up(
        &browser,
        &url,
        &csrf,
        &[
            ("name", "  "),
            ("contact", "maria@example.org"),
            ("party_size", "2"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Please give your name"), "{html}");
    assert!(html.contains("value=\"maria@example.org\"") && html.contains("value=\"2\""));
    let (status, html) = sign_up(
        &browser,
        &url,
        &csrf,
        &[
            ("name", "María López"),
            ("contact", "call me"),
            ("party_size", "2"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("an email address or a phone number") && html.contains("María López"));

    let (status, html) = sign_up(
        &browser,
        &url,
        &csrf,
        &[
            ("name", "María López"),
            ("contact", "maria@example.org"),
            ("language", "Spanish"),
            ("needs_interpretation", "on"),
            ("party_size", "2"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("You are signed up") && html.contains("1 place left"));
    let (status, html) = sign_up(
        &browser,
        &url,
        &csrf,
        &[("name", "Ben Carter"), ("party_size", "2")],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        html.contains("Not enough places for everyone: 1 left")
            && html.contains("value=\"Ben Carter\"")
    );
    let (status, _) = sign_up(
        &browser,
        &url,
        &csrf,
        &[("name", "Ben Carter"), ("party_size", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, html) = sign_up(&browser, &url, &csrf, &[("name", "Cy Dunn")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Sorry, this session is full"));
    let (status, problem) = send(
        Client::new()
            .post(app.url(&format!(
                "/api/v1/districts/test/listening-sessions/{id}/sign-ups"
            )))
            .json(&json!({"name": "Di Evans", "party_size": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(problem["type"], "urn:accord:problem:conflict");
    // Without the form's token, nothing is taken.
    let response = Client::new()
        .post(&url)
        .form(&[("name", "Forged")])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // Nobody's name or contact is public; the program admin sees them.
    for public in [url.clone(), app.url("/districts/test/listening-sessions")] {
        let (_, html) = page(&browser, public).await;
        assert!(html.contains("Full") || html.contains("full"));
        assert!(!html.contains("María") && !html.contains("maria@example.org"));
    }
    let (_, public_json) =
        send(Client::new().get(app.url("/api/v1/districts/test/listening-sessions"))).await;
    assert!(!public_json.to_string().contains("María"));
    let staff = app.signed_in(Role::ProgramAdmin).await;
    let (_, html) = page(
        &staff,
        app.url(&format!("/program/listening-sessions/{id}")),
    )
    .await;
    assert!(html.contains("María López") && html.contains("maria@example.org"));
    assert!(html.contains("1 sign-up needs interpretation"));
    let clerk = app.signed_in(Role::RecordsClerk).await;
    let (_, html) = page(
        &clerk,
        app.url(&format!("/program/listening-sessions/{id}")),
    )
    .await;
    assert!(!html.contains("María") && html.contains("Only program administrators see"));
}

async fn staff_record_attendance_notes_summary_and_themes(app: TestApp) {
    let browser = app.signed_in(Role::ProgramAdmin).await;
    let list = app.url("/program/listening-sessions");
    let (_, html) = page(&browser, list.clone()).await;
    let csrf = csrf_of(&html);
    let date = next_month();
    let mut fields = vec![
        ("_csrf", csrf.as_str()),
        ("title", "Winter session"),
        ("date", date.as_str()),
        ("starts", "19:00"),
        ("ends", "18:00"),
        ("time_zone", "pacific"),
        ("place", "Lake Middle School cafeteria"),
        ("languages", "English, Vietnamese"),
        ("capacity", "25"),
    ];
    let response = browser
        .post(&list)
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    assert!(html.contains("must end after it starts"));
    assert!(
        html.contains("value=\"Lake Middle School cafeteria\"") && html.contains("value=\"19:00\"")
    );
    fields[4] = ("ends", "20:30");
    let response = browser
        .post(&list)
        .form(&fields)
        .send()
        .await
        .expect("post");
    let session_path = response.url().path().to_owned();
    let session_url = app.url(&session_path);
    let html = response.text().await.expect("html");
    assert!(html.contains("The session is scheduled"), "{session_url}");
    assert!(html.contains("19:00–20:30 Pacific time"));
    let id: i64 = session_path
        .rsplit('/')
        .next()
        .and_then(|id| id.parse().ok())
        .expect("id");

    for name in ["Ana", "Ben"] {
        app.store
            .sign_up_for_listening_session(
                &accord_store::Actor::process("test"),
                id,
                &accord_store::NewSignUp {
                    name: name.into(),
                    contact: String::new(),
                    language: String::new(),
                    needs_interpretation: false,
                    party_size: 1,
                },
                0,
            )
            .await
            .expect("store")
            .expect("taken");
    }
    let sign_ups = app.store.listening_sign_ups(id).await.expect("list");
    let ana = sign_ups[0].id.to_string();
    let response = browser
        .post(format!("{session_url}/attendance"))
        .form(&[("_csrf", csrf.as_str()), ("attended", ana.as_str())])
        .send()
        .await
        .expect("post");
    let html = response.text().await.expect("html");
    assert!(
        html.contains("Attendance saved") && html.contains(&format!("value=\"{ana}\" checked"))
    );
    let attended: Vec<i64> = app
        .store
        .listening_sign_ups(id)
        .await
        .expect("list")
        .iter()
        .map(|s| s.attended)
        .collect();
    assert_eq!(attended, vec![1, 0]);

    let outcome = format!("{session_url}/outcome");
    let response = browser
        .post(&outcome)
        .form(&[
            ("_csrf", csrf.as_str()),
            ("notes", "Projector broke"),
            ("summary", "Families asked for officers out of uniform."),
            ("theme_label", ""),
            ("theme_detail", "An orphan detail"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    assert!(html.contains("needs a short name") && html.contains("An orphan detail"));
    assert!(html.contains("Projector broke"), "typed notes kept");
    let response = browser
        .post(&outcome)
        .form(&[
            ("_csrf", csrf.as_str()),
            ("notes", "Projector broke"),
            ("summary", "Families asked for officers out of uniform."),
            ("theme_label", "Uniforms"),
            ("theme_detail", "Plain clothes inside buildings"),
            ("theme_label", "Complaints"),
            ("theme_detail", ""),
            ("theme_label", ""),
            ("theme_detail", ""),
        ])
        .send()
        .await
        .expect("post");
    let html = response.text().await.expect("html");
    assert!(html.contains("Notes, summary and themes saved"));
    let themes = app
        .store
        .listening_session_themes(id)
        .await
        .expect("themes");
    assert_eq!(themes.len(), 2);
    assert_eq!(themes[0].label, "Uniforms");

    // Cancelling through the edit form; lowering the capacity below the sign-ups is refused.
    fields[4] = ("ends", "20:30");
    fields[8] = ("capacity", "1");
    let response = browser
        .post(session_url.as_str())
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .expect("html")
            .contains("2 places are already taken")
    );
    fields[8] = ("capacity", "25");
    fields.push(("cancelled", "on"));
    let response = browser
        .post(session_url.as_str())
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert!(
        response
            .text()
            .await
            .expect("html")
            .contains("Changes saved")
    );
    let (_, html) = page(
        &Client::new(),
        app.url(&format!("/districts/test/listening-sessions/{id}")),
    )
    .await;
    assert!(html.contains("Cancelled") && html.contains("This session was cancelled"));
    assert!(
        !html.contains("name=\"name\""),
        "no sign-up form for a cancelled session"
    );

    // A session held in the past: the public reads the summary and the themes, never the notes.
    let past = app
        .store
        .create_listening_session(
            app.district.id,
            &accord_store::Actor::process("test"),
            &accord_store::NewListeningSession {
                school_id: None,
                title: "Autumn session".into(),
                description: String::new(),
                starts_at: accord_store::now() - 40 * 86_400,
                ends_at: accord_store::now() - 40 * 86_400 + 7200,
                time_zone: "pacific".into(),
                place: "District office".into(),
                online_url: String::new(),
                languages: vec!["English".into()],
                interpretation: Vec::new(),
                capacity: 50,
                cancelled: false,
            },
        )
        .await
        .expect("past");
    let response = browser
        .post(app.url(&format!("/program/listening-sessions/{}/outcome", past.id)))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("notes", "Secret staff note"),
            ("summary", "Thirty people talked about school climate."),
            ("theme_label", "School climate"),
            ("theme_detail", "Students feel watched"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::OK);
    for url in [
        app.url("/districts/test/listening-sessions"),
        app.url(&format!("/districts/test/listening-sessions/{}", past.id)),
    ] {
        let (_, html) = page(&Client::new(), url.clone()).await;
        assert!(
            html.contains("Thirty people talked about school climate."),
            "{url}"
        );
        assert!(html.contains("School climate") && html.contains("Students feel watched"));
        assert!(!html.contains("Secret staff note"), "{url}");
    }
    let (_, history) = page(
        &browser,
        app.url(&format!(
            "/program/history/listening_session_themes/{}",
            past.id
        )),
    )
    .await;
    assert!(
        history.contains("School climate"),
        "themes are in the audit trail"
    );
}

async fn the_spanish_pages_render(app: TestApp) {
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let id = scheduled(&app, &admin, 10).await;
    let browser = Client::new();
    for (path, expected) in [
        (
            "/districts/test/listening-sessions".to_owned(),
            "Próximas sesiones",
        ),
        (
            format!("/districts/test/listening-sessions/{id}"),
            "Inscribirse",
        ),
    ] {
        let response = browser
            .get(app.url(&path))
            .header("cookie", "lang=es")
            .send()
            .await
            .expect("page");
        assert_eq!(response.status(), StatusCode::OK);
        let html = response.text().await.expect("html");
        assert!(html.contains("<html lang=\"es\">"), "{path}");
        assert!(
            html.contains(expected) && html.contains("hora del Pacífico"),
            "{path}: {html}"
        );
        assert!(html.contains("Quedan 10 lugares"), "{path}");
    }
    let staff = app.signed_in(Role::ProgramAdmin).await;
    let response = staff
        .get(app.url(&format!("/program/listening-sessions/{id}")))
        .header("accept-language", "es")
        .send()
        .await
        .expect("page");
    let html = response.text().await.expect("html");
    assert!(html.contains("Notas, resumen y temas"));
}
