//! The one binary: `accord serve`, `accord demo`, and the administrator's commands.

mod bench;
mod bench_calls;
mod demo;
mod demo_calls;
mod demo_closing;
mod demo_complaints;
mod demo_listening;
mod demo_program;
mod import;
mod simulate;

use accord_domain::roles::Role;
use accord_store::{NewUser, Store};
use accord_web::auth::{hash_password, hash_token, new_staff_token, random_token};
use accord_web::mail::{MailSettings, SmtpSecurity, SmtpSettings};
use accord_web::{AppState, Settings};
use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Read};

#[derive(Parser)]
#[command(
    name = "accord",
    version,
    about = "Run a school district's safety and security staff program in the open"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DatabaseArg {
    /// sqlite://FILE (created if missing) or postgres://USER@HOST:PORT/DB
    #[arg(
        long,
        env = "ACCORD_DATABASE_URL",
        default_value = "sqlite://accord.db"
    )]
    database: String,
}

#[derive(Args, Clone)]
struct ServeArgs {
    #[command(flatten)]
    db: DatabaseArg,
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, env = "ACCORD_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    /// Mark cookies Secure: set this when accord is reached over HTTPS
    #[arg(long, env = "ACCORD_SECURE_COOKIES")]
    secure_cookies: bool,
    /// Where the public reaches accord, e.g. https://accord.district.example (links in mail start
    /// with it); default: http:// and the address listened on
    #[arg(long, env = "ACCORD_PUBLIC_URL")]
    public_url: Option<String>,
    #[command(flatten)]
    mail: MailArgs,
}

/// Outgoing mail. Without --smtp-host, messages are kept in the queue and sent once a server is given.
#[derive(Args, Clone)]
struct MailArgs {
    /// The SMTP server that delivers accord's mail
    #[arg(long, env = "ACCORD_SMTP_HOST")]
    smtp_host: Option<String>,
    /// Its port (default: 587 for starttls, 465 for tls, 25 for plain)
    #[arg(long, env = "ACCORD_SMTP_PORT")]
    smtp_port: Option<u16>,
    /// starttls, tls, or plain (plain only for a relay on this machine)
    #[arg(long, env = "ACCORD_SMTP_SECURITY", default_value = "starttls")]
    smtp_security: SmtpSecurity,
    /// The SMTP user name, when the server asks for one
    #[arg(long, env = "ACCORD_SMTP_USER", requires = "smtp_password")]
    smtp_user: Option<String>,
    /// The SMTP password (better given as ACCORD_SMTP_PASSWORD than on the command line)
    #[arg(
        long,
        env = "ACCORD_SMTP_PASSWORD",
        hide_env_values = true,
        requires = "smtp_user"
    )]
    smtp_password: Option<String>,
    /// Who the mail is from, e.g. "Cedar Valley Schools <noreply@cedar-valley.example>"
    #[arg(
        long,
        env = "ACCORD_MAIL_FROM",
        default_value = "accord <noreply@localhost>"
    )]
    mail_from: String,
    /// At most this many messages a second
    #[arg(long, env = "ACCORD_MAIL_RATE", default_value_t = 5.0)]
    mail_rate: f64,
}

impl MailArgs {
    fn settings(&self) -> MailSettings {
        MailSettings {
            smtp: self.smtp_host.as_ref().map(|host| SmtpSettings {
                host: host.clone(),
                port: self
                    .smtp_port
                    .unwrap_or_else(|| self.smtp_security.default_port()),
                security: self.smtp_security,
                credentials: self.smtp_user.clone().zip(self.smtp_password.clone()),
            }),
            from: self.mail_from.clone(),
            messages_per_second: self.mail_rate,
            ..MailSettings::default()
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the pages and the API
    Serve(ServeArgs),
    /// Create the demo district (a published exchange at the seed's scale, an open one to try), then serve
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// Only create the demo data; do not serve
        #[arg(long)]
        seed_only: bool,
    },
    /// Bring the database schema up to date
    Migrate(DatabaseArg),
    /// Staff accounts
    #[command(subcommand)]
    User(UserCommand),
    /// API tokens
    #[command(subcommand)]
    Token(TokenCommand),
    /// Compare allocation policies (random, least-seen first, ours) on simulated exchanges at the
    /// seed's scale: top-10 precision, Spearman, coverage
    Simulate {
        /// How many seeds (exchanges) per policy
        #[arg(long, default_value_t = 20)]
        seeds: usize,
        /// Also write an accessible SVG chart of the figures here
        #[arg(long)]
        chart: Option<std::path::PathBuf>,
    },
    /// Group the comments of any CSV file into themes (e.g. a district's survey export)
    Themes {
        /// The CSV file (UTF-8 with or without BOM, or Windows-1252)
        #[arg(long)]
        input: std::path::PathBuf,
        /// The column holding the comments
        #[arg(long, default_value = "text")]
        text_column: String,
        /// A column identifying each row (default: the row number)
        #[arg(long)]
        id_column: Option<String>,
        /// How many themes (default: chosen automatically)
        #[arg(long)]
        themes: Option<usize>,
        /// Compare comments by sentence embeddings too, with the all-MiniLM-L6-v2 model in this directory
        /// (install it with scripts/fetch-embedding-model; needs a build with --features embeddings)
        #[arg(long, env = "ACCORD_THEMES_MODEL")]
        model: Option<std::path::PathBuf>,
        /// Where to write id,theme,label per input row
        #[arg(long)]
        output: std::path::PathBuf,
    },
    /// Import staff, training records or calls for service from a CSV file (UTF-8 with or without BOM,
    /// or Windows-1252): every bad row is reported with its line, and nothing is imported unless every
    /// row is good
    Import {
        /// staff (agency, staff_number, name, staff_type[, first_day_on_site]), training (agency,
        /// staff_number, requirement, completed_on, provider[, hours, units]) or calls (the columns of
        /// docs/calls-import.md, one row per call and student)
        #[arg(value_enum)]
        kind: ImportArg,
        file: std::path::PathBuf,
        /// Check every row and report, but import nothing
        #[arg(long)]
        dry_run: bool,
        /// The district's short name; defaults to the only district
        #[arg(long)]
        district: Option<String>,
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Measurements for BENCHMARKS.md (on a fresh SQLite file, or --database: an empty database made for it)
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ImportArg {
    Staff,
    Training,
    /// Calls for service, one row per call and student (docs/calls-import.md)
    Calls,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Star ratings by concurrent participants: straight into the store, then through the HTTP API
    Ratings {
        #[arg(long, default_value_t = 64)]
        participants: usize,
        #[arg(long, default_value_t = 100)]
        ratings_each: usize,
        #[arg(long)]
        database: Option<String>,
    },
    /// /next and rating on an open exchange `--scale` times the seed's size, and the bridging score
    Next {
        #[arg(long, default_value_t = 30)]
        scale: usize,
        #[arg(long, default_value_t = 32)]
        participants: usize,
        #[arg(long, default_value_t = 40)]
        rounds: usize,
        #[arg(long)]
        database: Option<String>,
    },
    /// The results page and API for the demo's published exchange, `--scale` times the seed's size
    Results {
        #[arg(long, default_value_t = 1)]
        scale: usize,
        #[arg(long, default_value_t = 20)]
        requests: usize,
        #[arg(long)]
        database: Option<String>,
    },
    /// Calls for service: writes a calls file of `--rows` rows (one per call and student), then saves
    /// its calls into a fresh SQLite file in one transaction
    CallsImport {
        #[arg(long, default_value_t = 100_000)]
        rows: usize,
        /// Keep the calls file here (by default it goes with the temporary database)
        #[arg(long)]
        csv: Option<std::path::PathBuf>,
    },
    /// The public yearly report of calls from the database (the page's work: first view, after a
    /// save, kept) with `--years` school years of each size in `--rows` across 50 schools, each size
    /// in a fresh SQLite file
    CallsReport {
        /// Call-student rows in each school year
        #[arg(long, value_delimiter = ',', default_values_t = [10_000, 100_000, 200_000])]
        rows: Vec<usize>,
        #[arg(long, default_value_t = 5)]
        years: usize,
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a staff account; the password is read from standard input, or generated and printed
    Add {
        #[arg(long)]
        email: String,
        /// facilitator, records_clerk, investigator, agency_liaison or program_admin
        #[arg(long)]
        role: Role,
        #[arg(long)]
        name: Option<String>,
        /// The district's short name; defaults to the only district, or creates one
        #[arg(long)]
        district: Option<String>,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Print a new API bearer token for a staff account
    Create {
        #[arg(long)]
        email: String,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Serve(args) => serve(args, None).await,
        Command::Demo {
            serve: args,
            seed_only,
        } => run_demo(args, seed_only).await,
        Command::Migrate(db) => {
            open(&db).await?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::User(UserCommand::Add {
            email,
            role,
            name,
            district,
            db,
        }) => add_user(&open(&db).await?, &email, role, name, district).await,
        Command::Token(TokenCommand::Create { email, db }) => {
            create_token(&open(&db).await?, &email).await
        }
        Command::Import {
            kind,
            file,
            dry_run,
            district,
            db,
        } => {
            let store = open(&db).await?;
            let district = district_for(&store, district).await?;
            let kind = match kind {
                ImportArg::Staff => accord_web::program::ImportKind::Staff,
                ImportArg::Training => accord_web::program::ImportKind::Training,
                ImportArg::Calls => {
                    return import::run_calls(&store, &district, &file, dry_run).await;
                }
            };
            import::run(&store, &district, kind, &file, dry_run).await
        }
        Command::Simulate { seeds, chart } => simulate::run(seeds, chart.as_deref()),
        Command::Themes {
            input,
            text_column,
            id_column,
            themes,
            model,
            output,
        } => run_themes(
            &input,
            &text_column,
            id_column.as_deref(),
            themes,
            model.as_deref(),
            &output,
        ),
        Command::Bench(BenchCommand::Ratings {
            participants,
            ratings_each,
            database,
        }) => bench::ratings(database.as_deref(), participants, ratings_each).await,
        Command::Bench(BenchCommand::Next {
            scale,
            participants,
            rounds,
            database,
        }) => bench::next(database.as_deref(), scale, participants, rounds).await,
        Command::Bench(BenchCommand::Results {
            scale,
            requests,
            database,
        }) => bench::results(database.as_deref(), scale, requests).await,
        Command::Bench(BenchCommand::CallsImport { rows, csv }) => {
            bench_calls::import(rows, csv.as_deref()).await
        }
        Command::Bench(BenchCommand::CallsReport { rows, years, runs }) => {
            bench_calls::report(&rows, years, runs).await
        }
    }
}

/// Connects and migrates.
async fn open(db: &DatabaseArg) -> anyhow::Result<Store> {
    let store = Store::connect(&db.database)
        .await
        .with_context(|| format!("opening the database {}", redact(&db.database)))?;
    store.migrate().await.context("migrating the database")?;
    Ok(store)
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

async fn serve(args: ServeArgs, store: Option<Store>) -> anyhow::Result<()> {
    let store = match store {
        Some(store) => store,
        None => open(&args.db).await?,
    };
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    let address = listener.local_addr()?;
    println!("accord is serving at http://{address}/ (press Ctrl-C to stop)");
    let state = AppState::new(
        store,
        Settings {
            secure_cookies: args.secure_cookies,
            mail: args.mail.settings(),
            public_url: args
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{address}")),
        },
    );
    accord_web::serve(listener, state).await?;
    Ok(())
}

const DEMO_FACILITATOR: &str = "facilitator@cedar-valley.example";
const DEMO_ADMIN: &str = "admin@cedar-valley.example";

/// The demo account `email` with `role`, created or given a new password; returns the password.
async fn demo_account(
    store: &Store,
    district: &accord_store::District,
    email: &str,
    name: &str,
    role: Role,
) -> anyhow::Result<String> {
    let password = random_token(12);
    let hash = hash_password(password.clone()).await?;
    match store.user_by_email(email).await? {
        Some(user) => store.set_password_hash(user.id, &hash).await?,
        None => {
            store
                .add_user(NewUser {
                    district_id: district.id,
                    email,
                    name,
                    role,
                    password_hash: &hash,
                })
                .await?;
        }
    }
    Ok(password)
}

async fn run_demo(args: ServeArgs, seed_only: bool) -> anyhow::Result<()> {
    let store = open(&args.db).await?;
    let progress = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg:28} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let demo = demo::seed(&store, &progress).await?;
    progress.finish_and_clear();
    let password = demo_account(
        &store,
        &demo.district,
        DEMO_FACILITATOR,
        "Demo Facilitator",
        Role::Facilitator,
    )
    .await?;
    let admin_password = demo_account(
        &store,
        &demo.district,
        DEMO_ADMIN,
        "Demo Program Admin",
        Role::ProgramAdmin,
    )
    .await?;
    let investigator_password = demo_account(
        &store,
        &demo.district,
        demo_complaints::INVESTIGATOR,
        "Demo Investigator",
        Role::Investigator,
    )
    .await?;
    println!("Demo district: {}", demo.district.name);
    println!(
        "  published exchange: /exchanges/{} ({})",
        demo.published.id, demo.published.title
    );
    println!(
        "  open exchange to try: /exchanges/{} ({})",
        demo.open.id, demo.open.title
    );
    println!("  public program page: /districts/{}", demo.district.slug);
    println!(
        "  public report of calls for service: /districts/{}/calls/report",
        demo.district.slug
    );
    println!(
        "  answers, board policy and yearly notice: /districts/{0}#answers, /districts/{0}/policy, \
         /districts/{0}/notice",
        demo.district.slug
    );
    println!(
        "  file a complaint: /districts/{}/complaints/new; track one: /districts/{}/complaints/track",
        demo.district.slug, demo.district.slug
    );
    println!(
        "  a complaint's tracking code to try: {}",
        demo.tracking_code
    );
    println!("Facilitator sign-in: {DEMO_FACILITATOR} / {password}");
    println!("Program admin sign-in: {DEMO_ADMIN} / {admin_password}");
    println!(
        "Investigator sign-in: {} / {investigator_password}",
        demo_complaints::INVESTIGATOR
    );
    print_subscription_flow(&demo.district.slug, &args.mail);
    if seed_only {
        return Ok(());
    }
    serve(args, Some(store)).await
}

/// How to try staying in touch: subscribing, the confirmation mail, a notification, unsubscribing.
fn print_subscription_flow(slug: &str, mail: &MailArgs) {
    println!("Stay in touch (subscriptions by email):");
    println!("  1. subscribe with your address: /districts/{slug}/subscribe");
    match &mail.smtp_host {
        Some(host) => {
            println!("  2. the confirmation link arrives through {host}: open it and confirm")
        }
        None => {
            println!(
                "  2. no --smtp-host: the confirmation waits in the queue. To read it, run any SMTP \
                 catcher on this machine and restart with --smtp-host 127.0.0.1 --smtp-port 1025 \
                 --smtp-security plain: the queued mail goes out then"
            );
        }
    }
    println!(
        "  3. as the facilitator, open an exchange (/manage): a message about it arrives, with an \
         Unsubscribe link and the List-Unsubscribe header"
    );
    println!("  4. open that link and unsubscribe");
}

fn run_themes(
    input: &std::path::Path,
    text_column: &str,
    id_column: Option<&str>,
    k: Option<usize>,
    model: Option<&std::path::Path>,
    output: &std::path::Path,
) -> anyhow::Result<()> {
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg:24} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let progress = |stage: accord_analysis::Stage, done: u64, total: u64| {
        bar.set_message(format!("{stage:?}"));
        bar.set_length(total);
        bar.set_position(done);
    };
    let summary =
        accord_analysis::themes_csv(input, text_column, id_column, k, model, output, &progress)?;
    bar.finish_and_clear();
    println!(
        "{} rows ({}), {} themes, written to {}",
        summary.rows,
        summary.encoding,
        summary.themes,
        output.display()
    );
    for (i, label) in summary.labels.iter().enumerate() {
        println!("  {}. {label}", i + 1);
    }
    if summary.blank > 0 {
        println!("{} blank comments got no theme.", summary.blank);
    }
    Ok(())
}

/// The district a new account belongs to: the named one, the only one, or a new one.
async fn district_for(
    store: &Store,
    slug: Option<String>,
) -> anyhow::Result<accord_store::District> {
    if let Some(slug) = slug {
        return store
            .district_by_slug(&slug)
            .await?
            .with_context(|| format!("there is no district {slug:?}"));
    }
    let mut districts = store.districts().await?;
    match districts.len() {
        0 => Ok(store.ensure_district("district", "School District").await?),
        1 => Ok(districts.remove(0)),
        _ => bail!(
            "there are several districts; choose one with --district ({})",
            districts
                .iter()
                .map(|d| d.slug.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

const MIN_PASSWORD_CHARS: usize = 12;

async fn add_user(
    store: &Store,
    email: &str,
    role: Role,
    name: Option<String>,
    district: Option<String>,
) -> anyhow::Result<()> {
    if !email.contains('@') || email.trim().len() < 3 {
        bail!("{email:?} is not an email address");
    }
    let district = district_for(store, district).await?;
    let mut typed = String::new();
    if !std::io::stdin().is_terminal() {
        std::io::stdin()
            .read_to_string(&mut typed)
            .context("reading the password")?;
    }
    let typed = typed.trim_end_matches(['\r', '\n']).to_owned();
    let (password, generated) = if typed.is_empty() {
        (random_token(12), true)
    } else {
        (typed, false)
    };
    if password.chars().count() < MIN_PASSWORD_CHARS {
        bail!("the password must have at least {MIN_PASSWORD_CHARS} characters");
    }
    let hash = hash_password(password.clone()).await?;
    let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_owned());
    let user = store
        .add_user(NewUser {
            district_id: district.id,
            email,
            name: &name,
            role,
            password_hash: &hash,
        })
        .await?;
    println!("Added {} ({}) to {}.", user.email, user.role, district.name);
    if generated {
        println!("Password: {password}");
    }
    Ok(())
}

async fn create_token(store: &Store, email: &str) -> anyhow::Result<()> {
    let user = store
        .user_by_email(email)
        .await?
        .with_context(|| format!("there is no account {email:?}"))?;
    let token = new_staff_token();
    store.create_api_token(user.id, &hash_token(&token)).await?;
    println!("{token}");
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_hidden_in_messages() {
        assert_eq!(
            super::redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact("sqlite://accord.db"), "sqlite://accord.db");
    }
}
