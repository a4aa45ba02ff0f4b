//! Cross-site request forgery protection for every state-changing form.
//!
//! Two checks, either of which stops a forged form: a token that our pages put in each form and in a
//! SameSite=Strict, HttpOnly cookie (double submit), and the browser's own `Sec-Fetch-Site` / `Origin`
//! headers, which must say the request came from our own pages. The API is not exposed to CSRF: it
//! authenticates with bearer tokens, which browsers never attach on their own.

use crate::error::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::de::DeserializeOwned;

pub const CSRF_COOKIE: &str = "accord_csrf";
pub const CSRF_FIELD: &str = "_csrf";

/// The CSRF token of this request, for forms to embed.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Makes sure every visitor has a CSRF cookie, and puts the token in the request for the pages.
pub async fn ensure_token(mut request: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(request.headers());
    let existing = jar
        .get(CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() >= 32);
    let (token, is_new) = match existing {
        Some(token) => (token, false),
        None => (crate::auth::random_token(32), true),
    };
    let secure = request
        .extensions()
        .get::<crate::Settings>()
        .is_some_and(|s| s.secure_cookies);
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if is_new {
        let cookie = Cookie::build((CSRF_COOKIE, token))
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Strict)
            .build();
        if let Ok(value) = cookie.to_string().parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match (headers.get(header::ORIGIN), headers.get(header::HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or_default();
            let host = host.to_str().unwrap_or_default();
            origin
                .split_once("://")
                .is_some_and(|(_, rest)| rest == host)
        }
        // Clients that send neither header are not browsers acting for someone else.
        _ => true,
    }
}

/// Compares without revealing, through timing, how much of the token was right.
fn tokens_match(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn check(parts: &Parts, submitted: Option<&str>) -> Result<(), AppError> {
    let jar = CookieJar::from_headers(&parts.headers);
    let expected = jar.get(CSRF_COOKIE).map(|c| c.value().to_owned());
    match (expected, submitted) {
        (Some(expected), Some(submitted))
            if same_origin(&parts.headers) && tokens_match(&expected, submitted) =>
        {
            Ok(())
        }
        _ => Err(AppError::CsrfRejected),
    }
}

/// A URL-encoded form whose CSRF token has been checked. Fields other than `_csrf` go to `T`.
pub struct CsrfForm<T>(pub T);

impl<S, T> FromRequest<S> for CsrfForm<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|_| AppError::TooLarge)?;
        let submitted = form_urlencoded_value(&bytes, CSRF_FIELD);
        check(&parts, submitted.as_deref())?;
        serde_html_form::from_bytes(&bytes)
            .map(CsrfForm)
            .map_err(|e| AppError::Malformed(e.to_string()))
    }
}

/// For forms that carry nothing but their CSRF token (sign-out, state changes).
#[derive(serde::Deserialize)]
pub struct NoFields {}

fn form_urlencoded_value(body: &[u8], name: &str) -> Option<String> {
    serde_html_form::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_site_requests_are_refused() {
        let mut headers = HeaderMap::new();
        headers.insert("sec-fetch-site", "cross-site".parse().expect("header"));
        assert!(!same_origin(&headers));
        headers.insert("sec-fetch-site", "same-origin".parse().expect("header"));
        assert!(same_origin(&headers));

        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "accord.example:8080".parse().expect("header"));
        headers.insert(
            header::ORIGIN,
            "https://evil.example".parse().expect("header"),
        );
        assert!(!same_origin(&headers));
        headers.insert(
            header::ORIGIN,
            "http://accord.example:8080".parse().expect("header"),
        );
        assert!(same_origin(&headers));
    }

    #[test]
    fn token_comparison_needs_every_byte() {
        assert!(tokens_match("abcdef", "abcdef"));
        assert!(!tokens_match("abcdef", "abcdeg"));
        assert!(!tokens_match("abc", "abcdef"));
    }

    #[test]
    fn the_csrf_field_is_found_among_the_others() {
        assert_eq!(
            form_urlencoded_value(b"text=hi&_csrf=t0k", "_csrf"),
            Some("t0k".into())
        );
        assert_eq!(form_urlencoded_value(b"text=hi", "_csrf"), None);
    }
}
