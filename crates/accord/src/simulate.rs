//! `accord simulate`: the allocation policies compared on simulated exchanges of the seed's shape, as
//! issue 3 asks (uniform random, least-seen first and ours, on the same seeds), printed as a markdown
//! table and optionally drawn as an SVG chart. The simulation itself is
//! [`accord_domain::simulation`]; the same seeds give the same figures on any machine.

use accord_domain::simulation::{self, Config, ENOUGH_RATINGS, Metrics, Policy, Summary, TOP};
use anyhow::{Context, anyhow, ensure};
use indicatif::{ProgressBar, ProgressStyle};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs every policy over seeds `0..seeds`, prints the table, and writes the chart to `out` if given.
pub fn run(seeds: usize, out: Option<&Path>) -> anyhow::Result<()> {
    ensure!(seeds > 0, "simulate needs at least one seed");
    let config = Config::SEED;
    let progress = ProgressBar::new((seeds * Policy::ALL.len()) as u64).with_style(
        ProgressStyle::with_template("{spinner} simulating exchanges [{bar:30}] {pos}/{len} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let summaries = summarize_all(seeds, &config, &progress)?;
    progress.finish_and_clear();
    println!(
        "{seeds} simulated exchanges of the seed's shape ({} participants, {} thoughts, {} star \
         ratings), the same for every policy:\n",
        config.participants(),
        config.thoughts,
        config.ratings
    );
    print!("{}", table(&summaries));
    if let Some(path) = out {
        std::fs::write(path, chart(&summaries, seeds))
            .with_context(|| format!("writing the chart to {}", path.display()))?;
        println!("\nChart written to {}", path.display());
    }
    Ok(())
}

/// Every policy on every seed, spread over the machine's cores: the runs are independent and each
/// takes a fraction of a second in a release build.
fn summarize_all(
    seeds: usize,
    config: &Config,
    progress: &ProgressBar,
) -> anyhow::Result<Vec<Summary>> {
    let jobs: Vec<(Policy, u64)> = Policy::ALL
        .iter()
        .flat_map(|&policy| (0..seeds as u64).map(move |seed| (policy, seed)))
        .collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    let mut results: Vec<Option<Metrics>> = vec![None; jobs.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&(policy, seed)) = jobs.get(index) else {
                            return done;
                        };
                        done.push((index, simulation::simulate(policy, seed, config)));
                        progress.inc(1);
                    }
                })
            })
            .collect();
        for handle in handles {
            let done = handle
                .join()
                .map_err(|_| anyhow!("a simulation worker panicked"))?;
            for (index, metrics) in done {
                results[index] = Some(metrics);
            }
        }
        anyhow::Ok(())
    })?;
    Ok(Policy::ALL
        .iter()
        .map(|&policy| {
            let runs: Vec<Metrics> = jobs
                .iter()
                .zip(&results)
                .filter(|((p, _), _)| *p == policy)
                .filter_map(|(_, metrics)| *metrics)
                .collect();
            Summary::of(policy, &runs)
        })
        .collect())
}

/// The figures as a markdown table, one row per policy.
fn table(summaries: &[Summary]) -> String {
    let mut out = format!(
        "| policy | top-{TOP} precision, mean (min-max) | Spearman, mean (min-max) | fewest \
         ratings of a thought, mean (min-max) | thoughts under {ENOUGH_RATINGS} ratings, mean (max) \
         |\n|---|---|---|---|---|\n"
    );
    for s in summaries {
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "| {} | {:.3} ({:.2}-{:.2}) | {:.3} ({:.3}-{:.3}) | {:.1} ({:.0}-{:.0}) | {:.1}% ({:.1}%) |",
            s.policy.name(),
            s.top_precision.mean,
            s.top_precision.min,
            s.top_precision.max,
            s.spearman.mean,
            s.spearman.min,
            s.spearman.max,
            s.min_ratings.mean,
            s.min_ratings.min,
            s.min_ratings.max,
            100.0 * s.share_under.mean,
            100.0 * s.share_under.max,
        );
    }
    out
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 360.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP_MARGIN: f64 = 64.0;
const BOTTOM: f64 = 48.0;
/// The two measures, each with a colour of at least 4.5:1 contrast on white, so the bars and their
/// legend read for people with low vision; every bar also carries its value as text.
const MEASURES: [(&str, &str); 2] = [("top-10 precision", "#1f4e79"), ("Spearman", "#9c4a00")];

/// The figures as an accessible SVG bar chart: for each policy, a bar for the mean top-10 precision
/// and one for the mean Spearman correlation, on a 0 to 1 scale, with the figures also in its
/// description.
fn chart(summaries: &[Summary], seeds: usize) -> String {
    let plot_height = HEIGHT - TOP_MARGIN - BOTTOM;
    let plot_width = WIDTH - LEFT - RIGHT;
    let y = |value: f64| TOP_MARGIN + plot_height * (1.0 - value.clamp(0.0, 1.0));
    let title = format!("Allocation policies on {seeds} simulated exchanges");
    let desc = summaries
        .iter()
        .map(|s| {
            format!(
                "{}: top-10 precision {:.3}, Spearman {:.3}.",
                s.policy.name(),
                s.top_precision.mean,
                s.spearman.mean
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" \
         height=\"{HEIGHT}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" \
         font-family=\"system-ui, sans-serif\" font-size=\"13\">\n\
         <title id=\"chart-title\">{}</title>\n\
         <desc id=\"chart-desc\">Mean over {seeds} seeds of the share of the true top ten found in \
         the computed top ten, and of the Spearman correlation between the computed and the true \
         order of all thoughts, higher is better. {}</desc>\n\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#ffffff\"/>\n\
         <text x=\"{LEFT}\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">{}</text>\n",
        escape(&title),
        escape(&desc),
        escape(&title),
    );
    for (i, (name, colour)) in MEASURES.iter().enumerate() {
        let x = LEFT + 170.0 * i as f64;
        let _ = writeln!(
            svg,
            "<rect x=\"{x}\" y=\"34\" width=\"14\" height=\"14\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"46\" fill=\"#1a1a1a\">{}</text>",
            x + 20.0,
            escape(name)
        );
    }
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#c8c8c8\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#1a1a1a\">{tick:.2}</text>",
            WIDTH - RIGHT,
            LEFT - 8.0,
            y(tick) + 4.0,
            y = y(tick),
        );
    }
    let group = plot_width / summaries.len().max(1) as f64;
    let bar = group / 4.0;
    for (i, s) in summaries.iter().enumerate() {
        let start = LEFT + group * i as f64 + bar;
        let values = [s.top_precision.mean, s.spearman.mean];
        for (j, (value, (name, colour))) in values.iter().zip(MEASURES).enumerate() {
            let x = start + bar * j as f64;
            let _ = writeln!(
                svg,
                "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" \
                 fill=\"{colour}\"><title>{}: {name} {value:.3}</title></rect>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1a1a1a\">{value:.3}</text>",
                y(*value),
                TOP_MARGIN + plot_height - y(*value),
                escape(s.policy.name()),
                x + bar / 2.0,
                y(*value) - 6.0,
            );
        }
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1a1a1a\">{}</text>",
            start + bar,
            HEIGHT - BOTTOM + 20.0,
            escape(s.policy.name())
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summaries() -> Vec<Summary> {
        Policy::ALL
            .iter()
            .enumerate()
            .map(|(i, &policy)| {
                let runs: Vec<Metrics> = (0..3)
                    .map(|seed| Metrics {
                        top_precision: 0.5 + 0.1 * i as f64 + 0.1 * seed as f64,
                        spearman: 0.9 + 0.01 * i as f64,
                        min_ratings: 10 + seed,
                        share_under: 0.01,
                    })
                    .collect();
                Summary::of(policy, &runs)
            })
            .collect()
    }

    #[test]
    fn table_has_a_row_per_policy_with_its_figures() {
        let table = table(&summaries());
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 2 + Policy::ALL.len());
        assert!(lines[0].starts_with("| policy | top-10 precision"));
        assert!(
            lines[2].starts_with("| uniform random | 0.600 (0.50-0.70) | 0.900 (0.900-0.900)"),
            "{}",
            lines[2]
        );
        assert!(
            lines[4].contains("| 11.0 (10-12) | 1.0% (1.0%) |"),
            "{}",
            lines[4]
        );
    }

    #[test]
    fn chart_is_an_accessible_svg_with_two_bars_per_policy() {
        let svg = chart(&summaries(), 3);
        assert!(svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"chart-title\">Allocation policies on 3 simulated"));
        assert!(svg.contains("uniform random: top-10 precision 0.600, Spearman 0.900."));
        assert_eq!(svg.matches("class=\"bar\"").count(), 2 * Policy::ALL.len());
        assert_eq!(svg.matches('<').count(), svg.matches('>').count());
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
    }
}
