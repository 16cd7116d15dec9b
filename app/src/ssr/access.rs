//! Who may read and manage what, in one place. Features whose rules agree share these
//! functions, so "runs this program" means the same on a goal, an event and a resource.
//!
//! Something a person may not read answers as if it did not exist: the caller gets the
//! feature's "not found", never "forbidden", so an id reveals nothing.

use super::storage::EventRow;
use super::AppState;
use crate::domain::Role;
use crate::error::AppError;
use crate::models::{Program, User};

fn no_program() -> AppError {
    AppError::NotFound("There is no such program, or it is not open yet.".into())
}

fn no_event() -> AppError {
    AppError::NotFound("There is no such event, or it is not open to you.".into())
}

/// Org admins run every program; program admins the ones they are named for.
pub async fn runs_program(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<bool, AppError> {
    Ok(match user.role {
        Role::OrgAdmin => true,
        Role::ProgramAdmin => state.db.is_program_admin(program_id, user.id).await?,
        Role::Participant => false,
    })
}

/// The programs `user` runs, as (id, name), in the order programs are listed.
pub async fn programs_run(state: &AppState, user: &User) -> Result<Vec<(i64, String)>, AppError> {
    if user.role == Role::Participant {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for p in state.db.programs(true).await? {
        if runs_program(state, user, p.id).await? {
            out.push((p.id, p.name));
        }
    }
    Ok(out)
}

/// A program `user` may see, and whether they run it. Drafts are invisible to participants,
/// as if they did not exist; program admins see every program, to plan alongside.
pub async fn program(state: &AppState, user: &User, id: i64) -> Result<(Program, bool), AppError> {
    let program = state.db.program(id).await?.ok_or_else(no_program)?;
    if !sees_program(user, &program) {
        return Err(no_program());
    }
    Ok((program, runs_program(state, user, id).await?))
}

/// [`program`]'s rule for a program already read: participants see it once it is open to
/// them; whoever runs programs sees them all.
pub fn sees_program(user: &User, program: &Program) -> bool {
    program.state.visible_to_participants() || user.role != Role::Participant
}

/// A program `user` runs; anyone else is refused.
pub async fn program_run_by(state: &AppState, user: &User, id: i64) -> Result<Program, AppError> {
    match program(state, user, id).await? {
        (program, true) => Ok(program),
        _ => Err(AppError::Forbidden),
    }
}

/// Org admins organise any event; program admins those they created or that address a
/// program they run.
pub async fn organises_event(
    state: &AppState,
    user: &User,
    event: &EventRow,
) -> Result<bool, AppError> {
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

/// An event `user` may see (its audience, or its organisers), and whether they organise it.
pub async fn event(state: &AppState, user: &User, id: i64) -> Result<(EventRow, bool), AppError> {
    let event = state.db.event(id).await?.ok_or_else(no_event)?;
    let organises = organises_event(state, user, &event).await?;
    if !organises && !state.db.can_see_event(id, user.id, false).await? {
        return Err(no_event());
    }
    Ok((event, organises))
}

/// An event `user` organises; anyone else is refused.
pub async fn event_organised_by(
    state: &AppState,
    user: &User,
    id: i64,
) -> Result<EventRow, AppError> {
    match event(state, user, id).await? {
        (event, true) => Ok(event),
        _ => Err(AppError::Forbidden),
    }
}

/// Whether a person may be taken out of Tandem (deactivated, erased, deprovisioned) by `by`
/// (`None` for an integration): never by themselves, and never the only active org admin,
/// so the organisation always keeps someone who can manage it. `verb` names the act.
pub async fn may_remove(
    state: &AppState,
    by: Option<&User>,
    target_id: i64,
    target_role: Role,
    target_active: bool,
    verb: &str,
) -> Result<(), AppError> {
    if by.is_some_and(|u| u.id == target_id) {
        return Err(AppError::Conflict(format!(
            "You cannot {verb} yourself. Ask another org admin."
        )));
    }
    if target_role == Role::OrgAdmin && target_active && state.db.active_org_admins().await? <= 1 {
        return Err(AppError::Conflict(
            "This is the only org admin. Make someone else org admin first.".into(),
        ));
    }
    Ok(())
}

/// Whether a password may sign in to account `user_id` (`None`: an address without an
/// account), the rule sign-in, sign-up and password reset share: always, unless the
/// organisation signs in with SSO only, when only the break-glass org admin's may.
pub async fn password_allowed(state: &AppState, user_id: Option<i64>) -> Result<bool, AppError> {
    let mode = state.db.sso_mode().await?;
    Ok(!mode.only || (user_id.is_some() && mode.break_glass == user_id))
}

/// What someone reads when a password is not how this organisation signs in.
pub const SSO_ONLY: &str = "Your organisation signs in to Tandem with single sign-on: use the button for your company account.";
