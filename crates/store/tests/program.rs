//! The program's record on both backends: agencies, staff, assignments, training with evidence, plans,
//! and the audit trail written beside every change.

use accord_domain::training::Standing;
use accord_store::testing::TestDatabase;
use accord_store::{
    Actor, NewAgency, NewAssignment, NewEvidence, NewStaff, NewTrainingRecord, Store, StoreError,
};

use accord_store::on_both_backends;

on_both_backends!(
    catalogue_is_seeded_once_with_washingtons_series,
    agencies_staff_and_assignments_are_kept_per_district,
    training_records_evidence_verification_and_plans,
    a_failed_batch_stores_nothing,
    every_change_is_audited_and_the_trail_cannot_be_edited,
);

fn admin() -> Actor {
    Actor::process("test admin")
}

async fn agency(store: &Store, district_id: i64, name: &str) -> accord_store::Agency {
    store
        .add_agency(
            district_id,
            &admin(),
            &NewAgency {
                name: name.into(),
                kind: "law_enforcement".into(),
                contact: "chief@example.org".into(),
            },
        )
        .await
        .expect("agency")
}

fn person(agency_id: i64, number: &str, name: &str) -> NewStaff {
    NewStaff {
        agency_id,
        staff_number: number.into(),
        name: name.into(),
        staff_type: "school_resource_officer".into(),
        first_day_on_site: None,
    }
}

async fn catalogue_is_seeded_once_with_washingtons_series(store: &Store) {
    let district = store.ensure_district("a", "A").await.expect("district");
    let first = store.training_catalogue(district.id).await.expect("seed");
    assert_eq!(first.len(), 15, "13 topics, on-the-job training, check-ins");
    assert_eq!(first[0].requirement.code, "a");
    let again = store.training_catalogue(district.id).await.expect("again");
    assert_eq!(first, again);
    let other = store.ensure_district("b", "B").await.expect("district");
    let theirs = store.training_catalogue(other.id).await.expect("other");
    assert!(theirs.iter().all(|e| first.iter().all(|f| f.id != e.id)));
}

async fn agencies_staff_and_assignments_are_kept_per_district(store: &Store) {
    let north = store.ensure_district("north", "North").await.expect("d");
    let south = store.ensure_district("south", "South").await.expect("d");
    let police = agency(store, north.id, "North Police").await;
    let duplicate = store
        .add_agency(
            north.id,
            &admin(),
            &NewAgency {
                name: "North Police".into(),
                kind: "law_enforcement".into(),
                contact: String::new(),
            },
        )
        .await;
    assert!(matches!(duplicate, Err(StoreError::Conflict(_))));
    agency(store, south.id, "North Police").await;
    let people = store
        .add_staff(
            north.id,
            &admin(),
            &[
                person(police.id, "B-1", "Ann"),
                person(police.id, "B-2", "Bo"),
            ],
        )
        .await
        .expect("staff");
    assert_eq!(people[0].agency_name, "North Police");
    assert_eq!(store.staff(north.id, None).await.expect("list").len(), 2);
    assert_eq!(store.staff(south.id, None).await.expect("list").len(), 0);
    assert_eq!(
        store
            .staff(north.id, Some(police.id + 1000))
            .await
            .expect("list")
            .len(),
        0
    );
    let school = store
        .add_school(north.id, "Cedar High")
        .await
        .expect("school");
    let assignment = store
        .add_assignment(
            north.id,
            &admin(),
            &NewAssignment {
                staff_id: people[0].id,
                school_id: school.id,
                starts_on: "2026-09-01".into(),
                ends_on: Some("2027-06-15".into()),
                days_per_week: 5,
            },
        )
        .await
        .expect("assign");
    assert_eq!(assignment.school_name, "Cedar High");
    let history = store
        .assignments(north.id, Some(people[0].id))
        .await
        .expect("history");
    assert_eq!(history, vec![assignment]);
    assert!(
        store
            .assignments(north.id, Some(people[1].id))
            .await
            .expect("none")
            .is_empty()
    );
}

async fn training_records_evidence_verification_and_plans(store: &Store) {
    let district = store.ensure_district("t", "T").await.expect("district");
    let catalogue = store
        .training_catalogue(district.id)
        .await
        .expect("catalogue");
    let police = agency(store, district.id, "Police").await;
    let officer = store
        .add_staff(district.id, &admin(), &[person(police.id, "7", "Cy")])
        .await
        .expect("staff")
        .remove(0);
    let pdf = b"%PDF-1.7 certificate".to_vec();
    let records = store
        .add_training_records(
            district.id,
            &admin(),
            &[NewTrainingRecord {
                staff_id: officer.id,
                requirement_id: catalogue[0].id,
                completed_on: "2026-02-28".into(),
                provider: "Puget Sound ESD".into(),
                hours: 3.5,
                units: 1,
                evidence: Some(NewEvidence {
                    media_type: "application/pdf".into(),
                    sha256: "abc".into(),
                    content: pdf.clone(),
                }),
                waiver_reason: None,
            }],
        )
        .await
        .expect("record");
    let record = &records[0];
    assert_eq!((record.code.as_str(), record.hours), ("a", 3.5));
    assert_eq!(record.verified_at, None);
    let evidence = store
        .evidence(record.evidence_id.expect("evidence"))
        .await
        .expect("read")
        .expect("exists");
    assert_eq!((evidence.content, evidence.staff_id), (pdf, officer.id));

    let verified = store
        .verify_training_record(&admin(), record.id)
        .await
        .expect("verify");
    assert!(verified.verified_at.is_some());

    let waiver = store
        .add_training_records(
            district.id,
            &admin(),
            &[NewTrainingRecord {
                staff_id: officer.id,
                requirement_id: catalogue[1].id,
                completed_on: "2026-03-01".into(),
                provider: "Puget Sound ESD".into(),
                hours: 0.0,
                units: 1,
                evidence: None,
                waiver_reason: Some("Twenty years as a youth officer".into()),
            }],
        )
        .await
        .expect("waiver");
    assert_eq!(waiver[0].waived, 1);
    assert!(waiver[0].verified_at.is_some());

    let plan = store
        .save_plan(
            district.id,
            &admin(),
            officer.id,
            "2026-08-01",
            "Summer academy",
        )
        .await
        .expect("plan");
    assert_eq!(plan.approved_at, None);
    let approved = store
        .approve_plan(&admin(), officer.id)
        .await
        .expect("approve");
    assert!(approved.approved_at.is_some());
    let changed = store
        .save_plan(district.id, &admin(), officer.id, "2026-07-01", "Earlier")
        .await
        .expect("change");
    assert_eq!(
        changed.approved_at, None,
        "a changed plan needs approving again"
    );
    assert_eq!(
        store.plans(district.id, None).await.expect("plans").len(),
        1
    );
    assert_eq!(Standing::OnPlan.key(), "on_plan");
}

async fn a_failed_batch_stores_nothing(store: &Store) {
    let district = store.ensure_district("f", "F").await.expect("district");
    let police = agency(store, district.id, "Police").await;
    let result = store
        .add_staff(
            district.id,
            &admin(),
            &[
                person(police.id, "1", "Ann"),
                person(police.id, "1", "Ann again"),
            ],
        )
        .await;
    assert!(matches!(result, Err(StoreError::Conflict(_))));
    assert!(
        store
            .staff(district.id, None)
            .await
            .expect("list")
            .is_empty()
    );
}

async fn every_change_is_audited_and_the_trail_cannot_be_edited(store: &Store) {
    let district = store.ensure_district("h", "H").await.expect("district");
    let police = agency(store, district.id, "Police").await;
    let officer = store
        .add_staff(
            district.id,
            &Actor::process("import (staff.csv)"),
            &[person(police.id, "9", "Di")],
        )
        .await
        .expect("staff")
        .remove(0);
    store
        .save_plan(district.id, &admin(), officer.id, "2026-08-01", "")
        .await
        .expect("plan");
    let plan = store
        .approve_plan(&admin(), officer.id)
        .await
        .expect("approve");
    let history = store
        .history(district.id, "training_plans", plan.id)
        .await
        .expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].action, "insert");
    assert_eq!(history[1].action, "update");
    let before = history[1].before_json.as_deref().expect("before");
    let after = history[1].after_json.as_deref().expect("after");
    assert!(before.contains("\"approved_at\":null"), "{before}");
    assert!(!after.contains("\"approved_at\":null"), "{after}");
    let staff_history = store
        .history(district.id, "staff_members", officer.id)
        .await
        .expect("history");
    assert_eq!(staff_history[0].actor, "import (staff.csv)");
    let other = store.ensure_district("other", "Other").await.expect("d");
    assert!(
        store
            .history(other.id, "staff_members", officer.id)
            .await
            .expect("history")
            .is_empty(),
        "another district reads nothing"
    );
}

/// The database itself refuses to edit or delete the trail, on both backends.
async fn the_trail_refuses_edits(backend: accord_store::Backend) {
    let db = TestDatabase::new(backend).await;
    let district = db.store.ensure_district("x", "X").await.expect("district");
    agency(&db.store, district.id, "Police").await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db.url).await.expect("connect");
    for sql in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
    ] {
        let result = sqlx::query(sql).execute(&pool).await;
        assert!(result.is_err(), "{sql} must fail");
    }
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(count, 1);
    pool.close().await;
}

#[tokio::test]
async fn the_trail_refuses_edits_on_sqlite() {
    the_trail_refuses_edits(accord_store::Backend::Sqlite).await;
}

#[tokio::test]
async fn the_trail_refuses_edits_on_postgres() {
    the_trail_refuses_edits(accord_store::Backend::Postgres).await;
}
