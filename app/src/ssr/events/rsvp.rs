//! Answers to events: signed in, or through a personal link that works without signing in.
//! A link's page only reads; an answer is a POST. Whoever takes a freed seat is told.

use super::when;
use crate::domain::{EventKind, EventState, RsvpState};
use crate::error::AppError;
use crate::models::{RsvpLinkView, User};
use crate::ssr::access;
use crate::ssr::emails;
use crate::ssr::storage::{now, EventRow, RsvpOutcome, RsvpRefusal};
use crate::ssr::support::links::{LinkClaim, LinkError, LinkPurpose};
use crate::ssr::support::mailer::OutgoingMail;
use crate::ssr::AppState;

/// How long an emailed RSVP link works: until the event, and at most this long.
pub const LINK_DAYS: i64 = 60;

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
    let claim = LinkClaim {
        subject: event.id,
        user_id,
        generation,
        expires_at: event.ends_at.min(now() + LINK_DAYS * 86_400),
    };
    Ok(state.settings.link(&format!(
        "/rsvp/{}",
        state.settings.link_keys(LinkPurpose::Rsvp).sign(&claim)
    )))
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

/// Records an answer however it arrived; a refusal becomes a 409 that says why. Whoever takes
/// a freed seat is told: the answer queues that in its own transaction.
async fn record(
    state: &AppState,
    event: &EventRow,
    user_id: i64,
    going: bool,
) -> Result<(), AppError> {
    match state.db.answer_rsvp(event.id, user_id, going).await? {
        RsvpOutcome::Refused(refusal) => Err(AppError::Conflict(refused(refusal).into())),
        RsvpOutcome::Recorded { .. } => Ok(()),
    }
}

/// The claim and event of a usable link, or why it is not usable.
async fn check(
    state: &AppState,
    token: &str,
) -> Result<Result<(LinkClaim, EventRow), String>, AppError> {
    let claim = match state
        .settings
        .link_keys(LinkPurpose::Rsvp)
        .verify(token, now())
    {
        Ok(claim) => claim,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let current = state
        .db
        .current_link_generation(claim.subject, claim.user_id)
        .await?;
    match current {
        Some(s) if !s.active => {
            return Ok(Err(
                "This link no longer works: the account it was sent to is closed.".into(),
            ))
        }
        Some(s) if s.generation == claim.generation => {}
        _ => return Ok(Err(LinkError::Revoked.to_string())),
    }
    let Some(event) = state.db.event(claim.subject).await? else {
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
    claim: &LinkClaim,
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

/// The message for whoever took a freed seat, with a link to give it back; `None` when the
/// event or the person is gone, or the seat is no longer theirs.
pub async fn seat_taken_mail(
    state: &AppState,
    event_id: i64,
    user_id: i64,
) -> Result<Option<OutgoingMail>, AppError> {
    let (Some(event), Some(user)) = (
        state.db.event(event_id).await?,
        state.db.user_by_id(user_id).await?,
    ) else {
        return Ok(None);
    };
    let going = state
        .db
        .rsvp_standing(event_id, user_id)
        .await?
        .is_some_and(|s| s.state == RsvpState::Going);
    if !going || !user.active() {
        return Ok(None);
    }
    let link = personal_link(state, &event, user_id, false).await?;
    Ok(Some(emails::seat_taken(
        &user.email,
        &user.name,
        &event.title,
        &when(&event),
        &link,
    )))
}

/// Answers for the signed-in person.
pub async fn answer_signed_in(
    state: &AppState,
    user: &User,
    id: i64,
    going: bool,
) -> Result<(), AppError> {
    let (event, _) = access::event(state, user, id).await?;
    record(state, &event, user.id, going).await
}
