//! Quality on the labelled corpus (corpus/school-safety.csv): NMI against its theme labels with the
//! number of themes given, and the number chosen automatically. The figures go to BENCHMARKS.md; the
//! floors here catch regressions.

use std::collections::HashMap;

use accord_analysis::{nmi, themes};

struct Labelled {
    texts: Vec<String>,
    labels: Vec<String>,
}

fn corpus() -> Labelled {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/school-safety.csv");
    let mut reader = csv::Reader::from_path(path).expect("the corpus is in the repository");
    let mut corpus = Labelled {
        texts: Vec::new(),
        labels: Vec::new(),
    };
    for record in reader.records() {
        let record = record.expect("the corpus is valid CSV");
        corpus.texts.push(record[1].to_string());
        corpus.labels.push(record[2].to_string());
    }
    corpus
}

fn true_themes(corpus: &Labelled) -> usize {
    corpus
        .labels
        .iter()
        .collect::<std::collections::HashSet<_>>()
        .len()
}

#[test]
fn corpus_is_as_described() {
    let corpus = corpus();
    assert!(corpus.texts.len() >= 400);
    assert!(true_themes(&corpus) >= 8);
    let spanish = corpus
        .texts
        .iter()
        .filter(|t| {
            accord_analysis::text::guess_language(t) == accord_analysis::text::Language::Spanish
        })
        .count();
    assert!(
        spanish * 10 >= corpus.texts.len(),
        "{spanish} Spanish comments"
    );
    let mut per_theme: HashMap<&str, usize> = HashMap::new();
    corpus
        .labels
        .iter()
        .for_each(|l| *per_theme.entry(l).or_default() += 1);
    assert!(per_theme.values().all(|&n| n >= 30), "{per_theme:?}");
}

#[test]
fn nmi_with_the_number_of_themes_given() {
    let corpus = corpus();
    let texts: Vec<&str> = corpus.texts.iter().map(String::as_str).collect();
    let k = true_themes(&corpus);
    let found = themes(&texts, Some(k), &|_, _, _| {}).expect("themes");
    assert_eq!(found.themes.len(), k);
    let score = nmi(&found.assignments, &corpus.labels);
    println!("NMI with K = {k} given: {score:.3}");
    for t in &found.themes {
        println!("  {:>3}  {}  | {}", t.size, t.label, t.terms.join(" "));
    }
    assert!(score >= 0.55, "NMI {score:.3}");
}

#[test]
fn nmi_with_the_number_of_themes_chosen() {
    let corpus = corpus();
    let texts: Vec<&str> = corpus.texts.iter().map(String::as_str).collect();
    let found = themes(&texts, None, &|_, _, _| {}).expect("themes");
    let score = nmi(&found.assignments, &corpus.labels);
    let k = found.themes.len();
    println!(
        "NMI with K chosen: {score:.3} (K = {k}, true {})",
        true_themes(&corpus)
    );
    assert!(k.abs_diff(true_themes(&corpus)) <= 2, "chose {k} themes");
    assert!(score >= 0.50, "NMI {score:.3}");
}

/// The sentence model, when installed: `ACCORD_THEMES_MODEL`, or where `scripts/fetch-embedding-model`
/// puts it by default.
#[cfg(feature = "embeddings")]
fn model_dir() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("ACCORD_THEMES_MODEL").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/all-MiniLM-L6-v2"),
        std::path::PathBuf::from,
    );
    dir.join("model.safetensors").is_file().then_some(dir)
}

/// With all-MiniLM-L6-v2 installed (scripts/fetch-embedding-model): sentence vectors as the model's
/// own library computes them, and NMI of the blended method, K given and chosen.
#[cfg(feature = "embeddings")]
#[test]
fn nmi_with_sentence_embeddings() {
    let Some(dir) = model_dir() else {
        eprintln!("skipped: no model installed (scripts/fetch-embedding-model)");
        return;
    };
    let probes = [
        "We need more counselors for the students.",
        "Hire school psychologists and social workers.",
        "Lock the side doors of the building.",
    ];
    let probe =
        accord_analysis::sentence_embeddings(&dir, &probes, &|_, _, _| {}).expect("embeddings");
    let cosine = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    assert!(
        cosine(&probe[0], &probe[1]) > cosine(&probe[0], &probe[2]) + 0.1,
        "counselors are nearer psychologists than door locks"
    );
    let corpus = corpus();
    let texts: Vec<&str> = corpus.texts.iter().map(String::as_str).collect();
    let embeddings =
        accord_analysis::sentence_embeddings(&dir, &texts, &|_, _, _| {}).expect("embeddings");
    assert!(embeddings.iter().all(|e| e.len() == 384));
    assert!(
        embeddings
            .iter()
            .all(|e| (e.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-4)
    );
    let k = true_themes(&corpus);
    for wanted in [Some(k), None] {
        let found =
            accord_analysis::themes_with_embeddings(&texts, &embeddings, wanted, &|_, _, _| {})
                .expect("themes");
        let score = nmi(&found.assignments, &corpus.labels);
        let chosen = found.themes.len();
        println!("with embeddings, K {wanted:?}: {chosen} themes, NMI {score:.3}");
        assert!(chosen.abs_diff(k) <= 2, "{chosen} themes");
        assert!(score >= 0.45, "NMI {score:.3}");
    }
}
