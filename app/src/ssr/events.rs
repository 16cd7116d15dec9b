//! Meetups on the server: who may see and organise an event, answers (signed in or through a
//! personal RSVP link), invitations, attendance, exports and calendars.

use super::clock::{instant, known_zone, today_in, when_of};
use super::context::internal;
use super::ics::{calendar, uid_host, CalendarEvent};
use super::links::{LinkError, LinkKeys, RsvpClaim};
use super::mailer::OutgoingMail;
use super::storage::{now, EventListRow, EventRow, NewEvent, RsvpOutcome, RsvpRefusal};
use super::{crypto, markdown, AppState};
use crate::domain::{EventInput, EventKind, EventState, Role, RsvpState};
use crate::error::AppError;
use crate::models::{Attendee, EventPage, EventSummary, EventsPage, Lottery, RsvpLinkView, User};
use chrono::TimeZone;
use std::str::FromStr;

/// How long an emailed RSVP link works: until the event, and at most this long.
pub const LINK_DAYS: i64 = 60;

pub fn link_keys(state: &AppState) -> LinkKeys {
    LinkKeys::new(
        &state.settings.secret_key,
        &state.settings.previous_secret_keys,
    )
}

/// A personal link for `user_id` to answer for `event`, valid until the event ends.
pub async fn personal_link(
    state: &AppState,
    event: &EventRow,
    user_id: i64,
    revoke_earlier: bool,
) -> Result<String, AppError> {
    let generation = state
        .db
        .link_generation(event.id, user_id, revoke_earlier)
        .await?;
    let claim = RsvpClaim {
        event_id: event.id,
        user_id,
        generation,
        expires_at: event.ends_at.min(now() + LINK_DAYS * 86_400),
    };
    Ok(state
        .settings
        .link(&format!("/rsvp/{}", link_keys(state).sign(&claim))))
}

/// What the link shows. A link that cannot be used is not an error here: the page explains
/// it.
pub async fn view(state: &AppState, token: &str) -> Result<RsvpLinkView, AppError> {
    match check(state, token).await? {
        Ok((claim, event)) => describe(state, &claim, &event).await,
        Err(problem) => Ok(problem_view(problem)),
    }
}

/// Answers for the person the link names; `going` is "going" or "not going".
pub async fn answer(state: &AppState, token: &str, going: bool) -> Result<RsvpLinkView, AppError> {
    let (claim, event) = match check(state, token).await? {
        Ok(found) => found,
        Err(problem) => return Err(AppError::invalid("token", problem)),
    };
    record(state, &event, claim.user_id, going).await?;
    describe(state, &claim, &event).await
}

/// Records an answer however it arrived; a refusal becomes a 409 that says why, and whoever
/// takes a freed seat is told.
async fn record(
    state: &AppState,
    event: &EventRow,
    user_id: i64,
    going: bool,
) -> Result<(), AppError> {
    match state.db.answer_rsvp(event.id, user_id, going).await? {
        RsvpOutcome::Refused(refusal) => Err(AppError::Conflict(refused(refusal).into())),
        RsvpOutcome::Recorded { promoted, .. } => {
            if let Some(promoted) = promoted {
                tell_promoted(state, event, promoted).await;
            }
            Ok(())
        }
    }
}

/// The claim and event of a usable link, or why it is not usable.
async fn check(
    state: &AppState,
    token: &str,
) -> Result<Result<(RsvpClaim, EventRow), String>, AppError> {
    let claim = match link_keys(state).verify(token, now()) {
        Ok(claim) => claim,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let current = state
        .db
        .current_link_generation(claim.event_id, claim.user_id)
        .await?;
    if current != Some(claim.generation) {
        return Ok(Err(LinkError::Revoked.to_string()));
    }
    let Some(event) = state.db.event(claim.event_id).await? else {
        return Ok(Err(refused(RsvpRefusal::NoSuchEvent).into()));
    };
    Ok(Ok((claim, event)))
}

fn refused(refusal: RsvpRefusal) -> &'static str {
    match refusal {
        RsvpRefusal::NoSuchEvent => {
            "This event no longer exists. Sign in to see the events open to you."
        }
        RsvpRefusal::Cancelled => {
            "This event has been cancelled, so answers are closed. Sign in to see other events."
        }
        RsvpRefusal::DeadlinePassed => {
            "The RSVP deadline for this event has passed. Contact the organiser if you still want to come."
        }
    }
}

fn problem_view(problem: String) -> RsvpLinkView {
    RsvpLinkView {
        title: String::new(),
        kind: String::new(),
        when: String::new(),
        place: String::new(),
        video_url: String::new(),
        name: String::new(),
        state: String::new(),
        position: None,
        seats_left: None,
        lottery_open: false,
        cancelled: false,
        problem: Some(problem),
    }
}

async fn describe(
    state: &AppState,
    claim: &RsvpClaim,
    event: &EventRow,
) -> Result<RsvpLinkView, AppError> {
    let name = state
        .db
        .user_by_id(claim.user_id)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    // One person's standing, not the whole list: this page is opened from every invitation.
    let standing = state.db.rsvp_standing(event.id, claim.user_id).await?;
    let my_state = standing
        .as_ref()
        .map(|s| s.state)
        .unwrap_or(RsvpState::Invited);
    let position = standing
        .as_ref()
        .filter(|_| my_state == RsvpState::Waitlisted)
        .map(|s| s.position);
    let going = standing.as_ref().map_or(0, |s| s.going);
    Ok(RsvpLinkView {
        title: event.title.clone(),
        kind: event.kind.label().to_owned(),
        when: when(event),
        place: event.place.clone(),
        video_url: event.video_url.clone(),
        name,
        state: my_state.as_str().to_owned(),
        position,
        seats_left: event.capacity.map(|c| (c - going).max(0)),
        lottery_open: event.kind == EventKind::ExecEncounter
            && state.db.draw_of(event.id).await?.is_none(),
        cancelled: event.state == EventState::Cancelled,
        problem: (event.state == EventState::Cancelled)
            .then(|| refused(RsvpRefusal::Cancelled).to_owned()),
    })
}

/// The event's time as its organiser planned it, e.g. "Tuesday 1 December 2026, 09:00–10:00
/// (Europe/Lisbon)".
pub fn when(event: &EventRow) -> String {
    when_of(event.starts_at, event.ends_at, &event.time_zone)
}

/// Tells whoever took a freed seat. A failed email is logged; the seat is theirs either way.
async fn tell_promoted(state: &AppState, event: &EventRow, user_id: i64) {
    let Ok(Some(user)) = state.db.user_by_id(user_id).await else {
        return;
    };
    let link = match personal_link(state, event, user_id, false).await {
        Ok(link) => link,
        Err(e) => {
            tracing::error!(error = %e, "could not make an RSVP link");
            return;
        }
    };
    let mail = OutgoingMail {
        to: user.email,
        subject: format!("You have a seat: {}", event.title),
        text: format!(
            "Hello {},\n\nA seat opened up and it is yours: you are going to \"{}\" on {}.\n\n\
             If you can no longer come, give the seat back here so the next person can take it:\n{}\n\nTandem",
            user.name,
            event.title,
            when(event),
            link
        ),
    };
    if let Err(e) = state.mailer.send(mail).await {
        tracing::error!(error = %e, "could not send the seat email");
    }
}

/// Org admins organise anything; program admins organise events and manage those they
/// created or that address a program they run.
pub async fn can_manage(state: &AppState, user: &User, event: &EventRow) -> Result<bool, AppError> {
    match user.role {
        Role::OrgAdmin => Ok(true),
        Role::Participant => Ok(false),
        Role::ProgramAdmin => {
            if event.created_by == Some(user.id) {
                return Ok(true);
            }
            for program in state.db.event_programs(event.id).await? {
                if state.db.is_program_admin(program, user.id).await? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

fn not_found() -> AppError {
    AppError::NotFound("There is no such event, or it is not open to you.".into())
}

/// An event `user` may see, and whether they may manage it.
pub async fn load(state: &AppState, user: &User, id: i64) -> Result<(EventRow, bool), AppError> {
    let event = state.db.event(id).await?.ok_or_else(not_found)?;
    let manage = can_manage(state, user, &event).await?;
    let sees = manage || state.db.can_see_event(id, user.id, false).await?;
    if !sees {
        return Err(not_found());
    }
    Ok((event, manage))
}

async fn manageable(state: &AppState, user: &User, id: i64) -> Result<EventRow, AppError> {
    match load(state, user, id).await? {
        (event, true) => Ok(event),
        _ => Err(AppError::Forbidden),
    }
}

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
            .map(|t| t.format("%A %-d %B %Y").to_string())
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
        .events_for(user.id, sees_all, at, true, 200)
        .await?;
    let past = state
        .db
        .events_for(user.id, sees_all, at, false, 50)
        .await?;
    let can_create = user.role.at_least(Role::ProgramAdmin);
    let programs = if can_create {
        organisable_programs(state, user).await?
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

/// The programs `user` may address an event to.
async fn organisable_programs(
    state: &AppState,
    user: &User,
) -> Result<Vec<(i64, String)>, AppError> {
    let mut out = Vec::new();
    for p in state.db.programs(true).await? {
        if super::programs::can_manage(state, user, p.id).await? {
            out.push((p.id, p.name));
        }
    }
    Ok(out)
}

pub async fn page(state: &AppState, user: &User, id: i64) -> Result<EventPage, AppError> {
    let (event, manage) = load(state, user, id).await?;
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
        lottery: lottery(state, &event, &rows).await?,
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
    event: &EventRow,
    rows: &[super::storage::RsvpRow],
) -> Result<Option<Lottery>, AppError> {
    if event.kind != EventKind::ExecEncounter {
        return Ok(None);
    }
    let draw = state.db.draw_of(event.id).await?;
    Ok(Some(Lottery {
        entered: match &draw {
            Some(d) => d.drawn.len() as i64,
            None => rows
                .iter()
                .filter(|r| r.state == RsvpState::Entered)
                .count() as i64,
        },
        seed: draw.as_ref().map(|d| d.seed),
        drawn_at: draw.map(|d| when_of(d.drawn_at, d.drawn_at, &event.time_zone)),
    }))
}

/// Holds an Exec Encounter's draw with a fresh seed and tells everyone who entered.
pub async fn draw(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    let event = manageable(state, user, id).await?;
    if event.kind != EventKind::ExecEncounter {
        return Err(AppError::Conflict(
            "Only Exec Encounters have a draw; other events seat people as they answer.".into(),
        ));
    }
    if event.state == EventState::Cancelled {
        return Err(AppError::Conflict("This event is cancelled.".into()));
    }
    let seed = i64::from(rand::random::<u32>());
    let Some(draw) = state.db.hold_draw(id, seed, user.id).await? else {
        return Err(AppError::Conflict("The draw has already been held.".into()));
    };
    let seats = event.capacity.unwrap_or(i64::MAX);
    for (rank, person) in draw.drawn.iter().enumerate() {
        let Some(who) = state.db.user_by_id(*person).await? else {
            continue;
        };
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
        let mail = OutgoingMail {
            to: who.email,
            subject: format!("The draw for {}", event.title),
            text: format!(
                "Hello {},\n\n{result}\n\nYour answer, any time:\n{link}\n\nThe draw used seed {seed}, so it can be checked.\n\nTandem",
                who.name
            ),
        };
        if let Err(e) = state.mailer.send(mail).await {
            tracing::error!(error = %e, "could not send the draw email");
        }
    }
    Ok(())
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
    let spec = input
        .parse(today)
        .map_err(|e| AppError::invalid(e.field, e.message))?;
    let zone = known_zone(zone, &input.time_zone)?;
    let allowed = organisable_programs(state, user).await?;
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
    let event = NewEvent {
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
            manageable(state, user, id).await?;
            state.db.update_event(id, &event).await?;
            Ok(id)
        }
    }
}

/// Answers for the signed-in person.
pub async fn answer_signed_in(
    state: &AppState,
    user: &User,
    id: i64,
    going: bool,
) -> Result<(), AppError> {
    let (event, _) = load(state, user, id).await?;
    record(state, &event, user.id, going).await
}

/// Emails a personal RSVP link to everyone the event is for who has not been sent one;
/// returns how many were sent.
pub async fn invite(state: &AppState, user: &User, id: i64) -> Result<usize, AppError> {
    let event = manageable(state, user, id).await?;
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
    let mut sent = 0;
    for (person, name, email) in state.db.event_audience(id).await? {
        if already.contains(&person) {
            continue;
        }
        let link = personal_link(state, &event, person, false).await?;
        let mail = OutgoingMail {
            to: email,
            subject: format!("You're invited: {}", event.title),
            text: format!(
                "Hello {name},\n\n{} invites you to \"{}\" on {}{}.\n\nAnswer in one tap:\n{link}\n\nTandem",
                user.name,
                event.title,
                when(&event),
                if event.place.is_empty() {
                    String::new()
                } else {
                    format!(", at {}", event.place)
                },
            ),
        };
        state.mailer.send(mail).await?;
        sent += 1;
    }
    Ok(sent)
}

/// Records whether someone came.
pub async fn mark_attended(
    state: &AppState,
    user: &User,
    id: i64,
    person: i64,
    attended: bool,
) -> Result<(), AppError> {
    manageable(state, user, id).await?;
    if !state.db.set_attended(id, person, attended).await? {
        return Err(AppError::NotFound(
            "That person has not answered for this event.".into(),
        ));
    }
    Ok(())
}

pub async fn cancel(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    manageable(state, user, id).await?;
    state.db.cancel_event(id).await?;
    Ok(())
}

/// The answers as CSV for organisers: name, email, answer, attended.
pub async fn export_csv(state: &AppState, user: &User, id: i64) -> Result<String, AppError> {
    manageable(state, user, id).await?;
    let rows = state.db.rsvps(id).await?;
    answers_csv(&rows).map_err(internal)
}

fn answers_csv(rows: &[super::storage::RsvpRow]) -> Result<String, Box<dyn std::error::Error>> {
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

async fn organizer(
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
    let (event, _) = load(state, user, id).await?;
    let org = organizer(state, &event).await?;
    Ok(calendar(&[calendar_entry(state, &event, org)], None))
}

/// A new private feed URL for `user`; any earlier one stops working.
pub async fn new_feed(state: &AppState, user: &User) -> Result<String, AppError> {
    let (token, hash) = crypto::new_token();
    state.db.set_calendar_feed(user.id, &hash).await?;
    Ok(state.settings.link(&format!("/calendar/{token}.ics")))
}

/// The feed a token opens: the events its owner is going to or waiting for, and their
/// accepted pair sessions.
pub async fn feed(state: &AppState, token: &str) -> Result<Option<String>, AppError> {
    let Some(owner) = state
        .db
        .calendar_feed_owner(&crypto::hash_token(token))
        .await?
    else {
        return Ok(None);
    };
    let mut entries = Vec::new();
    for event in state.db.events_of(owner).await? {
        let org = organizer(state, &event).await?;
        entries.push(calendar_entry(state, &event, org));
    }
    if let Some(user) = state.db.user_by_id(owner).await? {
        entries.extend(super::pairs::feed_entries(state, &user).await?);
    }
    Ok(Some(calendar(&entries, Some("Tandem"))))
}
