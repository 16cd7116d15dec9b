//! The dashboard: the signed-in person's programs and onboarding, and their reminders.

use crate::error::AppError;
use crate::models::{DashboardGoals, DashboardPrograms, EventSummary};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{dashboard, support::context};

/// Each joined program's onboarding and match card, and the programs open to join.
#[server(endpoint = "dashboard")]
pub async fn dashboard_overview() -> Result<DashboardPrograms, AppError> {
    let me = context::require_user().await?;
    dashboard::programs(&context::state()?, &me).await
}

/// The next session, sessions to record, and goals due a check-in or gone stale.
#[server(endpoint = "goals/dashboard")]
pub async fn load_dashboard_goals() -> Result<DashboardGoals, AppError> {
    let me = context::require_user().await?;
    dashboard::reminders(&context::state()?, &me).await
}

/// The next meetups open to the signed-in person, with their answer to each.
#[server(endpoint = "dashboard/meetups")]
pub async fn dashboard_meetups() -> Result<Vec<EventSummary>, AppError> {
    let me = context::require_user().await?;
    dashboard::meetups(&context::state()?, &me).await
}
