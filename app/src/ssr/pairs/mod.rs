//! The pair page on the server: a matched group's shared goals and the sessions its members
//! propose, accept, record and download. Only members of the group reach any of it; everyone
//! else gets "not found".
//!
//! The page and how a session reads are here; what members do with sessions is in
//! [`sessions`], sessions as calendar entries in [`calendar`], and the "Did you meet?" links
//! in [`check_link`].

pub mod calendar;
pub mod check_link;
pub mod sessions;

pub use calendar::{feed_entries, ics};
pub use sessions::{accept, cancel, feedback, propose, propose_suggested, record};

use crate::domain::{PairSessionInput, Visibility, DISCUSSION_PROMPTS};
use crate::error::AppError;
use crate::models::{PairGroup, PairPage, PairPartner, PairSessionView, User};
use crate::ssr::storage::{now, PairSessionRow};
use crate::ssr::support::clock::when_of;
use crate::ssr::AppState;

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
                    id: p.id,
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
            .map(|g| g.card(&program.name, at))
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
            times: Default::default(),
            agreement: Default::default(),
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
pub(super) async fn view_in_program(
    state: &AppState,
    user: &User,
    row: &PairSessionRow,
) -> Result<PairSessionView, AppError> {
    let program = state.db.program_name(row.program_id).await?;
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
