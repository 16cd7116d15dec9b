//! The dashboard: the signed-in person's programs and onboarding, their reminders and the
//! next meetups, in one call.

use crate::error::AppError;
use crate::models::Dashboard;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{dashboard, support::context};

/// Every part of the dashboard, read together.
#[server(endpoint = "dashboard")]
pub async fn load_dashboard() -> Result<Dashboard, AppError> {
    let me = context::require_user().await?;
    dashboard::load(&context::state()?, &me).await
}
