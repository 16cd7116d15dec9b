use crate::domain::ProfileInput;
use crate::error::AppError;
use crate::models::User;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::ssr::{accounts, context};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfilePage {
    pub user: User,
    /// IANA time-zone names offered as suggestions in the form.
    pub time_zones: Vec<String>,
}

#[server(endpoint = "my_profile")]
pub async fn my_profile() -> Result<ProfilePage, AppError> {
    let user = context::require_user().await?;
    let time_zones = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name().to_owned())
        .filter(|n| {
            n.contains('/')
                && !n.starts_with("Etc/")
                && !n.starts_with("SystemV/")
                && !n.starts_with("US/")
        })
        .collect();
    Ok(ProfilePage { user, time_zones })
}

#[server(endpoint = "save_profile")]
pub async fn save_profile(input: ProfileInput) -> Result<(), AppError> {
    let user = context::require_user().await?;
    accounts::update_profile(&context::state()?, user.id, input).await?;
    leptos_axum::redirect("/profile?saved=1");
    Ok(())
}
