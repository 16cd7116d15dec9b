//! Sign-in, throttled per account and per client address.

use super::{MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP, THROTTLE_WINDOW_SECS};
use crate::domain::Email;
use crate::error::AppError;
use crate::ssr::storage::ThrottleScope;
use crate::ssr::support::crypto::verify_password;
use crate::ssr::{access, AppState};
use std::net::IpAddr;

const SIGN_IN_FAILED: &str = "The email or password is incorrect.";

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
    // A field left empty or an address that cannot be one is named as such: saying so tells
    // nothing about which accounts exist.
    if email.trim().is_empty() {
        return Err(AppError::invalid("email", "Enter your email address."));
    }
    let email = Email::parse(email).map_err(|_| {
        AppError::invalid(
            "email",
            "Enter your email address as name@example.com, with one @.",
        )
    })?;
    if password.is_empty() {
        return Err(AppError::invalid("password", "Enter your password."));
    }
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
            // Said only to someone who knows the password: the account exists, and is closed.
            if db.user_by_id(id).await?.is_some_and(|u| !u.active()) {
                tracing::info!(user_id = id, "sign-in of a deactivated account refused");
                return Err(AppError::invalid(
                    "",
                    "This account has been closed. Ask your Tandem admin if you think that is a mistake.",
                ));
            }
            // Said only to someone who knows the password, as above.
            if !access::password_allowed(state, Some(id)).await? {
                return Err(AppError::invalid("", access::SSO_ONLY));
            }
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
