//! The outgoing mail queue (`mail_outbox`): messages are written here by whatever causes them (a
//! subscription, a complaint) and delivered later by the web crate's sender, so a message survives a
//! restart and a slow or absent mail server never slows a request down.
//!
//! Each message is sent at most once per event and address: [`Store::enqueue_mail`] refuses a second
//! one quietly (a unique index, so it holds across servers). The sender claims due messages with a
//! lease ([`Store::claim_due_mail`]), then marks each sent or failed; a failure is tried again on
//! `accord_domain::subscriptions::next_attempt`'s schedule, and given up after its last attempt or when
//! the mail server refuses it for good. Messages carry personal addresses: nothing here is audited or
//! exported.

use crate::{Store, StoreResult, now};
use accord_domain::subscriptions::next_attempt;
use sqlx::FromRow;

/// A message to queue.
#[derive(Debug, Clone, Copy)]
pub struct OutgoingMail<'a> {
    pub district_id: i64,
    /// What caused the message ("complaint-received:123", "exchange-opened:7"): with the address, the
    /// message's identity; the same key and address are never queued twice.
    pub event_key: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    /// The plain-text body.
    pub text: &'a str,
    /// The one-click unsubscribe link of a subscription's message (RFC 8058), sent as the
    /// `List-Unsubscribe` header.
    pub unsubscribe_url: Option<&'a str>,
}

/// A message claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct QueuedMail {
    pub id: i64,
    pub district_id: i64,
    pub event_key: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    /// Empty when the message is not a subscription's.
    pub unsubscribe_url: String,
    /// Failed tries so far.
    pub attempts: i64,
}

impl QueuedMail {
    pub fn unsubscribe_url(&self) -> Option<&str> {
        Some(self.unsubscribe_url.as_str()).filter(|url| !url.is_empty())
    }
}

/// What became of a message after a failed try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailRetry {
    /// Due again at this Unix time.
    At(i64),
    /// No more tries: the last attempt failed, or the server refused the message for good.
    GaveUp,
}

/// How many messages wait, were sent, were given up, and were cancelled (their subscriber
/// unsubscribed first): for logs and tests (no addresses).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
    pub cancelled: i64,
}

/// How long a claimed message belongs to the sender that claimed it: after that, another sender (or
/// the same one after a restart) may try it, so a server that died mid-send loses nothing.
pub const CLAIM_LEASE_SECONDS: i64 = 5 * 60;

impl Store {
    /// Queues `mail`; false (and nothing written) when a message for the same event and address was
    /// queued before.
    pub async fn enqueue_mail(&self, mail: &OutgoingMail<'_>) -> StoreResult<bool> {
        let at = now();
        let inserted = sqlx::query(
            "INSERT INTO mail_outbox (district_id, event_key, recipient, subject, body_text, \
             unsubscribe_url, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
             ON CONFLICT (event_key, recipient) DO NOTHING",
        )
        .bind(mail.district_id)
        .bind(mail.event_key)
        .bind(mail.to)
        .bind(mail.subject)
        .bind(mail.text)
        .bind(mail.unsubscribe_url.unwrap_or(""))
        .bind(at)
        .execute(&self.write)
        .await?;
        Ok(inserted.rows_affected() == 1)
    }

    /// Claims up to `limit` messages due at `now`, oldest first, for [`CLAIM_LEASE_SECONDS`]. One
    /// statement, so two senders never claim the same message: the second one's condition no longer
    /// holds for a row the first has moved ahead.
    pub async fn claim_due_mail(&self, now: i64, limit: i64) -> StoreResult<Vec<QueuedMail>> {
        let mut claimed: Vec<QueuedMail> = sqlx::query_as(
            "UPDATE mail_outbox SET next_attempt_at = $2 \
             WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= $1 \
               ORDER BY next_attempt_at, id LIMIT $3) \
             AND status = 'queued' AND next_attempt_at <= $1 \
             RETURNING id, district_id, event_key, recipient, subject, body_text, unsubscribe_url, \
             attempts",
        )
        .bind(now)
        .bind(now + CLAIM_LEASE_SECONDS)
        .bind(limit)
        .fetch_all(&self.write)
        .await?;
        claimed.sort_by_key(|mail| mail.id);
        Ok(claimed)
    }

    pub async fn mark_mail_sent(&self, id: i64, now: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE mail_outbox SET status = 'sent', sent_at = $2, last_error = '' WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Records a failed try of message `id` (`error` says why, without the address), and schedules the
    /// next one, or gives up when it was the last or `permanent` (the server refused it for good).
    pub async fn mark_mail_failed(
        &self,
        id: i64,
        error: &str,
        permanent: bool,
        now: i64,
    ) -> StoreResult<MailRetry> {
        let mut tx = self.write.begin().await?;
        let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM mail_outbox WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let attempts = attempts + 1;
        let retry = match next_attempt(u32::try_from(attempts).unwrap_or(u32::MAX), now) {
            Some(at) if !permanent => MailRetry::At(at),
            _ => MailRetry::GaveUp,
        };
        let (status, next) = match retry {
            MailRetry::At(at) => ("queued", at),
            MailRetry::GaveUp => ("failed", now),
        };
        sqlx::query(
            "UPDATE mail_outbox SET attempts = $2, status = $3, next_attempt_at = $4, \
             last_error = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(attempts)
        .bind(status)
        .bind(next)
        .bind(error)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(retry)
    }

    pub async fn outbox_counts(&self) -> StoreResult<OutboxCounts> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, CAST(COUNT(*) AS BIGINT) FROM mail_outbox GROUP BY status",
        )
        .fetch_all(&self.read)
        .await?;
        let mut counts = OutboxCounts::default();
        for (status, count) in rows {
            match status.as_str() {
                "queued" => counts.queued = count,
                "sent" => counts.sent = count,
                "cancelled" => counts.cancelled = count,
                _ => counts.failed += count,
            }
        }
        Ok(counts)
    }
}
