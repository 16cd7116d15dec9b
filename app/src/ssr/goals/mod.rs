//! Goal boards on the server: who may read a goal, the owner's changes, check-ins, partners'
//! comments, the dashboard's reminders and the figures program admins see.
//!
//! Reading is decided in one place, [`open`]: the owner always; a current partner when the
//! goal is shared with the match; a program admin only when it is shared with admins too.
//! Anyone else gets the same "not found" as for a goal that does not exist, so an id reveals
//! nothing.
//!
//! The board and its changes are in [`board`], a goal's page in [`page`].

mod board;
mod page;

pub use board::{board, check_in, comment, form_page, move_to, save};
pub use page::page;

use super::{access, AppState};
use crate::domain::Visibility;
use crate::error::AppError;
use crate::models::User;
use crate::ssr::storage::GoalRow;

/// How someone may use a goal they can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Owner,
    Partner,
    Admin,
}

fn not_found() -> AppError {
    AppError::NotFound("There is no such goal, or it is not shared with you.".into())
}

/// A goal `user` may read, and how.
pub async fn open(state: &AppState, user: &User, id: i64) -> Result<(GoalRow, Access), AppError> {
    let goal = state.db.goal(id).await?.ok_or_else(not_found)?;
    if goal.owner_id == user.id {
        return Ok((goal, Access::Owner));
    }
    let visibility = goal.visibility;
    if visibility != Visibility::Private
        && state
            .db
            .partners_of(goal.program_id, goal.owner_id)
            .await?
            .contains(&user.id)
    {
        return Ok((goal, Access::Partner));
    }
    if visibility == Visibility::MatchAdmins
        && access::runs_program(state, user, goal.program_id).await?
    {
        return Ok((goal, Access::Admin));
    }
    Err(not_found())
}

pub(crate) async fn own(state: &AppState, user: &User, id: i64) -> Result<GoalRow, AppError> {
    match open(state, user, id).await? {
        (goal, Access::Owner) => Ok(goal),
        _ => Err(AppError::Forbidden),
    }
}

/// The programs someone has a board in: those they joined, and any they keep goals in.
pub async fn board_programs(state: &AppState, user: &User) -> Result<Vec<(i64, String)>, AppError> {
    Ok(state.db.board_programs(user.id).await?)
}
