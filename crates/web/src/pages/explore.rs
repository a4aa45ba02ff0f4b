//! What the results page (and its printable report) shows beyond the ranking: the themes with their
//! scores, the charts, and the theme filter. Built from every thought's scores (kept per server) and
//! the stored themes.

use super::Chrome;
use crate::AppState;
use crate::actions::{self, Insight, InsightThought, ResultRow, Results};
use crate::charts::{self, BarEntry, Chart, Frame, RangeEntry};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::themes::{REPRESENTATIVES_SHOWN, ThemeResult, theme_results};
use accord_domain::exchange::Group;
use accord_domain::scoring::Score;
use accord_domain::themes::score_theme;
use accord_store::Exchange;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Thoughts in the top-thoughts chart.
const TOP_CHARTED: usize = 10;
/// Width of a bin of the score distribution, in stars.
const BIN_WIDTH: f64 = 0.5;

/// A theme as the results page shows it.
pub struct ThemeView {
    pub id: i64,
    pub label: String,
    pub terms: String,
    pub size: String,
    pub score: String,
    pub interval: String,
    pub ratings: String,
    pub raters: String,
    pub representatives: Vec<String>,
    /// (group, score, 90% range, ratings, raters)
    pub groups: Vec<(String, String, String, String, String)>,
}

/// Themes, charts and filters of the results page.
pub struct Explore {
    pub themes: Vec<ThemeView>,
    /// (id, label, selected) for the theme filter.
    pub theme_choices: Vec<(String, String, bool)>,
    /// Which theme the ranking is filtered to, in a sentence.
    pub theme_shown: Option<String>,
    pub themes_chart: Chart,
    pub top_chart: Chart,
    pub distribution: Chart,
    pub groups_chart: Chart,
    pub common_chart: Chart,
    pub differences_chart: Chart,
}

/// The exchange's scored thoughts and themes, and the theme the visitor chose, if any.
pub struct Loaded {
    results: Arc<Results>,
    themes: Vec<ThemeResult>,
    selected: Option<usize>,
}

/// `""`, `all` or a theme id, as the filter form sends it.
pub fn parse_theme(theme: Option<&str>) -> Result<Option<i64>, AppError> {
    match theme.unwrap_or("") {
        "" | "all" => Ok(None),
        other => other
            .parse()
            .map(Some)
            .map_err(|_| AppError::Invalid(Msg::new("results-theme-unknown").field("theme"))),
    }
}

pub async fn load(
    state: &AppState,
    exchange: &Exchange,
    theme: Option<i64>,
) -> Result<Loaded, AppError> {
    let results = actions::scored_results(state, exchange).await?;
    let themes = theme_results(state, exchange, &results).await?;
    let selected =
        match theme {
            None => None,
            Some(id) => Some(themes.iter().position(|t| t.id == id).ok_or_else(|| {
                AppError::Invalid(Msg::new("results-theme-unknown").field("theme"))
            })?),
        };
    Ok(Loaded {
        results,
        themes,
        selected,
    })
}

impl Loaded {
    /// The thoughts of the chosen theme: what the ranking is filtered to.
    pub fn members(&self) -> Option<HashSet<i64>> {
        self.selected
            .map(|i| self.themes[i].members.iter().copied().collect())
    }

    pub fn explore(
        &self,
        c: &Chrome,
        view: Option<Option<Group>>,
        top: &[ResultRow],
        insight: &Insight,
    ) -> Explore {
        let bodies: HashMap<i64, &str> = self
            .results
            .thoughts
            .iter()
            .map(|t| (t.id, t.body.as_str()))
            .collect();
        let selected = self.selected.map(|i| &self.themes[i]);
        Explore {
            themes: self
                .themes
                .iter()
                .map(|t| theme_view(c, t, &bodies))
                .collect(),
            theme_choices: self
                .themes
                .iter()
                .map(|t| {
                    (
                        t.id.to_string(),
                        t.label.clone(),
                        selected.is_some_and(|s| s.id == t.id),
                    )
                })
                .collect(),
            theme_shown: selected.map(|t| {
                c.l.t_args("results-theme-shown", &[("theme", t.label.clone())])
            }),
            themes_chart: themes_chart(c, &self.themes),
            top_chart: top_chart(c, top),
            distribution: self.distribution(c, view),
            groups_chart: self.groups_chart(c),
            common_chart: spread_chart(
                c,
                "common-chart",
                "chart-common-ground",
                &insight.common_ground,
            ),
            differences_chart: spread_chart(
                c,
                "differences-chart",
                "chart-differences",
                &insight.differences,
            ),
        }
    }

    /// How many thoughts (of the chosen theme, or all) score in each half-star band, as `view` sees them.
    fn distribution(&self, c: &Chrome, view: Option<Option<Group>>) -> Chart {
        let members = self.members();
        let bins = ((5.0 - 1.0) / BIN_WIDTH) as usize;
        let mut counts = vec![0i64; bins];
        for t in &self.results.scored.thoughts {
            let id = self.results.thought(t.index).id;
            if members.as_ref().is_some_and(|m| !m.contains(&id)) {
                continue;
            }
            let score = t.score_in(view, &self.results.scored.group_priors).score;
            let bin = (((score - 1.0) / BIN_WIDTH).floor().max(0.0) as usize).min(bins - 1);
            counts[bin] += 1;
        }
        let entries = counts
            .iter()
            .enumerate()
            .map(|(i, &count)| {
                let low = 1.0 + i as f64 * BIN_WIDTH;
                let label = c.l.t_args(
                    "chart-band",
                    &[
                        ("low", c.l.decimal(low, 1)),
                        ("high", c.l.decimal(low + BIN_WIDTH, 1)),
                    ],
                );
                BarEntry {
                    value: count as f64,
                    value_text: c.l.number(count),
                    cells: vec![label.clone(), c.l.number(count)],
                    label,
                }
            })
            .collect();
        charts::bars(
            Frame {
                id: "distribution-chart",
                title: c.l.t("chart-distribution"),
                columns: vec![c.l.t("chart-col-band"), c.l.t("chart-col-thoughts")],
            },
            entries,
        )
    }

    /// Each group's score of the chosen theme, or of every thought, side by side.
    fn groups_chart(&self, c: &Chrome) -> Chart {
        let by_group = match self.selected {
            Some(i) => self.themes[i].score.by_group.clone(),
            None => {
                score_theme(
                    &self.results.tallies,
                    &self.results.scored.prior,
                    &self.results.scored.group_priors,
                )
                .by_group
            }
        };
        let entries = group_order()
            .filter_map(|g| by_group.get(&g).map(|s| (g, s)))
            .map(|(g, s)| {
                let label = c.group_label(g);
                score_entry(c, label.clone(), s, vec![label])
            })
            .collect();
        charts::ranges(
            Frame {
                id: "groups-score-chart",
                title: c.l.t("chart-groups"),
                columns: score_columns(c, "chart-col-group"),
            },
            entries,
            &stars,
        )
    }
}

fn stars(n: i64) -> String {
    format!("{n}★")
}

fn group_order() -> impl Iterator<Item = Option<Group>> {
    Group::ALL.iter().copied().map(Some).chain([None])
}

fn interval(c: &Chrome, s: &Score) -> String {
    format!("{}–{}", c.l.decimal(s.low, 2), c.l.decimal(s.high, 2))
}

fn score_columns(c: &Chrome, first: &str) -> Vec<String> {
    vec![
        c.l.t(first),
        c.l.t("chart-col-score"),
        c.l.t("chart-col-range"),
        c.l.t("chart-col-ratings"),
    ]
}

/// A score with its interval as a chart row; `cells` starts the table row.
fn score_entry(c: &Chrome, label: String, s: &Score, mut cells: Vec<String>) -> RangeEntry {
    cells.extend([
        c.l.decimal(s.score, 2),
        interval(c, s),
        c.l.number(s.ratings),
    ]);
    RangeEntry {
        label,
        low: s.low,
        high: s.high,
        point: Some(s.score),
        value_text: c.l.decimal(s.score, 2),
        cells,
    }
}

fn theme_view(c: &Chrome, t: &ThemeResult, bodies: &HashMap<i64, &str>) -> ThemeView {
    let s = &t.score.overall;
    let groups = group_order()
        .filter_map(|g| t.score.by_group.get(&g).map(|s| (g, s)))
        .map(|(g, s)| {
            (
                c.group_label(g),
                c.l.decimal(s.score, 2),
                interval(c, s),
                c.l.number(s.ratings),
                c.l.number(t.raters_by_group.get(&g).copied().unwrap_or(0)),
            )
        })
        .collect();
    ThemeView {
        id: t.id,
        label: t.label.clone(),
        terms: t.terms.join(", "),
        size: c
            .l
            .t_count("count-thoughts", crate::actions::to_i64(t.members.len())),
        score: c.l.decimal(s.score, 2),
        interval: c.l.t_args(
            "results-interval",
            &[
                ("low", c.l.decimal(s.low, 2)),
                ("high", c.l.decimal(s.high, 2)),
            ],
        ),
        ratings: c.l.t_count("count-ratings", s.ratings),
        raters: c.l.t_count("count-raters", t.raters),
        representatives: t
            .representatives
            .iter()
            .take(REPRESENTATIVES_SHOWN)
            .filter_map(|id| bodies.get(id).map(|b| (*b).to_owned()))
            .collect(),
        groups,
    }
}

/// Themes by size, each with its score beside it.
fn themes_chart(c: &Chrome, themes: &[ThemeResult]) -> Chart {
    let mut ordered: Vec<&ThemeResult> = themes.iter().collect();
    ordered.sort_by_key(|t| std::cmp::Reverse(t.members.len()));
    let entries = ordered
        .into_iter()
        .map(|t| {
            let s = &t.score.overall;
            let size = crate::actions::to_i64(t.members.len());
            BarEntry {
                label: t.label.clone(),
                value: size as f64,
                value_text: format!("{} · {}", c.l.number(size), stars_text(c, s.score)),
                cells: vec![
                    t.label.clone(),
                    c.l.number(size),
                    c.l.decimal(s.score, 2),
                    interval(c, s),
                    c.l.number(s.ratings),
                    c.l.number(t.raters),
                ],
            }
        })
        .collect();
    charts::bars(
        Frame {
            id: "themes-chart",
            title: c.l.t("chart-themes"),
            columns: vec![
                c.l.t("chart-col-theme"),
                c.l.t("chart-col-thoughts"),
                c.l.t("chart-col-score"),
                c.l.t("chart-col-range"),
                c.l.t("chart-col-ratings"),
                c.l.t("chart-col-raters"),
            ],
        },
        entries,
    )
}

fn stars_text(c: &Chrome, score: f64) -> String {
    format!("{}★", c.l.decimal(score, 1))
}

/// The first thoughts of the ranking shown, each score with its interval.
fn top_chart(c: &Chrome, top: &[ResultRow]) -> Chart {
    let entries = top
        .iter()
        .take(TOP_CHARTED)
        .map(|row| score_entry(c, row.body.clone(), &row.shown, vec![row.body.clone()]))
        .collect();
    charts::ranges(
        Frame {
            id: "top-chart",
            title: c.l.t("chart-top"),
            columns: score_columns(c, "chart-col-thought"),
        },
        entries,
        &stars,
    )
}

/// Thoughts with the spread of the groups' scores: from the group that rates it lowest to the highest.
fn spread_chart(c: &Chrome, id: &'static str, title: &str, thoughts: &[InsightThought]) -> Chart {
    let entries = thoughts
        .iter()
        .filter_map(|t| {
            let low = t.groups.iter().min_by(|a, b| a.score.total_cmp(&b.score))?;
            let high = t.groups.iter().max_by(|a, b| a.score.total_cmp(&b.score))?;
            let end = |g: &actions::GroupView| {
                format!(
                    "{} {}",
                    c.group_label(Some(g.group)),
                    c.l.decimal(g.score, 2)
                )
            };
            Some(RangeEntry {
                label: t.body.clone(),
                low: low.score,
                high: high.score,
                point: None,
                value_text: format!(
                    "{}–{}",
                    c.l.decimal(low.score, 1),
                    c.l.decimal(high.score, 1)
                ),
                cells: vec![t.body.clone(), end(low), end(high)],
            })
        })
        .collect();
    charts::ranges(
        Frame {
            id,
            title: c.l.t(title),
            columns: vec![
                c.l.t("chart-col-thought"),
                c.l.t("chart-col-lowest"),
                c.l.t("chart-col-highest"),
            ],
        },
        entries,
        &stars,
    )
}
