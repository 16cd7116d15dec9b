//! The app state built from Tandem's configuration: the database, the mail transport and the
//! settings request handlers read.

use crate::config::{ConfigError, Resolved};
use app::ssr::storage::Db;
use app::ssr::support::mailer::{Mailer, OutboxMailer, SmtpMailer};
use app::ssr::{AppState, Settings};
use std::sync::Arc;

/// The mail transport the configuration names: its SMTP server, or the outbox folder.
fn mailer(cfg: &Resolved) -> Result<Arc<dyn Mailer>, ConfigError> {
    let failed = |e: app::ssr::support::mailer::MailError| ConfigError(format!("email: {e}"));
    Ok(match &cfg.smtp {
        Some(smtp) => Arc::new(SmtpMailer::new(smtp, &cfg.mail_from).map_err(failed)?),
        None => Arc::new(
            OutboxMailer::new(cfg.data_dir.join("outbox"), &cfg.mail_from).map_err(failed)?,
        ),
    })
}

/// The state every request handler reads, from the resolved configuration: `tandem serve`,
/// the worker and the benchmarks build it alike.
pub fn from_config(db: Db, cfg: &Resolved) -> Result<AppState, ConfigError> {
    Ok(AppState {
        db,
        mailer: mailer(cfg)?,
        settings: Arc::new(Settings {
            base_url: cfg.base_url.clone(),
            secret_key: cfg.secret_key.clone(),
            previous_secret_keys: cfg.previous_secret_keys.clone(),
            trust_forwarded_for: cfg.trust_forwarded_for,
            calendar_private_hosts: cfg.calendar_private_hosts,
            job_lease_secs: cfg.job_lease_secs,
            metrics_token: cfg.metrics_token.clone(),
            chat_webhook_hosts: cfg.chat_webhook_hosts.clone(),
            slack_api_base: cfg.slack_api_base.clone(),
        }),
    })
}
