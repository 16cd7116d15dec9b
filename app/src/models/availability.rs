//! When a person is free for sessions, and the times that suit a pair.

use crate::domain::AvailabilityInput;
use serde::{Deserialize, Serialize};

/// The availability page: the form as the person left it, in their time zone, and how their
/// calendar was last read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityPage {
    /// The day ranges; the calendar address is never sent back (see `calendar`).
    pub input: AvailabilityInput,
    /// The zone the hours are in; empty when the profile names none (UTC is used).
    pub time_zone: String,
    /// Whether the person has said when they are free.
    pub set: bool,
    pub calendar: Option<CalendarStatus>,
}

/// A free/busy calendar as its owner sees it: the address only as its host, since the whole
/// address is a secret that reads the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarStatus {
    /// "https://calendar.example.com/…".
    pub address: String,
    /// "Read Sat 5 Dec 2026, 10:05: 4 busy times in the next two weeks.", once read.
    pub read: Option<String>,
    /// Why the last read failed, with when; it is tried again every hour.
    pub problem: Option<String>,
}

/// A time that suits everyone in a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedTime {
    pub starts_at: i64,
    /// In my zone: "Tue 8 Dec 2026, 10:00–10:45 (Europe/Lisbon)".
    pub mine: String,
    /// For each partner in another zone: "Bo: Tue 18:00–18:45 (Asia/Tokyo)".
    pub theirs: Vec<String>,
}

/// The times offered to a group on the pair page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingTimes {
    pub times: Vec<SuggestedTime>,
    /// Session length the times are for, in minutes.
    pub minutes: i64,
    /// Whether I have said when I am free.
    pub mine_set: bool,
    /// First names of partners who have not said when they are free (office hours are assumed).
    pub assumed: Vec<String>,
    /// The place of this group's last session, to start the form with.
    pub last_place: String,
    pub last_video_url: String,
}
