//! Versioned documents the law asks for: each agency's yearly agreement (R6, with R1's contents) and
//! the board's policy and procedure (R1). A version is a list of sections; each section says which
//! required contents it covers, so that a checklist can refuse adoption while anything is missing;
//! versions move from draft to published; and two versions can be compared side by side.

use crate::codes::code_list;
use crate::training::add_months;
use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};
use time::{Date, Duration, Month};

/// What kind of document, and so which contents the law requires of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// An agreement with a law-enforcement agency or security company (RCW 28A.320.1242).
    Agreement,
    /// The board's policy and procedure (RCW 28A.320.124(1)).
    BoardPolicy,
}

code_list!(
    /// One required content of a document.
    Requirement {
        HiringAndPlacement => "hiring_and_placement",
        PerformanceEvaluation => "performance_evaluation",
        TrainingConfirmationOrPlan => "training_confirmation_or_plan",
        DisciplineRole => "discipline_role",
        InterventionCircumstances => "intervention_circumstances",
        SchoolClimate => "school_climate",
        ComplaintProcess => "complaint_process",
        ComplaintInvestigation => "complaint_investigation",
    }
);

impl DocumentKind {
    /// The stable key stored and shown in the API.
    pub fn key(self) -> &'static str {
        match self {
            DocumentKind::Agreement => "agreement",
            DocumentKind::BoardPolicy => "board_policy",
        }
    }

    pub fn parse(key: &str) -> Option<DocumentKind> {
        [DocumentKind::Agreement, DocumentKind::BoardPolicy]
            .into_iter()
            .find(|k| k.key() == key.trim())
    }

    /// The contents the law requires: an agreement covers R1's policy contents plus the jointly
    /// determined hiring and placement, performance evaluation, and training (R6); the policy covers
    /// R1: the discipline role, when staff may be asked to intervene, school climate, and how
    /// complaints are filed with the school and the agency and how they are investigated and answered.
    pub fn required(self) -> &'static [Requirement] {
        use Requirement::*;
        match self {
            DocumentKind::Agreement => &[
                HiringAndPlacement,
                PerformanceEvaluation,
                TrainingConfirmationOrPlan,
                DisciplineRole,
                InterventionCircumstances,
                SchoolClimate,
                ComplaintProcess,
            ],
            DocumentKind::BoardPolicy => &[
                DisciplineRole,
                InterventionCircumstances,
                SchoolClimate,
                ComplaintProcess,
                ComplaintInvestigation,
            ],
        }
    }
}

impl TryFrom<String> for DocumentKind {
    type Error = String;
    fn try_from(key: String) -> Result<Self, Self::Error> {
        DocumentKind::parse(&key).ok_or_else(|| format!("unknown document kind {key:?}"))
    }
}

/// One section of a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub heading: String,
    pub body: String,
    pub covers: Vec<Requirement>,
}

/// The required contents no section with text covers yet, in the law's order.
pub fn missing_contents(kind: DocumentKind, sections: &[Section]) -> Vec<Requirement> {
    kind.required()
        .iter()
        .copied()
        .filter(|required| {
            !sections
                .iter()
                .any(|s| !s.body.trim().is_empty() && s.covers.contains(required))
        })
        .collect()
}

code_list!(
    /// Where a version stands.
    VersionState {
        Draft => "draft",
        CommunityReview => "community_review",
        Adopted => "adopted",
        SubmittedToOspi => "submitted_to_ospi",
        Published => "published",
    }
);

impl VersionState {
    /// Text may change only before adoption: what the board adopted is what gets published.
    pub fn is_editable(self) -> bool {
        matches!(self, VersionState::Draft | VersionState::CommunityReview)
    }
}

/// Why a version cannot move on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateRefusal {
    #[error("a version moves one step at a time: {from:?} cannot become {to:?}")]
    OutOfOrder {
        from: VersionState,
        to: VersionState,
    },
    #[error("required contents are missing: {0:?}")]
    MissingContents(Vec<Requirement>),
    /// R6: the agreement is adopted with parents, students and community members involved.
    #[error("record the community's part (an exchange, a listening session or comments) first")]
    NoCommunityInput,
}

/// Moves a version to `to`. Adoption needs every required content and, for agreements, a record of
/// the community's part (R6); the board policy has no such rule. Agreements go to OSPI before they
/// are published (R9); a board policy is published once adopted.
pub fn advance(
    kind: DocumentKind,
    from: VersionState,
    to: VersionState,
    sections: &[Section],
    community_inputs: usize,
) -> Result<VersionState, StateRefusal> {
    use VersionState::*;
    let in_order = matches!(
        (kind, from, to),
        (_, Draft, CommunityReview)
            | (_, CommunityReview, Draft)
            | (_, CommunityReview | Draft, Adopted)
            | (DocumentKind::Agreement, Adopted, SubmittedToOspi)
            | (DocumentKind::Agreement, SubmittedToOspi, Published)
            | (DocumentKind::BoardPolicy, Adopted, Published)
    );
    if !in_order {
        return Err(StateRefusal::OutOfOrder { from, to });
    }
    if to == Adopted {
        let missing = missing_contents(kind, sections);
        if !missing.is_empty() {
            return Err(StateRefusal::MissingContents(missing));
        }
        if kind == DocumentKind::Agreement && community_inputs == 0 {
            return Err(StateRefusal::NoCommunityInput);
        }
    }
    Ok(to)
}

/// How a section changed between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionChange {
    Same,
    Changed,
    Added,
    Removed,
}

/// A run of words, kept, removed or inserted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Words {
    pub change: WordChange,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WordChange {
    Kept,
    Removed,
    Inserted,
}

/// One section of the comparison: its heading, how it changed, and its words with the changes
/// marked (removed words from the older version, inserted from the newer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionDiff {
    pub heading: String,
    pub change: SectionChange,
    pub words: Vec<Words>,
}

/// Compares two versions section by section (sections match by heading, ignoring case and spaces
/// around it), word by word inside each; sections in the newer version's order, removed ones after.
pub fn compare(older: &[Section], newer: &[Section]) -> Vec<SectionDiff> {
    let key = |s: &Section| s.heading.trim().to_lowercase();
    let mut diffs: Vec<SectionDiff> = newer
        .iter()
        .map(
            |section| match older.iter().find(|o| key(o) == key(section)) {
                Some(old) => {
                    let words = word_diff(&old.body, &section.body);
                    let same = words.iter().all(|w| w.change == WordChange::Kept);
                    SectionDiff {
                        heading: section.heading.clone(),
                        change: if same {
                            SectionChange::Same
                        } else {
                            SectionChange::Changed
                        },
                        words,
                    }
                }
                None => SectionDiff {
                    heading: section.heading.clone(),
                    change: SectionChange::Added,
                    words: word_diff("", &section.body),
                },
            },
        )
        .collect();
    diffs.extend(
        older
            .iter()
            .filter(|old| !newer.iter().any(|n| key(n) == key(old)))
            .map(|old| SectionDiff {
                heading: old.heading.clone(),
                change: SectionChange::Removed,
                words: word_diff(&old.body, ""),
            }),
    );
    diffs
}

/// Word-level differences, with neighbouring words of the same kind joined into one run.
fn word_diff(older: &str, newer: &str) -> Vec<Words> {
    let diff = TextDiff::from_words(older, newer);
    let mut runs: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => WordChange::Kept,
            ChangeTag::Delete => WordChange::Removed,
            ChangeTag::Insert => WordChange::Inserted,
        };
        match runs.last_mut() {
            Some(last) if last.change == kind => last.text.push_str(change.value()),
            _ => runs.push(Words {
                change: kind,
                text: change.value().to_owned(),
            }),
        }
    }
    runs
}

/// How many days before the yearly review is due the reminder starts.
pub const REVIEW_NOTICE_DAYS: i64 = 60;

/// Where the yearly review of an adopted agreement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewState {
    NotDue,
    DueSoon,
    Overdue,
}

impl ReviewState {
    pub fn key(self) -> &'static str {
        match self {
            ReviewState::NotDue => "not_due",
            ReviewState::DueSoon => "due_soon",
            ReviewState::Overdue => "overdue",
        }
    }
}

/// When the next yearly review is due and how close it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewReminder {
    /// The last day on which the review is on time: a year after the board's adoption (February 28
    /// for an adoption on February 29). Overdue from the next day.
    pub due_on: Date,
    pub state: ReviewState,
}

/// R6 asks for the agreement to be reviewed every year: the reminder counts from the board's last
/// adoption, and is "due soon" from [`REVIEW_NOTICE_DAYS`] days before the due day, that day included.
pub fn review_reminder(adopted_on: Date, today: Date) -> ReviewReminder {
    let due_on = add_months(adopted_on, 12);
    let state = if today > due_on {
        ReviewState::Overdue
    } else if today >= due_on - Duration::days(REVIEW_NOTICE_DAYS) {
        ReviewState::DueSoon
    } else {
        ReviewState::NotDue
    };
    ReviewReminder { due_on, state }
}

/// A Washington school year: September 1 to August 31 (RCW 28A.150.040), labelled `2026-27`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolYear {
    pub label: String,
    pub starts_on: Date,
    pub ends_on: Date,
}

impl SchoolYear {
    /// The school year that begins in September of `first_year`.
    pub fn starting(first_year: i32) -> Option<SchoolYear> {
        Some(SchoolYear {
            label: format!("{first_year}-{:02}", (first_year + 1).rem_euclid(100)),
            starts_on: Date::from_calendar_date(first_year, Month::September, 1).ok()?,
            ends_on: Date::from_calendar_date(first_year + 1, Month::August, 31).ok()?,
        })
    }

    /// The school year `day` falls in.
    pub fn containing(day: Date) -> Option<SchoolYear> {
        let first_year = if day.month() >= Month::September {
            day.year()
        } else {
            day.year() - 1
        };
        SchoolYear::starting(first_year)
    }

    /// Reads a label as people type it: `2026-27`, `2026-2027` or `2026/27` (the years must follow).
    pub fn parse(text: &str) -> Option<SchoolYear> {
        let (first, second) = text.trim().split_once(['-', '/', '–'])?;
        let first: i32 = first.trim().parse().ok()?;
        let second = second.trim();
        let follows = match second.len() {
            2 => second.parse::<i32>().ok()? == (first + 1).rem_euclid(100),
            4 => second.parse::<i32>().ok()? == first + 1,
            _ => false,
        };
        (follows && (1900..=9998).contains(&first))
            .then(|| SchoolYear::starting(first))
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn section(heading: &str, body: &str, covers: &[Requirement]) -> Section {
        Section {
            heading: heading.into(),
            body: body.into(),
            covers: covers.to_vec(),
        }
    }

    fn complete_agreement() -> Vec<Section> {
        DocumentKind::Agreement
            .required()
            .iter()
            .map(|r| section(r.key(), "Text the district and agency agreed.", &[*r]))
            .collect()
    }

    #[test]
    fn adoption_needs_every_required_content_and_the_community() {
        let mut sections = complete_agreement();
        sections[0].body = "  ".into();
        let refused = advance(
            DocumentKind::Agreement,
            VersionState::CommunityReview,
            VersionState::Adopted,
            &sections,
            1,
        );
        assert_eq!(
            refused,
            Err(StateRefusal::MissingContents(vec![
                Requirement::HiringAndPlacement
            ]))
        );
        let sections = complete_agreement();
        assert_eq!(
            advance(
                DocumentKind::Agreement,
                VersionState::CommunityReview,
                VersionState::Adopted,
                &sections,
                0
            ),
            Err(StateRefusal::NoCommunityInput)
        );
        assert_eq!(
            advance(
                DocumentKind::Agreement,
                VersionState::CommunityReview,
                VersionState::Adopted,
                &sections,
                2
            ),
            Ok(VersionState::Adopted)
        );
    }

    #[test]
    fn agreements_go_to_ospi_before_publication_and_policies_do_not() {
        use DocumentKind::{Agreement, BoardPolicy};
        use VersionState::*;
        let sections = complete_agreement();
        for (kind, from, to, allowed) in [
            (Agreement, Adopted, Published, false),
            (Agreement, Adopted, SubmittedToOspi, true),
            (Agreement, SubmittedToOspi, Published, true),
            (BoardPolicy, Adopted, Published, true),
            (BoardPolicy, Adopted, SubmittedToOspi, false),
            (Agreement, Published, Draft, false),
            (Agreement, Draft, Published, false),
        ] {
            let moved = advance(kind, from, to, &sections, 1).is_ok();
            assert_eq!(moved, allowed, "{kind:?}: {from:?} -> {to:?}");
        }
    }

    #[test]
    fn comparison_marks_changed_added_and_removed_sections() {
        let older = vec![
            section(
                "Discipline role",
                "Officers do not take part in discipline.",
                &[],
            ),
            section("Uniforms", "Officers wear uniforms.", &[]),
        ];
        let newer = vec![
            section(
                " discipline role ",
                "Officers never take part in school discipline.",
                &[],
            ),
            section("Complaints", "Families may complain to both.", &[]),
        ];
        let diff = compare(&older, &newer);
        let changes: Vec<SectionChange> = diff.iter().map(|d| d.change).collect();
        assert_eq!(
            changes,
            [
                SectionChange::Changed,
                SectionChange::Added,
                SectionChange::Removed
            ]
        );
        let removed: String = diff[0]
            .words
            .iter()
            .filter(|w| w.change == WordChange::Removed)
            .map(|w| w.text.as_str())
            .collect();
        assert!(removed.contains("do not"));
        let inserted: String = diff[0]
            .words
            .iter()
            .filter(|w| w.change == WordChange::Inserted)
            .map(|w| w.text.as_str())
            .collect();
        assert!(inserted.contains("never") && inserted.contains("school"));
    }

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).expect("month"), d).expect("date")
    }

    #[test]
    fn the_yearly_review_is_due_a_year_after_adoption() {
        let adopted = day(2025, 6, 10);
        let on = |today| review_reminder(adopted, today);
        assert_eq!(on(day(2025, 6, 10)).due_on, day(2026, 6, 10));
        assert_eq!(on(day(2026, 4, 10)).state, ReviewState::NotDue);
        assert_eq!(
            on(day(2026, 4, 11)).state,
            ReviewState::DueSoon,
            "60 days before"
        );
        assert_eq!(
            on(day(2026, 6, 10)).state,
            ReviewState::DueSoon,
            "the last day"
        );
        assert_eq!(
            on(day(2026, 6, 11)).state,
            ReviewState::Overdue,
            "the day after"
        );
    }

    #[test]
    fn an_adoption_on_a_leap_day_is_reviewed_by_february_28() {
        let reminder = review_reminder(day(2028, 2, 29), day(2029, 2, 28));
        assert_eq!(reminder.due_on, day(2029, 2, 28));
        assert_eq!(reminder.state, ReviewState::DueSoon);
        assert_eq!(
            review_reminder(day(2028, 2, 29), day(2029, 3, 1)).state,
            ReviewState::Overdue
        );
        // Sixty days before a due day in a leap year's spring counts February 29.
        let reminder = review_reminder(day(2027, 4, 29), day(2028, 2, 29));
        assert_eq!(reminder.due_on, day(2028, 4, 29));
        assert_eq!(reminder.state, ReviewState::DueSoon);
        assert_eq!(
            review_reminder(day(2027, 4, 29), day(2028, 2, 28)).state,
            ReviewState::NotDue
        );
    }

    #[test]
    fn school_years_run_from_september_to_august() {
        let year = SchoolYear::containing(day(2026, 8, 31)).expect("year");
        assert_eq!(year.label, "2025-26");
        assert_eq!(year.starts_on, day(2025, 9, 1));
        assert_eq!(year.ends_on, day(2026, 8, 31));
        assert_eq!(
            SchoolYear::containing(day(2026, 9, 1)).expect("year").label,
            "2026-27"
        );
        assert_eq!(
            SchoolYear::containing(day(2099, 12, 31))
                .expect("year")
                .label,
            "2099-00"
        );
        for typed in ["2026-27", " 2026-2027 ", "2026/27"] {
            assert_eq!(SchoolYear::parse(typed).expect(typed).label, "2026-27");
        }
        for bad in ["2026-28", "2026", "26-27", "2026-2028", "next year"] {
            assert_eq!(SchoolYear::parse(bad), None, "{bad}");
        }
    }

    proptest! {
        /// Reading the kept and removed words gives the older text; kept and inserted, the newer.
        #[test]
        fn a_word_diff_rebuilds_both_versions(older in "[a-c ]{0,40}", newer in "[a-c ]{0,40}") {
            let words = word_diff(&older, &newer);
            let rebuild = |skip: WordChange| -> String {
                words.iter().filter(|w| w.change != skip).map(|w| w.text.as_str()).collect()
            };
            prop_assert_eq!(rebuild(WordChange::Inserted), older);
            prop_assert_eq!(rebuild(WordChange::Removed), newer);
        }
    }
}
