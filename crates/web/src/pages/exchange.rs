//! An exchange as participants live it: join, share, star, and read the results.

use super::explore::{self, Explore};
use super::{Chrome, ExchangeView};
use crate::AppState;
use crate::actions;
use crate::auth::{Staff, page_participant, participant_cookie_name};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::i18n::Lang;
use accord_domain::exchange::{Group, Rating};
use accord_domain::review::ThoughtStatus;
use accord_domain::scoring::{PRIOR_WEIGHT, Score};
use accord_store::{Exchange, Participant, Summary, Thought};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/exchanges/{id}", get(show))
        .route("/exchanges/{id}/join", post(join))
        .route("/exchanges/{id}/thoughts", post(share))
        .route("/exchanges/{id}/star", get(star_page).post(star))
        .route("/exchanges/{id}/results", get(results_page))
        .route("/exchanges/{id}/report", get(report_page))
        .route("/exchanges/{id}/export.csv", get(export_csv))
        .route("/exchanges/{id}/export.json", get(export_json))
}

/// What the participant sees of their own part.
struct Me {
    /// Each thought with a note on its review when others do not see it (yet).
    thoughts: Vec<(String, Option<String>)>,
    rated: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "exchange.html")]
struct ExchangePage {
    c: Chrome,
    e: ExchangeView,
    me: Option<Me>,
    /// (key, label, selected) for the group choice, "prefer not to say" last.
    groups: Vec<(&'static str, String, bool)>,
    invitation: String,
    draft: String,
    error: Option<String>,
    notice: Option<String>,
    /// Crisis lines and advice, after a thought with a self-harm signal.
    help: Vec<String>,
    results_visible: bool,
}

#[derive(serde::Deserialize, Default)]
struct Notice {
    saved: Option<String>,
}

impl Notice {
    fn message(&self, l: &Lang) -> Option<String> {
        match self.saved.as_deref()? {
            "joined" => Some(l.t("notice-joined")),
            "thought" => Some(l.t("notice-thought-saved")),
            "rated" => Some(l.t("notice-rating-saved")),
            "held" | "help" => Some(l.t("notice-thought-held")),
            "reported" => Some(l.t("notice-reported")),
            "already-reported" => Some(l.t("notice-already-reported")),
            _ => None,
        }
    }

    fn help(&self, l: &Lang) -> Vec<String> {
        if self.saved.as_deref() == Some("help") {
            actions::moderation::HELP_RESOURCES
                .iter()
                .map(|key| l.t(key))
                .collect()
        } else {
            Vec::new()
        }
    }
}

/// The form fields a page re-renders after an error, so nothing typed is lost.
#[derive(Default)]
struct Kept {
    group: String,
    invitation: String,
    draft: String,
    error: Option<String>,
}

async fn exchange_page(
    state: &AppState,
    c: Chrome,
    staff: Option<&Staff>,
    exchange: &Exchange,
    participant: Option<&Participant>,
    kept: Kept,
    notice: &Notice,
) -> Result<ExchangePage, AppError> {
    let me = match participant {
        Some(p) => Some(Me {
            thoughts: state
                .store
                .thoughts_of_participant(p.id)
                .await?
                .into_iter()
                .map(|t| {
                    let review = (t.status != ThoughtStatus::Visible.key())
                        .then(|| c.l.t(format!("my-thought-{}", t.status)));
                    (t.body, review)
                })
                .collect(),
            rated: state.store.ratings_given(p.id).await?,
        }),
        None => None,
    };
    let mut groups: Vec<(&'static str, String, bool)> = exchange
        .groups
        .iter()
        .map(|g| (g.key(), c.group_label(Some(*g)), kept.group == g.key()))
        .collect();
    groups.push(("none", c.group_label(None), kept.group == "none"));
    Ok(ExchangePage {
        e: ExchangeView::of(exchange),
        me,
        groups,
        invitation: kept.invitation,
        draft: kept.draft,
        error: kept.error,
        notice: notice.message(&c.l),
        help: notice.help(&c.l),
        results_visible: actions::may_see_results(exchange, staff, participant),
        c,
    })
}

async fn show(
    State(state): State<AppState>,
    c: Chrome,
    staff: Option<Staff>,
    jar: CookieJar,
    Path(id): Path<i64>,
    Query(notice): Query<Notice>,
) -> Result<ExchangePage, AppError> {
    let exchange = actions::visible_exchange(&state, staff.as_ref(), id).await?;
    let participant = page_participant(&state, &jar, id).await?;
    exchange_page(
        &state,
        c,
        staff.as_ref(),
        &exchange,
        participant.as_ref(),
        Kept::default(),
        &notice,
    )
    .await
}

#[derive(serde::Deserialize)]
struct JoinForm {
    #[serde(default)]
    group: String,
    #[serde(default)]
    invitation_code: String,
}

async fn join(
    State(state): State<AppState>,
    c: Chrome,
    jar: CookieJar,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<JoinForm>,
) -> Result<Response, AppError> {
    let exchange = actions::public_exchange(&state, id).await?;
    if page_participant(&state, &jar, id).await?.is_some() {
        return Ok(Redirect::to(&format!("/exchanges/{id}")).into_response());
    }
    match actions::join(&state, &exchange, &form.group, &form.invitation_code).await? {
        Ok((_, token)) => {
            let cookie = Cookie::build((participant_cookie_name(id), token))
                .path("/")
                .http_only(true)
                .secure(state.settings.secure_cookies)
                .same_site(SameSite::Lax)
                .max_age(time::Duration::days(180))
                .build();
            Ok((
                jar.add(cookie),
                Redirect::to(&format!("/exchanges/{id}?saved=joined")),
            )
                .into_response())
        }
        Err(msg) => {
            let kept = Kept {
                group: form.group,
                invitation: form.invitation_code,
                error: Some(c.l.msg(&msg)),
                ..Kept::default()
            };
            let page =
                exchange_page(&state, c, None, &exchange, None, kept, &Notice::default()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// The participant of this page request, or a page that tells them to join first.
async fn require_participant(
    state: &AppState,
    jar: &CookieJar,
    id: i64,
) -> Result<Participant, Response> {
    match page_participant(state, jar, id).await {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(Redirect::to(&format!("/exchanges/{id}")).into_response()),
        Err(e) => Err(e.into_response()),
    }
}

#[derive(serde::Deserialize)]
struct ShareForm {
    #[serde(default)]
    text: String,
}

async fn share(
    State(state): State<AppState>,
    c: Chrome,
    jar: CookieJar,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ShareForm>,
) -> Result<Response, AppError> {
    let exchange = actions::public_exchange(&state, id).await?;
    let participant = match require_participant(&state, &jar, id).await {
        Ok(p) => p,
        Err(response) => return Ok(response),
    };
    match actions::share(&state, &participant, &form.text).await? {
        Ok(shared) => {
            let saved = if shared.needs_help {
                "help"
            } else if shared.held {
                "held"
            } else {
                "thought"
            };
            Ok(Redirect::to(&format!("/exchanges/{id}?saved={saved}")).into_response())
        }
        Err(msg) => {
            let kept = Kept {
                draft: form.text,
                error: Some(c.l.msg(&msg)),
                ..Kept::default()
            };
            let page = exchange_page(
                &state,
                c,
                None,
                &exchange,
                Some(&participant),
                kept,
                &Notice::default(),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "star.html")]
struct StarPage {
    c: Chrome,
    e: ExchangeView,
    thought: Option<Thought>,
    rated: i64,
    notice: Option<String>,
}

async fn star_page(
    State(state): State<AppState>,
    c: Chrome,
    jar: CookieJar,
    Path(id): Path<i64>,
    Query(notice): Query<Notice>,
) -> Result<Response, AppError> {
    let exchange = actions::public_exchange(&state, id).await?;
    let participant = match require_participant(&state, &jar, id).await {
        Ok(p) => p,
        Err(response) => return Ok(response),
    };
    if !exchange.state.accepts_contributions() {
        return Ok(Redirect::to(&format!("/exchanges/{id}")).into_response());
    }
    let thought = actions::next_thought(&state, &participant).await?;
    let rated = state.store.ratings_given(participant.id).await?;
    let notice = notice.message(&c.l);
    Ok(StarPage {
        e: ExchangeView::of(&exchange),
        thought,
        rated,
        notice,
        c,
    }
    .into_response())
}

#[derive(serde::Deserialize)]
struct StarForm {
    thought_id: i64,
    stars: Option<i64>,
    skip: Option<String>,
}

async fn star(
    State(state): State<AppState>,
    jar: CookieJar,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<StarForm>,
) -> Result<Response, AppError> {
    let participant = match require_participant(&state, &jar, id).await {
        Ok(p) => p,
        Err(response) => return Ok(response),
    };
    let rating = match (form.skip.is_some(), form.stars) {
        (true, _) => Rating::Skip,
        (false, Some(stars)) => Rating::stars(stars).map_err(|_| {
            AppError::Invalid(
                crate::i18n::Msg::new("invalid-stars")
                    .arg("stars", stars)
                    .field("stars"),
            )
        })?,
        (false, None) => {
            return Err(AppError::Invalid(
                crate::i18n::Msg::new("invalid-stars-missing").field("stars"),
            ));
        }
    };
    actions::rate(&state, &participant, form.thought_id, rating).await?;
    Ok(Redirect::to(&format!("/exchanges/{id}/star?saved=rated")).into_response())
}

const PAGE_SIZE: usize = 50;

/// A ranked thought as the results page shows it.
struct ResultRow {
    text: String,
    skips: String,
    score: String,
    mean: Option<String>,
    ratings: String,
    interval: String,
    groups: Vec<(String, String, String)>,
    /// Its bridging score and place, once it has star ratings.
    bridging: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "results.html")]
struct ResultsPage {
    c: Chrome,
    e: ExchangeView,
    participants: i64,
    thought_count: i64,
    ratings: i64,
    chart: crate::charts::Chart,
    /// (key, label, selected) for the ranking view choice.
    views: Vec<(String, String, bool)>,
    view: String,
    ranking_rule: String,
    /// (thought, what the groups gave it), for common ground and for differences.
    common_ground: Vec<(String, String)>,
    differences: Vec<(String, String)>,
    /// (thought, its bridging score and ratings), best-bridging first.
    bridging: Vec<(String, String)>,
    rows: Vec<ResultRow>,
    first_rank: usize,
    page_label: String,
    prev_page: Option<usize>,
    next_page: Option<usize>,
    /// Themes, charts and the theme filter.
    explore: Explore,
    /// The filters as a query string, for the pager's links.
    filter_query: String,
    /// The printable report: everything on one page, no forms.
    report: bool,
    /// The district's published answers ("you said, we did").
    answers: Vec<super::answers::PublicAnswer>,
}

#[derive(serde::Deserialize, Default)]
struct ResultsQuery {
    view: Option<String>,
    theme: Option<String>,
    page: Option<usize>,
}

/// `all`, a group key, or `none`: which raters' view ranks the thoughts.
fn parse_view(view: Option<&str>) -> Result<Option<Option<Group>>, AppError> {
    match view.unwrap_or("all") {
        "all" | "" => Ok(None),
        other => Group::parse_optional(other).map(Some).map_err(|_| {
            AppError::Invalid(
                crate::i18n::Msg::new("invalid-group")
                    .arg("group", other)
                    .field("view"),
            )
        }),
    }
}

fn score_text(l: &Lang, score: &Score) -> (String, Option<String>, String, String) {
    (
        l.decimal(score.score, 2),
        score
            .mean
            .map(|m| l.t_args("results-mean", &[("mean", l.decimal(m, 2))])),
        l.t_count("count-ratings", score.ratings),
        l.t_args(
            "results-interval",
            &[
                ("low", l.decimal(score.low, 2)),
                ("high", l.decimal(score.high, 2)),
            ],
        ),
    )
}

fn group_chart(c: &Chrome, summary: &Summary) -> crate::charts::Chart {
    let by_group = &summary.participants_by_group;
    let entries = Group::ALL
        .iter()
        .map(|g| (Some(*g), g.key()))
        .chain([(None, "none")])
        .map(|(group, key)| {
            let count = by_group.get(key).copied().unwrap_or(0);
            let label = c.group_label(group);
            crate::charts::BarEntry {
                value: count as f64,
                value_text: c.l.number(count),
                cells: vec![label.clone(), c.l.number(count)],
                label,
            }
        })
        .collect();
    crate::charts::bars(
        crate::charts::Frame {
            id: "groups",
            title: c.l.t("results-groups-chart"),
            columns: vec![c.l.t("results-group"), c.l.t("results-participants")],
        },
        entries,
    )
}

/// The exchange whose results the visitor asks for, if they may see them.
async fn results_exchange(
    state: &AppState,
    staff: Option<&Staff>,
    jar: &CookieJar,
    id: i64,
) -> Result<Exchange, AppError> {
    let exchange = actions::visible_exchange(state, staff, id).await?;
    let participant = page_participant(state, jar, id).await?;
    if !actions::may_see_results(&exchange, staff, participant.as_ref()) {
        return Err(AppError::Conflict(crate::i18n::Msg::new(
            "results-not-published",
        )));
    }
    Ok(exchange)
}

async fn results_page(
    State(state): State<AppState>,
    c: Chrome,
    staff: Option<Staff>,
    jar: CookieJar,
    Path(id): Path<i64>,
    Query(query): Query<ResultsQuery>,
) -> Result<ResultsPage, AppError> {
    let exchange = results_exchange(&state, staff.as_ref(), &jar, id).await?;
    results_view(&state, c, &exchange, query, false).await
}

/// Everything on one page made for printing: the first page of the ranking, themes, charts.
async fn report_page(
    State(state): State<AppState>,
    c: Chrome,
    staff: Option<Staff>,
    jar: CookieJar,
    Path(id): Path<i64>,
) -> Result<ResultsPage, AppError> {
    let exchange = results_exchange(&state, staff.as_ref(), &jar, id).await?;
    results_view(&state, c, &exchange, ResultsQuery::default(), true).await
}

/// A page of the ranking, of every thought or of one theme's (`members`).
async fn ranking(
    state: &AppState,
    exchange: &Exchange,
    view: Option<Option<Group>>,
    members: Option<&std::collections::HashSet<i64>>,
    offset: usize,
) -> Result<actions::ResultsPage, AppError> {
    match members {
        None => actions::results_page(state, exchange, view, offset, PAGE_SIZE).await,
        Some(m) => actions::results_page_of(state, exchange, view, m, offset, PAGE_SIZE).await,
    }
}

async fn results_view(
    state: &AppState,
    c: Chrome,
    exchange: &Exchange,
    query: ResultsQuery,
    report: bool,
) -> Result<ResultsPage, AppError> {
    let view = parse_view(query.view.as_deref())?;
    let theme = explore::parse_theme(query.theme.as_deref())?;
    let loaded = explore::load(state, exchange, theme).await?;
    let members = loaded.members();
    let requested = query.page.unwrap_or(1).max(1);
    let mut results = ranking(
        state,
        exchange,
        view,
        members.as_ref(),
        (requested - 1) * PAGE_SIZE,
    )
    .await?;
    let pages = usize::try_from(results.visible)
        .unwrap_or(0)
        .div_ceil(PAGE_SIZE)
        .max(1);
    let page = requested.min(pages);
    if page != requested {
        // Past the last page: show the last one rather than an empty list.
        results = ranking(
            state,
            exchange,
            view,
            members.as_ref(),
            (page - 1) * PAGE_SIZE,
        )
        .await?;
    }
    let first = (page - 1) * PAGE_SIZE;
    let bridging = actions::bridging(state, exchange).await?;
    let rows = results
        .rows
        .iter()
        .map(|row| {
            let (score, mean, ratings, interval) = score_text(&c.l, &row.shown);
            ResultRow {
                text: row.body.clone(),
                skips: c.l.t_count("count-skips", row.skips),
                score,
                mean,
                ratings,
                interval,
                groups: row
                    .by_group
                    .iter()
                    .map(|(g, s)| {
                        (
                            c.group_label(*g),
                            c.l.decimal(s.score, 2),
                            c.l.number(s.ratings),
                        )
                    })
                    .collect(),
                bridging: bridging.by_thought.get(&row.id).map(|b| {
                    c.l.t_args(
                        "results-bridging-row",
                        &[
                            ("score", c.l.decimal(b.stars, 2)),
                            (
                                "rank",
                                c.l.number(i64::try_from(b.rank).unwrap_or(i64::MAX)),
                            ),
                        ],
                    )
                }),
            }
        })
        .collect();
    let view_key = match view {
        None => "all".to_owned(),
        Some(g) => g.map_or("none", Group::key).to_owned(),
    };
    let mut views = vec![("all".to_owned(), c.l.t("results-view-all"))];
    views.extend(
        exchange
            .groups
            .iter()
            .map(|g| (g.key().to_owned(), c.group_label(Some(*g)))),
    );
    views.push(("none".to_owned(), c.group_label(None)));
    let views = views
        .into_iter()
        .map(|(key, label)| {
            let selected = key == view_key;
            (key, label, selected)
        })
        .collect();
    let insight = actions::insight(state, exchange).await?;
    let explore = loaded.explore(&c, view, &results.rows, &insight);
    let filter_query = match theme {
        Some(t) => format!("view={view_key}&theme={t}"),
        None => format!("view={view_key}"),
    };
    let group_name = |g: accord_domain::exchange::Group| c.group_label(Some(g));
    let common_ground = insight
        .common_ground
        .iter()
        .map(|t| {
            let each: Vec<String> = t
                .groups
                .iter()
                .map(|g| {
                    c.l.t_args(
                        "results-group-score",
                        &[
                            ("group", group_name(g.group)),
                            ("score", c.l.decimal(g.score, 1)),
                            ("average", c.l.decimal(g.average, 1)),
                        ],
                    )
                })
                .collect();
            (t.body.clone(), each.join(" · "))
        })
        .collect();
    let differences = insight
        .differences
        .iter()
        .filter_map(|t| {
            let [high, low] = t.groups.as_slice() else {
                return None;
            };
            let detail = c.l.t_args(
                "results-difference",
                &[
                    ("high", group_name(high.group)),
                    ("high_score", c.l.decimal(high.score, 1)),
                    ("high_average", c.l.decimal(high.average, 1)),
                    ("low", group_name(low.group)),
                    ("low_score", c.l.decimal(low.score, 1)),
                    ("low_average", c.l.decimal(low.average, 1)),
                ],
            );
            Some((t.body.clone(), detail))
        })
        .collect();
    let bridging = actions::bridging_leaders(state, exchange)
        .await?
        .into_iter()
        .map(|(t, b)| {
            let detail = format!(
                "{} · {}",
                c.l.t_args(
                    "results-bridging-score",
                    &[("score", c.l.decimal(b.stars, 2))]
                ),
                c.l.t_count("count-star-ratings", i64::from(b.ratings))
            );
            (t.body, detail)
        })
        .collect();
    let answers = super::answers::for_results(state, exchange, &c.l).await?;
    Ok(ResultsPage {
        answers,
        common_ground,
        differences,
        bridging,
        explore,
        filter_query,
        report,
        e: ExchangeView::of(exchange),
        participants: results.summary.participants,
        thought_count: results.summary.thoughts,
        ratings: results.summary.ratings,
        chart: group_chart(&c, &results.summary),
        views,
        view: view_key,
        ranking_rule: c.l.t_args(
            if view.is_none() {
                "results-ranking-rule"
            } else {
                "results-ranking-rule-group"
            },
            &[("weight", PRIOR_WEIGHT.to_string())],
        ),
        rows,
        first_rank: first + 1,
        page_label: c.l.t_args(
            "results-page-of",
            &[("page", page.to_string()), ("pages", pages.to_string())],
        ),
        prev_page: (page > 1).then(|| page - 1),
        next_page: (page < pages).then(|| page + 1),
        c,
    })
}

/// Every visible thought with its figures and theme, best first; no participant identifiers of any kind.
async fn export_csv(
    State(state): State<AppState>,
    staff: Option<Staff>,
    jar: CookieJar,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let exchange = results_exchange(&state, staff.as_ref(), &jar, id).await?;
    let results = actions::all_results(&state, &exchange).await?;
    let themes = crate::themes::theme_results(&state, &exchange, &results).await?;
    let body =
        crate::export::results_csv(&results, &themes).map_err(|e| AppError::Internal(e.into()))?;
    Ok(download(id, "csv", "text/csv; charset=utf-8", body))
}

/// The same figures as the CSV, with the themes and participation, as JSON.
async fn export_json(
    State(state): State<AppState>,
    staff: Option<Staff>,
    jar: CookieJar,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let exchange = results_exchange(&state, staff.as_ref(), &jar, id).await?;
    let results = actions::all_results(&state, &exchange).await?;
    let summary = state.store.summary(id).await?;
    let themes = crate::themes::theme_results(&state, &exchange, &results).await?;
    let export = crate::export::results_json(&exchange, &summary, &results, &themes);
    let body = serde_json::to_vec_pretty(&export).map_err(|e| AppError::Internal(e.into()))?;
    Ok(download(id, "json", "application/json", body))
}

fn download(id: i64, extension: &str, content_type: &'static str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"exchange-{id}-results.{extension}\"");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}
