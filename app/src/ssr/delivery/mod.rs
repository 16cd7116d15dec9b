//! Delivery: the workers that run queued jobs. A worker claims due jobs with a lease, runs
//! each, and records what became of it: emails go to the mail transport (a transient failure
//! is retried with exponential backoff and jitter, a permanent one fails at once with the
//! server's answer kept); tasks look up what they need and queue the messages that result,
//! each under a key of its own, so a task run twice queues each message once.
//!
//! This room sits above the features: it is the one place that calls them on behalf of the
//! queue.

pub mod choices;
pub mod log;
pub mod schedule;
pub mod worker;

use super::{availability, chat, digest, events, outbox, reminders, rounds, slack, AppState};
use crate::domain::NotificationKind;
use crate::domain::{retry_at, Task};
use crate::error::AppError;
use crate::ssr::storage::{now, Backend, ClaimedJob, JobOutcome};
use crate::ssr::support::mailer::OutgoingMail;

/// How long a worker holds a claimed job before another may take it, unless configured.
pub const LEASE_SECS: i64 = 120;

/// Runs up to `limit` due jobs as `owner`; returns how many it ran.
pub async fn run_due(state: &AppState, owner: &str, limit: i64) -> Result<usize, AppError> {
    run_due_at(state, owner, limit, now()).await
}

/// Runs up to `limit` jobs due at `at` as `owner`. The worker passes the time now; tests pass
/// the moment they want to see, to watch reminders, retries and quiet hours play out.
pub async fn run_due_at(
    state: &AppState,
    owner: &str,
    limit: i64,
    at: i64,
) -> Result<usize, AppError> {
    let jobs = state
        .db
        .claim_jobs(owner, at, state.settings.job_lease_secs, limit)
        .await?;
    let count = jobs.len();
    // Sending waits on the network, so the claimed jobs run side by side, one line per
    // recipient: each person's messages still go out in the order they were queued.
    let mut lines: Vec<(String, Vec<ClaimedJob>)> = Vec::new();
    for job in jobs {
        let line = recipient_of(&job);
        match lines.iter_mut().find(|(l, _)| *l == line) {
            Some((_, queue)) => queue.push(job),
            None => lines.push((line, vec![job])),
        }
    }
    let mut running = tokio::task::JoinSet::new();
    // On SQLite the lines record their outcomes one at a time: writers side by side would
    // only wait on each other's locks. PostgreSQL records them side by side.
    let recording = (state.db.backend() == Backend::Sqlite)
        .then(|| std::sync::Arc::new(tokio::sync::Mutex::new(())));
    for (_, queue) in lines {
        let (state, owner, recording) = (state.clone(), owner.to_owned(), recording.clone());
        running.spawn(async move {
            for job in queue {
                run_claimed(&state, &owner, &job, at, recording.as_deref()).await?;
            }
            Ok::<(), AppError>(())
        });
    }
    let mut first_error = None;
    while let Some(done) = running.join_next().await {
        let result = done.map_err(|e| AppError::Internal(format!("a job panicked: {e}")))?;
        if let Err(e) = result {
            first_error.get_or_insert(e);
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(count),
    }
}

/// Whom a job writes to (the address of an email, a chat channel), so one person's messages
/// and one channel's posts keep their order; each task is a line of its own.
fn recipient_of(job: &ClaimedJob) -> String {
    if job.kind == outbox::EMAIL {
        #[derive(serde::Deserialize)]
        struct To {
            to: String,
        }
        if let Ok(mail) = serde_json::from_str::<To>(&job.payload) {
            return mail.to.to_lowercase();
        }
    }
    if job.kind == outbox::CHAT {
        if let Ok(post) = serde_json::from_str::<crate::domain::ChatPost>(&job.payload) {
            return format!("chat:{}", post.channel_id);
        }
    }
    // A program's news is told in the order it happened: its announcements share a line, so
    // the posts they queue reach each channel in that order too.
    if job.kind == "announce" {
        if let Ok(Task::Announce { program_id, .. }) = serde_json::from_str(&job.payload) {
            return format!("announce:{program_id}");
        }
    }
    format!("job:{}", job.id)
}

/// Runs the job queued under `key` at once, whatever its run-at, and says what became of it;
/// `None` when it is not waiting (already sent, or held by a worker).
pub async fn run_now(
    state: &AppState,
    owner: &str,
    key: &str,
) -> Result<Option<JobOutcome>, AppError> {
    let at = now();
    match state
        .db
        .claim_job_by_key(owner, key, at, state.settings.job_lease_secs)
        .await?
    {
        Some(job) => Ok(Some(run_claimed(state, owner, &job, at, None).await?)),
        None => Ok(None),
    }
}

/// Runs a job `owner` holds and records the outcome.
async fn run_claimed(
    state: &AppState,
    owner: &str,
    job: &ClaimedJob,
    at: i64,
    recording: Option<&tokio::sync::Mutex<()>>,
) -> Result<JobOutcome, AppError> {
    let outcome = execute(state, job, at).await;
    match &outcome {
        JobOutcome::Done => tracing::debug!(job = job.id, kind = %job.kind, "job done"),
        JobOutcome::DoneVia { channel } => {
            tracing::debug!(job = job.id, kind = %job.kind, %channel, "job done")
        }
        JobOutcome::Retry { error, .. } if job.attempts >= job.max_attempts => {
            tracing::error!(job = job.id, kind = %job.kind, %error, "job failed for good")
        }
        JobOutcome::Retry { error, .. } => {
            tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, %error, "job will be retried")
        }
        JobOutcome::Failed { error } => {
            tracing::error!(job = job.id, kind = %job.kind, %error, "job failed")
        }
        JobOutcome::Dropped { reason } => {
            tracing::info!(job = job.id, kind = %job.kind, %reason, "job dropped")
        }
        JobOutcome::Defer { at, .. } => {
            tracing::debug!(job = job.id, kind = %job.kind, until = at, "job held")
        }
    }
    count(job, &outcome);
    let _turn = match recording {
        Some(lock) => Some(lock.lock().await),
        None => None,
    };
    if !state.db.finish_job(job.id, owner, &outcome).await? {
        tracing::warn!(job = job.id, "lost the lease on a job before finishing it");
    }
    Ok(outcome)
}

/// Counts a job's outcome for `/metrics`, and for email whether it was sent.
fn count(job: &ClaimedJob, outcome: &JobOutcome) {
    let result = match outcome {
        JobOutcome::Done | JobOutcome::DoneVia { .. } => "done",
        JobOutcome::Retry { .. } if job.attempts >= job.max_attempts => "failed",
        JobOutcome::Retry { .. } => "retry",
        JobOutcome::Failed { .. } => "failed",
        JobOutcome::Dropped { .. } => "dropped",
        JobOutcome::Defer { .. } => "held",
    };
    metrics::counter!("tandem_jobs_total", "kind" => job.kind.clone(), "outcome" => result)
        .increment(1);
    if job.kind == outbox::EMAIL {
        match result {
            "done" => metrics::counter!("tandem_emails_sent_total").increment(1),
            "failed" | "retry" => metrics::counter!("tandem_emails_failed_total").increment(1),
            _ => {}
        }
    }
}

/// Runs due jobs until none is left; for tests and `tandem worker --once`. Each pass reads
/// the clock again: a job that queues another at the turn of a second must see it run too.
pub async fn drain(state: &AppState, owner: &str) -> Result<usize, AppError> {
    drain_with(state, owner, now).await
}

/// Runs the jobs due at `at` until none is left, including those they queue.
pub async fn drain_at(state: &AppState, owner: &str, at: i64) -> Result<usize, AppError> {
    drain_with(state, owner, || at).await
}

async fn drain_with(
    state: &AppState,
    owner: &str,
    clock: impl Fn() -> i64,
) -> Result<usize, AppError> {
    let mut total = 0;
    loop {
        let n = run_due_at(state, owner, 100, clock()).await?;
        if n == 0 {
            return Ok(total);
        }
        total += n;
    }
}

async fn execute(state: &AppState, job: &ClaimedJob, at: i64) -> JobOutcome {
    let retry = |error: String| JobOutcome::Retry {
        at: retry_at(at, job.attempts, rand::random()),
        error,
    };
    if job.kind == outbox::EMAIL {
        let mail: OutgoingMail = match serde_json::from_str(&job.payload) {
            Ok(m) => m,
            Err(e) => {
                return JobOutcome::Failed {
                    error: format!("unreadable message: {e}"),
                }
            }
        };
        if let (Some(kind), Some(user_id)) = (job.notification, job.user_id) {
            match choices::hold(state, job, kind, user_id, &mail, at).await {
                Ok(Some(instead)) => return instead,
                Ok(None) => {}
                Err(e) => return retry(e.to_string()),
            }
            // The person's choices said now: in Slack when they take messages there.
            match slack::direct_message(state, user_id, &mail).await {
                Ok(slack::Dm::Sent) => {
                    return JobOutcome::DoneVia {
                        channel: "slack".into(),
                    }
                }
                Ok(slack::Dm::Email(why)) => {
                    tracing::debug!(job = job.id, why, "by email rather than Slack")
                }
                Err(slack::api::ApiError::RateLimited(secs)) => {
                    return JobOutcome::Retry {
                        at: at + secs,
                        error: format!("Slack asked Tandem to wait {secs} seconds (429)"),
                    }
                }
                Err(e) if e.is_transient() => return retry(e.to_string()),
                // Slack refused for good (a revoked token, a deactivated account): the
                // message still reaches the person, by email.
                Err(e) => {
                    tracing::warn!(job = job.id, error = %e, "Slack refused a message; sending it by email")
                }
            }
        }
        return match state.mailer.send(&mail).await {
            Ok(()) => JobOutcome::Done,
            Err(e) if e.is_transient() => retry(e.to_string()),
            Err(e) => JobOutcome::Failed {
                error: e.to_string(),
            },
        };
    }
    if job.kind == outbox::CHAT {
        return post_to_chat(state, job, at).await;
    }
    let task: Task = match serde_json::from_str(&job.payload) {
        Ok(t) => t,
        Err(e) => {
            return JobOutcome::Failed {
                error: format!("unreadable task: {e}"),
            }
        }
    };
    match run_task(state, &task, &job.idempotency_key, at).await {
        Ok(()) => JobOutcome::Done,
        Err(e) => retry(e.to_string()),
    }
}

/// Posts a queued chat message: a 429's `Retry-After` is honoured, other transient failures
/// back off as email does.
async fn post_to_chat(state: &AppState, job: &ClaimedJob, at: i64) -> JobOutcome {
    let post: crate::domain::ChatPost = match serde_json::from_str(&job.payload) {
        Ok(p) => p,
        Err(e) => {
            return JobOutcome::Failed {
                error: format!("unreadable chat message: {e}"),
            }
        }
    };
    match chat::deliver(state, &post).await {
        Ok(chat::post::Posted::Delivered) => JobOutcome::Done,
        Ok(chat::post::Posted::Retry { after, error }) => JobOutcome::Retry {
            at: match after {
                Some(secs) => at + secs,
                None => retry_at(at, job.attempts, rand::random()),
            },
            error,
        },
        Ok(chat::post::Posted::Failed(error)) => JobOutcome::Failed { error },
        Ok(chat::post::Posted::Dropped(reason)) => JobOutcome::Dropped { reason },
        Err(e) => JobOutcome::Retry {
            at: retry_at(at, job.attempts, rand::random()),
            error: e.to_string(),
        },
    }
}

async fn run_task(state: &AppState, task: &Task, key: &str, at: i64) -> Result<(), AppError> {
    match *task {
        Task::SeatTaken { event_id, user_id } => {
            if let Some(mail) = events::rsvp::seat_taken_mail(state, event_id, user_id).await? {
                let job = outbox::notify(
                    &state.settings,
                    user_id,
                    NotificationKind::Events,
                    mail,
                    format!("{key}:email"),
                );
                state.db.enqueue(&[job]).await?;
            }
        }
        Task::DrawResults { event_id } => {
            let jobs: Vec<_> = events::organise::draw_mails(state, event_id)
                .await?
                .into_iter()
                .map(|(user_id, mail)| {
                    outbox::notify(
                        &state.settings,
                        user_id,
                        NotificationKind::Events,
                        mail,
                        format!("{key}:user:{user_id}"),
                    )
                })
                .collect();
            state.db.enqueue(&jobs).await?;
        }
        Task::DraftDueRounds => {
            let drafted = rounds::draft_due_rounds(state, now()).await?;
            if !drafted.is_empty() {
                tracing::info!(programs = ?drafted, "rotation rounds drafted");
            }
        }
        Task::Cleanup => schedule::clean_up(state).await?,
        Task::Digests => {
            let queued = digest::queue_due(state, at).await?;
            if queued > 0 {
                tracing::info!(queued, "weekly digests queued");
            }
        }
        Task::Reminders => {
            let queued = reminders::queue_due(state, at).await?;
            if queued > 0 {
                tracing::info!(queued, "reminders queued");
            }
        }
        Task::ReadCalendars => {
            availability::queue_reads(state, at).await?;
        }
        Task::ReadCalendar { user_id } => availability::read_calendar(state, user_id, at).await?,
        Task::Announce { program_id, news } => {
            let posts = chat::posts(state, program_id, news, key, at).await?;
            state.db.enqueue(&posts).await?;
        }
        Task::Highlights => {
            let due = chat::highlights_due(state, at).await?;
            state.db.enqueue(&due).await?;
        }
        Task::IntroducePairs {
            program_id,
            round_id,
        } => {
            let jobs = slack::introductions(state, program_id, round_id, key, at).await?;
            state.db.enqueue(&jobs).await?;
        }
        Task::IntroduceGroup {
            program_id,
            round_id,
            group_no,
        } => slack::introduce(state, program_id, round_id, group_no).await?,
    }
    Ok(())
}
