//! Times `themes` on 1,000 and 50,000 comments made by resampling the labelled corpus and perturbing
//! each copy (words dropped, neighbouring words swapped, letters swapped, a sentence of another comment
//! of the same theme appended), so that no two comments are the same text. Prints the time, the number
//! of themes and the NMI against the labels of the source comments.
//!
//!     cargo run --release -p accord-analysis --example timing [SIZE...]
//!
//! With `ACCORD_THEMES_MODEL=DIR` (and `--features embeddings`) it times the embedding path: the
//! sentence embeddings once per size (their time is printed, and added to each run's), then
//! `themes_with_embeddings`.

use std::cell::RefCell;
use std::time::Instant;

use accord_analysis::{Stage, nmi, sentence_embeddings, themes, themes_with_embeddings};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/school-safety.csv");
    let mut reader = csv::Reader::from_path(path)?;
    let mut source: Vec<(String, String)> = Vec::new();
    for record in reader.records() {
        let record = record?;
        source.push((record[1].to_string(), record[2].to_string()));
    }
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    for size in if sizes.is_empty() {
        vec![1_000, 50_000]
    } else {
        sizes
    } {
        let (texts, labels) = resample(&source, size, 2026);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let start = Instant::now();
        let embeddings = match std::env::var_os("ACCORD_THEMES_MODEL") {
            Some(dir) => Some(sentence_embeddings(dir.as_ref(), &refs, &|_, _, _| {})?),
            None => None,
        };
        let embedding_seconds = start.elapsed().as_secs_f64();
        if embeddings.is_some() {
            println!("{size:>6} comments embedded in {embedding_seconds:.2} s");
        }
        for k in [None, Some(8)] {
            let start = Instant::now();
            let stages: RefCell<Vec<(Stage, f64)>> = RefCell::new(Vec::new());
            let progress = |stage, _, _| {
                let mut stages = stages.borrow_mut();
                let at = start.elapsed().as_secs_f64();
                match stages.last_mut() {
                    Some((last, end)) if *last == stage => *end = at,
                    _ => stages.push((stage, at)),
                }
            };
            let found = match &embeddings {
                Some(e) => themes_with_embeddings(&refs, e, k, &progress)?,
                None => themes(&refs, k, &progress)?,
            };
            let seconds = start.elapsed().as_secs_f64()
                + if embeddings.is_some() {
                    embedding_seconds
                } else {
                    0.0
                };
            let score = nmi(&found.assignments, &labels);
            let themes = found.themes.len();
            println!(
                "{size:>6} comments, K {k:?}: {seconds:.2} s, {themes} themes, NMI {score:.3}"
            );
            let ends: Vec<String> = stages
                .into_inner()
                .iter()
                .map(|(s, at)| format!("{s:?} done at {at:.2} s"))
                .collect();
            println!("        {}", ends.join(", "));
        }
    }
    Ok(())
}

fn resample(source: &[(String, String)], size: usize, seed: u64) -> (Vec<String>, Vec<String>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut texts = Vec::with_capacity(size);
    let mut labels = Vec::with_capacity(size);
    while texts.len() < size {
        let Some((text, label)) = source.choose(&mut rng) else {
            break;
        };
        let same_theme: Vec<&(String, String)> =
            source.iter().filter(|(_, l)| l == label).collect();
        let mut words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        perturb(&mut words, &mut rng);
        if rng.random_bool(0.2)
            && let Some((other, _)) = same_theme.choose(&mut rng)
        {
            words.extend(other.split_whitespace().take(8).map(str::to_string));
        }
        texts.push(words.join(" "));
        labels.push(label.clone());
    }
    (texts, labels)
}

fn perturb(words: &mut Vec<String>, rng: &mut StdRng) {
    if words.len() > 4 && rng.random_bool(0.5) {
        let at = rng.random_range(0..words.len());
        words.remove(at);
    }
    if words.len() > 2 && rng.random_bool(0.3) {
        let at = rng.random_range(0..words.len() - 1);
        words.swap(at, at + 1);
    }
    if rng.random_bool(0.3) {
        let at = rng.random_range(0..words.len().max(1));
        if let Some(word) = words.get_mut(at)
            && word.is_ascii()
            && word.len() > 3
        {
            let i = rng.random_range(1..word.len() - 1);
            let mut bytes = word.clone().into_bytes();
            bytes.swap(i, i - 1);
            *word = String::from_utf8(bytes).unwrap_or_default();
        }
    }
}
