//! The pair page on the server: a matched group's shared goals and the sessions its members
//! propose, accept, record and download. Only members of the group reach any of it; everyone
//! else gets "not found".

use super::clock::{instant, known_zone, today_in, when_of};
use super::ics::{calendar, uid_host, CalendarEvent};
use super::mailer::OutgoingMail;
use super::storage::{now, NewPairSession, PairSessionRow};
use super::AppState;
use crate::domain::{PairSessionInput, PairSessionState, Visibility, DISCUSSION_PROMPTS};
use crate::error::AppError;
use crate::models::{PairGroup, PairPage, PairPartner, PairSessionView, User};
use std::str::FromStr;

fn not_found() -> AppError {
    AppError::NotFound("There is no such session, or it is not yours.".into())
}

/// The pair page of `user` in a program: one section per group of the newest round.
pub async fn page(state: &AppState, user: &User, program_id: i64) -> Result<PairPage, AppError> {
    let program = state
        .db
        .program(program_id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such program.".into()))?;
    let Some((round, groups)) = state.db.my_groups(program_id, user.id).await? else {
        return Err(AppError::NotFound(
            "You have no match in this program yet. Your pair page opens once a round is published.".into(),
        ));
    };
    let at = now();
    let mut out = Vec::new();
    for group in groups {
        let others: Vec<i64> = group
            .members
            .iter()
            .copied()
            .filter(|id| *id != user.id)
            .collect();
        let mut partners = Vec::new();
        for id in &others {
            if let Some(p) = state.db.user_by_id(*id).await? {
                partners.push(PairPartner {
                    initials: p.initials(),
                    name: p.name,
                    email: p.email,
                });
            }
        }
        let goals = state
            .db
            .shared_goals(program_id, &others, Visibility::Match)
            .await?
            .iter()
            .map(|g| super::goals::card(g, &program.name, at))
            .collect();
        let mut sessions = Vec::new();
        for row in state
            .db
            .group_sessions(group.round_id, group.group_no)
            .await?
        {
            sessions.push(view(state, user, &row, &program.name).await?);
        }
        out.push(PairGroup {
            round_id: group.round_id,
            group_no: group.group_no,
            partners,
            goals,
            sessions,
        });
    }
    Ok(PairPage {
        program_id,
        program_name: program.name,
        round,
        groups: out,
        prompts: DISCUSSION_PROMPTS.iter().map(|p| (*p).to_owned()).collect(),
        form: PairSessionInput {
            time_zone: if user.time_zone.is_empty() {
                "UTC".into()
            } else {
                user.time_zone.clone()
            },
            ..Default::default()
        },
    })
}

/// A session as `user` sees it: times in their own zone (the session's when they set none).
async fn view(
    state: &AppState,
    user: &User,
    row: &PairSessionRow,
    program_name: &str,
) -> Result<PairSessionView, AppError> {
    let zone = if user.time_zone.is_empty() {
        row.time_zone.clone()
    } else {
        user.time_zone.clone()
    };
    let members = state
        .db
        .group_member_names(row.round_id, row.group_no)
        .await?;
    let proposer = members
        .iter()
        .find(|(id, _)| Some(*id) == row.proposed_by)
        .map(|(_, name)| name.clone())
        .unwrap_or_default();
    let names: Vec<String> = members
        .into_iter()
        .filter(|(id, _)| *id != user.id)
        .map(|(_, name)| name)
        .collect();
    Ok(PairSessionView {
        id: row.id,
        program_id: row.program_id,
        when: when_of(row.starts_at, row.ends_at, &zone),
        place: row.place.clone(),
        video_url: row.video_url.clone(),
        agenda: row.agenda_items(),
        state: row.state,
        proposer,
        proposed_by_me: row.proposed_by == Some(user.id),
        past: row.starts_at <= now(),
        held: row.held.map(|h| h != 0),
        notes: row.notes.clone(),
        my_feedback: state.db.session_feedback_of(row.id, user.id).await?,
        with: names.join(", "),
        program_name: program_name.to_owned(),
    })
}

/// A session as `user` sees it, outside its program's pages (dashboard, calendars).
async fn view_in_program(
    state: &AppState,
    user: &User,
    row: &PairSessionRow,
) -> Result<PairSessionView, AppError> {
    let program = super::programs::name_of(state, row.program_id).await?;
    view(state, user, row, &program).await
}

/// The next proposed or accepted session of any of `user`'s groups.
pub async fn next_session(
    state: &AppState,
    user: &User,
) -> Result<Option<PairSessionView>, AppError> {
    let Some(row) = state
        .db
        .sessions_of(user.id, now())
        .await?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    Ok(Some(view_in_program(state, user, &row).await?))
}

/// Sessions of `user` that took place, or should have, and that nobody has recorded yet.
pub async fn to_record(state: &AppState, user: &User) -> Result<Vec<PairSessionView>, AppError> {
    let mut out = Vec::new();
    for row in state.db.sessions_to_record(user.id).await? {
        out.push(view_in_program(state, user, &row).await?);
    }
    Ok(out)
}

/// A session of a group `user` belongs to.
async fn member_session(
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

/// Tells the other members of a session's group what `user` did.
async fn tell_others(
    state: &AppState,
    user: &User,
    row: &PairSessionRow,
    subject: &str,
    what: &str,
) {
    let Ok(members) = state.db.group_members(row.round_id, row.group_no).await else {
        return;
    };
    for id in members.into_iter().filter(|id| *id != user.id) {
        let Ok(Some(other)) = state.db.user_by_id(id).await else {
            continue;
        };
        let zone = if other.time_zone.is_empty() {
            row.time_zone.clone()
        } else {
            other.time_zone.clone()
        };
        let mail =
            OutgoingMail {
                to: other.email.clone(),
                subject: subject.to_owned(),
                text: format!(
                "Hello {},\n\n{} {what}: {}.\n\nSee it and answer on your pair page:\n{}\n\nTandem",
                other.name,
                user.name,
                when_of(row.starts_at, row.ends_at, &zone),
                state.settings.link(&format!("/programs/{}/pair", row.program_id)),
            ),
            };
        if let Err(e) = state.mailer.send(mail).await {
            tracing::error!(error = %e, "could not send a session email");
        }
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
    let spec = input
        .parse(today_in(zone.unwrap_or(chrono_tz::UTC)))
        .map_err(|e| AppError::invalid(e.field, e.message))?;
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
    let id = state
        .db
        .create_session(&NewPairSession {
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
        })
        .await?;
    if let Some(row) = state.db.session(id).await? {
        let what = if replaces.is_some() {
            "proposed another time"
        } else {
            "proposed a session"
        };
        tell_others(state, user, &row, &format!("{} {what}", user.name), what).await;
    }
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
    if !state
        .db
        .set_session_state(id, PairSessionState::Proposed, PairSessionState::Accepted)
        .await?
        && row.state != PairSessionState::Accepted
    {
        return Err(AppError::Conflict(
            "This proposal is no longer open.".into(),
        ));
    }
    tell_others(
        state,
        user,
        &row,
        &format!("{} accepted your session", user.name),
        "accepted the session",
    )
    .await;
    Ok(row.program_id)
}

/// Cancels a proposed or accepted session.
pub async fn cancel(state: &AppState, user: &User, id: i64) -> Result<i64, AppError> {
    let row = member_session(state, user, id).await?;
    if row.state == PairSessionState::Cancelled {
        return Ok(row.program_id);
    }
    if !state
        .db
        .set_session_state(id, row.state, PairSessionState::Cancelled)
        .await?
    {
        return Err(AppError::Conflict(
            "This session changed meanwhile; reload the page.".into(),
        ));
    }
    tell_others(
        state,
        user,
        &row,
        &format!("{} cancelled a session", user.name),
        "cancelled the session",
    )
    .await;
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

/// A session as a calendar entry, titled with who it is with from `user`'s side.
async fn entry(
    state: &AppState,
    user: &User,
    row: &PairSessionRow,
) -> Result<CalendarEvent, AppError> {
    let v = view_in_program(state, user, row).await?;
    let mut description = String::new();
    if !v.agenda.is_empty() {
        description.push_str("Agenda:\n");
        for item in &v.agenda {
            description.push_str(&format!("- {item}\n"));
        }
    }
    if !v.video_url.is_empty() {
        description.push_str(&format!("Video: {}\n", v.video_url));
    }
    let organizer = match row.proposed_by {
        Some(id) => state.db.user_by_id(id).await?.map(|u| (u.name, u.email)),
        None => None,
    };
    Ok(CalendarEvent {
        uid: format!("session-{}@{}", row.id, uid_host(&state.settings.base_url)),
        sequence: row.sequence,
        title: format!("Mentoring session with {}", v.with),
        description,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        time_zone: row.time_zone.clone(),
        location: if row.place.is_empty() {
            row.video_url.clone()
        } else {
            row.place.clone()
        },
        url: state
            .settings
            .link(&format!("/programs/{}/pair", row.program_id)),
        organizer,
        cancelled: row.state == PairSessionState::Cancelled,
        stamp: now(),
    })
}

/// One session as an `.ics` file, for a member of its group.
pub async fn ics(state: &AppState, user: &User, id: i64) -> Result<String, AppError> {
    let row = member_session(state, user, id).await?;
    Ok(calendar(&[entry(state, user, &row).await?], None))
}

/// Accepted sessions of `user` from a month ago on, for their calendar feed.
pub async fn feed_entries(state: &AppState, user: &User) -> Result<Vec<CalendarEvent>, AppError> {
    let mut out = Vec::new();
    for row in state
        .db
        .sessions_of(user.id, now() - 30 * 86_400)
        .await?
        .into_iter()
        .filter(|r| r.state == PairSessionState::Accepted)
    {
        out.push(entry(state, user, &row).await?);
    }
    Ok(out)
}
