//! The weekly digest, composed: the notifications a person chose to gather, and what is
//! coming up for them (their next session and the events they are going to). It goes out on
//! their digest day at the start of their email hours, once per week: its key names the
//! moment it was due.

use super::support::clock::zone_or_utc;
use super::{emails, events, outbox, pairs, AppState};
use crate::domain::digest_due;
use crate::error::AppError;

/// How far ahead "coming up" looks.
const AHEAD_SECS: i64 = 7 * 86_400;

/// Queues the digests due at `at`; returns how many were queued now.
pub async fn queue_due(state: &AppState, at: i64) -> Result<usize, AppError> {
    let mut queued = 0;
    for user_id in state.db.people_with_digest_items().await? {
        let Some(person) = state.db.user_by_id(user_id).await? else {
            continue;
        };
        if !person.active() {
            continue;
        }
        let prefs = state.db.notification_prefs(user_id).await?;
        let due = digest_due(&prefs, zone_or_utc(&person.time_zone), at);
        let items = state.db.digest_items(user_id, due).await?;
        if items.is_empty() {
            continue;
        }
        let mut coming = Vec::new();
        if let Some(session) = pairs::next_session(state, &person).await? {
            coming.push(format!("A session with {}: {}", session.with, session.when));
        }
        for event in events::next(state, &person, 10).await? {
            let going = matches!(event.my_state.as_deref(), Some("going"));
            if going && event.starts_at <= at + AHEAD_SECS {
                coming.push(format!("{}: {}", event.title, event.when));
            }
        }
        let mail = emails::digest(
            &person.email,
            &person.name,
            items
                .iter()
                .map(|i| (i.subject.clone(), i.link.clone()))
                .collect(),
            coming,
            &state.settings.link("/profile/notifications"),
        );
        let job = outbox::email_at(
            &state.settings,
            Some(user_id),
            mail,
            format!("digest:{user_id}:{due}"),
            at,
        );
        let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
        if state.db.queue_digest(user_id, &job, &ids).await? {
            queued += 1;
        }
    }
    Ok(queued)
}
