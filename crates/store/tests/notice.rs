//! The yearly notice's record on both backends: presentations per school and year, only for the
//! district's own schools, audited.

use accord_domain::notice::{Audience, Presentation};
use accord_store::{Actor, Store, StoreError};
use time::macros::date;

use accord_store::on_both_backends;

on_both_backends!(presentations_are_kept_per_year_and_audited);

async fn presentations_are_kept_per_year_and_audited(store: &Store) {
    let north = store.ensure_district("north", "North").await.expect("d");
    let south = store.ensure_district("south", "South").await.expect("d");
    let cedar = store.add_school(north.id, "Cedar High").await.expect("s");
    let elsewhere = store.add_school(south.id, "South High").await.expect("s");
    let actor = Actor::process("test admin");
    let assembly = Presentation {
        audience: Audience::Students,
        on: date!(2026 - 09 - 20),
        how: "Assemblies in each grade".into(),
    };
    let saved = store
        .record_notice_presentation(north.id, &actor, cedar.id, "2026-27", &assembly)
        .await
        .expect("record");
    assert_eq!(saved.school_name, "Cedar High");
    assert_eq!(
        (saved.audience.as_str(), saved.presented_on.as_str()),
        ("students", "2026-09-20")
    );
    let other = store
        .record_notice_presentation(north.id, &actor, elsewhere.id, "2026-27", &assembly)
        .await;
    assert!(matches!(other, Err(StoreError::NotFound)), "{other:?}");
    store
        .record_notice_presentation(north.id, &actor, cedar.id, "2025-26", &assembly)
        .await
        .expect("last year");
    let this_year = store
        .notice_presentations(north.id, "2026-27")
        .await
        .expect("list");
    assert_eq!(this_year, vec![saved.clone()]);
    let history = store
        .history(north.id, "notice_presentations", saved.id)
        .await
        .expect("history");
    assert_eq!(history.len(), 1);
}
