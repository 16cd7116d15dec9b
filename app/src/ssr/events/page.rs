//! The events list and an event's page, as each person may see them.

use super::export::organizer;
use crate::domain::{DrawRecord, EventInput, EventKind, EventState, Role, RsvpState};
use crate::error::AppError;
use crate::models::{Attendee, EventPage, EventSummary, EventsPage, Lottery, User};
use crate::ssr::access;
use crate::ssr::storage::{now, EventListRow, EventRow, EventSpan, RsvpRow};
use crate::ssr::support::clock::when_of;
use crate::ssr::support::markdown;
use crate::ssr::AppState;
use chrono::TimeZone;
use std::str::FromStr;

fn summary(row: &EventListRow) -> EventSummary {
    EventSummary {
        id: row.id,
        title: row.title.clone(),
        kind: row.kind.label().to_owned(),
        when: when_of(row.starts_at, row.ends_at, &row.time_zone),
        day: chrono_tz::Tz::from_str(&row.time_zone)
            .unwrap_or(chrono_tz::UTC)
            .timestamp_opt(row.starts_at, 0)
            .single()
            .map(|t| t.format(crate::domain::dates::DAY_CHRONO).to_string())
            .unwrap_or_default(),
        starts_at: row.starts_at,
        place: row.place.clone(),
        capacity: row.capacity,
        going: row.going,
        waitlisted: row.waitlisted,
        entered: row.entered,
        my_state: row
            .my_state
            .filter(|s| *s != RsvpState::Invited)
            .map(|s| s.as_str().to_owned()),
        cancelled: row.state == EventState::Cancelled,
    }
}

pub async fn list(state: &AppState, user: &User) -> Result<EventsPage, AppError> {
    let sees_all = user.role == Role::OrgAdmin;
    let at = now();
    let upcoming = state
        .db
        .events_for(user.id, sees_all, at, EventSpan::Upcoming, 200)
        .await?;
    let past = state
        .db
        .events_for(user.id, sees_all, at, EventSpan::Past, 50)
        .await?;
    let can_create = user.role.at_least(Role::ProgramAdmin);
    let programs = if can_create {
        access::programs_run(state, user).await?
    } else {
        Vec::new()
    };
    Ok(EventsPage {
        upcoming: upcoming.iter().map(summary).collect(),
        past: past.iter().map(summary).collect(),
        can_create,
        programs,
        feed_url: None,
    })
}

/// The next `count` events open to this person, cancelled ones left out, each with their
/// answer: what the dashboard shows.
pub async fn next(
    state: &AppState,
    user: &User,
    count: usize,
) -> Result<Vec<EventSummary>, AppError> {
    let sees_all = user.role == Role::OrgAdmin;
    let rows = state
        .db
        .events_for(user.id, sees_all, now(), EventSpan::Open, count as i64)
        .await?;
    Ok(rows.iter().map(summary).collect())
}

pub async fn page(state: &AppState, user: &User, id: i64) -> Result<EventPage, AppError> {
    let (event, manage) = access::event(state, user, id).await?;
    let rows = state.db.rsvps(id).await?;
    let mine = rows.iter().find(|r| r.user_id == user.id);
    let position = mine.filter(|r| r.state == RsvpState::Waitlisted).map(|me| {
        rows.iter()
            .filter(|r| r.state == RsvpState::Waitlisted && r.queued_at <= me.queued_at)
            .count() as i64
    });
    let count = |s: RsvpState| rows.iter().filter(|r| r.state == s).count() as i64;
    let host = organizer(state, &event).await?.map(|(name, _)| name);
    let list_row = EventListRow {
        id: event.id,
        title: event.title.clone(),
        kind: event.kind,
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        time_zone: event.time_zone.clone(),
        place: event.place.clone(),
        capacity: event.capacity,
        state: event.state,
        going: count(RsvpState::Going),
        waitlisted: count(RsvpState::Waitlisted),
        entered: count(RsvpState::Entered),
        my_state: mine.map(|r| r.state),
    };
    let at = now();
    Ok(EventPage {
        summary: summary(&list_row),
        description_html: markdown::render(&event.description),
        video_url: event.video_url.clone(),
        time_zone: event.time_zone.clone(),
        host,
        audience: state.db.event_program_names(id).await?,
        rsvp_open: event.state == EventState::Scheduled
            && at < event.starts_at
            && event.rsvp_deadline.is_none_or(|d| at <= d),
        position,
        going: rows
            .iter()
            .filter(|r| r.state == RsvpState::Going)
            .map(|r| r.name.clone())
            .collect(),
        attendees: manage.then(|| {
            rows.iter()
                .filter(|r| r.state != RsvpState::Invited)
                .map(|r| Attendee {
                    user_id: r.user_id,
                    name: r.name.clone(),
                    state: r.state.as_str().to_owned(),
                    attended: r.attended,
                })
                .collect()
        }),
        can_manage: manage,
        lottery: lottery(state, user, &event, &rows).await?,
        form: match manage {
            true => Some(form_of(state, &event).await?),
            false => None,
        },
    })
}

/// An event as its form was filled in: local date and times in its zone.
async fn form_of(state: &AppState, event: &EventRow) -> Result<EventInput, AppError> {
    let tz = chrono_tz::Tz::from_str(&event.time_zone).unwrap_or(chrono_tz::UTC);
    let local = |at: i64, format: &str| {
        tz.timestamp_opt(at, 0)
            .single()
            .map(|t| t.format(format).to_string())
            .unwrap_or_default()
    };
    let programs = state.db.event_programs(event.id).await?;
    Ok(EventInput {
        title: event.title.clone(),
        description: event.description.clone(),
        kind: event.kind.as_str().to_owned(),
        date: local(event.starts_at, "%Y-%m-%d"),
        start_time: local(event.starts_at, "%H:%M"),
        end_time: local(event.ends_at, "%H:%M"),
        time_zone: event.time_zone.clone(),
        place: event.place.clone(),
        video_url: event.video_url.clone(),
        capacity: event.capacity.map(|c| c.to_string()).unwrap_or_default(),
        rsvp_deadline: event
            .rsvp_deadline
            .map(|d| local(d, "%Y-%m-%d"))
            .unwrap_or_default(),
        programs: programs.iter().map(i64::to_string).collect(),
    })
}

async fn lottery(
    state: &AppState,
    user: &User,
    event: &EventRow,
    rows: &[RsvpRow],
) -> Result<Option<Lottery>, AppError> {
    if event.kind != EventKind::ExecEncounter {
        return Ok(None);
    }
    let draw = state.db.draw_of(event.id).await?;
    let mine = draw.as_ref().and_then(|d| {
        let record = DrawRecord::of(&event.title, None, d.seed as u64, "", &d.drawn, &d.priority);
        let place = d.drawn.iter().position(|&u| u == user.id)?;
        Some((record.order[place], place + 1))
    });
    Ok(Some(Lottery {
        entered: match &draw {
            Some(d) => d.drawn.len() as i64,
            None => rows
                .iter()
                .filter(|r| r.state == RsvpState::Entered)
                .count() as i64,
        },
        commitment: event.draw_commitment.clone(),
        seed: draw.as_ref().map(|d| d.seed),
        nonce: draw.as_ref().and_then(|d| d.nonce.clone()),
        drawn_at: draw.map(|d| when_of(d.drawn_at, d.drawn_at, &event.time_zone)),
        mine,
    }))
}

/// The record of a held draw, for anyone who may see the event: entrants by number, the seed
/// and nonce, and the order, so they can repeat it with `tandem draw --verify`.
pub async fn draw_record(state: &AppState, user: &User, id: i64) -> Result<DrawRecord, AppError> {
    let (event, _) = access::event(state, user, id).await?;
    let draw = state
        .db
        .draw_of(id)
        .await?
        .ok_or_else(|| AppError::NotFound("This event has no draw yet.".into()))?;
    Ok(DrawRecord::of(
        &event.title,
        event.draw_commitment.clone(),
        draw.seed as u64,
        draw.nonce.as_deref().unwrap_or(""),
        &draw.drawn,
        &draw.priority,
    ))
}
