//! The demo district's listening sessions: two held (with sign-ups, attendance, notes, a summary and
//! the themes they raised) and two to come (with their first sign-ups). Dates count from today, so
//! the upcoming ones stay upcoming whenever the demo is made.

use accord_domain::listening::TimeZone;
use accord_store::{Actor, District, NewListeningSession, NewSignUp, SessionTheme, Store};
use time::{Date, Duration, PrimitiveDateTime, Time};

struct DemoSession {
    title: &'static str,
    description: &'static str,
    /// Days from today (negative: already held).
    in_days: i64,
    /// Local start hour and length in minutes.
    hour: u8,
    minutes: i64,
    /// A school by index in the district's list, or the whole district.
    school: Option<usize>,
    place: &'static str,
    online_url: &'static str,
    languages: &'static [&'static str],
    interpretation: &'static [&'static str],
    capacity: i64,
    /// (name, contact, language, needs interpretation, party size, attended)
    sign_ups: &'static [(&'static str, &'static str, &'static str, bool, i64, bool)],
    notes: &'static str,
    summary: &'static str,
    themes: &'static [(&'static str, &'static str)],
}

const SESSIONS: [DemoSession; 4] = [
    DemoSession {
        title: "Officers in our schools: what should change?",
        description: "An evening with the safety director and the police department's school resource unit, before the agreement is reviewed.",
        in_days: -75,
        hour: 18,
        minutes: 90,
        school: Some(0),
        place: "Cedar Valley High School library, 1200 Cedar Way",
        online_url: "",
        languages: &["English", "Spanish"],
        interpretation: &["ASL"],
        capacity: 60,
        sign_ups: &[
            (
                "Rosa Delgado",
                "rosa.delgado@example.org",
                "Spanish",
                true,
                3,
                true,
            ),
            ("Marcus Bell", "", "English", false, 1, true),
            ("Linh Tran", "(360) 555-0147", "English", false, 2, true),
            (
                "Aaliyah Brooks",
                "aaliyah.b@example.org",
                "English",
                false,
                1,
                false,
            ),
            ("Jorge Ramírez", "", "Spanish", true, 2, true),
            (
                "Dana Hughes",
                "dana.hughes@example.org",
                "ASL",
                true,
                1,
                true,
            ),
            ("Sam Whitaker", "", "", false, 4, true),
            (
                "Priya Natarajan",
                "priya.n@example.org",
                "English",
                false,
                1,
                false,
            ),
        ],
        notes: "Room was full by 18:15; bring more chairs. Two parents asked to be called back about an incident at Riverside (passed to the principal).",
        summary: "About forty parents, students and staff came. Most wanted officers to be known by name and to stay out of school discipline; several students described feeling watched in the hallways. Families asked for the complaint process in Spanish and for the yearly report to be easier to find.",
        themes: &[
            (
                "Officers and school discipline",
                "Officers should not be called for dress code, phones or classroom behaviour; the agreement should say so plainly.",
            ),
            (
                "Knowing the officer",
                "Students and parents want to know who their school's officer is, and to meet them outside of incidents.",
            ),
            (
                "Complaints in every language",
                "The complaint form and its answers should be available in Spanish and other home languages.",
            ),
            (
                "Students feel watched",
                "Several students said uniformed officers in the hallways make them feel like suspects.",
            ),
        ],
    },
    DemoSession {
        title: "Sesión de escucha en español",
        description: "Una conversación en español con el director de seguridad sobre el acuerdo con la policía.",
        in_days: -40,
        hour: 18,
        minutes: 75,
        school: None,
        place: "",
        online_url: "https://meet.cedarvalley.example/escucha",
        languages: &["Spanish", "English"],
        interpretation: &[],
        capacity: 40,
        sign_ups: &[
            (
                "María González",
                "maria.g@example.org",
                "Spanish",
                false,
                2,
                true,
            ),
            ("Luis Herrera", "(360) 555-0190", "Spanish", false, 1, true),
            ("Carmen Ortiz", "", "Spanish", false, 1, false),
            (
                "Ana Flores",
                "ana.flores@example.org",
                "Spanish",
                false,
                3,
                true,
            ),
        ],
        notes: "Online link worked for everyone; next time send it the day before as well.",
        summary: "Twenty Spanish-speaking families met online. They asked that officers never ask about immigration status and that the district explain which student records it shares with the police.",
        themes: &[
            (
                "Immigration status",
                "Families asked for a written promise that officers will not ask about immigration status at school.",
            ),
            (
                "What is shared with the police",
                "Parents want to know which student records the district shares with the police department.",
            ),
        ],
    },
    DemoSession {
        title: "Winter listening session: the draft agreement",
        description: "The draft agreement for next school year is under community review. Come and tell us what it should say.",
        in_days: 14,
        hour: 18,
        minutes: 90,
        school: Some(1),
        place: "Riverside High School commons, 400 River Road",
        online_url: "https://meet.cedarvalley.example/winter",
        languages: &["English", "Spanish", "Vietnamese"],
        interpretation: &["ASL", "Somali"],
        capacity: 80,
        sign_ups: &[
            (
                "Helen Park",
                "helen.park@example.org",
                "English",
                false,
                2,
                false,
            ),
            ("Abdi Warsame", "(360) 555-0112", "Somali", true, 3, false),
            (
                "Thu Nguyen",
                "thu.nguyen@example.org",
                "Vietnamese",
                false,
                1,
                false,
            ),
            ("Grace Kim", "", "English", false, 1, false),
            (
                "Roberto Silva",
                "roberto.s@example.org",
                "Spanish",
                false,
                2,
                false,
            ),
        ],
        notes: "",
        summary: "",
        themes: &[],
    },
    DemoSession {
        title: "Students' session: safety in the middle grades",
        description: "For middle school students and their families: what makes you feel safe at school?",
        in_days: 30,
        hour: 16,
        minutes: 60,
        school: Some(3),
        place: "Maple Ridge Middle School, room 114",
        online_url: "",
        languages: &["English", "Spanish"],
        interpretation: &[],
        capacity: 30,
        sign_ups: &[
            ("Jamal Carter", "", "English", false, 2, false),
            (
                "Sofía Morales",
                "sofia.m@example.org",
                "Spanish",
                false,
                2,
                false,
            ),
        ],
        notes: "",
        summary: "",
        themes: &[],
    },
];

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// Adds the sessions once; a district that already has sessions is left as it is.
pub async fn seed(store: &Store, district: &District, today: Date) -> anyhow::Result<()> {
    if !store.listening_sessions(district.id).await?.is_empty() {
        return Ok(());
    }
    let actor = Actor::process("accord demo");
    let schools = store.schools(district.id).await?;
    let zone = TimeZone::Pacific;
    for demo in &SESSIONS {
        let day = today + Duration::days(demo.in_days);
        let starts_at = zone.instant(PrimitiveDateTime::new(
            day,
            Time::from_hms(demo.hour, 0, 0)?,
        ));
        let session = store
            .create_listening_session(
                district.id,
                &actor,
                &NewListeningSession {
                    school_id: demo
                        .school
                        .and_then(|i| schools.get(i))
                        .map(|school| school.id),
                    title: demo.title.into(),
                    description: demo.description.into(),
                    starts_at,
                    ends_at: starts_at + demo.minutes * 60,
                    time_zone: zone.key().into(),
                    place: demo.place.into(),
                    online_url: demo.online_url.into(),
                    languages: strings(demo.languages),
                    interpretation: strings(demo.interpretation),
                    capacity: demo.capacity,
                    cancelled: false,
                },
            )
            .await?;
        let mut came = Vec::new();
        for (i, &(name, contact, language, interpretation, party, attended)) in
            demo.sign_ups.iter().enumerate()
        {
            // Each sign-up arrives some days before the session, as the public's would.
            let signed_at = starts_at - (10 - i as i64) * 86_400;
            let sign_up = store
                .sign_up_for_listening_session(
                    &Actor::process("public sign-up"),
                    session.id,
                    &NewSignUp {
                        name: name.into(),
                        contact: contact.into(),
                        language: language.into(),
                        needs_interpretation: interpretation,
                        party_size: party,
                    },
                    signed_at,
                )
                .await?
                .map_err(|refusal| anyhow::anyhow!("demo sign-up for {name}: {refusal}"))?;
            if attended {
                came.push(sign_up.id);
            }
        }
        if demo.in_days < 0 {
            store
                .record_listening_attendance(&actor, session.id, &came)
                .await?;
            let themes: Vec<SessionTheme> = demo
                .themes
                .iter()
                .map(|(label, detail)| SessionTheme {
                    label: (*label).into(),
                    detail: (*detail).into(),
                })
                .collect();
            store
                .record_listening_outcome(&actor, session.id, demo.notes, demo.summary, &themes)
                .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_sessions_have_an_outcome_and_upcoming_ones_fit_their_sign_ups() {
        for demo in &SESSIONS {
            let people: i64 = demo.sign_ups.iter().map(|s| s.4).sum();
            assert!(people <= demo.capacity, "{}", demo.title);
            let offered: Vec<&str> = demo
                .languages
                .iter()
                .chain(demo.interpretation)
                .copied()
                .collect();
            for sign_up in demo.sign_ups {
                assert!(
                    sign_up.2.is_empty() || offered.contains(&sign_up.2),
                    "{}",
                    sign_up.0
                );
            }
            let held = demo.in_days < 0;
            assert_eq!(held, !demo.summary.is_empty(), "{}", demo.title);
            assert_eq!(held, !demo.themes.is_empty(), "{}", demo.title);
            assert!(
                held || demo.sign_ups.iter().all(|s| !s.5),
                "nobody attended yet"
            );
        }
    }
}
