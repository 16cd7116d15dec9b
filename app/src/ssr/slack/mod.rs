//! The organisation's Slack app, for organisations that want direct messages and buttons:
//! an org admin creates the app in their own workspace from the manifest Tandem writes and
//! pastes its bot token and signing secret. Then each person's notifications go to them in
//! Slack (unless they turn that off, or Slack does not know their address: then by email),
//! with buttons that answer an invitation or a "did you meet?" in place, and `/tandem` shows
//! their next session and open invitations.
//!
//! This room answers on behalf of people (`answers`), so like the delivery room it calls the
//! features whose links it stands in for; no feature calls it.

pub mod answers;
pub mod api;
mod messages;
pub mod signature;

pub use messages::{direct_message, introduce, introductions, Dm};

use crate::domain::AuditAction;
use crate::error::AppError;
use crate::models::{SlackAppView, User};
use crate::ssr::audit::{self, Actor};
use crate::ssr::support::sealed::SealPurpose;
use crate::ssr::{AppState, Settings};
use api::{ApiError, SlackApi};

/// The app's scopes, each with what Tandem uses it for (the settings page and docs list them).
pub const SCOPES: [(&str, &str); 6] = [
    ("chat:write", "post notifications to people"),
    ("im:write", "open a direct message with a person"),
    (
        "mpim:write",
        "start a group message for a new pair or circle",
    ),
    ("users:read", "see who pressed a button or typed /tandem"),
    (
        "users:read.email",
        "find each person by their work email address",
    ),
    ("commands", "the /tandem command"),
];

/// The app's token and signing secret, opened; `None` when there is no app.
pub(crate) async fn credentials(state: &AppState) -> Result<Option<(String, String)>, AppError> {
    let Some(row) = state.db.slack_app().await? else {
        return Ok(None);
    };
    let seals = state.settings.seals(SealPurpose::SlackApp);
    match (
        seals.open(&row.sealed_token),
        seals.open(&row.sealed_secret),
    ) {
        (Ok(token), Ok(secret)) => Ok(Some((token, secret))),
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "the Slack app's credentials cannot be opened; save them again");
            Ok(None)
        }
    }
}

/// The Slack settings page: whether an app is connected, and the manifest to create one.
pub async fn view(state: &AppState) -> Result<SlackAppView, AppError> {
    let row = state.db.slack_app().await?;
    Ok(SlackAppView {
        connected: row.is_some(),
        token_hint: row.map(|r| r.token_hint),
        manifest: manifest(&state.settings),
        scopes: SCOPES
            .iter()
            .map(|(s, why)| (s.to_string(), why.to_string()))
            .collect(),
    })
}

/// The app manifest for the workspace's admin to paste into "Create an app → From a manifest".
pub fn manifest(settings: &Settings) -> String {
    let manifest = serde_json::json!({
        "display_information": {
            "name": "Tandem",
            "description": "Peer mentoring: your matches, sessions and events",
            "background_color": "#0f766e",
        },
        "features": {
            "bot_user": { "display_name": "Tandem", "always_online": true },
            "slash_commands": [{
                "command": "/tandem",
                "url": settings.link("/slack/commands"),
                "description": "Your next session and the invitations waiting for an answer",
                "should_escape": false,
            }],
        },
        "oauth_config": {
            "scopes": { "bot": SCOPES.iter().map(|(s, _)| *s).collect::<Vec<_>>() },
        },
        "settings": {
            "interactivity": { "is_enabled": true, "request_url": settings.link("/slack/interactions") },
            "org_deploy_enabled": false,
            "socket_mode_enabled": false,
            "token_rotation_enabled": false,
        },
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default()
}

/// Checks the token with Slack (`auth.test`) and keeps both, sealed.
pub async fn save(
    state: &AppState,
    admin: &User,
    token: &str,
    signing_secret: &str,
) -> Result<(), AppError> {
    let token = token.trim();
    let secret = signing_secret.trim();
    if !token.starts_with("xoxb-") || token.len() > 255 || token.contains(char::is_whitespace) {
        return Err(AppError::invalid(
            "token",
            "Paste the Bot User OAuth Token from the app's OAuth & Permissions page: it starts with xoxb-.",
        ));
    }
    if secret.len() < 16 || secret.len() > 128 || !secret.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(AppError::invalid(
            "signing_secret",
            "Paste the Signing Secret from the app's Basic Information page: letters and digits, usually 32.",
        ));
    }
    let api = SlackApi {
        base: &state.settings.slack_api_base,
        token,
    };
    match api.call("auth.test", &[]).await {
        Ok(_) => {}
        Err(ApiError::Refused(code)) => {
            return Err(AppError::invalid(
                "token",
                format!("Slack did not accept this token ({code}). Copy it again from the app's OAuth & Permissions page, after installing the app to the workspace."),
            ))
        }
        Err(e) => {
            return Err(AppError::Conflict(format!(
                "{e}. Nothing was saved; try again in a minute."
            )))
        }
    }
    let seals = state.settings.seals(SealPurpose::SlackApp);
    let hint = format!("xoxb-…{}", &token[token.len() - 4..]);
    state
        .db
        .save_slack_app(&seals.seal(token), &seals.seal(secret), &hint, admin.id)
        .await?;
    tracing::info!(by = admin.id, "Slack app connected");
    audit::record(
        state,
        &Actor::Person(admin),
        AuditAction::SlackChanged,
        None,
        "Connected",
    )
    .await?;
    Ok(())
}

pub async fn remove(state: &AppState, admin: &User) -> Result<(), AppError> {
    state.db.remove_slack_app().await?;
    tracing::info!(by = admin.id, "Slack app removed");
    audit::record(
        state,
        &Actor::Person(admin),
        AuditAction::SlackChanged,
        None,
        "Disconnected",
    )
    .await?;
    Ok(())
}

/// Whether the organisation has a Slack app and whether `user` takes messages there.
pub async fn choice(state: &AppState, user: &User) -> Result<(bool, bool), AppError> {
    Ok((
        state.db.slack_app().await?.is_some(),
        state.db.slack_dm(user.id).await?,
    ))
}

pub async fn save_choice(state: &AppState, user: &User, dm: bool) -> Result<(), AppError> {
    Ok(state.db.save_slack_dm(user.id, dm).await?)
}
