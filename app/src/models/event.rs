//! What a personal RSVP link shows.

use serde::{Deserialize, Serialize};

/// The page behind an RSVP link: the event in the organiser's time zone and where the person
/// stands, or, for a link that cannot be used, why and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RsvpLinkView {
    pub title: String,
    pub kind: String,
    /// E.g. "Tuesday 1 December 2026, 09:00–10:00 (Europe/Lisbon)".
    pub when: String,
    pub place: String,
    pub video_url: String,
    /// Who the link is for, so a forwarded link is noticed.
    pub name: String,
    /// `invited`, `going`, `waitlisted` or `declined`.
    pub state: String,
    /// Place on the waitlist, from 1.
    pub position: Option<i64>,
    pub seats_left: Option<i64>,
    pub cancelled: bool,
    /// Why the link cannot be used, when it cannot; the rest is then empty.
    pub problem: Option<String>,
}
