//! When each person is free for sessions, and their free/busy calendar.

use crate::domain::AvailabilityInput;
use crate::error::AppError;
use crate::models::AvailabilityPage;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{availability, support::context};

/// The signed-in person's availability.
#[server(endpoint = "availability")]
pub async fn load_availability() -> Result<AvailabilityPage, AppError> {
    let me = context::require_user().await?;
    availability::page(&context::state()?, &me).await
}

/// Saves the hours of each day and the calendar address; `forget_calendar` removes the
/// calendar.
#[server(endpoint = "availability/save")]
pub async fn save_availability(
    input: AvailabilityInput,
    forget_calendar: Option<String>,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    availability::save(&context::state()?, &me, &input, forget_calendar.is_some()).await?;
    leptos_axum::redirect("/profile/availability?saved=1");
    Ok(())
}
