//! What organisers do: plan and change events, send invitations, hold an Exec Encounter's
//! draw, record attendance and cancel.

use super::rsvp::personal_link;
use super::when;
use crate::domain::{ChatNews, NotificationKind};
use crate::domain::{EventInput, EventKind, EventState, Role};
use crate::error::AppError;
use crate::models::User;
use crate::ssr::access;
use crate::ssr::storage::NewEvent;
use crate::ssr::support::clock::{instant, known_zone, today_in};
use crate::ssr::support::crypto;
use crate::ssr::support::mailer::OutgoingMail;
use crate::ssr::AppState;
use crate::ssr::{emails, outbox};
use std::str::FromStr;

/// Holds an Exec Encounter's draw; everyone who entered is told, by a job the draw queues.
pub async fn draw(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    let event = access::event_organised_by(state, user, id).await?;
    if event.kind != EventKind::ExecEncounter {
        return Err(AppError::Conflict(
            "Only Exec Encounters have a draw; other events seat people as they answer.".into(),
        ));
    }
    if event.state == EventState::Cancelled {
        return Err(AppError::Conflict("This event is cancelled.".into()));
    }
    let seed = i64::from(rand::random::<u32>());
    if state.db.hold_draw(id, seed, user.id).await?.is_none() {
        return Err(AppError::Conflict("The draw has already been held.".into()));
    }
    Ok(())
}

/// The messages of a held draw: each entrant's place, with their link and the seed.
pub async fn draw_mails(
    state: &AppState,
    event_id: i64,
) -> Result<Vec<(i64, OutgoingMail)>, AppError> {
    let (Some(event), Some(draw)) = (
        state.db.event(event_id).await?,
        state.db.draw_of(event_id).await?,
    ) else {
        return Ok(Vec::new());
    };
    let seats = event.capacity.unwrap_or(i64::MAX);
    let mut out = Vec::new();
    for (rank, person) in draw.drawn.iter().enumerate() {
        let Some(who) = state.db.user_by_id(*person).await? else {
            continue;
        };
        if !who.active() {
            continue;
        }
        let link = personal_link(state, &event, *person, false).await?;
        let result = if (rank as i64) < seats {
            format!(
                "You were drawn: you have a seat at \"{}\" on {}.",
                event.title,
                when(&event)
            )
        } else {
            format!(
                "All seats at \"{}\" went in the draw. You are number {} on the waitlist, and you will come first in the next Exec Encounter draw.",
                event.title,
                rank as i64 + 1 - seats
            )
        };
        let mail = emails::draw_result(
            &who.email,
            &who.name,
            &event.title,
            &result,
            draw.seed,
            &link,
        );
        out.push((who.id, mail));
    }
    Ok(out)
}

/// Creates (`id` None) or changes an event from the form; returns its id.
pub async fn save(
    state: &AppState,
    user: &User,
    id: Option<i64>,
    input: &EventInput,
) -> Result<i64, AppError> {
    if !user.role.at_least(Role::ProgramAdmin) {
        return Err(AppError::Forbidden);
    }
    let zone = chrono_tz::Tz::from_str(input.time_zone.trim()).ok();
    let today = today_in(zone.unwrap_or(chrono_tz::UTC));
    let spec = input.parse(today)?;
    let zone = known_zone(zone, &input.time_zone)?;
    let allowed = access::programs_run(state, user).await?;
    if let Some(p) = spec
        .programs
        .iter()
        .find(|p| !allowed.iter().any(|(id, _)| id == *p))
    {
        return Err(AppError::invalid(
            "programs",
            format!("You cannot invite program {p}: you do not run it."),
        ));
    }
    if spec.programs.is_empty() && user.role != Role::OrgAdmin {
        return Err(AppError::invalid(
            "programs",
            "Choose at least one of your programs; only org admins invite everyone.",
        ));
    }
    let starts_at = instant(&zone, spec.date, spec.start, "start_time")?;
    let ends_at = instant(&zone, spec.date, spec.end, "end_time")?;
    let rsvp_deadline = match spec.rsvp_deadline {
        Some(d) => Some(instant(&zone, d, time::Time::MIDNIGHT, "rsvp_deadline")? + 86_399),
        None => None,
    };
    // An Exec Encounter's seed is chosen now and only its commitment shown until the draw.
    let draw = (spec.kind == EventKind::ExecEncounter).then(crypto::draw_secret);
    let event = NewEvent {
        draw,
        title: spec.title,
        description: spec.description,
        kind: spec.kind,
        starts_at,
        ends_at,
        time_zone: zone.name().to_owned(),
        place: spec.place,
        video_url: spec.video_url,
        capacity: spec.capacity,
        rsvp_deadline,
        host_id: Some(user.id),
        programs: spec.programs,
        created_by: Some(user.id),
    };
    match id {
        None => Ok(state.db.create_event(&event).await?),
        Some(id) => {
            access::event_organised_by(state, user, id).await?;
            state.db.update_event(id, &event).await?;
            Ok(id)
        }
    }
}

/// Queues a personal RSVP link for everyone the event is for who has not been sent one;
/// returns how many were queued.
pub async fn invite(state: &AppState, user: &User, id: i64) -> Result<usize, AppError> {
    let event = access::event_organised_by(state, user, id).await?;
    if event.state == EventState::Cancelled {
        return Err(AppError::Conflict(
            "This event is cancelled; invitations are closed.".into(),
        ));
    }
    let already: std::collections::HashSet<i64> = state
        .db
        .rsvps(id)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let mut jobs = Vec::new();
    for (person, name, email) in state.db.event_audience(id).await? {
        if already.contains(&person) {
            continue;
        }
        let link = personal_link(state, &event, person, false).await?;
        let mail = emails::event_invitation(
            &email,
            &name,
            &user.name,
            &event.title,
            &when(&event),
            &event.place,
            &link,
        );
        let key = format!("event-invitation:{id}:{person}");
        jobs.push(outbox::notify(
            &state.settings,
            person,
            NotificationKind::Events,
            mail,
            key,
        ));
    }
    let invited = jobs.len();
    // The channels of the programs the event is for hear of it too (every program's, when
    // it is open to everyone); the key names the event, so a second round of invitations
    // posts nothing more.
    let programs = match state.db.event_programs(id).await? {
        for_some if !for_some.is_empty() => for_some,
        _ => state.db.programs_with_chat().await?,
    };
    jobs.extend(
        programs
            .into_iter()
            .map(|p| outbox::announce(p, ChatNews::Event { event_id: id })),
    );
    state.db.enqueue(&jobs).await?;
    Ok(invited)
}

/// Records whether someone came.
pub async fn mark_attended(
    state: &AppState,
    user: &User,
    id: i64,
    person: i64,
    attended: bool,
) -> Result<(), AppError> {
    access::event_organised_by(state, user, id).await?;
    if !state.db.set_attended(id, person, attended).await? {
        return Err(AppError::NotFound(
            "That person has not answered for this event.".into(),
        ));
    }
    Ok(())
}

pub async fn cancel(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    access::event_organised_by(state, user, id).await?;
    state.db.cancel_event(id).await?;
    Ok(())
}
