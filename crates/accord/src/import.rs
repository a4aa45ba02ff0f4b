//! `accord import staff|training|calls FILE.csv [--dry-run]`: the same imports as the API
//! (`accord_web::program::import_csv`, `accord_web::calls_import::import_calls`), with a progress bar
//! and a report of every bad row.

use accord_store::{Actor, Store};
use accord_web::calls_import::import_calls;
use accord_web::i18n::Lang;
use accord_web::program::{ImportKind, Scope, import_csv};
use anyhow::{Context, bail};
use std::path::Path;

/// Imports `file` into `district`; fails (nothing imported) when any row is bad.
pub async fn run(
    store: &Store,
    district: &accord_store::District,
    kind: ImportKind,
    file: &Path,
    dry_run: bool,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let bar = progress_bar();
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let name = file_name(file);
    let report = import_csv(
        store,
        Scope {
            district_id: district.id,
            agency_id: None,
        },
        &Actor::process(format!("accord import ({name})")),
        kind,
        &bytes,
        dry_run,
        &Lang::english(),
        &progress,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.finish_and_clear();
    for problem in &report.problems {
        eprintln!("{}:{}: {}", file.display(), problem.line, problem.message);
    }
    if !report.problems.is_empty() {
        bail!(
            "{} bad row(s) in {} ({}); nothing was imported",
            report.problems.len(),
            file.display(),
            report.encoding
        );
    }
    if dry_run {
        println!(
            "Dry run: all {} rows of {} ({}) are good; nothing was imported.",
            report.rows,
            file.display(),
            report.encoding
        );
    } else {
        println!(
            "Imported {} rows from {} ({}) into {}.",
            report.imported,
            file.display(),
            report.encoding,
            district.name
        );
    }
    Ok(())
}

fn progress_bar() -> indicatif::ProgressBar {
    indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} checking rows [{bar:30}] {pos}/{len} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    )
}

fn file_name(file: &Path) -> String {
    file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Imports the calls file `file` into `district`; fails (nothing imported) when any row is bad. The
/// bar follows the rows being checked, then waits while the calls are saved in one transaction.
pub async fn run_calls(
    store: &Store,
    district: &accord_store::District,
    file: &Path,
    dry_run: bool,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let bar = progress_bar();
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
        if done == total && !dry_run {
            bar.set_message("saving");
        }
    };
    let report = import_calls(
        store,
        district.id,
        &Actor::process(format!("accord import ({})", file_name(file))),
        &bytes,
        dry_run,
        &Lang::english(),
        &progress,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.finish_and_clear();
    for problem in &report.problems {
        eprintln!("{}:{}: {}", file.display(), problem.line, problem.message);
    }
    if !report.problems.is_empty() {
        bail!(
            "{} problem(s) in {} ({}); nothing was imported",
            report.problems.len(),
            file.display(),
            report.encoding
        );
    }
    if dry_run {
        println!(
            "Dry run: all {} rows ({} call(s)) of {} ({}) are good; nothing was imported.",
            report.rows,
            report.calls,
            file.display(),
            report.encoding
        );
    } else {
        println!(
            "Imported {} ({}) into {}: {} added, {} changed, {} unchanged.",
            file.display(),
            report.encoding,
            district.name,
            report.added,
            report.changed,
            report.unchanged
        );
    }
    Ok(())
}
