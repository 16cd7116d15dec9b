//! Server-only code: storage, email, hashing, and the account rules the server functions call.
pub mod access;
pub mod accounts;
pub mod activity;
pub mod calendar;
pub mod dashboard;
pub mod directory;
pub mod emails;
pub mod enrollment;
pub mod events;
pub mod goals;
pub mod invitations;
pub mod org_settings;
pub mod pairs;
pub mod people;
pub mod profile;
pub mod programs;

pub mod resources;
pub mod rounds;
pub mod storage;
pub mod support;
pub mod survey;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

use std::sync::Arc;

/// What every request handler needs; provided to server functions as Leptos context.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: storage::Db,
    pub mailer: Arc<dyn support::mailer::Mailer>,
    pub settings: Arc<Settings>,
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
    /// Where files uploaded to the resource hub are kept (`<data dir>/files`).
    pub files_dir: std::path::PathBuf,
}

impl AppState {
    /// Sends each message. A failed one is logged with its recipient and the rest still go:
    /// the change that caused them has already happened.
    pub async fn send_all(&self, mails: Vec<support::mailer::OutgoingMail>) {
        for mail in mails {
            let to = mail.to.clone();
            if let Err(e) = self.mailer.send(mail).await {
                tracing::warn!(to = %to, error = %e, "email not sent");
            }
        }
    }

    /// Sends one message, logging a failure.
    pub async fn send(&self, mail: support::mailer::OutgoingMail) {
        self.send_all(vec![mail]).await
    }
}

impl Settings {
    pub fn link(&self, path_and_query: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path_and_query)
    }
}
