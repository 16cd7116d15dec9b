//! Asking for a new match, and the program admins' answer.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{rounds::reassignment, support::context};

/// Asks the program admins for a new match, with a reason only they read.
#[server(endpoint = "match/reassign")]
pub async fn request_new_match(program_id: i64, reason: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    reassignment::request(&context::state()?, &me, program_id, &reason).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}?requested=1"));
    Ok(())
}

/// Approves (`approve`) or declines (`decline`) a request for a new match.
#[server(endpoint = "rounds/decide")]
pub async fn decide_request(
    program_id: i64,
    request_id: i64,
    decision: String,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let approve = match decision.as_str() {
        "approve" => true,
        "decline" => false,
        other => {
            return Err(AppError::invalid(
                "decision",
                format!("{other:?} is not approve or decline."),
            ))
        }
    };
    reassignment::decide(&context::state()?, &me, program_id, request_id, approve).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}/rounds?decided=1"));
    Ok(())
}
