//! What a theme is about: its most distinctive terms by class-based TF-IDF (a term frequent in the theme
//! and rare in the others), a short label of two to four words built from them, and the comments closest
//! to the theme's centroid.

use std::collections::HashMap;

use crate::clustering::centroids;
use crate::vectors::{Corpus, GAP, dot_dense};

/// Distinctive terms listed per theme.
const TERMS: usize = 8;
/// Representative comments per theme.
const REPRESENTATIVES: usize = 3;
/// Words in a label: enough to tell themes apart, few enough to read at a glance.
const LABEL_WORDS: (usize, usize) = (3, 4);

/// A theme's description, before any facilitator's edits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Description {
    pub label: String,
    pub terms: Vec<String>,
    pub representatives: Vec<usize>,
}

/// Describes each of `count` themes of the corpus.
pub(crate) fn describe(corpus: &Corpus, assignments: &[usize], count: usize) -> Vec<Description> {
    let stats = Counts::new(corpus, assignments, count);
    let centroids = centroids(
        &corpus.vectors,
        assignments,
        count,
        corpus.vocabulary.doc_freq.len(),
    );
    (0..count)
        .map(|theme| {
            let ranked = stats.ranked(theme);
            let surface = |id: u32| corpus.vocabulary.surfaces[id as usize].as_str();
            let terms: Vec<String> = ranked
                .iter()
                .filter(|r| r.gram.len() == 1)
                .take(TERMS)
                .map(|r| surface(r.gram[0]).to_string())
                .collect();
            let label = label(&ranked, surface).unwrap_or_else(|| format!("Theme {}", theme + 1));
            Description {
                label,
                terms,
                representatives: representatives(corpus, assignments, &centroids, theme),
            }
        })
        .collect()
}

/// In how many comments of each theme, and of all, each term and each pair of adjacent terms appears.
struct Counts {
    in_theme: Vec<HashMap<Vec<u32>, u32>>,
    overall: HashMap<Vec<u32>, u32>,
    sizes: Vec<usize>,
    average_size: f64,
}

impl Counts {
    fn new(corpus: &Corpus, assignments: &[usize], count: usize) -> Self {
        let mut in_theme = vec![HashMap::new(); count];
        let mut overall = HashMap::new();
        let mut sizes = vec![0; count];
        for (sequence, &theme) in corpus.sequences.iter().zip(assignments) {
            sizes[theme] += 1;
            let mut grams: Vec<Vec<u32>> = sequence
                .iter()
                .filter(|&&t| t != GAP)
                .map(|&t| vec![t])
                .collect();
            let pairs = sequence
                .windows(2)
                .filter(|w| w[0] != w[1] && !w.contains(&GAP));
            grams.extend(pairs.map(<[u32]>::to_vec));
            grams.sort_unstable();
            grams.dedup();
            for gram in grams {
                *overall.entry(gram.clone()).or_insert(0) += 1;
                *in_theme[theme].entry(gram).or_insert(0) += 1;
            }
        }
        let average_size = assignments.len() as f64 / count.max(1) as f64;
        Self {
            in_theme,
            overall,
            sizes,
            average_size,
        }
    }

    /// The theme's terms and pairs by decreasing c-TF-IDF, with their counts in the theme; those in a
    /// single comment of the theme are left out (unless the theme is a single comment), as they say more
    /// about one writer than about a theme.
    fn ranked(&self, theme: usize) -> Vec<Ranked> {
        let floor = if self.sizes[theme] > 1 { 2 } else { 1 };
        let size = self.sizes[theme].max(1) as f64;
        let mut ranked: Vec<Ranked> = self.in_theme[theme]
            .iter()
            .filter(|&(_, &n)| n >= floor)
            .map(|(gram, &n)| {
                let spread = f64::from(self.overall[gram]);
                Ranked {
                    gram: gram.clone(),
                    count: n,
                    score: f64::from(n) / size * (1.0 + self.average_size / spread).ln(),
                }
            })
            .collect();
        // on equal scores a phrase before its words: "mental health" reads better than "mental"
        ranked.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.gram.len().cmp(&a.gram.len()))
                .then_with(|| a.gram.cmp(&b.gram))
        });
        ranked
    }
}

/// A term (one id) or a pair of adjacent terms (two), its count in the theme and its score.
struct Ranked {
    gram: Vec<u32>,
    count: u32,
    score: f64,
}

/// A pair is shown instead of its word when it accounts for most uses of the word ("mental health"
/// rather than "mental").
const PHRASE_SHARE: f64 = 0.6;

/// The best-scoring terms and phrases, a term as its usual phrase where it has one, without repeating a
/// word, until the label has enough words.
fn label<'a>(ranked: &[Ranked], surface: impl Fn(u32) -> &'a str) -> Option<String> {
    let mut used: Vec<u32> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    for term in ranked {
        if used.len() >= LABEL_WORDS.0 {
            break;
        }
        let fits = |gram: &[u32]| {
            gram.iter().all(|t| !used.contains(t)) && used.len() + gram.len() <= LABEL_WORDS.1
        };
        let phrase = ranked
            .iter()
            .filter(|r| {
                term.gram.len() == 1
                    && r.gram.len() == 2
                    && r.gram.contains(&term.gram[0])
                    && fits(&r.gram)
            })
            .filter(|r| f64::from(r.count) >= PHRASE_SHARE * f64::from(term.count))
            .min_by(|a, b| b.count.cmp(&a.count).then(b.score.total_cmp(&a.score)))
            .map_or(&term.gram, |r| &r.gram);
        if !fits(phrase) {
            continue;
        }
        used.extend(phrase);
        parts.push(
            phrase
                .iter()
                .map(|&t| surface(t))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The theme's comments closest to its centroid, closest first.
fn representatives(
    corpus: &Corpus,
    assignments: &[usize],
    centroids: &[Vec<f32>],
    theme: usize,
) -> Vec<usize> {
    let mut scored: Vec<(usize, f32)> = (0..assignments.len())
        .filter(|&doc| assignments[doc] == theme && !corpus.vectors[doc].is_empty())
        .map(|doc| (doc, dot_dense(&corpus.vectors[doc], &centroids[theme])))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored
        .into_iter()
        .take(REPRESENTATIVES)
        .map(|(doc, _)| doc)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Tokeniser;
    use crate::vectors::weigh;

    fn corpus(texts: &[&str]) -> Corpus {
        let tokeniser = Tokeniser::new();
        weigh(&texts.iter().map(|t| tokeniser.terms(t)).collect::<Vec<_>>())
    }

    #[test]
    fn labels_with_distinctive_words_and_phrases() {
        let texts = [
            "We need mental health counselors",
            "Mental health support and counselors for kids",
            "More mental health counselors, kids are anxious",
            "Lock the doors, kids walk in anywhere",
            "The doors do not lock",
            "Fix the door locks for kids",
        ];
        let c = corpus(&texts);
        let d = describe(&c, &[0, 0, 0, 1, 1, 1], 2);
        assert_eq!(d[0].label, "mental health, counselors");
        assert!(
            d[1].label.contains("doors") && d[1].label.contains("lock"),
            "{}",
            d[1].label
        );
        assert!(!d[0].terms.contains(&"kids".to_string()) || d[0].terms[0] != "kids");
        assert_eq!(d[0].representatives.len(), 3);
        assert!(d[1].representatives.iter().all(|&r| r >= 3));
    }

    #[test]
    fn a_theme_without_words_gets_a_numbered_label() {
        let c = corpus(&["counselors", "counselors", "!!!"]);
        let d = describe(&c, &[0, 0, 1], 2);
        assert_eq!(d[1].label, "Theme 2");
        assert!(d[1].representatives.is_empty());
    }
}
