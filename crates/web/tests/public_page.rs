//! The public program page over HTTP, on both backends: what the public reads (generated from the
//! records, in English and Spanish, staff named only when the district chooses), the form where a
//! program admin writes its texts, the same over the API, and who may do what.

mod common;

use accord_domain::roles::Role;
use accord_store::{Actor, NewAgency, NewAssignment, NewStaff};
use common::{TestApp, csrf_of};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    the_public_reads_the_program_from_the_records,
    a_program_admin_writes_the_page_and_bad_input_keeps_the_text,
    only_program_admins_edit_the_page,
);

/// Two officers of one agency placed in one school today, and one not placed anywhere.
async fn placed_officers(app: &TestApp) {
    let actor = Actor::process("test");
    let district = app.district.id;
    let agency = app
        .store
        .add_agency(
            district,
            &actor,
            &NewAgency {
                name: "Valley Police".into(),
                kind: "law_enforcement".into(),
                contact: String::new(),
            },
        )
        .await
        .expect("agency");
    let school = app
        .store
        .add_school(district, "Lake High")
        .await
        .expect("school");
    let person = |number: &str, name: &str| NewStaff {
        agency_id: agency.id,
        staff_number: number.into(),
        name: name.into(),
        staff_type: "school_resource_officer".into(),
        first_day_on_site: None,
    };
    let people = app
        .store
        .add_staff(
            district,
            &actor,
            &[
                person("V-1", "Officer Rae"),
                person("V-2", "Officer Kim"),
                person("V-3", "Officer Unplaced"),
            ],
        )
        .await
        .expect("staff");
    for (member, days) in people.iter().take(2).zip([5, 2]) {
        app.store
            .add_assignment(
                district,
                &actor,
                &NewAssignment {
                    staff_id: member.id,
                    school_id: school.id,
                    starts_on: "2020-01-06".into(),
                    ends_on: None,
                    days_per_week: days,
                },
            )
            .await
            .expect("assignment");
    }
}

async fn text(client: &Client, url: &str) -> (StatusCode, String) {
    let response = client.get(url).send().await.expect("get");
    (response.status(), response.text().await.expect("body"))
}

async fn the_public_reads_the_program_from_the_records(app: TestApp) {
    placed_officers(&app).await;
    let public = Client::new();
    let (status, html) = text(&public, &app.url("/districts/test")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("School Safety and Security Staff Program"));
    assert!(
        html.contains("commissioned law enforcement officer"),
        "the legal definition"
    );
    assert!(html.contains("Lake High") && html.contains("Valley Police"));
    assert!(
        html.contains("<td class=\"num\">2</td>"),
        "two officers in the school"
    );
    assert!(
        html.contains("<td class=\"num\">7</td>"),
        "five days and two days"
    );
    assert!(
        html.contains("0 of 2 staff working in our schools"),
        "the unplaced officer is not counted"
    );
    assert!(
        !html.contains("Officer Rae"),
        "no names unless the district chooses"
    );
    assert!(
        html.contains("De-escalation techniques"),
        "the training series"
    );

    let spanish_page = public
        .get(app.url("/districts/test"))
        .header("accept-language", "es")
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(spanish_page.contains("Programa de personal de seguridad escolar"));
    assert!(
        spanish_page.contains("Técnicas de desescalada"),
        "Washington's topics translated"
    );

    let (status, _) = text(&public, &app.url("/districts/nowhere")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let response = public
        .get(app.url("/api/v1/districts/test/program"))
        .send()
        .await
        .expect("api");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["roster"][0]["people"], 2);
    assert_eq!(body["roster"][0]["names"], json!([]));
    assert_eq!(body["training"]["staff"], 2);
    assert_eq!(
        body["training"]["series"].as_array().map(Vec::len),
        Some(15)
    );
    let missing = public
        .get(app.url("/api/v1/districts/nowhere/program"))
        .send()
        .await
        .expect("api");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        missing.headers()["content-type"],
        "application/problem+json"
    );
}

async fn a_program_admin_writes_the_page_and_bad_input_keeps_the_text(app: TestApp) {
    placed_officers(&app).await;
    let admin = app.signed_in(Role::ProgramAdmin).await;
    let (status, html) = text(&admin, &app.url("/program/page")).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = csrf_of(&html);
    let too_long = "x".repeat(4001);
    let response = admin
        .post(app.url("/program/page"))
        .form(&[
            ("_csrf", csrf.as_str()),
            (
                "text.primary_duties.en",
                "• Emergency response\n• Welfare checks",
            ),
            ("text.intro.en", too_long.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    assert!(
        html.contains("4001 characters long"),
        "the message says why"
    );
    assert!(
        html.contains("• Emergency response"),
        "what was typed is kept"
    );
    let (_, html) = text(&Client::new(), &app.url("/districts/test")).await;
    assert!(!html.contains("Welfare checks"), "nothing stored half-way");

    let response = admin
        .post(app.url("/program/page"))
        .form(&[
            ("_csrf", csrf.as_str()),
            (
                "text.primary_duties.en",
                "• Emergency response\n• Welfare checks",
            ),
            ("text.primary_duties.es", ""),
            ("show_staff_names", "on"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.url().as_str().ends_with("/program/page?saved=1"));
    let (_, html) = text(&Client::new(), &app.url("/districts/test")).await;
    assert!(
        html.contains("<li>Welfare checks</li>"),
        "duties as a list, bullets dropped"
    );
    assert!(
        html.contains("Officer Kim, Officer Rae"),
        "names once the district chooses"
    );
    assert!(!html.contains("Officer Unplaced"));
    let spanish = Client::new()
        .get(app.url("/districts/test"))
        .header("accept-language", "es")
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(
        spanish.contains("Todavía sin traducir: se muestra en English."),
        "an untranslated text is said to be so"
    );
    assert!(spanish.contains("<div lang=\"en\">"));
    let history = app
        .store
        .program_page_texts(app.district.id)
        .await
        .expect("texts");
    let trail = app
        .store
        .history(app.district.id, "program_page_texts", history[0].id)
        .await
        .expect("history");
    assert_eq!(trail.len(), 1);
    assert!(
        trail[0].actor.contains("program_admin-"),
        "the editor is named"
    );
}

async fn only_program_admins_edit_the_page(app: TestApp) {
    for role in [
        Role::RecordsClerk,
        Role::Facilitator,
        Role::Investigator,
        Role::AgencyLiaison,
    ] {
        let client = app.signed_in(role).await;
        let (status, _) = text(&client, &app.url("/program/page")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{} GET", role.key());
        let (_, home) = text(&client, &app.url("/")).await;
        let response = client
            .post(app.url("/program/page"))
            .form(&[("_csrf", csrf_of(&home).as_str()), ("text.intro.en", "x")])
            .send()
            .await
            .expect("post");
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{} POST",
            role.key()
        );
        let token = app.staff_token(role).await;
        let put = Client::new()
            .put(app.url("/api/v1/program/page"))
            .bearer_auth(&token)
            .json(&json!({"texts": {"intro": {"en": "x"}}}))
            .send()
            .await
            .expect("put");
        assert_eq!(put.status(), StatusCode::FORBIDDEN, "{} PUT", role.key());
    }
    let anonymous = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let (status, _) = text(&anonymous, &app.url("/program/page")).await;
    assert!(
        status.is_redirection() || status == StatusCode::UNAUTHORIZED,
        "{status}"
    );
    let put = Client::new()
        .put(app.url("/api/v1/program/page"))
        .json(&json!({"texts": {}}))
        .send()
        .await
        .expect("put");
    assert_eq!(put.status(), StatusCode::UNAUTHORIZED);

    let admin = app.staff_token(Role::ProgramAdmin).await;
    let put = |body: Value| {
        Client::new()
            .put(app.url("/api/v1/program/page"))
            .bearer_auth(&admin)
            .json(&body)
            .send()
    };
    let bad = put(json!({"texts": {"salary": {"en": "x"}}}))
        .await
        .expect("put");
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.headers()["content-type"], "application/problem+json");
    let good = put(
        json!({"texts": {"complaints": {"en": "Call the office.", "es": "Llame a la oficina."}}}),
    )
    .await
    .expect("put");
    assert_eq!(good.status(), StatusCode::OK);
    let body: Value = good.json().await.expect("json");
    assert_eq!(body["texts"]["complaints"]["es"], "Llame a la oficina.");
}
