//! NMI of the themes of the labelled corpus against its labels, lexical and (with a model directory)
//! with sentence embeddings, K given and K chosen.
//!
//!     cargo run --release -p accord-analysis --features embeddings --example quality [MODEL_DIR]

use std::path::Path;
use std::time::Instant;

use accord_analysis::{nmi, sentence_embeddings, themes, themes_with_embeddings};

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
    let embeddings = match std::env::args().nth(1) {
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
