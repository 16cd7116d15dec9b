//! Pulse surveys: answering one, and scheduling them for a program.

use crate::error::AppError;
use crate::models::{PulseAdminPage, PulsePage};
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use crate::ssr::{pulses, support::context};

/// A survey as I answer it.
#[server(endpoint = "pulses/load")]
pub async fn load_pulse(program_id: i64, survey_id: i64) -> Result<PulsePage, AppError> {
    let me = context::require_user().await?;
    pulses::page(&context::state()?, &me, program_id, survey_id).await
}

/// Keeps my answers (`answers[key]`). A fit check saying the match is not working comes back
/// to the page offering a new match.
#[server(endpoint = "pulses/answer")]
pub async fn answer_pulse(
    program_id: i64,
    survey_id: i64,
    #[server(default)] answers: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let not_working =
        pulses::answer(&context::state()?, &me, program_id, survey_id, &answers).await?;
    let then = if not_working { "#new-match" } else { "" };
    leptos_axum::redirect(&format!(
        "/programs/{program_id}/pulse/{survey_id}?thanks=1{then}"
    ));
    Ok(())
}

/// A program's surveys and their figures, for its admins.
#[server(endpoint = "pulses/admin")]
pub async fn load_pulse_admin(program_id: i64) -> Result<PulseAdminPage, AppError> {
    let me = context::require_user().await?;
    pulses::admin_page(&context::state()?, &me, program_id).await
}

/// Schedules a survey of `kind`, `days` after each round is published (its usual day when
/// empty).
#[server(endpoint = "pulses/schedule")]
pub async fn schedule_pulse(
    program_id: i64,
    kind: String,
    #[server(default)] days: String,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    pulses::schedule(&context::state()?, &me, program_id, &kind, &days).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}/pulses?scheduled=1"));
    Ok(())
}

/// Removes a survey and its answers.
#[server(endpoint = "pulses/remove")]
pub async fn remove_pulse(program_id: i64, survey_id: i64) -> Result<(), AppError> {
    let me = context::require_user().await?;
    pulses::remove(&context::state()?, &me, program_id, survey_id).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}/pulses?removed=1"));
    Ok(())
}
