//! Listening sessions on both backends: the schedule per district, upcoming and past, sign-ups within
//! the capacity (also when they arrive at once), attendance, notes, summary and themes, all audited.

use accord_domain::listening::SignUpRefusal;
use accord_store::{Actor, NewListeningSession, NewSignUp, SessionTheme, Store, StoreError};

use accord_store::on_both_backends;

on_both_backends!(
    sessions_are_scheduled_updated_and_listed_per_district,
    sign_ups_respect_the_capacity_the_start_and_cancellation,
    sign_ups_arriving_at_once_cannot_overbook,
    attendance_notes_summary_and_themes_are_kept_and_audited,
);

const HOUR: i64 = 3600;
const NOW: i64 = 1_800_000_000;

fn admin() -> Actor {
    Actor::process("test admin")
}

fn public() -> Actor {
    Actor::process("public sign-up")
}

fn session(title: &str, starts_at: i64, capacity: i64) -> NewListeningSession {
    NewListeningSession {
        school_id: None,
        title: title.into(),
        description: "How should officers work in our schools?".into(),
        starts_at,
        ends_at: starts_at + 2 * HOUR,
        time_zone: "pacific".into(),
        place: "Cedar High library".into(),
        online_url: String::new(),
        languages: vec!["English".into(), "Spanish".into()],
        interpretation: vec!["ASL".into()],
        capacity,
        cancelled: false,
    }
}

fn party(name: &str, size: i64) -> NewSignUp {
    NewSignUp {
        name: name.into(),
        contact: format!("{}@example.org", name.to_lowercase()),
        language: "Spanish".into(),
        needs_interpretation: false,
        party_size: size,
    }
}

async fn sessions_are_scheduled_updated_and_listed_per_district(store: &Store) {
    let north = store.ensure_district("north", "North").await.expect("d");
    let south = store.ensure_district("south", "South").await.expect("d");
    let school = store.add_school(north.id, "Cedar High").await.expect("s");
    let past = store
        .create_listening_session(
            north.id,
            &admin(),
            &session("Spring", NOW - 30 * 24 * HOUR, 40),
        )
        .await
        .expect("past");
    let mut soon = session("December", NOW + 24 * HOUR, 40);
    soon.school_id = Some(school.id);
    let soon = store
        .create_listening_session(north.id, &admin(), &soon)
        .await
        .expect("soon");
    assert_eq!(soon.school_name.as_deref(), Some("Cedar High"));
    assert_eq!(soon.language_list(), vec!["English", "Spanish"]);
    assert_eq!(soon.interpretation_list(), vec!["ASL"]);
    assert_eq!((soon.seats_taken, soon.attended), (0, 0));
    let later = store
        .create_listening_session(
            north.id,
            &admin(),
            &session("January", NOW + 40 * 24 * HOUR, 10),
        )
        .await
        .expect("later");
    // Going on now: still upcoming until it ends.
    let ongoing = store
        .create_listening_session(north.id, &admin(), &session("Now", NOW - HOUR, 10))
        .await
        .expect("ongoing");
    store
        .create_listening_session(south.id, &admin(), &session("Elsewhere", NOW + HOUR, 10))
        .await
        .expect("south");

    let titles = |sessions: Vec<accord_store::ListeningSession>| -> Vec<String> {
        sessions.into_iter().map(|s| s.title).collect()
    };
    let all = store.listening_sessions(north.id).await.expect("all");
    assert_eq!(titles(all), vec!["January", "December", "Now", "Spring"]);
    let upcoming = store
        .upcoming_listening_sessions(north.id, NOW, 10)
        .await
        .expect("upcoming");
    assert_eq!(titles(upcoming), vec!["Now", "December", "January"]);
    let first_two = store
        .upcoming_listening_sessions(north.id, NOW, 2)
        .await
        .expect("limit");
    assert_eq!(titles(first_two), vec!["Now", "December"]);
    let held = store
        .past_listening_sessions(north.id, NOW, 10)
        .await
        .expect("past");
    assert_eq!(titles(held), vec!["Spring"]);

    // Cancelling keeps the session upcoming (flagged) and out of the past list once over.
    let mut cancelled = session("January", NOW + 40 * 24 * HOUR, 12);
    cancelled.cancelled = true;
    let updated = store
        .update_listening_session(&admin(), later.id, &cancelled)
        .await
        .expect("update");
    assert!(updated.is_cancelled());
    assert_eq!(updated.capacity, 12);
    let upcoming = store
        .upcoming_listening_sessions(north.id, NOW, 10)
        .await
        .expect("upcoming");
    assert!(
        upcoming
            .iter()
            .any(|s| s.id == later.id && s.is_cancelled())
    );
    let long_after = store
        .past_listening_sessions(north.id, NOW + 100 * 24 * HOUR, 10)
        .await
        .expect("past");
    assert_eq!(
        titles(long_after),
        vec!["December", "Now", "Spring"],
        "cancelled sessions are not past sessions"
    );
    assert!(matches!(
        store
            .update_listening_session(&admin(), ongoing.id + 1000, &cancelled)
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store.listening_session(past.id).await.expect("get"),
        Some(past.clone())
    );
    assert_eq!(
        store.listening_session(past.id + 1000).await.expect("get"),
        None
    );

    let history = store
        .history(north.id, "listening_sessions", later.id)
        .await
        .expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].action, "update");
    assert!(
        history[1]
            .after_json
            .as_deref()
            .is_some_and(|j| j.contains("\"cancelled\":1"))
    );
}

async fn sign_ups_respect_the_capacity_the_start_and_cancellation(store: &Store) {
    let district = store.ensure_district("d", "D").await.expect("d");
    let room = store
        .create_listening_session(
            district.id,
            &admin(),
            &session("Room of five", NOW + HOUR, 5),
        )
        .await
        .expect("session");
    let sign = |who: &'static str, size: i64, at: i64| {
        let id = room.id;
        async move {
            store
                .sign_up_for_listening_session(&public(), id, &party(who, size), at)
                .await
                .expect("store")
        }
    };
    let ana = sign("Ana", 3, NOW).await.expect("ana");
    assert_eq!((ana.party_size, ana.attended), (3, 0));
    assert_eq!(
        sign("Ben", 3, NOW).await,
        Err(SignUpRefusal::TooFewLeft { left: 2 })
    );
    sign("Cy", 2, NOW).await.expect("cy");
    assert_eq!(sign("Di", 1, NOW).await, Err(SignUpRefusal::Full));
    let seen = store
        .listening_session(room.id)
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(seen.seats_taken, 5);
    let names: Vec<String> = store
        .listening_sign_ups(room.id)
        .await
        .expect("list")
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, vec!["Ana", "Cy"]);

    let open = store
        .create_listening_session(district.id, &admin(), &session("Open", NOW + HOUR, 50))
        .await
        .expect("session");
    let at_start = store
        .sign_up_for_listening_session(&public(), open.id, &party("Ed", 1), NOW + HOUR)
        .await
        .expect("store");
    assert_eq!(at_start, Err(SignUpRefusal::Started));
    let mut cancelled = session("Open", NOW + HOUR, 50);
    cancelled.cancelled = true;
    store
        .update_listening_session(&admin(), open.id, &cancelled)
        .await
        .expect("cancel");
    let refused = store
        .sign_up_for_listening_session(&public(), open.id, &party("Flo", 1), NOW)
        .await
        .expect("store");
    assert_eq!(refused, Err(SignUpRefusal::Cancelled));
    assert!(
        store
            .listening_sign_ups(open.id)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(matches!(
        store
            .sign_up_for_listening_session(&public(), open.id + 1000, &party("Gus", 1), NOW)
            .await,
        Err(StoreError::NotFound)
    ));
    let trail = store
        .history(district.id, "listening_sign_ups", ana.id)
        .await
        .expect("history");
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].actor, "public sign-up");
}

async fn sign_ups_arriving_at_once_cannot_overbook(store: &Store) {
    let district = store.ensure_district("d", "D").await.expect("d");
    let room = store
        .create_listening_session(district.id, &admin(), &session("Small room", NOW + HOUR, 5))
        .await
        .expect("session");
    let attempts: Vec<_> = (0..16)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .sign_up_for_listening_session(
                        &public(),
                        room.id,
                        &party(&format!("P{i}"), 1 + i % 2),
                        NOW,
                    )
                    .await
                    .expect("store")
            })
        })
        .collect();
    let mut taken = 0;
    for attempt in attempts {
        if let Ok(sign_up) = attempt.await.expect("task") {
            taken += sign_up.party_size;
        }
    }
    let seen = store
        .listening_session(room.id)
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(seen.seats_taken, taken);
    assert!(taken <= 5, "{taken} people in a room for five");
    assert!(taken >= 4, "the room fills up: {taken}");
}

async fn attendance_notes_summary_and_themes_are_kept_and_audited(store: &Store) {
    let district = store.ensure_district("d", "D").await.expect("d");
    let held = store
        .create_listening_session(district.id, &admin(), &session("Held", NOW + HOUR, 20))
        .await
        .expect("session");
    let other = store
        .create_listening_session(district.id, &admin(), &session("Other", NOW + HOUR, 20))
        .await
        .expect("session");
    let mut ids = Vec::new();
    for (name, size) in [("Ana", 2), ("Ben", 1), ("Cy", 4)] {
        let s = store
            .sign_up_for_listening_session(&public(), held.id, &party(name, size), NOW)
            .await
            .expect("store")
            .expect("taken");
        ids.push(s.id);
    }
    let stranger = store
        .sign_up_for_listening_session(&public(), other.id, &party("Dee", 1), NOW)
        .await
        .expect("store")
        .expect("taken");
    let marked = store
        .record_listening_attendance(&admin(), held.id, &[ids[0], ids[2], stranger.id])
        .await
        .expect("attendance");
    let came: Vec<i64> = marked.iter().map(|s| s.attended).collect();
    assert_eq!(came, vec![1, 0, 1]);
    let others = store.listening_sign_ups(other.id).await.expect("list");
    assert_eq!(
        others[0].attended, 0,
        "another session's sign-up is untouched"
    );
    let seen = store
        .listening_session(held.id)
        .await
        .expect("get")
        .expect("exists");
    assert_eq!((seen.seats_taken, seen.attended), (7, 6));
    // Unmarking one changes only that one.
    store
        .record_listening_attendance(&admin(), held.id, &[ids[0]])
        .await
        .expect("attendance");
    let trail = store
        .history(district.id, "listening_sign_ups", ids[2])
        .await
        .expect("history");
    assert_eq!(trail.len(), 3, "signed up, came, not came after all");
    assert_eq!(
        store
            .history(district.id, "listening_sign_ups", ids[1])
            .await
            .expect("history")
            .len(),
        1
    );

    let themes = vec![
        SessionTheme {
            label: "Officers in plain clothes".into(),
            detail: "Parents asked that officers not wear uniforms inside".into(),
        },
        SessionTheme {
            label: "Complaints".into(),
            detail: String::new(),
        },
    ];
    let after = store
        .record_listening_outcome(
            &admin(),
            held.id,
            "Room too warm",
            "Forty people came.",
            &themes,
        )
        .await
        .expect("outcome");
    assert_eq!(
        (after.notes.as_str(), after.summary.as_str()),
        ("Room too warm", "Forty people came.")
    );
    assert_eq!(
        store
            .listening_session_themes(held.id)
            .await
            .expect("themes"),
        themes
    );
    let reordered = vec![themes[1].clone(), themes[0].clone()];
    store
        .record_listening_outcome(
            &admin(),
            held.id,
            "Room too warm",
            "Forty people came.",
            &reordered,
        )
        .await
        .expect("outcome");
    assert_eq!(
        store
            .listening_session_themes(held.id)
            .await
            .expect("themes"),
        reordered
    );
    assert!(
        store
            .listening_session_themes(other.id)
            .await
            .expect("themes")
            .is_empty()
    );
    let theme_trail = store
        .history(district.id, "listening_session_themes", held.id)
        .await
        .expect("history");
    assert_eq!(theme_trail.len(), 2);
    assert_eq!(theme_trail[0].action, "insert");
    let session_trail = store
        .history(district.id, "listening_sessions", held.id)
        .await
        .expect("history");
    assert_eq!(
        session_trail.len(),
        2,
        "created, then notes and summary once"
    );
    assert!(matches!(
        store
            .record_listening_outcome(&admin(), held.id + 1000, "", "", &[])
            .await,
        Err(StoreError::NotFound)
    ));
}
