//! A program's activity for those who run it: goals by column, the goals shared with admins,
//! and sessions planned, held and rated. An average shows only once enough different people
//! rated, and comments only once enough different people wrote one (`domain::privacy`).

use super::{access, AppState};
use crate::domain::Visibility;
use crate::domain::{average_rating, readable_comments, COMMENT_AUTHORS_MIN};
use crate::error::AppError;
use crate::models::{ProgramActivity, User};
use crate::ssr::storage::now;
use std::collections::HashMap;

/// A program's goals and sessions in figures, for those who run it.
pub async fn figures(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<ProgramActivity, AppError> {
    if !access::runs_program(state, user, program_id).await? {
        return Err(AppError::Forbidden);
    }
    let program = state
        .db
        .program(program_id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such program.".into()))?;
    let goals_by_status = state.db.admin_goal_counts(program_id).await?;
    let at = now();
    let names: HashMap<i64, String> = state
        .db
        .enrollments(program_id)
        .await?
        .into_iter()
        .map(|e| (e.user_id, e.name))
        .collect();
    let owners: Vec<i64> = names.keys().copied().collect();
    let shared_goals = state
        .db
        .shared_goals(program_id, &owners, Visibility::MatchAdmins)
        .await?
        .iter()
        .map(|g| {
            (
                names.get(&g.owner_id).cloned().unwrap_or_default(),
                g.card(&program.name, at),
            )
        })
        .collect();
    let counts = state.db.session_counts(program_id).await?;

    Ok(ProgramActivity {
        goals_by_status,
        shared_goals,
        sessions_planned: counts.planned,
        sessions_held: counts.held,
        sessions_not_held: counts.not_held,
        ratings: counts.ratings,
        raters: counts.raters,
        average_rating: average_rating(counts.raters, counts.ratings, counts.rating_sum),
        comments: if counts.comment_authors >= COMMENT_AUTHORS_MIN {
            readable_comments(
                counts.comment_authors,
                state.db.session_feedback_comments(program_id).await?,
            )
        } else {
            Vec::new()
        },
    })
}
