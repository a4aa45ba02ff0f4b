//! Times the bridging score on synthetic exchanges at the seed's scale and 30 times larger, and checks
//! on the way that it does its job: the thoughts it puts at the top should please the less pleased
//! camp more than the top thoughts by plain mean do.
//!
//! `cargo bench -p accord-domain --bench bridging` prints a markdown table.

use accord_domain::bridging::{BridgingParams, bridging_scores};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};

struct Scale {
    name: &'static str,
    raters: usize,
    thoughts: usize,
    ratings: usize,
    runs: usize,
}

const SCALES: [Scale; 2] = [
    Scale {
        name: "seed (1x)",
        raters: 1_137,
        thoughts: 1_000,
        ratings: 32_824,
        runs: 5,
    },
    Scale {
        name: "30x",
        raters: 34_110,
        thoughts: 30_000,
        ratings: 984_720,
        runs: 3,
    },
];

/// A thought's make-up: how good it is for everyone, and which camp it pleases (0 = both).
struct Thought {
    quality: f64,
    lean: f64,
}

/// Two camps (55% and 45%, as opinion rarely splits evenly); 40% of thoughts lean to each camp,
/// the rest appeal to both. Stars = 3 + quality + rater generosity + lean × camp + noise, rounded.
fn exchange(scale: &Scale, rng: &mut StdRng) -> (Vec<(u32, u32, f32)>, Vec<Thought>) {
    let thoughts: Vec<Thought> = (0..scale.thoughts)
        .map(|_| {
            let kind = rng.random_range(0..10);
            Thought {
                quality: rng.random_range(-1.0..1.0),
                lean: match kind {
                    0..4 => 1.5,
                    4..8 => -1.5,
                    _ => 0.0,
                },
            }
        })
        .collect();
    let mut ratings = Vec::with_capacity(scale.ratings);
    for rater in 0..scale.raters {
        let camp = if rng.random_bool(0.55) { 1.0 } else { -1.0 };
        let generosity: f64 = rng.random_range(-0.5..0.5);
        // Spread the ratings as evenly as the total allows, each rater rating distinct thoughts.
        let count =
            scale.ratings / scale.raters + usize::from(rater < scale.ratings % scale.raters);
        for t in rand::seq::index::sample(rng, scale.thoughts, count) {
            let thought = &thoughts[t];
            let noise: f64 = rng.random_range(-0.8..0.8);
            let stars = (3.0 + thought.quality + generosity + thought.lean * camp + noise).round();
            ratings.push((rater as u32, t as u32, stars.clamp(1.0, 5.0) as f32));
        }
    }
    (ratings, thoughts)
}

/// The stars the less pleased camp would give on average (before noise and generosity) to the top
/// tenth of `order`.
fn worse_camp_stars_of_top(order: &[usize], thoughts: &[Thought]) -> f64 {
    let top = &order[..order.len() / 10];
    let worse = |t: &Thought| (3.0 + t.quality - t.lean.abs()).clamp(1.0, 5.0);
    top.iter().map(|&t| worse(&thoughts[t])).sum::<f64>() / top.len() as f64
}

/// Thought indices by plain mean, best first.
fn by_mean(ratings: &[(u32, u32, f32)], thoughts: usize) -> Vec<usize> {
    let mut sums = vec![(0.0f64, 0u32); thoughts];
    for &(_, t, stars) in ratings {
        sums[t as usize].0 += f64::from(stars);
        sums[t as usize].1 += 1;
    }
    let mean = |t: usize| sums[t].0 / f64::from(sums[t].1.max(1));
    let mut order: Vec<usize> = (0..thoughts).collect();
    order.sort_by(|&a, &b| mean(b).total_cmp(&mean(a)).then(a.cmp(&b)));
    order
}

fn main() {
    let params = BridgingParams::default();
    let mut rng = StdRng::seed_from_u64(2024);
    println!(
        "| exchange | raters | thoughts | ratings | sweeps | median time | runs | less pleased camp's stars, top 10%: bridging / mean |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for scale in &SCALES {
        let (ratings, thoughts) = exchange(scale, &mut rng);
        let mut times: Vec<Duration> = Vec::new();
        let mut fit = None;
        for _ in 0..scale.runs {
            let start = Instant::now();
            fit = Some(bridging_scores(
                &ratings,
                scale.raters,
                scale.thoughts,
                &params,
            ));
            times.push(start.elapsed());
        }
        times.sort();
        let fit = fit.expect("at least one run");
        println!(
            "| {} | {} | {} | {} | {} | {:.1} ms | {} | {:.2} / {:.2} |",
            scale.name,
            scale.raters,
            scale.thoughts,
            ratings.len(),
            fit.iterations,
            times[times.len() / 2].as_secs_f64() * 1e3,
            scale.runs,
            worse_camp_stars_of_top(&fit.ranked(), &thoughts),
            worse_camp_stars_of_top(&by_mean(&ratings, scale.thoughts), &thoughts),
        );
    }
}
