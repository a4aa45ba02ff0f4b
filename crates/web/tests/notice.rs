//! The yearly notice over HTTP, on both backends: the public notice of a school year in each
//! language, the record of presentations per school (read by the program's readers, written by its
//! admins, refused with the typed text kept), per role.

mod common;

use accord_domain::documents::SchoolYear;
use accord_domain::roles::Role;
use common::{TestApp, csrf_of};
use reqwest::{Client, StatusCode};

on_both_backends!(
    the_notice_is_public_in_each_language,
    presentations_are_recorded_per_school_by_admins,
);

async fn get(client: &Client, app: &TestApp, path: &str, lang: &str) -> (StatusCode, String) {
    let response = client
        .get(app.url(path))
        .header("cookie", format!("lang={lang}"))
        .send()
        .await
        .expect("get");
    let status = response.status();
    (status, response.text().await.expect("html"))
}

async fn the_notice_is_public_in_each_language(app: TestApp) {
    app.store
        .add_school(app.district.id, "Cedar High")
        .await
        .expect("school");
    let client = Client::new();
    let (status, english) = get(&client, &app, "/districts/test/notice/2026-27", "en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(english.contains("notice to students and families, 2026-27"));
    assert!(english.contains("href=\"/districts/test/complaints/new\""));
    assert!(english.contains("What they do not do"));
    let (status, spanish) = get(&client, &app, "/districts/test/notice", "es").await;
    assert_eq!(status, StatusCode::OK);
    let current = SchoolYear::containing(time::OffsetDateTime::now_utc().date()).expect("year");
    assert!(spanish.contains(&format!(
        "aviso a estudiantes y familias, {}",
        current.label
    )));
    assert!(spanish.contains("Cómo presentar una queja"));
    let (status, _) = get(&client, &app, "/districts/test/notice/next-year", "en").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(&client, &app, "/districts/nowhere/notice", "en").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, program) = get(&client, &app, "/districts/test", "en").await;
    assert!(program.contains("href=\"/districts/test/notice\""));
}

async fn presentations_are_recorded_per_school_by_admins(app: TestApp) {
    let school = app
        .store
        .add_school(app.district.id, "Cedar High")
        .await
        .expect("school");
    let year = SchoolYear::containing(time::OffsetDateTime::now_utc().date()).expect("year");
    let path = format!("/program/notice?year={}", year.label);
    let day = year.starts_on.to_string();
    for role in Role::ALL {
        let browser = app.signed_in(role).await;
        let response = browser.get(app.url(&path)).send().await.expect("page");
        // A liaison reads the program once linked to an agency; this one is not.
        let reads = role.may_view_program() && !role.is_scoped_to_agency();
        let expected = if reads {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(response.status(), expected, "{role:?} GET /program/notice");
        let html = if reads {
            response.text().await.expect("html")
        } else {
            browser
                .get(app.url("/"))
                .send()
                .await
                .expect("home")
                .text()
                .await
                .expect("html")
        };
        let csrf = csrf_of(&html);
        let school_id = school.id.to_string();
        let form = |on: &str, how: &str| {
            vec![
                ("_csrf", csrf.clone()),
                ("school", school_id.clone()),
                ("audience", "students".to_owned()),
                ("presented_on", on.to_owned()),
                ("how", how.to_owned()),
            ]
        };
        let response = browser
            .post(app.url(&path))
            .form(&form("2999-01-01", "Kept description"))
            .send()
            .await
            .expect("post");
        if role.may_manage_program() {
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let html = response.text().await.expect("html");
            assert!(html.contains("Kept description") && html.contains("aria-invalid=\"true\""));
            let response = browser
                .post(app.url(&path))
                .form(&form(&day, "Assemblies in each grade"))
                .send()
                .await
                .expect("post");
            assert_eq!(response.status(), StatusCode::OK);
            let html = response.text().await.expect("html");
            assert!(html.contains("Recorded.") && html.contains("Assemblies in each grade"));
            assert!(html.contains(&day), "the school's date for students");
        } else {
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role:?} POST");
        }
    }
    let recorded = app
        .store
        .notice_presentations(app.district.id, &year.label)
        .await
        .expect("records");
    assert_eq!(recorded.len(), 1, "only the admin recorded");
    let history = app
        .store
        .history(app.district.id, "notice_presentations", recorded[0].id)
        .await
        .expect("history");
    assert_eq!(history.len(), 1);
}
