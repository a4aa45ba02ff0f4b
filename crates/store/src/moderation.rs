//! Moderation records: screened thoughts, participants' reports, the facilitators' append-only
//! decisions and the alerts for self-harm signals. `thoughts.body` is always the text others may see
//! (and only while `thoughts.status` is visible); the text as written is kept in `thought_screenings`.

use crate::{NewThought, Store, StoreError, StoreResult, Thought, now};
use accord_domain::moderation::{Flag, Screening};
use accord_domain::review::{Decision, ReportReason, ThoughtStatus, held_by_reports};
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// A report to store.
#[derive(Debug, Clone, Copy)]
pub struct NewReport<'a> {
    pub exchange_id: i64,
    pub thought_id: i64,
    pub participant_id: i64,
    pub reason: ReportReason,
    pub note: &'a str,
}

/// What became of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportOutcome {
    /// Recorded; `held` when it was the report that took the thought off the others' screens.
    Recorded { held: bool },
    /// This participant had reported this thought before; nothing changed.
    AlreadyReported,
}

/// A facilitator's decision to record.
#[derive(Debug, Clone, Copy)]
pub struct NewDecision<'a> {
    pub exchange_id: i64,
    pub thought_id: i64,
    pub user_id: i64,
    pub decision: Decision,
    pub reason: &'a str,
    /// The text others will see; `None` keeps the current text.
    pub body_after: Option<&'a str>,
}

/// One entry of the moderation audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub id: i64,
    pub thought_id: i64,
    pub user_name: String,
    pub decision: Decision,
    pub reason: String,
    pub status_before: ThoughtStatus,
    pub status_after: ThoughtStatus,
    pub body_before: String,
    pub body_after: String,
    pub created_at: i64,
}

/// A participant's report as the facilitator sees it: never who made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportView {
    pub reason: ReportReason,
    pub note: String,
}

/// A thought in the review queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueItem {
    pub thought_id: i64,
    pub status: ThoughtStatus,
    /// What others would see.
    pub body: String,
    /// What the writer wrote; `flags` point into it.
    pub written_body: String,
    pub flags: Vec<Flag>,
    /// Reports no decision has dealt with yet.
    pub reports: Vec<ReportView>,
    /// A self-harm signal no decision has dealt with yet.
    pub alert: bool,
    pub created_at: i64,
}

/// A self-harm alert for the facilitators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub id: i64,
    pub thought_id: i64,
    /// `screen` (found when shared) or `report` (a participant reported it).
    pub source: String,
    pub created_at: i64,
    /// Whether a decision on the thought has followed the alert.
    pub dealt_with: bool,
    /// When the alert was emailed; `None` until then.
    pub notified_at: Option<i64>,
}

/// How much moderation an exchange needs, for the facilitator's pages and the API summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ModerationCounts {
    pub held: i64,
    pub hidden: i64,
    /// Thoughts still visible with reports no decision has dealt with.
    pub reported: i64,
    /// Self-harm alerts no decision has dealt with.
    pub open_alerts: i64,
}

impl ModerationCounts {
    /// Thoughts waiting in the review queue.
    pub fn waiting(&self) -> i64 {
        self.held + self.reported
    }
}

fn corrupt(what: impl ToString) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(what.to_string().into()))
}

fn status(key: &str) -> StoreResult<ThoughtStatus> {
    key.parse().map_err(corrupt)
}

async fn record_alert(
    tx: &mut Transaction<'static, Any>,
    exchange_id: i64,
    thought_id: i64,
    source: &str,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO moderation_alerts (exchange_id, thought_id, source, created_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(exchange_id)
    .bind(thought_id)
    .bind(source)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Locks a thought's row for the rest of the transaction, so that reports and decisions on one
/// thought are applied one after another; returns its status and text.
async fn lock_thought(
    tx: &mut Transaction<'static, Any>,
    exchange_id: i64,
    thought_id: i64,
) -> StoreResult<(ThoughtStatus, String)> {
    let row: Option<(String, String)> = sqlx::query_as(
        "UPDATE thoughts SET status = status WHERE id = $1 AND exchange_id = $2 \
         RETURNING status, body",
    )
    .bind(thought_id)
    .bind(exchange_id)
    .fetch_optional(&mut **tx)
    .await?;
    let (key, body) = row.ok_or(StoreError::NotFound)?;
    Ok((status(&key)?, body))
}

impl Store {
    /// Stores a newly shared thought with what its screening decided: held when anything was flagged
    /// (with the flags and the text as written), and a self-harm alert when the writer may be at risk.
    pub async fn add_screened_thought(
        &self,
        thought: NewThought<'_>,
        screening: &Screening,
    ) -> StoreResult<Thought> {
        let mut tx = self.write.begin().await?;
        let at = now();
        let stored: Thought = sqlx::query_as(
            "INSERT INTO thoughts (exchange_id, participant_id, body, status, created_at) \
             VALUES ($1, $2, $3, $4, $5) \
             RETURNING id, exchange_id, participant_id, body, status, created_at",
        )
        .bind(thought.exchange_id)
        .bind(thought.participant_id)
        .bind(thought.body)
        .bind(ThoughtStatus::when_shared(screening).key())
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        if screening.hold_for_review() {
            let flags = serde_json::to_string(&screening.flags).map_err(corrupt)?;
            sqlx::query(
                "INSERT INTO thought_screenings (thought_id, exchange_id, written_body, flags, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(stored.id)
            .bind(thought.exchange_id)
            .bind(thought.body)
            .bind(flags)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        if screening.needs_help_resources() {
            record_alert(&mut tx, thought.exchange_id, stored.id, "screen").await?;
        }
        tx.commit().await?;
        Ok(stored)
    }

    /// Records a participant's report. Once enough reports have arrived since the thought was last
    /// reviewed (`accord_domain::review::held_by_reports`) it is held; a self-harm report alerts the
    /// facilitators at once. The caller has checked the participant may see the thought.
    pub async fn report_thought(&self, report: NewReport<'_>) -> StoreResult<ReportOutcome> {
        let mut tx = self.write.begin().await?;
        let (current, _) = lock_thought(&mut tx, report.exchange_id, report.thought_id).await?;
        let inserted = sqlx::query(
            "INSERT INTO thought_reports (exchange_id, thought_id, participant_id, reason, note, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(report.exchange_id)
        .bind(report.thought_id)
        .bind(report.participant_id)
        .bind(report.reason.key())
        .bind(report.note)
        .bind(now())
        .execute(&mut *tx)
        .await;
        match inserted {
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                return Ok(ReportOutcome::AlreadyReported);
            }
            other => other?,
        };
        let (pending,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM thought_reports WHERE thought_id = $1 AND decision_id IS NULL",
        )
        .bind(report.thought_id)
        .fetch_one(&mut *tx)
        .await?;
        let held = held_by_reports(current, pending);
        if held {
            sqlx::query("UPDATE thoughts SET status = $1 WHERE id = $2")
                .bind(ThoughtStatus::Held.key())
                .bind(report.thought_id)
                .execute(&mut *tx)
                .await?;
        }
        if report.reason.alerts_facilitator() {
            record_alert(&mut tx, report.exchange_id, report.thought_id, "report").await?;
        }
        tx.commit().await?;
        Ok(ReportOutcome::Recorded { held })
    }

    /// Applies a facilitator's decision and appends it to the audit trail, in one transaction. The
    /// thought's pending reports and alerts are marked as dealt with by it. When the text others see
    /// changes, the text as written is kept first (if it was not already).
    pub async fn decide(&self, decision: NewDecision<'_>) -> StoreResult<DecisionRecord> {
        let mut tx = self.write.begin().await?;
        let at = now();
        let (before, body_before) =
            lock_thought(&mut tx, decision.exchange_id, decision.thought_id).await?;
        let after = decision.decision.status_after();
        let body_after = decision.body_after.unwrap_or(&body_before).to_owned();
        if body_after != body_before {
            sqlx::query(
                "INSERT INTO thought_screenings (thought_id, exchange_id, written_body, flags, created_at) \
                 VALUES ($1, $2, $3, '[]', $4) ON CONFLICT (thought_id) DO NOTHING",
            )
            .bind(decision.thought_id)
            .bind(decision.exchange_id)
            .bind(&body_before)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE thoughts SET status = $1, body = $2 WHERE id = $3")
            .bind(after.key())
            .bind(&body_after)
            .bind(decision.thought_id)
            .execute(&mut *tx)
            .await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO moderation_decisions (exchange_id, thought_id, user_id, decision, reason, \
             status_before, status_after, body_before, body_after, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(decision.exchange_id)
        .bind(decision.thought_id)
        .bind(decision.user_id)
        .bind(decision.decision.key())
        .bind(decision.reason)
        .bind(before.key())
        .bind(after.key())
        .bind(&body_before)
        .bind(&body_after)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        for sql in [
            "UPDATE thought_reports SET decision_id = $1 WHERE thought_id = $2 AND decision_id IS NULL",
            "UPDATE moderation_alerts SET decision_id = $1 WHERE thought_id = $2 AND decision_id IS NULL",
        ] {
            sqlx::query(sql)
                .bind(id)
                .bind(decision.thought_id)
                .execute(&mut *tx)
                .await?;
        }
        let (user_name,): (String,) = sqlx::query_as("SELECT name FROM users WHERE id = $1")
            .bind(decision.user_id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(DecisionRecord {
            id,
            thought_id: decision.thought_id,
            user_name,
            decision: decision.decision,
            reason: decision.reason.to_owned(),
            status_before: before,
            status_after: after,
            body_before,
            body_after,
            created_at: at,
        })
    }

    /// The thoughts waiting for a facilitator: held ones and visible ones with unreviewed reports,
    /// oldest first, at most `limit`.
    pub async fn review_queue(&self, exchange_id: i64, limit: i64) -> StoreResult<Vec<QueueItem>> {
        type Row = (
            i64,
            String,
            String,
            i64,
            Option<String>,
            Option<String>,
            i64,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT t.id, t.status, t.body, t.created_at, s.written_body, s.flags, \
             (SELECT COUNT(*) FROM moderation_alerts a WHERE a.thought_id = t.id AND a.decision_id IS NULL) \
             FROM thoughts t LEFT JOIN thought_screenings s ON s.thought_id = t.id \
             WHERE t.exchange_id = $1 AND (t.status = 'held' OR EXISTS (SELECT 1 FROM thought_reports r \
             WHERE r.thought_id = t.id AND r.decision_id IS NULL)) \
             ORDER BY t.id LIMIT $2",
        )
        .bind(exchange_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        let mut reports = self.pending_reports(exchange_id).await?;
        rows.into_iter()
            .map(
                |(thought_id, key, body, created_at, written, flags, alerts)| {
                    let flags: Vec<Flag> = match flags {
                        Some(json) => serde_json::from_str(&json).map_err(corrupt)?,
                        None => Vec::new(),
                    };
                    Ok(QueueItem {
                        thought_id,
                        status: status(&key)?,
                        written_body: written.unwrap_or_else(|| body.clone()),
                        body,
                        flags,
                        reports: reports.remove(&thought_id).unwrap_or_default(),
                        alert: alerts > 0,
                        created_at,
                    })
                },
            )
            .collect()
    }

    async fn pending_reports(
        &self,
        exchange_id: i64,
    ) -> StoreResult<HashMap<i64, Vec<ReportView>>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT thought_id, reason, note FROM thought_reports \
             WHERE exchange_id = $1 AND decision_id IS NULL ORDER BY id",
        )
        .bind(exchange_id)
        .fetch_all(&self.read)
        .await?;
        let mut by_thought: HashMap<i64, Vec<ReportView>> = HashMap::new();
        for (thought_id, reason, note) in rows {
            by_thought.entry(thought_id).or_default().push(ReportView {
                reason: reason.parse().map_err(corrupt)?,
                note,
            });
        }
        Ok(by_thought)
    }

    pub async fn moderation_counts(&self, exchange_id: i64) -> StoreResult<ModerationCounts> {
        let statuses: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*) FROM thoughts WHERE exchange_id = $1 AND status <> 'visible' \
             GROUP BY status",
        )
        .bind(exchange_id)
        .fetch_all(&self.read)
        .await?;
        let (reported, open_alerts): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(DISTINCT r.thought_id) FROM thought_reports r \
             JOIN thoughts t ON t.id = r.thought_id \
             WHERE r.exchange_id = $1 AND r.decision_id IS NULL AND t.status = 'visible'), \
             (SELECT COUNT(*) FROM moderation_alerts WHERE exchange_id = $1 AND decision_id IS NULL)",
        )
        .bind(exchange_id)
        .fetch_one(&self.read)
        .await?;
        let mut counts = ModerationCounts {
            reported,
            open_alerts,
            ..ModerationCounts::default()
        };
        for (key, count) in statuses {
            match status(&key)? {
                ThoughtStatus::Held => counts.held = count,
                ThoughtStatus::Hidden => counts.hidden = count,
                ThoughtStatus::Visible => {}
            }
        }
        Ok(counts)
    }

    /// The exchange's self-harm alerts, newest first.
    pub async fn moderation_alerts(&self, exchange_id: i64) -> StoreResult<Vec<Alert>> {
        type Row = (i64, i64, String, i64, Option<i64>, Option<i64>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, thought_id, source, created_at, notified_at, decision_id \
             FROM moderation_alerts WHERE exchange_id = $1 ORDER BY id DESC",
        )
        .bind(exchange_id)
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, thought_id, source, created_at, notified_at, decision)| Alert {
                    id,
                    thought_id,
                    source,
                    created_at,
                    dealt_with: decision.is_some(),
                    notified_at,
                },
            )
            .collect())
    }

    /// The exchange's moderation audit trail, newest first, at most `limit` entries.
    pub async fn moderation_decisions(
        &self,
        exchange_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<DecisionRecord>> {
        type Row = (
            i64,
            i64,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            i64,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT d.id, d.thought_id, u.name, d.decision, d.reason, d.status_before, d.status_after, \
             d.body_before, d.body_after, d.created_at FROM moderation_decisions d \
             JOIN users u ON u.id = d.user_id WHERE d.exchange_id = $1 ORDER BY d.id DESC LIMIT $2",
        )
        .bind(exchange_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.into_iter()
            .map(
                |(
                    id,
                    thought_id,
                    user_name,
                    decision,
                    reason,
                    before,
                    after,
                    body_before,
                    body_after,
                    created_at,
                )| {
                    Ok(DecisionRecord {
                        id,
                        thought_id,
                        user_name,
                        decision: decision.parse().map_err(corrupt)?,
                        reason,
                        status_before: status(&before)?,
                        status_after: status(&after)?,
                        body_before,
                        body_after,
                        created_at,
                    })
                },
            )
            .collect()
    }
}
