//! Invitation links, shared by the people an org admin invites and by the directory import:
//! a single-use token, kept only as its hash, and the email that carries it.

use super::{emails, outbox, AppState};
use crate::domain::{Email, Role};
use crate::error::AppError;
use crate::ssr::storage::now;
use crate::ssr::support::crypto::new_token;

/// How long an invitation link works.
pub const INVITATION_TTL_SECS: i64 = 14 * 24 * 60 * 60;

/// Invites someone by email with the role they will have; returns the link. People imported
/// from the directory exist without a password until they accept, so they can be invited;
/// someone with a password already has an account.
pub async fn invite(
    state: &AppState,
    inviter: i64,
    email: &str,
    role: Role,
) -> Result<String, AppError> {
    let email = Email::parse(email).map_err(|e| AppError::invalid("email", e.to_string()))?;
    if let Some((_, Some(_))) = state.db.credentials(&email).await? {
        return Err(AppError::invalid(
            "email",
            "This person already has an account.",
        ));
    }
    let (token, hash) = new_token();
    let link = state.settings.link(&format!("/sign-up?invite={token}"));
    let org = state.db.org_settings().await?;
    let mail = emails::invitation(email.as_str(), &org.name, &link);
    let job = outbox::email(&state.settings, None, mail, format!("invitation:{hash}"));
    state
        .db
        .create_invitation(
            &email,
            role,
            &hash,
            Some(inviter),
            now() + INVITATION_TTL_SECS,
            &[job],
        )
        .await?;
    Ok(link)
}
