//! Complaints over HTTP, on both backends: a parent files in Spanish without an account and with a
//! photo, gets a tracking code, an investigator works the complaint to a written response, and the
//! parent reads it by the code; a mistake keeps everything typed and a disguised file is refused;
//! each role sees exactly what it should; lookups are limited and a flood of filings is slowed, not
//! lost.

mod common;

use accord_domain::roles::Role;
use accord_domain::training::parse_date;
use accord_store::{Actor, NewAgency, NewStaff, PageSettings};
use common::smtp::SmtpListener;
use common::{TestApp, csrf_of};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use std::time::{Duration, Instant};

on_both_backends!(
    a_parent_files_in_spanish_and_reads_the_response_by_code,
    a_mistake_keeps_everything_typed_and_a_disguised_file_is_refused,
    each_role_sees_what_it_should,
    lookups_are_limited_and_a_flood_of_filings_is_slowed_not_lost,
    deadlines_follow_the_districts_settings,
    the_public_page_counts_complaints_with_small_numbers_hidden,
);

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const PASSWORD: &str = "a long enough password";

struct Setup {
    school_id: i64,
    officer_id: i64,
    agency_id: i64,
}

async fn setup(app: &TestApp) -> Setup {
    let actor = Actor::process("test");
    let school = app
        .store
        .add_school(app.district.id, "Kent High")
        .await
        .expect("school");
    let police = app
        .store
        .add_agency(
            app.district.id,
            &actor,
            &NewAgency {
                name: "Kent Police".into(),
                kind: "law_enforcement".into(),
                contact: String::new(),
            },
        )
        .await
        .expect("agency");
    let officer = app
        .store
        .add_staff(
            app.district.id,
            &actor,
            &[NewStaff {
                agency_id: police.id,
                staff_number: "77".into(),
                name: "Officer Lee".into(),
                staff_type: "school_resource_officer".into(),
                first_day_on_site: None,
            }],
        )
        .await
        .expect("staff")
        .remove(0);
    // The district names its staff in public, so the form offers the roster.
    app.store
        .save_program_page(
            app.district.id,
            &actor,
            &accord_store::PageEdit {
                settings: PageSettings {
                    show_staff_names: true,
                },
                texts: Vec::new(),
            },
        )
        .await
        .expect("settings");
    Setup {
        school_id: school.id,
        officer_id: officer.id,
        agency_id: police.id,
    }
}

fn browser(language: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        reqwest::header::HeaderValue::from_str(language).expect("header"),
    );
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .expect("client")
}

fn fields(setup: &Setup, csrf: &str) -> Vec<(&'static str, String)> {
    vec![
        ("_csrf", csrf.to_owned()),
        ("school", setup.school_id.to_string()),
        ("staff", setup.officer_id.to_string()),
        ("category", "student_interaction".into()),
        ("occurred_on", "2026-01-20".into()),
        (
            "what_happened",
            "El oficial le gritó a mi hijo en el pasillo.".into(),
        ),
        ("witnesses", "Dos compañeros".into()),
        ("name", "Ana Ruiz".into()),
        ("email", "ana@example.org".into()),
        ("send_to_agency", "on".into()),
    ]
}

fn form_of(fields: &[(&'static str, String)], file: Option<(&[u8], &str)>) -> Form {
    let mut form = Form::new();
    for (name, value) in fields {
        form = form.text(*name, value.clone());
    }
    match file {
        Some((bytes, name)) => form.part(
            "attachments",
            Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
        ),
        None => form,
    }
}

/// Files a complaint through the public form; the response and its page.
async fn file(
    app: &TestApp,
    client: &reqwest::Client,
    fields: impl Fn(&str) -> Vec<(&'static str, String)>,
    file: Option<(&[u8], &str)>,
) -> (StatusCode, String) {
    let page = client
        .get(app.url("/districts/test/complaints/new"))
        .send()
        .await
        .expect("form");
    assert_eq!(page.status(), StatusCode::OK);
    let csrf = csrf_of(&page.text().await.expect("html"));
    let sent = client
        .post(app.url("/districts/test/complaints"))
        .multipart(form_of(&fields(&csrf), file))
        .send()
        .await
        .expect("file");
    let status = sent.status();
    (status, sent.text().await.expect("html"))
}

fn tracking_code(html: &str) -> String {
    let marker = "id=\"tracking-code\">";
    let start = html.find(marker).expect("a tracking code") + marker.len();
    html[start..].split('<').next().expect("code").to_owned()
}

async fn track(app: &TestApp, client: &reqwest::Client, code: &str) -> (StatusCode, String) {
    let page = client
        .get(app.url("/districts/test/complaints/track"))
        .send()
        .await
        .expect("track form");
    let csrf = csrf_of(&page.text().await.expect("html"));
    let answer = client
        .post(app.url("/districts/test/complaints/track"))
        .form(&[("_csrf", csrf.as_str()), ("code", code)])
        .send()
        .await
        .expect("track");
    let status = answer.status();
    (status, answer.text().await.expect("html"))
}

/// A staff member with `role`, signed in; their user id.
async fn member(app: &TestApp, role: Role) -> (reqwest::Client, i64) {
    let email = app.staff(role, PASSWORD).await;
    let user = app
        .store
        .user_by_email(&email)
        .await
        .expect("lookup")
        .expect("user");
    (app.sign_in(&email, PASSWORD).await, user.id)
}

/// Posts one of the complaint page's forms; the page that comes back.
async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    id: i64,
    action: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let page = client
        .get(app.url(&format!("/program/complaints/{id}")))
        .send()
        .await
        .expect("page");
    let csrf = csrf_of(&page.text().await.expect("html"));
    let mut fields = vec![("_csrf", csrf.as_str())];
    fields.extend_from_slice(form);
    let answer = client
        .post(app.url(&format!("/program/complaints/{id}/{action}")))
        .form(&fields)
        .send()
        .await
        .expect("post");
    let status = answer.status();
    (status, answer.text().await.expect("html"))
}

async fn only_complaint_id(app: &TestApp) -> i64 {
    app.store
        .complaints(app.district.id, Default::default())
        .await
        .expect("list")
        .first()
        .expect("a complaint")
        .id
}

async fn a_parent_files_in_spanish_and_reads_the_response_by_code(app: TestApp) {
    let setup = setup(&app).await;
    let parent = browser("es");
    let (status, html) = file(
        &app,
        &parent,
        |csrf| fields(&setup, csrf),
        Some((PNG, "foto.png")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Recibimos su queja"), "in Spanish");
    let code = tracking_code(&html);
    assert_eq!(code.len(), 24);
    let (status, html) = track(&app, &parent, &code.to_lowercase()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Recibida"), "the status in Spanish");
    assert!(!html.contains("ana@example.org"), "nothing but the status");

    let id = only_complaint_id(&app).await;
    let (investigator, investigator_id) = member(&app, Role::Investigator).await;
    let list = investigator
        .get(app.url("/program/complaints"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("html");
    assert!(list.contains(&format!("/program/complaints/{id}")));
    let page = investigator
        .get(app.url(&format!("/program/complaints/{id}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("ana@example.org"),
        "the handler sees the contact"
    );
    assert!(page.contains("Officer Lee"));
    assert!(page.contains("/program/complaint-attachments/"));
    // Investigating needs an investigator: the refusal says so.
    let (status, html) = post(&app, &investigator, id, "step", &[("step", "investigate")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Assign an investigator first"));
    let me = investigator_id.to_string();
    let steps: [(&str, &[(&str, &str)]); 4] = [
        ("assign", &[("investigator", &me)]),
        ("step", &[("step", "acknowledge")]),
        ("step", &[("step", "investigate")]),
        ("allegations", &[("text", "Raised his voice at a student")]),
    ];
    for (action, form) in steps {
        let (status, html) = post(&app, &investigator, id, action, form).await;
        assert_eq!(status, StatusCode::OK, "{action}: {html}");
    }
    let record = app
        .store
        .complaint(app.district.id, id, &Actor::process("test"), false)
        .await
        .expect("record");
    let allegation = record.allegations[0].id;
    let finding_path = format!("allegations/{allegation}/finding");
    let steps: [(&str, &[(&str, &str)]); 5] = [
        (&finding_path, &[("finding", "sustained")]),
        ("step", &[("step", "record_findings")]),
        ("notes", &[("text", "Spoke with both classmates.")]),
        (
            "response",
            &[("text", "Hemos revisado su queja y la alegación es fundada.")],
        ),
        ("step", &[("step", "send_response")]),
    ];
    for (action, form) in steps {
        let (status, html) = post(&app, &investigator, id, action, form).await;
        assert_eq!(status, StatusCode::OK, "{action}: {html}");
    }
    let (status, html) = track(&app, &parent, &code).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Respuesta enviada"));
    assert!(html.contains("la alegación es fundada"));
    assert!(
        !html.contains("Spoke with both classmates"),
        "notes stay inside"
    );
    // Each opening of the complaint by its handler read the complainant's identity: audited.
    let history = app
        .store
        .history(app.district.id, "complaints", id)
        .await
        .expect("history");
    assert!(history.iter().any(|e| e.action == "read"));
}

async fn a_mistake_keeps_everything_typed_and_a_disguised_file_is_refused(app: TestApp) {
    let setup = setup(&app).await;
    let parent = browser("en");
    let (status, html) = file(
        &app,
        &parent,
        |csrf| {
            let mut typed = fields(&setup, csrf);
            typed.retain(|(name, _)| *name != "school");
            typed
        },
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Choose the school where it happened."));
    assert!(html.contains("aria-describedby=\"complaint-error\""));
    for kept in [
        "El oficial le gritó",
        "Dos compañeros",
        "Ana Ruiz",
        "ana@example.org",
    ] {
        assert!(html.contains(kept), "{kept} kept");
    }
    assert!(html.contains("name=\"send_to_agency\" checked"));
    // A program named like a picture is refused by its bytes.
    let (status, html) = file(
        &app,
        &parent,
        |csrf| fields(&setup, csrf),
        Some((b"MZ\x90\0 not a picture", "photo.png")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("must be PDF, PNG or JPEG"));
    let (status, html) = file(
        &app,
        &parent,
        |csrf| {
            let mut typed = fields(&setup, csrf);
            typed.push(("email", String::new()));
            typed.retain(|(name, value)| *name != "email" || value.is_empty());
            typed.retain(|(name, _)| *name != "name");
            typed
        },
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("did not leave any contact details"),
        "anonymous"
    );
    assert!(
        app.store
            .complaints(app.district.id, Default::default())
            .await
            .expect("list")
            .iter()
            .all(|c| c.anonymous),
        "only the anonymous complaint was stored"
    );
}

async fn each_role_sees_what_it_should(app: TestApp) {
    let setup = setup(&app).await;
    let parent = browser("en");
    file(
        &app,
        &parent,
        |csrf| fields(&setup, csrf),
        Some((PNG, "a.png")),
    )
    .await;
    let routed = only_complaint_id(&app).await;
    file(
        &app,
        &parent,
        |csrf| {
            let mut typed = fields(&setup, csrf);
            typed.retain(|(name, _)| *name != "send_to_agency");
            typed
        },
        None,
    )
    .await;
    let kept = only_complaint_id(&app).await;
    assert_ne!(routed, kept);
    let attachment = app
        .store
        .complaint(app.district.id, routed, &Actor::process("test"), false)
        .await
        .expect("record")
        .attachments[0]
        .id;

    let get = |client: reqwest::Client, path: String| {
        let url = app.url(&path);
        async move { client.get(url).send().await.expect("get") }
    };
    for role in [Role::Investigator, Role::ProgramAdmin] {
        let (client, _) = member(&app, role).await;
        for path in [
            "/program/complaints".to_owned(),
            "/program/complaints?view=overdue".to_owned(),
            format!("/program/complaints/{kept}"),
            format!("/program/complaint-attachments/{attachment}"),
            "/program/complaints/settings".to_owned(),
        ] {
            let answer = get(client.clone(), path.clone()).await;
            assert_eq!(answer.status(), StatusCode::OK, "{role} {path}");
        }
        let (status, _) = post(&app, &client, kept, "notes", &[("text", "A note")]).await;
        assert_eq!(status, StatusCode::OK, "{role} adds a note");
    }
    for role in [Role::Facilitator, Role::RecordsClerk] {
        let (client, _) = member(&app, role).await;
        for path in [
            "/program/complaints".to_owned(),
            format!("/program/complaints/{kept}"),
            format!("/program/complaint-attachments/{attachment}"),
            "/program/complaints/settings".to_owned(),
        ] {
            let answer = get(client.clone(), path.clone()).await;
            assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{role} {path}");
        }
    }
    // The admin's person page links the complaints about the officer.
    let (admin, _) = member(&app, Role::ProgramAdmin).await;
    let person = get(admin, format!("/program/staff/{}", setup.officer_id))
        .await
        .text()
        .await
        .expect("html");
    assert!(person.contains(&format!("/program/complaints/{routed}")));

    // A liaison of the officer's agency sees the routed complaint, without the contact until shared.
    let email = app.staff(Role::AgencyLiaison, PASSWORD).await;
    let user = app
        .store
        .user_by_email(&email)
        .await
        .expect("lookup")
        .expect("user");
    app.store
        .link_user_to_agency(&Actor::process("test"), &user, setup.agency_id)
        .await
        .expect("link");
    let liaison = app.sign_in(&email, PASSWORD).await;
    let list = get(liaison.clone(), "/program/complaints".into())
        .await
        .text()
        .await
        .expect("html");
    assert!(list.contains(&format!("/program/complaints/{routed}\"")));
    assert!(!list.contains(&format!("/program/complaints/{kept}\"")));
    let page = get(liaison.clone(), format!("/program/complaints/{routed}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(html.contains("Not shared with the agency"));
    assert!(!html.contains("ana@example.org"));
    assert!(!html.contains("A note"), "no internal notes");
    assert!(!html.contains("complaint-attachments/"), "no attachments");
    for path in [
        format!("/program/complaints/{kept}"),
        format!("/program/complaint-attachments/{attachment}"),
    ] {
        let status = get(liaison.clone(), path.clone()).await.status();
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN,
            "liaison {path}: {status}"
        );
    }
    let settings = get(liaison.clone(), "/program/complaints/settings".into()).await;
    assert_eq!(settings.status(), StatusCode::FORBIDDEN);
    let (status, _) = post(&app, &liaison, routed, "notes", &[("text", "x")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (investigator, _) = member(&app, Role::Investigator).await;
    let (status, _) = post(&app, &investigator, routed, "share", &[("share", "yes")]).await;
    assert_eq!(status, StatusCode::OK);
    let html = get(liaison, format!("/program/complaints/{routed}"))
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("ana@example.org"), "shared by the district");

    // Without an account: the staff routes ask to sign in.
    let anonymous = browser("en");
    let answer = get(anonymous, format!("/program/complaints/{kept}")).await;
    assert_eq!(answer.url().path(), "/login");
}

async fn lookups_are_limited_and_a_flood_of_filings_is_slowed_not_lost(app: TestApp) {
    let setup = setup(&app).await;
    let client = browser("en");
    for attempt in 0..10 {
        let (status, html) = track(
            &app,
            &client,
            &format!("ABCD-EFGH-JKMN-PQRS-TV{attempt:02}"),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("No complaint was found with that code."));
    }
    let (status, html) = track(&app, &client, "not a code").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(html.contains("Too many tries"));

    let started = Instant::now();
    for _ in 0..6 {
        let (status, html) = file(&app, &client, |csrf| fields(&setup, csrf), None).await;
        assert_eq!(status, StatusCode::OK, "{html}");
    }
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "the sixth waited its turn"
    );
    let stored = app
        .store
        .complaints(app.district.id, Default::default())
        .await
        .expect("list");
    assert_eq!(stored.len(), 6, "none lost");
}

async fn deadlines_follow_the_districts_settings(app: TestApp) {
    let setup = setup(&app).await;
    let (admin, _) = member(&app, Role::ProgramAdmin).await;
    let page = admin
        .get(app.url("/program/complaints/settings"))
        .send()
        .await
        .expect("settings")
        .text()
        .await
        .expect("html");
    assert!(page.contains("value=\"5\""), "five school days by default");
    assert!(page.contains("value=\"30\""), "thirty days by default");
    let csrf = csrf_of(&page);
    let refused = admin
        .post(app.url("/program/complaints/settings"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("acknowledge_school_days", "0"),
            ("respond_calendar_days", "20"),
            ("days_off", "2026-11-26"),
        ])
        .send()
        .await
        .expect("refused");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.expect("html");
    assert!(html.contains("2026-11-26"), "typed days kept");
    let saved = admin
        .post(app.url("/program/complaints/settings"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("acknowledge_school_days", "3"),
            ("respond_calendar_days", "20"),
            ("days_off", "2026-11-26\n2026-11-27"),
        ])
        .send()
        .await
        .expect("saved");
    assert_eq!(saved.status(), StatusCode::OK);
    file(&app, &browser("en"), |csrf| fields(&setup, csrf), None).await;
    let complaint = app
        .store
        .complaints(app.district.id, Default::default())
        .await
        .expect("list")
        .remove(0);
    let received = parse_date(&complaint.received_on).expect("date");
    let respond_by = parse_date(&complaint.respond_by).expect("date");
    assert_eq!((respond_by - received).whole_days(), 20);
}

async fn the_public_page_counts_complaints_with_small_numbers_hidden(app: TestApp) {
    let setup = setup(&app).await;
    let visitor = browser("en");
    let page = visitor
        .get(app.url("/districts/test"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("/districts/test/complaints/new"));
    assert!(!page.contains("Complaints about safety and security staff by school"));
    file(&app, &visitor, |csrf| fields(&setup, csrf), None).await;
    let page = visitor
        .get(app.url("/districts/test"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("Complaints about safety and security staff by school, 2025-26"));
    assert!(page.contains("N&#60;10"), "one complaint is hidden");
    assert!(
        !page.contains("El oficial"),
        "nothing from the complaint itself"
    );
    let csv = visitor
        .get(app.url("/districts/test/complaints/counts.csv"))
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    assert!(csv.starts_with("school_year,table,row,category,count"));
    assert!(csv.contains("2025-26,complaints_by_school,Kent High,student_interaction,small_count"));
    assert!(!csv.contains(",1\n"), "no count of one in the file");

    // The OSPI packet's complaints file has the same counts, by school and category.
    let year = accord_domain::documents::SchoolYear::starting(2025).expect("year");
    let packet = accord_web::ospi::packet(&app.store, &app.district, &year)
        .await
        .expect("packet");
    let file = packet
        .files
        .iter()
        .find(|f| f.part == accord_domain::ospi::Part::Complaints)
        .expect("a complaints file");
    assert_eq!(
        file.headers[..4],
        ["school_year", "school", "category", "complaints"]
    );
    assert_eq!(
        file.rows.len(),
        3,
        "one line per category at the one school"
    );
    let interaction = file
        .rows
        .iter()
        .find(|row| row[2] == "student_interaction")
        .expect("line");
    assert_eq!(
        interaction[..4],
        ["2025-26", "Kent High", "student_interaction", "small_count"]
    );
    assert_eq!(interaction[8], "0", "no allegation framed yet");
}

mod mail_goes_to_the_complainant_and_the_agency {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::mail_goes_to_the_complainant_and_the_agency(accord_store::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::mail_goes_to_the_complainant_and_the_agency(accord_store::Backend::Postgres).await;
    }
}

/// Through a real SMTP listener: the acknowledgement with the code (in Spanish), the notice to the
/// agency's liaison without the complainant, and the written response.
async fn mail_goes_to_the_complainant_and_the_agency(backend: accord_store::Backend) {
    let smtp = SmtpListener::start();
    let app = TestApp::start_with(backend, smtp.settings()).await;
    let setup = setup(&app).await;
    let liaison_email = app.staff(Role::AgencyLiaison, PASSWORD).await;
    let liaison = app
        .store
        .user_by_email(&liaison_email)
        .await
        .expect("lookup")
        .expect("user");
    app.store
        .link_user_to_agency(&Actor::process("test"), &liaison, setup.agency_id)
        .await
        .expect("link");
    let parent = browser("es");
    let (status, html) = file(&app, &parent, |csrf| fields(&setup, csrf), None).await;
    assert_eq!(status, StatusCode::OK);
    let code = tracking_code(&html);
    let arrived = smtp.wait_for(2).await;
    let to = |address: &str| {
        arrived
            .iter()
            .find(|m| m.envelope_to.iter().any(|t| t == address))
            .unwrap_or_else(|| panic!("a message to {address}"))
            .text
            .clone()
    };
    let acknowledgement = to("ana@example.org");
    assert!(acknowledgement.contains(&code), "{acknowledgement}");
    assert!(acknowledgement.contains("recibió su queja"));
    assert!(
        acknowledgement.contains(&app.url("/districts/test/complaints/track")),
        "the tracking page's whole address: {acknowledgement}"
    );
    let notice = to(&liaison.email);
    assert!(notice.contains("Officer Lee"), "{notice}");
    assert!(!notice.contains("Ana") && !notice.contains("ana@example.org"));
    assert!(
        !notice.contains(&code),
        "the code is the complainant's alone"
    );

    let id = only_complaint_id(&app).await;
    let (investigator, investigator_id) = member(&app, Role::Investigator).await;
    let me = investigator_id.to_string();
    let steps: [(&str, &[(&str, &str)]); 4] = [
        ("assign", &[("investigator", &me)]),
        ("step", &[("step", "investigate")]),
        ("allegations", &[("text", "Raised his voice")]),
        ("response", &[("text", "La alegación es fundada.")]),
    ];
    for (action, form) in steps {
        let (status, html) = post(&app, &investigator, id, action, form).await;
        assert_eq!(status, StatusCode::OK, "{action}: {html}");
    }
    let record = app
        .store
        .complaint(app.district.id, id, &Actor::process("test"), false)
        .await
        .expect("record");
    let finding_path = format!("allegations/{}/finding", record.allegations[0].id);
    let steps: [(&str, &[(&str, &str)]); 3] = [
        (&finding_path, &[("finding", "sustained")]),
        ("step", &[("step", "record_findings")]),
        ("step", &[("step", "send_response")]),
    ];
    for (action, form) in steps {
        let (status, html) = post(&app, &investigator, id, action, form).await;
        assert_eq!(status, StatusCode::OK, "{action}: {html}");
    }
    let arrived = smtp.wait_for(3).await;
    let response = &arrived[2];
    assert_eq!(response.envelope_to, ["ana@example.org"]);
    assert!(
        response.text.contains("La alegación es fundada."),
        "{}",
        response.text
    );
    assert!(response.text.contains("respondió por escrito"));

    // Two days before the response is due, the investigator is reminded, once.
    let appealed = post(&app, &investigator, id, "step", &[("step", "appeal")]).await;
    assert_eq!(appealed.0, StatusCode::OK);
    let respond_by = app
        .store
        .complaints(app.district.id, Default::default())
        .await
        .expect("list")[0]
        .respond_by
        .clone();
    let day = parse_date(&respond_by).expect("date") - time::Duration::days(1);
    for _ in 0..2 {
        accord_web::complaints::queue_reminders(&app.store, "http://accord.test", day)
            .await
            .expect("reminders");
    }
    let arrived = smtp.wait_for(4).await;
    let reminder = &arrived[3];
    assert_eq!(reminder.envelope_to.len(), 1);
    assert!(reminder.envelope_to[0].starts_with("investigator-"));
    assert!(reminder.text.contains(&respond_by), "{}", reminder.text);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(smtp.received().len(), 4, "reminded once");
}
