//! The facilitator's theme page over HTTP, on both databases: who may use it, and computing, renaming,
//! merging, splitting and moving with plain forms, the edits surviving every recomputation.

mod common;

use accord_domain::exchange::{ExchangeState, Group};
use accord_domain::roles::Role;
use accord_store::{ExchangeEdit, NewThought, NewUser};
use accord_web::auth::hash_password;
use common::{TestApp, csrf_of};
use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};

on_both_backends!(
    only_the_districts_exchange_runners_reach_the_theme_routes,
    a_facilitator_shapes_the_themes_and_the_edits_survive,
    themes_are_computed_when_an_exchange_closes,
);

const PASSWORD: &str = "a long enough password";

pub const COMMENTS: [&str; 12] = [
    "We need more counselors in every school",
    "Counselors and mental health support for students",
    "Hire school counselors instead of officers",
    "More mental health counselors please",
    "Fix the broken doors and locks",
    "Every classroom door should lock from inside",
    "Repair the locks on the side doors",
    "Doors that lock and a single entrance",
    "Officers should not arrest students for small things",
    "No arrests of students by police officers at school",
    "Police officers arresting kids is wrong",
    "Limit arrests by officers in schools",
];

fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client")
}

/// A browser signed in as `email`, and its CSRF token.
async fn signed_in(app: &TestApp, email: &str) -> (Client, String) {
    let browser = client();
    let html = browser
        .get(app.url("/login"))
        .send()
        .await
        .expect("login page")
        .text()
        .await
        .expect("html");
    let token = csrf_of(&html);
    let response = browser
        .post(app.url("/login"))
        .form(&[
            ("_csrf", token.as_str()),
            ("email", email),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .expect("sign in");
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "signed in as {email}"
    );
    (browser, token)
}

async fn exchange_with_thoughts(app: &TestApp, district_id: i64, comments: &[&str]) -> i64 {
    let exchange = app
        .store
        .create_exchange(
            district_id,
            None,
            &ExchangeEdit {
                title: "Safety next year".into(),
                question: "What would make school safer?".into(),
                context: String::new(),
                groups: Group::ALL.to_vec(),
                invitation_code: None,
                results_public: true,
            },
        )
        .await
        .expect("create");
    app.store
        .transition_exchange(exchange.id, ExchangeState::Draft, ExchangeState::Open)
        .await
        .expect("open");
    for body in comments {
        app.store
            .add_thought(NewThought {
                exchange_id: exchange.id,
                participant_id: None,
                body,
            })
            .await
            .expect("thought");
    }
    exchange.id
}

async fn get(browser: &Client, url: &str) -> (StatusCode, String) {
    let response = browser.get(url).send().await.expect("get");
    (response.status(), response.text().await.expect("body"))
}

async fn post(browser: &Client, url: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let response = browser.post(url).form(fields).send().await.expect("post");
    (response.status(), response.text().await.expect("body"))
}

/// The ids of the themes on the facilitator's page, in order, with their labels.
fn themes_on(html: &str) -> Vec<(i64, String)> {
    html.split("<li class=\"card\" id=\"theme-")
        .skip(1)
        .map(|part| {
            let id = part.split('"').next().expect("id").parse().expect("number");
            let label = part
                .split("<h2>")
                .nth(1)
                .and_then(|h| h.split("</h2>").next())
                .expect("label")
                .to_owned();
            (id, label)
        })
        .collect()
}

async fn only_the_districts_exchange_runners_reach_the_theme_routes(app: TestApp) {
    let id = exchange_with_thoughts(&app, app.district.id, &COMMENTS).await;
    let facilitator = app.staff(Role::Facilitator, PASSWORD).await;
    let (browser, token) = signed_in(&app, &facilitator).await;
    let themes_url = app.url(&format!("/manage/exchanges/{id}/themes"));
    let (status, _) = post(
        &browser,
        &themes_url,
        &[("_csrf", &token), ("theme_count", "3")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let theme = app.store.themes(id).await.expect("themes")[0].id;
    let other_theme = app.store.themes(id).await.expect("themes")[1].id;
    let routes: Vec<(String, Vec<(&str, String)>)> = vec![
        (
            format!("/manage/exchanges/{id}/themes"),
            vec![("theme_count", String::new())],
        ),
        (
            format!("/manage/exchanges/{id}/themes/{theme}/rename"),
            vec![("label", "Taken over".into())],
        ),
        (
            format!("/manage/exchanges/{id}/themes/{theme}/merge"),
            vec![("into", other_theme.to_string())],
        ),
        (
            format!("/manage/exchanges/{id}/themes/{theme}/thoughts"),
            vec![("op", "move".into()), ("to", other_theme.to_string())],
        ),
    ];

    let other_district = app
        .store
        .ensure_district("other", "Other District")
        .await
        .expect("district");
    let hash = hash_password(PASSWORD.to_owned()).await.expect("hash");
    app.store
        .add_user(NewUser {
            district_id: other_district.id,
            email: "outsider@other.example",
            name: "Outsider",
            role: Role::Facilitator,
            password_hash: &hash,
        })
        .await
        .expect("outsider");
    let mut refused = vec![("outsider@other.example".to_owned(), "another district")];
    for role in [Role::RecordsClerk, Role::Investigator, Role::AgencyLiaison] {
        refused.push((app.staff(role, PASSWORD).await, role.key()));
    }
    for (email, who) in &refused {
        let (browser, token) = signed_in(&app, email).await;
        let (status, _) = get(&browser, &themes_url).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{who} may not see the theme page"
        );
        for (path, fields) in &routes {
            let mut form: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
            form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
            let (status, _) = post(&browser, &app.url(path), &form).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{who} may not post to {path}"
            );
        }
    }

    let anonymous = client();
    let (status, _) = get(&anonymous, &themes_url).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "signed out: sent to sign in");
    let (_, home) = get(&anonymous, &app.url("/login")).await;
    let anonymous_token = csrf_of(&home);
    for (path, fields) in &routes {
        let mut form: Vec<(&str, &str)> = vec![("_csrf", anonymous_token.as_str())];
        form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
        let response = anonymous
            .post(app.url(path))
            .form(&form)
            .send()
            .await
            .expect("post");
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "{path} needs a sign-in"
        );
        assert!(
            response.headers()["location"]
                .to_str()
                .expect("location")
                .starts_with("/login")
        );
    }
    let (status, _) = post(&browser, &themes_url, &[("theme_count", "3")]).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a form without its CSRF token is refused"
    );

    let admin = app.staff(Role::ProgramAdmin, PASSWORD).await;
    let (admin_browser, admin_token) = signed_in(&app, &admin).await;
    let (status, _) = get(&admin_browser, &themes_url).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the program admin runs the district's exchanges"
    );
    for (path, fields) in &routes {
        let mut form: Vec<(&str, &str)> = vec![("_csrf", admin_token.as_str())];
        form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
        let (status, _) = post(&admin_browser, &app.url(path), &form).await;
        assert!(
            status == StatusCode::SEE_OTHER || status == StatusCode::CONFLICT,
            "{path}: {status} (a conflict when an earlier change already replaced the theme)"
        );
    }
    let (status, _) = get(&browser, &themes_url).await;
    assert_eq!(status, StatusCode::OK);
}

async fn a_facilitator_shapes_the_themes_and_the_edits_survive(app: TestApp) {
    let id = exchange_with_thoughts(&app, app.district.id, &COMMENTS).await;
    let email = app.staff(Role::Facilitator, PASSWORD).await;
    let (browser, token) = signed_in(&app, &email).await;
    let page_url = app.url(&format!("/manage/exchanges/{id}/themes"));
    let (status, html) = get(&browser, &page_url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("have not been computed yet"));

    let (status, html) = post(
        &browser,
        &page_url,
        &[("_csrf", &token), ("theme_count", "many")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("must be a whole number from 1 to 30") && html.contains("value=\"many\"")
    );
    let (status, html) = post(
        &browser,
        &page_url,
        &[("_csrf", &token), ("theme_count", "13")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("13 themes were asked for, but only 12 thoughts"),
        "explained"
    );

    let (status, _) = post(
        &browser,
        &page_url,
        &[("_csrf", &token), ("theme_count", "3")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = get(&browser, &format!("{page_url}?saved=computed")).await;
    assert!(html.contains("The themes were computed."));
    let themes = themes_on(&html);
    assert_eq!(themes.len(), 3, "{themes:?}");
    assert!(
        html.contains("value=\"3\""),
        "the number asked for is shown"
    );

    let stored = app.store.themes(id).await.expect("themes");
    let ids = app.store.thought_tallies(id).await.expect("thoughts");
    let id_of = |text: &str| ids.iter().find(|t| t.body == text).expect("thought").id;
    let theme_of = |stored: &[accord_store::StoredTheme], thought: i64| {
        stored
            .iter()
            .find(|t| t.members.contains(&thought))
            .expect("in a theme")
            .id
    };
    let doors = theme_of(&stored, id_of(COMMENTS[4]));
    let police = theme_of(&stored, id_of(COMMENTS[8]));

    let rename = app.url(&format!("/manage/exchanges/{id}/themes/{doors}/rename"));
    let (status, html) = post(&browser, &rename, &[("_csrf", &token), ("label", "   ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("cannot be empty") && html.contains("aria-invalid=\"true\""));
    let (status, _) = post(
        &browser,
        &rename,
        &[("_csrf", &token), ("label", "Building <security>")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = get(&browser, &page_url).await;
    assert!(
        html.contains("Building &#60;security&#62;"),
        "renamed, escaped"
    );

    // Theme ids change with every computation: the page's are the ones to use now.
    let stored = app.store.themes(id).await.expect("themes");
    let doors = theme_of(&stored, id_of(COMMENTS[4]));
    let police_now = theme_of(&stored, id_of(COMMENTS[8]));
    let stale = app.url(&format!("/manage/exchanges/{id}/themes/{police}/merge"));
    let (status, html) = post(
        &browser,
        &stale,
        &[("_csrf", &token), ("into", &doors.to_string())],
    )
    .await;
    if police != police_now {
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(html.contains("have changed since this page was loaded"));
    }
    let merge = app.url(&format!("/manage/exchanges/{id}/themes/{police_now}/merge"));
    let (status, _) = post(
        &browser,
        &merge,
        &[("_csrf", &token), ("into", &doors.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let stored = app.store.themes(id).await.expect("themes");
    assert_eq!(stored.len(), 2, "merged");
    let merged = theme_of(&stored, id_of(COMMENTS[4]));
    assert_eq!(merged, theme_of(&stored, id_of(COMMENTS[9])));

    let split = app.url(&format!("/manage/exchanges/{id}/themes/{merged}/thoughts"));
    let (status, html) = post(
        &browser,
        &split,
        &[("_csrf", &token), ("op", "split"), ("label", "")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Tick at least one thought"));
    let arrests: Vec<String> = COMMENTS[8..].iter().map(|c| id_of(c).to_string()).collect();
    let mut fields = vec![
        ("_csrf", token.as_str()),
        ("op", "split"),
        ("label", "Arrests"),
    ];
    fields.extend(arrests.iter().map(|a| ("thoughts", a.as_str())));
    let (status, _) = post(&browser, &split, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let stored = app.store.themes(id).await.expect("themes");
    assert_eq!(stored.len(), 3);
    let arrests_theme = stored
        .iter()
        .find(|t| t.label == "Arrests")
        .expect("split off");
    assert_eq!(arrests_theme.members.len(), 4);

    let counselors = theme_of(&stored, id_of(COMMENTS[0]));
    let moving = id_of(COMMENTS[2]).to_string();
    let to = arrests_theme.id.to_string();
    let move_url = app.url(&format!(
        "/manage/exchanges/{id}/themes/{counselors}/thoughts"
    ));
    let (status, _) = post(
        &browser,
        &move_url,
        &[
            ("_csrf", &token),
            ("op", "move"),
            ("thoughts", &moving),
            ("to", &to),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // New thoughts, then everything computed again: every edit still holds.
    for body in [
        "Locks on the gym doors",
        "Officers arrest too many students",
    ] {
        app.store
            .add_thought(NewThought {
                exchange_id: id,
                participant_id: None,
                body,
            })
            .await
            .expect("thought");
    }
    let (status, _) = post(
        &browser,
        &page_url,
        &[("_csrf", &token), ("theme_count", "3")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let stored = app.store.themes(id).await.expect("themes");
    let by_label = |label: &str| stored.iter().find(|t| t.label == label).expect(label);
    assert!(
        by_label("Building <security>")
            .members
            .contains(&id_of(COMMENTS[4]))
    );
    let arrests_theme = by_label("Arrests");
    assert!(arrests_theme.members.contains(&id_of(COMMENTS[8])));
    assert!(
        arrests_theme.members.contains(&id_of(COMMENTS[2])),
        "the moved thought stays where the facilitator put it"
    );
    assert_eq!(app.store.theme_edits(id).await.expect("edits").len(), 4);

    let (_, results) = get(&browser, &app.url(&format!("/exchanges/{id}/results"))).await;
    assert!(results.contains("Building &#60;security&#62;") && results.contains("Arrests"));
}

async fn themes_are_computed_when_an_exchange_closes(app: TestApp) {
    let id = exchange_with_thoughts(&app, app.district.id, &COMMENTS).await;
    let lonely = exchange_with_thoughts(&app, app.district.id, &["Only one thought"]).await;
    let email = app.staff(Role::Facilitator, PASSWORD).await;
    let (browser, token) = signed_in(&app, &email).await;
    for exchange in [id, lonely] {
        let (status, _) = post(
            &browser,
            &app.url(&format!("/manage/exchanges/{exchange}/close")),
            &[("_csrf", &token)],
        )
        .await;
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "closing never fails for want of themes"
        );
    }
    let themes = app.store.themes(id).await.expect("themes");
    assert!(
        themes.len() >= 2,
        "computed on close, number chosen: {themes:?}"
    );
    let grouped: usize = themes.iter().map(|t| t.members.len()).sum();
    assert_eq!(grouped, COMMENTS.len());
    assert!(app.store.themes(lonely).await.expect("themes").is_empty());
    let (_, html) = get(
        &browser,
        &app.url(&format!("/manage/exchanges/{lonely}/themes")),
    )
    .await;
    assert!(html.contains("have not been computed yet"));
}
