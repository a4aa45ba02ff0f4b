//! The public program page's texts and choices on both backends: saved all or nothing, per district,
//! and every change in the audit trail.

use accord_store::on_both_backends;
use accord_store::{Actor, PageEdit, PageSettings, Store};

on_both_backends!(
    texts_and_choices_are_kept_per_district_and_language,
    only_changes_reach_the_audit_trail,
);

fn edit(texts: &[(&str, &str, &str)], show_staff_names: bool) -> PageEdit {
    PageEdit {
        texts: texts
            .iter()
            .map(|(p, l, b)| (p.to_string(), l.to_string(), b.to_string()))
            .collect(),
        settings: PageSettings { show_staff_names },
    }
}

async fn texts_and_choices_are_kept_per_district_and_language(store: &Store) {
    let a = store.ensure_district("a", "A").await.expect("district");
    let b = store.ensure_district("b", "B").await.expect("district");
    assert!(
        store
            .program_page_texts(a.id)
            .await
            .expect("none")
            .is_empty()
    );
    assert!(
        !store
            .program_page_settings(a.id)
            .await
            .expect("default")
            .show_staff_names
    );
    let actor = Actor::process("test");
    let first = edit(
        &[
            ("primary_duties", "en-US", "Emergency response"),
            ("primary_duties", "es", "Respuesta a emergencias"),
        ],
        true,
    );
    store
        .save_program_page(a.id, &actor, &first)
        .await
        .expect("save");
    let second = edit(&[("primary_duties", "en-US", "Welfare checks")], true);
    store
        .save_program_page(a.id, &actor, &second)
        .await
        .expect("again");
    let texts = store.program_page_texts(a.id).await.expect("texts");
    let bodies: Vec<(&str, &str)> = texts
        .iter()
        .map(|t| (t.language.as_str(), t.body.as_str()))
        .collect();
    assert_eq!(
        bodies,
        vec![
            ("en-US", "Welfare checks"),
            ("es", "Respuesta a emergencias")
        ]
    );
    assert!(
        store
            .program_page_settings(a.id)
            .await
            .expect("a")
            .show_staff_names
    );
    assert!(store.program_page_texts(b.id).await.expect("b").is_empty());
    assert!(
        !store
            .program_page_settings(b.id)
            .await
            .expect("b")
            .show_staff_names
    );
}

async fn only_changes_reach_the_audit_trail(store: &Store) {
    let district = store.ensure_district("a", "A").await.expect("district");
    let actor = Actor::process("page editor");
    let page = edit(
        &[("intro", "en-US", "Our program"), ("intro", "es", "")],
        false,
    );
    store
        .save_program_page(district.id, &actor, &page)
        .await
        .expect("save");
    store
        .save_program_page(district.id, &actor, &page)
        .await
        .expect("same again");
    let changed = edit(&[("intro", "en-US", "Our program, renewed")], true);
    store
        .save_program_page(district.id, &actor, &changed)
        .await
        .expect("change");
    let texts = store.program_page_texts(district.id).await.expect("texts");
    assert_eq!(
        texts.len(),
        1,
        "an empty text that was never written is not stored"
    );
    let history = store
        .history(district.id, "program_page_texts", texts[0].id)
        .await
        .expect("history");
    assert_eq!(
        history.len(),
        2,
        "written once, changed once; the same save again is no change"
    );
    assert_eq!(history[0].action, "insert");
    assert!(
        history[1]
            .before_json
            .as_deref()
            .is_some_and(|b| b.contains("Our program\""))
    );
    assert!(
        history[1]
            .after_json
            .as_deref()
            .is_some_and(|a| a.contains("renewed"))
    );
    assert_eq!(history[1].actor, "page editor");
}
