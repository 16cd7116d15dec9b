//! `tandem bench-queue`: the job queue's figures on fresh databases (SQLite, and PostgreSQL
//! when `TANDEM_TEST_POSTGRES_URL` is set): jobs claimed and done per second with 1 and 4
//! workers, the delay from due to done while 4 workers work through a backlog, and, when an
//! SMTP server is configured (`TANDEM_SMTP_*`), how long a batch of emails takes to reach it.
//!
//! The throughput and backlog runs measure the queue alone: their messages are counted and
//! discarded instead of sent, so the figures are those of claiming, leasing and finishing.

use crate::config::Resolved;
use app::ssr::storage::{Db, ScratchDb};
use app::ssr::support::mailer::{MailError, Mailer, OutgoingMail, SmtpMailer};
use app::ssr::{delivery, outbox, AppState, Settings};
use async_trait::async_trait;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Counts messages and sends none.
#[derive(Debug, Default)]
pub(crate) struct Discard(AtomicUsize);

#[async_trait]
impl Mailer for Discard {
    async fn send(&self, _mail: &OutgoingMail) -> Result<(), MailError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn describe(&self) -> String {
        "nowhere (counted and discarded)".into()
    }
}

/// Settings for a benchmark's state: nothing is sent or linked anywhere.
pub(crate) fn settings() -> Settings {
    Settings {
        base_url: "http://127.0.0.1:3000".into(),
        secret_key: vec![7; 32],
        previous_secret_keys: Vec::new(),
        trust_forwarded_for: false,
        calendar_private_hosts: false,
        job_lease_secs: delivery::LEASE_SECS,
        metrics_token: None,
        chat_webhook_hosts: app::ssr::chat::webhook::default_hosts(),
        slack_api_base: "https://slack.com/api/".into(),
    }
}

/// Queues `n` emails due now, in batches as a busy server would.
async fn queue(db: &Db, n: usize, tag: &str) -> Result<(), String> {
    let s = settings();
    for start in (0..n).step_by(1_000) {
        let jobs: Vec<_> = (start..n.min(start + 1_000))
            .map(|i| {
                outbox::email(
                    &s,
                    None,
                    OutgoingMail {
                        to: format!("person{i}@example.com"),
                        subject: format!("Reminder {i}"),
                        text: "Your session with Bo Chen starts soon.\n".into(),
                        html: None,
                        unsubscribe: None,
                        message_id: None,
                        answers: Vec::new(),
                    },
                    format!("bench:{tag}:{i}"),
                )
            })
            .collect();
        db.enqueue(&jobs).await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Runs `workers` workers until the queue is empty; returns the time it took.
async fn work(state: &AppState, workers: usize) -> Result<Duration, String> {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..workers {
        let state = state.clone();
        tasks.push(tokio::spawn(async move {
            let owner = format!("bench-worker-{w}");
            loop {
                match delivery::run_due(&state, &owner, 20).await {
                    Ok(0) => return Ok(()),
                    Ok(_) => {}
                    Err(e) => return Err(e.to_string()),
                }
            }
        }));
    }
    for t in tasks {
        t.await.map_err(|e| e.to_string())??;
    }
    Ok(start.elapsed())
}

fn percentile(sorted: &[i64], p: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

async fn scratch(postgres: Option<&str>) -> Result<ScratchDb, String> {
    match postgres {
        None => ScratchDb::sqlite().await.map_err(|e| e.to_string()),
        Some(url) => ScratchDb::postgres(url)
            .await
            .map_err(|e| format!("TANDEM_TEST_POSTGRES_URL: {e}")),
    }
}

pub async fn bench_queue(
    cfg: &Resolved,
    jobs: usize,
    backlog: usize,
    emails: usize,
) -> Result<(), String> {
    let postgres = std::env::var("TANDEM_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty());
    let mut backends: Vec<(&str, Option<&str>)> = vec![("SQLite", None)];
    if let Some(url) = postgres.as_deref() {
        backends.push(("PostgreSQL", Some(url)));
    }
    println!("bench-queue: throughput over {jobs} jobs, delay under a backlog of {backlog}");
    for (name, url) in &backends {
        for workers in [1, 4] {
            let t = scratch(*url).await?;
            queue(&t.db, jobs, "throughput").await?;
            let discard = Arc::new(Discard::default());
            let state = AppState {
                db: t.db.clone(),
                mailer: discard.clone(),
                settings: Arc::new(settings()),
            };
            let took = work(&state, workers).await?;
            let done = discard.0.load(Ordering::Relaxed);
            if done != jobs {
                return Err(format!("{name}: {done} of {jobs} jobs ran"));
            }
            println!(
                "  {name:<10} {workers} worker{}  {:>8.0} jobs/s  ({jobs} in {:.1} s)",
                if workers == 1 { " " } else { "s" },
                jobs as f64 / took.as_secs_f64(),
                took.as_secs_f64()
            );
        }
        let t = scratch(*url).await?;
        let queued_at = Instant::now();
        queue(&t.db, backlog, "backlog").await?;
        let queued = queued_at.elapsed();
        let state = AppState {
            db: t.db.clone(),
            mailer: Arc::new(Discard::default()),
            settings: Arc::new(settings()),
        };
        let took = work(&state, 4).await?;
        let mut delays = t.db.delivery_delays().await.map_err(|e| e.to_string())?;
        delays.sort_unstable();
        println!(
            "  {name:<10} backlog of {backlog}: queued in {:.1} s, done by 4 workers in {:.1} s; \
             due to done p50 {} s, p99 {} s, max {} s",
            queued.as_secs_f64(),
            took.as_secs_f64(),
            percentile(&delays, 0.5),
            percentile(&delays, 0.99),
            delays.last().copied().unwrap_or(0),
        );
    }
    match &cfg.smtp {
        None => println!(
            "  SMTP: skipped (set TANDEM_SMTP_HOST, and the other TANDEM_SMTP_* settings, to time {emails} emails)"
        ),
        Some(smtp) => {
            let t = scratch(None).await?;
            queue(&t.db, emails, "smtp").await?;
            let mailer = SmtpMailer::new(smtp, &cfg.mail_from).map_err(|e| e.to_string())?;
            let state = AppState {
                db: t.db.clone(),
                mailer: Arc::new(mailer),
                settings: Arc::new(settings()),
            };
            let took = work(&state, 4).await?;
            let depth = t
                .db
                .queue_depth(app::ssr::storage::now() + 86_400)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "  SMTP {}:{}  {emails} emails by 4 workers in {:.1} s ({:.0}/s); {} failed, {} waiting",
                smtp.host,
                smtp.port,
                took.as_secs_f64(),
                emails as f64 / took.as_secs_f64(),
                depth.failed,
                depth.queued,
            );
        }
    }
    Ok(())
}
