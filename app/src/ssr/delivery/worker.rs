//! The worker loop that `tandem serve` runs beside the web server and `tandem worker` runs on
//! its own: queue the current slot's periodic tasks, run due jobs, and when there are none,
//! wait a moment. On shutdown it finishes the job in hand and gives back its leases.

use super::{run_due, schedule};
use crate::ssr::storage::now;
use crate::ssr::AppState;
use std::time::Duration;
use tokio::sync::watch;

/// How long an idle worker waits before looking for due jobs again.
pub const IDLE: Duration = Duration::from_secs(1);

/// A name for this worker that no other process shares: host, process id and a random part.
pub fn owner_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "tandem".into());
    format!(
        "{host}:{}:{:08x}",
        std::process::id(),
        rand::random::<u32>()
    )
}

/// Runs the worker until `stop` turns true.
pub async fn run(state: AppState, owner: String, mut stop: watch::Receiver<bool>) {
    tracing::info!(%owner, "job worker started");
    let mut last_periodic = i64::MIN;
    loop {
        if *stop.borrow() {
            break;
        }
        let t = now();
        if t.div_euclid(60) != last_periodic {
            last_periodic = t.div_euclid(60);
            if let Err(e) = schedule::queue_periodic(&state, t).await {
                tracing::warn!(error = %e, "could not queue periodic work");
            }
        }
        let ran = match run_due(&state, &owner, 20).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "job worker could not claim jobs");
                0
            }
        };
        if ran == 0 {
            tokio::select! {
                _ = tokio::time::sleep(IDLE) => {}
                _ = stop.changed() => {}
            }
        }
    }
    match state.db.release_leases(&owner).await {
        Ok(n) if n > 0 => tracing::info!(jobs = n, "job leases released"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "could not release job leases"),
    }
    tracing::info!(%owner, "job worker stopped");
}
