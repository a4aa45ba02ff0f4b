//! A district changes its training catalogue, on both backends: added requirements join the series
//! at its end, edits and retirements reach the rules, codes stay unique, and the trail keeps it all.

use accord_domain::training::{Requirement, RequirementKind, StaffType};
use accord_store::on_both_backends;
use accord_store::{Actor, Store, StoreError};

on_both_backends!(a_district_adds_edits_and_retires_requirements);

fn first_aid() -> Requirement {
    Requirement {
        code: "first_aid".into(),
        title: "First aid and CPR".into(),
        kind: RequirementKind::Classroom,
        required_units: 1,
        deadline_months: 3,
        staff_types: vec![StaffType::SecurityOfficer],
    }
}

async fn a_district_adds_edits_and_retires_requirements(store: &Store) {
    let district = store.ensure_district("a", "A").await.expect("district");
    let other = store.ensure_district("b", "B").await.expect("district");
    let actor = Actor::process("catalogue editor");
    let added = store
        .add_requirement(district.id, &actor, &first_aid())
        .await
        .expect("add");
    assert_eq!(added.position, 15, "after Washington's 15");
    let series = store.training_catalogue(district.id).await.expect("series");
    assert_eq!(
        series.last().map(|e| e.requirement.code.as_str()),
        Some("first_aid")
    );
    assert!(matches!(
        store
            .add_requirement(district.id, &actor, &first_aid())
            .await,
        Err(StoreError::Conflict(_))
    ));
    store
        .add_requirement(other.id, &actor, &first_aid())
        .await
        .expect("codes are per district");

    let mut longer = first_aid();
    longer.deadline_months = 6;
    longer.staff_types.push(StaffType::ContractedSecurity);
    let edited = store
        .update_requirement(district.id, &actor, added.id, &longer, false)
        .await
        .expect("edit");
    assert_eq!(edited.staff_types, "security_officer,contracted_security");
    assert!(matches!(
        store
            .update_requirement(other.id, &actor, added.id, &longer, false)
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .update_requirement(district.id, &actor, added.id, &longer, true)
        .await
        .expect("retire");
    let series = store.training_catalogue(district.id).await.expect("series");
    assert_eq!(series.len(), 15, "a retired requirement leaves the series");
    let all = store.catalogue_records(district.id).await.expect("all");
    assert_eq!(all.len(), 16, "but stays in the catalogue");
    assert_eq!(all[15].retired, 1);
    let trail = store
        .history(district.id, "training_requirements", added.id)
        .await
        .expect("history");
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["insert", "update", "update"]);
}
