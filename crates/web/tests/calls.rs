//! Calls for service over HTTP, on both backends: a records clerk enters a call with two students
//! through the plain form (adding a student without JavaScript), a mistake keeps everything typed,
//! the call reads back and its opening is audited; roles that do not keep student records are kept
//! out of every calls route.

mod common;

use accord_domain::roles::Role;
use common::{TestApp, csrf_of};
use reqwest::StatusCode;

on_both_backends!(
    a_clerk_enters_a_call_with_two_students,
    a_mistake_keeps_everything_typed,
    only_the_records_roles_see_calls,
    an_admin_loads_the_districts_offense_types,
);

async fn form_fields(app: &TestApp, csrf: &str) -> Vec<(String, String)> {
    let school = app
        .store
        .add_school(app.district.id, "Kent-Meridian High")
        .await
        .expect("school");
    [
        ("_csrf", csrf.to_owned()),
        ("call_key", "KPD-2025-0042".into()),
        ("school", school.id.to_string()),
        ("occurred_on", "2025-02-11".into()),
        ("occurred_time", "13:20".into()),
        ("requester", "administrator".into()),
        ("reason", "Fight in the hallway".into()),
        ("offense", "fighting".into()),
        ("school_related", "on".into()),
        ("narrative", "Two students fought; S-9 was cited.".into()),
        ("s0.protected_id", "S-9".into()),
        ("s0.role", "offender".into()),
        ("s0.age", "16".into()),
        ("s0.grade", "10".into()),
        ("s0.gender", "male".into()),
        ("s0.races", "black_african_american".into()),
        ("s0.iep", "on".into()),
        ("s0.outcomes", "citation".into()),
        ("s0.outcomes", "discipline".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn with(mut fields: Vec<(String, String)>, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    fields.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    fields
}

async fn a_clerk_enters_a_call_with_two_students(app: TestApp) {
    let clerk = app.signed_in(Role::RecordsClerk).await;
    let page = clerk
        .get(app.url("/program/calls/new"))
        .send()
        .await
        .expect("form");
    assert_eq!(page.status(), StatusCode::OK);
    let csrf = csrf_of(&page.text().await.expect("html"));
    let fields = form_fields(&app, &csrf).await;
    // "Add another student" shows the form again with a second student and the first one kept.
    let grown = clerk
        .post(app.url("/program/calls/new"))
        .form(&with(fields.clone(), &[("action", "add_student")]))
        .send()
        .await
        .expect("add student");
    assert_eq!(grown.status(), StatusCode::OK);
    let html = grown.text().await.expect("html");
    assert!(
        html.contains("name=\"s1.protected_id\""),
        "a second student"
    );
    assert!(html.contains("value=\"S-9\""), "the first student kept");
    let saved = clerk
        .post(app.url("/program/calls/new"))
        .form(&with(
            fields,
            &[
                ("s1.protected_id", "S-10"),
                ("s1.role", "victim"),
                ("s1.age", "15"),
                ("s1.grade", "9"),
                ("s1.gender", "female"),
                ("s1.hispanic", "on"),
                ("s1.outcomes", "referral_to_services"),
                ("action", "save"),
            ],
        ))
        .send()
        .await
        .expect("save");
    assert_eq!(saved.status(), StatusCode::OK);
    let call_path = saved.url().path().to_owned();
    assert!(call_path.starts_with("/program/calls/"), "{call_path}");
    let html = saved.text().await.expect("html");
    for shown in [
        "KPD-2025-0042",
        "Kent-Meridian High",
        "S-10",
        "Hispanic / Latino of any race(s)",
        "IDEA (IEP)",
        "Citation",
        "Two students fought",
    ] {
        assert!(html.contains(shown), "{shown} on the call's page");
    }
    let calls = app
        .store
        .calls(app.district.id, Some(2024))
        .await
        .expect("list");
    assert_eq!(calls.len(), 1, "February 2025 is in school year 2024-25");
    assert_eq!(calls[0].students, 2);
    let history = app
        .store
        .history(app.district.id, "calls", calls[0].id)
        .await
        .expect("history");
    assert!(
        history.iter().any(|h| h.action == "read"),
        "opening is audited"
    );
    let list = clerk
        .get(app.url("/program/calls?year=2024-25"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("html");
    assert!(list.contains("KPD-2025-0042"));
    assert!(!list.contains("S-10"), "the list shows no student ids");
}

async fn a_mistake_keeps_everything_typed(app: TestApp) {
    let clerk = app.signed_in(Role::RecordsClerk).await;
    let html = clerk
        .get(app.url("/program/calls/new"))
        .send()
        .await
        .expect("form")
        .text()
        .await
        .expect("html");
    let fields = form_fields(&app, &csrf_of(&html)).await;
    let mut fields: Vec<(String, String)> =
        fields.into_iter().filter(|(k, _)| k != "s0.age").collect();
    fields.push(("s0.age".into(), "61".into()));
    let refused = clerk
        .post(app.url("/program/calls/new"))
        .form(&with(fields, &[("action", "save")]))
        .send()
        .await
        .expect("save");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.expect("html");
    assert!(
        html.contains("Student 1: give the age at the call"),
        "the message"
    );
    assert!(html.contains("id=\"s0-age\" name=\"s0.age\" inputmode=\"numeric\" maxlength=\"2\" value=\"61\" aria-invalid=\"true\""));
    assert!(
        html.contains("Two students fought; S-9 was cited."),
        "the narrative kept"
    );
    assert!(
        app.store
            .calls(app.district.id, None)
            .await
            .expect("list")
            .is_empty()
    );
}

async fn only_the_records_roles_see_calls(app: TestApp) {
    for role in [Role::Facilitator, Role::Investigator, Role::AgencyLiaison] {
        let client = app.signed_in(role).await;
        for path in ["/program/calls", "/program/calls/new", "/program/calls/1"] {
            let status = client
                .get(app.url(path))
                .send()
                .await
                .expect("get")
                .status();
            assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} {path}");
        }
    }
    let admin = app.signed_in(Role::ProgramAdmin).await;
    let status = admin
        .get(app.url("/program/calls"))
        .send()
        .await
        .expect("get")
        .status();
    assert_eq!(status, StatusCode::OK);
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let status = anonymous
        .get(app.url("/program/calls"))
        .send()
        .await
        .expect("get")
        .status();
    assert!(
        status.is_redirection() || status == StatusCode::UNAUTHORIZED,
        "{status}"
    );
}

async fn an_admin_loads_the_districts_offense_types(app: TestApp) {
    let admin = app.signed_in(Role::ProgramAdmin).await;
    let html = admin
        .get(app.url("/program/calls/offense-types"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("violence_major_injury, Violence with major injury"),
        "the defaults"
    );
    let csrf = csrf_of(&html);
    let cedars = "2410\tTobacco possession\n2430, Alcohol possession\nfighting, Fighting";
    let saved = admin
        .post(app.url("/program/calls/offense-types"))
        .form(&[("_csrf", csrf.as_str()), ("offenses", cedars)])
        .send()
        .await
        .expect("save");
    assert_eq!(saved.status(), StatusCode::OK);
    assert!(
        saved
            .text()
            .await
            .expect("html")
            .contains("The offense types are saved.")
    );
    let codes: Vec<String> = app
        .store
        .offense_types(app.district.id)
        .await
        .expect("types")
        .into_iter()
        .map(|t| t.code)
        .collect();
    assert_eq!(codes, ["2410", "2430", "fighting"]);
    let twice = admin
        .post(app.url("/program/calls/offense-types"))
        .form(&[("_csrf", csrf.as_str()), ("offenses", "a, A\na, again")])
        .send()
        .await
        .expect("save");
    assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = twice.text().await.expect("html");
    assert!(html.contains("Line 2: the code"), "the line is named");
    assert!(html.contains("a, again"), "the text is kept");
    let clerk = app.signed_in(Role::RecordsClerk).await;
    let html = clerk
        .get(app.url("/program/calls/offense-types"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("readonly"), "a clerk reads the list");
    let refused = clerk
        .post(app.url("/program/calls/offense-types"))
        .form(&[("_csrf", csrf_of(&html).as_str()), ("offenses", "x, X")])
        .send()
        .await
        .expect("post");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}
