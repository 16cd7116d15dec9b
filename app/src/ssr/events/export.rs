//! Events leaving Tandem: the answers as CSV for organisers, and events as calendar entries.

use crate::domain::{AuditAction, EventState, RsvpState};
use crate::error::AppError;
use crate::models::User;
use crate::ssr::access;
use crate::ssr::audit::{self, Actor};
use crate::ssr::storage::{now, EventRow, RsvpRow};
use crate::ssr::support::context::internal;
use crate::ssr::support::ics::{calendar, uid_host, CalendarEvent};
use crate::ssr::AppState;

/// The answers as CSV for organisers: name, email, answer, attended.
pub async fn export_csv(state: &AppState, user: &User, id: i64) -> Result<String, AppError> {
    let event = access::event_organised_by(state, user, id).await?;
    let rows = state.db.rsvps(id).await?;
    let csv = answers_csv(&rows).map_err(internal)?;
    audit::record(
        state,
        &Actor::Person(user),
        AuditAction::Exported,
        None,
        &format!("Answers to {:?} (CSV, names and addresses)", event.title),
    )
    .await?;
    Ok(csv)
}

fn answers_csv(rows: &[RsvpRow]) -> Result<String, Box<dyn std::error::Error>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["name", "email", "answer", "attended"])?;
    for r in rows.iter().filter(|r| r.state != RsvpState::Invited) {
        out.write_record([
            r.name.as_str(),
            r.email.as_str(),
            r.state.as_str(),
            if r.attended { "yes" } else { "no" },
        ])?;
    }
    Ok(String::from_utf8(out.into_inner()?)?)
}

fn calendar_entry(
    state: &AppState,
    event: &EventRow,
    organizer: Option<(String, String)>,
) -> CalendarEvent {
    let host = uid_host(&state.settings.base_url);
    CalendarEvent {
        uid: format!("event-{}@{host}", event.id),
        sequence: event.sequence,
        title: event.title.clone(),
        description: event.description.clone(),
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        time_zone: event.time_zone.clone(),
        location: if event.place.is_empty() {
            event.video_url.clone()
        } else {
            event.place.clone()
        },
        url: state.settings.link(&format!("/events/{}", event.id)),
        organizer,
        cancelled: event.state == EventState::Cancelled,
        stamp: now(),
    }
}

pub(super) async fn organizer(
    state: &AppState,
    event: &EventRow,
) -> Result<Option<(String, String)>, AppError> {
    Ok(match event.host_id {
        Some(h) => state.db.user_by_id(h).await?.map(|u| (u.name, u.email)),
        None => None,
    })
}

/// One event as an `.ics` file, for someone who may see it.
pub async fn ics(state: &AppState, user: &User, id: i64) -> Result<String, AppError> {
    let (event, _) = access::event(state, user, id).await?;
    let org = organizer(state, &event).await?;
    Ok(calendar(&[calendar_entry(state, &event, org)], None))
}

/// The events `owner` is going to or waiting for, as entries of their calendar feed.
pub async fn feed_entries(state: &AppState, owner: i64) -> Result<Vec<CalendarEvent>, AppError> {
    let mut entries = Vec::new();
    for event in state.db.events_of(owner).await? {
        let org = organizer(state, &event).await?;
        entries.push(calendar_entry(state, &event, org));
    }
    Ok(entries)
}
