//! Moderation, once for the pages and the API: participants report thoughts, facilitators work the
//! review queue of their own district's exchanges.

use super::{check_may_rate, exchange_for_staff, text_error};
use crate::AppState;
use crate::auth::Staff;
use crate::error::AppError;
use crate::i18n::Msg;
use accord_domain::exchange::{self, THOUGHT_MAX_CHARS, TextError};
use accord_domain::review::{
    DECISION_REASON_MAX_CHARS, Decision, REPORT_NOTE_MAX_CHARS, ReportReason,
};
use accord_store::{
    Alert, DecisionRecord, Exchange, ModerationCounts, NewDecision, NewReport, Participant,
    QueueItem, ReportOutcome, StoreError,
};

/// The crisis lines and advice a writer sees when their thought carries a self-harm signal, as
/// message keys (English and Spanish in `locales/*/moderation.ftl`).
pub const HELP_RESOURCES: [&str; 3] = ["help-988", "help-crisis-text", "help-school"];

/// How many thoughts one queue page lists, and how many past decisions it shows.
pub const QUEUE_LIMIT: i64 = 200;
pub const TRAIL_LIMIT: i64 = 100;

/// A report as a participant sends it, before validation.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ReportInput {
    /// personal_information, abuse, self_harm, spam or other.
    #[serde(default)]
    pub reason: String,
    /// Up to 500 characters; optional.
    #[serde(default)]
    pub note: String,
}

/// Reports a thought the participant may rate. One report per participant and thought: a second
/// one changes nothing and says so.
pub async fn report(
    state: &AppState,
    participant: &Participant,
    thought_id: i64,
    input: &ReportInput,
) -> Result<Result<ReportOutcome, Msg>, AppError> {
    let reason: ReportReason = match input.reason.parse() {
        Ok(reason) => reason,
        Err(_) => return Ok(Err(Msg::new("invalid-report-reason").field("reason"))),
    };
    let note = match exchange::clean_optional_text("note", &input.note, REPORT_NOTE_MAX_CHARS) {
        Ok(note) => note,
        Err(e) => return Ok(Err(text_error(&e))),
    };
    check_may_rate(state, participant, thought_id).await?;
    let outcome = state
        .store
        .report_thought(NewReport {
            exchange_id: participant.exchange_id,
            thought_id,
            participant_id: participant.id,
            reason,
            note: &note,
        })
        .await?;
    Ok(Ok(outcome))
}

/// A decision as a facilitator sends it, before validation.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct DecisionInput {
    /// approve, hide or redact.
    #[serde(default)]
    pub decision: String,
    /// Why: required, kept in the audit trail.
    #[serde(default)]
    pub reason: String,
    /// For redact: the text others will see, with the personal details edited out.
    #[serde(default)]
    pub text: String,
}

/// Records a facilitator's decision on a thought of an exchange they run.
pub async fn decide(
    state: &AppState,
    staff: &Staff,
    exchange_id: i64,
    thought_id: i64,
    input: &DecisionInput,
) -> Result<Result<DecisionRecord, Msg>, AppError> {
    let exchange = exchange_for_staff(state, staff, exchange_id).await?;
    let decision: Decision = match input.decision.parse() {
        Ok(decision) => decision,
        Err(_) => return Ok(Err(Msg::new("invalid-decision").field("decision"))),
    };
    let reason = match exchange::clean_text("reason", &input.reason, DECISION_REASON_MAX_CHARS) {
        Ok(reason) => reason,
        Err(e) => return Ok(Err(decision_text_error(&e, "decision-reason-missing"))),
    };
    let body_after = match decision {
        Decision::Redact => match exchange::clean_text("text", &input.text, THOUGHT_MAX_CHARS) {
            Ok(text) => Some(text),
            Err(e) => return Ok(Err(decision_text_error(&e, "decision-text-missing"))),
        },
        Decision::Approve | Decision::Hide => None,
    };
    let record = state
        .store
        .decide(NewDecision {
            exchange_id: exchange.id,
            thought_id,
            user_id: staff.0.id,
            decision,
            reason: &reason,
            body_after: body_after.as_deref(),
        })
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::NotFound,
            other => other.into(),
        })?;
    // Results kept per server must not show a thought that was just hidden or edited.
    state.totals.forget(exchange.id);
    state.insight.forget(exchange.id);
    state.results.forget(exchange.id);
    state.adjusted.forget(exchange.id);
    Ok(Ok(record))
}

/// An empty field of a decision says what is missing; anything else as any text.
fn decision_text_error(err: &TextError, missing: &'static str) -> Msg {
    match err {
        TextError::Empty { field } => Msg::new(missing).field(field),
        TextError::TooLong { .. } => text_error(err),
    }
}

/// What a facilitator reviews for one exchange.
pub struct Queue {
    pub exchange: Exchange,
    pub counts: ModerationCounts,
    pub items: Vec<QueueItem>,
    pub alerts: Vec<Alert>,
    pub trail: Vec<DecisionRecord>,
}

pub async fn queue(state: &AppState, staff: &Staff, exchange_id: i64) -> Result<Queue, AppError> {
    let exchange = exchange_for_staff(state, staff, exchange_id).await?;
    let (counts, items, alerts, trail) = tokio::try_join!(
        state.store.moderation_counts(exchange.id),
        state.store.review_queue(exchange.id, QUEUE_LIMIT),
        state.store.moderation_alerts(exchange.id),
        state.store.moderation_decisions(exchange.id, TRAIL_LIMIT),
    )?;
    Ok(Queue {
        exchange,
        counts,
        items,
        alerts,
        trail,
    })
}

/// The moderation counts of an exchange, for those who run it; `None` for everyone else.
pub async fn counts_for(
    state: &AppState,
    staff: Option<&Staff>,
    exchange: &Exchange,
) -> Result<Option<ModerationCounts>, AppError> {
    match staff {
        Some(s) if s.require_exchange_runner(exchange.district_id).is_ok() => {
            Ok(Some(state.store.moderation_counts(exchange.id).await?))
        }
        _ => Ok(None),
    }
}
