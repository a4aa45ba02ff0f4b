//! Exports of an exchange's results. They carry thoughts and figures only: no participant
//! identifier, token or group membership of any individual appears in them.

use crate::actions::Results;
use crate::themes::ThemeResult;
use accord_domain::exchange::Group;
use accord_domain::scoring::{PRIOR_WEIGHT, Score};
use accord_store::{Exchange, Summary};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Each thought's theme: its number (1 for the first theme) and label.
fn theme_of(themes: &[ThemeResult]) -> HashMap<i64, (usize, &str)> {
    themes
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            t.members
                .iter()
                .map(move |&id| (id, (i + 1, t.label.as_str())))
        })
        .collect()
}

/// Groups in the order of the seed's list, then raters who gave no group.
fn all_groups() -> Vec<Option<Group>> {
    Group::ALL.iter().copied().map(Some).chain([None]).collect()
}

/// Spreadsheet programs run a cell that starts with one of these as a formula; a leading apostrophe
/// makes them show it as text instead (OWASP's advice against CSV injection).
pub(crate) fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn figure(value: f64) -> String {
    format!("{value:.3}")
}

/// One row per visible thought, best first, with its theme and overall and per-group figures.
pub fn results_csv(results: &Results, themes: &[ThemeResult]) -> Result<Vec<u8>, csv::Error> {
    let groups = all_groups();
    let theme_of = theme_of(themes);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "rank",
        "thought_id",
        "text",
        "theme_number",
        "theme_label",
        "score",
        "mean",
        "ratings",
        "skips",
        "low_90",
        "high_90",
    ]
    .iter()
    .map(|h| (*h).to_owned())
    .collect();
    for group in &groups {
        let key = group.map_or("none", Group::key);
        header.push(format!("{key}_score"));
        header.push(format!("{key}_ratings"));
    }
    writer.write_record(&header)?;
    for (rank, scored) in results.scored.thoughts.iter().enumerate() {
        let thought = results.thought(scored.index);
        let s = &scored.overall;
        let theme = theme_of.get(&thought.id);
        let mut row = vec![
            (rank + 1).to_string(),
            thought.id.to_string(),
            spreadsheet_safe(&thought.body),
            theme.map(|t| t.0.to_string()).unwrap_or_default(),
            theme.map(|t| spreadsheet_safe(t.1)).unwrap_or_default(),
            figure(s.score),
            s.mean.map(figure).unwrap_or_default(),
            s.ratings.to_string(),
            thought.skips.to_string(),
            figure(s.low),
            figure(s.high),
        ];
        for group in &groups {
            match scored.by_group.get(group) {
                Some(g) => row.extend([figure(g.score), g.ratings.to_string()]),
                None => row.extend([String::new(), "0".to_owned()]),
            }
        }
        writer.write_record(&row)?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// The JSON export: the exchange, participation, themes and every visible thought with its figures.
#[derive(Serialize)]
pub struct JsonExport<'a> {
    pub exchange: JsonExchange<'a>,
    /// How thoughts are ranked: by the rater-adjusted score, shrunk by `prior_weight` ratings.
    pub ranking_rule: &'static str,
    pub prior_weight: f64,
    pub participation: JsonParticipation<'a>,
    pub themes: Vec<JsonTheme<'a>>,
    pub thoughts: Vec<JsonThought<'a>>,
}

#[derive(Serialize)]
pub struct JsonExchange<'a> {
    pub id: i64,
    pub title: &'a str,
    pub question: &'a str,
    pub state: &'static str,
}

#[derive(Serialize)]
pub struct JsonParticipation<'a> {
    pub participants: i64,
    pub thoughts: i64,
    pub ratings: i64,
    pub skips: i64,
    pub participants_by_group: &'a BTreeMap<String, i64>,
}

#[derive(Serialize)]
pub struct JsonGroupScore {
    pub group: &'static str,
    #[serde(flatten)]
    pub score: Score,
    /// Participants of the group who starred any of the theme's thoughts (themes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raters: Option<i64>,
}

#[derive(Serialize)]
pub struct JsonTheme<'a> {
    pub number: usize,
    pub label: &'a str,
    pub terms: &'a [String],
    pub thoughts: usize,
    pub score: Score,
    pub raters: i64,
    pub by_group: Vec<JsonGroupScore>,
    pub representative_thought_ids: &'a [i64],
}

#[derive(Serialize)]
pub struct JsonThought<'a> {
    pub rank: usize,
    pub id: i64,
    pub text: &'a str,
    pub theme: Option<usize>,
    pub skips: i64,
    pub score: Score,
    pub by_group: Vec<JsonGroupScore>,
}

fn group_scores(
    by_group: &BTreeMap<Option<Group>, Score>,
    raters: Option<&BTreeMap<Option<Group>, i64>>,
) -> Vec<JsonGroupScore> {
    all_groups()
        .into_iter()
        .filter_map(|g| {
            by_group.get(&g).map(|s| JsonGroupScore {
                group: g.map_or("none", Group::key),
                score: *s,
                raters: raters.map(|r| r.get(&g).copied().unwrap_or(0)),
            })
        })
        .collect()
}

pub fn results_json<'a>(
    exchange: &'a Exchange,
    summary: &'a Summary,
    results: &'a Results,
    themes: &'a [ThemeResult],
) -> JsonExport<'a> {
    let theme_of = theme_of(themes);
    JsonExport {
        exchange: JsonExchange {
            id: exchange.id,
            title: &exchange.title,
            question: &exchange.question,
            state: exchange.state.key(),
        },
        ranking_rule: crate::actions::ADJUSTED_RULE,
        prior_weight: PRIOR_WEIGHT,
        participation: JsonParticipation {
            participants: summary.participants,
            thoughts: summary.thoughts,
            ratings: summary.ratings,
            skips: summary.skips,
            participants_by_group: &summary.participants_by_group,
        },
        themes: themes
            .iter()
            .enumerate()
            .map(|(i, t)| JsonTheme {
                number: i + 1,
                label: &t.label,
                terms: &t.terms,
                thoughts: t.members.len(),
                score: t.score.overall,
                raters: t.raters,
                by_group: group_scores(&t.score.by_group, Some(&t.raters_by_group)),
                representative_thought_ids: &t.representatives,
            })
            .collect(),
        thoughts: results
            .scored
            .thoughts
            .iter()
            .enumerate()
            .map(|(rank, scored)| {
                let thought = results.thought(scored.index);
                JsonThought {
                    rank: rank + 1,
                    id: thought.id,
                    text: &thought.body,
                    theme: theme_of.get(&thought.id).map(|t| t.0),
                    skips: thought.skips,
                    score: scored.overall,
                    by_group: group_scores(&scored.by_group, None),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_defused() {
        assert_eq!(
            super::spreadsheet_safe("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(
            super::spreadsheet_safe("More counselors"),
            "More counselors"
        );
    }
}
