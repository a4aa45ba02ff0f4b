//! Themes in short comments: the thoughts of a community exchange, or any survey export.
//!
//! The method is lexical and needs no model: comments become TF-IDF vectors of stemmed words (English
//! and Spanish, Spanish words of the field grouped with their English equivalents), each comment is
//! linked to the comments most like it, and the communities of that graph (Louvain) are brought to the
//! number of themes wanted (given, or the number of communities at a low resolution) by merging. This is
//! done from several resolutions, each result polished by a few rounds of spherical k-means, and the
//! most modular result is kept. Each theme gets a label from its most distinctive words and the
//! comments nearest its centre. Beyond 5,000 comments the graph is built on a random sample of 5,000 and
//! the others join the nearest theme, so the time grows linearly. The root BENCHMARKS.md has the quality and speed figures and why this method over k-means.
//!
//! Optionally ([`themes_with_embeddings`]) each comment also carries a sentence embedding, and the
//! comments are compared by a blend of the two likenesses: words catch the field's vocabulary, the
//! embedding catches the same idea in other words. [`sentence_embeddings`] computes them with
//! all-MiniLM-L6-v2 from a local directory when the crate is built with the `embeddings` feature.
//!
//! Everything here but [`themes_csv`] and [`sentence_embeddings`] is free of I/O.

mod clustering;
mod community;
mod csv_input;
mod edits;
#[cfg(feature = "embeddings")]
mod embedding;
mod graph;
mod labels;
mod lexicon;
mod metrics;
#[cfg(any(feature = "embeddings", test))]
mod pooling;
pub mod text;
mod vectors;

use std::hash::Hash;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use csv_input::{Summary, decode as decode_csv_text, themes_csv};
pub use edits::{Applied, Edit, Grouping, ThemeEdits, ThemeRef};
pub use metrics::nmi;

/// The steps of a computation, for progress reports: `progress(stage, done, total)`. Stages come in this
/// order, except that Grouping runs twice when the number of themes is chosen (once to choose it, once to
/// group), and Neighbours too for more than 500 comments (the number is chosen on a sample).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading and decoding a CSV file (bytes).
    Reading,
    /// Computing sentence embeddings, when a model is used (comments).
    Embedding,
    /// Splitting comments into words (comments).
    Words,
    /// Finding each comment's most similar comments (comments).
    Neighbours,
    /// Grouping the similarity graph (runs).
    Grouping,
    /// Labelling themes (themes).
    Describing,
    /// Writing the output file (rows).
    Writing,
}

/// Why themes could not be computed; every message says what to change.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("there are no comments to group into themes")]
    Empty,
    #[error("there is only one comment; grouping into themes needs at least two")]
    SingleComment,
    #[error("the number of themes must be at least 1")]
    ZeroThemes,
    #[error("{k} themes were asked for, but there are only {comments} comments")]
    TooManyThemes { k: usize, comments: usize },
    #[error(
        "{k} themes were asked for, but only {comments} comments share any word with another comment"
    )]
    TooFewWordedComments { k: usize, comments: usize },
    #[error("no two comments share a word, so there is nothing to group them by")]
    NoSharedWords,
    #[error("{ids} thought ids were given for {texts} comments")]
    IdsMismatch { ids: usize, texts: usize },
    #[error("{embeddings} sentence embeddings were given for {texts} comments")]
    EmbeddingsMismatch { embeddings: usize, texts: usize },
    #[error(
        "cannot load the sentence model in {path}: {message} (scripts/fetch-embedding-model installs it)"
    )]
    Model { path: String, message: String },
    #[error("computing sentence embeddings failed: {0}")]
    Embedding(String),
    #[error(
        "this build has no sentence embeddings; build with `--features accord-analysis/embeddings` to use a model"
    )]
    EmbeddingsNotBuilt,
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}, line {line}: {message}")]
    Csv {
        path: String,
        line: u64,
        message: String,
    },
    #[error("{path} has no column named \"{column}\"; its columns are: {available}")]
    MissingColumn {
        path: String,
        column: String,
        available: String,
    },
}

/// The themes of a set of comments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Themes {
    /// For each comment, in input order, the index of its theme in `themes`.
    pub assignments: Vec<usize>,
    /// Largest first, before any edits; a theme made by a split comes after the others.
    pub themes: Vec<Theme>,
}

/// One theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    /// Two to four distinctive words or short phrases ("mental health, counselors"), or the
    /// facilitator's label.
    pub label: String,
    /// Its most distinctive words, most distinctive first, as people wrote them.
    pub terms: Vec<String>,
    /// Indexes of its most representative comments, most representative first.
    pub representatives: Vec<usize>,
    /// How many comments it holds.
    pub size: usize,
}

/// Themes after a facilitator's edits, with the positions of the edits that no longer applied.
#[derive(Debug, Clone, PartialEq)]
pub struct EditedThemes {
    pub themes: Themes,
    pub skipped: Vec<usize>,
}

/// Groups comments into themes. `k` is the number of themes; `None` chooses it (between 2 and 15) from
/// how the comments cluster. Deterministic: the same input gives the same themes.
///
/// Comments with no word in common with any other comment (blank, "ok", a single rare word) cannot be
/// placed by similarity and join the largest theme.
pub fn themes(
    texts: &[&str],
    k: Option<usize>,
    progress: &dyn Fn(Stage, u64, u64),
) -> Result<Themes, ThemeError> {
    let corpus = prepare(texts, k, progress)?;
    let assignments = cluster(&corpus, None, k, progress);
    Ok(describe(&corpus, Grouping::of(assignments), progress))
}

/// [`themes`] with each comment's sentence embedding (`embeddings[i]` for `texts[i]`, unit length, as
/// [`sentence_embeddings`] gives them): comments are compared by a blend of their words and their
/// embeddings, so that comments saying the same thing in different words come together. Labels still
/// come from the words.
pub fn themes_with_embeddings(
    texts: &[&str],
    embeddings: &[Vec<f32>],
    k: Option<usize>,
    progress: &dyn Fn(Stage, u64, u64),
) -> Result<Themes, ThemeError> {
    if embeddings.len() != texts.len() {
        return Err(ThemeError::EmbeddingsMismatch {
            embeddings: embeddings.len(),
            texts: texts.len(),
        });
    }
    let corpus = prepare(texts, k, progress)?;
    let assignments = cluster(&corpus, Some(embeddings), k, progress);
    Ok(describe(&corpus, Grouping::of(assignments), progress))
}

/// The sentence embedding of each text, unit length, computed with the all-MiniLM-L6-v2 model installed
/// in `model_dir` by `scripts/fetch-embedding-model`. Reads the model from disk; downloads nothing.
#[cfg(feature = "embeddings")]
pub fn sentence_embeddings(
    model_dir: &Path,
    texts: &[&str],
    progress: &dyn Fn(Stage, u64, u64),
) -> Result<Vec<Vec<f32>>, ThemeError> {
    embedding::SentenceModel::load(model_dir)?.embed(texts, progress)
}

/// Without the `embeddings` feature there is no model to run: always [`ThemeError::EmbeddingsNotBuilt`].
#[cfg(not(feature = "embeddings"))]
pub fn sentence_embeddings(
    _model_dir: &Path,
    _texts: &[&str],
    _progress: &dyn Fn(Stage, u64, u64),
) -> Result<Vec<Vec<f32>>, ThemeError> {
    Err(ThemeError::EmbeddingsNotBuilt)
}

/// [`themes`], then a facilitator's edits applied to the result; `ids[i]` is the id of `texts[i]`, the
/// ids the edits refer to.
pub fn themes_with_edits<Id: Eq + Hash>(
    texts: &[&str],
    ids: &[Id],
    k: Option<usize>,
    edits: &ThemeEdits<Id>,
    progress: &dyn Fn(Stage, u64, u64),
) -> Result<EditedThemes, ThemeError> {
    if ids.len() != texts.len() {
        return Err(ThemeError::IdsMismatch {
            ids: ids.len(),
            texts: texts.len(),
        });
    }
    let corpus = prepare(texts, k, progress)?;
    let assignments = cluster(&corpus, None, k, progress);
    let applied = edits.apply(ids, Grouping::of(assignments));
    Ok(EditedThemes {
        themes: describe(&corpus, applied.grouping, progress),
        skipped: applied.skipped,
    })
}

/// Each comment's theme, comparing comments by their words, or by a blend of words and embeddings.
fn cluster(
    corpus: &vectors::Corpus,
    embeddings: Option<&[Vec<f32>]>,
    k: Option<usize>,
    progress: &dyn Fn(Stage, u64, u64),
) -> Vec<usize> {
    let terms = corpus.vocabulary.doc_freq.len();
    match embeddings {
        None => clustering::cluster(&corpus.vectors, terms, k, progress),
        Some(embeddings) => {
            let blended = vectors::blend(&corpus.vectors, terms, embeddings);
            let dims = terms + embeddings.first().map_or(0, Vec::len);
            clustering::cluster(&blended, dims, k, progress)
        }
    }
}

/// Checks the request and weighs the words of the comments.
fn prepare(
    texts: &[&str],
    k: Option<usize>,
    progress: &dyn Fn(Stage, u64, u64),
) -> Result<vectors::Corpus, ThemeError> {
    match (texts.len(), k) {
        (0, _) => return Err(ThemeError::Empty),
        (1, _) => return Err(ThemeError::SingleComment),
        (_, Some(0)) => return Err(ThemeError::ZeroThemes),
        (comments, Some(k)) if k > comments => {
            return Err(ThemeError::TooManyThemes { k, comments });
        }
        _ => {}
    }
    let tokeniser = text::Tokeniser::new();
    let total = texts.len() as u64;
    let terms: Vec<Vec<text::Term>> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if i % 1000 == 999 {
                progress(Stage::Words, i as u64 + 1, total);
            }
            tokeniser.terms(t)
        })
        .collect();
    progress(Stage::Words, total, total);
    let corpus = vectors::weigh(&terms);
    match corpus.vectors.iter().filter(|v| !v.is_empty()).count() {
        0 => Err(ThemeError::NoSharedWords),
        comments => match k {
            Some(k) if k > comments => Err(ThemeError::TooFewWordedComments { k, comments }),
            _ => Ok(corpus),
        },
    }
}

fn describe(
    corpus: &vectors::Corpus,
    grouping: Grouping,
    progress: &dyn Fn(Stage, u64, u64),
) -> Themes {
    let count = grouping.labels.len();
    let descriptions = labels::describe(corpus, &grouping.assignments, count);
    progress(Stage::Describing, count as u64, count as u64);
    let mut sizes = vec![0; count];
    grouping.assignments.iter().for_each(|&a| sizes[a] += 1);
    let themes = descriptions
        .into_iter()
        .zip(grouping.labels)
        .zip(sizes)
        .map(|((d, custom), size)| Theme {
            label: custom.unwrap_or(d.label),
            terms: d.terms,
            representatives: d.representatives,
            size,
        })
        .collect();
    Themes {
        assignments: grouping.assignments,
        themes,
    }
}
