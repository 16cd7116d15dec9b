//! What Slack sends Tandem: a button pressed in a direct message, and the `/tandem` command.
//! Each request is checked first (the app's signing secret, a timestamp within five minutes,
//! never the same request twice); then Tandem acts as the person whose Slack account maps to
//! a Tandem account, with the same rules as the page the emailed link opens: a button carries
//! the link's signed token, and works only for the person it was sent to.

use super::api::{ApiError, SlackApi};
use super::credentials;
use super::signature::{self, Refused};
use crate::domain::ChatAction;
use crate::error::AppError;
use crate::models::User;
use crate::ssr::storage::now;
use crate::ssr::support::links::LinkPurpose;
use crate::ssr::support::web_fetch;
use crate::ssr::{events, pairs, AppState};
use serde_json::{json, Value};

/// The headers Slack signs a request with.
pub struct Signed<'a> {
    pub timestamp: Option<&'a str>,
    pub signature: Option<&'a str>,
}

/// Checks a request; returns the app's token. A refusal is logged and answered 401.
async fn authenticate(
    state: &AppState,
    signed: &Signed<'_>,
    body: &[u8],
) -> Result<String, AppError> {
    let Some((token, secret)) = credentials(state).await? else {
        return Err(AppError::NotFound("This Tandem has no Slack app.".into()));
    };
    let refused = |why: Refused| {
        tracing::warn!(reason = %why, "a Slack request was refused");
        AppError::Unauthenticated
    };
    signature::verify(
        secret.as_bytes(),
        signed.timestamp,
        signed.signature,
        body,
        now(),
    )
    .map_err(refused)?;
    if !state
        .db
        .first_slack_request(signed.signature.unwrap_or_default())
        .await?
    {
        return Err(refused(Refused::Replayed));
    }
    Ok(token)
}

fn form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The Tandem account of Slack's user `slack_user`: known from an earlier lookup, or found by
/// the email address Slack has for them.
async fn person(
    state: &AppState,
    api: &SlackApi<'_>,
    slack_user: &str,
) -> Result<Option<User>, AppError> {
    if let Some(id) = state.db.user_of_slack_id(slack_user).await? {
        return Ok(state.db.user_by_id(id).await?.filter(User::active));
    }
    let email = match api.call("users.info", &[("user", slack_user)]).await {
        Ok(answer) => answer["user"]["profile"]["email"]
            .as_str()
            .map(str::to_owned),
        Err(ApiError::Refused(_)) => None,
        Err(e) => return Err(AppError::Internal(e.to_string())),
    };
    let Some(email) = email.and_then(|e| crate::domain::Email::parse(&e).ok()) else {
        return Ok(None);
    };
    let Some(user) = state.db.user_by_email(&email).await?.filter(User::active) else {
        return Ok(None);
    };
    state
        .db
        .save_slack_person(user.id, Some(slack_user))
        .await?;
    Ok(Some(user))
}

/// A button pressed: the answer is recorded as the web page records it, and the message is
/// replaced by one that says what was answered (or, when it cannot be, the reason is shown to
/// the person alone).
pub async fn interaction(
    state: &AppState,
    signed: Signed<'_>,
    body: &[u8],
) -> Result<(), AppError> {
    let token = authenticate(state, &signed, body).await?;
    let form = form(body);
    let payload: Value = field(&form, "payload")
        .and_then(|p| serde_json::from_str(p).ok())
        .ok_or_else(|| AppError::invalid("payload", "The request holds no interaction payload."))?;
    if payload["type"] != "block_actions" {
        return Ok(());
    }
    let api = SlackApi {
        base: &state.settings.slack_api_base,
        token: &token,
    };
    let slack_user = payload["user"]["id"].as_str().unwrap_or_default();
    let response_url = payload["response_url"].as_str().unwrap_or_default();
    let action = &payload["actions"][0];
    let Some(kind) = action["action_id"].as_str().and_then(ChatAction::parse) else {
        return Ok(());
    };
    let link_token = action["value"].as_str().unwrap_or_default();
    let reply = match person(state, &api, slack_user).await? {
        None => Err("Tandem does not know your Slack account: is your Slack email your work email? Answer from the email instead.".to_owned()),
        Some(user) => answer(state, &user, kind, link_token).await?,
    };
    let message = match reply {
        Ok(said) => {
            let mut blocks: Vec<Value> = payload["message"]["blocks"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter(|b| b["type"] != "actions")
                .collect();
            blocks.push(json!({
                "type": "section",
                "text": { "type": "mrkdwn", "text": format!("✓ {said}") },
            }));
            json!({ "replace_original": true, "text": said, "blocks": blocks })
        }
        Err(why) => json!({ "response_type": "ephemeral", "replace_original": false, "text": why }),
    };
    respond(state, response_url, &message).await;
    Ok(())
}

/// Records what the button answers, for `user` only; `Err` says why it cannot be.
async fn answer(
    state: &AppState,
    user: &User,
    kind: ChatAction,
    token: &str,
) -> Result<Result<String, String>, AppError> {
    let purpose = match kind {
        ChatAction::RsvpGoing | ChatAction::RsvpNotGoing => LinkPurpose::Rsvp,
        ChatAction::SessionMet | ChatAction::SessionMissed => LinkPurpose::Session,
        ChatAction::SnoozeWeek => LinkPurpose::Snooze,
    };
    let claim = match state.settings.link_keys(purpose).verify(token, now()) {
        Ok(claim) if claim.user_id == user.id => claim,
        Ok(_) => return Ok(Err("This button was sent to someone else.".into())),
        Err(e) => return Ok(Err(e.to_string())),
    };
    let done = match kind {
        ChatAction::RsvpGoing | ChatAction::RsvpNotGoing => {
            events::rsvp::answer(state, token, kind == ChatAction::RsvpGoing)
                .await
                .map(|v| format!("You answered {} for {}, {}.", kind.label(), v.title, v.when))
        }
        ChatAction::SessionMet | ChatAction::SessionMissed => {
            pairs::check_link::answer(state, token, kind == ChatAction::SessionMet)
                .await
                .map(|v| {
                    format!(
                        "Recorded: {} for your session with {}, {}.",
                        kind.label(),
                        v.with,
                        v.when
                    )
                })
        }
        ChatAction::SnoozeWeek => {
            // The claim names the reminder's week; the next one is skipped.
            state
                .db
                .snooze_goal_reminders(user.id, claim.subject + 1)
                .await?;
            Ok("Snoozed: no goal check-in reminder next week.".to_owned())
        }
    };
    match done {
        Ok(said) => Ok(Ok(said)),
        Err(AppError::Invalid { message, .. } | AppError::Conflict(message)) => Ok(Err(message)),
        Err(e) => Err(e),
    }
}

/// Posts to the `response_url` Slack gave, when it leads where Slack lives.
async fn respond(state: &AppState, url: &str, message: &Value) {
    let allowed = reqwest::Url::parse(url).ok().is_some_and(|u| {
        web_fetch::host_allowed(
            u.host_str().unwrap_or_default(),
            &state.settings.chat_webhook_hosts,
        )
    });
    if !allowed {
        tracing::warn!(%url, "a Slack response address on a host Tandem does not post to");
        return;
    }
    let sent = web_fetch::client().post(url).json(message).send().await;
    if let Err(e) = sent {
        tracing::warn!(error = %e, "a Slack response could not be posted");
    }
}

/// `/tandem`: the person's next session and the invitations waiting for their answer, shown
/// to them alone.
pub async fn command(state: &AppState, signed: Signed<'_>, body: &[u8]) -> Result<Value, AppError> {
    let token = authenticate(state, &signed, body).await?;
    let form = form(body);
    let api = SlackApi {
        base: &state.settings.slack_api_base,
        token: &token,
    };
    let slack_user = field(&form, "user_id").unwrap_or_default();
    let Some(user) = person(state, &api, slack_user).await? else {
        return Ok(json!({
            "response_type": "ephemeral",
            "text": "Tandem does not know your Slack account: is your Slack email your work email?",
        }));
    };
    let mut lines = Vec::new();
    match pairs::next_session(state, &user).await? {
        Some(s) => lines.push(format!(
            "*Your next session:* with {}, {} ({})",
            s.with, s.when, s.program_name
        )),
        None => lines.push(format!(
            "*No session planned.* Propose one from <{}|your programs>.",
            state.settings.link("/programs")
        )),
    }
    let open: Vec<_> = events::page::next(state, &user, 20)
        .await?
        .into_iter()
        .filter(|e| e.my_state.is_none() && !e.cancelled)
        .take(5)
        .collect();
    if open.is_empty() {
        lines.push("*No invitations wait for your answer.*".into());
    } else {
        lines.push("*Invitations waiting for your answer:*".into());
        for e in open {
            lines.push(format!(
                "• <{}|{}>, {}",
                state.settings.link(&format!("/events/{}", e.id)),
                e.title,
                e.when
            ));
        }
    }
    Ok(json!({ "response_type": "ephemeral", "text": lines.join("\n") }))
}
