//! Meetups on the server: answering through a personal RSVP link, without signing in.

use super::context::internal;
use super::links::{LinkError, LinkKeys, RsvpClaim};
use super::mailer::OutgoingMail;
use super::storage::{now, EventRow, RsvpOutcome, RsvpRefusal};
use super::AppState;
use crate::domain::{EventKind, RsvpState};
use crate::error::AppError;
use crate::models::RsvpLinkView;
use chrono::TimeZone;
use std::str::FromStr;

/// How long an emailed RSVP link works: until the event, and at most this long.
pub const LINK_DAYS: i64 = 60;

pub fn link_keys(state: &AppState) -> LinkKeys {
    LinkKeys::new(&state.settings.secret_key, &[])
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
        .await
        .map_err(internal)?;
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
    match state
        .db
        .answer_rsvp(event.id, claim.user_id, going)
        .await
        .map_err(internal)?
    {
        RsvpOutcome::Refused(refusal) => Err(AppError::Conflict(refused(refusal).into())),
        RsvpOutcome::Recorded { promoted, .. } => {
            if let Some(promoted) = promoted {
                tell_promoted(state, &event, promoted).await;
            }
            describe(state, &claim, &event).await
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
        .await
        .map_err(internal)?;
    if current != Some(claim.generation) {
        return Ok(Err(LinkError::Revoked.to_string()));
    }
    let Some(event) = state.db.event(claim.event_id).await.map_err(internal)? else {
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
        .await
        .map_err(internal)?
        .map(|u| u.name)
        .unwrap_or_default();
    let rows = state.db.rsvps(event.id).await.map_err(internal)?;
    let mine = rows.iter().find(|r| r.user_id == claim.user_id);
    let my_state = mine
        .and_then(|r| RsvpState::parse(&r.state))
        .unwrap_or(RsvpState::Invited);
    let position = (my_state == RsvpState::Waitlisted).then(|| {
        rows.iter()
            .filter(|r| r.state == "waitlisted")
            .position(|r| r.user_id == claim.user_id)
            .map_or(0, |p| p as i64 + 1)
    });
    let going = rows.iter().filter(|r| r.state == "going").count() as i64;
    Ok(RsvpLinkView {
        title: event.title.clone(),
        kind: EventKind::parse(&event.kind)
            .map(EventKind::label)
            .unwrap_or("Event")
            .to_owned(),
        when: when(event),
        place: event.place.clone(),
        video_url: event.video_url.clone(),
        name,
        state: my_state.as_str().to_owned(),
        position,
        seats_left: event.capacity.map(|c| (c - going).max(0)),
        cancelled: event.state == "cancelled",
        problem: (event.state == "cancelled").then(|| refused(RsvpRefusal::Cancelled).to_owned()),
    })
}

/// The event's time as its organiser planned it, e.g. "Tuesday 1 December 2026, 09:00–10:00
/// (Europe/Lisbon)".
pub fn when(event: &EventRow) -> String {
    let tz = chrono_tz::Tz::from_str(&event.time_zone).unwrap_or(chrono_tz::UTC);
    let (Some(start), Some(end)) = (
        tz.timestamp_opt(event.starts_at, 0).single(),
        tz.timestamp_opt(event.ends_at, 0).single(),
    ) else {
        return String::new();
    };
    let end_format = if start.date_naive() == end.date_naive() {
        "%H:%M"
    } else {
        "%A %-d %B %Y, %H:%M"
    };
    format!(
        "{}–{} ({})",
        start.format("%A %-d %B %Y, %H:%M"),
        end.format(end_format),
        event.time_zone
    )
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
