//! The district's answers to a closed exchange ("you said, we did"), once for the pages and the API:
//! what the results suggest answering, picking, writing each language's text, linking the agreement
//! section that changed, publishing (refused while the results are not), and the published answers as
//! visitors read them in their language.

use crate::AppState;
use crate::actions;
use crate::auth::Staff;
use crate::error::AppError;
use crate::i18n::{LANGUAGES, Lang, Msg};
use crate::public_page::SOURCE_LANGUAGE;
use crate::subscriptions::Announcement;
use accord_domain::answers::{
    self, ANSWER_MAX_CHARS, AnswerRefusal, FromResults, Reason, SUGGESTIONS_PER_REASON, Subject,
    SubjectKind, Suggestion,
};
use accord_domain::documents::{SectionChange, SectionDiff};
use accord_domain::exchange::{TextError, clean_optional_text};
use accord_domain::public_page::{Shown, show};
use accord_store::{Actor, AgreementVersion, Answer, AnswerEdit, Exchange, Store};
use serde::Deserialize;
use std::collections::BTreeMap;

/// What to answer, as a facilitator picks it: a thought by id, or a theme by its label.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct PickInput {
    /// `thought` or `theme`
    pub kind: String,
    /// The thought's id (for a thought).
    #[serde(default)]
    pub thought_id: i64,
    /// The theme's label (for a theme).
    #[serde(default)]
    pub theme: String,
    /// Why: highest_rated, common_ground, most_divided, question or theme (chosen by hand when
    /// empty: highest_rated for a thought, theme for a theme).
    #[serde(default)]
    pub reason: String,
}

/// An answer's texts and linked section, as typed.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct AnswerInput {
    /// The text by language code (`en`, `es`); an empty text leaves the language not yet translated.
    #[serde(default)]
    pub texts: BTreeMap<String, String>,
    /// The agreement version whose section changed because of this answer (0 or absent: none).
    #[serde(default)]
    pub agreement_version_id: i64,
    /// That section's heading.
    #[serde(default)]
    pub section_heading: String,
}

fn refusal(err: &AnswerRefusal) -> AppError {
    AppError::Conflict(match err {
        AnswerRefusal::ExchangeNotClosed(state) => {
            Msg::new("answers-exchange-not-closed").arg("state", state.key())
        }
        AnswerRefusal::ResultsNotPublished => Msg::new("answers-results-not-published"),
        AnswerRefusal::NoSourceText(language) => Msg::new("answers-no-source-text")
            .arg("language", language_name(language))
            .field("text_en"),
        AnswerRefusal::AlreadyPublished => Msg::new("answers-already-published"),
    })
}

/// A language's own name ("Español"), or its code when accord does not have it.
pub fn language_name(code: &str) -> String {
    LANGUAGES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or_else(|| code.to_owned(), |(_, _, name)| (*name).to_owned())
}

/// The exchange, if `staff` runs it and it may be answered (closed or published).
async fn answerable(state: &AppState, staff: &Staff, id: i64) -> Result<Exchange, AppError> {
    let exchange = actions::exchange_for_staff(state, staff, id).await?;
    answers::may_answer(exchange.state).map_err(|e| refusal(&e))?;
    Ok(exchange)
}

/// An answer of `exchange`, or not found.
async fn answer_of(store: &Store, exchange: &Exchange, id: i64) -> Result<Answer, AppError> {
    store
        .answer(id)
        .await?
        .filter(|a| a.exchange_id == exchange.id)
        .ok_or(AppError::NotFound)
}

/// What the results suggest answering, without what is answered already.
pub async fn suggestions(
    state: &AppState,
    exchange: &Exchange,
    answered: &[Answer],
) -> Result<Vec<Suggestion>, AppError> {
    let (results, insight) = tokio::try_join!(
        actions::scored_results(state, exchange),
        actions::insight(state, exchange)
    )?;
    let themes = crate::themes::theme_results(state, exchange, &results).await?;
    let thought = |id: i64, body: &str| Subject::thought(id, body);
    let from = FromResults {
        ranked: results
            .scored
            .ranked(None)
            .iter()
            .map(|t| {
                let tally = results.thought(t.index);
                thought(tally.id, &tally.body)
            })
            .collect(),
        common_ground: insight
            .common_ground
            .iter()
            .map(|t| thought(t.id, &t.body))
            .collect(),
        most_divided: insight
            .differences
            .iter()
            .map(|t| thought(t.id, &t.body))
            .collect(),
        themes: themes.iter().map(|t| Subject::theme(&t.label)).collect(),
    };
    let answered: Vec<Subject> = answered.iter().map(Answer::subject).collect();
    Ok(answers::suggest(&from, &answered, SUGGESTIONS_PER_REASON))
}

/// Every answer of a closed exchange, for the facilitator (drafts too).
pub async fn for_facilitator(
    state: &AppState,
    staff: &Staff,
    exchange_id: i64,
) -> Result<(Exchange, Vec<Answer>), AppError> {
    let exchange = answerable(state, staff, exchange_id).await?;
    let answers = state.store.answers(exchange.id, false).await?;
    Ok((exchange, answers))
}

/// Picks a thought (a visible one of this exchange) or a theme (by a label it has) to answer.
pub async fn pick(
    state: &AppState,
    staff: &Staff,
    exchange_id: i64,
    input: &PickInput,
) -> Result<Answer, AppError> {
    let exchange = answerable(state, staff, exchange_id).await?;
    let kind = SubjectKind::parse(&input.kind)
        .ok_or_else(|| AppError::Invalid(Msg::new("answers-invalid-kind").field("kind")))?;
    let subject = match kind {
        SubjectKind::Thought => {
            let thought = state
                .store
                .thought(input.thought_id)
                .await?
                .filter(|t| t.exchange_id == exchange.id && t.status == "visible")
                .ok_or_else(|| {
                    AppError::Invalid(Msg::new("answers-unknown-thought").field("thought_id"))
                })?;
            Subject::thought(thought.id, thought.body)
        }
        SubjectKind::Theme => {
            let wanted = Subject::theme(input.theme.trim());
            state
                .store
                .themes(exchange.id)
                .await?
                .into_iter()
                .map(|t| Subject::theme(t.label))
                .find(|t| t.same_as(&wanted))
                .ok_or_else(|| {
                    AppError::Invalid(Msg::new("answers-unknown-theme").field("theme"))
                })?
        }
    };
    let reason = match (Reason::parse(&input.reason), kind) {
        (Some(reason), _) => reason,
        (None, SubjectKind::Thought) => Reason::HighestRated,
        (None, SubjectKind::Theme) => Reason::Theme,
    };
    Ok(state
        .store
        .add_answer(&Actor::user(&staff.0), exchange.id, &subject, reason)
        .await?)
}

/// An answer's input checked: every text a language accord has and within the limit; a linked
/// section one of a published version of the district's agreements.
async fn validate(
    store: &Store,
    exchange: &Exchange,
    input: &AnswerInput,
) -> Result<AnswerEdit, Msg> {
    let mut texts = BTreeMap::new();
    for (language, text) in &input.texts {
        let Some((code, _, _)) = LANGUAGES.iter().find(|(c, _, _)| c == language) else {
            return Err(Msg::new("answers-unknown-language").arg("language", language));
        };
        let field = if *code == "es" { "text_es" } else { "text_en" };
        let text = clean_optional_text(field, text, ANSWER_MAX_CHARS).map_err(|e| match e {
            TextError::TooLong { len, max, .. } => Msg::new("invalid-too-long")
                .arg("field", field)
                .arg("len", len)
                .arg("max", max)
                .field(field),
            TextError::Empty { .. } => Msg::new("invalid-empty").field(field),
        })?;
        texts.insert((*code).to_owned(), text);
    }
    let section = if input.agreement_version_id == 0 {
        None
    } else {
        let heading = input.section_heading.trim();
        let version = store
            .agreement_version(input.agreement_version_id)
            .await
            .ok()
            .flatten()
            .filter(|v| v.district_id == exchange.district_id && v.published_at.is_some())
            .filter(|v| {
                v.sections
                    .iter()
                    .any(|s| s.heading.trim().eq_ignore_ascii_case(heading))
            })
            .ok_or_else(|| Msg::new("answers-unknown-section").field("section"))?;
        Some((version.id, heading.to_owned()))
    };
    Ok(AnswerEdit { texts, section })
}

/// Saves an answer's texts and section; `Err(msg)` names what to correct.
pub async fn save(
    state: &AppState,
    staff: &Staff,
    exchange_id: i64,
    answer_id: i64,
    input: &AnswerInput,
) -> Result<Result<Answer, Msg>, AppError> {
    let exchange = answerable(state, staff, exchange_id).await?;
    answer_of(&state.store, &exchange, answer_id).await?;
    let edit = match validate(&state.store, &exchange, input).await {
        Ok(edit) => edit,
        Err(msg) => return Ok(Err(msg)),
    };
    Ok(Ok(state
        .store
        .save_answer(&Actor::user(&staff.0), answer_id, &edit)
        .await?))
}

/// Publishes an answer, refused (a conflict) while the exchange's results are not published or the
/// answer has no English text. The pages and the API both publish through here, and the district's
/// subscribers to answers are told here (once per exchange: the first answer published announces
/// the exchange's answers page, later ones join it there).
pub async fn publish(
    state: &AppState,
    staff: &Staff,
    exchange_id: i64,
    answer_id: i64,
) -> Result<Answer, AppError> {
    let exchange = answerable(state, staff, exchange_id).await?;
    let answer = answer_of(&state.store, &exchange, answer_id).await?;
    answers::publish(answer.state, exchange.state, &answer.texts, SOURCE_LANGUAGE)
        .map_err(|e| refusal(&e))?;
    let published = state
        .store
        .publish_answer(&Actor::user(&staff.0), answer.id)
        .await?;
    crate::subscriptions::announce(state, &Announcement::AnswersPublished(&exchange)).await;
    Ok(published)
}

/// An answer's text as a visitor reads it: in their language, or marked as not yet translated.
pub fn text_in<'a>(answer: &'a Answer, l: &Lang) -> Shown<'a> {
    show(&answer.texts, l.code, SOURCE_LANGUAGE)
}

/// A section of a published agreement that an answer can point to: one that changed in its version.
#[derive(Debug, Clone)]
pub struct LinkableSection {
    pub version_id: i64,
    /// "Agency, 2026-27, version 2: heading"
    pub label: String,
    pub heading: String,
}

/// The previous text an agreement version is compared with: the version before it in the same
/// agreement, or else the latest published version of the agency's previous agreement.
async fn previous_version(
    store: &Store,
    version: &AgreementVersion,
) -> Result<Option<AgreementVersion>, AppError> {
    let versions = store.agreement_versions(version.agreement_id).await?;
    if let Some(before) = versions
        .iter()
        .filter(|v| v.number < version.number)
        .max_by_key(|v| v.number)
    {
        return Ok(Some(before.clone()));
    }
    let Some(agreement) = store.agreement(version.agreement_id).await? else {
        return Ok(None);
    };
    let earlier = store
        .agreements(agreement.district_id, Some(agreement.agency_id))
        .await?
        .into_iter()
        .filter(|a| a.year_starts_on < agreement.year_starts_on)
        .max_by(|a, b| a.year_starts_on.cmp(&b.year_starts_on));
    let Some(earlier) = earlier else {
        return Ok(None);
    };
    Ok(store
        .agreement_versions(earlier.id)
        .await?
        .into_iter()
        .filter(|v| v.published_at.is_some())
        .max_by_key(|v| v.number))
}

/// The sections of the district's published agreement versions that differ from the text before.
pub async fn linkable_sections(
    store: &Store,
    district_id: i64,
    l: &Lang,
) -> Result<Vec<LinkableSection>, AppError> {
    let mut sections = Vec::new();
    for agreement in store.agreements(district_id, None).await? {
        for version in store.agreement_versions(agreement.id).await? {
            if version.published_at.is_none() {
                continue;
            }
            let before = previous_version(store, &version).await?;
            let diffs = accord_domain::documents::compare(
                before.as_ref().map_or(&[][..], |b| &b.sections),
                &version.sections,
            );
            for diff in diffs
                .into_iter()
                .filter(|d| matches!(d.change, SectionChange::Changed | SectionChange::Added))
            {
                sections.push(LinkableSection {
                    version_id: version.id,
                    label: l.t_args(
                        "answers-section-option",
                        &[
                            ("agency", agreement.agency_name.clone()),
                            ("year", agreement.school_year.clone()),
                            ("version", version.number.to_string()),
                            ("heading", diff.heading.clone()),
                        ],
                    ),
                    heading: diff.heading,
                });
            }
        }
    }
    Ok(sections)
}

/// The linked section before and after, for a version everyone may read (published).
pub async fn section_change(
    store: &Store,
    answer: &Answer,
) -> Result<Option<(AgreementVersion, SectionDiff)>, AppError> {
    let Some(version_id) = answer.agreement_version_id else {
        return Ok(None);
    };
    let Some(version) = store
        .agreement_version(version_id)
        .await?
        .filter(|v| v.published_at.is_some())
    else {
        return Ok(None);
    };
    let before = previous_version(store, &version).await?;
    let diff = answers::before_and_after(
        before.as_ref().map(|b| b.sections.as_slice()),
        &version.sections,
        &answer.section_heading,
    );
    Ok(diff.map(|d| (version, d)))
}

/// An exchange's published answers, for everyone who may see the exchange.
pub async fn published_for_exchange(
    store: &Store,
    exchange: &Exchange,
) -> Result<Vec<Answer>, AppError> {
    if !exchange.state.results_published() {
        return Ok(Vec::new());
    }
    Ok(store.answers(exchange.id, true).await?)
}
