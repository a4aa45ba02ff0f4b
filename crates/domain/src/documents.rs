//! Versioned documents the law asks for: each agency's yearly agreement (R6, with R1's contents) and
//! the board's policy and procedure (R1). A version is a list of sections; each section says which
//! required contents it covers, so that a checklist can refuse adoption while anything is missing;
//! versions move from draft to published; and two versions can be compared side by side.

use crate::codes::code_list;
use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

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
