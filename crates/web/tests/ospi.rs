//! The yearly packet for OSPI over HTTP, on both backends: what the ZIP file holds (the roster, the
//! incident file, the adopted agreement and its text), the district's own layout, a refused layout
//! kept as typed, the download in the audit trail, and who may do what.

mod common;

use accord_domain::calls::{Call, CallStudent, Gender, Outcome, Race, Requester, StudentRole};
use accord_domain::documents::{Requirement, SchoolYear, Section, VersionState};
use accord_domain::roles::Role;
use accord_store::{Actor, NewAgency, NewAgreement, NewAssignment, NewStaff, VersionChange};
use common::{TestApp, csrf_of};
use reqwest::{Client, StatusCode};
use std::collections::BTreeMap;
use std::io::Read;

on_both_backends!(
    the_packet_holds_the_roster_the_incidents_and_the_adopted_agreement,
    a_district_lays_out_its_packet_and_a_bad_layout_is_kept_as_typed,
    the_packet_is_for_the_records_roles_only,
);

/// A district with one officer placed at one school for the 2024-25 year, two calls of that year
/// (one reportable under R7) and an adopted agreement with the officer's agency.
async fn district_with_a_year(app: &TestApp) {
    let actor = Actor::process("test");
    let district = app.district.id;
    let school = app
        .store
        .add_school(district, "Lake High")
        .await
        .expect("school");
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
                first_day_on_site: Some("2023-08-20".into()),
            }],
        )
        .await
        .expect("staff")
        .remove(0);
    app.store
        .add_assignment(
            district,
            &actor,
            &NewAssignment {
                staff_id: officer.id,
                school_id: school.id,
                starts_on: "2023-08-20".into(),
                ends_on: None,
                days_per_week: 5,
            },
        )
        .await
        .expect("assignment");
    let student = |id: &str, outcomes: &[Outcome]| CallStudent {
        protected_id: id.into(),
        role: StudentRole::Offender,
        age: 15,
        grade: "10".into(),
        gender: Gender::Female,
        hispanic: true,
        races: [Race::White].into_iter().collect(),
        iep: true,
        section_504: false,
        english_learner: false,
        outcomes: outcomes.iter().copied().collect(),
    };
    let call = |key: &str, staff: Vec<i64>, outcomes: &[Outcome]| Call {
        call_key: key.into(),
        school_year: 2024,
        school_id: school.id,
        occurred_at: "2024-10-03T09:15".into(),
        requester: Requester::Administrator,
        reason: "Fight".into(),
        offense: "fighting".into(),
        weapon: String::new(),
        school_related: true,
        staff_ids: staff,
        agency_case_number: String::new(),
        cedars_incident_id: format!("C-{key}"),
        narrative: "Never in a packet".into(),
        students: vec![student(&format!("S-{key}"), outcomes)],
    };
    app.store
        .save_calls(
            district,
            &actor,
            &[
                call("K-1", vec![officer.id], &[Outcome::Arrest]),
                call("K-2", vec![], &[Outcome::HandledInformally]),
            ],
        )
        .await
        .expect("calls");
    let agreement = app
        .store
        .create_agreement(
            district,
            &actor,
            &NewAgreement {
                agency_id: agency.id,
                school_year: SchoolYear::starting(2024).expect("year"),
                title: "Valley Police agreement".into(),
                sections: vec![Section {
                    heading: "Discipline role".into(),
                    body: "Officers take no part in school discipline.".into(),
                    covers: vec![Requirement::DisciplineRole],
                }],
            },
        )
        .await
        .expect("agreement");
    let version = app
        .store
        .agreement_versions(agreement.id)
        .await
        .expect("versions")
        .remove(0);
    app.store
        .change_agreement_state(
            &actor,
            version.id,
            &VersionChange {
                from: VersionState::Draft,
                to: VersionState::Adopted,
                adopted_on: Some("2024-08-01".into()),
                submitted_on: None,
            },
        )
        .await
        .expect("adopt");
}

/// Every file of a ZIP file by name.
async fn packet(client: &Client, app: &TestApp) -> BTreeMap<String, String> {
    let response = client
        .get(app.url("/program/ospi/packet.zip?year=2024"))
        .send()
        .await
        .expect("download");
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.expect("bytes");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("file");
        let mut text = String::new();
        file.read_to_string(&mut text).expect("text");
        let name = file.name().expect("a name").to_string();
        files.insert(name, text);
    }
    files
}

async fn the_packet_holds_the_roster_the_incidents_and_the_adopted_agreement(app: TestApp) {
    district_with_a_year(&app).await;
    let clerk = app.signed_in(Role::RecordsClerk).await;
    let html = clerk
        .get(app.url("/program/ospi?year=2024"))
        .send()
        .await
        .expect("summary")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("2024-25") && html.contains("incidents.csv"),
        "{html}"
    );
    assert!(
        !html.contains("Valley Police</li>"),
        "the agency has its adopted agreement, so it is not listed as missing"
    );

    let files = packet(&clerk, &app).await;
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "agreements.csv",
            "agreements/valley-police-2024-25-v1.txt",
            "complaints.csv",
            "incidents.csv",
            "roster.csv"
        ]
    );
    let roster = &files["roster.csv"];
    assert!(roster.starts_with("school_year,staff_number,name,staff_type,"));
    assert!(
        roster.contains("2024-25,V-1,Officer Rae,school_resource_officer,Valley Police,law_enforcement,Lake High,5,2023-08-20,"),
        "{roster}"
    );
    let incidents = &files["incidents.csv"];
    assert_eq!(
        incidents.lines().count(),
        2,
        "one reportable call: {incidents}"
    );
    assert!(incidents.contains("K-1") && !incidents.contains("K-2"));
    assert!(
        incidents.contains(",hispanic_latino,female,15,yes,no,no"),
        "{incidents}"
    );
    assert!(
        !files
            .values()
            .any(|f| f.contains("Never in a packet") || f.contains("S-K-1"))
    );
    assert!(files["agreements.csv"].contains(
        "2024-25,Valley Police,1,adopted,2024-08-01,agreements/valley-police-2024-25-v1.txt,"
    ));
    assert!(
        files["agreements/valley-police-2024-25-v1.txt"]
            .contains("Officers take no part in school discipline.")
    );

    let reported = app
        .store
        .call_id(app.district.id, "K-1")
        .await
        .expect("lookup")
        .expect("the call");
    let history = app
        .store
        .history(app.district.id, "calls", reported)
        .await
        .expect("history");
    assert!(
        history.iter().any(|entry| entry.action == "read"),
        "the download is in the reportable call's history"
    );
}

async fn a_district_lays_out_its_packet_and_a_bad_layout_is_kept_as_typed(app: TestApp) {
    district_with_a_year(&app).await;
    let admin = app.signed_in(Role::ProgramAdmin).await;
    let form = admin
        .get(app.url("/program/ospi/layout"))
        .send()
        .await
        .expect("form")
        .text()
        .await
        .expect("html");
    assert!(
        form.contains("part = &quot;roster&quot;") || form.contains("part = &#34;roster&#34;"),
        "the default layout is shown: {form}"
    );
    let bad = "[[file]]\npart = \"roster\"\nname = \"Roster 2024.csv\"\ncolumns = [{ field = \"nickname\", header = \"N\" }]\n";
    let response = admin
        .post(app.url("/program/ospi/layout"))
        .form(&[("_csrf", csrf_of(&form).as_str()), ("layout", bad)])
        .send()
        .await
        .expect("save");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.expect("html");
    assert!(
        page.contains("Roster 2024.csv: a file name may hold only letters"),
        "{page}"
    );
    assert!(
        page.contains("there is no part") || page.contains("no field called “nickname”"),
        "{page}"
    );
    assert!(page.contains("Roster 2024.csv"), "what was typed is kept");

    let good = "[[file]]\npart = \"incidents\"\nname = \"SSS_Incidents.csv\"\ncolumns = [\n  { field = \"cedars_incident_id\", header = \"CEDARS Incident ID\" },\n  { field = \"outcomes\", header = \"Outcome Codes\" },\n]\n";
    let response = admin
        .post(app.url("/program/ospi/layout"))
        .form(&[("_csrf", csrf_of(&form).as_str()), ("layout", good)])
        .send()
        .await
        .expect("save");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response
            .url()
            .as_str()
            .ends_with("/program/ospi/layout?saved=1")
    );
    let files = packet(&admin, &app).await;
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "SSS_Incidents.csv",
            "agreements/valley-police-2024-25-v1.txt"
        ]
    );
    assert_eq!(
        files["SSS_Incidents.csv"],
        "CEDARS Incident ID,Outcome Codes\nC-K-1,arrest\n"
    );
}

async fn the_packet_is_for_the_records_roles_only(app: TestApp) {
    district_with_a_year(&app).await;
    let routes = [
        "/program/ospi?year=2024",
        "/program/ospi/packet.zip?year=2024",
        "/program/ospi/layout",
    ];
    for role in [Role::Facilitator, Role::Investigator, Role::AgencyLiaison] {
        let client = app.signed_in(role).await;
        for route in routes {
            let status = client
                .get(app.url(route))
                .send()
                .await
                .expect("get")
                .status();
            assert_eq!(status, StatusCode::FORBIDDEN, "{route} for {role}");
        }
    }
    let anonymous = Client::new();
    for route in routes {
        let response = anonymous.get(app.url(route)).send().await.expect("get");
        assert_eq!(
            response.url().path(),
            "/login",
            "{route} asks a visitor to sign in"
        );
    }
    let clerk = app.signed_in(Role::RecordsClerk).await;
    let form = clerk
        .get(app.url("/program/ospi/layout"))
        .send()
        .await
        .expect("form");
    assert_eq!(form.status(), StatusCode::OK, "a clerk reads the layout");
    let form = form.text().await.expect("html");
    assert!(form.contains("readonly"), "but cannot change it");
    let status = clerk
        .post(app.url("/program/ospi/layout"))
        .form(&[("_csrf", csrf_of(&form).as_str()), ("layout", "[[file]]")])
        .send()
        .await
        .expect("post")
        .status();
    assert_eq!(status, StatusCode::FORBIDDEN);
}
