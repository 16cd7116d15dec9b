//! Periodic work, as jobs. Every worker queues the current slot's periodic tasks under a key
//! naming the slot (`periodic:draft_due_rounds:2941667`); the key is unique, so however many
//! servers queue a slot, its task runs once, and two servers never draft or email twice.

use super::super::{accounts, directory, AppState};
use crate::domain::Task;
use crate::error::AppError;
use crate::ssr::storage::{LoginStore, NewJob};

/// How often the periodic tasks run.
pub const PERIOD_SECS: i64 = 600;

/// Queues the periodic tasks of the slot `now` falls in; returns how many were new.
pub async fn queue_periodic(state: &AppState, now: i64) -> Result<usize, AppError> {
    let slot = now.div_euclid(PERIOD_SECS);
    let run_at = slot * PERIOD_SECS;
    let jobs = [
        Task::DraftDueRounds,
        Task::Cleanup,
        Task::Digests,
        Task::Reminders,
        Task::ReadCalendars,
        Task::Highlights,
    ]
    .map(|task| {
        let key = format!("periodic:{}:{slot}", task.kind());
        NewJob::task(&task, key, run_at)
    });
    Ok(state.db.enqueue(&jobs).await?)
}

/// Deletes expired logins, old sign-in failures, unconfirmed directory uploads and audit
/// entries past the organisation's retention period. Each is idempotent.
pub async fn clean_up(state: &AppState) -> Result<(), AppError> {
    let logins = LoginStore::new(state.db.clone())
        .delete_expired()
        .await
        .map_err(crate::ssr::support::context::internal)?;
    if logins > 0 {
        tracing::info!(logins, "expired logins deleted");
    }
    state
        .db
        .prune_sign_in_failures(accounts::THROTTLE_WINDOW_SECS)
        .await?;
    state
        .db
        .prune_uploads(directory::UPLOAD_MAX_AGE_SECS)
        .await?;
    let audit = state.db.prune_audit().await?;
    if audit > 0 {
        tracing::info!(audit, "audit entries past their retention deleted");
    }
    // Slack requests older than their timestamp's five minutes are refused as stale anyway.
    state
        .db
        .prune_slack_requests(2 * crate::ssr::slack::signature::MAX_AGE_SECS)
        .await?;
    Ok(())
}
