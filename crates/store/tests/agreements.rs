//! Agreements on both backends: agreements per agency and school year, versions and their states,
//! editing only while editable, the community's exchanges and comments, published versions that the
//! database refuses to change, and the audit trail beside every change.

use accord_domain::documents::{DocumentKind, Requirement, SchoolYear, Section, VersionState};
use accord_store::testing::TestDatabase;
use accord_store::{
    Actor, Backend, ExchangeEdit, NewAgency, NewAgreement, NewAgreementComment, Store, StoreError,
    VersionChange,
};

use accord_store::on_both_backends;

on_both_backends!(
    agreements_are_kept_per_agency_and_school_year,
    versions_move_on_and_only_editable_text_changes,
    exchanges_and_comments_record_the_community_process,
    the_public_reads_the_newest_published_version_per_agency,
    the_board_policy_is_a_versioned_document_beside_the_agreements,
);

fn admin() -> Actor {
    Actor::process("test admin")
}

fn year(first: i32) -> SchoolYear {
    SchoolYear::starting(first).expect("year")
}

fn section(heading: &str, body: &str, covers: &[Requirement]) -> Section {
    Section {
        heading: heading.into(),
        body: body.into(),
        covers: covers.to_vec(),
    }
}

async fn agency(store: &Store, district_id: i64, name: &str) -> i64 {
    store
        .add_agency(
            district_id,
            &admin(),
            &NewAgency {
                name: name.into(),
                kind: "law_enforcement".into(),
                contact: String::new(),
            },
        )
        .await
        .expect("agency")
        .id
}

async fn agreement(store: &Store, district_id: i64, agency_id: i64, first_year: i32) -> i64 {
    store
        .create_agreement(
            district_id,
            &admin(),
            &NewAgreement {
                agency_id,
                school_year: year(first_year),
                title: format!("Agreement {first_year}"),
                sections: vec![section(
                    "Discipline role",
                    "Officers take no part in school discipline.",
                    &[Requirement::DisciplineRole],
                )],
            },
        )
        .await
        .expect("agreement")
        .id
}

fn change(from: VersionState, to: VersionState) -> VersionChange {
    VersionChange {
        from,
        to,
        adopted_on: None,
        submitted_on: None,
    }
}

/// Moves version `id` from draft to published, with the board's and OSPI's dates.
async fn publish(store: &Store, id: i64) {
    use VersionState::*;
    for (from, to) in [
        (Draft, Adopted),
        (Adopted, SubmittedToOspi),
        (SubmittedToOspi, Published),
    ] {
        let mut step = change(from, to);
        step.adopted_on = (to == Adopted).then(|| "2026-06-10".to_owned());
        step.submitted_on = (to == SubmittedToOspi).then(|| "2026-06-20".to_owned());
        store
            .change_agreement_state(&admin(), id, &step)
            .await
            .expect("move on");
    }
}

async fn agreements_are_kept_per_agency_and_school_year(store: &Store) {
    let district = store.ensure_district("a", "A").await.expect("district");
    let police = agency(store, district.id, "Police").await;
    let guards = agency(store, district.id, "Guards").await;
    let older = agreement(store, district.id, police, 2025).await;
    let newer = agreement(store, district.id, police, 2026).await;
    agreement(store, district.id, guards, 2026).await;
    let again = store
        .create_agreement(
            district.id,
            &admin(),
            &NewAgreement {
                agency_id: police,
                school_year: year(2026),
                title: "Twice".into(),
                sections: Vec::new(),
            },
        )
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict(ref m)) if m.contains("already has an agreement")),
        "{again:?}"
    );
    let all = store.agreements(district.id, None).await.expect("list");
    let listed: Vec<(&str, &str)> = all
        .iter()
        .map(|a| (a.agency_name.as_str(), a.school_year.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("Guards", "2026-27"),
            ("Police", "2026-27"),
            ("Police", "2025-26")
        ]
    );
    assert_eq!(all[1].year_starts_on, "2026-09-01");
    let theirs = store
        .agreements(district.id, Some(police))
        .await
        .expect("list");
    assert_eq!(
        theirs.iter().map(|a| a.id).collect::<Vec<_>>(),
        [newer, older]
    );
    let versions = store.agreement_versions(newer).await.expect("versions");
    assert_eq!(versions.len(), 1);
    assert_eq!(
        (versions[0].number, versions[0].state),
        (1, VersionState::Draft)
    );
    assert_eq!(
        versions[0].sections[0].covers,
        [Requirement::DisciplineRole]
    );
    let other = store.ensure_district("b", "B").await.expect("district");
    assert!(
        store
            .agreements(other.id, None)
            .await
            .expect("list")
            .is_empty()
    );
    let history = store
        .history(district.id, "agreements", newer)
        .await
        .expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].actor, "test admin");
}

async fn versions_move_on_and_only_editable_text_changes(store: &Store) {
    let district = store.ensure_district("a", "A").await.expect("district");
    let police = agency(store, district.id, "Police").await;
    let id = agreement(store, district.id, police, 2026).await;
    let first = store.agreement_versions(id).await.expect("versions")[0].clone();
    let edited = vec![
        section("Discipline role", "Never.", &[Requirement::DisciplineRole]),
        section(
            "Complaints",
            "To the school and the agency.",
            &[Requirement::ComplaintProcess],
        ),
    ];
    let saved = store
        .save_agreement_sections(&admin(), first.id, &edited)
        .await
        .expect("save");
    assert_eq!(saved.sections, edited);
    let review = store
        .change_agreement_state(
            &admin(),
            first.id,
            &change(VersionState::Draft, VersionState::CommunityReview),
        )
        .await
        .expect("review");
    assert_eq!(review.state, VersionState::CommunityReview);
    let stale = store
        .change_agreement_state(
            &admin(),
            first.id,
            &change(VersionState::Draft, VersionState::CommunityReview),
        )
        .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict(_))),
        "a move from a state the version has left is refused"
    );
    publish_from_review(store, first.id).await;
    let published = store
        .agreement_version(first.id)
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(published.state, VersionState::Published);
    assert_eq!(published.adopted_on.as_deref(), Some("2026-06-10"));
    assert_eq!(published.submitted_on.as_deref(), Some("2026-06-20"));
    assert!(published.published_at.is_some());
    let refused = store.save_agreement_sections(&admin(), first.id, &[]).await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "{refused:?}"
    );

    let second = store
        .add_agreement_version(&admin(), id)
        .await
        .expect("next version");
    assert_eq!(
        (second.number, second.state),
        (2, VersionState::Draft),
        "the next version starts as a draft"
    );
    assert_eq!(second.sections, edited, "with the latest version's text");
    let history = store
        .history(district.id, "agreement_versions", first.id)
        .await
        .expect("history");
    assert_eq!(
        history
            .iter()
            .map(|h| h.action.as_str())
            .collect::<Vec<_>>(),
        [
            "insert", "update", "update", "update", "update", "update", "update"
        ],
        "saved, in review, back to draft, adopted, submitted, published"
    );
}

async fn publish_from_review(store: &Store, id: i64) {
    store
        .change_agreement_state(
            &admin(),
            id,
            &change(VersionState::CommunityReview, VersionState::Draft),
        )
        .await
        .expect("back to draft");
    publish(store, id).await;
}

async fn exchanges_and_comments_record_the_community_process(store: &Store) {
    let district = store.ensure_district("a", "A").await.expect("district");
    let police = agency(store, district.id, "Police").await;
    let id = agreement(store, district.id, police, 2026).await;
    let mut exchange_ids = Vec::new();
    for title in ["Safety at school", "Officers on campus"] {
        let exchange = store
            .create_exchange(
                district.id,
                None,
                &ExchangeEdit {
                    title: title.into(),
                    question: "What makes school safe?".into(),
                    context: String::new(),
                    groups: Vec::new(),
                    invitation_code: None,
                    results_public: true,
                },
            )
            .await
            .expect("exchange");
        exchange_ids.push(exchange.id);
    }
    for exchange_id in [exchange_ids[1], exchange_ids[0], exchange_ids[1]] {
        store
            .link_agreement_exchange(&admin(), id, exchange_id)
            .await
            .expect("link");
    }
    let linked = store.agreement_exchange_ids(id).await.expect("linked");
    assert_eq!(linked.len(), 2, "linking twice keeps one link");
    assert!(exchange_ids.iter().all(|e| linked.contains(e)));
    assert_eq!(
        store
            .history(district.id, "agreement_exchanges", id)
            .await
            .expect("history")
            .len(),
        2
    );
    for (day, source) in [
        ("2026-05-02", "PTA letter"),
        ("2026-04-30", "Student council"),
    ] {
        store
            .add_agreement_comment(
                &admin(),
                id,
                &NewAgreementComment {
                    source: source.into(),
                    body: "Keep officers out of discipline.".into(),
                    received_on: day.into(),
                },
            )
            .await
            .expect("comment");
    }
    let comments = store.agreement_comments(id).await.expect("comments");
    assert_eq!(
        comments
            .iter()
            .map(|c| c.source.as_str())
            .collect::<Vec<_>>(),
        ["Student council", "PTA letter"]
    );
    let missing = store
        .add_agreement_comment(
            &admin(),
            id + 1000,
            &NewAgreementComment {
                source: "x".into(),
                body: "y".into(),
                received_on: "2026-01-01".into(),
            },
        )
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)));
}

async fn the_public_reads_the_newest_published_version_per_agency(store: &Store) {
    let district = store.ensure_district("a", "A").await.expect("district");
    let police = agency(store, district.id, "Police").await;
    let guards = agency(store, district.id, "Guards").await;
    let old = agreement(store, district.id, police, 2025).await;
    let current = agreement(store, district.id, police, 2026).await;
    let drafted = agreement(store, district.id, guards, 2026).await;
    let old_version = store.agreement_versions(old).await.expect("v")[0].id;
    let current_version = store.agreement_versions(current).await.expect("v")[0].id;
    let draft_version = store.agreement_versions(drafted).await.expect("v")[0].id;
    assert!(
        store
            .published_agreements(district.id)
            .await
            .expect("public")
            .is_empty()
    );
    publish(store, old_version).await;
    publish(store, current_version).await;
    let public = store
        .published_agreements(district.id)
        .await
        .expect("public");
    assert_eq!(public.len(), 1, "one per agency, none for a draft");
    assert_eq!(public[0].version.id, current_version);
    assert_eq!(public[0].agreement.school_year, "2026-27");
    let permanent = store
        .published_agreement(district.id, old_version)
        .await
        .expect("read");
    assert_eq!(
        permanent.map(|p| p.agreement.school_year),
        Some("2025-26".to_owned()),
        "older published versions stay readable"
    );
    for (district_id, version) in [(district.id, draft_version), (district.id + 1, old_version)] {
        assert_eq!(
            store
                .published_agreement(district_id, version)
                .await
                .expect("read"),
            None
        );
    }
}

/// The database itself refuses to change a published version; listening sessions link once.
async fn published_versions_never_change(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let store = &db.store;
    let district = store.ensure_district("x", "X").await.expect("district");
    let police = agency(store, district.id, "Police").await;
    let id = agreement(store, district.id, police, 2026).await;
    let version = store.agreement_versions(id).await.expect("v")[0].id;
    publish(store, version).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db.url).await.expect("connect");
    for sql in [
        "UPDATE agreement_versions SET sections = '[]'",
        "DELETE FROM agreement_versions",
    ] {
        let result = sqlx::query(sql).execute(&pool).await;
        assert!(result.is_err(), "{sql} must fail");
    }

    let session = store
        .create_listening_session(
            district.id,
            &admin(),
            &accord_store::NewListeningSession {
                school_id: None,
                title: "Listening to families".into(),
                description: String::new(),
                starts_at: 1_800_000_000,
                ends_at: 1_800_005_400,
                time_zone: "pacific".into(),
                place: "Library".into(),
                online_url: String::new(),
                languages: vec!["English".into()],
                interpretation: Vec::new(),
                capacity: 30,
                cancelled: false,
            },
        )
        .await
        .expect("session")
        .id;
    pool.close().await;
    for _ in 0..2 {
        store
            .link_agreement_session(&admin(), id, session)
            .await
            .expect("link");
    }
    assert_eq!(
        store.agreement_session_ids(id).await.expect("ids"),
        [session]
    );
    assert_eq!(
        store
            .history(district.id, "agreement_sessions", id)
            .await
            .expect("history")
            .len(),
        1
    );
}

#[tokio::test]
async fn published_versions_never_change_on_sqlite() {
    published_versions_never_change(Backend::Sqlite).await;
}

#[tokio::test]
async fn published_versions_never_change_on_postgres() {
    published_versions_never_change(Backend::Postgres).await;
}

async fn the_board_policy_is_a_versioned_document_beside_the_agreements(store: &Store) {
    let district = store.ensure_district("policy", "Policy").await.expect("d");
    let police = agency(store, district.id, "Police").await;
    store
        .create_agreement(
            district.id,
            &admin(),
            &NewAgreement {
                agency_id: police,
                school_year: year(2026),
                title: "Agreement".into(),
                sections: Vec::new(),
            },
        )
        .await
        .expect("agreement");
    assert_eq!(store.board_policy(district.id).await.expect("none"), None);
    let text = [section(
        "Discipline",
        "Officers take no part in discipline.",
        &[Requirement::DisciplineRole],
    )];
    let policy = store
        .create_board_policy(district.id, &admin(), "Policy 3225", &text)
        .await
        .expect("policy");
    assert_eq!(policy.kind, DocumentKind::BoardPolicy);
    assert_eq!((policy.agency_id, policy.agency_name.as_str()), (0, ""));
    assert_eq!(policy.school_year, "");
    let twice = store
        .create_board_policy(district.id, &admin(), "Another", &[])
        .await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
    assert_eq!(
        store.board_policy(district.id).await.expect("read"),
        Some(policy.clone())
    );
    let agreements = store.agreements(district.id, None).await.expect("list");
    assert_eq!(
        agreements.len(),
        1,
        "the policy is not an agency's agreement"
    );
    assert_eq!(agreements[0].kind, DocumentKind::Agreement);

    let first = store.agreement_versions(policy.id).await.expect("v")[0].clone();
    assert_eq!(first.kind, DocumentKind::BoardPolicy);
    assert_eq!(first.sections, text.to_vec());
    for (from, to, adopted) in [
        (
            VersionState::Draft,
            VersionState::Adopted,
            Some("2026-06-10"),
        ),
        (VersionState::Adopted, VersionState::Published, None),
    ] {
        store
            .change_agreement_state(
                &admin(),
                first.id,
                &VersionChange {
                    from,
                    to,
                    adopted_on: adopted.map(str::to_owned),
                    submitted_on: None,
                },
            )
            .await
            .expect("move on");
    }
    let second = store
        .add_agreement_version(&admin(), policy.id)
        .await
        .expect("second");
    assert_eq!((second.number, second.kind), (2, DocumentKind::BoardPolicy));
    let published = store
        .agreement_version(first.id)
        .await
        .expect("read")
        .expect("first");
    assert_eq!(published.adopted_on.as_deref(), Some("2026-06-10"));
    assert!(published.published_at.is_some());
    assert!(
        store
            .published_agreements(district.id)
            .await
            .expect("public")
            .is_empty(),
        "the policy is not listed among the agencies' agreements"
    );
    let history = store
        .history(district.id, "agreements", policy.id)
        .await
        .expect("history");
    assert_eq!(history.len(), 1);
}
