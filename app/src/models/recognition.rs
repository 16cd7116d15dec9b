//! Recognition as the pages show it: someone's badges and the kudos they may read.

use crate::domain::{Badge, EarnedBadge, KudosCategory};
use serde::{Deserialize, Serialize};

/// A kudos as a page lists it: from someone (on the recipient's pages) or to someone (on the
/// sender's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KudosLine {
    pub id: i64,
    /// The other person: the sender on a received kudos, the recipient on a given one.
    pub person_id: i64,
    pub person: String,
    pub program: String,
    pub category: KudosCategory,
    pub note: String,
    /// Whether its recipient shows it to others.
    pub shown: bool,
    /// The day it was given, as the reader's calendar has it.
    pub day: String,
}

/// Someone who may be thanked, as the form offers them: `value` is `program:person`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThankableOption {
    pub value: String,
    pub label: String,
}

/// A person's own recognition page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecognitionPage {
    pub user_id: i64,
    pub badges: Vec<EarnedBadge>,
    pub to_come: Vec<Badge>,
    pub received: Vec<KudosLine>,
    pub given: Vec<KudosLine>,
    pub thankable: Vec<ThankableOption>,
}

/// What anyone signed in reads of a colleague: their badges, and the kudos they chose to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRecognition {
    pub user_id: i64,
    pub name: String,
    pub badges: Vec<EarnedBadge>,
    pub kudos: Vec<KudosLine>,
    /// The reader is the person: the page links to where they choose what is shown.
    pub own: bool,
}
