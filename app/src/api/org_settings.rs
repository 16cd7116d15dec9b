//! The organisation's settings, for org admins.

use crate::error::AppError;
use crate::models::OrgSettings;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::Role;
#[cfg(feature = "ssr")]
use crate::ssr::{org_settings, support::context};

#[server(endpoint = "admin/settings")]
pub async fn get_org_settings() -> Result<OrgSettings, AppError> {
    context::require_role(Role::OrgAdmin).await?;
    org_settings::get(&context::state()?).await
}

#[server(endpoint = "admin/save_settings")]
pub async fn save_org_settings(
    org_name: String,
    open_signup: Option<String>,
    allowed_domains: String,
) -> Result<(), AppError> {
    context::require_role(Role::OrgAdmin).await?;
    org_settings::save(
        &context::state()?,
        &org_name,
        open_signup.is_some(),
        &allowed_domains,
    )
    .await?;
    leptos_axum::redirect("/admin/settings?saved=1");
    Ok(())
}
