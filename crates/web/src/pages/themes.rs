//! The facilitator's theme page: compute an exchange's themes (the number chosen automatically or
//! set), then rename, merge, split and move thoughts between them, with plain forms. Every edit is
//! kept and re-applied whenever the themes are computed again.

use super::{Chrome, ExchangeView};
use crate::AppState;
use crate::actions;
use crate::auth::Staff;
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::themes::{self, Change, THEME_COUNT_MAX};
use accord_store::Exchange;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/manage/exchanges/{id}/themes", get(show).post(compute))
        .route("/manage/exchanges/{id}/themes/{theme}/rename", post(rename))
        .route("/manage/exchanges/{id}/themes/{theme}/merge", post(merge))
        .route(
            "/manage/exchanges/{id}/themes/{theme}/thoughts",
            post(split_or_move),
        )
}

/// A theme as the facilitator edits it.
struct EditableTheme {
    id: i64,
    label: String,
    terms: String,
    size: String,
    /// (thought id, text, is one of the representative thoughts)
    thoughts: Vec<(i64, String, bool)>,
    /// (id, label) of the other themes, to merge or move into.
    others: Vec<(i64, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "manage_themes.html")]
struct ThemesPage {
    c: Chrome,
    e: ExchangeView,
    theme_count: String,
    count_hint: String,
    computed: bool,
    themes: Vec<EditableTheme>,
    notice: Option<String>,
    error: Option<String>,
    /// The theme whose form the error is about, and the label typed there.
    error_theme: Option<i64>,
    kept_label: String,
}

impl ThemesPage {
    /// Whether the error shown is about theme `id`'s forms.
    fn is_error_theme<T: std::borrow::Borrow<i64>>(&self, id: T) -> bool {
        self.error_theme == Some(*id.borrow())
    }
}

/// What a re-rendered page keeps after an error.
#[derive(Default)]
struct Kept {
    theme_count: Option<String>,
    error: Option<Msg>,
    theme: Option<i64>,
    label: String,
}

async fn page(
    state: &AppState,
    c: Chrome,
    exchange: &Exchange,
    kept: Kept,
    notice: Option<String>,
) -> Result<ThemesPage, AppError> {
    let (stored, thoughts, settings) = tokio::try_join!(
        state.store.themes(exchange.id),
        state.store.thought_tallies(exchange.id),
        state.store.theme_settings(exchange.id),
    )?;
    let bodies: HashMap<i64, String> = thoughts.into_iter().map(|t| (t.id, t.body)).collect();
    let labels: Vec<(i64, String)> = stored.iter().map(|t| (t.id, t.label.clone())).collect();
    let themes = stored
        .into_iter()
        .map(|t| EditableTheme {
            id: t.id,
            size: c
                .l
                .t_count("count-thoughts", actions::to_i64(t.members.len())),
            terms: t.terms.join(", "),
            thoughts: t
                .members
                .iter()
                .filter_map(|id| {
                    let body = bodies.get(id)?.clone();
                    Some((*id, body, t.representatives.contains(id)))
                })
                .collect(),
            others: labels
                .iter()
                .filter(|(id, _)| *id != t.id)
                .cloned()
                .collect(),
            label: t.label,
        })
        .collect();
    Ok(ThemesPage {
        e: ExchangeView::of(exchange),
        theme_count: kept.theme_count.unwrap_or_else(|| {
            settings
                .theme_count
                .map(|k| k.to_string())
                .unwrap_or_default()
        }),
        count_hint: c
            .l
            .t_args("themes-count-hint", &[("max", THEME_COUNT_MAX.to_string())]),
        computed: settings.computed_at.is_some(),
        themes,
        notice,
        error: kept.error.as_ref().map(|m| c.l.msg(m)),
        error_theme: kept.theme,
        kept_label: kept.label,
        c,
    })
}

#[derive(serde::Deserialize)]
struct Saved {
    saved: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    Query(saved): Query<Saved>,
) -> Result<ThemesPage, AppError> {
    let exchange = actions::exchange_for_staff(&state, &staff, id).await?;
    // Only known notices are shown.
    let notice = match saved.saved.as_deref() {
        Some(what @ ("computed" | "renamed" | "merged" | "split" | "moved")) => {
            Some(c.l.t(format!("themes-notice-{what}")))
        }
        _ => None,
    };
    page(&state, c, &exchange, Kept::default(), notice).await
}

/// After a change: back to the page with a notice, or the page again with the message and the input.
async fn answer(
    state: &AppState,
    c: Chrome,
    exchange: &Exchange,
    outcome: Result<(), Msg>,
    done: &str,
    kept: Kept,
) -> Result<Response, AppError> {
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!(
            "/manage/exchanges/{}/themes?saved={done}",
            exchange.id
        ))
        .into_response()),
        Err(msg) => {
            let kept = Kept {
                error: Some(msg),
                ..kept
            };
            let page = page(state, c, exchange, kept, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(serde::Deserialize)]
struct ComputeForm {
    #[serde(default)]
    theme_count: String,
}

async fn compute(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ComputeForm>,
) -> Result<Response, AppError> {
    let exchange = actions::exchange_for_staff(&state, &staff, id).await?;
    let typed = form.theme_count.trim();
    let outcome = match typed {
        "" => themes::set_count(&state, &exchange, None).await?,
        number => match number.parse::<i64>() {
            Ok(k) => themes::set_count(&state, &exchange, Some(k)).await?,
            Err(_) => Err(Msg::new("themes-error-count")
                .arg("max", THEME_COUNT_MAX)
                .field("theme_count")),
        },
    };
    let kept = Kept {
        theme_count: Some(form.theme_count.clone()),
        ..Kept::default()
    };
    answer(&state, c, &exchange, outcome.map(|_| ()), "computed", kept).await
}

#[derive(serde::Deserialize)]
struct RenameForm {
    #[serde(default)]
    label: String,
}

async fn rename(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path((id, theme)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<RenameForm>,
) -> Result<Response, AppError> {
    let exchange = actions::exchange_for_staff(&state, &staff, id).await?;
    let change = Change::Rename {
        label: form.label.clone(),
    };
    let outcome = themes::change(&state, &staff, &exchange, theme, change).await?;
    let kept = Kept {
        theme: Some(theme),
        label: form.label,
        ..Kept::default()
    };
    answer(&state, c, &exchange, outcome, "renamed", kept).await
}

#[derive(serde::Deserialize)]
struct MergeForm {
    into: i64,
}

async fn merge(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path((id, theme)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<MergeForm>,
) -> Result<Response, AppError> {
    let exchange = actions::exchange_for_staff(&state, &staff, id).await?;
    let change = Change::MergeInto { into: form.into };
    let outcome = themes::change(&state, &staff, &exchange, theme, change).await?;
    let kept = Kept {
        theme: Some(theme),
        ..Kept::default()
    };
    answer(&state, c, &exchange, outcome, "merged", kept).await
}

/// The thoughts a facilitator ticked, and which of the form's two buttons they pressed.
#[derive(serde::Deserialize)]
struct ThoughtsForm {
    #[serde(default)]
    thoughts: Vec<i64>,
    op: String,
    #[serde(default)]
    label: String,
    to: Option<i64>,
}

async fn split_or_move(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path((id, theme)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<ThoughtsForm>,
) -> Result<Response, AppError> {
    let exchange = actions::exchange_for_staff(&state, &staff, id).await?;
    let (change, done) = match (form.op.as_str(), form.to) {
        ("split", _) => (
            Change::Split {
                thoughts: form.thoughts,
                label: form.label.clone(),
            },
            "split",
        ),
        ("move", Some(to)) => (
            Change::Move {
                thoughts: form.thoughts,
                to,
            },
            "moved",
        ),
        _ => return Err(AppError::Malformed("op must be split or move".into())),
    };
    let outcome = themes::change(&state, &staff, &exchange, theme, change).await?;
    let kept = Kept {
        theme: Some(theme),
        label: form.label,
        ..Kept::default()
    };
    answer(&state, c, &exchange, outcome, done, kept).await
}
