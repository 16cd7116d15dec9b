//! The organisation's Slack app (org admins) and each person's choice of Slack messages.

use crate::error::AppError;
use crate::models::{SlackAppView, SlackChoice};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::Role;
#[cfg(feature = "ssr")]
use crate::ssr::{slack, support::context};

#[server(endpoint = "admin/slack")]
pub async fn load_slack_app() -> Result<SlackAppView, AppError> {
    context::require_role(Role::OrgAdmin).await?;
    slack::view(&context::state()?).await
}

/// Connects the app: the token is checked with Slack before anything is kept.
#[server(endpoint = "admin/slack/save")]
pub async fn save_slack_app(token: String, signing_secret: String) -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    slack::save(&context::state()?, &me, &token, &signing_secret).await?;
    leptos_axum::redirect("/admin/slack?saved=1");
    Ok(())
}

#[server(endpoint = "admin/slack/remove")]
pub async fn remove_slack_app() -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    slack::remove(&context::state()?, &me).await?;
    leptos_axum::redirect("/admin/slack?removed=1");
    Ok(())
}

#[server(endpoint = "profile/slack")]
pub async fn load_slack_choice() -> Result<SlackChoice, AppError> {
    let me = context::require_user().await?;
    let (available, dm) = slack::choice(&context::state()?, &me).await?;
    Ok(SlackChoice { available, dm })
}

/// Whether notifications go to the person in Slack (a checkbox: absent is no).
#[server(endpoint = "profile/slack/save")]
pub async fn save_slack_choice(#[server(default)] dm: Option<String>) -> Result<(), AppError> {
    let me = context::require_user().await?;
    slack::save_choice(&context::state()?, &me, dm.is_some()).await?;
    leptos_axum::redirect("/profile/notifications?slack=1#slack");
    Ok(())
}
