//! "You said, we did": the district's answers to what people raised in a closed exchange. The
//! facilitator picks thoughts and themes (suggested from the results), writes an answer to each in
//! every language the district has, may link it to the agreement section that changed because of it,
//! and publishes it once the exchange's results are public.

use crate::codes::code_list;
use crate::documents::{Section, SectionDiff, compare};
use crate::exchange::ExchangeState;
use std::collections::BTreeMap;

/// The longest answer, in characters, in one language.
pub const ANSWER_MAX_CHARS: usize = 4000;

/// How many suggestions each reason offers.
pub const SUGGESTIONS_PER_REASON: usize = 5;

code_list!(
    /// Where an answer stands: written and reviewed as a draft, then published for everyone.
    AnswerState {
        Draft => "draft",
        Published => "published",
    }
);

code_list!(
    /// What an answer answers.
    SubjectKind {
        Thought => "thought",
        Theme => "theme",
    }
);

code_list!(
    /// Why the results suggest answering something.
    Reason {
        HighestRated => "highest_rated",
        CommonGround => "common_ground",
        MostDivided => "most_divided",
        Question => "question",
        Theme => "theme",
    }
);

/// A thought or a theme of the exchange, with its text as people read it (a theme by its label:
/// themes are recomputed, so their ids do not last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub kind: SubjectKind,
    /// The thought's id; 0 for a theme.
    pub id: i64,
    pub text: String,
}

impl Subject {
    pub fn thought(id: i64, text: impl Into<String>) -> Subject {
        Subject {
            kind: SubjectKind::Thought,
            id,
            text: text.into(),
        }
    }

    pub fn theme(label: impl Into<String>) -> Subject {
        Subject {
            kind: SubjectKind::Theme,
            id: 0,
            text: label.into(),
        }
    }

    /// Whether two subjects are the same thought (by id) or the same theme (by label).
    pub fn same_as(&self, other: &Subject) -> bool {
        self.kind == other.kind
            && match self.kind {
                SubjectKind::Thought => self.id == other.id,
                SubjectKind::Theme => self.text.trim().eq_ignore_ascii_case(other.text.trim()),
            }
    }
}

/// Whether a thought reads as a question: it ends with a question mark, or opens with a question
/// word or the inverted mark of Spanish. Thoughts are short and informal, so punctuation alone
/// misses many ("how are officers trained").
pub fn looks_like_question(text: &str) -> bool {
    // Unaccented "que", "como", "porque" open statements as often as questions: left out.
    const OPENINGS: &[&str] = &[
        "how", "why", "what", "when", "where", "who", "which", "will", "would", "can", "could",
        "should", "is", "are", "do", "does", "did", "has", "have", "cómo", "por qué", "qué",
        "cuándo", "dónde", "quién", "cuál", "pueden",
    ];
    let text = text.trim();
    if text.ends_with('?') || text.starts_with('¿') || text.contains("? ") {
        return true;
    }
    let lower = text.to_lowercase();
    OPENINGS.iter().any(|opening| {
        lower
            .strip_prefix(opening)
            .is_some_and(|rest| rest.starts_with(' '))
    })
}

/// What the results offer to answer, each list in its own order (best first).
#[derive(Debug, Clone, Default)]
pub struct FromResults {
    /// Every visible thought in everyone's ranking, best first.
    pub ranked: Vec<Subject>,
    pub common_ground: Vec<Subject>,
    pub most_divided: Vec<Subject>,
    /// The themes, in their order.
    pub themes: Vec<Subject>,
}

/// Something worth answering and every reason the results give for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub subject: Subject,
    pub reasons: Vec<Reason>,
}

/// The suggestions: up to `per_reason` of each reason (the highest-rated, common ground, the most
/// divided, the best-rated questions, the themes), without what is already answered; a subject
/// suggested for several reasons appears once, with all of them, where it first appears.
pub fn suggest(results: &FromResults, answered: &[Subject], per_reason: usize) -> Vec<Suggestion> {
    let open = |s: &&Subject| !answered.iter().any(|a| a.same_as(s));
    let questions: Vec<Subject> = results
        .ranked
        .iter()
        .filter(|s| looks_like_question(&s.text))
        .cloned()
        .collect();
    let lists = [
        (Reason::HighestRated, &results.ranked),
        (Reason::CommonGround, &results.common_ground),
        (Reason::MostDivided, &results.most_divided),
        (Reason::Question, &questions),
        (Reason::Theme, &results.themes),
    ];
    let mut suggestions: Vec<Suggestion> = Vec::new();
    for (reason, list) in lists {
        for subject in list.iter().filter(open).take(per_reason) {
            match suggestions.iter_mut().find(|s| s.subject.same_as(subject)) {
                Some(existing) => existing.reasons.push(reason),
                None => suggestions.push(Suggestion {
                    subject: subject.clone(),
                    reasons: vec![reason],
                }),
            }
        }
    }
    suggestions
}

/// Why an answer cannot be picked, saved or published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerRefusal {
    /// Answers follow the exchange: it must be closed first.
    #[error("the exchange is {0}; answers are written once it is closed")]
    ExchangeNotClosed(ExchangeState),
    /// People read the answers beside the results: the results must be public first.
    #[error("the exchange's results are not published yet")]
    ResultsNotPublished,
    /// An answer is published in the district's first language at least.
    #[error("the answer has no text in {0} yet")]
    NoSourceText(String),
    #[error("the answer is already published")]
    AlreadyPublished,
}

/// Answers are picked and written once the exchange is closed (its thoughts no longer change).
pub fn may_answer(exchange: ExchangeState) -> Result<(), AnswerRefusal> {
    match exchange {
        ExchangeState::Closed | ExchangeState::Published => Ok(()),
        other => Err(AnswerRefusal::ExchangeNotClosed(other)),
    }
}

/// Publishes a draft: refused while the exchange's results are not published, or while the answer
/// has no text in the district's first language (`source`). Other languages may follow: until then
/// visitors of those languages are told the answer is not yet translated.
pub fn publish(
    answer: AnswerState,
    exchange: ExchangeState,
    texts: &BTreeMap<String, String>,
    source: &str,
) -> Result<AnswerState, AnswerRefusal> {
    if answer == AnswerState::Published {
        return Err(AnswerRefusal::AlreadyPublished);
    }
    if !exchange.results_published() {
        return Err(AnswerRefusal::ResultsNotPublished);
    }
    if texts.get(source).is_none_or(|t| t.trim().is_empty()) {
        return Err(AnswerRefusal::NoSourceText(source.to_owned()));
    }
    Ok(AnswerState::Published)
}

/// The section `heading` before and after: compared with the same section of the previous version
/// (`None` when the linked version is the first, so the whole section is new). `None` when the newer
/// version has no such section.
pub fn before_and_after(
    older: Option<&[Section]>,
    newer: &[Section],
    heading: &str,
) -> Option<SectionDiff> {
    let key = heading.trim().to_lowercase();
    let pick = |sections: &[Section]| -> Vec<Section> {
        sections
            .iter()
            .filter(|s| s.heading.trim().to_lowercase() == key)
            .cloned()
            .collect()
    };
    let newer = pick(newer);
    if newer.is_empty() {
        return None;
    }
    compare(&pick(older.unwrap_or_default()), &newer)
        .into_iter()
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::{SectionChange, WordChange};
    use proptest::prelude::*;

    fn t(id: i64, text: &str) -> Subject {
        Subject::thought(id, text)
    }

    #[test]
    fn questions_are_recognised_by_mark_and_opening_word() {
        assert!(looks_like_question("Will officers carry guns?"));
        assert!(looks_like_question("how are officers trained"));
        assert!(looks_like_question("¿Quién decide dónde trabajan?"));
        assert!(looks_like_question("Cómo se presenta una queja"));
        assert!(!looks_like_question("Officers make students feel safe."));
        assert!(!looks_like_question(
            "However we do it, students come first"
        ));
        assert!(!looks_like_question("Que los estudiantes participen"));
    }

    #[test]
    fn suggestions_merge_reasons_and_skip_answered() {
        let results = FromResults {
            ranked: vec![
                t(1, "More counselors"),
                t(2, "Why armed?"),
                t(3, "Training"),
            ],
            common_ground: vec![t(1, "More counselors"), t(4, "Clear rules")],
            most_divided: vec![t(2, "Why armed?")],
            themes: vec![Subject::theme("Counselors"), Subject::theme("Weapons")],
        };
        let answered = [t(3, "Training"), Subject::theme("weapons ")];
        let got = suggest(&results, &answered, 5);
        let summary: Vec<(i64, &str, Vec<Reason>)> = got
            .iter()
            .map(|s| (s.subject.id, s.subject.text.as_str(), s.reasons.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    1,
                    "More counselors",
                    vec![Reason::HighestRated, Reason::CommonGround]
                ),
                (
                    2,
                    "Why armed?",
                    vec![Reason::HighestRated, Reason::MostDivided, Reason::Question]
                ),
                (4, "Clear rules", vec![Reason::CommonGround]),
                (0, "Counselors", vec![Reason::Theme]),
            ]
        );
    }

    #[test]
    fn each_reason_offers_at_most_its_share() {
        let ranked: Vec<Subject> = (1..=20).map(|i| t(i, "Why?")).collect();
        let results = FromResults {
            ranked,
            ..FromResults::default()
        };
        let got = suggest(&results, &[], 3);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].reasons, vec![Reason::HighestRated, Reason::Question]);
    }

    #[test]
    fn answers_wait_for_a_closed_exchange() {
        assert_eq!(
            may_answer(ExchangeState::Open),
            Err(AnswerRefusal::ExchangeNotClosed(ExchangeState::Open))
        );
        assert!(may_answer(ExchangeState::Closed).is_ok());
        assert!(may_answer(ExchangeState::Published).is_ok());
    }

    #[test]
    fn publishing_needs_published_results_and_the_source_text() {
        let mut texts = BTreeMap::new();
        texts.insert("es".to_owned(), "Sí".to_owned());
        let draft = AnswerState::Draft;
        assert_eq!(
            publish(draft, ExchangeState::Closed, &texts, "en"),
            Err(AnswerRefusal::ResultsNotPublished)
        );
        assert_eq!(
            publish(draft, ExchangeState::Published, &texts, "en"),
            Err(AnswerRefusal::NoSourceText("en".into()))
        );
        texts.insert("en".to_owned(), "Yes".to_owned());
        assert_eq!(
            publish(draft, ExchangeState::Published, &texts, "en"),
            Ok(AnswerState::Published)
        );
        assert_eq!(
            publish(
                AnswerState::Published,
                ExchangeState::Published,
                &texts,
                "en"
            ),
            Err(AnswerRefusal::AlreadyPublished)
        );
    }

    fn section(heading: &str, body: &str) -> Section {
        Section {
            heading: heading.into(),
            body: body.into(),
            covers: Vec::new(),
        }
    }

    #[test]
    fn a_linked_section_shows_before_and_after() {
        let older = [
            section("Weapons", "Officers carry firearms."),
            section("Other", "x"),
        ];
        let newer = [section("weapons", "Officers carry no firearms.")];
        let diff = before_and_after(Some(&older), &newer, "Weapons").expect("the section");
        assert_eq!(diff.change, SectionChange::Changed);
        assert!(
            diff.words
                .iter()
                .any(|w| w.change == WordChange::Inserted && w.text.contains("no"))
        );
        let first = before_and_after(None, &newer, "Weapons").expect("new section");
        assert_eq!(first.change, SectionChange::Added);
        assert_eq!(before_and_after(Some(&older), &newer, "Missing"), None);
    }

    proptest! {
        #[test]
        fn suggestions_never_repeat_nor_include_answered(
            ids in proptest::collection::vec(1i64..30, 0..40),
            answered in proptest::collection::vec(1i64..30, 0..10),
        ) {
            let subjects: Vec<Subject> = ids.iter().map(|&i| t(i, "What now?")).collect();
            let results = FromResults {
                ranked: subjects.clone(),
                common_ground: subjects.iter().rev().cloned().collect(),
                most_divided: subjects.clone(),
                themes: Vec::new(),
            };
            let answered: Vec<Subject> = answered.iter().map(|&i| t(i, "")).collect();
            let got = suggest(&results, &answered, 4);
            for (i, s) in got.iter().enumerate() {
                prop_assert!(!answered.iter().any(|a| a.same_as(&s.subject)));
                prop_assert!(!got[..i].iter().any(|o| o.subject.same_as(&s.subject)));
                prop_assert!(!s.reasons.is_empty());
            }
        }
    }
}
