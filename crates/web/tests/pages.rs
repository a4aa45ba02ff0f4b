//! The pages as a browser without JavaScript uses them: plain links and forms, cookies, redirects.

mod common;

use accord_domain::roles::Role;
use common::{TestApp, csrf_of};
use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};

on_both_backends!(
    a_participant_joins_shares_and_stars_with_forms,
    a_facilitator_runs_an_exchange_from_the_pages,
);

/// A browser: keeps cookies, follows redirects, asks for English unless told otherwise.
fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .build()
        .expect("client")
}

async fn page(client: &Client, url: &str) -> (StatusCode, String) {
    let response = client.get(url).send().await.expect("get");
    (response.status(), response.text().await.expect("body"))
}

async fn submit(client: &Client, url: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let response = client.post(url).form(fields).send().await.expect("post");
    (response.status(), response.text().await.expect("body"))
}

async fn open_exchange(app: &TestApp, title: &str) -> i64 {
    let district = app.district.id;
    let edit = accord_store::ExchangeEdit {
        title: title.into(),
        question: "What are your questions about the draft agreement?".into(),
        context: "First paragraph.\n\nSecond paragraph.".into(),
        groups: accord_domain::exchange::Group::ALL.to_vec(),
        invitation_code: None,
        results_public: true,
    };
    let exchange = app
        .store
        .create_exchange(district, None, &edit)
        .await
        .expect("create");
    use accord_domain::exchange::ExchangeState::{Draft, Open};
    assert!(
        app.store
            .transition_exchange(exchange.id, Draft, Open)
            .await
            .expect("open")
    );
    exchange.id
}

async fn a_participant_joins_shares_and_stars_with_forms(app: TestApp) {
    let id = open_exchange(&app, "Safety next year").await;
    let other = browser();
    let url = app.url(&format!("/exchanges/{id}"));
    let (_, html) = page(&other, &url).await;
    submit(
        &other,
        &app.url(&format!("/exchanges/{id}/join")),
        &[("_csrf", &csrf_of(&html)), ("group", "parent")],
    )
    .await;
    submit(
        &other,
        &app.url(&format!("/exchanges/{id}/thoughts")),
        &[
            ("_csrf", &csrf_of(&html)),
            ("text", "Train staff in de-escalation"),
        ],
    )
    .await;

    let me = browser();
    let (status, html) = page(&me, &url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Safety next year") && html.contains("Second paragraph."));
    let token = csrf_of(&html);

    let (status, _) = submit(
        &me,
        &app.url(&format!("/exchanges/{id}/join")),
        &[("group", "student")],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a form without its CSRF token is refused"
    );
    let (status, html) = submit(
        &me,
        &app.url(&format!("/exchanges/{id}/join")),
        &[("_csrf", &token), ("group", "martian")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("is not one of this exchange"),
        "the error is explained"
    );
    let (status, html) = submit(
        &me,
        &app.url(&format!("/exchanges/{id}/join")),
        &[("_csrf", &token), ("group", "student")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Share your thoughts"),
        "joined: the share form shows"
    );

    let long = "a".repeat(501);
    let (status, html) = submit(
        &me,
        &app.url(&format!("/exchanges/{id}/thoughts")),
        &[("_csrf", &token), ("text", &long)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("501 characters"), "the limit is explained");
    assert!(html.contains(&long), "what was typed is kept");
    let hostile = "<script>alert(1)</script> More counselors";
    let (status, html) = submit(
        &me,
        &app.url(&format!("/exchanges/{id}/thoughts")),
        &[("_csrf", &token), ("text", hostile)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62; More counselors"),
        "shown, escaped"
    );
    assert!(!html.contains("<script>alert(1)"));

    let (_, html) = page(&me, &app.url(&format!("/exchanges/{id}/star"))).await;
    assert!(
        html.contains("Train staff in de-escalation"),
        "the other participant's thought is offered"
    );
    assert!(!html.contains("More counselors"), "never one's own");
    let thought_id = html
        .split("name=\"thought_id\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("thought id")
        .to_owned();
    let (status, html) = submit(
        &me,
        &app.url(&format!("/exchanges/{id}/star")),
        &[
            ("_csrf", &token),
            ("thought_id", &thought_id),
            ("stars", "4"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("You have seen every thought"),
        "nothing left after the only other thought"
    );
    assert!(html.contains("You have rated 1 thought."));

    let summary = app.store.summary(id).await.expect("summary");
    assert_eq!(
        (summary.participants, summary.thoughts, summary.ratings),
        (2, 2, 1)
    );

    let (status, html) = page(&me, &app.url(&format!("/exchanges/{id}/results"))).await;
    assert_eq!(status, StatusCode::CONFLICT, "results wait for publication");
    assert!(html.contains("have not been published"));
}

async fn a_facilitator_runs_an_exchange_from_the_pages(app: TestApp) {
    let email = app
        .staff(Role::Facilitator, "correct horse battery staple")
        .await;
    let no_redirects = Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client");
    let response = no_redirects
        .get(app.url("/manage"))
        .send()
        .await
        .expect("get");
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "signed-out staff pages send to sign-in"
    );
    assert!(
        response.headers()["location"]
            .to_str()
            .expect("location")
            .starts_with("/login?next=")
    );

    let me = browser();
    let (_, html) = page(&me, &app.url("/login")).await;
    let token = csrf_of(&html);
    let (status, html) = submit(
        &me,
        &app.url("/login"),
        &[("_csrf", &token), ("email", &email), ("password", "wrong")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(&email), "the email typed is kept");
    let (status, html) = submit(
        &me,
        &app.url("/login"),
        &[
            ("_csrf", &token),
            ("email", &email),
            ("password", "correct horse battery staple"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Your exchanges"));

    let (status, html) = submit(
        &me,
        &app.url("/manage/exchanges"),
        &[
            ("_csrf", &token),
            ("title", ""),
            ("question", "Kept question?"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Please give a title.") && html.contains("Kept question?"));
    let fields = [
        ("_csrf", token.as_str()),
        ("title", "Budget priorities"),
        ("question", "What should the district fund first?"),
        ("groups", "student"),
        ("groups", "parent"),
        ("results_public", "true"),
    ];
    let (status, html) = submit(&me, &app.url("/manage/exchanges"), &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("created as a draft"));
    let exchanges = app
        .store
        .exchanges(Some(app.district.id), true)
        .await
        .expect("list");
    let created = exchanges
        .iter()
        .find(|e| e.title == "Budget priorities")
        .expect("created");
    assert_eq!(created.groups.len(), 2);
    let id = created.id;

    for (action, notice) in [
        ("open", "is open"),
        ("close", "is closed"),
        ("publish", "are published"),
    ] {
        let (status, html) = submit(
            &me,
            &app.url(&format!("/manage/exchanges/{id}/{action}")),
            &[("_csrf", &token)],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{action}");
        assert!(html.contains(notice), "{action}: {notice}");
    }
    let (status, _) = submit(
        &me,
        &app.url(&format!("/manage/exchanges/{id}/open")),
        &[("_csrf", &token)],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a published exchange cannot be reopened"
    );
    let (status, html) = page(&browser(), &app.url(&format!("/exchanges/{id}/results"))).await;
    assert_eq!(status, StatusCode::OK, "published results are public");
    assert!(html.contains("Participants by group"));

    let clerk_email = app.staff(Role::RecordsClerk, "another fine password").await;
    let clerk = browser();
    let (_, html) = page(&clerk, &app.url("/login")).await;
    let token = csrf_of(&html);
    submit(
        &clerk,
        &app.url("/login"),
        &[
            ("_csrf", &token),
            ("email", &clerk_email),
            ("password", "another fine password"),
        ],
    )
    .await;
    let (status, _) = page(&clerk, &app.url("/manage")).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "records clerks do not run exchanges"
    );
}

#[tokio::test]
async fn pages_speak_spanish_when_asked() {
    let app = TestApp::start(accord_store::Backend::Sqlite).await;
    let id = open_exchange(&app, "Seguridad").await;
    let client = Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let html = client
        .get(app.url(&format!("/exchanges/{id}")))
        .header("accept-language", "es-MX,es;q=0.9")
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(html.contains("<html lang=\"es\">"));
    assert!(html.contains("Estudiantes"), "group labels are translated");

    let html = client
        .get(app.url("/lang/en?back=/"))
        .send()
        .await
        .expect("switch")
        .text()
        .await
        .expect("body");
    assert!(
        html.contains("<html lang=\"en\">"),
        "the switcher's cookie wins over the browser"
    );
    let response = client
        .get(app.url("/lang/es?back=https://evil.example/"))
        .send()
        .await
        .expect("switch");
    assert_eq!(
        response.url().host_str(),
        Some("127.0.0.1"),
        "never redirected off the site"
    );
}

#[tokio::test]
async fn unknown_pages_and_drafts_are_not_found() {
    let app = TestApp::start(accord_store::Backend::Sqlite).await;
    let client = browser();
    let (status, html) = page(&client, &app.url("/no/such/page")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page not found") && html.contains("href=\"/\""));
    let edit = accord_store::ExchangeEdit {
        title: "Secret draft".into(),
        question: "Q?".into(),
        context: String::new(),
        groups: vec![],
        invitation_code: None,
        results_public: true,
    };
    let draft = app
        .store
        .create_exchange(app.district.id, None, &edit)
        .await
        .expect("draft");
    let (status, html) = page(&client, &app.url(&format!("/exchanges/{}", draft.id))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("Secret draft"));
    let (status, _) = page(&client, &app.url("/exchanges/not-a-number")).await;
    assert!(status.is_client_error());
}
