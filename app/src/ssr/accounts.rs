//! Account rules: sign-up, sign-in with throttling, password reset, invitations, roles and
//! profiles. Plain async functions over [`AppState`], called by the thin server functions.

use super::context::internal;
use super::crypto::{hash_password, hash_token, new_token, verify_password};
use super::mailer::OutgoingMail;
use super::storage::{now, Db, NewAccount, SignUpOutcome, ThrottleScope, TokenKind, TokenRow};
use super::AppState;
use crate::domain::{Email, Password, ProfileInput, Role};
use crate::error::AppError;
use crate::models::OrgSettings;
use std::net::IpAddr;

/// Failures allowed per account, and per client address, within [`THROTTLE_WINDOW_SECS`].
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 20;
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;
pub const RESET_TTL_SECS: i64 = 60 * 60;
pub const INVITATION_TTL_SECS: i64 = 14 * 24 * 60 * 60;

const SIGN_IN_FAILED: &str = "The email or password is incorrect.";

fn email_field(raw: &str) -> Result<Email, AppError> {
    Email::parse(raw).map_err(|e| AppError::invalid("email", e.to_string()))
}

fn password_field(raw: &str) -> Result<Password, AppError> {
    Password::parse(raw).map_err(|e| AppError::invalid("password", e.to_string()))
}

fn name_field(raw: &str) -> Result<String, AppError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "Enter your name."));
    }
    if name.chars().count() > 100 {
        return Err(AppError::invalid("name", "Use at most 100 characters."));
    }
    Ok(name.to_owned())
}

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

/// Checks a sign-in and returns the account id. Failures are counted per account and per
/// client address; past the limit the answer is "too many attempts" whether or not the
/// password is right, and the message never says which of email or password was wrong.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    ip: Option<IpAddr>,
) -> Result<i64, AppError> {
    let db = &state.db;
    let email = Email::parse(email).map_err(|_| AppError::invalid("", SIGN_IN_FAILED))?;
    let ip_key = ip.map(|ip| ip.to_string());
    let account_failures = db
        .recent_sign_in_failures(ThrottleScope::Account, email.as_str(), THROTTLE_WINDOW_SECS)
        .await?;
    let ip_failures = match &ip_key {
        Some(k) => {
            db.recent_sign_in_failures(ThrottleScope::Ip, k, THROTTLE_WINDOW_SECS)
                .await?
        }
        None => 0,
    };
    if account_failures >= MAX_FAILURES_PER_ACCOUNT || ip_failures >= MAX_FAILURES_PER_IP {
        tracing::warn!(email = %email, ip = ?ip_key, "sign-in throttled");
        return Err(AppError::TooManyRequests);
    }
    let creds = db.credentials(&email).await?;
    let (id, hash) = match creds {
        Some((id, hash)) => (Some(id), hash),
        None => (None, None),
    };
    let ok = verify_password(password.to_owned(), hash).await;
    match (ok, id) {
        (true, Some(id)) => {
            db.clear_sign_in_failures(ThrottleScope::Account, email.as_str())
                .await?;
            Ok(id)
        }
        _ => {
            db.record_sign_in_failure(ThrottleScope::Account, email.as_str())
                .await?;
            if let Some(k) = &ip_key {
                db.record_sign_in_failure(ThrottleScope::Ip, k).await?;
            }
            Err(AppError::invalid("", SIGN_IN_FAILED))
        }
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

/// Emails a single-use reset link when the address has an account. The answer is the same
/// either way, so the form cannot be used to find out who has an account.
pub async fn request_password_reset(state: &AppState, email: &str) -> Result<(), AppError> {
    let email = email_field(email)?;
    let Some(user) = state.db.user_by_email(&email).await? else {
        tracing::info!(email = %email, "password reset asked for an unknown address");
        return Ok(());
    };
    state.db.revoke_password_resets(user.id).await?;
    let (token, hash) = new_token();
    state
        .db
        .create_password_reset(user.id, &hash, now() + RESET_TTL_SECS)
        .await?;
    let link = state
        .settings
        .link(&format!("/reset-password?token={token}"));
    let org = state.db.org_settings().await?;
    let text = format!(
        "Hello {},\n\nSomeone (hopefully you) asked to reset your {} password on Tandem.\n\
         Choose a new password here within the next hour:\n\n{link}\n\n\
         The link works once. If you did not ask for this, ignore this message: your password \
         stays as it is.\n",
        user.name, org.name
    );
    send(
        state,
        OutgoingMail {
            to: user.email,
            subject: "Reset your Tandem password".into(),
            text,
        },
    )
    .await
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

/// Invites someone by email with the role they will have; returns the link.
pub async fn invite(
    state: &AppState,
    inviter: i64,
    email: &str,
    role: Role,
) -> Result<String, AppError> {
    let email = email_field(email)?;
    // People imported from the directory exist without a password until they accept.
    if let Some((_, Some(_))) = state.db.credentials(&email).await? {
        return Err(AppError::invalid(
            "email",
            "This person already has an account.",
        ));
    }
    let (token, hash) = new_token();
    state
        .db
        .create_invitation(
            &email,
            role,
            &hash,
            Some(inviter),
            now() + INVITATION_TTL_SECS,
        )
        .await?;
    let link = state.settings.link(&format!("/sign-up?invite={token}"));
    let org = state.db.org_settings().await?;
    let text = format!(
        "Hello,\n\nYou are invited to join {} on Tandem, where colleagues learn from each other \
         through peer mentoring.\n\nCreate your account here (the link works for 14 days):\n\n{link}\n",
        org.name
    );
    send(
        state,
        OutgoingMail {
            to: email.to_string(),
            subject: format!("Join {} on Tandem", org.name),
            text,
        },
    )
    .await?;
    Ok(link)
}

/// Changes a role. Org admins only; the last org admin cannot step down, so the
/// organisation is never left without one.
pub async fn change_role(state: &AppState, user_id: i64, role: Role) -> Result<(), AppError> {
    let db = &state.db;
    let target = db
        .user_by_id(user_id)
        .await?
        .ok_or_else(|| AppError::NotFound("No such person.".into()))?;
    if target.role == Role::OrgAdmin
        && role != Role::OrgAdmin
        && db.count_with_role(Role::OrgAdmin).await? <= 1
    {
        return Err(AppError::Conflict(
            "This is the only org admin. Make someone else org admin first.".into(),
        ));
    }
    db.set_role(user_id, role).await?;
    tracing::info!(user_id, role = role.as_str(), "role changed");
    Ok(())
}

/// Saves a profile after checking every field, the time zone and the manager (who must exist,
/// must not be the person, and must not be someone who reports to them).
pub async fn update_profile(
    state: &AppState,
    user_id: i64,
    input: ProfileInput,
) -> Result<(), AppError> {
    let p = input
        .parse()
        .map_err(|e| AppError::invalid(e.field, e.message))?;
    let level = p
        .level_number()
        .map_err(|e| AppError::invalid(e.field, e.message))?;
    if !p.time_zone.is_empty() && p.time_zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(AppError::invalid(
            "time_zone",
            format!(
                "{:?} is not a time zone. Use a name like Europe/Paris.",
                p.time_zone
            ),
        ));
    }
    let db = &state.db;
    let manager_id = if p.manager_email.is_empty() {
        None
    } else {
        let email = Email::parse(&p.manager_email)
            .map_err(|e| AppError::invalid("manager_email", e.to_string()))?;
        let manager = db.user_by_email(&email).await?.ok_or_else(|| {
            AppError::invalid("manager_email", "Nobody in Tandem has this email.")
        })?;
        if manager.id == user_id {
            return Err(AppError::invalid(
                "manager_email",
                "You cannot be your own manager.",
            ));
        }
        // Walk up from the manager; reaching the person would make a loop.
        let mut cursor = Some(manager.id);
        let mut steps = 0;
        while let Some(id) = cursor {
            if id == user_id {
                return Err(AppError::invalid(
                    "manager_email",
                    "This person reports to you, directly or further down.",
                ));
            }
            steps += 1;
            if steps > 1000 {
                break;
            }
            cursor = db.manager_of(id).await?;
        }
        Some(manager.id)
    };
    Ok(db.update_profile(user_id, &p, level, manager_id).await?)
}

pub async fn save_org_settings(
    state: &AppState,
    name: &str,
    open_signup: bool,
    domains: &str,
) -> Result<OrgSettings, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid(
            "org_name",
            "Enter a name of 1 to 100 characters.",
        ));
    }
    let allowed_domains =
        OrgSettings::parse_domains(domains).map_err(|m| AppError::invalid("allowed_domains", m))?;
    let s = OrgSettings {
        name: name.to_owned(),
        open_signup,
        allowed_domains,
    };
    state.db.save_org_settings(&s).await?;
    Ok(s)
}

async fn send(state: &AppState, mail: OutgoingMail) -> Result<(), AppError> {
    Ok(state.mailer.send(mail).await?)
}
