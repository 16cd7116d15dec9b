//! Mentors people choose, as the page shows them.

use crate::domain::{ChoiceMode, MentorRequestState};
use serde::{Deserialize, Serialize};

/// A mentor a mentee may ask, best fit first, with why they would fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorCard {
    pub id: i64,
    pub name: String,
    pub job_title: String,
    pub department: String,
    pub time_zone: String,
    pub skills_offer: String,
    /// What they say about themselves: what they are like to work with.
    pub bio: String,
    pub places_left: usize,
    pub score: i64,
    pub highlights: Vec<String>,
}

/// A request as the mentee who sent it, or the mentor asked, sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorRequestLine {
    pub id: i64,
    /// The other person: the mentor for the mentee, the mentee for the mentor.
    pub name: String,
    pub state: MentorRequestState,
    pub note: String,
    /// The day the mentor answers by.
    pub answer_by: String,
    /// Why the two would fit, for the mentor deciding.
    pub highlights: Vec<String>,
}

/// The program's mentors page: settings for its admins, mentors to ask for mentees, requests
/// to answer for mentors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorsPage {
    pub program_id: i64,
    pub program_name: String,
    pub mode: ChoiceMode,
    pub answer_days: i64,
    /// Whether the viewer runs the program (and so sees the settings).
    pub runs: bool,
    /// Why the viewer cannot ask a mentor now, when they cannot.
    pub cannot_ask: Option<String>,
    pub mentors: Vec<MentorCard>,
    /// The filter the list was drawn with.
    pub query: String,
    pub mine: Vec<MentorRequestLine>,
    pub incoming: Vec<MentorRequestLine>,
}
