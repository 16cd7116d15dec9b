//! A notification about to go out meets its person's choices: sent now, held until their
//! window opens, kept for their digest, or not sent, with the reason in the delivery log.
//! Decided when it is due rather than when it was queued, so a choice made in between counts.

use crate::domain::{send_time, NotificationKind, SendTime};
use crate::error::AppError;
use crate::ssr::storage::{ClaimedJob, JobOutcome};
use crate::ssr::support::clock::{moment_in, zone_or_utc};
use crate::ssr::support::mailer::OutgoingMail;
use crate::ssr::AppState;

/// What to do instead of sending `mail` now, if anything.
pub async fn hold(
    state: &AppState,
    job: &ClaimedJob,
    kind: NotificationKind,
    user_id: i64,
    mail: &OutgoingMail,
    at: i64,
) -> Result<Option<JobOutcome>, AppError> {
    let Some(person) = state.db.user_by_id(user_id).await? else {
        return Ok(Some(dropped("Not sent: the account no longer exists.")));
    };
    if !person.active() {
        return Ok(Some(dropped("Not sent: this person has left.")));
    }
    let prefs = state.db.notification_prefs(user_id).await?;
    let zone = zone_or_utc(&person.time_zone);
    Ok(match send_time(&prefs, zone, kind, at, job.useful_until) {
        SendTime::Now => None,
        SendTime::At(later) => Some(JobOutcome::Defer {
            at: later,
            reason: format!(
                "Waiting for this person's email hours ({}, {}): goes out {}.",
                prefs.window.describe(),
                zone.name(),
                moment_in(later, zone.name())
            ),
        }),
        SendTime::Digest => {
            state
                .db
                .keep_for_digest(user_id, kind, &mail.subject, first_link(&mail.text), at)
                .await?;
            Some(dropped("Kept for this person's weekly digest."))
        }
        SendTime::Skip(skip) => Some(dropped(skip.reason())),
    })
}

fn dropped(reason: &str) -> JobOutcome {
    JobOutcome::Dropped {
        reason: reason.to_owned(),
    }
}

/// The first link of a message's own text, before its footer: where the digest points.
fn first_link(text: &str) -> Option<&str> {
    let body = text.split("\n--\n").next().unwrap_or(text);
    body.split_whitespace()
        .find(|w| w.starts_with("https://") || w.starts_with("http://"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_digest_links_to_the_message_not_its_footer() {
        let text = "Hello,\n\nSee it:\nhttp://t.example/goals/4\n\nTandem\n\n--\nStop: http://t.example/unsubscribe/x\n";
        assert_eq!(super::first_link(text), Some("http://t.example/goals/4"));
        assert_eq!(super::first_link("No links.\n--\nhttp://t.example/u"), None);
    }
}
