//! The dashboard as one answer: its parts are read together, but each can fail alone and
//! the others still show.

use super::{DashboardGoals, DashboardPrograms, EventSummary};
use crate::error::AppError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Match cards, onboarding checklists and the programs open to join.
    pub programs: Result<DashboardPrograms, AppError>,
    /// The next session, sessions to record, and goals due a check-in or gone stale.
    pub goals: Result<DashboardGoals, AppError>,
    /// The next meetups open to this person, with their answer to each.
    pub meetups: Result<Vec<EventSummary>, AppError>,
}
