//! Staff sign-in and sign-out.

use super::Chrome;
use crate::AppState;
use crate::auth::{SESSION_COOKIE, SESSION_SECONDS, hash_token, random_token, verify_password};
use crate::csrf::{CsrfForm, NoFields};
use crate::error::AppError;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(serde::Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// Only a path on this site: never an open redirect.
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\"))
        .unwrap_or_else(|| "/manage".into())
}

async fn login_page(c: Chrome, Query(q): Query<NextQuery>) -> LoginPage {
    LoginPage {
        c,
        email: String::new(),
        next: safe_next(q.next),
        error: None,
    }
}

#[derive(serde::Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    c: Chrome,
    jar: CookieJar,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let user = state.store.user_by_email(&form.email).await?;
    let verified = match &user {
        Some(u) => verify_password(form.password, u.password_hash.clone()).await,
        None => {
            // Spend the same effort when the account does not exist, so timing does not tell which
            // emails have accounts.
            let _ = crate::auth::hash_password(form.password).await;
            false
        }
    };
    let Some(user) = user.filter(|_| verified) else {
        let error = Some(c.l.t("login-failed"));
        let page = LoginPage {
            email: form.email,
            next: safe_next(form.next),
            error,
            c,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let token = random_token(32);
    state
        .store
        .create_session(
            user.id,
            &hash_token(&token),
            accord_store::now() + SESSION_SECONDS,
        )
        .await?;
    let cookie = Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .secure(state.settings.secure_cookies)
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(SESSION_SECONDS))
        .build();
    Ok((jar.add(cookie), Redirect::to(&safe_next(form.next))).into_response())
}

async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<impl IntoResponse, AppError> {
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        state
            .store
            .delete_session(&hash_token(cookie.value()))
            .await?;
    }
    Ok((
        jar.remove(Cookie::build(SESSION_COOKIE).path("/")),
        Redirect::to("/"),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_is_kept_on_this_site() {
        assert_eq!(
            super::safe_next(Some("/manage/exchanges/3".into())),
            "/manage/exchanges/3"
        );
        assert_eq!(
            super::safe_next(Some("https://evil.example".into())),
            "/manage"
        );
        assert_eq!(super::safe_next(Some("//evil.example".into())), "/manage");
        assert_eq!(super::safe_next(None), "/manage");
    }
}
