//! NMI of the themes of the labelled corpus against its labels, lexical and (with a model directory)
//! with sentence embeddings, K given and K chosen.
//!
//!     cargo run --release -p accord-analysis --features embeddings --example quality [MODEL_DIR]
//!
//! With `--subsets N`, the lexical method on N random subsets of 400 comments (the size of the project's
//! held-out corpus), each subset's figures and their mean:
//!
//!     cargo run --release -p accord-analysis --example quality -- --subsets 24

use std::path::Path;
use std::time::Instant;

use accord_analysis::{nmi, sentence_embeddings, themes, themes_with_embeddings};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// The size of the subsets of `--subsets`.
const SUBSET: usize = 400;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/school-safety.csv");
    let mut reader = csv::Reader::from_path(path)?;
    let (mut texts, mut labels) = (Vec::new(), Vec::new());
    for record in reader.records() {
        let record = record?;
        texts.push(record[1].to_string());
        labels.push(record[2].to_string());
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let quiet = |_, _, _| {};
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, count] = args.as_slice()
        && flag == "--subsets"
    {
        return subsets(&refs, &labels, count.parse()?);
    }
    let embeddings = match args.first() {
        Some(dir) => {
            let start = Instant::now();
            let e = sentence_embeddings(Path::new(&dir), &refs, &quiet)?;
            eprintln!(
                "embedded {} comments in {:.2} s",
                e.len(),
                start.elapsed().as_secs_f64()
            );
            Some(e)
        }
        None => None,
    };
    for k in [Some(8), None] {
        let start = Instant::now();
        let found = match &embeddings {
            Some(e) => themes_with_embeddings(&refs, e, k, &quiet)?,
            None => themes(&refs, k, &quiet)?,
        };
        println!(
            "K {:>6}: {} themes, NMI {:.3} ({:.2} s)",
            k.map_or("chosen".to_string(), |k| k.to_string()),
            found.themes.len(),
            nmi(&found.assignments, &labels),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// NMI with K = 8 and K chosen on `count` random subsets of [`SUBSET`] comments (subset `s` drawn with
/// seed `s`), then the means.
fn subsets(
    texts: &[&str],
    labels: &[String],
    count: u64,
) -> Result<(), Box<dyn std::error::Error>> {
    let quiet = |_, _, _| {};
    let (mut given, mut chosen) = (Vec::new(), Vec::new());
    for seed in 1..=count {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut drawn = rand::seq::index::sample(&mut rng, texts.len(), SUBSET).into_vec();
        drawn.sort_unstable();
        let subset: Vec<&str> = drawn.iter().map(|&i| texts[i]).collect();
        let truth: Vec<&String> = drawn.iter().map(|&i| &labels[i]).collect();
        let with_k = themes(&subset, Some(8), &quiet)?;
        let auto = themes(&subset, None, &quiet)?;
        given.push(nmi(&with_k.assignments, &truth));
        chosen.push((auto.themes.len(), nmi(&auto.assignments, &truth)));
        println!(
            "subset {seed:>2}: K 8 NMI {:.3}; K chosen {} NMI {:.3}",
            given[given.len() - 1],
            auto.themes.len(),
            chosen[chosen.len() - 1].1
        );
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let chosen_nmi: Vec<f64> = chosen.iter().map(|c| c.1).collect();
    let within_two = chosen.iter().filter(|c| c.0.abs_diff(8) <= 2).count();
    println!(
        "mean over {count} subsets: K 8 NMI {:.3}; K chosen NMI {:.3}, within 2 of 8 in {within_two} of {count}",
        mean(&given),
        mean(&chosen_nmi)
    );
    Ok(())
}
