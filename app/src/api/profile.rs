//! A person's own profile.

use crate::domain::ProfileInput;
use crate::error::AppError;
use crate::models::ProfileView;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{profile, support::context};

#[server(endpoint = "my_profile")]
pub async fn my_profile() -> Result<ProfileView, AppError> {
    Ok(profile::page(context::require_user().await?))
}

#[server(endpoint = "save_profile")]
pub async fn save_profile(input: ProfileInput) -> Result<(), AppError> {
    let user = context::require_user().await?;
    profile::save(&context::state()?, user.id, input).await?;
    leptos_axum::redirect("/profile?saved=1");
    Ok(())
}
