//! What happens to a thought after the screen (issue 3, item 5): whether others may see it,
//! participants' reports, and a facilitator's review decisions. Nothing is ever deleted: a thought
//! is only ever visible, held for review, or hidden.

use crate::moderation::Screening;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Whether others may see a thought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThoughtStatus {
    /// Offered for rating, ranked, exported.
    Visible,
    /// Waiting for a facilitator: nobody but its writer and the facilitators sees it.
    Held,
    /// A facilitator decided others never see it; it stays in the record.
    Hidden,
}

impl ThoughtStatus {
    pub const ALL: [ThoughtStatus; 3] = [
        ThoughtStatus::Visible,
        ThoughtStatus::Held,
        ThoughtStatus::Hidden,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ThoughtStatus::Visible => "visible",
            ThoughtStatus::Held => "held",
            ThoughtStatus::Hidden => "hidden",
        }
    }

    /// The status a newly shared thought gets from its screening.
    pub fn when_shared(screening: &Screening) -> ThoughtStatus {
        if screening.hold_for_review() {
            ThoughtStatus::Held
        } else {
            ThoughtStatus::Visible
        }
    }
}

impl fmt::Display for ThoughtStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for ThoughtStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ThoughtStatus::ALL
            .into_iter()
            .find(|status| status.key() == s)
            .ok_or_else(|| format!("unknown thought status {s:?}"))
    }
}

/// Why a participant reports a thought: a short list, so that reports can be counted and sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    PersonalInformation,
    Abuse,
    SelfHarm,
    Spam,
    Other,
}

impl ReportReason {
    pub const ALL: [ReportReason; 5] = [
        ReportReason::PersonalInformation,
        ReportReason::Abuse,
        ReportReason::SelfHarm,
        ReportReason::Spam,
        ReportReason::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ReportReason::PersonalInformation => "personal_information",
            ReportReason::Abuse => "abuse",
            ReportReason::SelfHarm => "self_harm",
            ReportReason::Spam => "spam",
            ReportReason::Other => "other",
        }
    }

    /// Someone may be at risk: a facilitator is alerted at once, whatever the count of reports.
    pub fn alerts_facilitator(self) -> bool {
        self == ReportReason::SelfHarm
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown report reason {0:?}")]
pub struct UnknownReason(pub String);

impl FromStr for ReportReason {
    type Err = UnknownReason;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReportReason::ALL
            .into_iter()
            .find(|r| r.key() == s)
            .ok_or_else(|| UnknownReason(s.to_owned()))
    }
}

/// A report's optional note, in characters.
pub const REPORT_NOTE_MAX_CHARS: usize = 500;

/// A visible thought is held for review once this many reports arrived since it was last reviewed:
/// more than one, so that a single participant cannot silence a thought they dislike, and few, so that
/// a harmful thought does not stay up long in a busy exchange.
pub const REPORTS_TO_HOLD: i64 = 3;

/// Whether a thought with `pending_reports` unreviewed reports should be held now.
pub fn held_by_reports(status: ThoughtStatus, pending_reports: i64) -> bool {
    status == ThoughtStatus::Visible && pending_reports >= REPORTS_TO_HOLD
}

/// A facilitator's decision on a thought in the review queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Others may see the thought as it is.
    Approve,
    /// Others never see the thought.
    Hide,
    /// Others see the thought with personal details edited out; the writer's text stays in the record.
    Redact,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Approve, Decision::Hide, Decision::Redact];

    pub fn key(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Hide => "hide",
            Decision::Redact => "redact",
        }
    }

    pub fn status_after(self) -> ThoughtStatus {
        match self {
            Decision::Approve | Decision::Redact => ThoughtStatus::Visible,
            Decision::Hide => ThoughtStatus::Hidden,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown decision {0:?}; expected approve, hide or redact")]
pub struct UnknownDecision(pub String);

impl FromStr for Decision {
    type Err = UnknownDecision;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decision::ALL
            .into_iter()
            .find(|d| d.key() == s)
            .ok_or_else(|| UnknownDecision(s.to_owned()))
    }
}

/// A decision's reason, in characters: every decision needs one.
pub const DECISION_REASON_MAX_CHARS: usize = 1_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::moderation::screen;

    #[test]
    fn flagged_thoughts_are_held_when_shared() {
        assert_eq!(
            ThoughtStatus::when_shared(&screen("More counselors, please")),
            ThoughtStatus::Visible
        );
        assert_eq!(
            ThoughtStatus::when_shared(&screen("Call me at 555-867-5309")),
            ThoughtStatus::Held
        );
    }

    #[test]
    fn reports_hold_only_visible_thoughts_past_the_threshold() {
        assert!(!held_by_reports(
            ThoughtStatus::Visible,
            REPORTS_TO_HOLD - 1
        ));
        assert!(held_by_reports(ThoughtStatus::Visible, REPORTS_TO_HOLD));
        assert!(!held_by_reports(ThoughtStatus::Hidden, 10));
        assert!(!held_by_reports(ThoughtStatus::Held, 10));
        assert!(
            !held_by_reports(ThoughtStatus::Visible, 1),
            "one participant alone never hides a thought"
        );
    }

    #[test]
    fn decisions_set_the_status() {
        assert_eq!(Decision::Approve.status_after(), ThoughtStatus::Visible);
        assert_eq!(Decision::Redact.status_after(), ThoughtStatus::Visible);
        assert_eq!(Decision::Hide.status_after(), ThoughtStatus::Hidden);
    }

    #[test]
    fn keys_round_trip() {
        for s in ThoughtStatus::ALL {
            assert_eq!(s.key().parse::<ThoughtStatus>(), Ok(s));
        }
        for r in ReportReason::ALL {
            assert_eq!(r.key().parse::<ReportReason>(), Ok(r));
        }
        for d in Decision::ALL {
            assert_eq!(d.key().parse::<Decision>(), Ok(d));
        }
        assert!("delete".parse::<Decision>().is_err());
        assert!("boring".parse::<ReportReason>().is_err());
        assert!(ReportReason::SelfHarm.alerts_facilitator());
        assert!(!ReportReason::Spam.alerts_facilitator());
    }
}
