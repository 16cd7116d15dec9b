//! What the engine is given: the program's format and rules, its survey, the people taking
//! part with their answers, the org's manager links and the history of earlier rounds. It is
//! plain data (the `tandem match` JSON format, see docs/matching.md), so a run can be saved,
//! replayed and checked by other tools.

use crate::domain::{Answers, EnrollmentRole, EnrollmentStatus, ProgramFormat, Question};
use serde::{Deserialize, Serialize};

/// One person who enrolled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: i64,
    pub name: String,
    #[serde(default = "peer")]
    pub role: EnrollmentRole,
    /// Mentees a mentor takes on; ignored for other roles.
    #[serde(default = "one")]
    pub capacity: usize,
    #[serde(default = "active")]
    pub status: EnrollmentStatus,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub level: Option<i64>,
    /// Minutes east of UTC, for the time-zone overlap term.
    #[serde(default)]
    pub utc_offset_minutes: Option<i32>,
    #[serde(default)]
    pub answers: Answers,
    /// People they would like to meet (a soft wish).
    #[serde(default)]
    pub preferred: Vec<i64>,
    /// People they must never be matched with (a hard rule, confidential).
    #[serde(default)]
    pub avoid: Vec<i64>,
}

impl Participant {
    /// Whether they may take on mentees.
    pub fn can_mentor(&self) -> bool {
        self.role.mentors()
    }
}

fn peer() -> EnrollmentRole {
    EnrollmentRole::Peer
}
fn one() -> usize {
    1
}
fn active() -> EnrollmentStatus {
    EnrollmentStatus::Active
}

/// Program-level rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// Keep people of the same team apart.
    #[serde(default)]
    pub not_same_team: bool,
    /// No pair that met in the last this many rounds.
    #[serde(default = "three")]
    pub no_repeat_rounds: usize,
    /// Circle size, for circles.
    #[serde(default = "four")]
    pub group_size: usize,
    /// In mentor formats, a mentor must be at least this many levels below their mentee
    /// (reverse mentoring: juniors mentor seniors). A person without a level cannot meet it.
    #[serde(default)]
    pub mentor_levels_below: Option<i64>,
}

fn three() -> usize {
    3
}
fn four() -> usize {
    4
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            not_same_team: false,
            no_repeat_rounds: 3,
            group_size: 4,
            mentor_levels_below: None,
        }
    }
}

/// Everything one matching run needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchInput {
    pub format: ProgramFormat,
    #[serde(default)]
    pub rules: Rules,
    /// Breaks ties; the same input and seed always give the same result.
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub questions: Vec<Question>,
    pub participants: Vec<Participant>,
    /// `(person, their manager)` for everyone in the organisation, not only participants: a
    /// skip-level manager need not have enrolled.
    #[serde(default)]
    pub managers: Vec<(i64, i64)>,
    /// Earlier rounds, oldest first; each round is its groups (pairs, trios, circles).
    #[serde(default)]
    pub history: Vec<Vec<Vec<i64>>>,
    /// Groups an admin locked: kept as they are when they break no hard rule, and reported
    /// in [`MatchResult::refused_locks`](super::MatchResult) when they do.
    #[serde(default)]
    pub locked: Vec<Vec<i64>>,
    /// Pairs an admin forbade.
    #[serde(default)]
    pub forbidden: Vec<(i64, i64)>,
}
