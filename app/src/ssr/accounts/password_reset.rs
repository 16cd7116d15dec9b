//! Password reset by a single-use link that expires after an hour.

use super::sign_up::usable_token;
use super::{email_field, password_field, RESET_TTL_SECS};
use crate::error::AppError;
use crate::ssr::storage::{now, ThrottleScope, TokenKind};
use crate::ssr::support::context::internal;
use crate::ssr::support::crypto::{hash_password, new_token};
use crate::ssr::{access, emails, outbox, AppState};

/// Emails a single-use reset link when the address has an account. The answer is the same
/// either way, so the form cannot be used to find out who has an account.
pub async fn request_password_reset(state: &AppState, email: &str) -> Result<(), AppError> {
    let email = email_field(email)?;
    let Some(user) = state.db.user_by_email(&email).await? else {
        tracing::info!(email = %email, "password reset asked for an unknown address");
        return Ok(());
    };
    // With SSO only, a reset link would be a password that cannot sign in: none is sent.
    if !access::password_allowed(state, Some(user.id)).await? {
        tracing::info!(
            user_id = user.id,
            "password reset refused: single sign-on only"
        );
        return Ok(());
    }
    state.db.revoke_password_resets(user.id).await?;
    let (token, hash) = new_token();
    let link = state
        .settings
        .link(&format!("/reset-password?token={token}"));
    let org = state.db.org_settings().await?;
    // Sent at once, whatever the person's quiet hours: they are waiting for it.
    let mail = emails::password_reset(&user.email, &user.name, &org.name, &link);
    let job = outbox::email(
        &state.settings,
        Some(user.id),
        mail,
        format!("reset:{hash}"),
    );
    state
        .db
        .create_password_reset(user.id, &hash, now() + RESET_TTL_SECS, &[job])
        .await?;
    Ok(())
}

/// Sets a new password from a reset link and returns the account id. The link is consumed in
/// the same transaction, so it can never be used twice.
pub async fn reset_password(
    state: &AppState,
    token: &str,
    password: &str,
) -> Result<i64, AppError> {
    let password = password_field(password)?;
    let db = &state.db;
    let row = usable_token(db, TokenKind::PasswordReset, token).await?;
    let user_id = row
        .user_id
        .ok_or_else(|| internal("a password reset without a person"))?;
    if !access::password_allowed(state, Some(user_id)).await? {
        return Err(AppError::invalid("", access::SSO_ONLY));
    }
    let hash = hash_password(password.expose().to_owned())
        .await
        .map_err(internal)?;
    if !db.reset_password(row.id, user_id, &hash).await? {
        return Err(AppError::invalid(
            "",
            "This reset link has already been used. Ask for a new one if you need it.",
        ));
    }
    db.clear_sign_in_failures(ThrottleScope::Account, &row.email)
        .await?;
    tracing::info!(user_id, "password reset");
    Ok(user_id)
}
