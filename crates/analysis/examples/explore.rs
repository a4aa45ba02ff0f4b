//! TEMPORARY: NMI on the corpus or a random 400-comment subset (SUBSET=seed).
use accord_analysis::{nmi, themes};
use rand::SeedableRng;
use rand::rngs::StdRng;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/school-safety.csv");
    let mut reader = csv::Reader::from_path(path)?;
    let (mut texts, mut labels) = (Vec::new(), Vec::new());
    for record in reader.records() {
        let record = record?;
        texts.push(record[1].to_string());
        labels.push(record[2].to_string());
    }
    let subset: u64 = std::env::var("SUBSET")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if subset > 0 {
        let mut rng = StdRng::seed_from_u64(subset);
        let mut idx = rand::seq::index::sample(&mut rng, texts.len(), 400).into_vec();
        idx.sort_unstable();
        texts = idx.iter().map(|&i| texts[i].clone()).collect();
        labels = idx.iter().map(|&i| labels[i].clone()).collect();
    }
    if let Ok(path) = std::env::var("TRUTH") {
        let mut names: Vec<&String> = labels.iter().collect();
        names.sort();
        names.dedup();
        let ids: Vec<String> = labels
            .iter()
            .map(|l| names.iter().position(|n| *n == l).unwrap_or(0).to_string())
            .collect();
        std::fs::write(path, ids.join("\n") + "\n")?;
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let quiet = |_, _, _| {};
    let mut out = Vec::new();
    for k in [Some(8), None] {
        let found = themes(&refs, k, &quiet)?;
        out.push(format!(
            "{} {:.3}",
            found.themes.len(),
            nmi(&found.assignments, &labels)
        ));
    }
    println!("{}", out.join(" "));
    Ok(())
}
