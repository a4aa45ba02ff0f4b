//! The calls import over HTTP, on both backends: a good file imports and a re-import changes nothing,
//! bad rows are each reported with their line and nothing is stored, encodings and line ends as
//! spreadsheet programs write them, the dry run, and who may import (API and page).

mod common;

use accord_domain::call_file::TEMPLATE;
use accord_domain::roles::Role;
use accord_store::{Actor, NewAgency, NewStaff};
use common::{TestApp, csrf_of};
use reqwest::{Client, StatusCode};
use serde_json::Value;

on_both_backends!(
    a_good_file_imports_and_importing_it_again_changes_nothing,
    bad_rows_are_each_reported_with_their_line_and_nothing_is_imported,
    windows_1252_files_keep_their_accents,
    bom_crlf_and_quoted_line_breaks_keep_the_lines_right,
    a_dry_run_stores_nothing,
    only_those_who_keep_student_records_may_import,
);

const HEADER: &str = "call_id,school,occurred_at,school_year,requester,reason,offense_type,weapon,\
school_related,responding_staff,agency_case_number,cedars_incident_id,narrative,student_id,\
student_role,age,birth_date,grade,gender,hispanic,races,iep,section_504,english_learner,outcomes\n";

/// Two calls, the first with two students (its call columns repeated).
const GOOD_ROWS: &str = "\
2024-0113,Lincoln High School,2024-10-03 14:05,2024-25,teacher,Fight,fighting,,yes,SRO-17,PD-5531,,Two students fought.,S-1,offender,15,,9,male,no,white,no,no,no,discipline;arrest\n\
2024-0113,Lincoln High School,2024-10-03 14:05,2024-25,teacher,Fight,fighting,,yes,SRO-17,PD-5531,,Two students fought.,S-2,offender,16,,10,female,yes,,yes,no,yes,discipline\n\
2024-0140,Lincoln High School,2024-11-12,,Officer self-initiated,Vape,tobacco,,yes,,,,,S-3,offender,,2011-02-20,7,gender_x,no,asian;white,no,yes,no,returned_to_administration\n";

/// The district's school, an agency and its officer SRO-17.
async fn roster(app: &TestApp) {
    let store = &app.store;
    let district = app.district.id;
    store
        .add_school(district, "Lincoln High School")
        .await
        .expect("school");
    store
        .add_school(district, "Escuela Peña")
        .await
        .expect("school");
    let actor = Actor::process("test");
    let agency = store
        .add_agency(
            district,
            &actor,
            &NewAgency {
                name: "Test Police".into(),
                kind: "law_enforcement".into(),
                contact: String::new(),
            },
        )
        .await
        .expect("agency");
    store
        .add_staff(
            district,
            &actor,
            &[NewStaff {
                agency_id: agency.id,
                staff_number: "SRO-17".into(),
                name: "Officer Kim".into(),
                staff_type: "school_resource_officer".into(),
                first_day_on_site: None,
            }],
        )
        .await
        .expect("staff");
}

async fn import(app: &TestApp, token: &str, dry_run: bool, body: Vec<u8>) -> (StatusCode, Value) {
    let response = Client::new()
        .post(app.url(&format!("/api/v1/calls/import?dry_run={dry_run}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .expect("import");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn stored_calls(app: &TestApp) -> usize {
    app.store
        .calls(app.district.id, None)
        .await
        .expect("calls")
        .len()
}

fn counts(report: &Value) -> (i64, i64, i64) {
    let n = |field: &str| report[field].as_i64().expect(field);
    (n("added"), n("changed"), n("unchanged"))
}

/// (line, message) of each problem of a report.
fn problems(report: &Value) -> Vec<(i64, String)> {
    report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["line"].as_i64().expect("line"),
                p["message"].as_str().expect("message").to_owned(),
            )
        })
        .collect()
}

async fn a_good_file_imports_and_importing_it_again_changes_nothing(app: TestApp) {
    roster(&app).await;
    let clerk = app.staff_token(Role::RecordsClerk).await;
    let file = format!("{HEADER}{GOOD_ROWS}").into_bytes();
    let (status, report) = import(&app, &clerk, false, file.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        (report["rows"].as_i64(), report["calls"].as_i64()),
        (Some(3), Some(2))
    );
    assert_eq!(counts(&report), (2, 0, 0));
    let calls = app.store.calls(app.district.id, None).await.expect("calls");
    assert_eq!(calls.len(), 2);
    let fight = calls
        .iter()
        .find(|c| c.call_key == "2024-0113")
        .expect("the fight");
    assert_eq!((fight.students, fight.r7_reportable), (2, true));
    assert_eq!(fight.school_year, 2024);

    let (status, report) = import(&app, &clerk, false, file).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(counts(&report), (0, 0, 2), "a re-import changes nothing");

    let changed = format!("{HEADER}{}", GOOD_ROWS.replace("Vape", "Vape pen"));
    let (status, report) = import(&app, &clerk, false, changed.into_bytes()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(counts(&report), (0, 1, 1));
    assert_eq!(stored_calls(&app).await, 2);
}

async fn bad_rows_are_each_reported_with_their_line_and_nothing_is_imported(app: TestApp) {
    roster(&app).await;
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let bad = "\
2024-0200,Nowhere High,2024-10-03 14:05,,teacher,,fighting,,,,,,,S-9,offender,15,,,male,,,,,,\n\
2024-0201,Lincoln High School,2024-10-33,,teacher,,fighting,,,SRO-99,,,,S-9,offender,15,,,male,,,,,,\n\
2024-0113,Lincoln High School,2024-10-03 14:05,2024-25,teacher,Fight,fighting,,yes,SRO-17,PD-5531,,Two students fought.,S-1,offender,15,,9,male,no,white,no,no,no,arrested\n\
2024-0202,Lincoln High School,2024-10-04,,teacher,,arson,,maybe,,,,,S-9,suspect,,,,,,,,,,\n";
    let file = format!("{HEADER}{GOOD_ROWS}{bad}");
    let (status, report) = import(&app, &admin, false, file.into_bytes()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
    assert_eq!(counts(&report), (0, 0, 0));
    let found = problems(&report);
    let lines: Vec<i64> = found.iter().map(|(line, _)| *line).collect();
    assert!(
        lines.windows(2).all(|pair| pair[0] <= pair[1]),
        "in line order: {found:?}"
    );
    let at = |line: i64| -> Vec<&str> {
        found
            .iter()
            .filter(|(l, _)| *l == line)
            .map(|(_, m)| m.as_str())
            .collect()
    };
    assert!(
        at(5).iter().any(|m| m.contains("Nowhere High")),
        "{found:?}"
    );
    assert!(at(6).iter().any(|m| m.contains("2024-10-33")), "{found:?}");
    assert!(at(6).iter().any(|m| m.contains("SRO-99")), "{found:?}");
    assert!(
        at(7)
            .iter()
            .any(|m| m.contains("“arrested” is not a code of outcomes")),
        "{found:?}"
    );
    let last = at(8);
    for expected in [
        "arson",
        "maybe",
        "suspect",
        "gender is empty",
        "age is empty",
    ] {
        assert!(
            last.iter().any(|m| m.contains(expected)),
            "{expected} in {last:?}"
        );
    }
    assert_eq!(stored_calls(&app).await, 0, "nothing imported half-way");

    let disagreeing = format!(
        "{HEADER}{GOOD_ROWS}{}",
        GOOD_ROWS
            .lines()
            .next()
            .expect("row")
            .replace(",S-1,", ",S-7,")
            .replace(",PD-5531,", ",PD-0000,")
    );
    let (status, report) = import(&app, &admin, false, disagreeing.into_bytes()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problems(&report),
        [(
            5,
            "agency_case_number differs from the same call's row at line 2.".to_owned()
        )]
    );

    let (status, report) = import(&app, &admin, false, b"call_id,school\nC1,x\n".to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let found = problems(&report);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, 1);
    assert!(found[0].1.contains("occurred_at"), "{found:?}");
}

async fn windows_1252_files_keep_their_accents(app: TestApp) {
    roster(&app).await;
    let clerk = app.staff_token(Role::RecordsClerk).await;
    // "Escuela Peña" (ñ as 0xF1) and a narrative "José lloró" (é 0xE9, ó 0xF3), with "Sí" (í 0xED).
    let mut file = HEADER.as_bytes().to_vec();
    file.extend_from_slice(
        b"W-1,Escuela Pe\xf1a,2025-01-15 09:30,,Teacher,,bullying,,S\xed,,,,Jos\xe9 llor\xf3,S-5,victim,12,,6,female,s\xed,,,,,handled_informally\n",
    );
    let (status, report) = import(&app, &clerk, false, file).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["encoding"], "windows-1252");
    assert_eq!(counts(&report), (1, 0, 0));
    let summary = &app.store.calls(app.district.id, None).await.expect("calls")[0];
    let schools = app.store.schools(app.district.id).await.expect("schools");
    let pena = schools
        .iter()
        .find(|s| s.name == "Escuela Peña")
        .expect("school");
    assert_eq!(summary.school_id, pena.id);
    assert!(summary.school_related);
    let stored = app
        .store
        .call(app.district.id, summary.id, &Actor::process("test"))
        .await
        .expect("call");
    assert_eq!(stored.call.narrative, "José lloró");
    assert!(stored.call.students[0].hispanic);
}

async fn bom_crlf_and_quoted_line_breaks_keep_the_lines_right(app: TestApp) {
    roster(&app).await;
    let clerk = app.staff_token(Role::RecordsClerk).await;
    let rows = "\
Q-1,Lincoln High School,2024-10-03T08:15,,Docente,,other,,no,,,,\"First line,\r\nsecond line\",S-1,witness,14,,,male,,,,,,\r\n\
Q-2,Lincoln High School,2024-10-04,,Otro personal escolar,,unknown,,no,,,,,S-2,witness,14,,,male,,,,,,\r\n";
    let file = |rows: &str| {
        [
            &[0xEF, 0xBB, 0xBF][..],
            HEADER.replace('\n', "\r\n").as_bytes(),
            rows.as_bytes(),
        ]
        .concat()
    };
    let (status, report) = import(&app, &clerk, false, file(rows)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
    assert_eq!(report["encoding"], "UTF-8 with BOM");
    let found = problems(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 4, "the quoted line break counts: {found:?}");

    let (status, report) =
        import(&app, &clerk, false, file(&rows.replace("unknown", "other"))).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(counts(&report), (2, 0, 0));
    let calls = app.store.calls(app.district.id, None).await.expect("calls");
    let first = calls.iter().find(|c| c.call_key == "Q-1").expect("Q-1");
    let stored = app
        .store
        .call(app.district.id, first.id, &Actor::process("test"))
        .await
        .expect("call");
    assert_eq!(stored.call.narrative, "First line,\nsecond line");
    assert_eq!(
        stored.call.requester,
        accord_domain::calls::Requester::Teacher,
        "requesters read from their Spanish labels too"
    );
    assert_eq!(stored.call.occurred_at, "2024-10-03T08:15");
}

async fn a_dry_run_stores_nothing(app: TestApp) {
    roster(&app).await;
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let file = format!("{HEADER}{GOOD_ROWS}").into_bytes();
    let (status, report) = import(&app, &admin, true, file.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["dry_run"], true);
    assert_eq!(
        (report["rows"].as_i64(), report["calls"].as_i64()),
        (Some(3), Some(2))
    );
    assert_eq!(counts(&report), (0, 0, 0));
    assert_eq!(stored_calls(&app).await, 0);
    let (_, report) = import(&app, &admin, false, file).await;
    assert_eq!(counts(&report), (2, 0, 0));
}

/// A multipart body by hand: text fields, then the calls file.
fn multipart(fields: &[(&str, &str)], file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "accordcallsboundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"calls.csv\"\r\nContent-Type: text/csv\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn only_those_who_keep_student_records_may_import(app: TestApp) {
    roster(&app).await;
    let file = format!("{HEADER}{GOOD_ROWS}").into_bytes();
    for role in [Role::AgencyLiaison, Role::Investigator, Role::Facilitator] {
        let token = app.staff_token(role).await;
        let (status, _) = import(&app, &token, false, file.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} on the API");
        let browser = app.signed_in(role).await;
        for path in [
            "/program/calls/import",
            "/program/calls/import/template.csv",
        ] {
            let response = browser.get(app.url(path)).send().await.expect("get");
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{role:?} on {path}"
            );
        }
    }
    assert_eq!(stored_calls(&app).await, 0);
    let anonymous = Client::new()
        .post(app.url("/api/v1/calls/import"))
        .body(file.clone())
        .send()
        .await
        .expect("post");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // A records clerk uses the page: the template, a dry run, then the import.
    let browser = app.signed_in(Role::RecordsClerk).await;
    let template = browser
        .get(app.url("/program/calls/import/template.csv"))
        .send()
        .await
        .expect("template");
    assert_eq!(template.status(), StatusCode::OK);
    assert_eq!(template.text().await.expect("csv"), TEMPLATE);
    let html = browser
        .get(app.url("/program/calls/import"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("enctype=\"multipart/form-data\""));
    let csrf = csrf_of(&html);
    let post = |fields: Vec<(&'static str, String)>, file: Vec<u8>| {
        let browser = browser.clone();
        let url = app.url("/program/calls/import");
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let (content_type, body) = multipart(&fields, &file);
            let response = browser
                .post(url)
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .expect("upload");
            (response.status(), response.text().await.expect("html"))
        }
    };
    let (status, html) = post(
        vec![("_csrf", csrf.clone()), ("dry_run", "true".into())],
        file.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("Dry run: all 3 rows (2 calls) are good"),
        "{html}"
    );
    assert_eq!(stored_calls(&app).await, 0);
    let (status, html) = post(vec![("_csrf", csrf.clone())], file.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("2 added, 0 changed, 0 unchanged"), "{html}");
    assert_eq!(stored_calls(&app).await, 2);
    let bad = format!("{HEADER}{}", GOOD_ROWS.replace("fighting", "arson"));
    let (status, html) = post(vec![("_csrf", csrf.clone())], bad.into_bytes()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("2 problems; nothing was imported."), "{html}");
    assert!(
        html.contains("<th scope=\"row\" class=\"num\">3</th>"),
        "{html}"
    );
    let (status, _) = post(vec![("_csrf", "forged".into())], file).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the CSRF token is checked");
}
