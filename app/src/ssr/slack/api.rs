//! The few Slack Web API methods Tandem calls, with the bot token: `users.lookupByEmail`,
//! `users.info`, `conversations.open` and `chat.postMessage`. Parameters go form-encoded, which
//! every method accepts; Slack answers `{"ok": true, …}` or `{"ok": false, "error": "…"}`,
//! and 429 with `Retry-After` when Tandem should slow down. The base address is a setting
//! (`TANDEM_SLACK_API_BASE`), so tests run this code unchanged against a stand-in.

use crate::ssr::support::web_fetch::client;
use serde_json::Value;

/// Why a call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("Slack asked Tandem to wait {0} seconds (429)")]
    RateLimited(i64),
    /// Slack's error code, e.g. `users_not_found`, `invalid_auth`.
    #[error("Slack answered {0}")]
    Refused(String),
    #[error("Slack could not be reached: {0}")]
    Unreachable(String),
}

impl ApiError {
    /// Whether trying again later may work.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::RateLimited(_) | ApiError::Unreachable(_) => true,
            ApiError::Refused(code) => {
                matches!(
                    code.as_str(),
                    "internal_error"
                        | "fatal_error"
                        | "service_unavailable"
                        | "request_timeout"
                        | "ratelimited"
                )
            }
        }
    }
}

/// The Web API at `base` (ending in `/`) with a bot token.
pub struct SlackApi<'a> {
    pub base: &'a str,
    pub token: &'a str,
}

impl SlackApi<'_> {
    /// Calls `method` with form parameters; the answer when `ok` is true.
    pub async fn call(&self, method: &str, params: &[(&str, &str)]) -> Result<Value, ApiError> {
        let url = format!("{}{method}", self.base);
        let response = client()
            .post(url)
            .bearer_auth(self.token)
            .form(params)
            .send()
            .await
            .map_err(|e| ApiError::Unreachable(e.to_string()))?;
        if response.status().as_u16() == 429 {
            let after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<i64>().ok())
                .unwrap_or(60)
                .clamp(1, 3600);
            return Err(ApiError::RateLimited(after));
        }
        if response.status().is_server_error() {
            return Err(ApiError::Unreachable(format!("HTTP {}", response.status())));
        }
        let answer: Value = response
            .json()
            .await
            .map_err(|e| ApiError::Unreachable(format!("an answer that is not JSON: {e}")))?;
        if answer["ok"] == true {
            Ok(answer)
        } else {
            Err(ApiError::Refused(
                answer["error"]
                    .as_str()
                    .unwrap_or("an unknown error")
                    .to_owned(),
            ))
        }
    }
}
