//! A program's chat channels, for the people who run it.

use crate::error::AppError;
use crate::models::{ChatSettings, DeliveryLine};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{chat, delivery::log, support::context};

#[server(endpoint = "programs/chat")]
pub async fn load_chat_settings(program_id: i64) -> Result<ChatSettings, AppError> {
    let me = context::require_user().await?;
    chat::settings(&context::state()?, &me, program_id).await
}

/// Adds a Slack or Teams channel by its webhook address.
#[server(endpoint = "programs/chat/add")]
pub async fn add_chat_channel(program_id: i64, kind: String, url: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    chat::add(&context::state()?, &me, program_id, &kind, &url).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}/channels?added=1"));
    Ok(())
}

#[server(endpoint = "programs/chat/remove")]
pub async fn remove_chat_channel(program_id: i64, channel_id: i64) -> Result<(), AppError> {
    let me = context::require_user().await?;
    chat::remove(&context::state()?, &me, program_id, channel_id).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}/channels?removed=1"));
    Ok(())
}

/// Whether round announcements name who was matched with whom (a checkbox: absent is no).
#[server(endpoint = "programs/chat/names")]
pub async fn save_chat_names(
    program_id: i64,
    #[server(default)] names: Option<String>,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    chat::set_names(&context::state()?, &me, program_id, names.is_some()).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}/channels?saved=1"));
    Ok(())
}

/// Posts a test message to a channel while the admin waits.
#[server(endpoint = "programs/chat/test")]
/// The page comes back at the top of the channel list, where the answer is shown.
pub async fn send_chat_test(program_id: i64, channel_id: i64) -> Result<DeliveryLine, AppError> {
    let me = context::require_user().await?;
    let line = log::send_chat_test(&context::state()?, &me, program_id, channel_id).await?;
    leptos_axum::redirect(&format!(
        "/programs/{program_id}/channels?test={}#channels-title",
        line.id
    ));
    Ok(line)
}

/// A test post's result after the page reloads.
#[server(endpoint = "programs/chat/tested")]
pub async fn load_chat_test(program_id: i64, id: i64) -> Result<DeliveryLine, AppError> {
    let me = context::require_user().await?;
    log::chat_test(&context::state()?, &me, program_id, id).await
}
