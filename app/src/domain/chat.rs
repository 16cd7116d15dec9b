//! What Tandem posts to a program's chat channels, and the two wire formats it is posted in:
//! Slack Block Kit (for an incoming webhook) and an Adaptive Card 1.4 in the `attachments`
//! envelope (for a Teams Workflows webhook, which refuses 1.5). The limits of each format are
//! kept here, so a message never fails for being long: text is cut at Slack's block limits,
//! and a Teams card over 28 KB drops its last lines (saying how many) until it fits.

use serde_json::{json, Value};

/// Where a channel posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatKind {
    Slack,
    Teams,
}

impl ChatKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChatKind::Slack => "slack",
            ChatKind::Teams => "teams",
        }
    }

    pub fn parse(s: &str) -> Option<ChatKind> {
        match s {
            "slack" => Some(ChatKind::Slack),
            "teams" => Some(ChatKind::Teams),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ChatKind::Slack => "Slack",
            ChatKind::Teams => "Microsoft Teams",
        }
    }
}

/// One message for a channel: a title, a few lines, facts shown as a table, and at most one
/// button that opens a page of Tandem.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Announcement {
    pub title: String,
    pub lines: Vec<String>,
    pub facts: Vec<(String, String)>,
    pub button: Option<Button>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Button {
    pub label: String,
    pub url: String,
}

/// A queued post: the channel it goes to and what it says. The address is not in the job; the
/// worker opens it from the channel when it posts, so the queue never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChatPost {
    pub channel_id: i64,
    pub announcement: Announcement,
}

/// News of a program that its channels hear about; the worker reads the details when it
/// posts, so the message says how things stand then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "news", rename_all = "snake_case")]
pub enum ChatNews {
    /// The program opened for enrollment.
    EnrollmentOpen,
    /// A round was published.
    RoundPublished { round_id: i64 },
    /// The week's highlights: the week is counted in whole weeks since 1970.
    Highlights { week: i64 },
    /// Invitations to an event (a meetup, a Mentor Connect session) went out.
    Event { event_id: i64 },
}

/// What a button in a Slack message answers, in place, for the person who presses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatAction {
    RsvpGoing,
    RsvpNotGoing,
    SessionMet,
    SessionMissed,
    /// Skip next week's goal check-in reminder.
    SnoozeWeek,
}

impl ChatAction {
    pub const ALL: [ChatAction; 5] = [
        ChatAction::RsvpGoing,
        ChatAction::RsvpNotGoing,
        ChatAction::SessionMet,
        ChatAction::SessionMissed,
        ChatAction::SnoozeWeek,
    ];

    /// The button's `action_id`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatAction::RsvpGoing => "rsvp_going",
            ChatAction::RsvpNotGoing => "rsvp_not_going",
            ChatAction::SessionMet => "session_met",
            ChatAction::SessionMissed => "session_missed",
            ChatAction::SnoozeWeek => "snooze_week",
        }
    }

    pub fn parse(s: &str) -> Option<ChatAction> {
        ChatAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ChatAction::RsvpGoing => "Going",
            ChatAction::RsvpNotGoing => "Can't go",
            ChatAction::SessionMet => "We met",
            ChatAction::SessionMissed => "We didn't",
            ChatAction::SnoozeWeek => "Snooze a week",
        }
    }
}

/// A button of a message: what it answers, with the signed token of the emailed link that
/// answers the same, so a button can do nothing a link cannot.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChatAnswer {
    pub action: ChatAction,
    pub token: String,
}

/// A direct message in Slack carrying a notification: its subject, its text (the email's, less
/// the footer), the buttons that answer it, and where to choose how Tandem writes.
pub fn slack_direct_message(
    subject: &str,
    text: &str,
    answers: &[ChatAnswer],
    choices_link: &str,
) -> Value {
    let mut blocks = vec![
        json!({
            "type": "header",
            "text": { "type": "plain_text", "text": cut(subject, SLACK_HEADER_MAX), "emoji": false },
        }),
        json!({
            "type": "section",
            "text": { "type": "mrkdwn", "text": cut(&slack_escape(text.trim()), SLACK_SECTION_MAX) },
        }),
    ];
    if !answers.is_empty() {
        let elements: Vec<Value> = answers
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut button = json!({
                    "type": "button",
                    "text": { "type": "plain_text", "text": a.action.label(), "emoji": false },
                    "action_id": a.action.as_str(),
                    "value": a.token,
                });
                if i == 0 {
                    button["style"] = json!("primary");
                }
                button
            })
            .collect();
        blocks.push(json!({ "type": "actions", "block_id": "answers", "elements": elements }));
    }
    blocks.push(json!({
        "type": "context",
        "elements": [{
            "type": "mrkdwn",
            "text": format!("<{choices_link}|Choose what Tandem sends you, and where>"),
        }],
    }));
    json!({ "text": cut(subject, SLACK_FALLBACK_MAX), "blocks": blocks })
}

/// The largest message a Teams webhook accepts.
pub const TEAMS_MAX_BYTES: usize = 28 * 1024;

// Block Kit's limits, in characters.
const SLACK_HEADER_MAX: usize = 150;
const SLACK_SECTION_MAX: usize = 3000;
const SLACK_FIELDS_MAX: usize = 10;
const SLACK_FIELD_MAX: usize = 2000;
const SLACK_BUTTON_MAX: usize = 75;
const SLACK_FALLBACK_MAX: usize = 3000;

/// `text` cut to `max` characters, with an ellipsis when it was cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Slack's mrkdwn reads `&`, `<` and `>` as markup; text from people must not be.
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The body of a Slack incoming webhook post.
pub fn slack_message(a: &Announcement) -> Value {
    let mut blocks = vec![json!({
        "type": "header",
        "text": { "type": "plain_text", "text": cut(&a.title, SLACK_HEADER_MAX), "emoji": false },
    })];
    if !a.lines.is_empty() {
        let text = a
            .lines
            .iter()
            .map(|l| slack_escape(l))
            .collect::<Vec<_>>()
            .join("\n");
        blocks.push(json!({
            "type": "section",
            "text": { "type": "mrkdwn", "text": cut(&text, SLACK_SECTION_MAX) },
        }));
    }
    if !a.facts.is_empty() {
        let fields: Vec<Value> = a
            .facts
            .iter()
            .take(SLACK_FIELDS_MAX)
            .map(|(label, value)| {
                let text = format!("*{}*\n{}", slack_escape(label), slack_escape(value));
                json!({ "type": "mrkdwn", "text": cut(&text, SLACK_FIELD_MAX) })
            })
            .collect();
        blocks.push(json!({ "type": "section", "fields": fields }));
    }
    if let Some(b) = &a.button {
        blocks.push(json!({
            "type": "actions",
            "elements": [{
                "type": "button",
                "text": { "type": "plain_text", "text": cut(&b.label, SLACK_BUTTON_MAX), "emoji": false },
                "url": b.url,
                "action_id": "open_tandem",
            }],
        }));
    }
    json!({
        // Shown in notifications and by clients that cannot draw blocks.
        "text": cut(&fallback(a), SLACK_FALLBACK_MAX),
        "blocks": blocks,
    })
}

/// The title and the first line: what a notification banner shows.
fn fallback(a: &Announcement) -> String {
    match a.lines.first() {
        Some(line) => format!("{}: {line}", a.title),
        None => a.title.clone(),
    }
}

fn teams_card(a: &Announcement) -> Value {
    let mut body = vec![json!({
        "type": "TextBlock",
        "text": a.title,
        "weight": "Bolder",
        "size": "Medium",
        "wrap": true,
    })];
    for line in &a.lines {
        body.push(json!({ "type": "TextBlock", "text": line, "wrap": true }));
    }
    if !a.facts.is_empty() {
        let facts: Vec<Value> = a
            .facts
            .iter()
            .map(|(title, value)| json!({ "title": title, "value": value }))
            .collect();
        body.push(json!({ "type": "FactSet", "facts": facts }));
    }
    let mut card = json!({
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    });
    if let Some(b) = &a.button {
        card["actions"] = json!([{ "type": "Action.OpenUrl", "title": b.label, "url": b.url }]);
    }
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": card,
        }],
    })
}

/// Why a message cannot be posted to Teams.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the message is {0} bytes even when shortened, over the 28 KB Teams accepts")]
pub struct TooLong(pub usize);

/// The body of a Teams Workflows webhook post, shortened to fit 28 KB: lines are dropped from
/// the end, and a last line says how many were left out.
pub fn teams_message(a: &Announcement) -> Result<Value, TooLong> {
    let mut shown = a.clone();
    let mut keep = a.lines.len();
    loop {
        let message = teams_card(&shown);
        let size = message.to_string().len();
        if size <= TEAMS_MAX_BYTES {
            return Ok(message);
        }
        if keep == 0 {
            return Err(TooLong(size));
        }
        // A tenth fewer lines each time (at least one), so no more is cut than needed.
        keep = (keep * 9 / 10).min(keep - 1);
        let left_out = a.lines.len() - keep;
        shown.lines = a.lines[..keep].to_vec();
        shown.lines.push(format!(
            "…and {left_out} more line{} on Tandem.",
            if left_out == 1 { "" } else { "s" }
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn announcement(lines: usize) -> Announcement {
        Announcement {
            title: "Round 2 of Data guild is out".into(),
            lines: (0..lines)
                .map(|i| format!("Person number {i} <and> partner & co"))
                .collect(),
            facts: vec![("Pairs".into(), "12".into())],
            button: Some(Button {
                label: "Open the program".into(),
                url: "https://tandem.example.com/programs/3".into(),
            }),
        }
    }

    #[test]
    fn slack_gets_blocks_with_a_url_button_and_escaped_text() {
        let m = slack_message(&announcement(2));
        let blocks = m["blocks"].as_array().unwrap();
        assert_eq!(blocks[0]["type"], "header");
        assert!(blocks[1]["text"]["text"]
            .as_str()
            .unwrap()
            .contains("&lt;and&gt; partner &amp; co"));
        assert_eq!(blocks[2]["fields"][0]["text"], "*Pairs*\n12");
        assert_eq!(
            blocks[3]["elements"][0]["url"],
            "https://tandem.example.com/programs/3"
        );
        assert_eq!(
            m["text"],
            "Round 2 of Data guild is out: Person number 0 <and> partner & co"
        );
    }

    #[test]
    fn slack_text_is_cut_at_the_block_limits() {
        let mut a = announcement(400);
        a.title = "t".repeat(400);
        let m = slack_message(&a);
        assert_eq!(
            m["blocks"][0]["text"]["text"]
                .as_str()
                .unwrap()
                .chars()
                .count(),
            150
        );
        assert_eq!(
            m["blocks"][1]["text"]["text"]
                .as_str()
                .unwrap()
                .chars()
                .count(),
            3000
        );
    }

    #[test]
    fn teams_gets_an_adaptive_card_1_4_in_the_attachments_envelope() {
        let m = teams_message(&announcement(1)).unwrap();
        assert_eq!(m["type"], "message");
        let a = &m["attachments"][0];
        assert_eq!(a["contentType"], "application/vnd.microsoft.card.adaptive");
        assert_eq!(a["content"]["version"], "1.4");
        assert_eq!(a["content"]["actions"][0]["type"], "Action.OpenUrl");
        assert_eq!(a["content"]["body"][2]["facts"][0]["value"], "12");
    }

    #[test]
    fn a_long_teams_card_is_shortened_to_28_kb_and_says_what_it_left_out() {
        let a = announcement(3000);
        let m = teams_message(&a).unwrap();
        let size = m.to_string().len();
        assert!(size <= TEAMS_MAX_BYTES, "{size} bytes");
        assert!(
            size > TEAMS_MAX_BYTES * 3 / 4,
            "not cut more than needed: {size}"
        );
        let body = m["attachments"][0]["content"]["body"].as_array().unwrap();
        let last_line = body[body.len() - 2]["text"].as_str().unwrap();
        assert!(
            last_line.starts_with("…and ") && last_line.ends_with("more lines on Tandem."),
            "{last_line}"
        );
    }

    #[test]
    fn a_direct_message_carries_answer_buttons_with_their_tokens() {
        let answers = [
            ChatAnswer {
                action: ChatAction::RsvpGoing,
                token: "t1".into(),
            },
            ChatAnswer {
                action: ChatAction::RsvpNotGoing,
                token: "t1".into(),
            },
        ];
        let m = slack_direct_message(
            "You're invited: Lunch",
            "Hello Ana,\n\nBo invites you <now>.",
            &answers,
            "https://t.example/profile/notifications",
        );
        let blocks = m["blocks"].as_array().unwrap();
        assert_eq!(
            blocks[1]["text"]["text"],
            "Hello Ana,\n\nBo invites you &lt;now&gt;."
        );
        let buttons = blocks[2]["elements"].as_array().unwrap();
        assert_eq!(buttons[0]["action_id"], "rsvp_going");
        assert_eq!(buttons[0]["value"], "t1");
        assert_eq!(buttons[0]["style"], "primary");
        assert_eq!(buttons[1]["text"]["text"], "Can't go");
        assert!(buttons[1].get("style").is_none());
        assert_eq!(blocks[3]["type"], "context");
        assert_eq!(
            ChatAction::parse("session_met"),
            Some(ChatAction::SessionMet)
        );
    }

    #[test]
    fn a_card_that_cannot_be_shortened_enough_is_refused() {
        let mut a = announcement(0);
        a.title = "x".repeat(40_000);
        assert!(matches!(teams_message(&a), Err(TooLong(n)) if n > TEAMS_MAX_BYTES));
    }
}
