//! What a change queues. Features turn the messages they cause into jobs here and hand the
//! jobs to the storage function that makes the change, which writes them in the same
//! transaction: a rollback sends nothing, a commit loses nothing. Nothing is sent inline in a
//! request; the workers of `ssr::delivery` send.
//!
//! Every job has an idempotency key naming what it is about (`match:round:12:user:7`), so the
//! same message is never queued twice, whoever queues it and however often.

use super::storage::{now, NewJob};
use super::support::mailer::OutgoingMail;
use super::Settings;
use sha2::{Digest, Sha256};

/// The job kind of an email.
pub const EMAIL: &str = "email";

/// An email for `user_id` (when the recipient has an account), queued under `key` to go out
/// at `run_at`. Its `Message-ID` is made from the key, so every attempt sends the same
/// message.
pub fn email_at(
    settings: &Settings,
    user_id: Option<i64>,
    mut mail: OutgoingMail,
    key: impl Into<String>,
    run_at: i64,
) -> NewJob {
    let key = key.into();
    let digest = Sha256::digest(key.as_bytes());
    let id: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    mail.message_id = Some(format!(
        "<{id}@{}>",
        super::support::ics::uid_host(&settings.base_url)
    ));
    NewJob {
        kind: EMAIL.into(),
        subject: Some(mail.subject.clone()),
        payload: serde_json::to_string(&mail).unwrap_or_default(),
        key,
        run_at,
        max_attempts: 8,
        user_id,
        channel: Some("email".into()),
    }
}

/// An email to go out as soon as a worker takes it.
pub fn email(
    settings: &Settings,
    user_id: Option<i64>,
    mail: OutgoingMail,
    key: impl Into<String>,
) -> NewJob {
    email_at(settings, user_id, mail, key, now())
}
