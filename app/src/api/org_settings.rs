//! The organisation's settings, for org admins.

use crate::domain::SendWindow;
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
    let me = context::require_role(Role::OrgAdmin).await?;
    org_settings::save(
        &context::state()?,
        &me,
        &org_name,
        open_signup.is_some(),
        &allowed_domains,
    )
    .await?;
    leptos_axum::redirect("/admin/settings?saved=1");
    Ok(())
}

/// The email hours of people who have not chosen their own.
#[server(endpoint = "admin/email_hours")]
pub async fn load_email_hours() -> Result<SendWindow, AppError> {
    context::require_role(Role::OrgAdmin).await?;
    org_settings::email_hours(&context::state()?).await
}

#[server(endpoint = "admin/save_email_hours")]
pub async fn save_email_hours(
    send_from: String,
    send_until: String,
    #[server(default)] days: Vec<String>,
) -> Result<(), AppError> {
    context::require_role(Role::OrgAdmin).await?;
    org_settings::save_email_hours(&context::state()?, &send_from, &send_until, &days).await?;
    leptos_axum::redirect("/admin/settings?hours_saved=1#email-hours");
    Ok(())
}
