//! Insights: a view's figures and its leadership report for the admins who may read them, and the organisation's choice of
//! the smallest group shown.

use crate::domain::InsightQuery;
use crate::error::AppError;
use crate::models::{InsightsPage, InsightsReport};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::Role;
#[cfg(feature = "ssr")]
use crate::ssr::{insights, org_settings, support::context};

/// The view the query asks for; org admins see everything, program admins their programs.
#[server(endpoint = "insights/load")]
pub async fn load_insights(query: InsightQuery) -> Result<InsightsPage, AppError> {
    let me = context::require_role(Role::ProgramAdmin).await?;
    insights::page(&context::state()?, &me, &query).await
}

/// The leadership report of the same view: its headline figures, trends and chosen stories.
#[server(endpoint = "insights/report")]
pub async fn load_insights_report(query: InsightQuery) -> Result<InsightsReport, AppError> {
    let me = context::require_role(Role::ProgramAdmin).await?;
    insights::report(&context::state()?, &me, &query).await
}

/// How many different people must stand behind any figure: 3 to 10.
#[server(endpoint = "insights/group-min")]
pub async fn save_insights_group_min(group_min: String) -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    org_settings::save_insights_group_min(&context::state()?, &me, &group_min).await?;
    leptos_axum::redirect("/insights?saved=1");
    Ok(())
}
