//! Reminders and nudges, found by a scan every period: a session's agenda a day before and a
//! short reminder an hour before, "Did you meet?" after its end, an event a day before to
//! those going, the answer-by date to those invited who have not answered, one nudge to a
//! group that has not planned a meeting some weeks after its round was published, and a
//! weekly check-in nudge gathering every goal of a person that asks for one, a word to a
//! group whose agreed rhythm has lapsed with nothing planned; and, two days
//! before a program's enrollment closes, a word to those who joined but left survey
//! questions unanswered; each pulse survey's invitation on its day; and word to a mentee
//! whose request to a mentor lapsed unanswered.
//!
//! The scan only queues. Each message is a notification with a key naming what it is about
//! and when (`reminder:session:42:1767000000:day:user:7`), so scanning again, or two servers
//! scanning at once, queues nothing twice; the person's choices and email hours apply when it
//! is sent, and a reminder whose moment has passed (`useful_until`) is dropped, not sent late.
//!
//! This room sits above the features, as the digest does: it reads what is due from storage
//! and words it through `emails`.

mod enrollment;
mod events;
mod mentor_requests;
mod nudges;
mod pairs;
mod pulses;

use super::{outbox, AppState};
use crate::domain::NotificationKind;
use crate::error::AppError;
use crate::models::User;
use crate::ssr::storage::NewJob;
use crate::ssr::support::mailer::OutgoingMail;

const HOUR: i64 = 3600;
/// A session or event starting within a day gets the "coming up" message…
const DAY_AHEAD: i64 = 24 * HOUR;
/// …unless it starts within this, when the hour-before reminder says enough.
const TOO_CLOSE_FOR_DAY: i64 = 2 * HOUR;
/// The short reminder goes this long before a session.
const HOUR_AHEAD: i64 = HOUR;
/// How far back the scan looks for sessions that ended unrecorded (a server that was down
/// for less than this still asks).
const CHECK_LOOKBACK: i64 = 2 * 24 * HOUR;

/// Queues every reminder due at `at`; returns how many messages were new.
pub async fn queue_due(state: &AppState, at: i64) -> Result<usize, AppError> {
    let mut queued = 0;
    for row in state
        .db
        .sessions_starting(at + TOO_CLOSE_FOR_DAY, at + DAY_AHEAD)
        .await?
    {
        queued += pairs::session_reminders(state, &row, pairs::Ahead::Day, at).await?;
    }
    for row in state.db.sessions_starting(at, at + HOUR_AHEAD).await? {
        queued += pairs::session_reminders(state, &row, pairs::Ahead::Hour, at).await?;
    }
    for row in state
        .db
        .sessions_ended_unrecorded(at - CHECK_LOOKBACK, at)
        .await?
    {
        queued += pairs::did_you_meet(state, &row, at).await?;
    }
    for event in state
        .db
        .events_starting(at + TOO_CLOSE_FOR_DAY, at + DAY_AHEAD)
        .await?
    {
        queued += events::event_coming_up(state, &event, at).await?;
    }
    for event in state.db.events_answer_by(at + HOUR, at + DAY_AHEAD).await? {
        queued += events::answer_by(state, &event, at).await?;
    }
    queued += nudges::quiet_groups(state, at).await?;
    queued += nudges::off_rhythm(state, at).await?;
    queued += nudges::goals(state, at).await?;
    queued += enrollment::closing(state, at).await?;
    queued += pulses::invitations(state, at).await?;
    queued += mentor_requests::lapsed(state, at).await?;
    Ok(queued)
}

/// The active members of a session's group, each with the names of the others.
async fn members(
    state: &AppState,
    round_id: i64,
    group_no: i64,
) -> Result<Vec<(User, String)>, AppError> {
    let names = state.db.group_member_names(round_id, group_no).await?;
    let mut out = Vec::new();
    for (id, _) in &names {
        let Some(person) = state.db.user_by_id(*id).await? else {
            continue;
        };
        if !person.active() {
            continue;
        }
        let others: Vec<&str> = names
            .iter()
            .filter(|(other, _)| other != id)
            .map(|(_, name)| name.as_str())
            .collect();
        out.push((person, others.join(" and ")));
    }
    Ok(out)
}

/// The person's own zone, or the one the thing was planned in when they set none.
fn zone_of<'a>(person: &'a User, planned: &'a str) -> &'a str {
    if person.time_zone.is_empty() {
        planned
    } else {
        &person.time_zone
    }
}

fn notify(
    state: &AppState,
    person: &User,
    kind: NotificationKind,
    mail: OutgoingMail,
    key: String,
    at: i64,
    useful_until: i64,
) -> NewJob {
    outbox::notify_at(
        &state.settings,
        person.id,
        kind,
        mail,
        key,
        at,
        Some(useful_until),
    )
}
