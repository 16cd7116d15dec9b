//! A program's activity in figures, for those who run it.

use crate::error::AppError;
use crate::models::ProgramActivity;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{activity, support::context};

/// A program's goals and sessions in figures, for those who run it.
#[server(endpoint = "programs/activity")]
pub async fn load_program_activity(program_id: i64) -> Result<ProgramActivity, AppError> {
    let me = context::require_user().await?;
    activity::figures(&context::state()?, &me, program_id).await
}
