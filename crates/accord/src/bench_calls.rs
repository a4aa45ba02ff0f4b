//! `accord bench calls-import` and `accord bench calls-report`: the calls for service at scale, on a
//! synthetic district of 50 schools whose sizes fall off geometrically (a few large high schools with
//! most of the calls, small elementary schools with a handful), filled by the demo's generator so the
//! records have the demo's shape: students per call, outcomes, narratives, responding staff.

use crate::demo_calls::{self, DemoSchool, Level, OnSite};
use accord_domain::call_file::COLUMNS;
use accord_domain::calls::Call;
use accord_domain::report::YearReport;
use accord_domain::suppression::Published;
use accord_store::{Actor, NewAgency, NewAssignment, NewStaff, Store};
use accord_web::calls_import::import_calls;
use accord_web::calls_report::{self, Counted, Names, ReportCache, Version};
use accord_web::i18n::Lang;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The school year the benchmark's calls belong to.
const YEAR: i32 = 2024;
const SCHOOLS: usize = 50;
/// Calls saved per transaction when loading a report's year (an import saves its whole file at once).
const LOAD_CHUNK: usize = 5_000;

/// The benchmark district: 50 schools, one officer assigned to each, in a fresh store.
struct District {
    id: i64,
    schools: Vec<DemoSchool>,
    names: HashMap<i64, String>,
    on_site: Vec<OnSite>,
    staff_numbers: HashMap<i64, String>,
}

async fn bench_district(store: &Store) -> anyhow::Result<District> {
    let actor = Actor::process("accord bench");
    let district = store.ensure_district("bench", "Bench District").await?;
    let agency = store
        .add_agency(
            district.id,
            &actor,
            &NewAgency {
                name: "Bench Police Department".into(),
                kind: "law_enforcement".into(),
                contact: String::new(),
            },
        )
        .await?;
    let mut ids = Vec::with_capacity(SCHOOLS);
    let (mut names, mut staff_numbers, mut on_site) = (HashMap::new(), HashMap::new(), Vec::new());
    for s in 0..SCHOOLS {
        let name = format!("{} {}", level_of(s).name(), s + 1);
        let school = store.add_school(district.id, &name).await?;
        let number = format!("B-{:03}", s + 1);
        let staff = store
            .add_staff(
                district.id,
                &actor,
                &[NewStaff {
                    agency_id: agency.id,
                    staff_number: number.clone(),
                    name: format!("Officer {}", s + 1),
                    staff_type: "school_resource_officer".into(),
                    first_day_on_site: Some("2020-08-15".into()),
                }],
            )
            .await?
            .remove(0);
        store
            .add_assignment(
                district.id,
                &actor,
                &NewAssignment {
                    staff_id: staff.id,
                    school_id: school.id,
                    starts_on: "2020-08-15".into(),
                    ends_on: None,
                    days_per_week: 5,
                },
            )
            .await?;
        on_site.push(OnSite {
            staff_id: staff.id,
            school_id: school.id,
            from: demo_calls::parse_day("2020-08-15").context("a day")?,
            until: None,
        });
        staff_numbers.insert(staff.id, number);
        names.insert(school.id, name);
        ids.push(school.id);
    }
    let schools = ids
        .iter()
        .enumerate()
        .map(|(s, &id)| DemoSchool {
            id,
            level: level_of(s),
            calls_a_year: 0.9f64.powi(s as i32),
        })
        .collect();
    Ok(District {
        id: district.id,
        schools,
        names,
        on_site,
        staff_numbers,
    })
}

/// The largest schools are high schools, then middle schools, then elementary, and two small online
/// schools last.
fn level_of(school: usize) -> Level {
    match school {
        0..8 => Level::High,
        8..20 => Level::Middle,
        20..48 => Level::Elementary,
        _ => Level::Online,
    }
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::High => "High School",
            Level::Middle => "Middle School",
            Level::Elementary => "Elementary",
            Level::Online => "Online Academy",
        }
    }
}

/// Calls with `rows` students in all (the last call cut short if need be), spread over the schools in
/// proportion to their weights.
fn calls_with_rows(district: &District, rows: usize, year: i32) -> Vec<Call> {
    // The generator gives about 1.5 students a call; ask for a little more and cut.
    let weights: f64 = district.schools.iter().map(|s| s.calls_a_year).sum();
    let wanted_calls = rows as f64 / 1.4;
    let schools: Vec<DemoSchool> = district
        .schools
        .iter()
        .map(|s| DemoSchool {
            calls_a_year: s.calls_a_year / weights * wanted_calls,
            ..*s
        })
        .collect();
    let mut calls = demo_calls::generate(&schools, &district.on_site, &[year]);
    let mut left = rows;
    calls.retain_mut(|call| {
        call.students.truncate(left);
        left -= call.students.len();
        !call.students.is_empty()
    });
    calls
}

fn student_rows(calls: &[Call]) -> usize {
    calls.iter().map(|c| c.students.len()).sum()
}

fn bar(length: u64, message: &str) -> ProgressBar {
    let bar = ProgressBar::new(length).with_style(
        ProgressStyle::with_template("{spinner} {msg:32} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(message.to_owned());
    bar
}

/// A fresh SQLite file in a temporary folder (kept alive by the guard).
async fn fresh_store() -> anyhow::Result<(Store, tempfile::TempDir)> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    Ok((store, dir))
}

/// Writes `calls` as a calls file (docs/calls-import.md): one row per call and student, the call's
/// columns repeated.
fn write_csv(path: &Path, calls: &[Call], district: &District) -> anyhow::Result<()> {
    let mut out =
        csv::Writer::from_path(path).with_context(|| format!("creating {}", path.display()))?;
    out.write_record(COLUMNS)?;
    for call in calls {
        let staff: Vec<&str> = call
            .staff_ids
            .iter()
            .filter_map(|id| district.staff_numbers.get(id).map(String::as_str))
            .collect();
        let school = district
            .names
            .get(&call.school_id)
            .map_or("", String::as_str);
        for student in &call.students {
            let list = |keys: Vec<&str>| keys.join(";");
            let yes_no = |b: bool| if b { "yes" } else { "no" };
            out.write_record([
                call.call_key.as_str(),
                school,
                call.occurred_at.as_str(),
                &call.school_year.to_string(),
                call.requester.key(),
                &call.reason,
                &call.offense,
                &call.weapon,
                yes_no(call.school_related),
                &list(staff.clone()),
                &call.agency_case_number,
                &call.cedars_incident_id,
                &call.narrative,
                &student.protected_id,
                student.role.key(),
                &student.age.to_string(),
                "",
                &student.grade,
                student.gender.key(),
                yes_no(student.hispanic),
                &list(student.races.iter().map(|r| r.key()).collect()),
                yes_no(student.iep),
                yes_no(student.section_504),
                yes_no(student.english_learner),
                &list(student.outcomes.iter().map(|o| o.key()).collect()),
            ])?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `accord bench calls-import`: writes a calls file of `rows` rows (to `csv`, or a temporary file),
/// then imports it into a fresh SQLite file as `accord import calls` does (decode, check every row,
/// save all calls in one transaction): once as a dry run (reading and checking only), once for real,
/// and once more (a re-import, which finds every call unchanged); then, for comparison, the store alone
/// saving the same calls into another fresh file.
pub async fn import(rows: usize, csv: Option<&Path>) -> anyhow::Result<()> {
    let (store, dir) = fresh_store().await?;
    let district = bench_district(&store).await?;
    let calls = calls_with_rows(&district, rows, YEAR);
    let path = csv.map_or_else(|| dir.path().join("calls.csv"), Path::to_path_buf);
    write_csv(&path, &calls, &district)?;
    let bytes = std::fs::read(&path)?;
    let rows = student_rows(&calls);
    let actor = Actor::process("accord bench");
    let progress = bar(rows as u64, "importing");
    let mut steps = Vec::new();
    for (label, dry_run) in [
        ("import, dry run (decode and check every row)", true),
        ("import (check, then save in one transaction)", false),
        ("import again (every call unchanged)", false),
    ] {
        progress.set_message(label.to_owned());
        progress.reset();
        let started = Instant::now();
        let report = import_calls(
            &store,
            district.id,
            &actor,
            &bytes,
            dry_run,
            &Lang::english(),
            &|done, total| {
                progress.set_length(total);
                progress.set_position(done);
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        steps.push((label, started.elapsed()));
        anyhow::ensure!(
            report.problems.is_empty() && report.rows == rows,
            "the file reads whole: {:?}",
            report.problems.first().map(|p| &p.message)
        );
    }
    let (bare, _bare_dir) = fresh_store().await?;
    let bare_district = bench_district(&bare).await?;
    let remapped = calls_with_rows(&bare_district, rows, YEAR);
    progress.set_message("store.save_calls alone");
    let started = Instant::now();
    bare.save_calls(bare_district.id, &actor, &remapped).await?;
    steps.push((
        "store.save_calls alone (one transaction)",
        started.elapsed(),
    ));
    progress.finish_and_clear();
    println!(
        "Calls file of {rows} rows ({} calls, {:.1} MB) for {SCHOOLS} schools, SQLite",
        calls.len(),
        bytes.len() as f64 / 1e6
    );
    println!("| step | seconds | rows per second |\n|---|---|---|");
    for (step, took) in steps {
        println!(
            "| {step} | {:.2} | {:.0} |",
            took.as_secs_f64(),
            rows as f64 / took.as_secs_f64().max(1e-9)
        );
    }
    if let Some(path) = csv {
        println!("The file is kept at {}", path.display());
    }
    Ok(())
}

/// `accord bench calls-report`: for each size, a fresh SQLite file with `years` school years of that
/// many call-student rows each, then the public report page's work (`calls_report::load`: the newest
/// year with its year-over-year table): the first view, which reads and counts every year; a view
/// after one call of the newest year changed, which counts that year again; and a view with every
/// year kept. Also the newest year's steps alone: read (`report_students`), count, suppress. Each
/// figure is the median of `runs` runs.
pub async fn report(sizes: &[usize], years: usize, runs: usize) -> anyhow::Result<()> {
    let mut lines = Vec::new();
    for &rows in sizes {
        lines.push(report_at(rows, years.max(1), runs.max(1)).await?);
    }
    println!(
        "Public yearly report of calls for service from the database, {SCHOOLS} schools, {years} school years, SQLite, median of {runs} runs"
    );
    println!(
        "| rows a year | rows in all | calls in the year | read the year | count | suppress | first view (every year) | view after a save (one year) | view, years kept | hidden cells |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

async fn report_at(rows: usize, years: usize, runs: usize) -> anyhow::Result<String> {
    let (store, _dir) = fresh_store().await?;
    let district = bench_district(&store).await?;
    let school_years: Vec<i32> = (0..years as i32).map(|i| YEAR - i).collect();
    let progress = bar(
        (rows * years) as u64,
        &format!("loading {years} x {rows} rows"),
    );
    let actor = Actor::process("accord bench");
    let mut newest = Vec::new();
    for &year in school_years.iter().rev() {
        let calls = calls_with_rows(&district, rows, year);
        for chunk in calls.chunks(LOAD_CHUNK) {
            store.save_calls(district.id, &actor, chunk).await?;
            progress.inc(student_rows(chunk) as u64);
        }
        newest = calls;
    }
    progress.finish_and_clear();
    let mut edited = newest.swap_remove(0);
    drop(newest);
    let names = Names::new(
        &store.schools(district.id).await?,
        store.offense_types(district.id).await?,
    );
    let view = |kept: Arc<ReportCache>| {
        let store = store.clone();
        async move {
            let started = Instant::now();
            let report =
                calls_report::load(&store, &kept, district.id, None, Version::Public, true).await?;
            anyhow::ensure!(
                report.over_years.len() == years,
                "every year is in the table"
            );
            Ok::<_, anyhow::Error>((started.elapsed(), report))
        }
    };
    let mut times: [Vec<Duration>; 6] = Default::default();
    let (mut calls_count, mut hidden) = (0, 0);
    for run in 0..runs {
        let started = Instant::now();
        let students = store.report_students(district.id, YEAR).await?;
        times[0].push(started.elapsed());
        anyhow::ensure!(students.len() == rows, "every row is read");
        let started = Instant::now();
        let counted = Counted::of(YEAR, students, &names);
        times[1].push(started.elapsed());
        let started = Instant::now();
        let released = counted.published(Version::Public);
        times[2].push(started.elapsed());
        calls_count = counted.report.calls;
        hidden = hidden_cells(&released);

        let kept = Arc::new(ReportCache::default());
        times[3].push(view(kept.clone()).await?.0);
        edited.reason = format!("edited by the benchmark, run {run}");
        store
            .save_calls(district.id, &actor, std::slice::from_ref(&edited))
            .await?;
        times[4].push(view(kept.clone()).await?.0);
        times[5].push(view(kept).await?.0);
    }
    let [read, count, suppress, first, after_save, kept] = times.map(|t| median(t).as_secs_f64());
    let ms = |seconds: f64| format!("{:.0} ms", seconds * 1e3);
    Ok(format!(
        "| {rows} | {} | {calls_count} | {} | {} | {} | {} | {} | {} | {hidden} |",
        rows * years,
        ms(read),
        ms(count),
        ms(suppress),
        ms(first),
        ms(after_save),
        ms(kept),
    ))
}

fn hidden_cells(released: &YearReport<Published>) -> usize {
    released
        .breakdowns
        .iter()
        .flat_map(|b| &b.lines)
        .flat_map(|l| std::iter::once(&l.students).chain(&l.outcomes))
        .chain(&released.calls_by_school)
        .chain(&released.calls_by_offense)
        .filter(|cell| matches!(cell, Published::Hidden(_)))
        .count()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}
