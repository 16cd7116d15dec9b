//! Server-only code: storage, email, hashing, and the account rules the server functions call.

pub mod accounts;
pub mod clock;
pub mod context;
pub mod crypto;
pub mod directory;
pub mod enrollment;
pub mod events;
pub mod files;
pub mod goals;
pub mod ics;
pub mod import;
pub mod links;
pub mod mailer;
pub mod markdown;
pub mod multipart;
pub mod pairs;
pub mod programs;
pub mod reassignment;
pub mod resources;
pub mod rounds;
pub mod storage;
pub mod testing;

use std::sync::Arc;

/// What every request handler needs; provided to server functions as Leptos context.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: storage::Db,
    pub mailer: Arc<dyn mailer::Mailer>,
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

impl Settings {
    pub fn link(&self, path_and_query: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path_and_query)
    }
}
