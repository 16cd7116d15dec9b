//! Success stories as the pages show them.

use crate::domain::StoryReaders;
use serde::{Deserialize, Serialize};

/// A round the reader was matched in, and their story of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryRound {
    pub round_id: i64,
    pub program: String,
    pub round_number: i64,
    /// The day the round ends, or ended.
    pub ends_on: String,
    /// Whether its story may be written now; if not, `opens_on` says when.
    pub open: bool,
    pub opens_on: String,
    pub body: String,
    pub readers: Option<StoryReaders>,
    /// Whether admins chose it for the report.
    pub featured: bool,
}

/// The reader's own stories, one per round they were matched in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoriesPage {
    pub rounds: Vec<StoryRound>,
}

/// A story as admins read it. `author` is `None` when its author chose the report without
/// their name: admins curate it without knowing whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryCard {
    pub id: i64,
    pub program: String,
    pub round_number: i64,
    pub author: Option<String>,
    pub body: String,
    pub readers: StoryReaders,
    pub featured: bool,
    pub day: String,
}

/// A program's stories for its admins to read and choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramStoriesPage {
    pub program_id: i64,
    pub program_name: String,
    pub stories: Vec<StoryCard>,
}
