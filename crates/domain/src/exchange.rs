//! The community exchange: its life cycle, the participant groups, and what a thought and a rating
//! may be.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where an exchange is in its life. The order is the only order allowed: a draft is opened, an open
/// exchange is closed, a closed one has its results published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeState {
    Draft,
    Open,
    Closed,
    Published,
}

/// An exchange action a facilitator takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Open,
    Close,
    Publish,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("only a draft can be opened; this exchange is {0}")]
    NotDraft(ExchangeState),
    #[error("only an open exchange can be closed; this exchange is {0}")]
    NotOpen(ExchangeState),
    #[error("only a closed exchange can be published; this exchange is {0}")]
    NotClosed(ExchangeState),
}

impl ExchangeState {
    pub const ALL: [ExchangeState; 4] = [
        ExchangeState::Draft,
        ExchangeState::Open,
        ExchangeState::Closed,
        ExchangeState::Published,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ExchangeState::Draft => "draft",
            ExchangeState::Open => "open",
            ExchangeState::Closed => "closed",
            ExchangeState::Published => "published",
        }
    }

    /// The state after `transition`, or why it is not allowed from here.
    pub fn apply(self, transition: Transition) -> Result<ExchangeState, TransitionError> {
        use ExchangeState::*;
        match (transition, self) {
            (Transition::Open, Draft) => Ok(Open),
            (Transition::Open, s) => Err(TransitionError::NotDraft(s)),
            (Transition::Close, Open) => Ok(Closed),
            (Transition::Close, s) => Err(TransitionError::NotOpen(s)),
            (Transition::Publish, Closed) => Ok(Published),
            (Transition::Publish, s) => Err(TransitionError::NotClosed(s)),
        }
    }

    /// Participants may join, share and star only while the exchange is open.
    pub fn accepts_contributions(self) -> bool {
        self == ExchangeState::Open
    }

    /// The public sees an exchange once it is open; drafts are the facilitators' alone.
    pub fn is_public(self) -> bool {
        self != ExchangeState::Draft
    }

    /// Results (scores, rankings, exports) are for everyone only once published.
    pub fn results_published(self) -> bool {
        self == ExchangeState::Published
    }
}

impl fmt::Display for ExchangeState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for ExchangeState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ExchangeState::ALL
            .into_iter()
            .find(|state| state.key() == s)
            .ok_or_else(|| format!("unknown exchange state {s:?}"))
    }
}

/// The participant groups of the seed exchange, in its order. A participant may also give no group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Student,
    Parent,
    Teacher,
    Administrator,
    Staff,
    BoardMember,
    Community,
    NonDistrictCommunity,
}

impl Group {
    pub const ALL: [Group; 8] = [
        Group::Student,
        Group::Parent,
        Group::Teacher,
        Group::Administrator,
        Group::Staff,
        Group::BoardMember,
        Group::Community,
        Group::NonDistrictCommunity,
    ];

    /// The stable key used in the API, the database and exports.
    pub fn key(self) -> &'static str {
        match self {
            Group::Student => "student",
            Group::Parent => "parent",
            Group::Teacher => "teacher",
            Group::Administrator => "administrator",
            Group::Staff => "staff",
            Group::BoardMember => "board_member",
            Group::Community => "community",
            Group::NonDistrictCommunity => "non_district_community",
        }
    }

    /// Parses a group as a participant gives it: a key, or nothing (empty, "none", "prefer not to say").
    pub fn parse_optional(value: &str) -> Result<Option<Group>, UnknownGroup> {
        match value.trim() {
            "" | "none" | "prefer_not_to_say" => Ok(None),
            other => other.parse().map(Some),
        }
    }

    /// Parses a comma-separated list of group keys, as a facilitator configures them.
    pub fn parse_list(value: &str) -> Result<Vec<Group>, UnknownGroup> {
        let mut groups = Vec::new();
        for key in value.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            let group: Group = key.parse()?;
            if !groups.contains(&group) {
                groups.push(group);
            }
        }
        Ok(groups)
    }

    pub fn list_key(groups: &[Group]) -> String {
        groups.iter().map(|g| g.key()).collect::<Vec<_>>().join(",")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown group {0:?}")]
pub struct UnknownGroup(pub String);

impl FromStr for Group {
    type Err = UnknownGroup;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Group::ALL
            .into_iter()
            .find(|g| g.key() == s)
            .ok_or_else(|| UnknownGroup(s.to_owned()))
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The longest thought, in characters (Unicode scalar values) after trimming.
pub const THOUGHT_MAX_CHARS: usize = 500;
pub const TITLE_MAX_CHARS: usize = 200;
pub const QUESTION_MAX_CHARS: usize = 1_000;
pub const CONTEXT_MAX_CHARS: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("{field} is empty")]
    Empty { field: &'static str },
    #[error("{field} is {len} characters long; the limit is {max}")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
}

impl TextError {
    pub fn field(&self) -> &'static str {
        match self {
            TextError::Empty { field } | TextError::TooLong { field, .. } => field,
        }
    }
}

/// Trims `value` and checks it holds 1 to `max` characters. Control characters other than line breaks
/// and tabs are removed: they cannot be seen, so they can only hide something.
pub fn clean_text(field: &'static str, value: &str, max: usize) -> Result<String, TextError> {
    let cleaned: String = value
        .trim()
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect::<String>()
        .replace("\r\n", "\n");
    let len = cleaned.chars().count();
    if len == 0 {
        Err(TextError::Empty { field })
    } else if len > max {
        Err(TextError::TooLong { field, len, max })
    } else {
        Ok(cleaned)
    }
}

/// Like [`clean_text`], but an empty value is allowed and stays empty.
pub fn clean_optional_text(
    field: &'static str,
    value: &str,
    max: usize,
) -> Result<String, TextError> {
    match clean_text(field, value, max) {
        Err(TextError::Empty { .. }) => Ok(String::new()),
        other => other,
    }
}

pub fn thought_text(value: &str) -> Result<String, TextError> {
    clean_text("thought", value, THOUGHT_MAX_CHARS)
}

/// A star rating: 1 to 5 stars, or a skip (the participant saw the thought and chose not to rate it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    Stars(u8),
    Skip,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stars must be a whole number from 1 to 5, not {0}")]
pub struct StarsOutOfRange(pub i64);

impl Rating {
    pub fn stars(value: i64) -> Result<Rating, StarsOutOfRange> {
        match u8::try_from(value) {
            Ok(stars @ 1..=5) => Ok(Rating::Stars(stars)),
            _ => Err(StarsOutOfRange(value)),
        }
    }

    /// The stars as stored: `None` for a skip.
    pub fn as_stars(self) -> Option<u8> {
        match self {
            Rating::Stars(s) => Some(s),
            Rating::Skip => None,
        }
    }
}

/// Why a participant may not rate a thought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RatingRefusal {
    #[error("this exchange is not open for ratings")]
    ExchangeNotOpen,
    #[error("no such thought in this exchange")]
    UnknownThought,
    #[error("you cannot rate your own thought")]
    OwnThought,
}

/// What the rating rule needs to know about a thought.
#[derive(Debug, Clone, Copy)]
pub struct ThoughtFacts {
    pub exchange_id: i64,
    pub author: Option<i64>,
    pub visible: bool,
}

/// A participant may rate a visible thought of their own open exchange that they did not write.
pub fn may_rate(
    state: ExchangeState,
    participant: (i64, i64),
    thought: Option<ThoughtFacts>,
) -> Result<(), RatingRefusal> {
    let (participant_id, exchange_id) = participant;
    let thought = thought
        .filter(|t| t.exchange_id == exchange_id && t.visible)
        .ok_or(RatingRefusal::UnknownThought)?;
    if !state.accepts_contributions() {
        return Err(RatingRefusal::ExchangeNotOpen);
    }
    if thought.author == Some(participant_id) {
        return Err(RatingRefusal::OwnThought);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn life_cycle_runs_in_order_only() {
        let s = ExchangeState::Draft;
        let s = s.apply(Transition::Open).expect("open a draft");
        assert!(s.accepts_contributions());
        assert_eq!(
            s.apply(Transition::Publish),
            Err(TransitionError::NotClosed(ExchangeState::Open))
        );
        let s = s.apply(Transition::Close).expect("close");
        assert!(!s.accepts_contributions());
        let s = s.apply(Transition::Publish).expect("publish");
        assert!(s.results_published());
        assert_eq!(
            s.apply(Transition::Open),
            Err(TransitionError::NotDraft(ExchangeState::Published))
        );
    }

    #[test]
    fn groups_parse_with_no_group_allowed() {
        assert_eq!(Group::parse_optional("parent"), Ok(Some(Group::Parent)));
        assert_eq!(Group::parse_optional(""), Ok(None));
        assert_eq!(Group::parse_optional("prefer_not_to_say"), Ok(None));
        assert!(Group::parse_optional("martian").is_err());
        assert_eq!(
            Group::parse_list("student, parent,student"),
            Ok(vec![Group::Student, Group::Parent])
        );
    }

    #[test]
    fn thought_limits_count_characters_not_bytes() {
        assert_eq!(thought_text("  hello \n"), Ok("hello".into()));
        assert_eq!(
            thought_text("   "),
            Err(TextError::Empty { field: "thought" })
        );
        let accents = "é".repeat(500);
        assert_eq!(thought_text(&accents), Ok(accents.clone()));
        assert!(matches!(
            thought_text(&"é".repeat(501)),
            Err(TextError::TooLong { len: 501, .. })
        ));
    }

    #[test]
    fn invisible_control_characters_are_removed() {
        assert_eq!(thought_text("a\u{0}b\u{7}c\r\nd"), Ok("abc\nd".into()));
    }

    #[test]
    fn stars_are_one_to_five() {
        assert_eq!(Rating::stars(1), Ok(Rating::Stars(1)));
        assert_eq!(Rating::stars(5), Ok(Rating::Stars(5)));
        assert!(Rating::stars(0).is_err());
        assert!(Rating::stars(6).is_err());
        assert!(Rating::stars(-300).is_err());
    }

    #[test]
    fn rating_rule_refuses_own_unknown_and_closed() {
        let facts = |author| {
            Some(ThoughtFacts {
                exchange_id: 1,
                author,
                visible: true,
            })
        };
        assert_eq!(
            may_rate(ExchangeState::Open, (7, 1), facts(Some(8))),
            Ok(())
        );
        assert_eq!(may_rate(ExchangeState::Open, (7, 1), facts(None)), Ok(()));
        assert_eq!(
            may_rate(ExchangeState::Open, (7, 1), facts(Some(7))),
            Err(RatingRefusal::OwnThought)
        );
        assert_eq!(
            may_rate(ExchangeState::Closed, (7, 1), facts(Some(8))),
            Err(RatingRefusal::ExchangeNotOpen)
        );
        assert_eq!(
            may_rate(ExchangeState::Open, (7, 2), facts(Some(8))),
            Err(RatingRefusal::UnknownThought)
        );
        assert_eq!(
            may_rate(ExchangeState::Open, (7, 1), None),
            Err(RatingRefusal::UnknownThought)
        );
        let hidden = Some(ThoughtFacts {
            exchange_id: 1,
            author: None,
            visible: false,
        });
        assert_eq!(
            may_rate(ExchangeState::Open, (7, 1), hidden),
            Err(RatingRefusal::UnknownThought)
        );
    }

    proptest! {
        #[test]
        fn cleaned_thoughts_respect_the_limit(text in "\\PC{0,700}") {
            if let Ok(clean) = thought_text(&text) {
                let len = clean.chars().count();
                prop_assert!((1..=THOUGHT_MAX_CHARS).contains(&len));
                prop_assert_eq!(clean.trim(), clean.as_str());
            }
        }
    }
}
