//! The program record over HTTP, on both backends: who may use which route, the training gate through
//! the API and the pages, evidence uploads, CSV imports, record history.

mod common;

use accord_domain::roles::Role;
use common::{TestApp, csrf_of};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    every_route_checks_the_role_and_the_district,
    the_gate_refuses_then_allows_through_the_api,
    imports_report_every_bad_row_and_import_nothing_half_way,
    the_pages_show_the_refusal_and_keep_what_was_typed,
);

const PASSWORD: &str = "a long enough password";

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
    async fn post(&self, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .client
            .post(self.app.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("post");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
    async fn get(&self, token: &str, path: &str) -> (StatusCode, Value) {
        let response = self
            .client
            .get(self.app.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("get");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
    async fn csv(
        &self,
        token: &str,
        kind: &str,
        dry_run: bool,
        body: Vec<u8>,
    ) -> (StatusCode, Value) {
        let response = self
            .client
            .post(
                self.app
                    .url(&format!("/api/v1/program/imports/{kind}?dry_run={dry_run}")),
            )
            .bearer_auth(token)
            .header("content-type", "text/csv")
            .body(body)
            .send()
            .await
            .expect("import");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

/// An agency, a school and an officer through the API; returns (agency id, officer id).
async fn police_and_officer(api: &Api, admin: &str) -> (i64, i64) {
    let (status, agency) = api
        .post(
            admin,
            "/api/v1/program/agencies",
            json!({"name": "Test Police", "kind": "law_enforcement"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{agency}");
    api.app
        .store
        .add_school(api.app.district.id, "Test High")
        .await
        .expect("school");
    let (status, officer) = api
        .post(
            admin,
            "/api/v1/program/staff",
            json!({"agency": agency["id"], "staff_number": "T-1", "name": "Officer Kim",
                   "staff_type": "school_resource_officer"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{officer}");
    assert_eq!(officer["standing"], "due");
    (
        agency["id"].as_i64().expect("id"),
        officer["id"].as_i64().expect("id"),
    )
}

/// A token for a liaison linked to `agency_id`.
async fn liaison_token(app: &TestApp, agency_id: i64) -> String {
    let token = app.staff_token(Role::AgencyLiaison).await;
    let user = app
        .store
        .user_by_api_token(&accord_web::auth::hash_token(&token))
        .await
        .expect("lookup")
        .expect("user");
    app.store
        .link_user_to_agency(&accord_store::Actor::process("test"), &user, agency_id)
        .await
        .expect("link");
    token
}

async fn every_route_checks_the_role_and_the_district(app: TestApp) {
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let clerk = app.staff_token(Role::RecordsClerk).await;
    let facilitator = app.staff_token(Role::Facilitator).await;
    let investigator = app.staff_token(Role::Investigator).await;
    let unlinked_liaison = app.staff_token(Role::AgencyLiaison).await;
    let other_district = app
        .store
        .ensure_district("other", "Other District")
        .await
        .expect("district");
    let api = Api::new(app);
    let (agency, officer) = police_and_officer(&api, &admin).await;
    let liaison = liaison_token(&api.app, agency).await;
    let (_, other_agency) = api
        .post(
            &admin,
            "/api/v1/program/agencies",
            json!({"name": "Other Security", "kind": "security_company"}),
        )
        .await;
    let (_, stranger) = api
        .post(
            &admin,
            "/api/v1/program/staff",
            json!({"agency": "Other Security", "staff_number": "S-1", "name": "Sam Guard",
                   "staff_type": "contracted_security"}),
        )
        .await;
    let stranger = stranger["id"].as_i64().expect("id");
    let other_admin = {
        let hash = accord_web::auth::hash_password(PASSWORD.into())
            .await
            .expect("hash");
        let user = api
            .app
            .store
            .add_user(accord_store::NewUser {
                district_id: other_district.id,
                email: "admin@other.example",
                name: "Other admin",
                role: Role::ProgramAdmin,
                password_hash: &hash,
            })
            .await
            .expect("user");
        let token = accord_web::auth::new_staff_token();
        api.app
            .store
            .create_api_token(user.id, &accord_web::auth::hash_token(&token))
            .await
            .expect("token");
        token
    };

    for path in ["/api/v1/program/agencies", "/api/v1/program/staff"] {
        for (who, token, expected) in [
            ("admin", &admin, StatusCode::OK),
            ("clerk", &clerk, StatusCode::OK),
            ("liaison", &liaison, StatusCode::OK),
            ("facilitator", &facilitator, StatusCode::FORBIDDEN),
            ("investigator", &investigator, StatusCode::FORBIDDEN),
            ("unlinked liaison", &unlinked_liaison, StatusCode::FORBIDDEN),
        ] {
            assert_eq!(api.get(token, path).await.0, expected, "{who} GET {path}");
        }
        let anonymous = api.client.get(api.app.url(path)).send().await.expect("get");
        assert_eq!(
            anonymous.status(),
            StatusCode::UNAUTHORIZED,
            "anonymous {path}"
        );
    }
    let (_, seen) = api.get(&liaison, "/api/v1/program/staff").await;
    let names: Vec<&str> = seen
        .as_array()
        .expect("list")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        vec!["Officer Kim"],
        "a liaison sees their own agency's people only"
    );
    let (_, theirs) = api.get(&other_admin, "/api/v1/program/staff").await;
    assert_eq!(theirs, json!([]), "another district sees nothing");

    let person = format!("/api/v1/program/staff/{officer}");
    let stranger_path = format!("/api/v1/program/staff/{stranger}");
    assert_eq!(api.get(&liaison, &person).await.0, StatusCode::OK);
    assert_eq!(
        api.get(&liaison, &stranger_path).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.get(&other_admin, &person).await.0,
        StatusCode::NOT_FOUND
    );

    let agency_body = json!({"name": "New Agency", "kind": "security_company"});
    for (who, token, expected) in [
        ("clerk", &clerk, StatusCode::FORBIDDEN),
        ("liaison", &liaison, StatusCode::FORBIDDEN),
        ("facilitator", &facilitator, StatusCode::FORBIDDEN),
        ("admin", &admin, StatusCode::CREATED),
    ] {
        let (status, _) = api
            .post(token, "/api/v1/program/agencies", agency_body.clone())
            .await;
        assert_eq!(status, expected, "{who} adds an agency");
    }
    let staff_into = |agency: &Value, number: &str| {
        json!({"agency": agency, "staff_number": number, "name": "New Person",
               "staff_type": "security_officer"})
    };
    let cases = [
        (
            "liaison, own agency",
            &liaison,
            json!(agency),
            StatusCode::CREATED,
        ),
        (
            "liaison, other agency",
            &liaison,
            other_agency["id"].clone(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "clerk",
            &clerk,
            other_agency["id"].clone(),
            StatusCode::CREATED,
        ),
        (
            "investigator",
            &investigator,
            json!(agency),
            StatusCode::FORBIDDEN,
        ),
        (
            "other district's admin",
            &other_admin,
            json!(agency),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (i, (who, token, agency, expected)) in cases.into_iter().enumerate() {
        let (status, body) = api
            .post(
                token,
                "/api/v1/program/staff",
                staff_into(&agency, &format!("N-{i}")),
            )
            .await;
        assert_eq!(status, expected, "{who} adds staff: {body}");
    }
    let assignment = json!({"school": "Test High", "starts_on": "2026-09-01", "days_per_week": 5});
    let assign_path = format!("/api/v1/program/staff/{officer}/assignments");
    for (who, token, expected) in [
        ("clerk", &clerk, StatusCode::FORBIDDEN),
        ("liaison", &liaison, StatusCode::FORBIDDEN),
        (
            "other district's admin",
            &other_admin,
            StatusCode::NOT_FOUND,
        ),
    ] {
        let (status, _) = api.post(token, &assign_path, assignment.clone()).await;
        assert_eq!(status, expected, "{who} assigns");
    }
    let training = json!({"requirement": "a", "completed_on": "2026-01-15", "provider": "ESD"});
    let training_path = format!("/api/v1/program/staff/{officer}/training");
    let (status, record) = api.post(&liaison, &training_path, training).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "a liaison records their people's training"
    );
    let verify = format!("/api/v1/program/training/{}/verify", record["id"]);
    for (who, token, expected) in [
        ("liaison", &liaison, StatusCode::FORBIDDEN),
        ("clerk", &clerk, StatusCode::FORBIDDEN),
        (
            "other district's admin",
            &other_admin,
            StatusCode::NOT_FOUND,
        ),
        ("admin", &admin, StatusCode::OK),
    ] {
        assert_eq!(
            api.post(token, &verify, json!({})).await.0,
            expected,
            "{who} verifies"
        );
    }
    let history = format!("/api/v1/program/history/training_records/{}", record["id"]);
    for (who, token, expected) in [
        ("clerk", &clerk, StatusCode::FORBIDDEN),
        ("liaison", &liaison, StatusCode::FORBIDDEN),
        (
            "other district's admin",
            &other_admin,
            StatusCode::NOT_FOUND,
        ),
        ("admin", &admin, StatusCode::OK),
    ] {
        assert_eq!(
            api.get(token, &history).await.0,
            expected,
            "{who} reads history"
        );
    }
    let import = api
        .csv(&investigator, "staff", true, b"agency\n".to_vec())
        .await;
    assert_eq!(import.0, StatusCode::FORBIDDEN);

    // The pages follow the same rules.
    let browser = api.app.signed_in(Role::Facilitator).await;
    for path in ["/program", "/program/staff", "/program/agencies"] {
        let response = browser.get(api.app.url(path)).send().await.expect("get");
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "facilitator {path}"
        );
    }
    let clerk_browser = api.app.signed_in(Role::RecordsClerk).await;
    for (path, expected) in [
        ("/program".to_owned(), StatusCode::OK),
        (format!("/program/staff/{officer}"), StatusCode::OK),
        (
            format!("/program/history/staff_members/{officer}"),
            StatusCode::FORBIDDEN,
        ),
    ] {
        let response = clerk_browser
            .get(api.app.url(&path))
            .send()
            .await
            .expect("get");
        assert_eq!(response.status(), expected, "clerk {path}");
    }
    let anonymous = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let response = anonymous
        .get(api.app.url("/program"))
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

async fn the_gate_refuses_then_allows_through_the_api(app: TestApp) {
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let api = Api::new(app);
    let (_, officer) = police_and_officer(&api, &admin).await;
    let assign_path = format!("/api/v1/program/staff/{officer}/assignments");
    let assignment = json!({"school": "Test High", "starts_on": "2026-09-01", "ends_on": "2027-06-15", "days_per_week": 5});
    let (status, problem) = api.post(&admin, &assign_path, assignment.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let detail = problem["detail"].as_str().expect("detail");
    assert!(detail.contains("no plan"), "{detail}");
    assert!(
        detail.contains("Constitutional and civil rights"),
        "{detail}"
    );
    assert!(
        detail.contains("On-the-job training (days) (ojt): 0 of 2 verified"),
        "{detail}"
    );
    assert!(
        !detail.contains("check_ins"),
        "check-ins are not required of SROs: {detail}"
    );

    let (_, catalogue_person) = api
        .get(&admin, &format!("/api/v1/program/staff/{officer}"))
        .await;
    let codes: Vec<String> = catalogue_person["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["code"].as_str().expect("code").to_owned())
        .collect();
    assert_eq!(codes.len(), 14);
    for code in &codes {
        let units = if code == "ojt" { 2 } else { 1 };
        let (status, record) = api
            .post(
                &admin,
                &format!("/api/v1/program/staff/{officer}/training"),
                json!({"requirement": code, "completed_on": "2026-01-15", "provider": "CJTC",
                       "hours": 4, "units": units}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{record}");
        if code != "m" {
            let verify = format!("/api/v1/program/training/{}/verify", record["id"]);
            assert_eq!(api.post(&admin, &verify, json!({})).await.0, StatusCode::OK);
        }
    }
    let (status, problem) = api.post(&admin, &assign_path, assignment.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let detail = problem["detail"].as_str().expect("detail");
    assert!(
        detail.contains("Restorative justice principles and practices (m): 0 of 1 verified, 1 recorded and awaiting verification"),
        "exactly what is missing: {detail}"
    );
    assert_eq!(detail.matches("\n- ").count(), 1, "{detail}");

    let (_, person) = api
        .get(&admin, &format!("/api/v1/program/staff/{officer}"))
        .await;
    let m = person["training"]
        .as_array()
        .expect("training")
        .iter()
        .find(|r| r["requirement"] == "m")
        .expect("m")["id"]
        .clone();
    let verify = format!("/api/v1/program/training/{m}/verify");
    assert_eq!(api.post(&admin, &verify, json!({})).await.0, StatusCode::OK);
    let (status, created) = api.post(&admin, &assign_path, assignment.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["school"], "Test High");

    for (body, field) in [
        (
            json!({"school": "Test High", "starts_on": "2027-06-15", "days_per_week": 2}),
            "starts_on",
        ),
        (
            json!({"school": "Test High", "starts_on": "2027-09-01", "ends_on": "2027-08-01", "days_per_week": 2}),
            "ends_on",
        ),
        (
            json!({"school": "Nowhere High", "starts_on": "2027-09-01", "days_per_week": 2}),
            "school",
        ),
        (
            json!({"school": "Test High", "starts_on": "2027-02-30", "days_per_week": 2}),
            "starts_on",
        ),
        (
            json!({"school": "Test High", "starts_on": "2027-09-01", "days_per_week": 6}),
            "days_per_week",
        ),
    ] {
        let (status, problem) = api.post(&admin, &assign_path, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(problem["field"], field, "{problem}");
    }
    let (status, _) = api
        .post(
            &admin,
            &format!("/api/v1/program/staff/{officer}/training"),
            json!({"requirement": "a", "completed_on": "2026-01-15", "provider": "CJTC"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "a duplicate record");
    let (status, problem) = api
        .post(
            &admin,
            &format!("/api/v1/program/staff/{officer}/training"),
            json!({"requirement": "Astrology", "completed_on": "2026-01-15", "provider": "CJTC"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["field"], "requirement");

    let (status, history) = api
        .get(
            &admin,
            &format!("/api/v1/program/history/training_records/{m}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(history.as_array().expect("entries").len(), 2);
    assert_eq!(history[1]["before"]["verified_at"], Value::Null);
    assert!(history[1]["after"]["verified_at"].is_i64());
}

async fn imports_report_every_bad_row_and_import_nothing_half_way(app: TestApp) {
    let admin = app.staff_token(Role::ProgramAdmin).await;
    let api = Api::new(app);
    police_and_officer(&api, &admin).await;
    // Windows-1252 (é as 0xE9), CRLF, a quoted line break, and three bad rows.
    let mut staff = b"Agency,Staff_Number,Name,Staff_Type,First_Day_On_Site\r\n".to_vec();
    staff.extend_from_slice(
        b"Test Police,T-2,Jos\xe9 Garc\xeda,school resource officer,9/1/2025\r\n",
    );
    staff.extend_from_slice(b"Test Police,T-3,\"Ann\r\nMarie Lee\",security_officer,\r\n");
    staff.extend_from_slice(b"Nowhere PD,T-4,Bo,school_resource_officer,\r\n");
    staff.extend_from_slice(b"Test Police,T-1,Duplicate of Kim,school_resource_officer,\r\n");
    staff.extend_from_slice(b"Test Police,T-5,Cy,janitor,2025-13-01\r\n");
    let (status, report) = api.csv(&admin, "staff", false, staff.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(report["encoding"], "windows-1252");
    assert_eq!(report["rows"], 5);
    assert_eq!(report["imported"], 0);
    let lines: Vec<i64> = report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["line"].as_i64().expect("line"))
        .collect();
    assert_eq!(
        lines,
        vec![5, 6, 7],
        "line numbers count the quoted line break: {report}"
    );
    assert!(
        report["problems"][0]["message"]
            .as_str()
            .expect("m")
            .contains("Nowhere PD")
    );
    let (_, people) = api.get(&admin, "/api/v1/program/staff").await;
    assert_eq!(
        people.as_array().expect("list").len(),
        1,
        "nothing imported half-way"
    );

    let good: Vec<u8> = [
        &[0xEF, 0xBB, 0xBF][..],
        b"agency,staff_number,name,staff_type,first_day_on_site\n",
        "Test Police,T-2,José García,school_resource_officer,2025-09-01\n".as_bytes(),
    ]
    .concat();
    let (status, report) = api.csv(&admin, "staff", true, good.clone()).await;
    assert_eq!(
        (status, report["imported"].clone()),
        (StatusCode::OK, json!(0))
    );
    assert_eq!(report["encoding"], "UTF-8 with BOM");
    let (status, report) = api.csv(&admin, "staff", false, good).await;
    assert_eq!(
        (status, report["imported"].clone()),
        (StatusCode::OK, json!(1))
    );
    let (_, people) = api.get(&admin, "/api/v1/program/staff").await;
    assert!(people.to_string().contains("José García"));

    let training = "agency,staff_number,requirement,completed_on,provider,hours\n\
        Test Police,T-2,Trauma-Informed Approaches,2025-10-01,CJTC,4\n\
        Test Police,T-2,ojt,2025-10-02,CJTC,8\n\
        Test Police,T-2,Astrology,2025-10-03,CJTC,1\n\
        Test Police,T-9,a,2025-10-03,CJTC,1\n\
        Test Police,T-2,ojt,2025-10-02,CJTC,8\n\
        Test Police,T-2,b,2099-01-01,CJTC,1\n";
    let (status, report) = api
        .csv(&admin, "training", false, training.as_bytes().to_vec())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let problems: Vec<(i64, String)> = report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["line"].as_i64().expect("line"),
                p["message"].as_str().expect("m").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        problems.iter().map(|p| p.0).collect::<Vec<_>>(),
        vec![4, 5, 6, 7]
    );
    assert!(problems[0].1.contains("Astrology"));
    assert!(problems[1].1.contains("T-9"));
    assert!(problems[2].1.contains("already recorded"));
    assert!(problems[3].1.contains("future"));
    let (status, report) = api
        .csv(
            &admin,
            "training",
            false,
            b"agency,staff_number\nTest Police,T-2\n".to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(report["problems"][0]["line"], 1);
    assert!(
        report["problems"][0]["message"]
            .as_str()
            .expect("m")
            .contains("requirement")
    );
}

/// A multipart body by hand: text fields, then the evidence file.
fn multipart(fields: &[(&str, &str)], file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "accordtestboundary";
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
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"cert.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn the_pages_show_the_refusal_and_keep_what_was_typed(app: TestApp) {
    let browser = app.signed_in(Role::ProgramAdmin).await;
    let html = browser
        .get(app.url("/program/agencies"))
        .send()
        .await
        .expect("agencies")
        .text()
        .await
        .expect("html");
    let csrf = csrf_of(&html);
    let response = browser
        .post(app.url("/program/agencies"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "  "),
            ("kind", "law_enforcement"),
            ("contact", "kept@example.org"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    assert!(html.contains("cannot be empty") && html.contains("kept@example.org"));
    browser
        .post(app.url("/program/agencies"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "Valley Police"),
            ("kind", "law_enforcement"),
        ])
        .send()
        .await
        .expect("post");
    let school = app
        .store
        .add_school(app.district.id, "Lake High")
        .await
        .expect("school");
    let agency = app.store.agencies(app.district.id).await.expect("list")[0].id;
    let response = browser
        .post(app.url("/program/staff"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("agency", agency.to_string().as_str()),
            ("name", "Officer Rae"),
            ("staff_number", "V-7"),
            ("staff_type", "school_resource_officer"),
            ("first_day_on_site", ""),
        ])
        .send()
        .await
        .expect("post");
    let person_url = response.url().clone();
    let html = response.text().await.expect("html");
    assert!(
        html.contains("Officer Rae") && html.contains("Training due"),
        "{person_url}"
    );
    let person = person_url.path().to_owned();

    let response = browser
        .post(app.url(&format!("{person}/assignments")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("school", school.id.to_string().as_str()),
            ("starts_on", "2026-09-02"),
            ("ends_on", ""),
            ("days_per_week", "4"),
        ])
        .send()
        .await
        .expect("assign");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    assert!(html.contains("Refused"), "the gate's refusal is shown");
    assert!(html.contains(
        "De-escalation techniques when working with youth (j): 0 of 1 verified, due by 2027-03-02"
    ));
    assert!(
        html.contains("value=\"2026-09-02\"") && html.contains("value=\"4\""),
        "typed values kept"
    );

    let fields = [
        ("_csrf", csrf.as_str()),
        ("requirement", "j"),
        ("completed_on", "2026-01-10"),
        ("provider", "CJTC"),
        ("hours", "4"),
        ("units", ""),
    ];
    let (content_type, body) = multipart(&fields, b"MZ this is a program, not a certificate");
    let response = browser
        .post(app.url(&format!("{person}/training")))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("html");
    assert!(html.contains("must be a PDF, PNG or JPEG"));
    assert!(html.contains("value=\"CJTC\""), "typed values kept");
    let (content_type, body) = multipart(&fields, b"%PDF-1.7 certificate of completion");
    let response = browser
        .post(app.url(&format!("{person}/training")))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("upload");
    let html = response.text().await.expect("html");
    assert!(html.contains("Training recorded"), "{html}");
    let evidence = html
        .split("href=\"/program/evidence/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an evidence link");
    let file = browser
        .get(app.url(&format!("/program/evidence/{evidence}")))
        .send()
        .await
        .expect("evidence");
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert_eq!(
        file.bytes().await.expect("bytes").as_ref(),
        b"%PDF-1.7 certificate of completion"
    );

    let spanish = browser
        .get(app.url(&person))
        .header("accept-language", "es")
        .send()
        .await
        .expect("es")
        .text()
        .await
        .expect("html");
    assert!(spanish.contains("Registrar capacitación"));
    let dashboard = browser
        .get(app.url("/program"))
        .send()
        .await
        .expect("dashboard")
        .text()
        .await
        .expect("html");
    assert!(
        dashboard.contains("Overdue training by school") && dashboard.contains("Valley Police")
    );
}
