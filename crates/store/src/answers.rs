//! The district's answers to a closed exchange ("you said, we did"): the thought or theme answered,
//! the text per language, the linked agreement section and the state. Every write is audited in its
//! own transaction ([`crate::audit`]). Which exchange may be answered and when an answer may be
//! published is the domain's (`accord_domain::answers`); the store guards what the database can: one
//! answer per subject and exchange, and a publication that happens once.

use crate::audit::{Actor, Change, record_change};
use crate::{Store, StoreError, StoreResult, now, on_unique};
use accord_domain::answers::{AnswerState, Reason, Subject, SubjectKind};
use serde::Serialize;
use sqlx::{Any, FromRow, Transaction};
use std::collections::{BTreeMap, BTreeSet};

/// One answer with its texts by language code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub id: i64,
    pub district_id: i64,
    pub exchange_id: i64,
    pub exchange_title: String,
    pub subject_kind: SubjectKind,
    /// The thought's id; 0 for a theme.
    pub subject_id: i64,
    /// The thought's text or the theme's label, as picked.
    pub subject_text: String,
    pub reason: Reason,
    pub state: AnswerState,
    /// The text by language code; a language missing here is not yet translated.
    pub texts: BTreeMap<String, String>,
    /// The agreement version whose section changed because of this answer.
    pub agreement_version_id: Option<i64>,
    pub section_heading: String,
    pub published_at: Option<i64>,
    pub created_at: i64,
}

impl Answer {
    pub fn subject(&self) -> Subject {
        Subject {
            kind: self.subject_kind,
            id: self.subject_id,
            text: self.subject_text.clone(),
        }
    }
}

/// What a facilitator writes for an answer: every language's text (an empty one is removed, so the
/// language reads as not yet translated) and the linked section, if any.
#[derive(Debug, Clone, Default)]
pub struct AnswerEdit {
    pub texts: BTreeMap<String, String>,
    /// (agreement version, section heading)
    pub section: Option<(i64, String)>,
}

#[derive(FromRow)]
struct AnswerRow {
    id: i64,
    district_id: i64,
    exchange_id: i64,
    exchange_title: String,
    subject_kind: String,
    subject_id: i64,
    subject_text: String,
    reason: String,
    state: String,
    agreement_version_id: i64,
    section_heading: String,
    published_at: Option<i64>,
    created_at: i64,
}

#[derive(FromRow)]
struct TextRow {
    answer_id: i64,
    language: String,
    body: String,
}

/// What the audit keeps of one language's text.
#[derive(Serialize)]
struct AnswerText<'a> {
    answer_id: i64,
    language: &'a str,
    body: &'a str,
}

macro_rules! answer_select {
    () => {
        "SELECT a.id, a.district_id, a.exchange_id, e.title AS exchange_title, a.subject_kind, \
         a.subject_id, a.subject_text, a.reason, a.state, a.agreement_version_id, \
         a.section_heading, a.published_at, a.created_at \
         FROM answers a JOIN exchanges e ON e.id = a.exchange_id "
    };
}

fn corrupt(what: String) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(what.into()))
}

impl AnswerRow {
    fn into_answer(self, texts: BTreeMap<String, String>) -> StoreResult<Answer> {
        Ok(Answer {
            id: self.id,
            district_id: self.district_id,
            exchange_id: self.exchange_id,
            exchange_title: self.exchange_title,
            subject_kind: SubjectKind::parse(&self.subject_kind)
                .ok_or_else(|| corrupt(format!("unknown subject {:?}", self.subject_kind)))?,
            subject_id: self.subject_id,
            subject_text: self.subject_text,
            reason: Reason::parse(&self.reason)
                .ok_or_else(|| corrupt(format!("unknown reason {:?}", self.reason)))?,
            state: AnswerState::parse(&self.state)
                .ok_or_else(|| corrupt(format!("unknown answer state {:?}", self.state)))?,
            texts,
            agreement_version_id: Some(self.agreement_version_id).filter(|&id| id != 0),
            section_heading: self.section_heading,
            published_at: self.published_at,
            created_at: self.created_at,
        })
    }
}

/// Rows with their texts, in the rows' order.
fn with_texts(rows: Vec<AnswerRow>, texts: Vec<TextRow>) -> StoreResult<Vec<Answer>> {
    let mut by_answer: BTreeMap<i64, BTreeMap<String, String>> = BTreeMap::new();
    for t in texts {
        by_answer
            .entry(t.answer_id)
            .or_default()
            .insert(t.language, t.body);
    }
    rows.into_iter()
        .map(|row| {
            let texts = by_answer.remove(&row.id).unwrap_or_default();
            row.into_answer(texts)
        })
        .collect()
}

async fn answer_in(tx: &mut Transaction<'static, Any>, id: i64) -> StoreResult<Answer> {
    let row: AnswerRow = sqlx::query_as(concat!(answer_select!(), "WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let texts: Vec<TextRow> =
        sqlx::query_as("SELECT answer_id, language, body FROM answer_texts WHERE answer_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    Ok(with_texts(vec![row], texts)?.remove(0))
}

impl Store {
    /// Picks a thought or theme of an exchange to answer, as a draft without text.
    pub async fn add_answer(
        &self,
        actor: &Actor,
        exchange_id: i64,
        subject: &Subject,
        reason: Reason,
    ) -> StoreResult<Answer> {
        let mut tx = self.write.begin().await?;
        let (district_id,): (i64,) =
            sqlx::query_as("SELECT district_id FROM exchanges WHERE id = $1")
                .bind(exchange_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO answers (district_id, exchange_id, subject_kind, subject_id, \
             subject_text, reason, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING id",
        )
        .bind(district_id)
        .bind(exchange_id)
        .bind(subject.kind.key())
        .bind(subject.id)
        .bind(&subject.text)
        .bind(reason.key())
        .bind(AnswerState::Draft.key())
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(on_unique("this is already answered"))?;
        let after = answer_in(&mut tx, id).await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id,
                table: "answers",
                record_id: id,
                before: None,
                after: &after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Saves an answer's texts and linked section (published answers too: translations come later),
    /// each changed language audited under `answer_texts`.
    pub async fn save_answer(
        &self,
        actor: &Actor,
        answer_id: i64,
        edit: &AnswerEdit,
    ) -> StoreResult<Answer> {
        let mut tx = self.write.begin().await?;
        let before = answer_in(&mut tx, answer_id).await?;
        let (version_id, heading) = edit.section.clone().unwrap_or((0, String::new()));
        sqlx::query(
            "UPDATE answers SET agreement_version_id = $1, section_heading = $2 WHERE id = $3",
        )
        .bind(version_id)
        .bind(&heading)
        .bind(answer_id)
        .execute(&mut *tx)
        .await?;
        let languages: BTreeSet<&String> = before.texts.keys().chain(edit.texts.keys()).collect();
        for language in languages {
            let old = before.texts.get(language).map(String::as_str).unwrap_or("");
            let new = edit.texts.get(language).map(String::as_str).unwrap_or("");
            if old == new {
                continue;
            }
            if new.is_empty() {
                sqlx::query("DELETE FROM answer_texts WHERE answer_id = $1 AND language = $2")
                    .bind(answer_id)
                    .bind(language)
                    .execute(&mut *tx)
                    .await?;
            } else {
                sqlx::query(
                    "INSERT INTO answer_texts (answer_id, language, body, updated_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (answer_id, language) \
                     DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                )
                .bind(answer_id)
                .bind(language)
                .bind(new)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            }
            let text = |body| AnswerText {
                answer_id,
                language,
                body,
            };
            record_change(
                &mut tx,
                actor,
                Change {
                    district_id: before.district_id,
                    table: "answer_texts",
                    record_id: answer_id,
                    before: Some(&text(old)),
                    after: &text(new),
                },
            )
            .await?;
        }
        let after = answer_in(&mut tx, answer_id).await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id: before.district_id,
                table: "answers",
                record_id: answer_id,
                before: Some(&before),
                after: &after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Publishes a draft (the domain has allowed it); a conflict when it is published already.
    pub async fn publish_answer(&self, actor: &Actor, answer_id: i64) -> StoreResult<Answer> {
        let mut tx = self.write.begin().await?;
        let before = answer_in(&mut tx, answer_id).await?;
        let updated = sqlx::query(
            "UPDATE answers SET state = $1, published_at = $2 WHERE id = $3 AND state = $4",
        )
        .bind(AnswerState::Published.key())
        .bind(now())
        .bind(answer_id)
        .bind(AnswerState::Draft.key())
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "the answer is already published".into(),
            ));
        }
        let after = answer_in(&mut tx, answer_id).await?;
        record_change(
            &mut tx,
            actor,
            Change {
                district_id: before.district_id,
                table: "answers",
                record_id: answer_id,
                before: Some(&before),
                after: &after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    pub async fn answer(&self, id: i64) -> StoreResult<Option<Answer>> {
        let mut tx = self.read.begin().await?;
        match answer_in(&mut tx, id).await {
            Ok(answer) => Ok(Some(answer)),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// An exchange's answers (drafts too, or only the published), in the order they were picked.
    pub async fn answers(
        &self,
        exchange_id: i64,
        published_only: bool,
    ) -> StoreResult<Vec<Answer>> {
        let rows: Vec<AnswerRow> = sqlx::query_as(concat!(
            answer_select!(),
            "WHERE a.exchange_id = $1 AND ($2 = 0 OR a.state = $3) ORDER BY a.id"
        ))
        .bind(exchange_id)
        .bind(i64::from(published_only))
        .bind(AnswerState::Published.key())
        .fetch_all(&self.read)
        .await?;
        let texts: Vec<TextRow> = sqlx::query_as(
            "SELECT t.answer_id, t.language, t.body FROM answer_texts t \
             JOIN answers a ON a.id = t.answer_id WHERE a.exchange_id = $1",
        )
        .bind(exchange_id)
        .fetch_all(&self.read)
        .await?;
        with_texts(rows, texts)
    }

    /// A district's published answers, the newest exchange first, each exchange's in picking order.
    pub async fn published_answers(&self, district_id: i64) -> StoreResult<Vec<Answer>> {
        let rows: Vec<AnswerRow> = sqlx::query_as(concat!(
            answer_select!(),
            "WHERE a.district_id = $1 AND a.state = $2 ORDER BY a.exchange_id DESC, a.id"
        ))
        .bind(district_id)
        .bind(AnswerState::Published.key())
        .fetch_all(&self.read)
        .await?;
        let texts: Vec<TextRow> = sqlx::query_as(
            "SELECT t.answer_id, t.language, t.body FROM answer_texts t \
             JOIN answers a ON a.id = t.answer_id WHERE a.district_id = $1 AND a.state = $2",
        )
        .bind(district_id)
        .bind(AnswerState::Published.key())
        .fetch_all(&self.read)
        .await?;
        with_texts(rows, texts)
    }
}
