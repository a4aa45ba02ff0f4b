//! Themes of an exchange, once for pages and exports: computed by `accord-analysis` from the visible
//! thoughts with the facilitator's edits re-applied, stored, and read back with their scores.
//!
//! An edit names its themes by the thoughts they held when it was made (`accord_analysis::ThemeRef`),
//! so every later computation (new thoughts, another number of themes, the exchange closing) applies
//! it again to whichever theme now holds those thoughts.

use crate::AppState;
use crate::actions::{Results, text_error};
use crate::auth::Staff;
use crate::error::AppError;
use crate::i18n::Msg;
use accord_analysis::{Edit, ThemeEdits, ThemeError, ThemeRef, Themes, themes_with_edits};
use accord_domain::exchange::{self, Group};
use accord_domain::themes::{ThemeScore, score_theme};
use accord_store::{Exchange, NewTheme, StoredTheme};
use std::collections::{BTreeMap, HashMap};

/// The most themes a facilitator may ask for.
pub const THEME_COUNT_MAX: i64 = 30;
pub const LABEL_MAX_CHARS: usize = 80;
/// Representative thoughts shown with each theme.
pub const REPRESENTATIVES_SHOWN: usize = 3;

/// Computes the exchange's themes and stores them; the message says why when its thoughts cannot be
/// grouped (fewer than two, or fewer than the number of themes asked for).
pub async fn compute(
    state: &AppState,
    exchange: &Exchange,
) -> Result<Result<usize, Msg>, AppError> {
    let (thoughts, settings, edits) = tokio::try_join!(
        state.store.thought_tallies(exchange.id),
        state.store.theme_settings(exchange.id),
        state.store.theme_edits(exchange.id),
    )?;
    let edits = ThemeEdits {
        edits: edits
            .iter()
            .map(|e| serde_json::from_str::<Edit<i64>>(e))
            .collect::<Result<_, _>>()
            .map_err(|e| AppError::Internal(e.into()))?,
    };
    let k = settings
        .theme_count
        .map(|k| usize::try_from(k).unwrap_or(usize::MAX));
    let ids: Vec<i64> = thoughts.iter().map(|t| t.id).collect();
    // Grouping a thousand thoughts takes a second of CPU: off the async threads.
    let computed = tokio::task::spawn_blocking(move || {
        let texts: Vec<&str> = thoughts.iter().map(|t| t.body.as_str()).collect();
        themes_with_edits(&texts, &ids, k, &edits, &|_, _, _| {}).map(|c| (ids, c.themes))
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    let (ids, themes) = match computed {
        Ok(done) => done,
        Err(err) => return Ok(Err(theme_error(&err))),
    };
    let stored = to_store(&ids, &themes);
    state.store.replace_themes(exchange.id, &stored).await?;
    Ok(Ok(stored.len()))
}

fn to_store(ids: &[i64], themes: &Themes) -> Vec<NewTheme> {
    let mut members: Vec<Vec<i64>> = vec![Vec::new(); themes.themes.len()];
    for (&id, &theme) in ids.iter().zip(&themes.assignments) {
        members[theme].push(id);
    }
    themes
        .themes
        .iter()
        .zip(members)
        .map(|(theme, members)| NewTheme {
            label: theme.label.clone(),
            terms: theme.terms.clone(),
            members,
            representatives: theme.representatives.iter().map(|&i| ids[i]).collect(),
        })
        .collect()
}

fn theme_error(err: &ThemeError) -> Msg {
    match err {
        ThemeError::Empty | ThemeError::SingleComment => Msg::new("themes-error-too-few"),
        ThemeError::TooManyThemes { k, comments }
        | ThemeError::TooFewWordedComments { k, comments } => Msg::new("themes-error-too-many")
            .arg("k", k)
            .arg("comments", comments)
            .field("theme_count"),
        ThemeError::ZeroThemes => Msg::new("themes-error-count").field("theme_count"),
        ThemeError::NoSharedWords => Msg::new("themes-error-no-shared-words"),
        other => Msg::text(other.to_string()),
    }
}

/// Computes themes when an exchange closes, so its results have them without anyone asking. A
/// failure is logged, never in the way of closing.
pub async fn compute_on_close(state: &AppState, exchange: &Exchange) {
    match compute(state, exchange).await {
        Ok(Ok(count)) => tracing::info!(exchange = exchange.id, count, "themes computed on close"),
        Ok(Err(why)) => tracing::info!(exchange = exchange.id, ?why, "no themes on close"),
        Err(err) => tracing::warn!(exchange = exchange.id, %err, "themes on close failed"),
    }
}

/// Sets the number of themes (`None`: automatic) and computes them again.
pub async fn set_count(
    state: &AppState,
    exchange: &Exchange,
    count: Option<i64>,
) -> Result<Result<usize, Msg>, AppError> {
    if count.is_some_and(|k| !(1..=THEME_COUNT_MAX).contains(&k)) {
        return Ok(Err(Msg::new("themes-error-count")
            .arg("max", THEME_COUNT_MAX)
            .field("theme_count")));
    }
    state.store.set_theme_count(exchange.id, count).await?;
    compute(state, exchange).await
}

/// A facilitator's change to one theme.
pub enum Change {
    Rename {
        label: String,
    },
    /// Puts this theme's thoughts into another theme.
    MergeInto {
        into: i64,
    },
    /// Makes a new theme of some of its thoughts.
    Split {
        thoughts: Vec<i64>,
        label: String,
    },
    /// Moves some of its thoughts to another theme.
    Move {
        thoughts: Vec<i64>,
        to: i64,
    },
}

/// Applies `change` to theme `theme_id`: keeps it as an edit and computes the themes again with it.
pub async fn change(
    state: &AppState,
    staff: &Staff,
    exchange: &Exchange,
    theme_id: i64,
    change: Change,
) -> Result<Result<(), Msg>, AppError> {
    let themes = state.store.themes(exchange.id).await?;
    let find = |id: i64| {
        themes
            .iter()
            .find(|t| t.id == id)
            .ok_or_else(|| AppError::Conflict(Msg::new("themes-changed")))
    };
    let reference = |t: &StoredTheme| ThemeRef {
        members: t.members.clone(),
    };
    let theme = find(theme_id)?;
    let in_theme = |chosen: Vec<i64>| -> Vec<i64> {
        chosen
            .into_iter()
            .filter(|t| theme.members.contains(t))
            .collect()
    };
    let edit = match change {
        Change::Rename { label } => match exchange::clean_text("label", &label, LABEL_MAX_CHARS) {
            Ok(label) => Edit::Rename {
                theme: reference(theme),
                label,
            },
            Err(e) => return Ok(Err(text_error(&e))),
        },
        Change::MergeInto { into } if into == theme_id => {
            return Ok(Err(Msg::new("themes-error-same").field("into")));
        }
        Change::MergeInto { into } => Edit::Merge {
            into: reference(find(into)?),
            from: reference(theme),
        },
        Change::Split { thoughts, label } => {
            let part = in_theme(thoughts);
            if part.is_empty() {
                return Ok(Err(Msg::new("themes-error-choose").field("thoughts")));
            }
            match exchange::clean_optional_text("label", &label, LABEL_MAX_CHARS) {
                Ok(label) => Edit::Split {
                    theme: reference(theme),
                    part,
                    label: Some(label).filter(|l| !l.is_empty()),
                },
                Err(e) => return Ok(Err(text_error(&e))),
            }
        }
        Change::Move { to, .. } if to == theme_id => {
            return Ok(Err(Msg::new("themes-error-same").field("to")));
        }
        Change::Move { thoughts, to } => {
            let thoughts = in_theme(thoughts);
            if thoughts.is_empty() {
                return Ok(Err(Msg::new("themes-error-choose").field("thoughts")));
            }
            Edit::Move {
                thoughts,
                to: reference(find(to)?),
            }
        }
    };
    let json = serde_json::to_string(&edit).map_err(|e| AppError::Internal(e.into()))?;
    state
        .store
        .add_theme_edit(exchange.id, &json, Some(staff.0.id))
        .await?;
    Ok(compute(state, exchange).await?.map(|_| ()))
}

/// A theme with its figures.
pub struct ThemeResult {
    pub id: i64,
    pub label: String,
    pub terms: Vec<String>,
    /// Its visible thoughts, the representatives first.
    pub members: Vec<i64>,
    pub representatives: Vec<i64>,
    pub score: ThemeScore,
    /// Participants who starred at least one of its thoughts.
    pub raters: i64,
    pub raters_by_group: BTreeMap<Option<Group>, i64>,
}

/// The exchange's stored themes with their scores, overall and by group, in their order.
pub async fn theme_results(
    state: &AppState,
    exchange: &Exchange,
    results: &Results,
) -> Result<Vec<ThemeResult>, AppError> {
    let (themes, raters) = tokio::try_join!(
        state.store.themes(exchange.id),
        state.store.theme_raters(exchange.id),
    )?;
    let position: HashMap<i64, usize> = results
        .thoughts
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let mut raters_of: HashMap<i64, BTreeMap<Option<Group>, i64>> = HashMap::new();
    for r in raters {
        raters_of
            .entry(r.theme_id)
            .or_default()
            .insert(r.group, r.raters);
    }
    Ok(themes
        .into_iter()
        .map(|theme| {
            let members = theme
                .members
                .iter()
                .filter_map(|id| position.get(id))
                .map(|&i| &results.tallies[i]);
            let score = score_theme(members, &results.scored.prior, &results.scored.group_priors);
            let raters_by_group = raters_of.remove(&theme.id).unwrap_or_default();
            ThemeResult {
                id: theme.id,
                label: theme.label,
                terms: theme.terms,
                members: theme.members,
                representatives: theme.representatives,
                score,
                raters: raters_by_group.values().sum(),
                raters_by_group,
            }
        })
        .collect())
}
