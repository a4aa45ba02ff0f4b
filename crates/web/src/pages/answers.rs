//! The district's answers to a closed exchange: the facilitator's page under the exchange's manage
//! area (`/manage/exchanges/{id}/answers`: suggestions, picking, each language's text, the linked
//! agreement section, publishing), and the published answers as the results page and the public
//! program page show them. Rules are `crate::answers`'s.

use super::Chrome;
use super::public_program::PartView;
use crate::AppState;
use crate::answers::{self, AnswerInput, LinkableSection, PickInput};
use crate::auth::Staff;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::i18n::{LANGUAGES, Lang, Msg};
use accord_domain::answers::{AnswerState, Reason, SubjectKind, Suggestion};
use accord_domain::documents::WordChange;
use accord_store::{Answer, Exchange, Store};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/manage/exchanges/{id}/answers", get(show).post(pick))
        .route("/manage/exchanges/{id}/answers/{answer}", post(save))
        .route(
            "/manage/exchanges/{id}/answers/{answer}/publish",
            post(publish),
        )
}

/// A published answer as visitors read it, in their language.
pub struct PublicAnswer {
    pub exchange_id: i64,
    pub exchange_title: String,
    pub subject: String,
    pub is_theme: bool,
    /// `None` only if no language has text (never for a published answer).
    pub text: Option<PartView>,
    pub change: Option<ChangeView>,
}

/// The agreement section that changed because of an answer: before and after.
pub struct ChangeView {
    /// "Cedar County Sheriff, 2026-27, version 2: Weapons"
    pub title: String,
    pub link: String,
    /// (kept, removed or inserted, the words)
    pub words: Vec<(&'static str, String)>,
}

impl PublicAnswer {
    pub async fn all(
        store: &Store,
        slug: &str,
        answers: &[Answer],
        l: &Lang,
    ) -> Result<Vec<PublicAnswer>, AppError> {
        let mut shown = Vec::with_capacity(answers.len());
        for answer in answers {
            let change = match answers::section_change(store, answer).await? {
                Some((version, diff)) => {
                    let agreement = store.agreement(version.agreement_id).await?;
                    Some(ChangeView {
                        title: l.t_args(
                            "answers-section-option",
                            &[
                                (
                                    "agency",
                                    agreement
                                        .as_ref()
                                        .map(|a| a.agency_name.clone())
                                        .unwrap_or_default(),
                                ),
                                (
                                    "year",
                                    agreement
                                        .as_ref()
                                        .map(|a| a.school_year.clone())
                                        .unwrap_or_default(),
                                ),
                                ("version", version.number.to_string()),
                                ("heading", diff.heading.clone()),
                            ],
                        ),
                        link: format!("/districts/{slug}/agreements/{}", version.id),
                        words: diff
                            .words
                            .into_iter()
                            .map(|w| {
                                let kind = match w.change {
                                    WordChange::Kept => "kept",
                                    WordChange::Removed => "removed",
                                    WordChange::Inserted => "inserted",
                                };
                                (kind, w.text)
                            })
                            .collect(),
                    })
                }
                None => None,
            };
            shown.push(PublicAnswer {
                exchange_id: answer.exchange_id,
                exchange_title: answer.exchange_title.clone(),
                subject: answer.subject_text.clone(),
                is_theme: answer.subject_kind == SubjectKind::Theme,
                text: PartView::of(answers::text_in(answer, l), false, l),
                change,
            });
        }
        Ok(shown)
    }
}

/// One language's box of an answer's form.
struct TextField {
    code: &'static str,
    name: &'static str,
    field: &'static str,
    value: String,
}

/// An answer as the facilitator edits it.
struct AnswerForm {
    id: i64,
    subject: String,
    kind: String,
    reason: String,
    published: bool,
    state: String,
    texts: Vec<TextField>,
    /// The chosen section as the select's value.
    section: String,
    error: Option<String>,
    error_field: &'static str,
}

/// A suggestion with its reasons, as a pick form.
struct SuggestionView {
    kind: &'static str,
    thought_id: i64,
    text: String,
    reason: &'static str,
    reasons: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "manage_answers.html")]
struct AnswersPage {
    c: Chrome,
    exchange_id: i64,
    title: String,
    results_published: bool,
    notice: Option<String>,
    error: Option<String>,
    suggestions: Vec<SuggestionView>,
    answers: Vec<AnswerForm>,
    /// (value, label) for the section choice; the first is "none".
    sections: Vec<(String, String)>,
}

fn section_value(version_id: i64, heading: &str) -> String {
    format!("{version_id}:{heading}")
}

fn reason_label(l: &Lang, reason: Reason) -> String {
    l.t(format!("answers-reason-{}", reason.key()))
}

fn text_fields(texts: &BTreeMap<String, String>) -> Vec<TextField> {
    LANGUAGES
        .iter()
        .map(|(code, _, name)| TextField {
            code,
            name,
            field: if *code == "es" { "text_es" } else { "text_en" },
            value: texts.get(*code).cloned().unwrap_or_default(),
        })
        .collect()
}

fn answer_form(l: &Lang, answer: &Answer) -> AnswerForm {
    AnswerForm {
        id: answer.id,
        subject: answer.subject_text.clone(),
        kind: l.t(format!("answers-kind-{}", answer.subject_kind.key())),
        reason: reason_label(l, answer.reason),
        published: answer.state == AnswerState::Published,
        state: l.t(format!("answers-state-{}", answer.state.key())),
        texts: text_fields(&answer.texts),
        section: answer
            .agreement_version_id
            .map(|v| section_value(v, &answer.section_heading))
            .unwrap_or_default(),
        error: None,
        error_field: "",
    }
}

fn suggestion_view(l: &Lang, s: &Suggestion) -> SuggestionView {
    SuggestionView {
        kind: s.subject.kind.key(),
        thought_id: s.subject.id,
        text: s.subject.text.clone(),
        reason: s.reasons.first().map_or("", |r| r.key()),
        reasons: s
            .reasons
            .iter()
            .map(|r| reason_label(l, *r))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

/// What went wrong, for one answer's form (with what was typed) or for the page.
enum Trouble {
    Answer {
        id: i64,
        input: AnswerInput,
        msg: Msg,
    },
    Page(Msg),
}

async fn page(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    id: i64,
    notice: Option<String>,
    trouble: Option<Trouble>,
) -> Result<AnswersPage, AppError> {
    let (exchange, stored) = answers::for_facilitator(state, staff, id).await?;
    let suggestions = answers::suggestions(state, &exchange, &stored).await?;
    let linkable = answers::linkable_sections(&state.store, exchange.district_id, &c.l).await?;
    let mut forms: Vec<AnswerForm> = stored.iter().map(|a| answer_form(&c.l, a)).collect();
    let mut page_error = None;
    match trouble {
        Some(Trouble::Answer { id, input, msg }) => {
            if let Some(form) = forms.iter_mut().find(|f| f.id == id) {
                form.texts = text_fields(&input.texts);
                form.section = if input.agreement_version_id == 0 {
                    String::new()
                } else {
                    section_value(input.agreement_version_id, &input.section_heading)
                };
                form.error_field = msg.field.unwrap_or("");
                form.error = Some(c.l.msg(&msg));
            }
        }
        Some(Trouble::Page(msg)) => page_error = Some(c.l.msg(&msg)),
        None => {}
    }
    Ok(AnswersPage {
        exchange_id: exchange.id,
        title: exchange.title.clone(),
        results_published: exchange.state.results_published(),
        notice,
        error: page_error,
        suggestions: suggestions
            .iter()
            .map(|s| suggestion_view(&c.l, s))
            .collect(),
        answers: forms,
        sections: std::iter::once((String::new(), c.l.t("answers-section-none")))
            .chain(linkable.iter().map(|s: &LinkableSection| {
                (section_value(s.version_id, &s.heading), s.label.clone())
            }))
            .collect(),
        c,
    })
}

#[derive(serde::Deserialize)]
struct Done {
    done: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    Query(done): Query<Done>,
) -> Result<AnswersPage, AppError> {
    let notice = done.done.map(|what| {
        let key = match what.as_str() {
            "picked" => "answers-notice-picked",
            "published" => "answers-notice-published",
            _ => "answers-notice-saved",
        };
        c.l.t(key)
    });
    page(&state, &staff, c, id, notice, None).await
}

#[derive(serde::Deserialize)]
struct PickForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    thought_id: i64,
    #[serde(default)]
    theme: String,
    #[serde(default)]
    reason: String,
}

/// A refusal the page can show where it happened; anything else is the error page's.
fn shown_on_page(err: AppError) -> Result<Msg, AppError> {
    match err {
        AppError::Conflict(msg) | AppError::Invalid(msg) => Ok(msg),
        other => Err(other),
    }
}

async fn pick(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<PickForm>,
) -> Result<Response, AppError> {
    let input = PickInput {
        kind: form.kind,
        thought_id: form.thought_id,
        theme: form.theme,
        reason: form.reason,
    };
    match answers::pick(&state, &staff, id, &input).await {
        Ok(answer) => Ok(Redirect::to(&format!(
            "/manage/exchanges/{id}/answers?done=picked#answer-{}",
            answer.id
        ))
        .into_response()),
        Err(err) => {
            let msg = shown_on_page(err)?;
            let page = page(&state, &staff, c, id, None, Some(Trouble::Page(msg))).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}

#[derive(serde::Deserialize)]
struct SaveForm {
    #[serde(default)]
    text_en: String,
    #[serde(default)]
    text_es: String,
    /// `{version id}:{heading}`, or empty for none.
    #[serde(default)]
    section: String,
}

impl From<SaveForm> for AnswerInput {
    fn from(f: SaveForm) -> Self {
        let (agreement_version_id, section_heading) = f
            .section
            .split_once(':')
            .and_then(|(v, h)| Some((v.parse().ok()?, h.to_owned())))
            .unwrap_or_default();
        AnswerInput {
            texts: BTreeMap::from([("en".to_owned(), f.text_en), ("es".to_owned(), f.text_es)]),
            agreement_version_id,
            section_heading,
        }
    }
}

async fn save(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path((id, answer)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<SaveForm>,
) -> Result<Response, AppError> {
    let input = AnswerInput::from(form);
    match answers::save(&state, &staff, id, answer, &input).await? {
        Ok(_) => Ok(Redirect::to(&format!(
            "/manage/exchanges/{id}/answers?done=saved#answer-{answer}"
        ))
        .into_response()),
        Err(msg) => {
            let trouble = Trouble::Answer {
                id: answer,
                input,
                msg,
            };
            let page = page(&state, &staff, c, id, None, Some(trouble)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path((id, answer)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    match answers::publish(&state, &staff, id, answer).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/manage/exchanges/{id}/answers?done=published#answer-{answer}"
        ))
        .into_response()),
        Err(err) => {
            let msg = shown_on_page(err)?;
            let stored = state.store.answer(answer).await?;
            let trouble = Trouble::Answer {
                id: answer,
                input: AnswerInput {
                    texts: stored.as_ref().map(|a| a.texts.clone()).unwrap_or_default(),
                    agreement_version_id: stored
                        .as_ref()
                        .and_then(|a| a.agreement_version_id)
                        .unwrap_or(0),
                    section_heading: stored.map(|a| a.section_heading).unwrap_or_default(),
                },
                msg,
            };
            let page = page(&state, &staff, c, id, None, Some(trouble)).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}

/// The published answers of an exchange, for its results page.
pub async fn for_results(
    state: &AppState,
    exchange: &Exchange,
    l: &Lang,
) -> Result<Vec<PublicAnswer>, AppError> {
    let published = answers::published_for_exchange(&state.store, exchange).await?;
    if published.is_empty() {
        return Ok(Vec::new());
    }
    let slug = state
        .store
        .district(exchange.district_id)
        .await?
        .map(|d| d.slug)
        .unwrap_or_default();
    PublicAnswer::all(&state.store, &slug, &published, l).await
}
