//! The app state every request handler reads (as Leptos context), and the runtime settings
//! the server crate builds from its configuration.

use super::mailer::Mailer;
use crate::ssr::storage::{Db, StorageError};
use std::sync::Arc;

/// What every request handler needs; provided to server functions as Leptos context.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub mailer: Arc<dyn Mailer>,
    pub settings: Arc<Settings>,
}

impl AppState {
    /// This state with its database holding one connection for every statement
    /// ([`Db::holding`]): for a page part that reads in a burst and writes nothing.
    pub async fn holding(&self) -> Result<AppState, StorageError> {
        Ok(AppState {
            db: self.db.holding().await?,
            ..self.clone()
        })
    }
}

/// Runtime settings the app code reads (the server crate builds them from its configuration).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Public URL without a trailing slash, used in emailed links.
    pub base_url: String,
    /// Key for signed tokens (RSVP links, calendar feeds); at least 32 bytes.
    pub secret_key: Vec<u8>,
    /// Earlier secret keys whose signed links still work, so keys can rotate.
    pub previous_secret_keys: Vec<Vec<u8>>,
    /// Whether a reverse proxy in front of Tandem sets `X-Forwarded-For`; the client address
    /// (used to throttle sign-ins) is then the last address it appended.
    pub trust_forwarded_for: bool,
    /// Whether free/busy calendar addresses may lead to loopback and private network
    /// addresses; off unless the operator allows it, so a person cannot make the server read
    /// its own internal services.
    pub calendar_private_hosts: bool,
    /// How long a worker holds a claimed job before another may take it: a worker that dies
    /// mid-job leaves it to be run again after this many seconds.
    pub job_lease_secs: i64,
    /// The bearer token `/metrics` answers to; the endpoint is off without one.
    pub metrics_token: Option<String>,
    /// The hosts chat webhook addresses may lead to (subdomains included).
    pub chat_webhook_hosts: Vec<String>,
    /// Where Slack's Web API answers, ending in `/`: `https://slack.com/api/` but in tests.
    pub slack_api_base: String,
}

impl Settings {
    pub fn link(&self, path_and_query: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path_and_query)
    }

    /// The keys that seal and open stored secrets for `purpose`.
    pub fn seals(&self, purpose: super::sealed::SealPurpose) -> super::sealed::Seals {
        super::sealed::Seals::new(purpose, &self.secret_key, &self.previous_secret_keys)
    }

    /// The keys that sign and check personal links for `purpose`.
    pub fn link_keys(&self, purpose: super::links::LinkPurpose) -> super::links::LinkKeys {
        super::links::LinkKeys::new(purpose, &self.secret_key, &self.previous_secret_keys)
    }
}
