//! What Tandem sends each person and when, and the unsubscribe links in its emails.

use crate::domain::NotificationInput;
use crate::error::AppError;
use crate::models::{NotificationsPage, UnsubscribeView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{notifications, support::context};

/// The signed-in person's notification settings.
#[server(endpoint = "notifications")]
pub async fn load_notifications() -> Result<NotificationsPage, AppError> {
    let me = context::require_user().await?;
    notifications::page(&context::state()?, &me).await
}

#[server(endpoint = "notifications/save")]
pub async fn save_notifications(input: NotificationInput) -> Result<(), AppError> {
    let me = context::require_user().await?;
    notifications::save(&context::state()?, &me, &input).await?;
    leptos_axum::redirect("/profile/notifications?saved=1");
    Ok(())
}

/// What an unsubscribe link stands for; no sign-in needed, the link is signed.
#[server(endpoint = "unsubscribe/view")]
pub async fn load_unsubscribe(token: String) -> Result<UnsubscribeView, AppError> {
    notifications::view(&context::state()?, &token).await
}

/// Turns the link's kind of email off, or with `on`, back on.
#[server(endpoint = "unsubscribe/set")]
pub async fn set_subscription(
    token: String,
    on: Option<String>,
) -> Result<UnsubscribeView, AppError> {
    let on = on.is_some_and(|v| v == "1");
    let view = notifications::set(&context::state()?, &token, on).await?;
    leptos_axum::redirect(&format!(
        "/unsubscribe/{token}?{}",
        if on { "on=1" } else { "done=1" }
    ));
    Ok(view)
}
