//! The job queue. A change that causes a message or later work writes its jobs in its own
//! transaction ([`insert_jobs`]), so a rollback sends nothing and a commit loses nothing; the
//! idempotency key makes a second enqueue of the same job do nothing.
//!
//! Workers claim due jobs with a lease. On PostgreSQL the claim is `FOR UPDATE SKIP LOCKED`,
//! so several servers take different jobs at once; on SQLite the single writer serialises
//! claims. A worker that dies holding a job simply lets its lease run out, and the job is
//! claimed again.

use super::{now, Backend, Db, Result};
use crate::domain::{JobState, NotificationKind, Task};
use sqlx::AnyConnection;

/// A job to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    /// What the worker does with it (`email`, `seat_taken`, `draft_due_rounds`, …).
    pub kind: String,
    /// Unique across all jobs ever queued: the same key is never queued twice.
    pub key: String,
    /// The job's input, as JSON.
    pub payload: String,
    /// Not before this (Unix seconds).
    pub run_at: i64,
    pub max_attempts: i64,
    /// For messages: the recipient, the channel and the subject, for the delivery log.
    pub user_id: Option<i64>,
    pub channel: Option<String>,
    pub subject: Option<String>,
    /// A notification's kind: the person's choices apply when it is about to go out.
    pub notification: Option<NotificationKind>,
    /// Not worth sending after this (a reminder for something that has begun).
    pub useful_until: Option<i64>,
}

impl NewJob {
    /// A task for the worker, queued once under `key`.
    pub fn task(task: &Task, key: impl Into<String>, run_at: i64) -> NewJob {
        NewJob {
            kind: task.kind().to_owned(),
            key: key.into(),
            payload: serde_json::to_string(task).unwrap_or_default(),
            run_at,
            max_attempts: 5,
            user_id: None,
            channel: None,
            subject: None,
            notification: None,
            useful_until: None,
        }
    }
}

/// A job a worker holds.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub idempotency_key: String,
    pub payload: String,
    /// Including this one.
    pub attempts: i64,
    pub max_attempts: i64,
    pub user_id: Option<i64>,
    pub notification: Option<NotificationKind>,
    pub useful_until: Option<i64>,
}

/// What became of a claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    Done,
    /// Done, through another channel than the one it was queued for (a notification that
    /// went to Slack rather than email).
    DoneVia {
        channel: String,
    },
    /// Try again at `at`; kept as failed once its attempts are used up.
    Retry {
        at: i64,
        error: String,
    },
    /// Will not succeed (a permanent refusal); kept with the reason.
    Failed {
        error: String,
    },
    /// No longer worth doing (a reminder that would arrive too late); kept with the reason.
    Dropped {
        reason: String,
    },
    /// Not yet: run it at `at` (the person's quiet hours), without using up an attempt.
    Defer {
        at: i64,
        reason: String,
    },
}

/// A job as the delivery log and the admins' failure list show it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub idempotency_key: String,
    pub state: JobState,
    pub attempts: i64,
    pub run_at: i64,
    pub last_error: Option<String>,
    pub user_id: Option<i64>,
    pub channel: Option<String>,
    pub subject: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
    /// The recipient's name, when the job is a message to someone with an account.
    pub recipient: Option<String>,
}

/// How many jobs wait, how many of them are due, and how many failed for good.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueDepth {
    pub queued: i64,
    pub due: i64,
    pub failed: i64,
}

/// The columns of a claimed job.
const CLAIMED: &str =
    "id, kind, idempotency_key, payload, attempts, max_attempts, user_id, notification, useful_until";

const JOB_ROW: &str = "SELECT id, kind, idempotency_key, state, attempts, run_at, last_error, \
     user_id, channel, subject, created_at, finished_at, \
     (SELECT u.name FROM users u WHERE u.id = jobs.user_id) AS recipient FROM jobs";

/// Writes `jobs` in the caller's transaction; a key already queued is left as it is.
pub(crate) async fn insert_jobs(conn: &mut AnyConnection, jobs: &[NewJob]) -> Result<usize> {
    let at = now();
    let mut inserted = 0;
    for job in jobs {
        let done = sqlx::query(
            "INSERT INTO jobs (kind, idempotency_key, payload, run_at, max_attempts, user_id, \
             channel, subject, created_at, notification, useful_until) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(&job.kind)
        .bind(&job.key)
        .bind(&job.payload)
        .bind(job.run_at)
        .bind(job.max_attempts)
        .bind(job.user_id)
        .bind(&job.channel)
        .bind(&job.subject)
        .bind(at)
        .bind(job.notification)
        .bind(job.useful_until)
        .execute(&mut *conn)
        .await?;
        inserted += done.rows_affected() as usize;
    }
    Ok(inserted)
}

impl Db {
    /// Queues jobs on their own; returns how many were new.
    pub async fn enqueue(&self, jobs: &[NewJob]) -> Result<usize> {
        if jobs.is_empty() {
            return Ok(0);
        }
        let mut tx = self.pool().begin().await?;
        let n = insert_jobs(&mut tx, jobs).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Claims up to `limit` due jobs for `owner` until `now + lease_secs`, oldest due first.
    /// A job whose lease ran out is due again.
    pub async fn claim_jobs(
        &self,
        owner: &str,
        now: i64,
        lease_secs: i64,
        limit: i64,
    ) -> Result<Vec<ClaimedJob>> {
        let pick = "SELECT id FROM jobs WHERE state = 'queued' AND run_at <= $3 \
             AND (lease_until IS NULL OR lease_until < $3) ORDER BY run_at, id LIMIT $4";
        let sql = match self.backend() {
            Backend::Postgres => format!(
                "UPDATE jobs SET lease_owner = $1, lease_until = $2, attempts = attempts + 1 \
                 WHERE id IN ({pick} FOR UPDATE SKIP LOCKED) \
                 RETURNING {CLAIMED}"
            ),
            Backend::Sqlite => format!(
                "UPDATE jobs SET lease_owner = $1, lease_until = $2, attempts = attempts + 1 \
                 WHERE id IN ({pick}) \
                 RETURNING {CLAIMED}"
            ),
        };
        let mut tx = match self.backend() {
            Backend::Sqlite => self.pool().begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool().begin().await?,
        };
        let mut jobs: Vec<ClaimedJob> = sqlx::query_as(&sql)
            .bind(owner)
            .bind(now + lease_secs)
            .bind(now)
            .bind(limit)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        jobs.sort_by_key(|j| j.id);
        Ok(jobs)
    }

    /// Records what became of a job `owner` holds; false when it no longer holds it (its
    /// lease ran out and another worker took it).
    pub async fn finish_job(&self, id: i64, owner: &str, outcome: &JobOutcome) -> Result<bool> {
        let at = now();
        let (sql, when, text): (&str, i64, Option<&str>) = match outcome {
            JobOutcome::Done => (
                "UPDATE jobs SET state = 'done', finished_at = $1, last_error = $2, \
                 lease_owner = NULL, lease_until = NULL \
                 WHERE id = $3 AND lease_owner = $4 AND state = 'queued'",
                at,
                None,
            ),
            JobOutcome::DoneVia { channel } => (
                "UPDATE jobs SET state = 'done', finished_at = $1, channel = $2, last_error = NULL, \
                 lease_owner = NULL, lease_until = NULL \
                 WHERE id = $3 AND lease_owner = $4 AND state = 'queued'",
                at,
                Some(channel.as_str()),
            ),
            JobOutcome::Retry {
                at: retry_at,
                error,
            } => (
                "UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' \
                 ELSE 'queued' END, \
                 finished_at = CASE WHEN attempts >= max_attempts THEN $1 ELSE NULL END, \
                 run_at = CASE WHEN attempts >= max_attempts THEN run_at ELSE $1 END, \
                 last_error = $2, lease_owner = NULL, lease_until = NULL \
                 WHERE id = $3 AND lease_owner = $4 AND state = 'queued'",
                *retry_at,
                Some(error.as_str()),
            ),
            JobOutcome::Failed { error } => (
                "UPDATE jobs SET state = 'failed', finished_at = $1, last_error = $2, \
                 lease_owner = NULL, lease_until = NULL \
                 WHERE id = $3 AND lease_owner = $4 AND state = 'queued'",
                at,
                Some(error.as_str()),
            ),
            JobOutcome::Dropped { reason } => (
                "UPDATE jobs SET state = 'dropped', finished_at = $1, last_error = $2, \
                 lease_owner = NULL, lease_until = NULL \
                 WHERE id = $3 AND lease_owner = $4 AND state = 'queued'",
                at,
                Some(reason.as_str()),
            ),
            JobOutcome::Defer { at: later, reason } => (
                "UPDATE jobs SET run_at = $1, last_error = $2, attempts = attempts - 1, \
                 lease_owner = NULL, lease_until = NULL \
                 WHERE id = $3 AND lease_owner = $4 AND state = 'queued'",
                *later,
                Some(reason.as_str()),
            ),
        };
        let done = sqlx::query(sql)
            .bind(when)
            .bind(text)
            .bind(id)
            .bind(owner)
            .execute(self)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Claims the job with `key` if it is queued and free, whatever its run-at: for a message
    /// an admin wants sent while they wait.
    pub async fn claim_job_by_key(
        &self,
        owner: &str,
        key: &str,
        now: i64,
        lease_secs: i64,
    ) -> Result<Option<ClaimedJob>> {
        Ok(sqlx::query_as(&format!(
            "UPDATE jobs SET lease_owner = $1, lease_until = $2, attempts = attempts + 1 \
             WHERE idempotency_key = $3 AND state = 'queued' \
             AND (lease_until IS NULL OR lease_until < $4) \
             RETURNING {CLAIMED}"
        ))
        .bind(owner)
        .bind(now + lease_secs)
        .bind(key)
        .bind(now)
        .fetch_optional(self)
        .await?)
    }

    /// Queues a failed job again, from its first attempt; `false` when it is not failed.
    pub async fn retry_job(&self, id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE jobs SET state = 'queued', attempts = 0, run_at = $1, finished_at = NULL \
             WHERE id = $2 AND state = 'failed'",
        )
        .bind(now)
        .bind(id)
        .execute(self)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The job with `id`, if there is one.
    pub async fn job(&self, id: i64) -> Result<Option<JobRow>> {
        Ok(sqlx::query_as(&format!("{JOB_ROW} WHERE id = $1"))
            .bind(id)
            .fetch_optional(self)
            .await?)
    }

    /// Gives back the leases `owner` holds, so a server shutting down leaves its jobs to the
    /// others at once rather than when the leases run out.
    pub async fn release_leases(&self, owner: &str) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE jobs SET lease_owner = NULL, lease_until = NULL, attempts = attempts - 1 \
             WHERE lease_owner = $1 AND state = 'queued'",
        )
        .bind(owner)
        .execute(self)
        .await?;
        Ok(done.rows_affected())
    }

    /// Jobs that failed for good, newest first, for org admins.
    pub async fn failed_jobs(&self, limit: i64) -> Result<Vec<JobRow>> {
        Ok(sqlx::query_as(&format!(
            "{JOB_ROW} WHERE state = 'failed' ORDER BY finished_at DESC, id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(self)
        .await?)
    }

    /// Messages for `user_id`, newest first: the person's delivery log.
    pub async fn deliveries_to(&self, user_id: i64, limit: i64) -> Result<Vec<JobRow>> {
        Ok(sqlx::query_as(&format!(
            "{JOB_ROW} WHERE user_id = $1 AND channel IS NOT NULL \
             ORDER BY created_at DESC, id DESC LIMIT $2"
        ))
        .bind(user_id)
        .bind(limit)
        .fetch_all(self)
        .await?)
    }

    /// The job with `key`, if it was ever queued.
    pub async fn job_by_key(&self, key: &str) -> Result<Option<JobRow>> {
        Ok(
            sqlx::query_as(&format!("{JOB_ROW} WHERE idempotency_key = $1"))
                .bind(key)
                .fetch_optional(self)
                .await?,
        )
    }

    pub async fn queue_depth(&self, now: i64) -> Result<QueueDepth> {
        let (queued, due, failed): (i64, i64, i64) = sqlx::query_as(
            "SELECT \
             COALESCE(SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN state = 'queued' AND run_at <= $1 THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) FROM jobs",
        )
        .bind(now)
        .fetch_one(self)
        .await?;
        Ok(QueueDepth {
            queued,
            due,
            failed,
        })
    }

    /// Seconds from due to done of every finished job, for `tandem bench-queue`.
    pub async fn delivery_delays(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT finished_at - run_at FROM jobs WHERE state = 'done' AND finished_at IS NOT NULL",
        )
        .fetch_all(self)
        .await?)
    }
}
