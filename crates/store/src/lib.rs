//! accord's storage: one [`Store`] that speaks to SQLite (the embedded default) or PostgreSQL (for
//! deployments that outgrow one machine).
//!
//! Both backends run the same SQL through sqlx's `Any` driver: the dialects agree on everything accord
//! needs (`$1` placeholders, `ON CONFLICT ... DO UPDATE`, `RETURNING`), types are kept to BIGINT,
//! DOUBLE PRECISION and TEXT, and times are Unix seconds. What differs lives in each backend's own
//! `migrations/` folder and in [`Store::connect`]. The conformance suite in `tests/` runs every story
//! against both.

mod accounts;
mod agreements;
mod allocation;
mod answers;
mod audit;
mod bridging;
mod bulk;
mod calls;
mod catalogue;
mod complaints;
mod exchanges;
mod listening;
mod moderation;
mod notice;
mod ospi;
mod outbox;
mod program;
mod program_page;
mod subscriptions;
#[cfg(feature = "testing")]
pub mod testing;
mod themes;

pub use accounts::{District, NewUser, School, User};
pub use agreements::{
    Agreement, AgreementComment, AgreementVersion, NewAgreement, NewAgreementComment,
    PublishedAgreement, VersionChange,
};
pub use answers::{Answer, AnswerEdit};
pub use audit::{AUDITED_TABLES, Actor, AuditEntry};
pub use bridging::RatingMatrix;
pub use bulk::{Activity, BulkParticipant, BulkRating, BulkThought};
pub use calls::{CallSummary, SaveCallsOutcome, StoredCall};
pub use complaints::{
    Allegation, Attachment, AttachmentInfo, Complaint, ComplaintFilter, ComplaintForCounts,
    ComplaintNote, ComplaintRecord, ComplaintSettings, Contact, NewComplaint, SentResponse,
    StepRecord, TrackedComplaint,
};
pub use exchanges::{
    Exchange, ExchangeEdit, ExchangeTallies, GroupTally, NewThought, Participant, RankedThought,
    RankingPage, RatingWrite, Summary, Thought, ThoughtTally,
};
pub use listening::{ListeningSession, NewListeningSession, NewSignUp, SessionTheme, SignUp};
pub use moderation::{
    Alert, DecisionRecord, ModerationCounts, NewDecision, NewReport, QueueItem, ReportOutcome,
    ReportView,
};
pub use notice::NoticePresentation;
pub use outbox::{CLAIM_LEASE_SECONDS, MailRetry, OutboxCounts, OutgoingMail, QueuedMail};
pub use subscriptions::{
    PendingSubscription, SubscribeOutcome, Subscriber, SubscriptionRequest, Unsubscription,
};
pub use themes::{NewTheme, StoredTheme, ThemeRaters, ThemeSettings};

pub use catalogue::RequirementRecord;
pub use program::{
    Agency, Assignment, CatalogueEntry, Evidence, NewAgency, NewAssignment, NewEvidence, NewStaff,
    NewTrainingRecord, StaffMember, TrainingPlan, TrainingRecord,
};
pub use program_page::{PageEdit, PageSettings, PageTextRow};

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::sync::Once;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule refused the write (the message names what already exists).
    #[error("{0}")]
    Conflict(String),
    #[error("unsupported database URL {0:?}: use sqlite://FILE or postgres://...")]
    UnsupportedUrl(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The one storage interface of accord. Cheap to clone: it holds connection pools.
#[derive(Clone)]
pub struct Store {
    /// Reads. On SQLite a pool of readers that WAL lets run beside the writer.
    read: AnyPool,
    /// Writes. On SQLite one connection, so writers queue in the pool instead of failing with
    /// SQLITE_BUSY; on PostgreSQL the same pool as `read`.
    write: AnyPool,
    backend: Backend,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

static DRIVERS: Once = Once::new();

impl Store {
    /// Connects to `url` (`sqlite://FILE`, created if missing, or `postgres://...`). Does not migrate.
    pub async fn connect(url: &str) -> StoreResult<Store> {
        DRIVERS.call_once(install_default_drivers);
        if url.starts_with("sqlite:") {
            Self::connect_sqlite(url).await
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(30))
                .connect(url)
                .await?;
            Ok(Store {
                read: pool.clone(),
                write: pool,
                backend: Backend::Postgres,
            })
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }

    async fn connect_sqlite(url: &str) -> StoreResult<Store> {
        let url = if url.contains("mode=") {
            url.to_owned()
        } else if url.contains('?') {
            format!("{url}&mode=rwc")
        } else {
            format!("{url}?mode=rwc")
        };
        let options = |max: u32| {
            AnyPoolOptions::new()
                .max_connections(max)
                .acquire_timeout(Duration::from_secs(60))
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                             PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;",
                        )
                        .await?;
                        Ok(())
                    })
                })
        };
        if url.contains(":memory:") {
            // An in-memory database exists once per connection: one connection serves everything.
            let pool = options(1).connect(&url).await?;
            return Ok(Store {
                read: pool.clone(),
                write: pool,
                backend: Backend::Sqlite,
            });
        }
        let write = options(1).connect(&url).await?;
        let read = options(8).connect(&url).await?;
        Ok(Store {
            read,
            write,
            backend: Backend::Sqlite,
        })
    }

    /// Brings the schema up to date with this backend's migrations.
    pub async fn migrate(&self) -> StoreResult<()> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.write).await?,
            Backend::Postgres => {
                sqlx::migrate!("migrations/postgres")
                    .run(&self.write)
                    .await?
            }
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

/// Turns a unique-constraint violation into [`StoreError::Conflict`] with `message`.
pub(crate) fn on_unique(message: &str) -> impl FnOnce(sqlx::Error) -> StoreError + '_ {
    move |err| match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict(message.to_owned())
        }
        _ => StoreError::Database(err),
    }
}

/// The current time in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
