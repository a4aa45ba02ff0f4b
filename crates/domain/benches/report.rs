//! Times the yearly report of calls for service, internal (counting) and public (counting and
//! suppression), on a synthetic district of 50 schools with the skews a real one shows: a few large
//! schools with many calls and tiny ones with a handful, so that suppression has work to do.
//!
//! `cargo bench -p accord-domain --bench report` prints a markdown table.

use accord_domain::calls::{
    Disability, Gender, Outcome, ReportingRace, StudentInvolvement, StudentRole,
};
use accord_domain::report::{Shape, StudentRow, YearReport};
use accord_domain::suppression::{Published, Rules};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};

const SHAPE: Shape = Shape {
    schools: 50,
    offenses: 9,
    age_bands: 5,
};

/// One school year's rows: school sizes fall off geometrically, so the last schools see few calls.
fn year(rows: usize, rng: &mut StdRng) -> Vec<StudentRow> {
    let weights: Vec<f64> = (0..SHAPE.schools).map(|s| 0.9f64.powi(s as i32)).collect();
    let total: f64 = weights.iter().sum();
    let mut call = 0i64;
    (0..rows)
        .map(|i| {
            if i % 2 == 0 {
                call += 1;
            }
            let mut pick = rng.random::<f64>() * total;
            let school = weights
                .iter()
                .position(|w| {
                    pick -= w;
                    pick <= 0.0
                })
                .unwrap_or(SHAPE.schools - 1);
            let outcomes = Outcome::ALL
                .iter()
                .copied()
                .filter(|_| rng.random::<f64>() < 0.12)
                .collect();
            StudentRow {
                call,
                school,
                offense: rng.random_range(0..SHAPE.offenses),
                age_band: rng.random_range(0..SHAPE.age_bands),
                school_related: rng.random::<f64>() < 0.9,
                student: StudentInvolvement {
                    role: StudentRole::Offender,
                    age: 15,
                    gender: Gender::ALL[rng.random_range(0..Gender::ALL.len())],
                    race: ReportingRace::ALL[rng.random_range(0..ReportingRace::ALL.len())],
                    disability: Disability::ALL[rng.random_range(0..Disability::ALL.len())],
                    english_learner: rng.random::<f64>() < 0.15,
                    outcomes,
                },
            }
        })
        .collect()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let rules = Rules::default();
    println!(
        "| rows in the year | internal report | public report (with suppression) | hidden cells |"
    );
    println!("|---|---|---|---|");
    for rows in [10_000, 100_000, 200_000, 1_000_000] {
        let mut rng = StdRng::seed_from_u64(7);
        let data = year(rows, &mut rng);
        let mut internal = Vec::new();
        let mut public = Vec::new();
        let mut hidden = 0;
        for _ in 0..3 {
            let started = Instant::now();
            let report = YearReport::tally(&data, &SHAPE);
            internal.push(started.elapsed());
            let started = Instant::now();
            let released = YearReport::tally(&data, &SHAPE).public(&rules);
            public.push(started.elapsed());
            hidden = released
                .breakdowns
                .iter()
                .flat_map(|b| &b.lines)
                .flat_map(|l| std::iter::once(&l.students).chain(&l.outcomes))
                .filter(|cell| matches!(cell, Published::Hidden(_)))
                .count();
            std::hint::black_box(report);
        }
        println!(
            "| {rows} | {:.1} ms | {:.1} ms | {hidden} |",
            median(internal).as_secs_f64() * 1e3,
            median(public).as_secs_f64() * 1e3
        );
    }
}
