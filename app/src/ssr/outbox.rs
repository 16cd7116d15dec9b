//! What a change queues. Features turn the messages they cause into jobs here and hand the
//! jobs to the storage function that makes the change, which writes them in the same
//! transaction: a rollback sends nothing, a commit loses nothing. Nothing is sent inline in a
//! request; the workers of `ssr::delivery` send.
//!
//! Every job has an idempotency key naming what it is about (`match:round:12:user:7`), so the
//! same message is never queued twice, whoever queues it and however often.

use super::emails;
use super::storage::{now, NewJob};
use super::support::links::{LinkClaim, LinkPurpose};
use super::support::mailer::OutgoingMail;
use super::Settings;
use crate::domain::{ChatNews, NotificationKind};
use sha2::{Digest, Sha256};

/// How long an unsubscribe link in an email works.
pub const UNSUBSCRIBE_DAYS: i64 = 365;

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
        notification: None,
        useful_until: None,
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

/// A notification of `kind` for `user_id`, to go out as soon as their choices allow.
pub fn notify(
    settings: &Settings,
    user_id: i64,
    kind: NotificationKind,
    mail: OutgoingMail,
    key: impl Into<String>,
) -> NewJob {
    notify_at(settings, user_id, kind, mail, key, now(), None)
}

/// A notification of `kind` for `user_id`, not before `run_at` and not after `useful_until`.
/// It carries a one-click unsubscribe link for its kind, and the worker applies the person's
/// choices (off, digest, quiet hours) when it is about to send it.
pub fn notify_at(
    settings: &Settings,
    user_id: i64,
    kind: NotificationKind,
    mut mail: OutgoingMail,
    key: impl Into<String>,
    run_at: i64,
    useful_until: Option<i64>,
) -> NewJob {
    let unsubscribe = unsubscribe_link(settings, user_id, kind);
    emails::add_footer(
        &mut mail,
        kind,
        &unsubscribe,
        &settings.link("/profile/notifications"),
    );
    mail.unsubscribe = Some(unsubscribe);
    let mut job = email_at(settings, Some(user_id), mail, key, run_at);
    job.notification = Some(kind);
    job.useful_until = useful_until;
    job
}

/// A signed link that turns `kind` off for `user_id`: a page with a button when opened, and
/// RFC 8058 one-click unsubscribe when a mail client posts to it.
pub fn unsubscribe_link(settings: &Settings, user_id: i64, kind: NotificationKind) -> String {
    let claim = LinkClaim {
        subject: kind.number(),
        user_id,
        generation: 0,
        expires_at: now() + UNSUBSCRIBE_DAYS * 86_400,
    };
    let token = settings.link_keys(LinkPurpose::Unsubscribe).sign(&claim);
    settings.link(&format!("/unsubscribe/{token}"))
}

/// The job kind of a post to a chat channel.
pub const CHAT: &str = "chat";

/// A post of `announcement` to a channel, queued under `key` to go out at `run_at`.
pub fn chat(
    channel: &crate::ssr::storage::ChatChannelRow,
    announcement: crate::domain::Announcement,
    key: impl Into<String>,
    run_at: i64,
) -> NewJob {
    let post = crate::domain::ChatPost {
        channel_id: channel.id,
        announcement,
    };
    NewJob {
        kind: CHAT.into(),
        subject: Some(post.announcement.title.clone()),
        payload: serde_json::to_string(&post).unwrap_or_default(),
        key: key.into(),
        run_at,
        max_attempts: 8,
        user_id: None,
        channel: Some(channel.kind.as_str().into()),
        notification: None,
        useful_until: None,
    }
}

/// A job telling `program_id`'s channels `news`, for the change that causes it to queue in its
/// own transaction. The key names the news, so it is told once.
pub fn announce(program_id: i64, news: ChatNews) -> NewJob {
    let key = match news {
        ChatNews::EnrollmentOpen => format!("chat:program:{program_id}:enrollment_open"),
        ChatNews::RoundPublished { round_id } => format!("chat:round:{round_id}:published"),
        ChatNews::Highlights { week } => format!("chat:program:{program_id}:highlights:{week}"),
        ChatNews::Event { event_id } => format!("chat:event:{event_id}:program:{program_id}"),
    };
    NewJob::task(
        &crate::domain::Task::Announce { program_id, news },
        key,
        now(),
    )
}
