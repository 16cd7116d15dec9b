//! Goal boards: my board, a goal's page, the goal form, moving goals, check-ins and partners'
//! comments.

use crate::domain::{CheckInInput, GoalInput};
use crate::error::AppError;
use crate::models::{GoalBoard, GoalFormPage, GoalPage};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{goals, support::context};

/// My goal board in `program` (the first program I joined when none is named).
#[server(endpoint = "goals")]
pub async fn load_goal_board(program: Option<i64>) -> Result<GoalBoard, AppError> {
    let me = context::require_user().await?;
    goals::board(&context::state()?, &me, program).await
}

#[server(endpoint = "goal")]
pub async fn load_goal(id: i64) -> Result<GoalPage, AppError> {
    let me = context::require_user().await?;
    goals::page(&context::state()?, &me, id).await
}

/// The new-goal form, filled in from a template when `template` names one.
#[server(endpoint = "goals/form")]
pub async fn goal_form(
    program: Option<i64>,
    template: Option<String>,
) -> Result<GoalFormPage, AppError> {
    let me = context::require_user().await?;
    goals::form_page(&context::state()?, &me, program, template).await
}

/// Creates a goal in `program_id` (no `id`) or changes mine; then shows it.
#[server(endpoint = "goals/save")]
pub async fn save_goal(
    id: Option<i64>,
    program_id: Option<i64>,
    input: GoalInput,
) -> Result<i64, AppError> {
    let me = context::require_user().await?;
    let id = goals::save(&context::state()?, &me, id, program_id, &input).await?;
    leptos_axum::redirect(&format!("/goals/{id}"));
    Ok(id)
}

/// Moves my goal to the column `status`, at `position` (0-based; past the end means last).
/// `back` is where the form post returns: the goal (`goal`), or else the board (a drag on the
/// board sends the card's move form too, and shows the board that comes back).
#[server(endpoint = "goals/move")]
pub async fn move_goal(
    id: i64,
    status: String,
    position: i64,
    back: Option<String>,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let program = goals::move_to(&context::state()?, &me, id, &status, position).await?;
    match back.as_deref() {
        Some("goal") => leptos_axum::redirect(&format!("/goals/{id}")),
        _ => leptos_axum::redirect(&format!("/goals?program={program}#goal-{id}")),
    }
    Ok(())
}

#[server(endpoint = "goals/check-in")]
pub async fn check_in_goal(id: i64, input: CheckInInput) -> Result<(), AppError> {
    let me = context::require_user().await?;
    goals::check_in(&context::state()?, &me, id, &input).await?;
    leptos_axum::redirect(&format!("/goals/{id}?checked_in=1"));
    Ok(())
}

/// A comment on a goal shared with me (or my reply on my own). `back` is `pair` when it was
/// left from the pair page, which a plain form post returns to.
#[server(endpoint = "goals/comment")]
pub async fn comment_goal(id: i64, body: String, back: Option<String>) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let program = goals::comment(&context::state()?, &me, id, &body).await?;
    match back.as_deref() {
        Some("pair") => leptos_axum::redirect(&format!("/programs/{program}/pair?commented={id}")),
        _ => leptos_axum::redirect(&format!("/goals/{id}#comments")),
    }
    Ok(())
}
