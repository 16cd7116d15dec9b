//! Sign-up: a new account, or an imported person claiming theirs through an invitation.

use super::{email_field, name_field, password_field};
use crate::domain::Role;
use crate::error::AppError;
use crate::models::SignUpDetails;
use crate::ssr::storage::{now, Db, NewAccount, SignUpOutcome, TokenKind, TokenRow};
use crate::ssr::support::context::internal;
use crate::ssr::support::crypto::{hash_password, hash_token};
use crate::ssr::{access, AppState};

pub struct SignUp<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    /// The token from an invitation link, if the person came through one.
    pub invite: Option<&'a str>,
}

/// Creates an account and returns its id. Without an invitation, sign-up must be open and the
/// address's domain allowed. The first account of an empty database becomes org admin.
pub async fn sign_up(state: &AppState, form: SignUp<'_>) -> Result<i64, AppError> {
    let name = name_field(form.name)?;
    let email = email_field(form.email)?;
    let password = password_field(form.password)?;
    let db = &state.db;
    // With SSO only, accounts come from the provider: a password account could never sign in.
    if !access::password_allowed(state, None).await? {
        return Err(AppError::invalid("", access::SSO_ONLY));
    }

    let invitation = match form.invite.map(str::trim).filter(|t| !t.is_empty()) {
        Some(token) => {
            let row = usable_token(db, TokenKind::Invitation, token).await?;
            if row.email != email.as_str() {
                return Err(AppError::invalid(
                    "email",
                    format!("This invitation is for {}.", row.email),
                ));
            }
            Some(row)
        }
        None => {
            let org = db.org_settings().await?;
            if db.count_users().await? > 0 {
                if !org.open_signup {
                    return Err(AppError::Forbidden);
                }
                if !org.domain_allowed(email.domain()) {
                    return Err(AppError::invalid(
                        "email",
                        format!(
                            "Sign-up is open to addresses at {} only.",
                            org.allowed_domains.join(", ")
                        ),
                    ));
                }
            }
            None
        }
    };

    let hash = hash_password(password.expose().to_owned())
        .await
        .map_err(internal)?;
    let invitation = invitation.map(|row| (row.id, row.role.unwrap_or(Role::Participant)));
    let outcome = db
        .sign_up(NewAccount {
            email: &email,
            name: &name,
            password_hash: &hash,
            invitation,
        })
        .await?;
    match outcome {
        SignUpOutcome::Created { id, role } => {
            tracing::info!(user_id = id, role = role.as_str(), "account created");
            Ok(id)
        }
        SignUpOutcome::Claimed { id, role } => {
            tracing::info!(user_id = id, role = role.as_str(), "imported person joined");
            Ok(id)
        }
        SignUpOutcome::EmailTaken => Err(AppError::invalid(
            "email",
            "An account with this email already exists. Sign in, or reset your password.",
        )),
        SignUpOutcome::InvitationUsed => Err(AppError::invalid(
            "",
            "This invitation has already been used. Sign in instead.",
        )),
    }
}

/// The token behind an emailed link, if it can still be used; otherwise the reason, worded
/// for the person who clicked it.
pub async fn usable_token(db: &Db, kind: TokenKind, token: &str) -> Result<TokenRow, AppError> {
    let (invalid, used, expired) = match kind {
        TokenKind::Invitation => (
            "This invitation link is not valid. Ask your Tandem admin for a new one.",
            "This invitation has already been used. Sign in instead.",
            "This invitation has expired. Ask your Tandem admin for a new one.",
        ),
        TokenKind::PasswordReset => (
            "This reset link is not valid. Ask for a new one.",
            "This reset link has already been used. Ask for a new one if you need it.",
            "This reset link has expired. Ask for a new one.",
        ),
    };
    let row = db
        .find_token(kind, &hash_token(token))
        .await?
        .ok_or_else(|| AppError::invalid("", invalid))?;
    if row.used_at.is_some() {
        Err(AppError::invalid("", used))
    } else if row.expires_at <= now() {
        Err(AppError::invalid("", expired))
    } else {
        Ok(row)
    }
}

/// What the sign-up page needs before showing its form: whether it is open, and for an
/// invitation link, the address it was sent to or why it no longer works.
pub async fn sign_up_details(
    state: &AppState,
    invite: Option<&str>,
) -> Result<SignUpDetails, AppError> {
    let org = state.db.org_settings().await?;
    let empty = state.db.count_users().await? == 0;
    let (mut invited_email, mut invite_problem) = (None, None);
    if let Some(token) = invite.filter(|t| !t.trim().is_empty()) {
        match usable_token(&state.db, TokenKind::Invitation, token).await {
            Ok(row) => invited_email = Some(row.email),
            Err(AppError::Invalid { message, .. }) => invite_problem = Some(message),
            Err(other) => return Err(other),
        }
    }
    Ok(SignUpDetails {
        org_name: org.name,
        open: empty || org.open_signup,
        invited_email,
        invite_problem,
    })
}
