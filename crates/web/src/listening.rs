//! Listening sessions, once for the pages and the API: who may see and change what (program admins
//! schedule and record; records clerks and agency liaisons read; the public reads the schedule, the
//! summaries and the themes, and signs up without an account), typed input turned into the domain's
//! values with a message naming the field, and a session's times on its own wall clock.
//!
//! The names and contacts of those who sign up are for program admins only: nobody else, and never
//! the public, sees who is coming.

use crate::AppState;
use crate::auth::Staff;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::program::{
    NAME_MAX_CHARS, NOTE_MAX_CHARS, date_field, find_school, invalid, optional_text,
    require_manager, required_text, text_or_number,
};
use crate::subscriptions::Announcement;
use accord_domain::listening::{
    self, LabelRefusal, MAX_PARTY, Schedule, ScheduleRefusal, SignUpRefusal, TimeZone,
};
use accord_store::{
    Actor, ListeningSession, NewListeningSession, NewSignUp, School, SessionTheme, SignUp, Store,
};
use serde::{Deserialize, Deserializer};
use time::PrimitiveDateTime;

/// The longest summary or set of notes, and the most themes a session records.
pub const SUMMARY_MAX_CHARS: usize = 5000;
pub const MAX_THEMES: usize = 20;
const URL_MAX_CHARS: usize = 500;

/// The time zone of a session scheduled without one.
pub const DEFAULT_TIME_ZONE: TimeZone = TimeZone::Pacific;

/// Reading the sessions, their notes and attendance counts: whoever sees the program.
pub fn require_viewer(staff: &Staff) -> Result<(), AppError> {
    if staff.role().may_view_program() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A checkbox: `on` from a form, a boolean from JSON, absent when unticked.
fn checkbox<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Flag(bool),
        Text(String),
    }
    Ok(match Either::deserialize(d)? {
        Either::Flag(flag) => flag,
        Either::Text(text) => matches!(text.trim(), "on" | "true" | "1" | "yes"),
    })
}

/// A session as typed. Times are on the wall clock of `time_zone`, on one day.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct SessionInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The school's id or name; empty for a district-wide session.
    #[serde(default, deserialize_with = "text_or_number")]
    pub school: String,
    /// YYYY-MM-DD or M/D/YYYY
    #[serde(default)]
    pub date: String,
    /// HH:MM
    #[serde(default)]
    pub starts: String,
    /// HH:MM, after `starts`
    #[serde(default)]
    pub ends: String,
    /// pacific, mountain, arizona, central, eastern, alaska, hawaii or utc; pacific when empty
    #[serde(default)]
    pub time_zone: String,
    /// Where it happens; a place, an online link, or both.
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub online_url: String,
    /// Comma-separated, as the district names them: "English, Spanish"
    #[serde(default)]
    pub languages: String,
    /// Interpretation offered, comma-separated: "ASL, Vietnamese"
    #[serde(default)]
    pub interpretation: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub capacity: String,
    #[serde(default, deserialize_with = "checkbox")]
    pub cancelled: bool,
}

fn time_field(value: &str, field: &'static str) -> Result<time::Time, Msg> {
    listening::parse_time_of_day(value).ok_or_else(|| {
        Msg::new("listening-invalid-time")
            .arg("value", value.trim())
            .field(field)
    })
}

fn labels_field(value: &str, field: &'static str) -> Result<Vec<String>, Msg> {
    let labels = listening::parse_labels(value);
    listening::check_labels(&labels).map_err(|refusal| {
        let key = match refusal {
            LabelRefusal::TooMany => "listening-invalid-labels-many",
            LabelRefusal::TooLong => "listening-invalid-labels-long",
        };
        Msg::new(key)
            .arg("max", listening::MAX_LABELS)
            .arg("chars", listening::LABEL_MAX_CHARS)
            .field(field)
    })?;
    Ok(labels)
}

fn schedule_message(refusal: ScheduleRefusal) -> Msg {
    match refusal {
        ScheduleRefusal::EndsBeforeStart => invalid("listening-invalid-ends", "ends"),
        ScheduleRefusal::TooLong => invalid("listening-invalid-too-long", "ends"),
        ScheduleRefusal::Capacity => Msg::new("listening-invalid-capacity")
            .arg("max", listening::MAX_CAPACITY)
            .field("capacity"),
        ScheduleRefusal::CapacityBelowSignUps { taken } => {
            Msg::new("listening-invalid-capacity-taken")
                .arg("taken", taken)
                .field("capacity")
        }
        ScheduleRefusal::NoLanguage => invalid("listening-invalid-no-language", "languages"),
        ScheduleRefusal::NoVenue => invalid("listening-invalid-no-venue", "place"),
        ScheduleRefusal::BadLink => invalid("listening-invalid-link", "online_url"),
    }
}

impl SessionInput {
    /// Checks the input; `seats_taken` is how many places sign-ups already hold (0 for a new session).
    pub fn validate(
        &self,
        schools: &[School],
        seats_taken: i64,
    ) -> Result<NewListeningSession, Msg> {
        let title = required_text(&self.title, "title", NAME_MAX_CHARS)?;
        let description = optional_text(&self.description, "description", NOTE_MAX_CHARS)?;
        let school_id = match self.school.trim() {
            "" => None,
            text => Some(
                find_school(schools, text)
                    .ok_or_else(|| {
                        Msg::new("program-unknown-school")
                            .arg("value", text)
                            .field("school")
                    })?
                    .id,
            ),
        };
        let date = date_field(&self.date, "date")?;
        let starts = time_field(&self.starts, "starts")?;
        let ends = time_field(&self.ends, "ends")?;
        let zone = match self.time_zone.trim() {
            "" => DEFAULT_TIME_ZONE,
            key => TimeZone::parse(key)
                .ok_or_else(|| invalid("listening-invalid-time-zone", "time_zone"))?,
        };
        let place = optional_text(&self.place, "place", NAME_MAX_CHARS)?;
        let online_url = optional_text(&self.online_url, "online_url", URL_MAX_CHARS)?;
        let languages = labels_field(&self.languages, "languages")?;
        let interpretation = labels_field(&self.interpretation, "interpretation")?;
        let capacity = self
            .capacity
            .trim()
            .parse::<i64>()
            .map_err(|_| schedule_message(ScheduleRefusal::Capacity))?;
        let starts_at = zone.instant(PrimitiveDateTime::new(date, starts));
        let ends_at = zone.instant(PrimitiveDateTime::new(date, ends));
        listening::check_schedule(&Schedule {
            starts_at,
            ends_at,
            capacity,
            languages: &languages,
            place: &place,
            online_url: &online_url,
            seats_taken,
        })
        .map_err(schedule_message)?;
        Ok(NewListeningSession {
            school_id,
            title,
            description,
            starts_at,
            ends_at,
            time_zone: zone.key().to_owned(),
            place,
            online_url,
            languages,
            interpretation,
            capacity,
            cancelled: self.cancelled,
        })
    }

    /// A stored session as its form shows it.
    pub fn of(session: &ListeningSession) -> SessionInput {
        let zone = zone_of(session);
        let starts = zone.local(session.starts_at);
        let ends = zone.local(session.ends_at);
        SessionInput {
            title: session.title.clone(),
            description: session.description.clone(),
            school: session
                .school_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            date: starts.date().to_string(),
            starts: clock(starts),
            ends: clock(ends),
            time_zone: zone.key().to_owned(),
            place: session.place.clone(),
            online_url: session.online_url.clone(),
            languages: session.languages.clone(),
            interpretation: session.interpretation.clone(),
            capacity: session.capacity.to_string(),
            cancelled: session.is_cancelled(),
        }
    }
}

fn zone_of(session: &ListeningSession) -> TimeZone {
    TimeZone::parse(&session.time_zone).unwrap_or(DEFAULT_TIME_ZONE)
}

fn clock(t: PrimitiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// When a session happens, on its own wall clock: "Tuesday 2026-12-08, 18:00–19:30 Pacific time".
pub fn when(l: &Lang, session: &ListeningSession) -> String {
    let zone = zone_of(session);
    let starts = zone.local(session.starts_at);
    let ends = zone.local(session.ends_at);
    l.t_args(
        "listening-when",
        &[
            (
                "weekday",
                l.t(format!(
                    "listening-weekday-{}",
                    starts.weekday().number_from_monday()
                )),
            ),
            ("date", starts.date().to_string()),
            ("starts", clock(starts)),
            ("ends", clock(ends)),
            ("zone", l.t(format!("listening-zone-{}", zone.key()))),
        ],
    )
}

/// A sign-up as typed by a member of the public.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct SignUpInput {
    #[serde(default)]
    pub name: String,
    /// An email address or a phone number, to hear about changes; optional.
    #[serde(default)]
    pub contact: String,
    /// One of the session's languages or interpretations; empty for no preference.
    #[serde(default)]
    pub language: String,
    #[serde(default, deserialize_with = "checkbox")]
    pub needs_interpretation: bool,
    /// How many people come, the one signing up included; 1 when empty.
    #[serde(default, deserialize_with = "text_or_number")]
    pub party_size: String,
}

impl SignUpInput {
    pub fn validate(&self, session: &ListeningSession) -> Result<NewSignUp, Msg> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > NAME_MAX_CHARS {
            return Err(invalid("listening-invalid-name", "name"));
        }
        let contact = listening::parse_contact(&self.contact)
            .map_err(|_| invalid("listening-invalid-contact", "contact"))?;
        let language = match self.language.trim() {
            "" => String::new(),
            wanted => session
                .language_list()
                .into_iter()
                .chain(session.interpretation_list())
                .find(|offered| offered.eq_ignore_ascii_case(wanted))
                .ok_or_else(|| invalid("listening-invalid-language", "language"))?
                .to_owned(),
        };
        let party_size = match self.party_size.trim() {
            "" => 1,
            text => text
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=MAX_PARTY).contains(n))
                .ok_or_else(|| sign_up_message(SignUpRefusal::PartySize))?,
        };
        Ok(NewSignUp {
            name: name.to_owned(),
            contact: contact.text().to_owned(),
            language,
            needs_interpretation: self.needs_interpretation,
            party_size,
        })
    }
}

fn sign_up_message(refusal: SignUpRefusal) -> Msg {
    match refusal {
        SignUpRefusal::Cancelled => Msg::new("listening-refused-cancelled"),
        SignUpRefusal::Started => Msg::new("listening-refused-started"),
        SignUpRefusal::Full => Msg::new("listening-refused-full"),
        SignUpRefusal::TooFewLeft { left } => Msg::new("listening-refused-too-few")
            .arg("left", left)
            .field("party_size"),
        SignUpRefusal::PartySize => Msg::new("listening-invalid-party")
            .arg("max", MAX_PARTY)
            .field("party_size"),
    }
}

/// Why a sign-up was not taken: the input (422 on the API) or the session (409: full, started,
/// cancelled).
#[derive(Debug, Clone)]
pub enum SignUpProblem {
    Invalid(Msg),
    Closed(Msg),
}

impl SignUpProblem {
    pub fn message(&self) -> &Msg {
        match self {
            SignUpProblem::Invalid(msg) | SignUpProblem::Closed(msg) => msg,
        }
    }
}

impl From<SignUpProblem> for AppError {
    fn from(problem: SignUpProblem) -> Self {
        match problem {
            SignUpProblem::Invalid(msg) => AppError::Invalid(msg),
            SignUpProblem::Closed(msg) => AppError::Conflict(msg),
        }
    }
}

/// A session of `district_id`, or not found (also for another district's).
pub async fn session_of(
    store: &Store,
    district_id: i64,
    id: i64,
) -> Result<ListeningSession, AppError> {
    store
        .listening_session(id)
        .await?
        .filter(|s| s.district_id == district_id)
        .ok_or(AppError::NotFound)
}

/// A member of the public signs up at `now` (Unix seconds).
pub async fn sign_up(
    store: &Store,
    district_id: i64,
    session_id: i64,
    input: &SignUpInput,
    now: i64,
) -> Result<Result<SignUp, SignUpProblem>, AppError> {
    let session = session_of(store, district_id, session_id).await?;
    let new = match input.validate(&session) {
        Ok(new) => new,
        Err(msg) => return Ok(Err(SignUpProblem::Invalid(msg))),
    };
    let taken = store
        .sign_up_for_listening_session(&Actor::process("public sign-up"), session.id, &new, now)
        .await?;
    Ok(taken.map_err(|refusal| match refusal {
        SignUpRefusal::PartySize => SignUpProblem::Invalid(sign_up_message(refusal)),
        other => SignUpProblem::Closed(sign_up_message(other)),
    }))
}

/// The district's sessions, the latest first, for those who see the program.
pub async fn sessions(store: &Store, staff: &Staff) -> Result<Vec<ListeningSession>, AppError> {
    require_viewer(staff)?;
    Ok(store.listening_sessions(staff.0.district_id).await?)
}

/// One session of the staff member's district, for those who see the program.
pub async fn session(store: &Store, staff: &Staff, id: i64) -> Result<ListeningSession, AppError> {
    require_viewer(staff)?;
    session_of(store, staff.0.district_id, id).await
}

/// Schedules a session (program admins), and tells the subscribers of listening sessions unless it is
/// scheduled as cancelled.
pub async fn schedule(
    state: &AppState,
    staff: &Staff,
    input: &SessionInput,
) -> Result<Result<ListeningSession, Msg>, AppError> {
    require_manager(staff)?;
    let schools = state.store.schools(staff.0.district_id).await?;
    let new = match input.validate(&schools, 0) {
        Ok(new) => new,
        Err(msg) => return Ok(Err(msg)),
    };
    let session = state
        .store
        .create_listening_session(staff.0.district_id, &Actor::user(&staff.0), &new)
        .await?;
    if !session.is_cancelled() {
        let announcement = Announcement::ListeningSessionScheduled(&session);
        crate::subscriptions::announce(state, &announcement).await;
    }
    Ok(Ok(session))
}

/// Changes or cancels a session (program admins); the capacity cannot drop below the places taken.
pub async fn update(
    store: &Store,
    staff: &Staff,
    id: i64,
    input: &SessionInput,
) -> Result<Result<ListeningSession, Msg>, AppError> {
    require_manager(staff)?;
    let session = session_of(store, staff.0.district_id, id).await?;
    let schools = store.schools(staff.0.district_id).await?;
    let new = match input.validate(&schools, session.seats_taken) {
        Ok(new) => new,
        Err(msg) => return Ok(Err(msg)),
    };
    Ok(Ok(store
        .update_listening_session(&Actor::user(&staff.0), session.id, &new)
        .await?))
}

/// Who signed up, with their contacts: program admins only.
pub async fn sign_ups(store: &Store, staff: &Staff, id: i64) -> Result<Vec<SignUp>, AppError> {
    require_manager(staff)?;
    let session = session_of(store, staff.0.district_id, id).await?;
    Ok(store.listening_sign_ups(session.id).await?)
}

/// Marks who came: exactly the sign-ups in `attended` (program admins).
pub async fn record_attendance(
    store: &Store,
    staff: &Staff,
    id: i64,
    attended: &[i64],
) -> Result<Vec<SignUp>, AppError> {
    require_manager(staff)?;
    let session = session_of(store, staff.0.district_id, id).await?;
    Ok(store
        .record_listening_attendance(&Actor::user(&staff.0), session.id, attended)
        .await?)
}

/// A theme a session raised, as typed.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ThemeInput {
    pub label: String,
    #[serde(default)]
    pub detail: String,
}

/// What a session brought, as typed: the staff's notes, the public summary, the themes in order.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct OutcomeInput {
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub themes: Vec<ThemeInput>,
}

impl OutcomeInput {
    /// The notes, summary and themes to store; rows left entirely empty are dropped.
    pub fn validate(&self) -> Result<(String, String, Vec<SessionTheme>), Msg> {
        let notes = optional_text(&self.notes, "notes", SUMMARY_MAX_CHARS)?;
        let summary = optional_text(&self.summary, "summary", SUMMARY_MAX_CHARS)?;
        let mut themes = Vec::new();
        for theme in &self.themes {
            if theme.label.trim().is_empty() && theme.detail.trim().is_empty() {
                continue;
            }
            if theme.label.trim().is_empty() {
                return Err(invalid("listening-invalid-theme-label", "themes"));
            }
            themes.push(SessionTheme {
                label: required_text(&theme.label, "themes", NAME_MAX_CHARS)?,
                detail: optional_text(&theme.detail, "themes", NOTE_MAX_CHARS)?,
            });
        }
        if themes.len() > MAX_THEMES {
            return Err(Msg::new("listening-invalid-themes-many")
                .arg("max", MAX_THEMES)
                .field("themes"));
        }
        Ok((notes, summary, themes))
    }
}

/// Records the notes, summary and themes (program admins).
pub async fn record_outcome(
    store: &Store,
    staff: &Staff,
    id: i64,
    input: &OutcomeInput,
) -> Result<Result<ListeningSession, Msg>, AppError> {
    require_manager(staff)?;
    let session = session_of(store, staff.0.district_id, id).await?;
    let (notes, summary, themes) = match input.validate() {
        Ok(outcome) => outcome,
        Err(msg) => return Ok(Err(msg)),
    };
    Ok(Ok(store
        .record_listening_outcome(
            &Actor::user(&staff.0),
            session.id,
            &notes,
            &summary,
            &themes,
        )
        .await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SessionInput {
        SessionInput {
            title: "December listening session".into(),
            date: "2026-12-08".into(),
            starts: "18:00".into(),
            ends: "19:30".into(),
            place: "Cedar High library".into(),
            languages: "English, Spanish".into(),
            interpretation: "ASL".into(),
            capacity: "40".into(),
            ..SessionInput::default()
        }
    }

    #[test]
    fn a_typed_session_becomes_instants_on_its_wall_clock_and_back() {
        let new = input().validate(&[], 0).expect("valid");
        assert_eq!(new.time_zone, "pacific");
        assert_eq!(new.ends_at - new.starts_at, 90 * 60);
        // 18:00 Pacific standard time is 02:00 UTC the next day.
        assert_eq!(new.starts_at, 1_796_781_600);
        assert_eq!(new.languages, vec!["English", "Spanish"]);
    }

    /// Spoils one field of a good input.
    type Spoil = fn(&mut SessionInput);

    #[test]
    fn each_bad_field_is_named() {
        let cases: [(Spoil, &str); 7] = [
            (|i| i.title = " ".into(), "title"),
            (|i| i.date = "8 Dec".into(), "date"),
            (|i| i.starts = "6pm".into(), "starts"),
            (|i| i.ends = "17:00".into(), "ends"),
            (|i| i.capacity = "0".into(), "capacity"),
            (|i| i.languages = " , ".into(), "languages"),
            (|i| i.online_url = "meet.example".into(), "online_url"),
        ];
        for (spoil, field) in cases {
            let mut typed = input();
            spoil(&mut typed);
            let msg = typed.validate(&[], 0).expect_err(field);
            assert_eq!(msg.field, Some(field));
        }
        let msg = input().validate(&[], 41).expect_err("below the sign-ups");
        assert_eq!(msg.key, "listening-invalid-capacity-taken");
    }

    #[test]
    fn outcome_rows_left_empty_are_dropped_and_a_detail_needs_a_label() {
        let typed = OutcomeInput {
            notes: "n".into(),
            summary: "s".into(),
            themes: vec![
                ThemeInput {
                    label: "Uniforms".into(),
                    detail: "Plain clothes inside".into(),
                },
                ThemeInput::default(),
            ],
        };
        let (_, _, themes) = typed.validate().expect("valid");
        assert_eq!(themes.len(), 1);
        let orphan = OutcomeInput {
            themes: vec![ThemeInput {
                label: " ".into(),
                detail: "said".into(),
            }],
            ..OutcomeInput::default()
        };
        assert_eq!(
            orphan.validate().expect_err("no label").key,
            "listening-invalid-theme-label"
        );
    }
}
