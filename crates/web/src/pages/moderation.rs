//! Moderation pages: a participant reports a thought (from the star page), and a facilitator works the
//! review queue of an exchange they run. Plain forms; no JavaScript needed.

use super::{Chrome, ExchangeView};
use crate::AppState;
use crate::actions::moderation::{self as act, DecisionInput, ReportInput};
use crate::actions::{self, check_may_rate};
use crate::auth::{Staff, page_participant};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use accord_domain::moderation::{Flag, FlagKind, redact};
use accord_domain::review::{Decision, ReportReason, ThoughtStatus};
use accord_store::{ModerationCounts, QueueItem, ReportOutcome};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum_extra::extract::CookieJar;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/exchanges/{id}/thoughts/{thought_id}/report",
            get(report_form).post(report),
        )
        .route("/manage/exchanges/{id}/moderation", get(queue))
        .route(
            "/manage/exchanges/{id}/moderation/{thought_id}",
            axum::routing::post(decide),
        )
}

/// An exchange's moderation in a line, for the manage page, with an alert when someone may be at risk.
pub struct ModerationLine {
    pub text: String,
    pub alert: Option<String>,
}

impl ModerationLine {
    pub fn of(l: &Lang, counts: &ModerationCounts) -> ModerationLine {
        ModerationLine {
            text: [
                l.t_count("moderation-count-waiting", counts.waiting()),
                l.t_count("moderation-count-held", counts.held),
                l.t_count("moderation-count-hidden", counts.hidden),
            ]
            .join(" · "),
            alert: (counts.open_alerts > 0)
                .then(|| l.t_count("moderation-alert", counts.open_alerts)),
        }
    }
}

fn flag_label(l: &Lang, kind: FlagKind) -> String {
    l.t(match kind {
        FlagKind::Email => "flag-email",
        FlagKind::Phone => "flag-phone",
        FlagKind::StreetAddress => "flag-street-address",
        FlagKind::PersonName => "flag-person-name",
        FlagKind::Abuse => "flag-abuse",
        FlagKind::SelfHarm => "flag-self-harm",
    })
}

fn reason_label(l: &Lang, reason: ReportReason) -> String {
    l.t(format!("report-reason-{}", reason.key()))
}

/// A piece of the writer's text: plain, or matched by the screen (with what it matched as).
pub struct Segment {
    pub text: String,
    pub flag: Option<String>,
}

/// The text cut at the flags, so that the page can highlight what the screen matched. Overlapping
/// flags are shown as one highlight, named after the first.
fn segments(l: &Lang, text: &str, flags: &[Flag]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut cursor = 0;
    let piece = |from: usize, to: usize, flag: Option<String>, out: &mut Vec<Segment>| {
        if let Some(part) = text.get(from..to).filter(|p| !p.is_empty()) {
            out.push(Segment {
                text: part.to_owned(),
                flag,
            });
        }
    };
    for flag in flags {
        if flag.end <= cursor || !text.is_char_boundary(flag.end) {
            continue;
        }
        let start = flag.start.max(cursor);
        piece(cursor, start, None, &mut out);
        piece(start, flag.end, Some(flag_label(l, flag.kind)), &mut out);
        cursor = flag.end;
    }
    piece(cursor, text.len(), None, &mut out);
    out
}

/// A thought in the queue as the page shows it, with its decision form.
struct ItemView {
    id: i64,
    heading: String,
    status: String,
    held: bool,
    segments: Vec<Segment>,
    /// What others see when it differs from what was written.
    shown: Option<String>,
    reports: Vec<String>,
    reports_heading: String,
    alert: bool,
    /// The decision form's fields, kept after an error.
    choice: String,
    reason: String,
    redacted: String,
    error: Option<String>,
}

impl ItemView {
    fn of(l: &Lang, item: &QueueItem) -> ItemView {
        ItemView {
            id: item.thought_id,
            heading: thought_label(l, item.thought_id),
            reports_heading: l.t_count("queue-reports", item.reports.len() as i64),
            status: l.t(format!("thought-status-{}", item.status.key())),
            held: item.status == ThoughtStatus::Held,
            segments: segments(l, &item.written_body, &item.flags),
            shown: (item.body != item.written_body).then(|| item.body.clone()),
            reports: item
                .reports
                .iter()
                .map(|r| match r.note.as_str() {
                    "" => reason_label(l, r.reason),
                    note => format!("{}: {note}", reason_label(l, r.reason)),
                })
                .collect(),
            alert: item.alert,
            choice: String::new(),
            reason: String::new(),
            redacted: redact(&item.written_body, &item.flags),
            error: None,
        }
    }
}

struct AlertView {
    thought: String,
    when: String,
    source: String,
    dealt_with: bool,
}

struct TrailView {
    thought: String,
    when: String,
    who: String,
    decision: String,
    reason: String,
    before: String,
    after: Option<String>,
}

fn thought_label(l: &Lang, id: i64) -> String {
    l.t_args("queue-thought-number", &[("id", id.to_string())])
}

/// Unix seconds as a date and time in UTC, the same for every reader.
fn when(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds).map_or_else(
        |_| seconds.to_string(),
        |t| {
            format!(
                "{}-{:02}-{:02} {:02}:{:02} UTC",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute()
            )
        },
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "moderation_queue.html")]
struct QueuePage {
    c: Chrome,
    e: ExchangeView,
    line: ModerationLine,
    items: Vec<ItemView>,
    alerts: Vec<AlertView>,
    trail: Vec<TrailView>,
    decisions: Vec<(&'static str, String)>,
    notice: Option<String>,
}

#[derive(serde::Deserialize, Default)]
struct Saved {
    saved: Option<String>,
}

async fn queue_page(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    id: i64,
    notice: Option<String>,
) -> Result<QueuePage, AppError> {
    let q = act::queue(state, staff, id).await?;
    let l = &c.l;
    Ok(QueuePage {
        e: ExchangeView::of(&q.exchange),
        line: ModerationLine::of(l, &q.counts),
        items: q.items.iter().map(|i| ItemView::of(l, i)).collect(),
        alerts: q
            .alerts
            .iter()
            .map(|a| AlertView {
                thought: thought_label(l, a.thought_id),
                when: when(a.created_at),
                source: l.t(format!("alert-source-{}", a.source)),
                dealt_with: a.dealt_with,
            })
            .collect(),
        trail: q
            .trail
            .iter()
            .map(|d| TrailView {
                thought: thought_label(l, d.thought_id),
                when: when(d.created_at),
                who: d.user_name.clone(),
                decision: l.t(format!("decision-{}", d.decision.key())),
                reason: d.reason.clone(),
                after: (d.body_after != d.body_before).then(|| d.body_after.clone()),
                before: d.body_before.clone(),
            })
            .collect(),
        decisions: Decision::ALL
            .iter()
            .map(|d| (d.key(), l.t(format!("decision-{}", d.key()))))
            .collect(),
        notice,
        c,
    })
}

async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    Query(saved): Query<Saved>,
) -> Result<QueuePage, AppError> {
    let notice = saved
        .saved
        .filter(|s| s == "decided")
        .map(|_| c.l.t("notice-decided"));
    queue_page(&state, &staff, c, id, notice).await
}

async fn decide(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path((id, thought_id)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<DecisionInput>,
) -> Result<Response, AppError> {
    match act::decide(&state, &staff, id, thought_id, &form).await? {
        Ok(_) => Ok(
            Redirect::to(&format!("/manage/exchanges/{id}/moderation?saved=decided"))
                .into_response(),
        ),
        Err(msg) => {
            let error = c.l.msg(&msg);
            let mut page = queue_page(&state, &staff, c, id, None).await?;
            if let Some(item) = page.items.iter_mut().find(|i| i.id == thought_id) {
                item.choice = form.decision;
                item.reason = form.reason;
                item.redacted = form.text;
                item.error = Some(error);
            } else {
                return Err(AppError::Invalid(msg));
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "moderation_report.html")]
struct ReportPage {
    c: Chrome,
    e: ExchangeView,
    thought_id: i64,
    text: String,
    /// (key, label, chosen)
    reasons: Vec<(&'static str, String, bool)>,
    note: String,
    error: Option<String>,
    error_field: &'static str,
}

/// The thought a participant of exchange `id` may report, with the exchange; or where to go instead.
async fn reportable(
    state: &AppState,
    jar: &CookieJar,
    id: i64,
    thought_id: i64,
) -> Result<Result<(accord_store::Participant, ExchangeView, String), Response>, AppError> {
    let exchange = actions::public_exchange(state, id).await?;
    let Some(participant) = page_participant(state, jar, id).await? else {
        return Ok(Err(
            Redirect::to(&format!("/exchanges/{id}")).into_response()
        ));
    };
    check_may_rate(state, &participant, thought_id).await?;
    let thought = state
        .store
        .thought(thought_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Ok((participant, ExchangeView::of(&exchange), thought.body)))
}

fn report_page(
    c: Chrome,
    (e, thought_id, text): (ExchangeView, i64, String),
    input: ReportInput,
    error: Option<Msg>,
) -> ReportPage {
    let reasons = ReportReason::ALL
        .iter()
        .map(|r| (r.key(), reason_label(&c.l, *r), input.reason == r.key()))
        .collect();
    ReportPage {
        e,
        thought_id,
        text,
        reasons,
        note: input.note,
        error_field: error.as_ref().and_then(|m| m.field).unwrap_or(""),
        error: error.as_ref().map(|m| c.l.msg(m)),
        c,
    }
}

async fn report_form(
    State(state): State<AppState>,
    c: Chrome,
    jar: CookieJar,
    Path((id, thought_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    match reportable(&state, &jar, id, thought_id).await? {
        Ok((_, e, text)) => {
            Ok(report_page(c, (e, thought_id, text), ReportInput::default(), None).into_response())
        }
        Err(elsewhere) => Ok(elsewhere),
    }
}

async fn report(
    State(state): State<AppState>,
    c: Chrome,
    jar: CookieJar,
    Path((id, thought_id)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<ReportInput>,
) -> Result<Response, AppError> {
    let (participant, e, text) = match reportable(&state, &jar, id, thought_id).await? {
        Ok(found) => found,
        Err(elsewhere) => return Ok(elsewhere),
    };
    match act::report(&state, &participant, thought_id, &form).await? {
        Ok(outcome) => {
            let saved = match outcome {
                ReportOutcome::Recorded { .. } => "reported",
                ReportOutcome::AlreadyReported => "already-reported",
            };
            Ok(Redirect::to(&format!("/exchanges/{id}/star?saved={saved}")).into_response())
        }
        Err(msg) => {
            let page = report_page(c, (e, thought_id, text), form, Some(msg));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
