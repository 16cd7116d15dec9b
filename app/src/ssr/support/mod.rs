//! Helpers the features share: the request context, time zones, hashing and signed links,
//! email transport, PDFs, calendar files (written, and people's free/busy calendars read), reading
//! from an address a person gave, Markdown, uploads. None of them knows about a feature.

pub mod clock;
pub mod context;
pub mod crypto;
pub mod files;
pub mod form_errors;
pub mod free_busy;
pub mod html;
pub mod ics;
pub mod links;
pub mod mailer;
pub mod markdown;
pub mod multipart;
pub mod pdf;
pub mod sealed;
pub mod state;
pub mod web_fetch;
