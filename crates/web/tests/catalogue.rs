//! The training catalogue over HTTP, on both backends: a program admin adds, changes and retires
//! requirements by page and API, everyone's training follows at once, and other roles only read.

mod common;

use accord_domain::roles::Role;
use common::{TestApp, csrf_of};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    a_district_changes_its_catalogue_through_the_api,
    the_catalogue_page_keeps_what_was_typed,
);

async fn send(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn first_aid() -> Value {
    json!({"code": "first_aid", "title": "First aid and CPR", "kind": "classroom",
           "required_units": 1, "deadline_months": 3, "staff_types": ["security_officer"]})
}

async fn a_district_changes_its_catalogue_through_the_api(app: TestApp) {
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let clerk = app.staff_token(Role::RecordsClerk).await;
    let facilitator = app.staff_token(Role::Facilitator).await;
    let client = Client::new();
    let url = app.url("/api/v1/program/training-requirements");
    let (status, agency) = send(
        client
            .post(app.url("/api/v1/program/agencies"))
            .bearer_auth(&admin)
            .json(&json!({"name": "District Security", "kind": "district"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{agency}");
    let (status, guard) = send(
        client
            .post(app.url("/api/v1/program/staff"))
            .bearer_auth(&admin)
            .json(
                &json!({"agency": agency["id"], "staff_number": "G-1", "name": "Guard Lee",
                      "staff_type": "security_officer"}),
            ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{guard}");
    let person = app.url(&format!("/api/v1/program/staff/{}", guard["id"]));
    let codes = |detail: &Value| -> Vec<String> {
        detail["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["code"].as_str().unwrap_or_default().to_owned())
            .collect()
    };

    let (status, list) = send(client.get(&url).bearer_auth(&clerk)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().map(Vec::len), Some(15));
    assert_eq!(
        send(client.get(&url).bearer_auth(&facilitator)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(send(client.get(&url)).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        send(client.post(&url).bearer_auth(&clerk).json(&first_aid()))
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    let (status, added) = send(client.post(&url).bearer_auth(&admin).json(&first_aid())).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let (_, detail) = send(client.get(&person).bearer_auth(&admin)).await;
    assert!(
        codes(&detail).contains(&"first_aid".to_owned()),
        "the guard now needs it"
    );
    let (status, problem) = send(client.post(&url).bearer_auth(&admin).json(&first_aid())).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    let mut bad = first_aid();
    bad["code"] = json!("cpr");
    bad["deadline_months"] = json!(0);
    let (status, problem) = send(client.post(&url).bearer_auth(&admin).json(&bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("from 1 to 60")),
        "{problem}"
    );

    let one = format!("{url}/{}", added["id"]);
    let mut retire = first_aid();
    retire["retired"] = json!(true);
    assert_eq!(
        send(client.put(&one).bearer_auth(&clerk).json(&retire))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, retired) = send(client.put(&one).bearer_auth(&admin).json(&retire)).await;
    assert_eq!(status, StatusCode::OK, "{retired}");
    assert_eq!(retired["retired"], true);
    let (_, detail) = send(client.get(&person).bearer_auth(&admin)).await;
    assert!(
        !codes(&detail).contains(&"first_aid".to_owned()),
        "retired: no longer asked for"
    );
    let missing = format!("{url}/999999");
    assert_eq!(
        send(client.put(&missing).bearer_auth(&admin).json(&retire))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

async fn the_catalogue_page_keeps_what_was_typed(app: TestApp) {
    let admin = app.signed_in(Role::ProgramAdmin).await;
    let html = admin
        .get(app.url("/program/training"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("De-escalation techniques"));
    let response = admin
        .post(app.url("/program/training"))
        .form(&[
            ("_csrf", csrf_of(&html).as_str()),
            ("code", "first aid"),
            ("title", "First aid, typed with care"),
            ("kind", "classroom"),
            ("required_units", "1"),
            ("deadline_months", "3"),
            ("staff_types", "security_officer"),
            ("staff_types", "contracted_security"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    assert!(html.contains("A code is 1 to 24 lower-case letters"));
    assert!(
        html.contains("First aid, typed with care"),
        "the title typed is kept"
    );
    let response = admin
        .post(app.url("/program/training"))
        .form(&[
            ("_csrf", csrf_of(&html).as_str()),
            ("code", "first_aid"),
            ("title", "First aid"),
            ("kind", "classroom"),
            ("required_units", "1"),
            ("deadline_months", "3"),
            ("staff_types", "security_officer"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("html");
    assert!(html.contains("<th scope=\"row\">first_aid</th>"));

    let clerk = app.signed_in(Role::RecordsClerk).await;
    let html = clerk
        .get(app.url("/program/training"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("first_aid") && !html.contains("Add the requirement"),
        "clerks read only"
    );
    let response = clerk
        .post(app.url("/program/training"))
        .form(&[
            ("_csrf", csrf_of(&home_page(&app, &clerk).await).as_str()),
            ("code", "cpr"),
            ("title", "CPR"),
            ("kind", "classroom"),
            ("required_units", "1"),
            ("deadline_months", "3"),
            ("staff_types", "security_officer"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let facilitator = app.signed_in(Role::Facilitator).await;
    let status = facilitator
        .get(app.url("/program/training"))
        .send()
        .await
        .expect("page")
        .status();
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The home page, whose sign-out form carries a CSRF token.
async fn home_page(app: &TestApp, client: &Client) -> String {
    client
        .get(app.url("/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("html")
}
