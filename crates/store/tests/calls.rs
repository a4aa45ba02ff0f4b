//! Calls for service on both backends: saved whole and keyed by the district's call id, so that a
//! re-import changes nothing; read back exactly; every save and every read of a call's students in
//! the audit trail; nothing across districts.

use accord_domain::calls::{
    Call, CallStudent, Gender, OffenseType, Outcome, Race, Requester, StudentRole,
};
use accord_store::{Actor, NewAgency, NewStaff, SaveCallsOutcome, Store, StoreError};

use accord_store::on_both_backends;

on_both_backends!(
    a_call_reads_back_exactly_and_a_resave_changes_nothing,
    a_changed_call_is_replaced_whole_and_audited,
    opening_a_call_is_recorded_and_lists_hold_no_student_data,
    a_batch_naming_another_districts_school_stores_nothing,
    offense_types_default_to_the_statutory_list,
    a_district_replaces_its_offense_types_but_keeps_those_in_use,
    the_report_reads_each_student_and_a_year_moves_on_only_when_its_calls_change,
);

fn clerk() -> Actor {
    Actor::process("test clerk")
}

struct Fixture {
    district_id: i64,
    school_id: i64,
    officer_id: i64,
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
            &clerk(),
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
            &clerk(),
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
    }
}

fn student(id: &str, outcomes: &[Outcome]) -> CallStudent {
    CallStudent {
        protected_id: id.into(),
        role: StudentRole::Offender,
        age: 15,
        grade: "10".into(),
        gender: Gender::Female,
        hispanic: false,
        races: [Race::Asian, Race::White].into_iter().collect(),
        iep: true,
        section_504: false,
        english_learner: false,
        outcomes: outcomes.iter().copied().collect(),
    }
}

fn call(fixture: &Fixture, key: &str, year: i32) -> Call {
    Call {
        call_key: key.into(),
        school_year: year,
        school_id: fixture.school_id,
        occurred_at: format!("{year}-10-02T10:15"),
        requester: Requester::Administrator,
        reason: "Fight in the cafeteria".into(),
        offense: "fighting".into(),
        weapon: String::new(),
        school_related: true,
        staff_ids: vec![fixture.officer_id, fixture.officer_id],
        agency_case_number: "KPD-1".into(),
        cedars_incident_id: "C-9".into(),
        narrative: "Two students fought; the officer separated them.".into(),
        students: vec![
            student("S-1", &[Outcome::Arrest, Outcome::Booking]),
            student("S-2", &[Outcome::HandledInformally]),
        ],
    }
}

async fn a_call_reads_back_exactly_and_a_resave_changes_nothing(store: &Store) {
    let f = fixture(store, "a").await;
    let calls = vec![call(&f, "K-1", 2024), call(&f, "K-2", 2025)];
    let first = store
        .save_calls(f.district_id, &clerk(), &calls)
        .await
        .expect("save");
    assert_eq!(
        first,
        SaveCallsOutcome {
            added: 2,
            changed: 0,
            unchanged: 0
        }
    );
    let again = store
        .save_calls(f.district_id, &clerk(), &calls)
        .await
        .expect("resave");
    assert_eq!(again.unchanged, 2, "{again:?}");
    assert_eq!(again.added + again.changed, 0);
    let listed = store.calls(f.district_id, Some(2024)).await.expect("list");
    assert_eq!(listed.len(), 1);
    let read = store
        .call(f.district_id, listed[0].id, &clerk())
        .await
        .expect("read");
    let mut expected = calls[0].clone();
    expected.staff_ids.dedup();
    assert_eq!(read.call, expected, "every field and student reads back");
    assert_eq!(
        store.call_id(f.district_id, "k-1").await.expect("by key"),
        Some(listed[0].id),
        "a call is found by its id in any case"
    );
    assert_eq!(
        store.call_id(f.district_id, "K-3").await.expect("none"),
        None
    );
    assert_eq!(
        store.call_years(f.district_id).await.expect("years"),
        [2025, 2024]
    );
}

async fn a_changed_call_is_replaced_whole_and_audited(store: &Store) {
    let f = fixture(store, "b").await;
    let original = call(&f, "K-1", 2024);
    store
        .save_calls(f.district_id, &clerk(), std::slice::from_ref(&original))
        .await
        .expect("save");
    let mut corrected = original.clone();
    corrected.school_year = 2025;
    corrected.students.truncate(1);
    corrected.staff_ids.clear();
    let outcome = store
        .save_calls(f.district_id, &clerk(), std::slice::from_ref(&corrected))
        .await
        .expect("resave");
    assert_eq!(outcome.changed, 1, "{outcome:?}");
    assert!(
        store
            .calls(f.district_id, Some(2024))
            .await
            .expect("old year")
            .is_empty()
    );
    let stored = store
        .calls_for_report(f.district_id, 2025)
        .await
        .expect("report");
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].call.students.len(),
        1,
        "the second student is gone"
    );
    assert!(
        stored[0].call.narrative.is_empty(),
        "reports never carry narratives"
    );
    assert!(
        !stored[0].call.reportable_under_r7(),
        "no staff responded any more"
    );
    let history = store
        .history(f.district_id, "calls", stored[0].id)
        .await
        .expect("history");
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["insert", "update"]);
    assert!(
        history[1]
            .before_json
            .as_deref()
            .unwrap_or("")
            .contains("S-2")
    );
}

async fn opening_a_call_is_recorded_and_lists_hold_no_student_data(store: &Store) {
    let f = fixture(store, "c").await;
    store
        .save_calls(f.district_id, &clerk(), &[call(&f, "K-1", 2024)])
        .await
        .expect("save");
    let listed = store.calls(f.district_id, None).await.expect("list");
    assert_eq!(listed[0].students, 2);
    assert!(
        listed[0].r7_reportable,
        "staff responded and a student was arrested"
    );
    let summary = serde_json::to_string(&listed).expect("json");
    assert!(
        !summary.contains("S-1"),
        "no student ids in a list: {summary}"
    );
    let reader = Actor::process("records clerk Ana");
    store
        .call(f.district_id, listed[0].id, &reader)
        .await
        .expect("open");
    let history = store
        .history(f.district_id, "calls", listed[0].id)
        .await
        .expect("history");
    let last = history.last().expect("entries");
    assert_eq!(
        (last.action.as_str(), last.actor.as_str()),
        ("read", "records clerk Ana")
    );
    store
        .record_call_reads(f.district_id, &Actor::process("R7 export"), &[listed[0].id])
        .await
        .expect("export read");
    let history = store
        .history(f.district_id, "calls", listed[0].id)
        .await
        .expect("history");
    assert_eq!(history.last().map(|h| h.actor.as_str()), Some("R7 export"));
    let other = store.ensure_district("other", "Other").await.expect("d");
    assert!(matches!(
        store.call(other.id, listed[0].id, &reader).await,
        Err(StoreError::NotFound)
    ));
}

async fn a_batch_naming_another_districts_school_stores_nothing(store: &Store) {
    let f = fixture(store, "d").await;
    let theirs = fixture(store, "e").await;
    let mut stray = call(&f, "K-2", 2024);
    stray.school_id = theirs.school_id;
    let result = store
        .save_calls(f.district_id, &clerk(), &[call(&f, "K-1", 2024), stray])
        .await;
    assert!(matches!(result, Err(StoreError::Conflict(_))), "{result:?}");
    assert!(
        store
            .calls(f.district_id, None)
            .await
            .expect("list")
            .is_empty()
    );
}

async fn offense_types_default_to_the_statutory_list(store: &Store) {
    let f = fixture(store, "f").await;
    let types = store.offense_types(f.district_id).await.expect("types");
    let codes: Vec<&str> = types.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes.len(), 9);
    assert!(codes.contains(&"violence_major_injury"));
}

async fn a_district_replaces_its_offense_types_but_keeps_those_in_use(store: &Store) {
    let f = fixture(store, "g").await;
    store
        .save_calls(f.district_id, &clerk(), &[call(&f, "K-1", 2024)])
        .await
        .expect("save");
    let cedars = |codes: &[&str]| -> Vec<OffenseType> {
        codes
            .iter()
            .map(|code| OffenseType {
                code: (*code).into(),
                label: format!("CEDARS {code}"),
            })
            .collect()
    };
    let refused = store
        .save_offense_types(f.district_id, &clerk(), &cedars(&["bullying", "alcohol"]))
        .await;
    assert!(
        matches!(&refused, Err(StoreError::Conflict(code)) if code == "fighting"),
        "{refused:?}"
    );
    assert_eq!(
        store
            .offense_types(f.district_id)
            .await
            .expect("types")
            .len(),
        9
    );
    store
        .save_offense_types(f.district_id, &clerk(), &cedars(&["fighting", "alcohol"]))
        .await
        .expect("replace");
    let types = store.offense_types(f.district_id).await.expect("types");
    assert_eq!(types, cedars(&["fighting", "alcohol"]));
    let history = store
        .history(f.district_id, "offense_types", f.district_id)
        .await
        .expect("history");
    assert_eq!(history.len(), 1);
}

async fn the_report_reads_each_student_and_a_year_moves_on_only_when_its_calls_change(
    store: &Store,
) {
    let f = fixture(store, "revisions").await;
    let other = fixture(store, "revisions-other").await;
    assert!(
        store
            .call_year_revisions(f.district_id)
            .await
            .expect("none")
            .is_empty()
    );
    let first = call(&f, "A-1", 2024);
    let second = call(&f, "A-2", 2024);
    store
        .save_calls(f.district_id, &clerk(), &[first.clone(), second.clone()])
        .await
        .expect("save");
    store
        .save_calls(other.district_id, &clerk(), &[call(&other, "B-1", 2024)])
        .await
        .expect("other district");
    let revisions = store
        .call_year_revisions(f.district_id)
        .await
        .expect("years");
    assert_eq!(revisions.len(), 1);
    let (year, saved) = revisions[0];
    assert_eq!(year, 2024);

    let mut students = store
        .report_students(f.district_id, 2024)
        .await
        .expect("students");
    let stored = store
        .calls_for_report(f.district_id, 2024)
        .await
        .expect("calls");
    let mut expected: Vec<_> =
        accord_domain::report::reported_students(stored.iter().map(|s| (s.id, &s.call))).collect();
    let order = |s: &accord_domain::report::ReportedStudent| (s.call, format!("{:?}", s.student));
    students.sort_by_key(order);
    expected.sort_by_key(order);
    assert_eq!(
        students, expected,
        "the same students as the whole calls give"
    );
    assert_eq!(
        students.len(),
        4,
        "two calls of two students, this district's only"
    );

    store
        .save_calls(f.district_id, &clerk(), std::slice::from_ref(&first))
        .await
        .expect("resave");
    assert_eq!(
        store
            .call_year_revisions(f.district_id)
            .await
            .expect("years"),
        [(2024, saved)],
        "saving an unchanged call leaves the year as it was"
    );

    let mut moved = second.clone();
    moved.school_year = 2025;
    store
        .save_calls(f.district_id, &clerk(), &[moved])
        .await
        .expect("move a call to the next year");
    let revisions = store
        .call_year_revisions(f.district_id)
        .await
        .expect("years");
    assert_eq!(revisions.len(), 2, "{revisions:?}");
    assert_eq!(revisions[0].0, 2025, "newest first");
    assert!(revisions[1].1 > saved, "the year the call left moved on");

    let mut last = first.clone();
    last.school_year = 2025;
    store
        .save_calls(f.district_id, &clerk(), &[last])
        .await
        .expect("move the other call");
    assert_eq!(
        store.call_years(f.district_id).await.expect("years"),
        [2025],
        "a year whose calls all moved away is no longer listed"
    );
}
