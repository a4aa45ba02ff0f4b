//! Who is asking: staff by session cookie (pages) or bearer token (API), participants by their
//! anonymous token (a cookie scoped to the exchange on pages, a bearer token on the API).
//!
//! Tokens are 256-bit random strings; the database keeps only their SHA-256, so a leaked database
//! does not let anyone act as a participant or a staff member.

use crate::AppState;
use crate::error::AppError;
use accord_domain::roles::Role;
use accord_store::{Participant, User};
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};
use axum::extract::{FromRef, FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "accord_session";
/// Staff sessions last a working week.
pub const SESSION_SECONDS: i64 = 7 * 24 * 3600;
pub const STAFF_TOKEN_PREFIX: &str = "acs_";
pub const PARTICIPANT_TOKEN_PREFIX: &str = "acp_";

/// `bytes` random bytes, base64url without padding.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn new_staff_token() -> String {
    format!("{STAFF_TOKEN_PREFIX}{}", random_token(32))
}

pub fn new_participant_token() -> String {
    format!("{PARTICIPANT_TOKEN_PREFIX}{}", random_token(32))
}

/// Argon2id with the crate's recommended parameters, off the async threads (it is slow on purpose).
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
    })
    .await?
}

pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// The bearer token of a request, if any.
fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// A signed-in staff member (session cookie on pages, `acs_` bearer token on the API).
#[derive(Debug, Clone)]
pub struct Staff(pub User);

impl Staff {
    /// Facilitators and program admins run exchanges in their own district.
    pub fn require_exchange_runner(&self, district_id: i64) -> Result<(), AppError> {
        if self.0.role.may_run_exchanges() && self.0.district_id == district_id {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn role(&self) -> Role {
        self.0.role
    }
}

async fn staff_of(parts: &Parts, state: &AppState) -> Result<Option<Staff>, AppError> {
    if let Some(token) = bearer(parts).filter(|t| t.starts_with(STAFF_TOKEN_PREFIX)) {
        let user = state.store.user_by_api_token(&hash_token(token)).await?;
        // A bearer token that does not resolve is an error, not an anonymous request.
        return user.map(|u| Some(Staff(u))).ok_or(AppError::Unauthorized);
    }
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    Ok(state
        .store
        .session_user(&hash_token(cookie.value()))
        .await?
        .map(Staff))
}

impl<S> FromRequestParts<S> for Staff
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        staff_of(parts, &AppState::from_ref(state))
            .await?
            .ok_or(AppError::Unauthorized)
    }
}

impl<S> OptionalFromRequestParts<S> for Staff
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        staff_of(parts, &AppState::from_ref(state)).await
    }
}

/// The cookie that holds a participant's token on pages; one per exchange.
pub fn participant_cookie_name(exchange_id: i64) -> String {
    format!("accord_p{exchange_id}")
}

/// The participant an API request speaks for (`acp_` bearer token).
#[derive(Debug, Clone)]
pub struct ApiParticipant(pub Participant);

impl<S> FromRequestParts<S> for ApiParticipant
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = crate::error::ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = bearer(parts)
            .filter(|t| t.starts_with(PARTICIPANT_TOKEN_PREFIX))
            .ok_or(AppError::Unauthorized)?;
        let state = AppState::from_ref(state);
        let participant = state
            .store
            .participant_by_token(&hash_token(token))
            .await
            .map_err(AppError::from)?;
        Ok(ApiParticipant(participant.ok_or(AppError::Unauthorized)?))
    }
}

impl<S> OptionalFromRequestParts<S> for ApiParticipant
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = crate::error::ApiError;

    /// None without a participant token; an error for a participant token that does not resolve.
    async fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        if !bearer(parts).is_some_and(|t| t.starts_with(PARTICIPANT_TOKEN_PREFIX)) {
            return Ok(None);
        }
        <ApiParticipant as FromRequestParts<S>>::from_request_parts(parts, state)
            .await
            .map(Some)
    }
}

/// The participant a page request speaks for in `exchange_id`, from that exchange's cookie.
pub async fn page_participant(
    state: &AppState,
    jar: &CookieJar,
    exchange_id: i64,
) -> Result<Option<Participant>, AppError> {
    let Some(cookie) = jar.get(&participant_cookie_name(exchange_id)) else {
        return Ok(None);
    };
    let participant = state
        .store
        .participant_by_token(&hash_token(cookie.value()))
        .await?;
    Ok(participant.filter(|p| p.exchange_id == exchange_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = new_participant_token();
        let b = new_participant_token();
        assert_ne!(a, b);
        assert!(a.starts_with(PARTICIPANT_TOKEN_PREFIX) && a.len() >= 40);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), hash_token(&b));
    }

    #[tokio::test]
    async fn passwords_verify_only_when_right() {
        let hash = hash_password("correct horse".into()).await.expect("hash");
        assert!(verify_password("correct horse".into(), hash.clone()).await);
        assert!(!verify_password("wrong".into(), hash).await);
        assert!(!verify_password("x".into(), "not a hash".into()).await);
    }
}
