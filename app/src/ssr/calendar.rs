//! Each person's private calendar feed, composed from the features that put things in a
//! calendar: the events they are going to or waiting for, and their accepted pair sessions.
//! Calendar apps fetch it without cookies, so the secret in its address is the key; only a
//! hash of that secret is stored, and a new address revokes the old one.

use super::{events, pairs, AppState};
use crate::error::AppError;
use crate::models::User;
use crate::ssr::support::crypto;
use crate::ssr::support::ics::calendar;

/// A new private feed URL for `user`; any earlier one stops working.
pub async fn new_feed(state: &AppState, user: &User) -> Result<String, AppError> {
    let (token, hash) = crypto::new_token();
    state.db.set_calendar_feed(user.id, &hash).await?;
    Ok(state.settings.link(&format!("/calendar/{token}.ics")))
}

/// The feed a token opens, or `None` when the address no longer works.
pub async fn feed(state: &AppState, token: &str) -> Result<Option<String>, AppError> {
    let Some(owner) = state
        .db
        .calendar_feed_owner(&crypto::hash_token(token))
        .await?
    else {
        return Ok(None);
    };
    let mut entries = events::export::feed_entries(state, owner).await?;
    if let Some(user) = state.db.user_by_id(owner).await? {
        entries.extend(pairs::feed_entries(state, &user).await?);
    }
    Ok(Some(calendar(&entries, Some("Tandem"))))
}
