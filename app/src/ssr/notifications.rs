//! Each person's choices of what Tandem sends them and when, and the unsubscribe links in
//! notifications: a page with a button when opened, one-click (RFC 8058) when a mail client
//! posts to it. Either turns one kind of email off for the link's person, without signing in.

use super::storage::now;
use super::support::links::{LinkError, LinkPurpose};
use super::AppState;
use crate::domain::{DeliveryMode, NotificationInput, NotificationKind};
use crate::error::AppError;
use crate::models::{NotificationsPage, UnsubscribeView, User};

/// The settings page of `user`.
pub async fn page(state: &AppState, user: &User) -> Result<NotificationsPage, AppError> {
    let prefs = state.db.notification_prefs(user.id).await?;
    let waiting = state.db.digest_items(user.id, i64::MAX).await?.len();
    Ok(NotificationsPage {
        input: prefs.input(),
        time_zone: user.time_zone.clone(),
        digest_waiting: waiting,
    })
}

/// Checks and saves the settings form.
pub async fn save(
    state: &AppState,
    user: &User,
    input: &NotificationInput,
) -> Result<(), AppError> {
    let prefs = input.parse()?;
    state.db.save_notification_prefs(user.id, &prefs).await?;
    Ok(())
}

/// The person and kind a link names, or why it cannot be used.
fn claim(state: &AppState, token: &str) -> Result<(i64, NotificationKind), String> {
    let claim = state
        .settings
        .link_keys(LinkPurpose::Unsubscribe)
        .verify(token, now())
        .map_err(|e| {
            match e {
                LinkError::Expired => {
                    "This link has expired. Sign in to choose which emails Tandem sends you."
                }
                _ => {
                    "This link is damaged or was changed, so it cannot be used. Open it again \
                     from the email, or sign in to choose which emails Tandem sends you."
                }
            }
            .to_owned()
        })?;
    let kind = NotificationKind::from_number(claim.subject)
        .ok_or_else(|| "This link names no kind of email Tandem sends.".to_owned())?;
    Ok((claim.user_id, kind))
}

/// What the link's page shows.
pub async fn view(state: &AppState, token: &str) -> Result<UnsubscribeView, AppError> {
    let (user_id, kind) = match claim(state, token) {
        Ok(c) => c,
        Err(problem) => return Ok(refused(problem)),
    };
    let Some(person) = state.db.user_by_id(user_id).await? else {
        return Ok(refused(
            "This link belongs to an account that no longer exists.".into(),
        ));
    };
    let prefs = state.db.notification_prefs(user_id).await?;
    Ok(UnsubscribeView {
        problem: None,
        kind: Some(kind),
        off: prefs.mode(kind) == DeliveryMode::Off,
        first_name: person.first_name().to_owned(),
    })
}

/// Turns the link's kind off (or, with `on`, back on); a link that cannot be used changes
/// nothing and says why.
pub async fn set(state: &AppState, token: &str, on: bool) -> Result<UnsubscribeView, AppError> {
    let (user_id, kind) = claim(state, token).map_err(|p| AppError::invalid("token", p))?;
    if state.db.user_by_id(user_id).await?.is_none() {
        return Err(AppError::NotFound(
            "This link belongs to an account that no longer exists.".into(),
        ));
    }
    let mode = if on {
        DeliveryMode::Now
    } else {
        DeliveryMode::Off
    };
    let prefs = state.db.notification_prefs(user_id).await?.with(kind, mode);
    state.db.save_notification_prefs(user_id, &prefs).await?;
    tracing::info!(
        user_id,
        kind = kind.as_str(),
        on,
        "email preference changed by link"
    );
    view(state, token).await
}

fn refused(problem: String) -> UnsubscribeView {
    UnsubscribeView {
        problem: Some(problem),
        kind: None,
        off: false,
        first_name: String::new(),
    }
}
