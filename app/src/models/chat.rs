//! A program's chat channels as its admins see them: never the whole address, which is a
//! secret, only enough to tell the channels apart.

use serde::{Deserialize, Serialize};

/// One channel of a program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatChannel {
    pub id: i64,
    /// "Slack" or "Microsoft Teams".
    pub kind: String,
    /// The start and the last characters of the address: `https://hooks.slack.com/…b4Xz`.
    pub hint: String,
    /// When it was added, in the viewer's time zone.
    pub added: String,
}

/// The chat settings of a program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatSettings {
    pub program_id: i64,
    pub program_name: String,
    pub channels: Vec<ChatChannel>,
    /// Whether round announcements name who was matched with whom.
    pub name_people: bool,
}
