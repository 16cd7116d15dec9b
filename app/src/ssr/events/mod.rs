//! Meetups on the server. Who may see and organise an event is decided in [`access`]; the
//! features of an event live in their own rooms:
//!
//! - [`rsvp`]: answers, signed in or through a personal RSVP link, and the waitlist;
//! - [`organise`]: planning, invitations, the Exec Encounter draw, attendance, cancelling;
//! - [`page`]: the events list and an event's page;
//! - [`export`]: the answers as CSV and events as calendar entries.
//!
//! [`access`]: crate::ssr::access

pub mod export;
pub mod organise;
pub mod page;
pub mod rsvp;

pub use export::{export_csv, ics};
pub use organise::{cancel, draw, invite, mark_attended, save};
pub use page::{draw_record, list, next, page};
pub use rsvp::{answer, answer_signed_in, personal_link, view};

use crate::ssr::storage::EventRow;
use crate::ssr::support::clock::when_of;

/// The event's time as its organiser planned it, e.g. "Tue 1 Dec 2026, 09:00–10:00
/// (Europe/Lisbon)".
pub fn when(event: &EventRow) -> String {
    when_of(event.starts_at, event.ends_at, &event.time_zone)
}
