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

/// The organisation's Slack app as org admins see it: never the token or secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlackAppView {
    pub connected: bool,
    /// `xoxb-…1234`.
    pub token_hint: Option<String>,
    /// The app manifest, JSON, with this Tandem's addresses.
    pub manifest: String,
    /// Each scope the app asks for, with what Tandem uses it for.
    pub scopes: Vec<(String, String)>,
}

/// Whether the person's notifications go to Slack, when the organisation has a Slack app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlackChoice {
    pub available: bool,
    pub dm: bool,
}
