//! The yearly report of calls for service over HTTP, on both backends: the internal report's exact
//! counts, the public report and its file never showing a count from 1 to 9 and marking every hidden
//! count, the R7 incident file and the CRDC counts, and who may read what.

mod common;

use accord_domain::calls::{Call, CallStudent, Gender, Outcome, Race, Requester, StudentRole};
use accord_domain::roles::Role;
use accord_store::{Actor, NewAgency, NewStaff};
use common::TestApp;
use reqwest::{Client, StatusCode};
use serde_json::Value;

on_both_backends!(
    the_internal_report_shows_exact_counts,
    the_public_report_never_shows_a_small_count,
    student_level_routes_are_for_records_roles_only,
    the_r7_file_lists_only_reportable_calls,
    crdc_counts_only_school_related_arrests,
    a_district_without_calls_says_so,
    the_next_view_after_a_save_counts_the_changed_year,
);

const YEAR: i32 = 2024;

struct Fixture {
    lake: i64,
    pine: i64,
}

fn student(n: usize, outcomes: &[Outcome]) -> CallStudent {
    CallStudent {
        protected_id: format!("S-{n:04}"),
        role: StudentRole::Offender,
        age: 12 + (n % 6) as u8,
        grade: "9".into(),
        gender: Gender::ALL[n % 2],
        hispanic: n.is_multiple_of(3),
        races: [Race::White].into_iter().collect(),
        iep: n.is_multiple_of(4),
        section_504: false,
        english_learner: false,
        outcomes: outcomes.iter().copied().collect(),
    }
}

fn call(
    key: &str,
    school_id: i64,
    staff: &[i64],
    related: bool,
    students: Vec<CallStudent>,
) -> Call {
    Call {
        call_key: key.into(),
        school_year: YEAR,
        school_id,
        occurred_at: "2024-10-03T09:15".into(),
        requester: Requester::Administrator,
        reason: "Reason text stays private".into(),
        offense: "fighting".into(),
        weapon: String::new(),
        school_related: related,
        staff_ids: staff.to_vec(),
        agency_case_number: "CASE-77".into(),
        cedars_incident_id: String::new(),
        narrative: "A narrative that must never be public".into(),
        students,
    }
}

/// Lake High: 30 calls with staff, one student each, 12 arrested on campus, the rest handled
/// informally; and 2 arrests off campus (R7, but not a CRDC school-related arrest). Pine
/// Elementary: one call without staff, 3 students, one arrested.
async fn calls_of_a_year(app: &TestApp) -> Fixture {
    let actor = Actor::process("test");
    let district = app.district.id;
    let lake = app
        .store
        .add_school(district, "Lake High")
        .await
        .expect("school")
        .id;
    let pine = app
        .store
        .add_school(district, "Pine Elementary")
        .await
        .expect("school")
        .id;
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
    let officer = app
        .store
        .add_staff(
            district,
            &actor,
            &[NewStaff {
                agency_id: agency.id,
                staff_number: "V-1".into(),
                name: "Officer Rae".into(),
                staff_type: "school_resource_officer".into(),
                first_day_on_site: None,
            }],
        )
        .await
        .expect("staff")[0]
        .id;
    let mut calls: Vec<Call> = (0..30)
        .map(|n| {
            let outcomes: &[Outcome] = if n < 12 {
                &[Outcome::Arrest]
            } else {
                &[Outcome::HandledInformally]
            };
            call(
                &format!("L-{n}"),
                lake,
                &[officer],
                true,
                vec![student(n, outcomes)],
            )
        })
        .collect();
    for n in 30..32 {
        calls.push(call(
            &format!("OFF-{n}"),
            lake,
            &[officer],
            false,
            vec![student(n, &[Outcome::Arrest])],
        ));
    }
    calls.push(call(
        "P-1",
        pine,
        &[],
        true,
        vec![
            student(40, &[Outcome::Arrest]),
            student(41, &[]),
            student(42, &[]),
        ],
    ));
    let saved = app
        .store
        .save_calls(district, &actor, &calls)
        .await
        .expect("save calls");
    assert_eq!(saved.added, 33);
    Fixture { lake, pine }
}

async fn get(client: &Client, url: &str) -> (StatusCode, String) {
    let response = client.get(url).send().await.expect("get");
    (response.status(), response.text().await.expect("body"))
}

/// The school group of a JSON report's school breakdown.
fn school(report: &Value, id: i64) -> &Value {
    report["breakdowns"]
        .as_array()
        .expect("breakdowns")
        .iter()
        .find(|b| b["dimension"] == "school")
        .expect("school breakdown")["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["code"].as_str() == Some(id.to_string().as_str()))
        .expect("the school's group")
}

async fn the_internal_report_shows_exact_counts(app: TestApp) {
    let fixture = calls_of_a_year(&app).await;
    let clerk = app.signed_in(Role::RecordsClerk).await;
    let (status, html) = get(&clerk, &app.url("/program/calls/report?year=2024")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("2024-25") && html.contains("Pine Elementary"));
    assert!(
        !html.contains("N&#60;10") && !html.contains("N&lt;10"),
        "nothing is hidden inside"
    );
    assert!(html.contains("a student involved in two calls counts twice"));
    assert!(html.contains("<svg role=\"img\""), "charts are drawn");

    let (status, csv) = get(&clerk, &app.url("/program/calls/report.csv?year=2024")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        csv.contains("2024,total,all,All students,calls,33\n"),
        "{csv}"
    );
    assert!(csv.contains("2024,total,all,All students,students,35\n"));
    assert!(csv.contains("2024,total,all,All students,arrest,15\n"));
    assert!(csv.contains(&format!(
        "2024,school,{},Pine Elementary,students,3\n",
        fixture.pine
    )));

    let token = app.staff_token(Role::ProgramAdmin).await;
    let report: Value = Client::new()
        .get(app.url("/api/v1/calls/report?year=2024"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json");
    assert_eq!(report["version"], "internal");
    assert_eq!(report["students"]["count"], 35);
    assert_eq!(school(&report, fixture.pine)["students"]["count"], 3);
    assert_eq!(
        school(&report, fixture.pine)["outcomes"]["arrest"]["count"],
        1
    );
    assert_eq!(school(&report, fixture.lake)["calls"]["count"], 32);
    assert_eq!(report["over_years"][0]["school_year"], YEAR);
}

/// Every number shown in a table cell of a page.
fn cell_numbers(html: &str) -> Vec<u64> {
    html.split("<td class=\"num")
        .skip(1)
        .filter_map(|cell| {
            let text = cell.split_once('>')?.1;
            let digits: String = text
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ',')
                .filter(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .collect()
}

async fn the_public_report_never_shows_a_small_count(app: TestApp) {
    let fixture = calls_of_a_year(&app).await;
    let public = Client::new();
    for (language, legend) in [
        ("en", "fewer than 10 students"),
        ("es", "menos de 10 estudiantes"),
    ] {
        let response = public
            .get(app.url("/districts/test/calls/report?year=2024"))
            .header(reqwest::header::ACCEPT_LANGUAGE, language)
            .send()
            .await
            .expect("get");
        assert_eq!(response.status(), StatusCode::OK);
        let html = response.text().await.expect("html");
        let numbers = cell_numbers(&html);
        assert!(numbers.len() > 50, "the tables are there");
        assert!(
            numbers.iter().all(|&n| n == 0 || n >= 10),
            "a count from 1 to 9 is shown: {numbers:?}"
        );
        assert!(
            html.contains("N&#60;10") || html.contains("N&lt;10"),
            "small counts are marked"
        );
        assert!(html.contains(legend), "with a legend in {language}");
        for private in [
            "narrative",
            "Reason text",
            "CASE-77",
            "L-0",
            "S-00",
            "2024-10-03",
        ] {
            assert!(!html.contains(private), "{private} is on the public page");
        }
    }
    let (_, html) = get(&public, &app.url("/districts/test")).await;
    assert!(
        html.contains("/districts/test/calls/report"),
        "the program page links the report"
    );

    let (status, csv) = get(
        &public,
        &app.url("/districts/test/calls/report.csv?year=2024"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut hidden = 0;
    for line in csv.lines().skip(1) {
        let value = line.rsplit(',').next().expect("a count column");
        match value.parse::<u64>() {
            Ok(count) => assert!(count == 0 || count >= 10, "{line}"),
            Err(_) => {
                assert!(
                    ["small_count", "complementary", "unverified"].contains(&value),
                    "{line}"
                );
                hidden += 1;
            }
        }
    }
    assert!(hidden > 0);
    assert!(csv.contains(&format!(
        "2024,school,{},Pine Elementary,students,small_count",
        fixture.pine
    )));

    let report: Value = public
        .get(app.url("/api/v1/districts/test/calls/report?year=2024"))
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json");
    assert_eq!(report["version"], "public");
    let pine = school(&report, fixture.pine);
    assert_eq!(pine["students"]["count"], Value::Null);
    assert_eq!(pine["students"]["hidden"], "small_count");
}

async fn student_level_routes_are_for_records_roles_only(app: TestApp) {
    calls_of_a_year(&app).await;
    let routes = [
        "/program/calls/report?year=2024",
        "/program/calls/report.csv?year=2024",
        "/program/calls/r7.csv?year=2024",
        "/program/calls/crdc.csv?year=2024",
    ];
    let facilitator = app.signed_in(Role::Facilitator).await;
    let liaison = app.signed_in(Role::AgencyLiaison).await;
    let anonymous = Client::new();
    for route in routes {
        let (status, _) = get(&facilitator, &app.url(route)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{route} for a facilitator");
        let (status, _) = get(&liaison, &app.url(route)).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{route} for an agency liaison"
        );
        let response = anonymous.get(app.url(route)).send().await.expect("get");
        assert_eq!(
            response.url().path(),
            "/login",
            "{route} sends a visitor to sign in"
        );
    }
    let (_, html) = get(&facilitator, &app.url("/program")).await;
    assert!(
        !html.contains("/program/calls/report"),
        "no link where the page is refused"
    );
    let admin = app.signed_in(Role::ProgramAdmin).await;
    let (_, html) = get(&admin, &app.url("/program")).await;
    assert!(
        html.contains("/program/calls/report"),
        "the program nav links the report"
    );

    let api = app.url("/api/v1/calls/report?year=2024");
    let status = Client::new().get(&api).send().await.expect("api").status();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let token = app.staff_token(Role::Facilitator).await;
    let status = Client::new()
        .get(&api)
        .bearer_auth(token)
        .send()
        .await
        .expect("api")
        .status();
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn the_r7_file_lists_only_reportable_calls(app: TestApp) {
    calls_of_a_year(&app).await;
    let clerk = app.signed_in(Role::RecordsClerk).await;
    let response = clerk
        .get(app.url("/program/calls/r7.csv?year=2024"))
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[reqwest::header::CONTENT_DISPOSITION]
            .to_str()
            .expect("header")
            .contains("r7-incidents-2024.csv")
    );
    let csv = response.text().await.expect("body");
    let mut lines = csv.lines();
    let header = lines.next().expect("header");
    assert!(header.starts_with("call_id,call_key,"));
    assert!(header.contains("race_ethnicity,gender,age,iep,section_504,english_learner"));
    let keys: Vec<&str> = lines
        .map(|l| l.split(',').nth(1).expect("call key"))
        .collect();
    // The 12 campus arrests and the 2 off campus: staff were involved and a student was arrested.
    let mut expected: Vec<String> = (0..12).map(|n| format!("L-{n}")).collect();
    expected.extend(["OFF-30".into(), "OFF-31".into()]);
    let mut found: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
    found.sort();
    expected.sort();
    assert_eq!(
        found, expected,
        "handled informally or without staff is not R7"
    );
    assert!(!csv.contains("Officer") && !csv.contains("narrative") && !csv.contains("S-00"));

    // Taking a call's students in the file is a read of its record (R12); calls left out are not.
    let calls = app
        .store
        .calls(app.district.id, Some(YEAR))
        .await
        .expect("calls");
    let read = |key: &str| {
        let id = calls.iter().find(|c| c.call_key == key).expect("call").id;
        let store = app.store.clone();
        let district = app.district.id;
        async move {
            let history = store.history(district, "calls", id).await.expect("history");
            history.iter().any(|entry| entry.action == "read")
        }
    };
    assert!(read("L-0").await, "a call in the file is recorded as read");
    assert!(!read("P-1").await, "a call not in the file is not");
}

async fn crdc_counts_only_school_related_arrests(app: TestApp) {
    calls_of_a_year(&app).await;
    let admin = app.signed_in(Role::ProgramAdmin).await;
    let (status, csv) = get(&admin, &app.url("/program/calls/crdc.csv?year=2024")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.starts_with("school_year,item,group,female,male,gender_x,total\n"));
    let total_of = |item: &str| -> u64 {
        csv.lines()
            .filter(|l| l.split(',').nth(1) == Some(item))
            .filter(|l| {
                !["english_learner", "idea", "section_504_only"]
                    .contains(&l.split(',').nth(2).unwrap_or(""))
            })
            .map(|l| {
                l.rsplit(',')
                    .next()
                    .and_then(|t| t.parse::<u64>().ok())
                    .expect("total")
            })
            .sum()
    };
    // 12 campus arrests at Lake High and 1 at Pine; the 2 off-campus arrests are not CRDC's.
    assert_eq!(total_of("school_related_arrest"), 13, "{csv}");
    assert_eq!(total_of("referred_to_law_enforcement"), 0);
}

async fn a_district_without_calls_says_so(app: TestApp) {
    let (status, html) = get(
        &Client::new(),
        &app.url("/districts/test/calls/report?year=abc"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No calls for service have been recorded yet."));
    let clerk = app.signed_in(Role::RecordsClerk).await;
    let (status, csv) = get(&clerk, &app.url("/program/calls/r7.csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv.lines().count(), 1, "a header and no rows");
    let (status, _) = get(&Client::new(), &app.url("/districts/nowhere/calls/report")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn the_next_view_after_a_save_counts_the_changed_year(app: TestApp) {
    let fixture = calls_of_a_year(&app).await;
    let clerk = app.signed_in(Role::RecordsClerk).await;
    let total = |csv: &str, what: &str| {
        csv.lines()
            .find_map(|line| line.strip_prefix(&format!("2024,total,all,All students,{what},")))
            .map(str::to_owned)
    };
    let (_, before) = get(&clerk, &app.url("/program/calls/report.csv?year=2024")).await;
    assert_eq!(total(&before, "students").as_deref(), Some("35"));

    let more = call(
        "P-2",
        fixture.pine,
        &[],
        true,
        vec![student(50, &[Outcome::Arrest]), student(51, &[])],
    );
    let mut next_year = more.clone();
    next_year.call_key = "P-3".into();
    next_year.school_year = YEAR + 1;
    app.store
        .save_calls(app.district.id, &Actor::process("test"), &[more, next_year])
        .await
        .expect("save");
    let (_, after) = get(&clerk, &app.url("/program/calls/report.csv?year=2024")).await;
    assert_eq!(total(&after, "students").as_deref(), Some("37"), "{after}");
    assert_eq!(total(&after, "arrest").as_deref(), Some("16"));

    let (_, page) = get(&clerk, &app.url("/program/calls/report")).await;
    assert!(
        page.contains("2025-26") && page.contains("2024-25"),
        "the new year opens the page and both are in the table"
    );
}
