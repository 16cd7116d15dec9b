//! Matching rounds as the pages show them: the admin's draft or latest round with its figures,
//! and a participant's match card.

use crate::models::{Program, Quality, ScorePart};
use serde::{Deserialize, Serialize};

/// Someone in a round, as the admin's round page names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundPerson {
    pub id: i64,
    pub name: String,
    pub department: String,
    pub level: Option<i64>,
}

/// A pair, trio, circle or mentor with mentee, and why they fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundGroup {
    pub members: Vec<RoundPerson>,
    pub mentor: Option<i64>,
    pub score: i64,
    pub locked: bool,
    pub highlights: Vec<String>,
    /// The score's parts, for a pair (summed over pairs in larger groups).
    pub parts: Vec<ScorePart>,
    /// Published, nudged once for not meeting, and still no session planned.
    #[serde(default)]
    pub not_meeting: bool,
}

/// A round's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundFigures {
    pub id: i64,
    pub number: i64,
    pub published: bool,
    pub total_score: i64,
    pub upper_bound: i64,
    pub exact: bool,
    pub quality: Quality,
}

/// The admin's matching page of a program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundsPage {
    pub program: Program,
    /// The draft when there is one, otherwise the newest published round.
    pub current: Option<RoundFigures>,
    /// The round before `current`, for comparison.
    pub previous: Option<RoundFigures>,
    pub groups: Vec<RoundGroup>,
    pub unmatched: Vec<(RoundPerson, String)>,
    /// Pairs the admin locked or forbade in the draft.
    pub rules: Vec<(String, String, String)>,
    /// Locks the engine did not keep: who, and the rule keeping them together would break.
    pub refused_locks: Vec<(String, String)>,
    /// Requests for a new match, pending first. Their reasons are for program admins only.
    pub requests: Vec<MatchRequest>,
    /// Whether a draft can be made (enrollment open or program running).
    pub can_draft: bool,
    /// Whether the draft can be published (the program is running).
    pub can_publish: bool,
}

/// A partner on a match card: what helps a first conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub name: String,
    pub initials: String,
    pub pronouns: String,
    pub job_title: String,
    pub department: String,
    pub email: String,
    /// "Mentor", "Mentee" or "Peer".
    pub role: String,
    pub bio: String,
    pub skills_offer: String,
    pub interests: String,
}

/// The signed-in person's current match in one program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchCard {
    pub program_id: i64,
    pub program_name: String,
    pub round: i64,
    pub partners: Vec<Partner>,
    /// Why they were matched, in sentences.
    pub reasons: Vec<String>,
    /// A suggested agenda for the first meeting.
    pub agenda: Vec<String>,
    /// Whether this person asked for a new match that is not answered yet.
    pub request_pending: bool,
}

/// A request for a new match, as program admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchRequest {
    pub id: i64,
    pub name: String,
    pub reason: String,
    pub pending: bool,
    pub approved: bool,
}
