//! Reminders about events: a day before to those going, and the day before the answer-by
//! date to those invited who have not answered.

use super::{notify, zone_of};
use crate::domain::NotificationKind;
use crate::error::AppError;
use crate::ssr::storage::EventRow;
use crate::ssr::support::clock::{moment_in, when_of};
use crate::ssr::{emails, events, AppState};

pub(super) async fn event_coming_up(
    state: &AppState,
    event: &EventRow,
    at: i64,
) -> Result<usize, AppError> {
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

pub(super) async fn answer_by(
    state: &AppState,
    event: &EventRow,
    at: i64,
) -> Result<usize, AppError> {
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
