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
use crate::ssr::storage::{now, DashboardSession, PairSessionRow};
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
        // In the group's order (its mentor first), as the match card lists them.
        let people = state.db.users_by_ids(&others).await?;
        let partners = others
            .iter()
            .filter_map(|id| people.iter().find(|p| p.id == *id))
            .map(|p| PairPartner {
                id: p.id,
                initials: p.initials(),
                name: p.name.clone(),
                email: p.email.clone(),
            })
            .collect();
        let goals = state
            .db
            .shared_goals(program_id, &others, Visibility::Match)
            .await?
            .iter()
            .map(|g| g.card(&program.name, at))
            .collect();
        let rows = state
            .db
            .group_sessions(group.round_id, group.group_no)
            .await?;
        let sessions = views(state, user, &rows).await?;
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

/// What showing sessions needs beyond their rows: each one's members with names, the
/// viewer's own feedback and the programs' names. Read in three statements however many
/// sessions there are, since the dashboard, the pair page and the calendar feed list several.
struct Lookups {
    members: Vec<(i64, i64, String)>,
    feedback: Vec<(i64, i64, String)>,
    programs: Vec<(i64, String)>,
}

impl Lookups {
    async fn read(
        state: &AppState,
        user: &User,
        rows: &[PairSessionRow],
    ) -> Result<Self, AppError> {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut program_ids: Vec<i64> = rows.iter().map(|r| r.program_id).collect();
        program_ids.sort_unstable();
        program_ids.dedup();
        Ok(Self {
            members: state.db.session_member_names(&ids).await?,
            feedback: state.db.session_feedback_of(&ids, user.id).await?,
            programs: state.db.program_names(&program_ids).await?,
        })
    }

    /// A session as `user` sees it: times in their own zone (the session's when they set none).
    fn view(&self, user: &User, row: &PairSessionRow, at: i64) -> PairSessionView {
        let zone = if user.time_zone.is_empty() {
            &row.time_zone
        } else {
            &user.time_zone
        };
        let in_group = self.members.iter().filter(|(s, _, _)| *s == row.id);
        let proposer = in_group
            .clone()
            .find(|(_, id, _)| Some(*id) == row.proposed_by)
            .map(|(_, _, name)| name.clone())
            .unwrap_or_default();
        let with: Vec<&str> = in_group
            .filter(|(_, id, _)| *id != user.id)
            .map(|(_, _, name)| name.as_str())
            .collect();
        PairSessionView {
            id: row.id,
            program_id: row.program_id,
            when: when_of(row.starts_at, row.ends_at, zone),
            place: row.place.clone(),
            video_url: row.video_url.clone(),
            agenda: row.agenda_items(),
            state: row.state,
            proposer,
            proposed_by_me: row.proposed_by == Some(user.id),
            past: row.starts_at <= at,
            held: row.held.map(|h| h != 0),
            notes: row.notes.clone(),
            my_feedback: self
                .feedback
                .iter()
                .find(|(s, _, _)| *s == row.id)
                .map(|(_, rating, comment)| (*rating, comment.clone())),
            with: with.join(", "),
            program_name: self
                .programs
                .iter()
                .find(|(id, _)| *id == row.program_id)
                .map(|(_, name)| name.clone())
                .unwrap_or_default(),
        }
    }
}

/// Sessions as `user` sees them, in the order given.
async fn views(
    state: &AppState,
    user: &User,
    rows: &[PairSessionRow],
) -> Result<Vec<PairSessionView>, AppError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let lookups = Lookups::read(state, user, rows).await?;
    let at = now();
    Ok(rows.iter().map(|row| lookups.view(user, row, at)).collect())
}

/// One session as `user` sees it, outside its program's pages (calendars, "did you meet?").
pub(super) async fn view_in_program(
    state: &AppState,
    user: &User,
    row: &PairSessionRow,
) -> Result<PairSessionView, AppError> {
    let lookups = Lookups::read(state, user, std::slice::from_ref(row)).await?;
    Ok(lookups.view(user, row, now()))
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

/// The dashboard's sessions: the next one planned, and those that took place, or should
/// have, and that nobody has recorded yet (oldest first). Shown together, so read together:
/// the sessions come with their programs' names and the person's feedback, and only the
/// members are read besides.
pub async fn next_and_to_record(
    state: &AppState,
    user: &User,
) -> Result<(Option<PairSessionView>, Vec<PairSessionView>), AppError> {
    let at = now();
    let listed = state.db.planned_and_unrecorded(user.id, at).await?;
    let next = listed.iter().find(|s| s.planned);
    let mut shown: Vec<&DashboardSession> = listed.iter().filter(|s| s.unrecorded).collect();
    shown.extend(next);
    if shown.is_empty() {
        return Ok((None, Vec::new()));
    }
    let ids: Vec<i64> = shown.iter().map(|s| s.row.id).collect();
    let lookups = Lookups {
        members: state.db.session_member_names(&ids).await?,
        feedback: shown
            .iter()
            .filter_map(|s| {
                let (rating, comment) = s.my_feedback.clone()?;
                Some((s.row.id, rating, comment))
            })
            .collect(),
        programs: shown
            .iter()
            .map(|s| (s.row.program_id, s.program_name.clone()))
            .collect(),
    };
    let mut views: Vec<PairSessionView> = shown
        .iter()
        .map(|s| lookups.view(user, &s.row, at))
        .collect();
    let next = if next.is_some() { views.pop() } else { None };
    Ok((next, views))
}
