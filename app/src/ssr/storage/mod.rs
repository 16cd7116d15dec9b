//! The one storage layer. Queries are written once in the SQL that SQLite and PostgreSQL share
//! (`$n` parameters, `RETURNING`, `ON CONFLICT`) and run through sqlx's `Any` driver; only the
//! migrations differ per backend. Every function here is tested on both databases.

/// Runs `$body` in a transaction that holds `$lock` (see [`Lock`]) and commits it, starting
/// over (a bounded number of times) when the database gives up on it for a deadlock or a
/// serialization failure. `$body` is an async block's contents reading and writing through
/// `$tx`; returning from it commits what it wrote, an `Err` rolls it back.
macro_rules! write_tx {
    ($db:expr, $lock:expr, |$tx:ident| $body:block) => {{
        let mut attempt = 0u32;
        loop {
            let mut $tx = $db.begin_write($lock).await?;
            let outcome: $crate::ssr::storage::Result<_> = async { $body }.await;
            let outcome = match outcome {
                Ok(value) => $tx
                    .commit()
                    .await
                    .map(|()| value)
                    .map_err($crate::ssr::storage::StorageError::from),
                Err(e) => Err(e),
            };
            match outcome {
                Err(e) if e.is_retryable() && attempt < $crate::ssr::storage::WRITE_ATTEMPTS => {
                    attempt += 1;
                    $crate::ssr::storage::back_off(attempt).await;
                }
                other => break other,
            }
        }
    }};
}

mod accounts;
mod agreements;
mod audit;
mod availability;
mod backup;
mod bench_data;
mod bulk;
mod certificates;
mod chat;
mod check_ins;
mod codec;
mod dashboard;
mod directory;
mod enrollments;
mod events;
mod goals;
mod held;
mod insights;
mod jobs;
mod leavers;
mod locks;
mod logins;
mod match_input;
mod mentor_requests;
mod notifications;
mod org_settings;
mod pairs;
mod personal_data;
mod programs;
mod pulses;
mod reassignments;
mod recognition;
mod reminders;
mod resource_search;
mod resources;
mod reviews;
mod rounds;
mod scim;
mod scratch;
mod slack;
mod sso;
mod stories;
mod survey;
mod throttle;
mod tokens;
mod users;

pub use accounts::{NewAccount, SignUpOutcome};
pub use agreements::{AgreedGroup, AgreementCount, AgreementRow};
pub use audit::{AuditFilter, AuditRow, NewAuditEntry};
pub use availability::StoredAvailability;
pub use bench_data::{BenchOrg, BENCH_DEPARTMENTS};
pub use certificates::{CertificateFacts, CertificateRow};
pub use chat::ChatChannelRow;
pub use check_ins::{CheckInRefusal, CheckInRow, CommentRow};
pub use codec::Json;
pub use dashboard::DashboardProgram;
pub use enrollments::{EnrollmentRow, EnrollmentWrite};
pub use events::{
    DrawRow, EventListRow, EventRow, EventSpan, LinkStanding, NewEvent, RsvpCounts, RsvpOutcome,
    RsvpRefusal, RsvpRow, Standing,
};
pub use goals::{GoalRow, MilestoneRow};
pub use insights::{
    InsightEnrollmentRow, InsightFitRow, InsightGoalRow, InsightGroupRow, InsightPersonRow,
    InsightRatingRow, InsightRsvpRow,
};
pub use jobs::{ClaimedJob, JobOutcome, JobRow, NewJob, QueueDepth};
pub use leavers::FreedSeat;
pub use locks::{back_off, Lock, WRITE_ATTEMPTS};
pub use logins::{LoginStore, USER_ID_KEY};
pub use match_input::MatchPerson;
pub use mentor_requests::{Accepted, MentorRequestRow};
pub use notifications::DigestItem;
pub use pairs::{DashboardSession, NewPairSession, PairSessionCounts, PairSessionRow};
pub use pulses::{PulseDue, PulseRow};
pub use reassignments::{ReassignmentRow, RoundChange};
pub use recognition::{KudosRow, PartnerRow};
pub use reminders::{GoalDue, QuietGroup};
pub use resource_search::SearchHit;
pub use resources::{Readers, ResourceQuery, ResourceRow, ResourceText, StoredFile};
pub use reviews::{AchievedGoalRow, ConsentRow, ExportRow};
pub use rounds::{GroupRow, RoundRow, StoredPair};
pub use scim::{ScimLookup, ScimPersonRow, ScimTokenRow, ScimWrite};
pub use scratch::ScratchDb;
pub use slack::{SlackAppRow, SlackPerson};
pub use sso::{ProviderRow, ProviderWrite, SsoJoin, SsoMode, SsoProfile};
pub use stories::{StoryRoundRow, StoryRow};
pub use throttle::ThrottleScope;
pub use tokens::{TokenKind, TokenRow};
pub use users::{NewUser, UserFilter};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, ConnectOptions, Executor, Transaction};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("the database URL must start with sqlite:// or postgres://, got {0:?}")]
    UnsupportedUrl(String),
    #[error(transparent)]
    Sqlx(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("a value in the database could not be read: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Unsupported(&'static str),
}

impl From<sqlx::Error> for StorageError {
    /// A column that cannot be read as its type (an unknown status word, malformed JSON) is a
    /// corrupt row: one policy for every table, never a silent default.
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::ColumnDecode { .. } => StorageError::Corrupt(e.to_string()),
            other => StorageError::Sqlx(other),
        }
    }
}

impl StorageError {
    /// True when the database gave up on a transaction that may well succeed if run again:
    /// a PostgreSQL deadlock or serialization failure, or SQLite still busy after its timeout.
    pub fn is_retryable(&self) -> bool {
        let StorageError::Sqlx(sqlx::Error::Database(e)) = self else {
            return false;
        };
        matches!(
            e.code().as_deref(),
            Some("40001" | "40P01" | "5" | "517" | "6")
        )
    }

    /// True when the error is a unique-constraint violation, so callers can answer "already
    /// exists" rather than fail.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StorageError::Sqlx(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

/// A query on either backend, for helpers that bind a group of columns in one place.
type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// A pool on either backend, or one of its connections held for a burst of reads
/// ([`Db::holding`]). Cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    tuning: Tuning,
    /// The one connection every statement runs on, when taken by [`Db::holding`].
    held: Option<held::HeldConnection>,
}

/// How a pool trades durability and parallelism. Tandem always runs with the default; the
/// other settings are what Tandem did before, kept so that `cargo bench --bench rsvp_scale`
/// measures the difference in one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tuning {
    /// SQLite syncs its log at every commit (`synchronous = FULL`) rather than at
    /// checkpoints (`NORMAL`, which may lose the last commits on a power cut).
    pub sqlite_full_sync: bool,
    /// On PostgreSQL every write takes the organisation lock exclusively, one at a time.
    pub single_writer: bool,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            sqlite_full_sync: true,
            single_writer: false,
        }
    }
}

/// How long a PostgreSQL connection may sit in the pool before it is checked on its way out.
pub const IDLE_CHECK: Duration = Duration::from_secs(1);

impl Db {
    /// Opens a pool. SQLite files are created when missing and every SQLite connection runs in
    /// WAL mode with foreign keys on and a busy timeout, so readers never block the writer and
    /// a second writer waits instead of failing. `synchronous = FULL` syncs the log at every
    /// commit: an answer Tandem has acknowledged survives a power cut, not only a crash.
    /// (PostgreSQL keeps its default `synchronous_commit = on`, which is the same promise.)
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_tuned(url, Tuning::default()).await
    }

    /// [`Db::connect`] with other [`Tuning`], for benchmarks that compare.
    pub async fn connect_tuned(url: &str, tuning: Tuning) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StorageError::UnsupportedUrl(url.to_owned()));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?.disable_statement_logging();
        // One direct connection first: a pool reports an unreachable server only as "timed
        // out", while this says why (refused, unknown host, bad password, missing database).
        sqlx::Connection::close(options.connect().await?).await?;
        let pool = match backend {
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(10))
                    // sqlx pings a connection each time it leaves the pool: for SQLite a
                    // hand-off to the connection's thread and back before every statement,
                    // a third of a dashboard's thread switches. A file does not hang up.
                    .test_before_acquire(false)
                    // Reads map up to 256 MiB of the file instead of copying each page through
                    // a system call, and each connection keeps 16 MiB of pages: the insights'
                    // reads over a large organisation spent a tenth of their time copying.
                    .after_connect(move |conn, _| {
                        Box::pin(async move {
                            conn.execute(sqlx::raw_sql(if tuning.sqlite_full_sync {
                                "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                                 PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL; \
                                 PRAGMA mmap_size = 268435456; \
                                 PRAGMA cache_size = -16384;"
                            } else {
                                "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                                 PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; \
                                 PRAGMA mmap_size = 268435456; \
                                 PRAGMA cache_size = -16384;"
                            }))
                            .await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    // A round trip to the server before every statement checks connections
                    // that were used moments ago. Only one left idle for a while is checked
                    // (the server may have restarted, or a proxy cut it); a dead one is
                    // replaced without the request seeing an error.
                    .test_before_acquire(false)
                    .before_acquire(|conn, meta| {
                        Box::pin(async move {
                            if meta.idle_for >= IDLE_CHECK {
                                sqlx::Connection::ping(conn).await?;
                            }
                            Ok(true)
                        })
                    })
                    // Tandem's queries finish in milliseconds; PostgreSQL's JIT compiler spent
                    // 25-45 ms compiling each of the insights' larger reads before running it.
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(sqlx::raw_sql("SET jit = off")).await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
        };
        Ok(Self {
            pool,
            backend,
            tuning,
            held: None,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Applies the migrations of this backend that have not run yet.
    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// Starts a transaction that will read and then write what `lock` names, serialised with
    /// every other transaction writing the same thing, so that what it read is still true
    /// when it commits. Prefer `write_tx!`, which also retries deadlocks.
    ///
    /// On SQLite it is `BEGIN IMMEDIATE`, taking the database's one write lock up front: a
    /// deferred transaction that reads first cannot upgrade to a writer once another
    /// connection has committed, and fails with SQLITE_BUSY. On PostgreSQL it takes the
    /// advisory locks [`Lock::advisory_keys`] gives, in that order, so writes to different
    /// events, programs and boards run side by side on every app server.
    pub async fn begin_write(&self, lock: Lock) -> Result<Transaction<'static, Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                let lock = if self.tuning.single_writer {
                    Lock::Organisation
                } else {
                    lock
                };
                // Both locks in one round trip; PostgreSQL evaluates the list in order.
                match lock.advisory_keys().as_slice() {
                    [(org, false), (entity, true)] => {
                        sqlx::query(
                            "SELECT pg_advisory_xact_lock_shared($1), pg_advisory_xact_lock($2)",
                        )
                        .bind(*org)
                        .bind(*entity)
                        .execute(&mut *tx)
                        .await?;
                    }
                    keys => {
                        for (key, exclusive) in keys {
                            let sql = if *exclusive {
                                "SELECT pg_advisory_xact_lock($1)"
                            } else {
                                "SELECT pg_advisory_xact_lock_shared($1)"
                            };
                            sqlx::query(sql).bind(*key).execute(&mut *tx).await?;
                        }
                    }
                }
                tx
            }
        })
    }

    /// True when the database answers a trivial query; used by `/readyz`.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Ids written into a statement as `1, 2, 3`, for `IN (…)` over a list the caller holds.
/// They are integers, so nothing a person typed can reach the SQL; an empty list gives an
/// empty string, which callers avoid by not asking.
pub(super) fn id_list(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
