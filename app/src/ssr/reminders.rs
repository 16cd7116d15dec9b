//! Reminders and nudges, found by a scan every period: a session's agenda a day before and a
//! short reminder an hour before, "Did you meet?" after its end, an event a day before to
//! those going, the answer-by date to those invited who have not answered, one nudge to a
//! group that has not planned a meeting some weeks after its round was published, and a
//! weekly check-in nudge gathering every goal of a person that asks for one.
//!
//! The scan only queues. Each message is a notification with a key naming what it is about
//! and when (`reminder:session:42:1767000000:day:user:7`), so scanning again, or two servers
//! scanning at once, queues nothing twice; the person's choices and email hours apply when it
//! is sent, and a reminder whose moment has passed (`useful_until`) is dropped, not sent late.
//!
//! This room sits above the features, as the digest does: it reads what is due from storage
//! and words it through `emails`.

use super::storage::{EventRow, PairSessionRow};
use super::support::clock::{moment_in, when_of};
use super::{emails, events, outbox, pairs, AppState};
use crate::domain::{NotificationKind, CHECK_IN_AFTER_DAYS};
use crate::error::AppError;
use crate::models::User;
use crate::ssr::storage::NewJob;

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
        queued += session_reminders(state, &row, Ahead::Day, at).await?;
    }
    for row in state.db.sessions_starting(at, at + HOUR_AHEAD).await? {
        queued += session_reminders(state, &row, Ahead::Hour, at).await?;
    }
    for row in state
        .db
        .sessions_ended_unrecorded(at - CHECK_LOOKBACK, at)
        .await?
    {
        queued += did_you_meet(state, &row, at).await?;
    }
    for event in state
        .db
        .events_starting(at + TOO_CLOSE_FOR_DAY, at + DAY_AHEAD)
        .await?
    {
        queued += event_coming_up(state, &event, at).await?;
    }
    for event in state.db.events_answer_by(at + HOUR, at + DAY_AHEAD).await? {
        queued += answer_by(state, &event, at).await?;
    }
    queued += nudges(state, at).await?;
    queued += goal_nudges(state, at).await?;
    Ok(queued)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ahead {
    Day,
    Hour,
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

async fn session_reminders(
    state: &AppState,
    row: &PairSessionRow,
    ahead: Ahead,
    at: i64,
) -> Result<usize, AppError> {
    let program = state.db.program_name(row.program_id).await?;
    let link = state
        .settings
        .link(&format!("/programs/{}/pair#sessions", row.program_id));
    let mut jobs = Vec::new();
    for (person, others) in members(state, row.round_id, row.group_no).await? {
        let when = when_of(row.starts_at, row.ends_at, zone_of(&person, &row.time_zone));
        let (mail, which, useful_until) = match ahead {
            Ahead::Day => (
                emails::session_coming_up(
                    &person.email,
                    &person.name,
                    &others,
                    &program,
                    &when,
                    &row.place,
                    &row.video_url,
                    &row.agenda_items(),
                    &link,
                ),
                "day",
                row.starts_at - HOUR_AHEAD,
            ),
            Ahead::Hour => (
                emails::session_soon(
                    &person.email,
                    &person.name,
                    &others,
                    &when,
                    &row.place,
                    &row.video_url,
                    &link,
                ),
                "hour",
                row.starts_at,
            ),
        };
        let key = format!(
            "reminder:session:{}:{}:{which}:user:{}",
            row.id, row.starts_at, person.id
        );
        jobs.push(notify(
            state,
            &person,
            NotificationKind::Sessions,
            mail,
            key,
            at,
            useful_until,
        ));
    }
    Ok(state.db.enqueue(&jobs).await?)
}

async fn did_you_meet(state: &AppState, row: &PairSessionRow, at: i64) -> Result<usize, AppError> {
    let mut jobs = Vec::new();
    for (person, others) in members(state, row.round_id, row.group_no).await? {
        let when = when_of(row.starts_at, row.ends_at, zone_of(&person, &row.time_zone));
        let mail = emails::did_you_meet(
            &person.email,
            &person.name,
            &others,
            &when,
            &pairs::check_link::link(&state.settings, row, person.id, true),
            &pairs::check_link::link(&state.settings, row, person.id, false),
        );
        let key = format!("reminder:session:{}:check:user:{}", row.id, person.id);
        let until = row.ends_at + pairs::check_link::LINK_DAYS * 86_400;
        jobs.push(notify(
            state,
            &person,
            NotificationKind::Sessions,
            mail,
            key,
            at,
            until,
        ));
    }
    Ok(state.db.enqueue(&jobs).await?)
}

async fn event_coming_up(state: &AppState, event: &EventRow, at: i64) -> Result<usize, AppError> {
    let mut jobs = Vec::new();
    for user_id in state.db.people_answering(event.id, "going").await? {
        let Some(person) = state.db.user_by_id(user_id).await? else {
            continue;
        };
        let link = events::rsvp::personal_link(state, event, user_id, false).await?;
        let when = when_of(
            event.starts_at,
            event.ends_at,
            zone_of(&person, &event.time_zone),
        );
        let mail = emails::event_coming_up(
            &person.email,
            &person.name,
            &event.title,
            &when,
            &event.place,
            &event.video_url,
            &link,
        );
        let key = format!(
            "reminder:event:{}:{}:day:user:{user_id}",
            event.id, event.starts_at
        );
        jobs.push(notify(
            state,
            &person,
            NotificationKind::Events,
            mail,
            key,
            at,
            event.starts_at,
        ));
    }
    Ok(state.db.enqueue(&jobs).await?)
}

async fn answer_by(state: &AppState, event: &EventRow, at: i64) -> Result<usize, AppError> {
    let Some(deadline) = event.rsvp_deadline else {
        return Ok(0);
    };
    let mut jobs = Vec::new();
    for user_id in state.db.people_answering(event.id, "invited").await? {
        let Some(person) = state.db.user_by_id(user_id).await? else {
            continue;
        };
        let zone = zone_of(&person, &event.time_zone);
        let link = events::rsvp::personal_link(state, event, user_id, false).await?;
        let mail = emails::answer_by(
            &person.email,
            &person.name,
            &event.title,
            &when_of(event.starts_at, event.ends_at, zone),
            &moment_in(deadline, zone),
            &link,
        );
        let key = format!(
            "reminder:event:{}:answer:{deadline}:user:{user_id}",
            event.id
        );
        jobs.push(notify(
            state,
            &person,
            NotificationKind::Events,
            mail,
            key,
            at,
            deadline,
        ));
    }
    Ok(state.db.enqueue(&jobs).await?)
}

/// One nudge per group of a published round that has not planned a meeting once the
/// program's nudge period has passed. The group is marked in the same transaction, and from
/// then on its program's admins see it as "not meeting yet".
async fn nudges(state: &AppState, at: i64) -> Result<usize, AppError> {
    let mut queued = 0;
    for group in state.db.quiet_groups(at).await? {
        let link = state
            .settings
            .link(&format!("/programs/{}/pair#sessions", group.program_id));
        let members = members(state, group.round_id, group.group_no).await?;
        let jobs: Vec<NewJob> = if members.len() < 2 {
            Vec::new()
        } else {
            members
                .iter()
                .map(|(person, others)| {
                    let mail = emails::not_meeting_yet(
                        &person.email,
                        &person.name,
                        others,
                        &group.program,
                        group.nudge_weeks,
                        &link,
                    );
                    let key = format!(
                        "nudge:round:{}:group:{}:user:{}",
                        group.round_id, group.group_no, person.id
                    );
                    outbox::notify_at(
                        &state.settings,
                        person.id,
                        NotificationKind::Nudges,
                        mail,
                        key,
                        at,
                        None,
                    )
                })
                .collect()
        };
        if state
            .db
            .nudge_group(group.round_id, group.group_no, &jobs)
            .await?
        {
            queued += jobs.len();
        }
    }
    Ok(queued)
}

/// One message per person per week (weeks from Monday, UTC) naming every open goal that has
/// had no check-in for a week; the key names the week, so the scan sends it once.
async fn goal_nudges(state: &AppState, at: i64) -> Result<usize, AppError> {
    let due = state
        .db
        .goals_due_check_in(at - CHECK_IN_AFTER_DAYS * 86_400)
        .await?;
    // 1 January 1970 was a Thursday: three days on, weeks start on Mondays.
    let week = (at.div_euclid(86_400) + 3).div_euclid(7);
    let mut jobs = Vec::new();
    for owner in due.chunk_by(|a, b| a.owner_id == b.owner_id) {
        let Some(person) = state.db.user_by_id(owner[0].owner_id).await? else {
            continue;
        };
        let goals = owner
            .iter()
            .map(|g| {
                let link = state
                    .settings
                    .link(&format!("/goals/{}#check-in", g.goal_id));
                (g.title.clone(), Some(link))
            })
            .collect();
        let mail = emails::goals_due(&person.email, &person.name, goals);
        let key = format!("nudge:goals:user:{}:week:{week}", person.id);
        jobs.push(outbox::notify_at(
            &state.settings,
            person.id,
            NotificationKind::Goals,
            mail,
            key,
            at,
            None,
        ));
    }
    Ok(state.db.enqueue(&jobs).await?)
}

fn notify(
    state: &AppState,
    person: &User,
    kind: NotificationKind,
    mail: crate::ssr::support::mailer::OutgoingMail,
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
