//! Housekeeping that runs in the background of `tandem serve`.

use app::ssr::accounts::THROTTLE_WINDOW_SECS;
use app::ssr::directory::UPLOAD_MAX_AGE_SECS;
use app::ssr::storage::{now, Db, LoginStore};
use app::ssr::AppState;
use std::time::Duration;

/// Every ten minutes: delete expired sessions, old sign-in failures and unconfirmed uploads. Both are idempotent,
/// so several servers on one PostgreSQL may run them side by side.
pub fn spawn_cleanup(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let store = LoginStore::new(db.clone());
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            match store.delete_expired().await {
                Ok(n) if n > 0 => tracing::info!(sessions = n, "expired sessions deleted"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "could not delete expired sessions"),
            }
            if let Err(e) = db.prune_sign_in_failures(THROTTLE_WINDOW_SECS).await {
                tracing::warn!(error = %e, "could not prune sign-in failures");
            }
            if let Err(e) = db.prune_uploads(UPLOAD_MAX_AGE_SECS).await {
                tracing::warn!(error = %e, "could not prune directory uploads");
            }
        }
    })
}

/// Every ten minutes: draft the next round of programs whose rotation period has ended, for
/// their admins to review and publish.
pub fn spawn_rotation(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            match app::ssr::rounds::draft_due_rounds(&state, now()).await {
                Ok(drafted) if !drafted.is_empty() => {
                    tracing::info!(programs = ?drafted, "rotation rounds drafted")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "rotation check failed"),
            }
        }
    })
}
