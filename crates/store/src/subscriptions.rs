//! The public's subscriptions (issue 7, "staying in touch"): one row per district and address, with
//! double opt-in. A request stores what was asked for as pending, with the hash of its confirmation
//! token; the confirmation makes it the subscription. Only confirmed, not unsubscribed addresses are
//! ever read for sending ([`Store::subscribers`]). Addresses are personal data: nothing here is
//! audited (the trail would show them) or exported.

use crate::{Store, StoreResult};
use sqlx::FromRow;

/// A subscribe request, checked by `accord_domain::subscriptions`.
#[derive(Debug, Clone, Copy)]
pub struct SubscriptionRequest<'a> {
    pub district_id: i64,
    /// As `check_address` normalised it.
    pub email: &'a str,
    pub language: &'a str,
    /// Comma-separated topic keys.
    pub topics: &'a str,
    /// The SHA-256 of the token in the confirmation link.
    pub confirmation_hash: &'a str,
    /// Kept if the address is new; an address already known keeps its own.
    pub unsubscribe_token: &'a str,
}

/// What a subscribe request did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscribeOutcome {
    /// The request is pending: send the confirmation link to the address.
    ConfirmationDue { subscription_id: i64, sent_at: i64 },
    /// A confirmation went to this address moments ago: nothing changed and nothing is sent, so
    /// nobody can flood an address by submitting the form again and again.
    RecentlyAsked,
}

/// A subscription as its confirmation link finds it.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct PendingSubscription {
    pub id: i64,
    pub district_id: i64,
    pub confirmation_sent_at: i64,
    /// When this request was confirmed, 0 if not yet.
    pub confirmed_at: i64,
}

impl PendingSubscription {
    /// Whether the request this link belongs to has been confirmed.
    pub fn is_confirmed(&self) -> bool {
        self.confirmed_at >= self.confirmation_sent_at
    }
}

/// A confirmed subscriber, for sending only.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Subscriber {
    pub email: String,
    pub language: String,
    pub unsubscribe_token: String,
}

/// What an unsubscribe link found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsubscription {
    /// Subscribed (or still to confirm) until now.
    Active,
    AlreadyUnsubscribed,
}

impl Store {
    /// Records a subscribe request (see [`SubscribeOutcome`]); a request again within
    /// `resend_after` seconds of the last confirmation sent changes nothing.
    pub async fn request_subscription(
        &self,
        request: &SubscriptionRequest<'_>,
        now: i64,
        resend_after: i64,
    ) -> StoreResult<SubscribeOutcome> {
        let mut tx = self.write.begin().await?;
        let existing: Option<(i64, i64)> = sqlx::query_as(
            "SELECT id, confirmation_sent_at FROM subscriptions WHERE district_id = $1 AND email = $2",
        )
        .bind(request.district_id)
        .bind(request.email)
        .fetch_optional(&mut *tx)
        .await?;
        let id = match existing {
            Some((_, sent_at)) if now - sent_at < resend_after => {
                return Ok(SubscribeOutcome::RecentlyAsked);
            }
            Some((id, _)) => {
                sqlx::query(
                    "UPDATE subscriptions SET pending_language = $2, pending_topics = $3, \
                     confirmation_hash = $4, confirmation_sent_at = $5 WHERE id = $1",
                )
                .bind(id)
                .bind(request.language)
                .bind(request.topics)
                .bind(request.confirmation_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                id
            }
            None => sqlx::query_scalar(
                "INSERT INTO subscriptions (district_id, email, pending_language, pending_topics, \
                     confirmation_hash, confirmation_sent_at, unsubscribe_token, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $6) RETURNING id",
            )
            .bind(request.district_id)
            .bind(request.email)
            .bind(request.language)
            .bind(request.topics)
            .bind(request.confirmation_hash)
            .bind(now)
            .bind(request.unsubscribe_token)
            .fetch_one(&mut *tx)
            .await?,
        };
        tx.commit().await?;
        Ok(SubscribeOutcome::ConfirmationDue {
            subscription_id: id,
            sent_at: now,
        })
    }

    pub async fn subscription_by_confirmation(
        &self,
        confirmation_hash: &str,
    ) -> StoreResult<Option<PendingSubscription>> {
        Ok(sqlx::query_as(
            "SELECT id, district_id, confirmation_sent_at, confirmed_at FROM subscriptions \
             WHERE confirmation_hash = $1",
        )
        .bind(confirmation_hash)
        .fetch_optional(&self.read)
        .await?)
    }

    /// Makes the pending request of subscription `id` its subscription (also after an
    /// unsubscription: the address asked again and confirmed). True if this call confirmed it.
    pub async fn confirm_subscription(&self, id: i64, now: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE subscriptions SET language = pending_language, topics = pending_topics, \
             confirmed_at = $2, unsubscribed_at = 0 \
             WHERE id = $1 AND confirmed_at < confirmation_sent_at",
        )
        .bind(id)
        .bind(now)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The subscription an unsubscribe link names, in `district_id`: its state, or `None`.
    pub async fn unsubscription(
        &self,
        district_id: i64,
        token: &str,
    ) -> StoreResult<Option<Unsubscription>> {
        let unsubscribed_at: Option<i64> = sqlx::query_scalar(
            "SELECT unsubscribed_at FROM subscriptions WHERE district_id = $1 \
             AND unsubscribe_token = $2",
        )
        .bind(district_id)
        .bind(token)
        .fetch_optional(&self.read)
        .await?;
        Ok(unsubscribed_at.map(|at| {
            if at == 0 {
                Unsubscription::Active
            } else {
                Unsubscription::AlreadyUnsubscribed
            }
        }))
    }

    /// Stops every message to the subscription of `token` in `district_id`, also those already
    /// queued; a pending request can no longer be confirmed without asking again. What it was before,
    /// or `None` for an unknown token.
    pub async fn unsubscribe(
        &self,
        district_id: i64,
        token: &str,
        now: i64,
    ) -> StoreResult<Option<Unsubscription>> {
        let mut tx = self.write.begin().await?;
        let found: Option<(i64, String, i64)> = sqlx::query_as(
            "SELECT id, email, unsubscribed_at FROM subscriptions WHERE district_id = $1 \
             AND unsubscribe_token = $2",
        )
        .bind(district_id)
        .bind(token)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, email, unsubscribed_at)) = found else {
            return Ok(None);
        };
        if unsubscribed_at != 0 {
            return Ok(Some(Unsubscription::AlreadyUnsubscribed));
        }
        // The pending request counts as confirmed-and-withdrawn, so its link no longer subscribes.
        sqlx::query(
            "UPDATE subscriptions SET unsubscribed_at = $2, \
             confirmed_at = CASE WHEN confirmed_at < confirmation_sent_at \
               THEN confirmation_sent_at ELSE confirmed_at END WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE mail_outbox SET status = 'cancelled' WHERE status = 'queued' \
             AND district_id = $1 AND recipient = $2 AND unsubscribe_url <> ''",
        )
        .bind(district_id)
        .bind(&email)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(Unsubscription::Active))
    }

    /// The confirmed, not unsubscribed subscribers of `district_id` who chose `topic` (a topic key).
    pub async fn subscribers(&self, district_id: i64, topic: &str) -> StoreResult<Vec<Subscriber>> {
        Ok(sqlx::query_as(
            "SELECT email, language, unsubscribe_token FROM subscriptions \
             WHERE district_id = $1 AND confirmed_at > 0 AND unsubscribed_at = 0 \
             AND (',' || topics || ',') LIKE ('%,' || $2 || ',%') ORDER BY id",
        )
        .bind(district_id)
        .bind(topic)
        .fetch_all(&self.read)
        .await?)
    }
}
