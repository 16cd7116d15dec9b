//! Accounts: sign-up (open, by allowed domain, or by invitation), sign-in with throttling, and
//! password reset by a single-use link. Plain async functions over [`AppState`], called by the
//! thin server functions.

mod password_reset;
mod sign_in;
mod sign_up;

pub use password_reset::{request_password_reset, reset_password};
pub use sign_in::sign_in;
pub use sign_up::{sign_up, sign_up_details, usable_token, SignUp};

use crate::domain::{Email, Password};
use crate::error::AppError;

/// Failures allowed per account, and per client address, within [`THROTTLE_WINDOW_SECS`].
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 20;
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;
pub const RESET_TTL_SECS: i64 = 60 * 60;

pub(super) fn email_field(raw: &str) -> Result<Email, AppError> {
    Email::parse(raw).map_err(|e| AppError::invalid("email", e.to_string()))
}

pub(super) fn password_field(raw: &str) -> Result<Password, AppError> {
    Password::parse(raw).map_err(|e| AppError::invalid("password", e.to_string()))
}

pub(super) fn name_field(raw: &str) -> Result<String, AppError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "Enter your name."));
    }
    if name.chars().count() > 100 {
        return Err(AppError::invalid("name", "Use at most 100 characters."));
    }
    Ok(name.to_owned())
}
