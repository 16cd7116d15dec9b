//! What a pair does with its sessions: propose (or answer with another time), accept, cancel,
//! record whether it took place, and leave private feedback.

use super::not_found;
use crate::domain::NotificationKind;
use crate::domain::{PairSessionInput, PairSessionState, SESSION_MINUTES};
use crate::error::AppError;
use crate::models::User;
use crate::ssr::storage::{now, NewJob, NewPairSession, PairSessionRow};
use crate::ssr::support::clock::{instant, known_zone, today_in, when_of, zone_or_utc};
use crate::ssr::AppState;
use crate::ssr::{emails, outbox};
use chrono::TimeZone;
use std::str::FromStr;

/// A session of a group `user` belongs to.
pub(super) async fn member_session(
    state: &AppState,
    user: &User,
    id: i64,
) -> Result<PairSessionRow, AppError> {
    let row = state.db.session(id).await?.ok_or_else(not_found)?;
    if !state
        .db
        .is_group_member(row.round_id, row.group_no, user.id)
        .await?
    {
        return Err(not_found());
    }
    Ok(row)
}

/// Proposes one of the pair page's suggested times: `starts_at` for [`SESSION_MINUTES`], in
/// `user`'s own zone, at `place` or by `video_url`; otherwise as [`propose`].
#[allow(clippy::too_many_arguments)]
pub async fn propose_suggested(
    state: &AppState,
    user: &User,
    program_id: i64,
    round_id: i64,
    group_no: i64,
    starts_at: Option<i64>,
    place: &str,
    video_url: &str,
) -> Result<i64, AppError> {
    let starts_at =
        starts_at.ok_or_else(|| AppError::invalid("starts_at", "Choose one of the times."))?;
    let zone = zone_or_utc(&user.time_zone);
    let local = |t: i64, format: &str| {
        zone.timestamp_opt(t, 0)
            .single()
            .map(|t| t.format(format).to_string())
            .ok_or_else(|| AppError::invalid("starts_at", "That is not a time."))
    };
    let input = PairSessionInput {
        date: local(starts_at, "%Y-%m-%d")?,
        start_time: local(starts_at, "%H:%M")?,
        end_time: local(starts_at + SESSION_MINUTES * 60, "%H:%M")?,
        time_zone: zone.name().to_owned(),
        place: place.to_owned(),
        video_url: video_url.to_owned(),
        ..PairSessionInput::default()
    };
    propose(state, user, program_id, round_id, group_no, None, &input).await
}

/// What a session's change is, for the message to the rest of its group.
struct Change<'a> {
    round_id: i64,
    group_no: i64,
    program_id: i64,
    starts_at: i64,
    ends_at: i64,
    /// The session's own zone, for members who set none.
    time_zone: &'a str,
    subject: String,
    what: &'a str,
    /// Names the change uniquely, so it is told once.
    key: String,
}

/// The messages telling the other members of a group what `user` did, each in the member's
/// own time zone; queued with the change itself.
async fn tell_others(
    state: &AppState,
    user: &User,
    change: &Change<'_>,
) -> Result<Vec<NewJob>, AppError> {
    let link = state
        .settings
        .link(&format!("/programs/{}/pair", change.program_id));
    let mut jobs = Vec::new();
    for id in state
        .db
        .group_members(change.round_id, change.group_no)
        .await?
    {
        if id == user.id {
            continue;
        }
        let Some(other) = state.db.user_by_id(id).await? else {
            continue;
        };
        let zone = if other.time_zone.is_empty() {
            change.time_zone
        } else {
            other.time_zone.as_str()
        };
        let mail = emails::session_update(
            &other.email,
            &other.name,
            &change.subject,
            &format!("{} {}", user.name, change.what),
            &when_of(change.starts_at, change.ends_at, zone),
            &link,
        );
        let key = format!("{}:to:{id}", change.key);
        jobs.push(outbox::notify(
            &state.settings,
            id,
            NotificationKind::Sessions,
            mail,
            key,
        ));
    }
    Ok(jobs)
}

/// The change of an existing session to its next state.
fn session_change<'a>(row: &'a PairSessionRow, subject: String, what: &'a str) -> Change<'a> {
    Change {
        round_id: row.round_id,
        group_no: row.group_no,
        program_id: row.program_id,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        time_zone: &row.time_zone,
        subject,
        what,
        key: format!("pair-session:{}:{}:{what}", row.id, row.sequence + 1),
    }
}

/// Proposes a session to `user`'s group, or (with `replaces`) answers a partner's proposal
/// with another time.
pub async fn propose(
    state: &AppState,
    user: &User,
    program_id: i64,
    round_id: i64,
    group_no: i64,
    replaces: Option<i64>,
    input: &PairSessionInput,
) -> Result<i64, AppError> {
    let current = state.db.my_groups(program_id, user.id).await?;
    let mine = current.is_some_and(|(_, groups)| {
        groups
            .iter()
            .any(|g| g.round_id == round_id && g.group_no == group_no)
    });
    if !mine {
        return Err(AppError::NotFound("You are not in that pair.".into()));
    }
    let zone = chrono_tz::Tz::from_str(input.time_zone.trim()).ok();
    let spec = input.parse(today_in(zone.unwrap_or(chrono_tz::UTC)))?;
    let zone = known_zone(zone, &input.time_zone)?;
    let starts_at = instant(&zone, spec.date, spec.start, "start_time")?;
    let ends_at = instant(&zone, spec.date, spec.end, "end_time")?;
    if starts_at <= now() {
        return Err(AppError::invalid(
            "start_time",
            "This time has already passed.",
        ));
    }
    if let Some(old) = replaces {
        let row = member_session(state, user, old).await?;
        if row.round_id != round_id
            || row.group_no != group_no
            || row.state != PairSessionState::Proposed
        {
            return Err(AppError::Conflict(
                "That proposal was already answered.".into(),
            ));
        }
        if row.proposed_by == Some(user.id) {
            return Err(AppError::Conflict(
                "That is your own proposal; cancel it to suggest another time.".into(),
            ));
        }
    }
    let what = if replaces.is_some() {
        "proposed another time"
    } else {
        "proposed a session"
    };
    let change = Change {
        round_id,
        group_no,
        program_id,
        starts_at,
        ends_at,
        time_zone: zone.name(),
        subject: format!("{} {what}", user.name),
        what,
        key: format!(
            "pair-session:{round_id}:{group_no}:{starts_at}:{}:proposed",
            user.id
        ),
    };
    let jobs = tell_others(state, user, &change).await?;
    let id = state
        .db
        .create_session(
            &NewPairSession {
                program_id,
                round_id,
                group_no,
                proposed_by: user.id,
                starts_at,
                ends_at,
                time_zone: zone.name().to_owned(),
                place: spec.place,
                video_url: spec.video_url,
                agenda: spec.agenda,
                replaces,
            },
            &jobs,
        )
        .await?;
    Ok(id)
}

/// Accepts a partner's proposal.
pub async fn accept(state: &AppState, user: &User, id: i64) -> Result<i64, AppError> {
    let row = member_session(state, user, id).await?;
    if row.proposed_by == Some(user.id) {
        return Err(AppError::Conflict(
            "Your partner accepts your proposal, not you.".into(),
        ));
    }
    let change = session_change(
        &row,
        format!("{} accepted your session", user.name),
        "accepted the session",
    );
    let jobs = tell_others(state, user, &change).await?;
    if !state
        .db
        .set_session_state(
            id,
            PairSessionState::Proposed,
            PairSessionState::Accepted,
            &jobs,
        )
        .await?
        && row.state != PairSessionState::Accepted
    {
        return Err(AppError::Conflict(
            "This proposal is no longer open.".into(),
        ));
    }
    Ok(row.program_id)
}

/// Cancels a proposed or accepted session.
pub async fn cancel(state: &AppState, user: &User, id: i64) -> Result<i64, AppError> {
    let row = member_session(state, user, id).await?;
    if row.state == PairSessionState::Cancelled {
        return Ok(row.program_id);
    }
    let change = session_change(
        &row,
        format!("{} cancelled a session", user.name),
        "cancelled the session",
    );
    let jobs = tell_others(state, user, &change).await?;
    if !state
        .db
        .set_session_state(id, row.state, PairSessionState::Cancelled, &jobs)
        .await?
    {
        return Err(AppError::Conflict(
            "This session changed meanwhile; reload the page.".into(),
        ));
    }
    Ok(row.program_id)
}

/// Records whether an accepted session took place, with the pair's shared notes.
pub async fn record(
    state: &AppState,
    user: &User,
    id: i64,
    held: &str,
    notes: &str,
) -> Result<i64, AppError> {
    let row = member_session(state, user, id).await?;
    let held = match held {
        "yes" => true,
        "no" => false,
        other => {
            return Err(AppError::invalid(
                "held",
                format!("{other:?} is not yes or no."),
            ))
        }
    };
    if row.state != PairSessionState::Accepted {
        return Err(AppError::Conflict(
            "Only an accepted session can be recorded.".into(),
        ));
    }
    if row.starts_at > now() {
        return Err(AppError::Conflict(
            "This session has not started yet.".into(),
        ));
    }
    let notes = notes.trim();
    if notes.chars().count() > 5_000 {
        return Err(AppError::invalid("notes", "Use at most 5000 characters."));
    }
    state.db.record_session(id, held, notes).await?;
    Ok(row.program_id)
}

/// Private feedback on a held session: a rating from 1 to 5 and a comment only program admins
/// read, and only among enough others.
pub async fn feedback(
    state: &AppState,
    user: &User,
    id: i64,
    rating: &str,
    comment: &str,
) -> Result<i64, AppError> {
    let row = member_session(state, user, id).await?;
    if row.held != Some(1) {
        return Err(AppError::Conflict(
            "Feedback is for sessions that took place.".into(),
        ));
    }
    let rating = match rating.trim().parse::<i64>() {
        Ok(r) if (1..=5).contains(&r) => r,
        _ => return Err(AppError::invalid("rating", "Choose a rating from 1 to 5.")),
    };
    let comment = comment.trim();
    if comment.chars().count() > 2_000 {
        return Err(AppError::invalid("comment", "Use at most 2000 characters."));
    }
    state
        .db
        .save_session_feedback(id, user.id, rating, comment)
        .await?;
    Ok(row.program_id)
}
