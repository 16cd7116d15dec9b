//! Helpers the features share: the request context, time zones, hashing and signed links,
//! email transport, calendar files, Markdown, uploads. None of them knows about a feature.

pub mod clock;
pub mod context;
pub mod crypto;
pub mod files;
pub mod ics;
pub mod links;
pub mod mailer;
pub mod markdown;
pub mod multipart;
pub mod state;
