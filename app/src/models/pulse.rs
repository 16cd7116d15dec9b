//! Pulse surveys as the pages show them: a person's form, and the program's figures.

use crate::domain::{PulseKind, PulseResult};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A survey as the person asked to answer it sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PulsePage {
    pub program_id: i64,
    pub program_name: String,
    pub survey_id: i64,
    pub kind: PulseKind,
    /// Whether it takes answers now; otherwise `opens_on` says when it will.
    pub open: bool,
    pub opens_on: String,
    /// My answers so far, by question key, as the form shows them.
    pub answers: BTreeMap<String, String>,
    pub answered: bool,
    /// My fit check says the match is not working: the page offers a new match.
    pub offer_new_match: bool,
}

/// One scheduled survey and its figures, for the program's admins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PulseAdminLine {
    pub id: i64,
    pub kind: PulseKind,
    pub days_after: i64,
    /// When it goes (or went) out for the newest round.
    pub due_on: Option<String>,
    pub responses: usize,
    pub results: Vec<PulseResult>,
}

/// A program's pulse surveys, for its admins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PulseAdminPage {
    pub program_id: i64,
    pub program_name: String,
    /// The newest published round's number.
    pub round: Option<i64>,
    pub surveys: Vec<PulseAdminLine>,
    /// Kinds not scheduled yet.
    pub kinds_left: Vec<PulseKind>,
}
