//! Listening sessions (PRODUCT.md B7): a scheduled meeting, at a place or online, in the languages and
//! with the interpretation it offers, for as many people as the room holds. The public signs up without
//! an account; these rules say when a session is well formed and when a sign-up is taken.
//!
//! Instants are Unix seconds. A session is scheduled in its district's wall-clock time, so each one
//! carries a [`TimeZone`] whose daylight-saving rule (the United States' since 2007) turns the typed
//! local time into an instant and back.

use crate::codes::code_list;
use crate::subscriptions::check_address;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

code_list!(
    /// The time zones a session can be scheduled in.
    TimeZone {
        Pacific => "pacific",
        Mountain => "mountain",
        Arizona => "arizona",
        Central => "central",
        Eastern => "eastern",
        Alaska => "alaska",
        Hawaii => "hawaii",
        Utc => "utc",
    }
);

const HOUR: i64 = 3600;

impl TimeZone {
    /// Hours from UTC in winter.
    fn standard_offset(self) -> i64 {
        HOUR * match self {
            TimeZone::Pacific => -8,
            TimeZone::Mountain | TimeZone::Arizona => -7,
            TimeZone::Central => -6,
            TimeZone::Eastern => -5,
            TimeZone::Alaska => -9,
            TimeZone::Hawaii => -10,
            TimeZone::Utc => 0,
        }
    }

    fn observes_daylight_saving(self) -> bool {
        !matches!(self, TimeZone::Arizona | TimeZone::Hawaii | TimeZone::Utc)
    }

    /// Seconds from UTC at the instant `at`.
    pub fn offset_at(self, at: i64) -> i64 {
        let standard = self.standard_offset();
        if !self.observes_daylight_saving() {
            return standard;
        }
        let year = OffsetDateTime::from_unix_timestamp(at).map_or(1970, |t| t.year());
        // Daylight time begins at 2:00 standard time on the second Sunday of March and ends at 2:00
        // daylight time (1:00 standard) on the first Sunday of November.
        let begins = unix_of(nth_sunday(year, Month::March, 2), 2 * HOUR) - standard;
        let ends = unix_of(nth_sunday(year, Month::November, 1), HOUR) - standard;
        if (begins..ends).contains(&at) {
            standard + HOUR
        } else {
            standard
        }
    }

    /// The wall-clock time at `at`.
    pub fn local(self, at: i64) -> PrimitiveDateTime {
        let local = at + self.offset_at(at);
        let t = OffsetDateTime::from_unix_timestamp(local).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        PrimitiveDateTime::new(t.date(), t.time())
    }

    /// The instant of a wall-clock time. A time that occurs twice (the autumn hour) is its first
    /// occurrence; one skipped in spring is read in standard time, an hour later on the clock.
    pub fn instant(self, local: PrimitiveDateTime) -> i64 {
        let wall = local.assume_utc().unix_timestamp();
        let daylight = wall - self.standard_offset() - HOUR;
        if self.offset_at(daylight) == self.standard_offset() + HOUR {
            daylight
        } else {
            wall - self.standard_offset()
        }
    }
}

fn unix_of(date: Date, seconds: i64) -> i64 {
    date.midnight().assume_utc().unix_timestamp() + seconds
}

fn nth_sunday(year: i32, month: Month, n: u8) -> Date {
    let first = Date::from_calendar_date(year, month, 1).unwrap_or(Date::MIN);
    let to_sunday = (7 - first.weekday().number_days_from_sunday()) % 7;
    first + time::Duration::days(i64::from(to_sunday) + 7 * i64::from(n - 1))
}

/// `HH:MM` (or `H:MM`, or `HH:MM:00` as some browsers send it) as a time of day.
pub fn parse_time_of_day(text: &str) -> Option<Time> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let (hours, minutes) = match parts.as_slice() {
        [h, m] | [h, m, "00"] => (*h, *m),
        _ => return None,
    };
    if minutes.len() != 2 || !(1..=2).contains(&hours.len()) {
        return None;
    }
    Time::from_hms(hours.parse().ok()?, minutes.parse().ok()?, 0).ok()
}

/// The largest room a session may book, and the longest a session may last.
pub const MAX_CAPACITY: i64 = 10_000;
pub const MAX_DURATION_SECONDS: i64 = 12 * HOUR;
/// The most people one sign-up may bring (themselves included).
pub const MAX_PARTY: i64 = 20;
/// The most languages (or interpretations) a session lists, and the longest label.
pub const MAX_LABELS: usize = 12;
pub const LABEL_MAX_CHARS: usize = 60;

/// A session's schedule as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule<'a> {
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub languages: &'a [String],
    pub place: &'a str,
    pub online_url: &'a str,
    /// Places already taken by sign-ups (0 for a new session).
    pub seats_taken: i64,
}

/// Why a schedule is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleRefusal {
    #[error("the session must end after it starts")]
    EndsBeforeStart,
    #[error("a session lasts at most twelve hours")]
    TooLong,
    #[error("the capacity must be between 1 and {MAX_CAPACITY}")]
    Capacity,
    #[error("{taken} places are already taken: the capacity cannot be smaller")]
    CapacityBelowSignUps { taken: i64 },
    #[error("offer at least one language")]
    NoLanguage,
    #[error("give a place or an online link")]
    NoVenue,
    #[error("an online link starts with https:// or http://")]
    BadLink,
}

/// Checks a session's schedule: it ends after it starts and within twelve hours, holds at least one
/// person and no fewer than have signed up, offers a language, and happens somewhere.
pub fn check_schedule(s: &Schedule<'_>) -> Result<(), ScheduleRefusal> {
    if s.ends_at <= s.starts_at {
        return Err(ScheduleRefusal::EndsBeforeStart);
    }
    if s.ends_at - s.starts_at > MAX_DURATION_SECONDS {
        return Err(ScheduleRefusal::TooLong);
    }
    if !(1..=MAX_CAPACITY).contains(&s.capacity) {
        return Err(ScheduleRefusal::Capacity);
    }
    if s.capacity < s.seats_taken {
        return Err(ScheduleRefusal::CapacityBelowSignUps {
            taken: s.seats_taken,
        });
    }
    if s.languages.is_empty() {
        return Err(ScheduleRefusal::NoLanguage);
    }
    let url = s.online_url.trim();
    if s.place.trim().is_empty() && url.is_empty() {
        return Err(ScheduleRefusal::NoVenue);
    }
    let has_scheme = ["https://", "http://"]
        .iter()
        .any(|scheme| url.len() > scheme.len() && url.to_ascii_lowercase().starts_with(scheme));
    if !url.is_empty() && (!has_scheme || url.contains(char::is_whitespace)) {
        return Err(ScheduleRefusal::BadLink);
    }
    Ok(())
}

/// Labels typed as a list ("English, Spanish; Vietnamese"): trimmed, empty ones dropped, each kept
/// once whatever its case, in the order typed.
pub fn parse_labels(text: &str) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for label in text.split([',', ';', '\n']).map(str::trim) {
        if !label.is_empty()
            && !labels
                .iter()
                .any(|l| l.to_lowercase() == label.to_lowercase())
        {
            labels.push(label.to_owned());
        }
    }
    labels
}

/// Why a list of labels is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LabelRefusal {
    #[error("at most {MAX_LABELS} entries")]
    TooMany,
    #[error("an entry has at most {LABEL_MAX_CHARS} characters")]
    TooLong,
}

pub fn check_labels(labels: &[String]) -> Result<(), LabelRefusal> {
    if labels.len() > MAX_LABELS {
        return Err(LabelRefusal::TooMany);
    }
    if labels.iter().any(|l| l.chars().count() > LABEL_MAX_CHARS) {
        return Err(LabelRefusal::TooLong);
    }
    Ok(())
}

/// A session as a sign-up sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seats {
    pub starts_at: i64,
    pub capacity: i64,
    pub taken: i64,
    pub cancelled: bool,
}

impl Seats {
    /// Places still free (never negative, even if the capacity was lowered by hand in the database).
    pub fn left(&self) -> i64 {
        (self.capacity - self.taken).max(0)
    }
}

/// Why a sign-up is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignUpRefusal {
    #[error("this session was cancelled")]
    Cancelled,
    #[error("sign-up closed when the session started")]
    Started,
    #[error("the session is full")]
    Full,
    #[error("only {left} places are left")]
    TooFewLeft { left: i64 },
    #[error("a sign-up is for 1 to {MAX_PARTY} people")]
    PartySize,
}

/// Whether a party of `party` people may sign up at `now`: not for a cancelled session, not once it
/// has started, and only while the places left hold the whole party.
pub fn check_sign_up(seats: &Seats, party: i64, now: i64) -> Result<(), SignUpRefusal> {
    if seats.cancelled {
        return Err(SignUpRefusal::Cancelled);
    }
    if now >= seats.starts_at {
        return Err(SignUpRefusal::Started);
    }
    if !(1..=MAX_PARTY).contains(&party) {
        return Err(SignUpRefusal::PartySize);
    }
    match seats.left() {
        0 => Err(SignUpRefusal::Full),
        left if left < party => Err(SignUpRefusal::TooFewLeft { left }),
        _ => Ok(()),
    }
}

/// How to reach someone who signed up, if they said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    None,
    Email(String),
    Phone(String),
}

impl Contact {
    pub fn text(&self) -> &str {
        match self {
            Contact::None => "",
            Contact::Email(text) | Contact::Phone(text) => text,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("give an email address or a phone number, or leave it empty")]
pub struct ContactRefusal;

/// An email address (as [`check_address`] takes it) or a phone number (7 to 15 digits, with the
/// usual `+ ( ) - .` and spaces), or nothing.
pub fn parse_contact(typed: &str) -> Result<Contact, ContactRefusal> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(Contact::None);
    }
    if typed.contains('@') {
        return check_address(typed)
            .map(Contact::Email)
            .map_err(|_| ContactRefusal);
    }
    let digits = typed.chars().filter(char::is_ascii_digit).count();
    let phone_like = typed
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-.".contains(c));
    if phone_like && (7..=15).contains(&digits) {
        Ok(Contact::Phone(typed.to_owned()))
    } else {
        Err(ContactRefusal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::{date, datetime, time};

    fn schedule(languages: &[String]) -> Schedule<'_> {
        Schedule {
            starts_at: 1_000_000,
            ends_at: 1_000_000 + 2 * HOUR,
            capacity: 40,
            languages,
            place: "Cedar High library",
            online_url: "",
            seats_taken: 0,
        }
    }

    #[test]
    fn a_well_formed_session_passes() {
        let languages = vec!["English".to_owned()];
        assert_eq!(check_schedule(&schedule(&languages)), Ok(()));
        let online = Schedule {
            place: "",
            online_url: "https://meet.example/listen",
            ..schedule(&languages)
        };
        assert_eq!(check_schedule(&online), Ok(()));
    }

    #[test]
    fn each_rule_of_a_schedule_refuses_on_its_own() {
        let languages = vec!["English".to_owned()];
        let ok = schedule(&languages);
        let cases = [
            (
                Schedule {
                    ends_at: ok.starts_at,
                    ..ok.clone()
                },
                ScheduleRefusal::EndsBeforeStart,
            ),
            (
                Schedule {
                    ends_at: ok.starts_at - 1,
                    ..ok.clone()
                },
                ScheduleRefusal::EndsBeforeStart,
            ),
            (
                Schedule {
                    ends_at: ok.starts_at + MAX_DURATION_SECONDS + 1,
                    ..ok.clone()
                },
                ScheduleRefusal::TooLong,
            ),
            (
                Schedule {
                    capacity: 0,
                    ..ok.clone()
                },
                ScheduleRefusal::Capacity,
            ),
            (
                Schedule {
                    capacity: MAX_CAPACITY + 1,
                    ..ok.clone()
                },
                ScheduleRefusal::Capacity,
            ),
            (
                Schedule {
                    capacity: 5,
                    seats_taken: 6,
                    ..ok.clone()
                },
                ScheduleRefusal::CapacityBelowSignUps { taken: 6 },
            ),
            (
                Schedule {
                    languages: &[],
                    ..ok.clone()
                },
                ScheduleRefusal::NoLanguage,
            ),
            (
                Schedule {
                    place: "  ",
                    ..ok.clone()
                },
                ScheduleRefusal::NoVenue,
            ),
            (
                Schedule {
                    online_url: "meet.example/listen",
                    ..ok.clone()
                },
                ScheduleRefusal::BadLink,
            ),
            (
                Schedule {
                    online_url: "https://",
                    ..ok.clone()
                },
                ScheduleRefusal::BadLink,
            ),
            (
                Schedule {
                    online_url: "javascript:alert(1)",
                    ..ok.clone()
                },
                ScheduleRefusal::BadLink,
            ),
        ];
        for (case, refusal) in cases {
            assert_eq!(check_schedule(&case), Err(refusal), "{case:?}");
        }
        // The edges that pass: exactly twelve hours, capacity equal to the places taken.
        let edges = Schedule {
            ends_at: ok.starts_at + MAX_DURATION_SECONDS,
            capacity: 6,
            seats_taken: 6,
            ..ok.clone()
        };
        assert_eq!(check_schedule(&edges), Ok(()));
    }

    #[test]
    fn labels_are_trimmed_deduplicated_and_kept_in_order() {
        assert_eq!(
            parse_labels(" English, Spanish;spanish\n ASL ,, "),
            vec!["English", "Spanish", "ASL"]
        );
        assert!(parse_labels(" , ;").is_empty());
        let many: Vec<String> = (0..=MAX_LABELS).map(|i| format!("L{i}")).collect();
        assert_eq!(check_labels(&many), Err(LabelRefusal::TooMany));
        assert_eq!(check_labels(&many[1..]), Ok(()));
        let long = vec!["x".repeat(LABEL_MAX_CHARS + 1)];
        assert_eq!(check_labels(&long), Err(LabelRefusal::TooLong));
    }

    fn seats(capacity: i64, taken: i64) -> Seats {
        Seats {
            starts_at: 100,
            capacity,
            taken,
            cancelled: false,
        }
    }

    #[test]
    fn sign_ups_close_when_full_counting_the_party() {
        assert_eq!(check_sign_up(&seats(10, 7), 3, 0), Ok(()));
        assert_eq!(
            check_sign_up(&seats(10, 8), 3, 0),
            Err(SignUpRefusal::TooFewLeft { left: 2 })
        );
        assert_eq!(
            check_sign_up(&seats(10, 10), 1, 0),
            Err(SignUpRefusal::Full)
        );
        assert_eq!(
            check_sign_up(&seats(10, 12), 1, 0),
            Err(SignUpRefusal::Full)
        );
        assert_eq!(
            check_sign_up(&seats(10, 0), 0, 0),
            Err(SignUpRefusal::PartySize)
        );
        assert_eq!(
            check_sign_up(&seats(100, 0), MAX_PARTY + 1, 0),
            Err(SignUpRefusal::PartySize)
        );
    }

    #[test]
    fn sign_ups_close_at_the_start_and_never_for_a_cancelled_session() {
        assert_eq!(check_sign_up(&seats(10, 0), 1, 99), Ok(()));
        assert_eq!(
            check_sign_up(&seats(10, 0), 1, 100),
            Err(SignUpRefusal::Started)
        );
        assert_eq!(
            check_sign_up(&seats(10, 0), 1, 5000),
            Err(SignUpRefusal::Started)
        );
        let cancelled = Seats {
            cancelled: true,
            ..seats(10, 0)
        };
        assert_eq!(
            check_sign_up(&cancelled, 1, 0),
            Err(SignUpRefusal::Cancelled)
        );
    }

    #[test]
    fn contacts_are_an_email_a_phone_or_nothing() {
        assert_eq!(parse_contact("  "), Ok(Contact::None));
        assert_eq!(
            parse_contact(" maria@Example.org "),
            Ok(Contact::Email("maria@example.org".into()))
        );
        assert_eq!(
            parse_contact("+1 (360) 555-0142"),
            Ok(Contact::Phone("+1 (360) 555-0142".into()))
        );
        for bad in ["555-01", "call me maybe", "maria@", "1234567890123456"] {
            assert_eq!(parse_contact(bad), Err(ContactRefusal), "{bad}");
        }
    }

    #[test]
    fn times_of_day_are_read_from_hours_and_minutes() {
        assert_eq!(parse_time_of_day("18:30"), Some(time!(18:30)));
        assert_eq!(parse_time_of_day(" 6:05 "), Some(time!(6:05)));
        assert_eq!(parse_time_of_day("18:30:00"), Some(time!(18:30)));
        for bad in ["24:00", "18:60", "1830", "18:3", "", "six"] {
            assert_eq!(parse_time_of_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn daylight_saving_follows_the_united_states_rule() {
        let pacific = TimeZone::Pacific;
        // 2026: daylight time from 8 March 2:00 to 1 November 2:00.
        assert_eq!(nth_sunday(2026, Month::March, 2), date!(2026 - 03 - 08));
        assert_eq!(nth_sunday(2026, Month::November, 1), date!(2026 - 11 - 01));
        assert_eq!(nth_sunday(2026, Month::February, 1), date!(2026 - 02 - 01));
        let winter = pacific.instant(datetime!(2026-12-08 18:00));
        assert_eq!(winter, datetime!(2026-12-09 02:00 UTC).unix_timestamp());
        let summer = pacific.instant(datetime!(2026-06-08 18:00));
        assert_eq!(summer, datetime!(2026-06-09 01:00 UTC).unix_timestamp());
        assert_eq!(pacific.local(winter), datetime!(2026-12-08 18:00));
        assert_eq!(pacific.local(summer), datetime!(2026-06-08 18:00));
        // The last standard second and the first daylight one.
        let begins = datetime!(2026-03-08 10:00 UTC).unix_timestamp();
        assert_eq!(pacific.offset_at(begins - 1), -8 * HOUR);
        assert_eq!(pacific.offset_at(begins), -7 * HOUR);
        // 2:30 on the spring morning does not exist: read as standard time, 3:30 on the clock.
        let skipped = pacific.instant(datetime!(2026-03-08 02:30));
        assert_eq!(pacific.local(skipped), datetime!(2026-03-08 03:30));
        // 1:30 on the autumn morning happens twice: the first one.
        let twice = pacific.instant(datetime!(2026-11-01 01:30));
        assert_eq!(twice, datetime!(2026-11-01 08:30 UTC).unix_timestamp());
        assert_eq!(TimeZone::Arizona.offset_at(summer), -7 * HOUR);
        assert_eq!(
            TimeZone::Utc.instant(datetime!(2026-06-08 18:00)),
            datetime!(2026-06-08 18:00 UTC).unix_timestamp()
        );
    }

    fn any_local() -> impl Strategy<Value = PrimitiveDateTime> {
        (0i64..(80 * 365 * 24 * 60)).prop_map(|minutes| {
            let t = OffsetDateTime::from_unix_timestamp(946_684_800 + minutes * 60)
                .unwrap_or(OffsetDateTime::UNIX_EPOCH);
            PrimitiveDateTime::new(t.date(), t.time())
        })
    }

    fn any_zone() -> impl Strategy<Value = TimeZone> {
        proptest::sample::select(TimeZone::ALL)
    }

    proptest! {
        #[test]
        fn a_wall_clock_time_comes_back_or_an_hour_later_in_the_spring_gap(zone in any_zone(), local in any_local()) {
            let back = zone.local(zone.instant(local));
            prop_assert!(back == local || back == local + time::Duration::hours(1), "{local} -> {back}");
        }

        #[test]
        fn an_instant_comes_back_or_an_hour_earlier_in_the_autumn_overlap(zone in any_zone(), at in 946_684_800i64..3_471_292_800) {
            let back = zone.instant(zone.local(at));
            prop_assert!(back == at || back == at - HOUR);
        }

        #[test]
        fn sign_ups_taken_one_by_one_never_overbook(capacity in 1i64..200, parties in proptest::collection::vec(0i64..30, 0..60)) {
            let mut taken = 0;
            for party in parties {
                let seats = Seats { starts_at: 10, capacity, taken, cancelled: false };
                match check_sign_up(&seats, party, 0) {
                    Ok(()) => taken += party,
                    Err(SignUpRefusal::TooFewLeft { left }) => prop_assert!(left < party && left == capacity - taken),
                    Err(SignUpRefusal::Full) => prop_assert_eq!(taken, capacity),
                    Err(SignUpRefusal::PartySize) => prop_assert!(!(1..=MAX_PARTY).contains(&party)),
                    Err(other) => prop_assert!(false, "unexpected {:?}", other),
                }
                prop_assert!(taken <= capacity);
            }
        }

        #[test]
        fn parsed_labels_are_unique_trimmed_and_stable(text in "[ a-zA-Z,;\n]{0,80}") {
            let labels = parse_labels(&text);
            prop_assert!(labels.iter().all(|l| !l.is_empty() && l.trim() == l));
            let lower: std::collections::HashSet<String> = labels.iter().map(|l| l.to_lowercase()).collect();
            prop_assert_eq!(lower.len(), labels.len());
            prop_assert_eq!(parse_labels(&labels.join(", ")), labels);
        }
    }
}
