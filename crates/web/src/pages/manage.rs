//! The facilitator's pages: list, create, edit, open, close and publish exchanges.

use super::moderation::ModerationLine;
use super::{Chrome, ExchangeView};
use crate::AppState;
use crate::actions::{self, ExchangeInput};
use crate::auth::Staff;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::AppError;
use accord_domain::exchange::{ExchangeState, Group, Transition};
use accord_store::Exchange;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/manage", get(list))
        .route("/manage/exchanges", post(create))
        .route("/manage/exchanges/new", get(new_form))
        .route("/manage/exchanges/{id}", get(edit_form).post(update))
        .route("/manage/exchanges/{id}/{action}", post(change_state))
}

#[derive(Template, WebTemplate)]
#[template(path = "manage.html")]
struct ManagePage {
    c: Chrome,
    exchanges: Vec<ExchangeView>,
}

async fn list(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
) -> Result<ManagePage, AppError> {
    staff.require_exchange_runner(staff.0.district_id)?;
    let exchanges = state
        .store
        .exchanges(Some(staff.0.district_id), true)
        .await?;
    Ok(ManagePage {
        c,
        exchanges: exchanges.iter().map(ExchangeView::of).collect(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "manage_edit.html")]
struct EditPage {
    c: Chrome,
    heading: String,
    action: String,
    existing: Option<ExchangeView>,
    summary: Option<String>,
    moderation: Option<ModerationLine>,
    actions: Vec<(&'static str, String)>,
    input: ExchangeInput,
    group_choices: Vec<(&'static str, String, bool)>,
    error: Option<String>,
    error_field: &'static str,
    notice: Option<String>,
}

/// The checkboxes as a browser sends them: repeated `groups`, and `results_public` only when ticked.
#[derive(serde::Deserialize)]
struct ExchangeForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    context: String,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    invitation_code: String,
    results_public: Option<String>,
}

impl From<ExchangeForm> for ExchangeInput {
    fn from(f: ExchangeForm) -> Self {
        ExchangeInput {
            title: f.title,
            question: f.question,
            context: f.context,
            groups: f.groups,
            invitation_code: f.invitation_code,
            results_public: f.results_public.is_some(),
        }
    }
}

fn state_actions(c: &Chrome, state: ExchangeState) -> Vec<(&'static str, String)> {
    match state {
        ExchangeState::Draft => vec![("open", c.l.t("manage-open"))],
        ExchangeState::Open => vec![("close", c.l.t("manage-close"))],
        ExchangeState::Closed => vec![("publish", c.l.t("manage-publish"))],
        ExchangeState::Published => vec![],
    }
}

struct EditContext<'a> {
    existing: Option<&'a Exchange>,
    summary: Option<String>,
    moderation: Option<ModerationLine>,
    error: Option<crate::i18n::Msg>,
    notice: Option<String>,
}

fn edit_page(c: Chrome, input: ExchangeInput, ctx: EditContext<'_>) -> EditPage {
    let chosen: Vec<&str> = input.groups.iter().map(String::as_str).collect();
    let group_choices = Group::ALL
        .iter()
        .map(|g| {
            (
                g.key(),
                c.group_label(Some(*g)),
                chosen.is_empty() || chosen.contains(&g.key()),
            )
        })
        .collect();
    let (heading, action) = match ctx.existing {
        Some(e) => (
            c.l.t_args("manage-edit-heading", &[("title", e.title.clone())]),
            format!("/manage/exchanges/{}", e.id),
        ),
        None => (c.l.t("manage-new"), "/manage/exchanges".to_owned()),
    };
    EditPage {
        heading,
        action,
        existing: ctx.existing.map(ExchangeView::of),
        summary: ctx.summary,
        moderation: ctx.moderation,
        actions: ctx
            .existing
            .map(|e| state_actions(&c, e.state))
            .unwrap_or_default(),
        input,
        group_choices,
        error_field: ctx.error.as_ref().and_then(|m| m.field).unwrap_or(""),
        error: ctx.error.as_ref().map(|m| c.l.msg(m)),
        notice: ctx.notice,
        c,
    }
}

async fn new_form(staff: Staff, c: Chrome) -> Result<EditPage, AppError> {
    staff.require_exchange_runner(staff.0.district_id)?;
    let input = ExchangeInput {
        results_public: true,
        ..ExchangeInput::default()
    };
    Ok(edit_page(
        c,
        input,
        EditContext {
            existing: None,
            summary: None,
            moderation: None,
            error: None,
            notice: None,
        },
    ))
}

async fn create(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    CsrfForm(form): CsrfForm<ExchangeForm>,
) -> Result<Response, AppError> {
    let input = ExchangeInput::from(form);
    match actions::create_exchange(&state, &staff, &input).await? {
        Ok(e) => {
            Ok(Redirect::to(&format!("/manage/exchanges/{}?saved=created", e.id)).into_response())
        }
        Err(msg) => {
            let page = edit_page(
                c,
                input,
                EditContext {
                    existing: None,
                    summary: None,
                    moderation: None,
                    error: Some(msg),
                    notice: None,
                },
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(serde::Deserialize)]
struct Saved {
    saved: Option<String>,
}

async fn summary_line(
    state: &AppState,
    c: &Chrome,
    exchange: &Exchange,
) -> Result<String, AppError> {
    let s = state.store.summary(exchange.id).await?;
    Ok(format!(
        "{} · {} · {}",
        c.l.t_count("count-participants", s.participants),
        c.l.t_count("count-thoughts", s.thoughts),
        c.l.t_count("count-star-ratings", s.ratings)
    ))
}

async fn moderation_line(
    state: &AppState,
    c: &Chrome,
    exchange: &Exchange,
) -> Result<ModerationLine, AppError> {
    let counts = state.store.moderation_counts(exchange.id).await?;
    Ok(ModerationLine::of(&c.l, &counts))
}

async fn edit_form(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    Query(saved): Query<Saved>,
) -> Result<EditPage, AppError> {
    let exchange = actions::exchange_for_staff(&state, &staff, id).await?;
    let summary = Some(summary_line(&state, &c, &exchange).await?);
    let moderation = Some(moderation_line(&state, &c, &exchange).await?);
    let notice = saved
        .saved
        .map(|what| c.l.t(format!("notice-exchange-{}", notice_key(&what))));
    let input = ExchangeInput::from_exchange(&exchange);
    Ok(edit_page(
        c,
        input,
        EditContext {
            existing: Some(&exchange),
            summary,
            moderation,
            error: None,
            notice,
        },
    ))
}

/// Only known notices are shown; anything else in the query shows the generic one.
fn notice_key(what: &str) -> &'static str {
    match what {
        "created" => "created",
        "open" => "opened",
        "close" => "closed",
        "publish" => "published",
        _ => "saved",
    }
}

async fn update(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ExchangeForm>,
) -> Result<Response, AppError> {
    let input = ExchangeInput::from(form);
    match actions::update_exchange(&state, &staff, id, &input).await? {
        Ok(_) => Ok(Redirect::to(&format!("/manage/exchanges/{id}?saved=saved")).into_response()),
        Err(msg) => {
            let exchange = actions::exchange_for_staff(&state, &staff, id).await?;
            let summary = Some(summary_line(&state, &c, &exchange).await?);
            let moderation = Some(moderation_line(&state, &c, &exchange).await?);
            let ctx = EditContext {
                existing: Some(&exchange),
                summary,
                moderation,
                error: Some(msg),
                notice: None,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, edit_page(c, input, ctx)).into_response())
        }
    }
}

async fn change_state(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, action)): Path<(i64, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let transition = match action.as_str() {
        "open" => Transition::Open,
        "close" => Transition::Close,
        "publish" => Transition::Publish,
        _ => return Err(AppError::NotFound),
    };
    actions::transition(&state, &staff, id, transition).await?;
    Ok(Redirect::to(&format!("/manage/exchanges/{id}?saved={action}")).into_response())
}
