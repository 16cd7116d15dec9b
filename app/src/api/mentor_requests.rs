//! Mentors people choose: the mentors page, asking one, a mentor's answer, and the program's
//! setting.

use crate::error::AppError;
use crate::models::MentorsPage;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{rounds::mentor_requests, support::context};

/// The program's mentors page, the list filtered by `q`.
#[server(endpoint = "mentors")]
pub async fn load_mentors(
    program_id: i64,
    #[server(default)] q: String,
) -> Result<MentorsPage, AppError> {
    let me = context::require_user().await?;
    mentor_requests::page(&context::state()?, &me, program_id, &q).await
}

/// Asks `mentor_id` to be my mentor, with a note they read.
#[server(endpoint = "mentors/ask")]
pub async fn ask_mentor(
    program_id: i64,
    mentor_id: i64,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    mentor_requests::ask(&context::state()?, &me, program_id, mentor_id, &note).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}/mentors?asked=1#mine"));
    Ok(())
}

/// Accepts (`accept`) or declines (`decline`) a request to me.
#[server(endpoint = "mentors/answer")]
pub async fn answer_mentee(
    program_id: i64,
    request_id: i64,
    answer: String,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let accept = match answer.as_str() {
        "accept" => true,
        "decline" => false,
        other => {
            return Err(AppError::invalid(
                "answer",
                format!("{other:?} is not accept or decline."),
            ))
        }
    };
    mentor_requests::answer(&context::state()?, &me, program_id, request_id, accept).await?;
    let then = if accept { "accepted" } else { "declined" };
    leptos_axum::redirect(&format!("/programs/{program_id}/mentors?{then}=1#requests"));
    Ok(())
}

/// Who makes the program's matches, and the days mentors have to answer.
#[server(endpoint = "mentors/settings")]
pub async fn save_mentor_choice(
    program_id: i64,
    mode: String,
    #[server(default)] answer_days: String,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    mentor_requests::settings(&context::state()?, &me, program_id, &mode, &answer_days).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}/mentors?saved=1"));
    Ok(())
}
