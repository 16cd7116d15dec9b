//! Joining a program, and what its admins see of those who joined.

use crate::domain::EnrollmentInput;
use crate::error::AppError;
use crate::models::{EnrollmentList, EnrollmentPage};
use leptos::prelude::*;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use crate::ssr::{enrollment, support::context};

/// The signed-in person's own enrollment in a program, avoid list included.
#[server(endpoint = "enrollment")]
pub async fn my_enrollment(program_id: i64) -> Result<EnrollmentPage, AppError> {
    let me = context::require_user().await?;
    enrollment::enrollment_page(&context::state()?, &me, program_id).await
}

/// Joins a program or saves changes to one's enrollment. Survey answers come as
/// `answers[q12]` (one value) and `answers[q12.option-id]` (a ticked tag).
#[server(endpoint = "enroll")]
pub async fn enroll(
    program_id: i64,
    #[server(default)] input: EnrollmentInput,
    #[server(default)] answers: HashMap<String, String>,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    enrollment::enroll(&context::state()?, &me, program_id, &input, &answers).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}?enrolled=1"));
    Ok(())
}

/// Pauses (skips the next round), resumes, or leaves a program.
#[server(endpoint = "enrollment/status")]
pub async fn set_enrollment_status(program_id: i64, status: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let to = enrollment::set_status(&context::state()?, &me, program_id, &status).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}?status={}", to.as_str()));
    Ok(())
}

#[server(endpoint = "guidelines_read")]
pub async fn mark_guidelines_read(program_id: i64) -> Result<(), AppError> {
    let me = context::require_user().await?;
    enrollment::mark_guidelines_read(&context::state()?, &me, program_id).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}#guidelines"));
    Ok(())
}

/// Everyone enrolled in a program, for its admins; never an avoid list.
#[server(endpoint = "enrollments")]
pub async fn list_enrollments(program_id: i64) -> Result<EnrollmentList, AppError> {
    let me = context::require_user().await?;
    enrollment::enrollment_list(&context::state()?, &me, program_id).await
}
