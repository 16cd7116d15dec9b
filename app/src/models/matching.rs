//! What matching produces, as the pages show it: scores with their reasons and a round's
//! figures. The engine (server only) fills these in.

use serde::{Deserialize, Serialize};

/// One term of a pair's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorePart {
    pub label: String,
    pub points: i64,
    pub max: i64,
}

/// A pair's score with the reasons, for admins and for the pair.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub score: i64,
    pub parts: Vec<ScorePart>,
    /// Sentences about what the two share or complement.
    pub highlights: Vec<String>,
}

/// How good a round is, at a glance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Quality {
    pub participants: usize,
    pub matched: usize,
    /// Matched people over active participants.
    pub matched_share: f64,
    /// Over every pair inside the groups.
    pub mean_score: f64,
    pub min_score: i64,
    /// Pairs whose two people work in different departments.
    pub cross_department_share: f64,
    /// People who asked to meet someone and were matched with one of them, over those who asked.
    pub preferred_honoured_share: f64,
    /// Pairs that already met within the no-repeat window; the rules keep this at 0.
    pub repeats: usize,
    /// Fewest and most mentees per mentor with at least one.
    pub mentor_load: Option<(usize, usize)>,
}
