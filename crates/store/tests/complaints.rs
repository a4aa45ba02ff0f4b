//! Complaints on both backends: filed with attachments and found again only by the hash of their
//! code; routed to the staff member's agency when asked; worked step by step with findings, notes and
//! a written response; the complainant's identity read only on purpose, and every such read and every
//! change in the audit trail; the yearly counts by school, category and finding.

use accord_domain::complaints::{Category, Deadlines, Finding, Status, Step};
use accord_store::{
    Actor, ComplaintFilter, ComplaintSettings, Contact, NewAgency, NewComplaint, NewEvidence,
    NewStaff, Store, StoreError,
};

use accord_store::on_both_backends;

on_both_backends!(
    a_complaint_is_filed_and_tracked_by_its_code_alone,
    the_identity_is_read_only_on_purpose_and_every_read_is_audited,
    a_complaint_is_worked_to_a_response_and_an_appeal_reopens_it,
    complaints_are_routed_to_the_agency_only_when_asked,
    settings_default_and_are_saved,
    counts_hold_school_category_and_findings,
);

fn investigator() -> Actor {
    Actor::process("test investigator")
}

struct Fixture {
    district_id: i64,
    school_id: i64,
    officer_id: i64,
    agency_id: i64,
}

async fn fixture(store: &Store, slug: &str) -> Fixture {
    let district = store.ensure_district(slug, slug).await.expect("district");
    let school = store
        .add_school(district.id, "Kent High")
        .await
        .expect("school");
    let police = store
        .add_agency(
            district.id,
            &investigator(),
            &NewAgency {
                name: "Police".into(),
                kind: "law_enforcement".into(),
                contact: String::new(),
            },
        )
        .await
        .expect("agency");
    let officer = store
        .add_staff(
            district.id,
            &investigator(),
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
    Fixture {
        district_id: district.id,
        school_id: school.id,
        officer_id: officer.id,
        agency_id: police.id,
    }
}

fn complaint(f: &Fixture, send_to_agency: bool) -> NewComplaint {
    NewComplaint {
        school_year: 2026,
        school_id: f.school_id,
        staff_id: Some(f.officer_id),
        staff_description: String::new(),
        category: Category::StudentInteraction,
        what_happened: "The officer shouted at my son in the hallway.".into(),
        occurred_on: "2026-11-20".into(),
        witnesses: "Two classmates".into(),
        contact: Contact {
            name: "Ana Ruiz".into(),
            email: "ana@example.org".into(),
            phone: String::new(),
        },
        language: "es".into(),
        send_to_agency,
        received_on: "2026-11-25".into(),
        acknowledge_by: "2026-12-04".into(),
        respond_by: "2026-12-25".into(),
        attachments: vec![NewEvidence {
            media_type: "image/png".into(),
            sha256: "ab".into(),
            content: b"\x89PNG\r\n\x1a\nfake".to_vec(),
        }],
    }
}

async fn a_complaint_is_filed_and_tracked_by_its_code_alone(store: &Store) {
    let f = fixture(store, "north").await;
    let other = fixture(store, "south").await;
    let id = store
        .file_complaint(f.district_id, "hash-1", &complaint(&f, false))
        .await
        .expect("filed");
    let tracked = store
        .tracked_complaint(f.district_id, "hash-1")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(tracked.status, Status::Received);
    assert!(tracked.responses.is_empty());
    assert_eq!(
        store
            .tracked_complaint(f.district_id, "hash-2")
            .await
            .expect("read"),
        None
    );
    // Another district's tracking page does not find it.
    assert_eq!(
        store
            .tracked_complaint(other.district_id, "hash-1")
            .await
            .expect("read"),
        None
    );
    // The same code hash twice is refused: the edge draws another code.
    assert!(matches!(
        store
            .file_complaint(f.district_id, "hash-1", &complaint(&f, false))
            .await,
        Err(StoreError::Conflict(_))
    ));
    // A school of another district is refused.
    let mut stray = complaint(&f, false);
    stray.school_id = other.school_id;
    assert!(matches!(
        store.file_complaint(f.district_id, "hash-3", &stray).await,
        Err(StoreError::Conflict(_))
    ));
    let record = store
        .complaint(f.district_id, id, &investigator(), false)
        .await
        .expect("record");
    assert_eq!(record.attachments.len(), 1);
    let file = store
        .complaint_attachment(f.district_id, record.attachments[0].id)
        .await
        .expect("read")
        .expect("attachment");
    assert_eq!(file.complaint_id, id);
    assert_eq!(file.content, b"\x89PNG\r\n\x1a\nfake");
    assert!(
        store
            .complaint_attachment(other.district_id, record.attachments[0].id)
            .await
            .expect("read")
            .is_none()
    );
}

async fn the_identity_is_read_only_on_purpose_and_every_read_is_audited(store: &Store) {
    let f = fixture(store, "north").await;
    let id = store
        .file_complaint(f.district_id, "hash-1", &complaint(&f, false))
        .await
        .expect("filed");
    let listed = store
        .complaints(f.district_id, ComplaintFilter::default())
        .await
        .expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].contact, None);
    assert!(!listed[0].anonymous);
    let without = store
        .complaint(f.district_id, id, &investigator(), false)
        .await
        .expect("record");
    assert_eq!(without.complaint.contact, None);
    let reads = |entries: &[accord_store::AuditEntry]| {
        entries.iter().filter(|e| e.action == "read").count()
    };
    let history = store
        .history(f.district_id, "complaints", id)
        .await
        .expect("history");
    assert_eq!(reads(&history), 0);
    assert_eq!(history[0].action, "insert");
    let with = store
        .complaint(f.district_id, id, &investigator(), true)
        .await
        .expect("record");
    assert_eq!(
        with.complaint.contact.map(|c| c.email),
        Some("ana@example.org".to_owned())
    );
    let history = store
        .history(f.district_id, "complaints", id)
        .await
        .expect("history");
    assert_eq!(reads(&history), 1);
    assert_eq!(history[1].actor, "test investigator");
    assert!(matches!(
        store
            .complaint(f.district_id + 1000, id, &investigator(), true)
            .await,
        Err(StoreError::NotFound)
    ));
}

async fn a_complaint_is_worked_to_a_response_and_an_appeal_reopens_it(store: &Store) {
    let f = fixture(store, "north").await;
    let user = store
        .add_user(accord_store::NewUser {
            district_id: f.district_id,
            email: "inv@example.org",
            name: "Investigator",
            role: accord_domain::roles::Role::Investigator,
            password_hash: "x",
        })
        .await
        .expect("user");
    let id = store
        .file_complaint(f.district_id, "hash-1", &complaint(&f, false))
        .await
        .expect("filed");
    let actor = investigator();
    let assigned = store
        .assign_investigator(f.district_id, id, &actor, Some(user.id))
        .await
        .expect("assigned");
    assert_eq!(assigned.investigator_id, Some(user.id));
    let steps = [
        (Step::Acknowledge, Status::Received, Status::Acknowledged),
        (
            Step::Investigate,
            Status::Acknowledged,
            Status::Investigating,
        ),
    ];
    for (step, from, to) in steps {
        store
            .take_complaint_step(f.district_id, id, &actor, step, (from, to), None)
            .await
            .expect("step");
    }
    // A step from a status the complaint no longer has is refused (two investigators at once).
    assert!(matches!(
        store
            .take_complaint_step(
                f.district_id,
                id,
                &actor,
                Step::Acknowledge,
                (Status::Received, Status::Acknowledged),
                None
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    let allegation = store
        .add_allegation(f.district_id, id, &actor, "Raised his voice at a student")
        .await
        .expect("allegation");
    assert_eq!(allegation.finding(), None);
    let decided = store
        .record_finding(f.district_id, id, allegation.id, &actor, Finding::Sustained)
        .await
        .expect("finding");
    assert_eq!(decided.finding(), Some(Finding::Sustained));
    store
        .add_complaint_note(f.district_id, id, &actor, "Spoke with both classmates.")
        .await
        .expect("note");
    store
        .save_response_draft(f.district_id, id, &actor, "We found that ...")
        .await
        .expect("draft");
    for (step, from, to) in [
        (
            Step::RecordFindings,
            Status::Investigating,
            Status::Findings,
        ),
        (Step::SendResponse, Status::Findings, Status::ResponseSent),
    ] {
        store
            .take_complaint_step(f.district_id, id, &actor, step, (from, to), None)
            .await
            .expect("step");
    }
    let tracked = store
        .tracked_complaint(f.district_id, "hash-1")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(tracked.status, Status::ResponseSent);
    assert_eq!(tracked.responses.len(), 1);
    assert_eq!(tracked.responses[0].body, "We found that ...");
    let reopened = store
        .take_complaint_step(
            f.district_id,
            id,
            &actor,
            Step::Appeal,
            (Status::ResponseSent, Status::Investigating),
            Some("2027-01-30"),
        )
        .await
        .expect("appeal");
    assert_eq!(reopened.status, Status::Investigating);
    assert_eq!(reopened.respond_by, "2027-01-30");
    assert_eq!(reopened.response_draft, "");
    let record = store
        .complaint(f.district_id, id, &actor, false)
        .await
        .expect("record");
    assert_eq!(record.steps.len(), 5);
    assert_eq!(record.steps[4].step, "appeal");
    assert_eq!(record.notes[0].author, "test investigator");
    assert_eq!(record.allegations[0].finding, "sustained");
    let changes = store
        .history(f.district_id, "complaints", id)
        .await
        .expect("history");
    // Filed, assigned, five steps and the draft: each change is in the trail.
    assert_eq!(changes.len(), 1 + 1 + 5 + 1);
    let finding_history = store
        .history(f.district_id, "complaint_allegations", allegation.id)
        .await
        .expect("history");
    assert_eq!(finding_history.len(), 2);
}

async fn complaints_are_routed_to_the_agency_only_when_asked(store: &Store) {
    let f = fixture(store, "north").await;
    let routed = store
        .file_complaint(f.district_id, "hash-1", &complaint(&f, true))
        .await
        .expect("filed");
    store
        .file_complaint(f.district_id, "hash-2", &complaint(&f, false))
        .await
        .expect("filed");
    let mut described = complaint(&f, true);
    described.staff_id = None;
    described.staff_description = "A tall guard by the gym".into();
    described.contact = Contact::default();
    store
        .file_complaint(f.district_id, "hash-3", &described)
        .await
        .expect("filed");
    let agency = ComplaintFilter {
        agency_id: Some(f.agency_id),
        staff_id: None,
    };
    let theirs = store.complaints(f.district_id, agency).await.expect("list");
    assert_eq!(theirs.iter().map(|c| c.id).collect::<Vec<_>>(), [routed]);
    let about_officer = ComplaintFilter {
        agency_id: None,
        staff_id: Some(f.officer_id),
    };
    assert_eq!(
        store
            .complaints(f.district_id, about_officer)
            .await
            .expect("list")
            .len(),
        2
    );
    let all = store
        .complaints(f.district_id, ComplaintFilter::default())
        .await
        .expect("list");
    assert_eq!(all.len(), 3);
    assert!(all.iter().any(|c| c.anonymous && c.staff_id.is_none()));
    let shared = store
        .share_complaint_contact(f.district_id, routed, &investigator(), true)
        .await
        .expect("shared");
    assert!(shared.share_contact);
}

async fn settings_default_and_are_saved(store: &Store) {
    let f = fixture(store, "north").await;
    let defaults = store
        .complaint_settings(f.district_id)
        .await
        .expect("settings");
    assert_eq!(defaults.deadlines, Deadlines::default());
    assert!(defaults.days_off.is_empty());
    let settings = ComplaintSettings {
        deadlines: Deadlines {
            acknowledge_school_days: 3,
            respond_calendar_days: 20,
        },
        days_off: vec!["2026-11-26".into(), "2026-11-27".into()],
    };
    store
        .save_complaint_settings(f.district_id, &investigator(), &settings)
        .await
        .expect("saved");
    assert_eq!(
        store
            .complaint_settings(f.district_id)
            .await
            .expect("settings"),
        settings
    );
    let history = store
        .history(f.district_id, "complaint_settings", f.district_id)
        .await
        .expect("history");
    assert_eq!(history.len(), 1);
}

async fn counts_hold_school_category_and_findings(store: &Store) {
    let f = fixture(store, "north").await;
    let actor = investigator();
    let first = store
        .file_complaint(f.district_id, "hash-1", &complaint(&f, false))
        .await
        .expect("filed");
    let mut duties = complaint(&f, false);
    duties.category = Category::JobDuties;
    store
        .file_complaint(f.district_id, "hash-2", &duties)
        .await
        .expect("filed");
    let mut last_year = complaint(&f, false);
    last_year.school_year = 2025;
    store
        .file_complaint(f.district_id, "hash-3", &last_year)
        .await
        .expect("filed");
    for text in ["one", "two"] {
        store
            .add_allegation(f.district_id, first, &actor, text)
            .await
            .expect("allegation");
    }
    let record = store
        .complaint(f.district_id, first, &actor, false)
        .await
        .expect("record");
    store
        .record_finding(
            f.district_id,
            first,
            record.allegations[1].id,
            &actor,
            Finding::Unfounded,
        )
        .await
        .expect("finding");
    let counts = store
        .complaints_for_counts(f.district_id, 2026)
        .await
        .expect("counts");
    assert_eq!(counts.len(), 2);
    assert_eq!(counts[0].category, Category::StudentInteraction);
    assert_eq!(counts[0].findings, vec![None, Some(Finding::Unfounded)]);
    assert_eq!(counts[1].category, Category::JobDuties);
    assert!(counts[1].findings.is_empty());
    assert_eq!(
        store.complaint_years(f.district_id).await.expect("years"),
        vec![2026, 2025]
    );
}
