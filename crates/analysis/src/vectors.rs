//! Comments as TF-IDF vectors: sublinear term frequency (a word said twice is not twice the topic),
//! smoothed inverse document frequency, unit length so a dot product is the cosine.

use std::collections::HashMap;

use crate::text::Term;

/// A sparse vector: (term id, weight), sorted by term id.
pub(crate) type SparseVec = Vec<(u32, f32)>;

/// The terms kept, with the word most often written for each (for labels) and in how many comments each is.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    pub surfaces: Vec<String>,
    pub doc_freq: Vec<u32>,
}

/// The weighted corpus: per comment, its terms in order with [`GAP`] for the dropped ones (for phrases),
/// and its unit vector.
#[derive(Debug)]
pub(crate) struct Corpus {
    pub sequences: Vec<Vec<u32>>,
    pub vectors: Vec<SparseVec>,
    pub vocabulary: Vocabulary,
}

/// Stands in a sequence for a term not kept, so that the words around it are not taken for a phrase.
pub(crate) const GAP: u32 = u32::MAX;

/// A term in one comment only cannot make two comments alike; dropping it also keeps typos out of labels.
const MIN_DOC_FREQ: u32 = 2;

/// Weighs the terms of every comment.
pub(crate) fn weigh(documents: &[Vec<Term>]) -> Corpus {
    let (ids, vocabulary) = vocabulary(documents);
    let sequences: Vec<Vec<u32>> = documents
        .iter()
        .map(|terms| sequence(terms, &ids))
        .collect();
    let idf = inverse_document_frequency(&vocabulary.doc_freq, documents.len());
    let vectors = sequences
        .iter()
        .map(|sequence| tf_idf(sequence, &idf))
        .collect();
    Corpus {
        sequences,
        vectors,
        vocabulary,
    }
}

/// A comment's term ids, with a [`GAP`] wherever two neighbours are not a phrase.
fn sequence(terms: &[Term], ids: &HashMap<&str, u32>) -> Vec<u32> {
    let mut sequence = Vec::with_capacity(terms.len() * 2);
    for term in terms {
        if !term.follows {
            sequence.push(GAP);
        }
        sequence.push(ids.get(term.stem.as_str()).copied().unwrap_or(GAP));
    }
    sequence
}

/// Term ids for the stems in at least [`MIN_DOC_FREQ`] comments, numbered as first met.
fn vocabulary(documents: &[Vec<Term>]) -> (HashMap<&str, u32>, Vocabulary) {
    let mut doc_freq: HashMap<&str, u32> = HashMap::new();
    let mut surfaces: HashMap<&str, HashMap<&str, u32>> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for terms in documents {
        let mut seen: Vec<&str> = terms.iter().map(|t| t.stem.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        for stem in seen {
            let count = doc_freq.entry(stem).or_insert(0);
            if *count == 0 {
                order.push(stem);
            }
            *count += 1;
        }
        for term in terms {
            *surfaces
                .entry(term.stem.as_str())
                .or_default()
                .entry(term.surface.as_str())
                .or_insert(0) += 1;
        }
    }
    let mut ids = HashMap::new();
    let mut vocabulary = Vocabulary::default();
    for stem in order.into_iter().filter(|s| doc_freq[s] >= MIN_DOC_FREQ) {
        ids.insert(stem, ids.len() as u32);
        vocabulary.doc_freq.push(doc_freq[stem]);
        vocabulary.surfaces.push(commonest(&surfaces[stem]));
    }
    (ids, vocabulary)
}

/// The most frequent written form; the alphabetically first among equals, so the result is deterministic.
fn commonest(forms: &HashMap<&str, u32>) -> String {
    forms
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(form, _)| form.to_string())
        .unwrap_or_default()
}

fn inverse_document_frequency(doc_freq: &[u32], documents: usize) -> Vec<f32> {
    let n = documents as f32;
    doc_freq
        .iter()
        .map(|&df| ((1.0 + n) / (1.0 + df as f32)).ln() + 1.0)
        .collect()
}

fn tf_idf(sequence: &[u32], idf: &[f32]) -> SparseVec {
    let mut ids: Vec<u32> = sequence.iter().copied().filter(|&id| id != GAP).collect();
    ids.sort_unstable();
    let mut vector: SparseVec = Vec::new();
    for id in ids {
        match vector.last_mut() {
            Some((last, count)) if *last == id => *count += 1.0,
            _ => vector.push((id, 1.0)),
        }
    }
    for (id, weight) in &mut vector {
        *weight = (1.0 + weight.ln()) * idf[*id as usize];
    }
    normalise(&mut vector);
    vector
}

/// The share of the embedding in the blended likeness of two comments (the rest is their words). Of
/// 0.3, 0.5, 0.7 and 1 on our corpus, 0.3 did best (BENCHMARKS.md); the words carry more here.
const MEANING_WEIGHT: f32 = 0.3;

/// Word vectors and sentence embeddings as one unit vector per comment: the word vector scaled by
/// sqrt(1 - w), then the [`centred`] embedding scaled by sqrt(w) in dimensions `terms..`. The dot
/// product of two such vectors is (1 - w) times the word cosine plus w times the embedding cosine.
pub(crate) fn blend(words: &[SparseVec], terms: usize, embeddings: &[Vec<f32>]) -> Vec<SparseVec> {
    let embeddings = &centred(embeddings);
    let (word_scale, meaning_scale) = ((1.0 - MEANING_WEIGHT).sqrt(), MEANING_WEIGHT.sqrt());
    words
        .iter()
        .zip(embeddings)
        .map(|(word, meaning)| {
            let mut vector: SparseVec = word
                .iter()
                .map(|&(term, weight)| (term, weight * word_scale))
                .chain(
                    meaning
                        .iter()
                        .enumerate()
                        .map(|(d, &x)| ((terms + d) as u32, x * meaning_scale)),
                )
                .collect();
            normalise(&mut vector);
            vector
        })
        .collect()
}

/// Embeddings less their mean, at unit length again: sentences on one topic all lean the same way, so
/// raw cosines are all high and say little; centred, they spread from -1 to 1 (on our corpus NMI 0.46
/// to 0.50 raw, 0.46 to 0.52 centred).
/// Embeddings less their mean, at unit length again: sentences on one topic all lean the same way, so
/// raw cosines are all high and say little; centred they spread out (on our corpus, K given, NMI 0.46
/// to 0.50 raw, 0.46 to 0.52 centred).
fn centred(embeddings: &[Vec<f32>]) -> Vec<Vec<f32>> {
    let dim = embeddings.first().map_or(0, Vec::len);
    let mut mean = vec![0.0f32; dim];
    for e in embeddings {
        mean.iter_mut()
            .zip(e)
            .for_each(|(m, x)| *m += x / embeddings.len() as f32);
    }
    embeddings
        .iter()
        .map(|e| {
            let mut c: Vec<(u32, f32)> = e
                .iter()
                .zip(&mean)
                .enumerate()
                .map(|(d, (x, m))| (d as u32, x - m))
                .collect();
            normalise(&mut c);
            c.into_iter().map(|(_, x)| x).collect()
        })
        .collect()
}

/// Scales to unit length; the zero vector stays zero.
pub(crate) fn normalise(vector: &mut [(u32, f32)]) {
    let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|(_, w)| *w /= norm);
    }
}

/// The dot product of a sparse vector with a dense one.
pub(crate) fn dot_dense(vector: &[(u32, f32)], dense: &[f32]) -> f32 {
    vector.iter().map(|&(id, w)| w * dense[id as usize]).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Tokeniser;

    fn corpus(texts: &[&str]) -> Corpus {
        let tokeniser = Tokeniser::new();
        weigh(&texts.iter().map(|t| tokeniser.terms(t)).collect::<Vec<_>>())
    }

    #[test]
    fn vectors_are_unit_length_or_empty() {
        let c = corpus(&[
            "more counselors please",
            "counselors and nurses",
            "nurses",
            "zebra",
        ]);
        for v in &c.vectors[..3] {
            let norm: f32 = v.iter().map(|(_, w)| w * w).sum();
            assert!((norm - 1.0).abs() < 1e-5);
        }
        assert!(
            c.vectors[3].is_empty(),
            "a word in one comment only is dropped"
        );
    }

    #[test]
    fn rarer_terms_weigh_more() {
        let c = corpus(&[
            "police counselors",
            "police counselors",
            "police nurses",
            "police nurses",
        ]);
        let weights: Vec<f32> = c.vectors[0].iter().map(|(_, w)| *w).collect();
        assert_eq!(weights.len(), 2);
        let police = c
            .vocabulary
            .surfaces
            .iter()
            .position(|s| s == "police")
            .map(|i| i as u32);
        let police_weight = c.vectors[0]
            .iter()
            .find(|(id, _)| Some(*id) == police)
            .map(|(_, w)| *w);
        assert!(police_weight < weights.iter().copied().reduce(f32::max));
    }

    #[test]
    fn blended_likeness_mixes_words_and_centred_embeddings() {
        let words: Vec<SparseVec> = vec![vec![(0, 1.0)], vec![(0, 1.0)], vec![(1, 1.0)]];
        // centred, the first two embeddings point opposite ways, the third is the mean
        let embeddings = vec![vec![1.0, 0.0], vec![0.0, 1.0], vec![0.5, 0.5]];
        let blended = blend(&words, 2, &embeddings);
        let dot = |a: &SparseVec, b: &SparseVec| -> f32 {
            a.iter()
                .flat_map(|x| b.iter().filter(move |y| y.0 == x.0).map(move |y| x.1 * y.1))
                .sum()
        };
        // word cosine 1, embedding cosine -1
        let expected = (1.0 - MEANING_WEIGHT) - MEANING_WEIGHT;
        assert!((dot(&blended[0], &blended[1]) - expected).abs() < 1e-5);
        assert!((dot(&blended[0], &blended[0]) - 1.0).abs() < 1e-5);
        assert!(
            (dot(&blended[2], &blended[2]) - 1.0).abs() < 1e-5,
            "a zero centred embedding leaves the words at unit length"
        );
    }

    #[test]
    fn labels_use_the_commonest_written_form() {
        let c = corpus(&["counselors", "counselors", "counselor"]);
        assert_eq!(c.vocabulary.surfaces, ["counselors"]);
    }
}
