//! Listening sessions: the schedule, the public's sign-ups, attendance, the staff's notes, the public
//! summary and the themes a session raised. Every write is audited in its own transaction
//! ([`crate::audit`]). The rules are `accord_domain::listening`'s; the one the database must apply
//! itself is the sign-up's, inside the transaction that counts the places taken, so that two people
//! signing up at once cannot overbook the room.

use crate::audit::{Actor, Change, record_change};
use crate::program::read_in;
use crate::{Store, StoreError, StoreResult, now};
use accord_domain::listening::{Seats, SignUpRefusal, check_sign_up};
use serde::Serialize;
use sqlx::{Any, FromRow, Transaction};

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct ListeningSession {
    pub id: i64,
    pub district_id: i64,
    pub school_id: Option<i64>,
    pub school_name: Option<String>,
    pub title: String,
    pub description: String,
    /// Unix seconds.
    pub starts_at: i64,
    pub ends_at: i64,
    /// An `accord_domain::listening::TimeZone` key.
    pub time_zone: String,
    pub place: String,
    pub online_url: String,
    /// Comma-separated labels; see [`ListeningSession::languages`].
    pub languages: String,
    pub interpretation: String,
    pub capacity: i64,
    /// People signed up (each sign-up counts its party).
    pub seats_taken: i64,
    /// People of the sign-ups marked as attended.
    pub attended: i64,
    /// Staff only.
    pub notes: String,
    /// Public.
    pub summary: String,
    pub cancelled: i64,
}

impl ListeningSession {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled != 0
    }

    pub fn language_list(&self) -> Vec<&str> {
        labels_of(&self.languages)
    }

    pub fn interpretation_list(&self) -> Vec<&str> {
        labels_of(&self.interpretation)
    }

    /// The session as the sign-up rule sees it.
    pub fn seats(&self) -> Seats {
        Seats {
            starts_at: self.starts_at,
            capacity: self.capacity,
            taken: self.seats_taken,
            cancelled: self.is_cancelled(),
        }
    }
}

fn labels_of(text: &str) -> Vec<&str> {
    text.split(',')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// A session's schedule, checked by `accord_domain::listening::check_schedule`.
#[derive(Debug, Clone)]
pub struct NewListeningSession {
    pub school_id: Option<i64>,
    pub title: String,
    pub description: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub place: String,
    pub online_url: String,
    pub languages: Vec<String>,
    pub interpretation: Vec<String>,
    pub capacity: i64,
    pub cancelled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct SignUp {
    pub id: i64,
    pub session_id: i64,
    pub name: String,
    /// An email address or a phone number, or empty.
    pub contact: String,
    pub language: String,
    pub needs_interpretation: i64,
    pub party_size: i64,
    pub attended: i64,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewSignUp {
    pub name: String,
    pub contact: String,
    pub language: String,
    pub needs_interpretation: bool,
    pub party_size: i64,
}

/// A theme a session raised: a short label and what was said.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct SessionTheme {
    pub label: String,
    pub detail: String,
}

macro_rules! session_select {
    () => {
        "SELECT s.id, s.district_id, s.school_id, sc.name AS school_name, s.title, s.description, \
         s.starts_at, s.ends_at, s.time_zone, s.place, s.online_url, s.languages, s.interpretation, \
         s.capacity, \
         CAST(COALESCE((SELECT SUM(u.party_size) FROM listening_sign_ups u \
           WHERE u.session_id = s.id), 0) AS BIGINT) AS seats_taken, \
         CAST(COALESCE((SELECT SUM(u.party_size) FROM listening_sign_ups u \
           WHERE u.session_id = s.id AND u.attended = 1), 0) AS BIGINT) AS attended, \
         s.notes, s.summary, s.cancelled \
         FROM listening_sessions s LEFT JOIN schools sc ON sc.id = s.school_id "
    };
}

macro_rules! sign_up_select {
    () => {
        "SELECT id, session_id, name, contact, language, needs_interpretation, party_size, attended, \
         created_at FROM listening_sign_ups "
    };
}

const SESSION_BY_ID: &str = concat!(session_select!(), "WHERE s.id = $1");
const SIGN_UP_BY_ID: &str = concat!(sign_up_select!(), "WHERE id = $1");
const SIGN_UPS_OF_SESSION: &str = concat!(sign_up_select!(), "WHERE session_id = $1 ORDER BY id");
const THEMES_OF_SESSION: &str =
    "SELECT label, detail FROM listening_session_themes WHERE session_id = $1 ORDER BY position";

/// Reads a session for change in `tx`, holding its row until the transaction ends (a no-op update
/// takes the row lock on PostgreSQL; SQLite's single writer holds the whole database).
async fn lock_session(
    tx: &mut Transaction<'static, Any>,
    id: i64,
) -> StoreResult<ListeningSession> {
    let locked = sqlx::query("UPDATE listening_sessions SET capacity = capacity WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if locked.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    read_in(tx, SESSION_BY_ID, id).await
}

impl Store {
    pub async fn create_listening_session(
        &self,
        district_id: i64,
        actor: &Actor,
        session: &NewListeningSession,
    ) -> StoreResult<ListeningSession> {
        let mut tx = self.write.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO listening_sessions (district_id, school_id, title, description, starts_at, \
             ends_at, time_zone, place, online_url, languages, interpretation, capacity, cancelled, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
             RETURNING id",
        )
        .bind(district_id)
        .bind(session.school_id)
        .bind(&session.title)
        .bind(&session.description)
        .bind(session.starts_at)
        .bind(session.ends_at)
        .bind(&session.time_zone)
        .bind(&session.place)
        .bind(&session.online_url)
        .bind(session.languages.join(", "))
        .bind(session.interpretation.join(", "))
        .bind(session.capacity)
        .bind(i64::from(session.cancelled))
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        let after: ListeningSession = read_in(&mut tx, SESSION_BY_ID, id).await?;
        let change = Change {
            district_id,
            table: "listening_sessions",
            record_id: id,
            before: None,
            after: &after,
        };
        record_change(&mut tx, actor, change).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Changes a session's schedule (or cancels it); its sign-ups, notes and themes stay.
    pub async fn update_listening_session(
        &self,
        actor: &Actor,
        id: i64,
        session: &NewListeningSession,
    ) -> StoreResult<ListeningSession> {
        let mut tx = self.write.begin().await?;
        let before = lock_session(&mut tx, id).await?;
        sqlx::query(
            "UPDATE listening_sessions SET school_id = $1, title = $2, description = $3, \
             starts_at = $4, ends_at = $5, time_zone = $6, place = $7, online_url = $8, \
             languages = $9, interpretation = $10, capacity = $11, cancelled = $12 WHERE id = $13",
        )
        .bind(session.school_id)
        .bind(&session.title)
        .bind(&session.description)
        .bind(session.starts_at)
        .bind(session.ends_at)
        .bind(&session.time_zone)
        .bind(&session.place)
        .bind(&session.online_url)
        .bind(session.languages.join(", "))
        .bind(session.interpretation.join(", "))
        .bind(session.capacity)
        .bind(i64::from(session.cancelled))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let after: ListeningSession = read_in(&mut tx, SESSION_BY_ID, id).await?;
        let change = Change {
            district_id: before.district_id,
            table: "listening_sessions",
            record_id: id,
            before: Some(&before),
            after: &after,
        };
        record_change(&mut tx, actor, change).await?;
        tx.commit().await?;
        Ok(after)
    }

    pub async fn listening_session(&self, id: i64) -> StoreResult<Option<ListeningSession>> {
        Ok(sqlx::query_as(SESSION_BY_ID)
            .bind(id)
            .fetch_optional(&self.read)
            .await?)
    }

    /// Every session of a district, the latest first.
    pub async fn listening_sessions(&self, district_id: i64) -> StoreResult<Vec<ListeningSession>> {
        Ok(sqlx::query_as(concat!(
            session_select!(),
            "WHERE s.district_id = $1 ORDER BY s.starts_at DESC, s.id DESC"
        ))
        .bind(district_id)
        .fetch_all(&self.read)
        .await?)
    }

    /// The sessions not yet over at `now` (Unix seconds), the soonest first, at most `limit`. Cancelled
    /// ones are included, flagged, so that nobody comes to a session that will not happen.
    pub async fn upcoming_listening_sessions(
        &self,
        district_id: i64,
        now: i64,
        limit: i64,
    ) -> StoreResult<Vec<ListeningSession>> {
        Ok(sqlx::query_as(concat!(
            session_select!(),
            "WHERE s.district_id = $1 AND s.ends_at > $2 ORDER BY s.starts_at, s.id LIMIT $3"
        ))
        .bind(district_id)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.read)
        .await?)
    }

    /// The sessions held before `now`, the latest first, at most `limit` (cancelled ones left out).
    pub async fn past_listening_sessions(
        &self,
        district_id: i64,
        now: i64,
        limit: i64,
    ) -> StoreResult<Vec<ListeningSession>> {
        Ok(sqlx::query_as(concat!(
            session_select!(),
            "WHERE s.district_id = $1 AND s.ends_at <= $2 AND s.cancelled = 0 \
             ORDER BY s.starts_at DESC, s.id DESC LIMIT $3"
        ))
        .bind(district_id)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.read)
        .await?)
    }

    /// Signs a party up if the domain's rule allows it at `now`. The places taken are counted with the
    /// session's row held, so concurrent sign-ups queue and the last places go to one of them only.
    pub async fn sign_up_for_listening_session(
        &self,
        actor: &Actor,
        session_id: i64,
        sign_up: &NewSignUp,
        now: i64,
    ) -> StoreResult<Result<SignUp, SignUpRefusal>> {
        let mut tx = self.write.begin().await?;
        let session = lock_session(&mut tx, session_id).await?;
        if let Err(refusal) = check_sign_up(&session.seats(), sign_up.party_size, now) {
            return Ok(Err(refusal));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO listening_sign_ups (session_id, name, contact, language, \
             needs_interpretation, party_size, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             RETURNING id",
        )
        .bind(session_id)
        .bind(&sign_up.name)
        .bind(&sign_up.contact)
        .bind(&sign_up.language)
        .bind(i64::from(sign_up.needs_interpretation))
        .bind(sign_up.party_size)
        .bind(crate::now())
        .fetch_one(&mut *tx)
        .await?;
        let after: SignUp = read_in(&mut tx, SIGN_UP_BY_ID, id).await?;
        let change = Change {
            district_id: session.district_id,
            table: "listening_sign_ups",
            record_id: id,
            before: None,
            after: &after,
        };
        record_change(&mut tx, actor, change).await?;
        tx.commit().await?;
        Ok(Ok(after))
    }

    /// A session's sign-ups in the order they came.
    pub async fn listening_sign_ups(&self, session_id: i64) -> StoreResult<Vec<SignUp>> {
        Ok(sqlx::query_as(SIGN_UPS_OF_SESSION)
            .bind(session_id)
            .fetch_all(&self.read)
            .await?)
    }

    /// Marks exactly the sign-ups in `attended` as attended and the session's others as not; each
    /// sign-up that changes is audited. Ids of other sessions are ignored.
    pub async fn record_listening_attendance(
        &self,
        actor: &Actor,
        session_id: i64,
        attended: &[i64],
    ) -> StoreResult<Vec<SignUp>> {
        let mut tx = self.write.begin().await?;
        let session = lock_session(&mut tx, session_id).await?;
        let sign_ups: Vec<SignUp> = sqlx::query_as(SIGN_UPS_OF_SESSION)
            .bind(session_id)
            .fetch_all(&mut *tx)
            .await?;
        for before in sign_ups {
            let came = i64::from(attended.contains(&before.id));
            if came == before.attended {
                continue;
            }
            sqlx::query("UPDATE listening_sign_ups SET attended = $1 WHERE id = $2")
                .bind(came)
                .bind(before.id)
                .execute(&mut *tx)
                .await?;
            let after = SignUp {
                attended: came,
                ..before.clone()
            };
            let change = Change {
                district_id: session.district_id,
                table: "listening_sign_ups",
                record_id: before.id,
                before: Some(&before),
                after: &after,
            };
            record_change(&mut tx, actor, change).await?;
        }
        let after = sqlx::query_as(SIGN_UPS_OF_SESSION)
            .bind(session_id)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Writes what a session brought: the staff's notes, the public summary, and the themes it raised
    /// (replacing the earlier list, in the order given).
    pub async fn record_listening_outcome(
        &self,
        actor: &Actor,
        session_id: i64,
        notes: &str,
        summary: &str,
        themes: &[SessionTheme],
    ) -> StoreResult<ListeningSession> {
        let mut tx = self.write.begin().await?;
        let before = lock_session(&mut tx, session_id).await?;
        if before.notes != notes || before.summary != summary {
            sqlx::query("UPDATE listening_sessions SET notes = $1, summary = $2 WHERE id = $3")
                .bind(notes)
                .bind(summary)
                .bind(session_id)
                .execute(&mut *tx)
                .await?;
            let after: ListeningSession = read_in(&mut tx, SESSION_BY_ID, session_id).await?;
            let change = Change {
                district_id: before.district_id,
                table: "listening_sessions",
                record_id: session_id,
                before: Some(&before),
                after: &after,
            };
            record_change(&mut tx, actor, change).await?;
        }
        let earlier: Vec<SessionTheme> = sqlx::query_as(THEMES_OF_SESSION)
            .bind(session_id)
            .fetch_all(&mut *tx)
            .await?;
        if earlier != themes {
            sqlx::query("DELETE FROM listening_session_themes WHERE session_id = $1")
                .bind(session_id)
                .execute(&mut *tx)
                .await?;
            for (position, theme) in themes.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO listening_session_themes (session_id, position, label, detail) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(session_id)
                .bind(position as i64)
                .bind(&theme.label)
                .bind(&theme.detail)
                .execute(&mut *tx)
                .await?;
            }
            let after = themes.to_vec();
            let change = Change {
                district_id: before.district_id,
                table: "listening_session_themes",
                record_id: session_id,
                before: (!earlier.is_empty()).then_some(&earlier),
                after: &after,
            };
            record_change(&mut tx, actor, change).await?;
        }
        let after = read_in(&mut tx, SESSION_BY_ID, session_id).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The themes a session raised, in order.
    pub async fn listening_session_themes(
        &self,
        session_id: i64,
    ) -> StoreResult<Vec<SessionTheme>> {
        Ok(sqlx::query_as(THEMES_OF_SESSION)
            .bind(session_id)
            .fetch_all(&self.read)
            .await?)
    }
}
