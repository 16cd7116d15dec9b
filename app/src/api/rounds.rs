//! Matching rounds: drafting, adjusting and publishing for program admins; the match card for
//! participants.

use crate::error::AppError;
use crate::models::{MatchCard, RoundsPage};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{rounds, support::context};

#[server(endpoint = "rounds")]
pub async fn get_rounds(program_id: i64) -> Result<RoundsPage, AppError> {
    let me = context::require_user().await?;
    rounds::page(&context::state()?, &me, program_id).await
}

/// Drafts the next round, or re-runs the current draft.
#[server(endpoint = "rounds/draft")]
pub async fn draft_round(program_id: i64) -> Result<(), AppError> {
    let me = context::require_user().await?;
    rounds::draft(&context::state()?, &me, program_id).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}/rounds?drafted=1"));
    Ok(())
}

/// Keeps two people together (`lock`) or apart (`forbid`) and re-runs the draft.
#[server(endpoint = "rounds/adjust")]
pub async fn adjust_round(program_id: i64, a: i64, b: i64, kind: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    rounds::adjust(&context::state()?, &me, program_id, a, b, &kind).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}/rounds?adjusted=1"));
    Ok(())
}

#[server(endpoint = "rounds/publish")]
pub async fn publish_round(program_id: i64) -> Result<(), AppError> {
    let me = context::require_user().await?;
    rounds::publish(&context::state()?, &me, program_id).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}/rounds?published=1"));
    Ok(())
}

/// The signed-in person's current match in a program, if a published round holds them.
#[server(endpoint = "match")]
pub async fn my_match(program_id: i64) -> Result<Option<MatchCard>, AppError> {
    let me = context::require_user().await?;
    rounds::match_card(&context::state()?, &me, program_id).await
}
