//! Events as people see them: lists, the event page, and what a personal RSVP link shows.

use serde::{Deserialize, Serialize};

/// The page behind an RSVP link: the event in the organiser's time zone and where the person
/// stands, or, for a link that cannot be used, why and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RsvpLinkView {
    pub title: String,
    pub kind: String,
    /// E.g. "Tue 1 Dec 2026, 09:00–10:00 (Europe/Lisbon)".
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
    /// An Exec Encounter whose draw is still to come: answering enters the draw.
    pub lottery_open: bool,
    pub cancelled: bool,
    /// Why the link cannot be used, when it cannot; the rest is then empty.
    pub problem: Option<String>,
}

/// An event in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSummary {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub when: String,
    /// The day it starts, in its time zone, e.g. "Tue 1 Dec 2026": lists group by it.
    pub day: String,
    pub starts_at: i64,
    pub place: String,
    pub capacity: Option<i64>,
    pub going: i64,
    pub waitlisted: i64,
    /// In an Exec Encounter's draw that is still to come.
    pub entered: i64,
    /// My answer, if I gave one.
    pub my_state: Option<String>,
    pub cancelled: bool,
}

/// The events page: what is coming, what I answered "going" to, and what is past.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventsPage {
    pub upcoming: Vec<EventSummary>,
    pub past: Vec<EventSummary>,
    pub can_create: bool,
    /// The programs an organiser may address events to: (id, name).
    pub programs: Vec<(i64, String)>,
    /// My private calendar feed, for calendar apps to subscribe to.
    pub feed_url: Option<String>,
}

/// Someone's answer, for organisers and the audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub user_id: i64,
    pub name: String,
    pub state: String,
    pub attended: bool,
}

/// One event's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPage {
    pub summary: EventSummary,
    pub description_html: String,
    pub video_url: String,
    pub time_zone: String,
    pub host: Option<String>,
    pub audience: Vec<String>,
    pub rsvp_open: bool,
    pub position: Option<i64>,
    /// Names of those going, for members of the audience.
    pub going: Vec<String>,
    /// Every answer, with attendance, for organisers only.
    pub attendees: Option<Vec<Attendee>>,
    pub can_manage: bool,
    /// For Exec Encounters: the draw, held or to come.
    pub lottery: Option<Lottery>,
    /// The event as its form shows it, for organisers to edit.
    pub form: Option<crate::domain::EventInput>,
}

/// An Exec Encounter's draw as people see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lottery {
    /// How many have entered so far (before the draw) or entered in all (after).
    pub entered: i64,
    /// SHA-256 of the secret seed and nonce, shown from the start so the seed cannot be
    /// chosen once the entrants are known.
    pub commitment: Option<String>,
    /// Set once the draw is held, so anyone can repeat it.
    pub seed: Option<i64>,
    pub nonce: Option<String>,
    /// When it was held, in the event's time zone.
    pub drawn_at: Option<String>,
    /// The viewer's entrant number and place in the drawn order, once drawn and if they
    /// entered.
    pub mine: Option<(usize, usize)>,
}
