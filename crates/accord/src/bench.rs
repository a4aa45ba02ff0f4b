//! `accord bench`: the measurements quoted in BENCHMARKS.md, reproducible with one command each.
//!
//! Everything runs in this process on loopback: the real server, the real store on a fresh SQLite file
//! (or the `--database` given), and an HTTP client. Client and server share the machine, as they do in
//! the figures we publish; say so when quoting them.

use crate::demo;
use accord_domain::exchange::{ExchangeState, Group};
use accord_store::{ExchangeEdit, NewThought, Participant, RatingWrite, Store};
use accord_web::auth::{hash_token, new_participant_token};
use accord_web::{AppState, Settings};
use anyhow::Context;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Latencies of one measured run.
pub struct Timings {
    pub label: String,
    pub count: usize,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
}

impl Timings {
    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let rank = ((p / 100.0) * (sorted.len().saturating_sub(1)) as f64).round() as usize;
        sorted.get(rank).copied().unwrap_or_default()
    }

    pub fn per_second(&self) -> f64 {
        self.count as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    fn row(&self) -> String {
        format!(
            "| {} | {} | {:.2} | {:.0} | {:.2} | {:.2} |",
            self.label,
            self.count,
            self.elapsed.as_secs_f64(),
            self.per_second(),
            self.percentile(50.0).as_secs_f64() * 1e3,
            self.percentile(99.0).as_secs_f64() * 1e3,
        )
    }
}

const TABLE_HEAD: &str =
    "| what | operations | seconds | per second | p50 ms | p99 ms |\n|---|---|---|---|---|---|";

/// A fresh database: the given URL, or a new SQLite file in a temporary folder kept alive by the guard.
async fn bench_store(database: Option<&str>) -> anyhow::Result<(Store, Option<tempfile::TempDir>)> {
    let (url, dir) = match database {
        Some(url) => (url.to_owned(), None),
        None => {
            let dir = tempfile::tempdir()?;
            (
                format!("sqlite://{}", dir.path().join("bench.db").display()),
                Some(dir),
            )
        }
    };
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    Ok((store, dir))
}

async fn start_server(store: Store) -> anyhow::Result<(String, AppState)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let state = AppState::new(store, Settings::default());
    tokio::spawn(accord_web::serve(listener, state.clone()));
    Ok((base, state))
}

/// Star ratings with `raters` concurrent participants: straight into the store (the floor), then
/// through `POST /api/v1/exchanges/{id}/ratings`.
pub async fn ratings(
    database: Option<&str>,
    raters: usize,
    per_rater: usize,
) -> anyhow::Result<()> {
    let (store, _guard) = bench_store(database).await?;
    let district = store.ensure_district("bench", "Bench District").await?;
    let edit = ExchangeEdit {
        title: "Bench".into(),
        question: "Bench?".into(),
        context: String::new(),
        groups: Group::ALL.to_vec(),
        invitation_code: None,
        results_public: true,
    };
    let exchange = store.create_exchange(district.id, None, &edit).await?;
    store
        .transition_exchange(exchange.id, ExchangeState::Draft, ExchangeState::Open)
        .await?;
    let author = store
        .add_participant(exchange.id, None, &hash_token(&new_participant_token()))
        .await?;
    let thoughts = per_rater * 2;
    let mut thought_ids = Vec::with_capacity(thoughts);
    for i in 0..thoughts {
        let body = format!("Bench thought number {i}");
        let t = NewThought {
            exchange_id: exchange.id,
            participant_id: Some(author.id),
            body: &body,
        };
        thought_ids.push(store.add_thought(t).await?.id);
    }
    let thought_ids = Arc::new(thought_ids);

    // Each rater starts at its own offset, so raters touch the same thoughts at different moments.
    let plan = |rater: usize| -> Vec<(i64, u8)> {
        (0..per_rater)
            .map(|k| {
                (
                    thought_ids[(rater * 7 + k) % thought_ids.len()],
                    ((rater + k) % 5 + 1) as u8,
                )
            })
            .collect()
    };

    let mut direct_raters = Vec::new();
    for r in 0..raters {
        let group = Group::ALL.get(r % 8).copied();
        direct_raters.push(
            store
                .add_participant(exchange.id, group, &hash_token(&new_participant_token()))
                .await?,
        );
    }
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (r, participant) in direct_raters.into_iter().enumerate() {
        let (store, work) = (store.clone(), plan(r));
        tasks.spawn(async move { direct_rater(&store, &participant, &work).await });
    }
    let floor = collect("store.record_rating (floor)", started, &mut tasks).await?;

    let (base, _state) = start_server(store.clone()).await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(raters)
        .build()?;
    let mut tokens = Vec::new();
    for r in 0..raters {
        let group = Group::ALL.get(r % 8).map_or("none", |g| g.key());
        let joined: serde_json::Value = client
            .post(format!(
                "{base}/api/v1/exchanges/{}/participants",
                exchange.id
            ))
            .json(&serde_json::json!({ "group": group }))
            .send()
            .await?
            .json()
            .await?;
        tokens.push(
            joined["token"]
                .as_str()
                .context("a participant token")?
                .to_owned(),
        );
    }
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (r, token) in tokens.into_iter().enumerate() {
        let (client, work) = (client.clone(), plan(r));
        let url = format!("{base}/api/v1/exchanges/{}/ratings", exchange.id);
        tasks.spawn(async move { http_rater(&client, &url, &token, &work).await });
    }
    let http = collect("POST /api/v1/exchanges/{id}/ratings", started, &mut tasks).await?;

    println!(
        "Star ratings, {raters} concurrent participants, {per_rater} ratings each, {}",
        backend_name(&store)
    );
    println!("{TABLE_HEAD}\n{}\n{}", floor.row(), http.row());
    println!(
        "HTTP throughput is {:.0}% of the floor's.",
        100.0 * http.per_second() / floor.per_second()
    );
    Ok(())
}

fn backend_name(store: &Store) -> &'static str {
    match store.backend() {
        accord_store::Backend::Sqlite => "SQLite",
        accord_store::Backend::Postgres => "PostgreSQL",
    }
}

async fn direct_rater(
    store: &Store,
    participant: &Participant,
    work: &[(i64, u8)],
) -> anyhow::Result<Vec<Duration>> {
    let mut latencies = Vec::with_capacity(work.len());
    for &(thought_id, stars) in work {
        let t = Instant::now();
        store
            .record_rating(RatingWrite {
                participant,
                thought_id,
                stars: Some(stars),
            })
            .await?;
        latencies.push(t.elapsed());
    }
    Ok(latencies)
}

async fn http_rater(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    work: &[(i64, u8)],
) -> anyhow::Result<Vec<Duration>> {
    let mut latencies = Vec::with_capacity(work.len());
    for &(thought_id, stars) in work {
        let t = Instant::now();
        let response = client
            .post(url)
            .bearer_auth(token)
            .json(&serde_json::json!({ "thought_id": thought_id, "stars": stars }))
            .send()
            .await?;
        anyhow::ensure!(
            response.status().is_success(),
            "rating refused: {}",
            response.status()
        );
        latencies.push(t.elapsed());
    }
    Ok(latencies)
}

async fn collect(
    label: &str,
    started: Instant,
    tasks: &mut tokio::task::JoinSet<anyhow::Result<Vec<Duration>>>,
) -> anyhow::Result<Timings> {
    let mut latencies = Vec::new();
    while let Some(done) = tasks.join_next().await {
        latencies.extend(done??);
    }
    Ok(Timings {
        label: label.to_owned(),
        count: latencies.len(),
        elapsed: started.elapsed(),
        latencies,
    })
}

/// The results page and API for the demo's published exchange at `scale` times the seed's size, as
/// everyone sees them and as one group (students) sees them. Nothing is cached: every request reads
/// the aggregates.
pub async fn results(database: Option<&str>, scale: usize, requests: usize) -> anyhow::Result<()> {
    let (store, _guard) = bench_store(database).await?;
    let progress = indicatif::ProgressBar::new(0);
    let seeded = Instant::now();
    let demo = demo::seed_scaled(&store, &progress, scale).await?;
    progress.finish_and_clear();
    let seed_seconds = seeded.elapsed().as_secs_f64();
    let summary = store.summary(demo.published.id).await?;
    let (base, _state) = start_server(store.clone()).await?;
    let client = reqwest::Client::new();
    let id = demo.published.id;
    let mut rows = Vec::new();
    for (label, path) in [
        ("results page", format!("/exchanges/{id}/results")),
        (
            "results page, students' view",
            format!("/exchanges/{id}/results?view=student"),
        ),
        (
            "API /results (100 thoughts)",
            format!("/api/v1/exchanges/{id}/results"),
        ),
    ] {
        let mut latencies = Vec::with_capacity(requests);
        let started = Instant::now();
        for _ in 0..requests {
            let t = Instant::now();
            let response = client.get(format!("{base}{path}")).send().await?;
            anyhow::ensure!(
                response.status().is_success(),
                "{path}: {}",
                response.status()
            );
            response.bytes().await?;
            latencies.push(t.elapsed());
        }
        rows.push(Timings {
            label: label.to_owned(),
            count: requests,
            elapsed: started.elapsed(),
            latencies,
        });
    }
    println!(
        "Published exchange at {scale}x the seed: {} participants, {} thoughts, {} star ratings ({}; seeded in {seed_seconds:.1} s)",
        summary.participants,
        summary.thoughts,
        summary.ratings,
        backend_name(&store)
    );
    println!("{TABLE_HEAD}");
    for row in &rows {
        println!("{}", row.row());
    }
    Ok(())
}

/// An open exchange holding the demo's activity at `scale` times the seed's size, bulk-loaded.
async fn open_exchange_at(
    store: &Store,
    district_id: i64,
    scale: usize,
) -> anyhow::Result<accord_store::Exchange> {
    let edit = ExchangeEdit {
        title: format!("Bench {scale}x"),
        question: "What should the program change?".into(),
        context: String::new(),
        groups: Group::ALL.to_vec(),
        invitation_code: None,
        results_public: true,
    };
    let exchange = store.create_exchange(district_id, None, &edit).await?;
    store
        .transition_exchange(exchange.id, ExchangeState::Draft, ExchangeState::Open)
        .await?;
    let activity = demo::generate(&demo::Scale::times(scale), 1, accord_store::now());
    store.load_activity(exchange.id, &activity, &|_| {}).await?;
    store
        .exchange(exchange.id)
        .await?
        .context("the exchange just created")
}

/// The bridging score of a whole exchange as the server computes it: the store's read of every star
/// rating, then the fit, each timed; then the rater-adjusted score's fit from the same read.
async fn time_bridging(store: &Store, exchange_id: i64) -> anyhow::Result<String> {
    let started = Instant::now();
    let matrix = store.rating_matrix(exchange_id).await?;
    let read = started.elapsed();
    let started = Instant::now();
    let fit = accord_domain::bridging::bridging_scores(
        &matrix.ratings,
        matrix.raters,
        matrix.thoughts.len(),
        &accord_domain::bridging::BridgingParams::default(),
    );
    let fitted = started.elapsed();
    let started = Instant::now();
    std::hint::black_box(accord_domain::scoring::adjusted_scores(
        &matrix.ratings,
        matrix.raters,
        matrix.thoughts.len(),
    ));
    let adjusted_fit = started.elapsed();
    Ok(format!(
        "| {} | {} | {} | {:.0} | {:.0} | {} | {:.0} |",
        matrix.raters,
        matrix.thoughts.len(),
        matrix.ratings.len(),
        read.as_secs_f64() * 1e3,
        fitted.as_secs_f64() * 1e3,
        fit.iterations,
        adjusted_fit.as_secs_f64() * 1e3,
    ))
}

/// `/next` and rating under the allocation policy: `participants` new participants at once on an
/// open exchange `scale` times the seed's size, each asking `GET /api/v1/exchanges/{id}/next` and
/// starring what it offers, `rounds` times. Then the bridging score of the seed-size exchange and of
/// this one.
pub async fn next(
    database: Option<&str>,
    scale: usize,
    participants: usize,
    rounds: usize,
) -> anyhow::Result<()> {
    let (store, _guard) = bench_store(database).await?;
    let district = store.ensure_district("bench", "Bench District").await?;
    let seeded = Instant::now();
    let seed_size = open_exchange_at(&store, district.id, 1).await?;
    let exchange = open_exchange_at(&store, district.id, scale).await?;
    let seed_seconds = seeded.elapsed().as_secs_f64();
    let summary = store.summary(exchange.id).await?;
    let (base, _state) = start_server(store.clone()).await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(participants)
        .build()?;
    let id = exchange.id;
    let mut tokens = Vec::with_capacity(participants);
    for p in 0..participants {
        let group = Group::ALL.get(p % 9).map_or("none", |g| g.key());
        let joined: serde_json::Value = client
            .post(format!("{base}/api/v1/exchanges/{id}/participants"))
            .json(&serde_json::json!({ "group": group }))
            .send()
            .await?
            .json()
            .await?;
        tokens.push(
            joined["token"]
                .as_str()
                .context("a participant token")?
                .to_owned(),
        );
    }
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (p, token) in tokens.into_iter().enumerate() {
        let client = client.clone();
        let base = base.clone();
        tasks.spawn(async move { next_and_rate(&client, &base, id, &token, p, rounds).await });
    }
    let (mut next_latencies, mut rate_latencies) = (Vec::new(), Vec::new());
    while let Some(done) = tasks.join_next().await {
        let (n, r) = done??;
        next_latencies.extend(n);
        rate_latencies.extend(r);
    }
    let elapsed = started.elapsed();
    let rows = [
        ("GET /api/v1/exchanges/{id}/next", next_latencies),
        (
            "POST /api/v1/exchanges/{id}/ratings (with re-keying)",
            rate_latencies,
        ),
    ]
    .map(|(label, latencies)| Timings {
        label: label.to_owned(),
        count: latencies.len(),
        elapsed,
        latencies,
    });
    println!(
        "Open exchange at {scale}x the seed: {} participants, {} thoughts, {} star ratings ({}; \
         both exchanges generated and loaded in {seed_seconds:.1} s); {participants} participants at \
         once, {rounds} rounds of /next then a rating each",
        summary.participants,
        summary.thoughts,
        summary.ratings,
        backend_name(&store)
    );
    println!("{TABLE_HEAD}");
    for row in &rows {
        println!("{}", row.row());
    }
    println!(
        "\nBridging score of the whole exchange (store read, then fit), and the rater-adjusted score \
         that ranks everyone's results (the same read, its own fit):\n\
         | raters | thoughts | star ratings | read ms | fit ms | sweeps | adjusted fit ms |\n\
         |---|---|---|---|---|---|---|"
    );
    println!("{}", time_bridging(&store, seed_size.id).await?);
    println!("{}", time_bridging(&store, exchange.id).await?);
    Ok(())
}

/// One participant: `rounds` times, asks for the next thought and stars it.
async fn next_and_rate(
    client: &reqwest::Client,
    base: &str,
    id: i64,
    token: &str,
    participant: usize,
    rounds: usize,
) -> anyhow::Result<(Vec<Duration>, Vec<Duration>)> {
    let (mut next, mut rate) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for round in 0..rounds {
        let t = Instant::now();
        let response = client
            .get(format!("{base}/api/v1/exchanges/{id}/next"))
            .bearer_auth(token)
            .send()
            .await?;
        anyhow::ensure!(
            response.status() == reqwest::StatusCode::OK,
            "/next: {}",
            response.status()
        );
        let offered: serde_json::Value = response.json().await?;
        next.push(t.elapsed());
        let thought_id = offered["id"].as_i64().context("a thought id")?;
        let t = Instant::now();
        let response = client
            .post(format!("{base}/api/v1/exchanges/{id}/ratings"))
            .bearer_auth(token)
            .json(&serde_json::json!({
                "thought_id": thought_id,
                "stars": (participant + round) % 5 + 1,
            }))
            .send()
            .await?;
        anyhow::ensure!(
            response.status().is_success(),
            "rating refused: {}",
            response.status()
        );
        rate.push(t.elapsed());
    }
    Ok((next, rate))
}
