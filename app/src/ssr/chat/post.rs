//! Posting a message to a channel's webhook and reading the answer: what counts as delivered,
//! what is worth trying again (and when), and what will never work and why, in words an admin
//! can act on.

use crate::domain::{slack_message, teams_message, Announcement, ChatKind};
use crate::ssr::support::web_fetch::{client, TIMEOUT};

/// The longest wait a `Retry-After` is taken at its word for.
const RETRY_AFTER_MAX: i64 = 3600;
/// The wait after a 429 that names none.
const RETRY_AFTER_DEFAULT: i64 = 60;

/// What became of a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Posted {
    Delivered,
    /// Worth trying again: after `after` seconds when the service said so.
    Retry {
        after: Option<i64>,
        error: String,
    },
    /// Will not work as it is; the reason is for the delivery log.
    Failed(String),
    /// Nowhere to post any more (the channel was removed).
    Dropped(String),
}

/// The body posted to a channel of `kind`, or why there is none.
pub fn body(kind: ChatKind, a: &Announcement) -> Result<serde_json::Value, String> {
    match kind {
        ChatKind::Slack => Ok(slack_message(a)),
        ChatKind::Teams => teams_message(a).map_err(|e| e.to_string()),
    }
}

/// Posts `a` to the webhook at `url`.
pub async fn post(kind: ChatKind, url: &str, a: &Announcement) -> Posted {
    let body = match body(kind, a) {
        Ok(b) => b,
        Err(e) => return Posted::Failed(e),
    };
    let response = match client().post(url).json(&body).send().await {
        Ok(r) => r,
        Err(e) if e.is_timeout() => {
            return Posted::Retry {
                after: None,
                error: format!(
                    "{} did not answer within {} seconds",
                    kind.label(),
                    TIMEOUT.as_secs()
                ),
            }
        }
        Err(e) => {
            return Posted::Retry {
                after: None,
                error: format!("{} could not be reached: {}", kind.label(), root_cause(&e)),
            }
        }
    };
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok());
    let text = response.text().await.unwrap_or_default();
    answer(kind, status, retry_after, &text)
}

/// What an answer means. Slack answers `ok` (or a JSON `ok: false` with an error), Teams
/// Workflows 202; a legacy Teams connector 200 with `1`.
pub fn answer(kind: ChatKind, status: u16, retry_after: Option<i64>, text: &str) -> Posted {
    let said = said(text);
    match (kind, status) {
        (_, 429) => Posted::Retry {
            after: Some(
                retry_after
                    .unwrap_or(RETRY_AFTER_DEFAULT)
                    .clamp(1, RETRY_AFTER_MAX),
            ),
            error: format!("{} asked Tandem to slow down (429)", kind.label()),
        },
        (_, 500..=599) => Posted::Retry {
            after: None,
            error: format!("{} had a problem ({status}){said}", kind.label()),
        },
        (ChatKind::Slack, 200) => match slack_error(text) {
            Some(error) => Posted::Failed(slack_advice(&error)),
            None => Posted::Delivered,
        },
        (ChatKind::Teams, 202) => Posted::Delivered,
        (ChatKind::Teams, 200) if text.trim() == "1" => Posted::Delivered,
        (ChatKind::Slack, _) => Posted::Failed(match slack_error(text).or_else(|| {
            let t = text.trim();
            (!t.is_empty() && t.len() < 100 && !t.contains(char::is_whitespace)).then(|| t.to_owned())
        }) {
            Some(error) => format!("Slack refused the message ({status}): {}", slack_advice(&error)),
            None => format!("Slack refused the message ({status}){said}"),
        }),
        (ChatKind::Teams, 404) => Posted::Failed(
            "Teams answered 404: the workflow is gone or turned off. Add the channel again with the workflow's new address.".into(),
        ),
        (ChatKind::Teams, 401 | 403) => Posted::Failed(format!(
            "Teams refused the address ({status}): the workflow's address changed or its signature is wrong. Add the channel again."
        )),
        (ChatKind::Teams, _) => Posted::Failed(format!("Teams answered {status}, not 202{said}")),
    }
}

/// The error of a Web API style `{"ok": false, "error": "…"}` answer.
fn slack_error(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Answer {
        ok: bool,
        #[serde(default)]
        error: String,
    }
    serde_json::from_str::<Answer>(text)
        .ok()
        .filter(|a| !a.ok)
        .map(|a| a.error)
}

/// Slack's error codes, with what the admin can do about each.
fn slack_advice(error: &str) -> String {
    let advice = match error {
        "no_service" | "invalid_token" | "no_team" | "team_disabled" => {
            "the webhook was removed or turned off; add the channel again with a new webhook"
        }
        "channel_not_found" | "channel_is_archived" => {
            "the channel is gone or archived; make a webhook for another channel"
        }
        "action_prohibited" | "posting_to_general_channel_denied" => {
            "the workspace does not allow this webhook to post there"
        }
        "invalid_payload" | "no_text" | "too_many_attachments" => {
            "Slack could not read the message"
        }
        _ => "",
    };
    if advice.is_empty() {
        error.to_owned()
    } else {
        format!("{error}: {advice}")
    }
}

/// A short quote of what the service said, for the log.
fn said(text: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        return String::new();
    }
    let short: String = t.chars().take(200).collect();
    format!(": {short}")
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_as_each_service_means_them() {
        assert_eq!(answer(ChatKind::Slack, 200, None, "ok"), Posted::Delivered);
        assert_eq!(answer(ChatKind::Teams, 202, None, ""), Posted::Delivered);
        assert_eq!(answer(ChatKind::Teams, 200, None, "1"), Posted::Delivered);
        assert!(
            matches!(answer(ChatKind::Teams, 200, None, "Webhook message delivery failed"), Posted::Failed(e) if e.contains("not 202"))
        );
        assert_eq!(
            answer(ChatKind::Slack, 429, Some(30), ""),
            Posted::Retry {
                after: Some(30),
                error: "Slack asked Tandem to slow down (429)".into()
            }
        );
        assert!(matches!(
            answer(ChatKind::Teams, 429, None, ""),
            Posted::Retry {
                after: Some(60),
                ..
            }
        ));
        assert!(matches!(
            answer(ChatKind::Teams, 503, None, ""),
            Posted::Retry { after: None, .. }
        ));
        assert!(matches!(
            answer(ChatKind::Slack, 404, None, "no_service"),
            Posted::Failed(e) if e == "Slack refused the message (404): no_service: the webhook was removed or turned off; add the channel again with a new webhook"
        ));
        assert!(matches!(
            answer(ChatKind::Slack, 200, None, r#"{"ok":false,"error":"channel_is_archived"}"#),
            Posted::Failed(e) if e.starts_with("channel_is_archived: the channel is gone")
        ));
        assert!(
            matches!(answer(ChatKind::Teams, 404, None, ""), Posted::Failed(e) if e.contains("workflow is gone"))
        );
    }
}
