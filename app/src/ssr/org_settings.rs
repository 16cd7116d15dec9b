//! The organisation's settings: its name, who may sign up without an invitation, and the
//! email hours of people who have not chosen their own.

use super::audit::{self, Actor};
use super::AppState;
use crate::domain::{AuditAction, GroupMin, SendWindow};
use crate::error::AppError;
use crate::models::OrgSettings;
use crate::models::User;

/// The settings as they are.
pub async fn get(state: &AppState) -> Result<OrgSettings, AppError> {
    Ok(state.db.org_settings().await?)
}

/// Checks and saves the settings form.
pub async fn save(
    state: &AppState,
    admin: &User,
    name: &str,
    open_signup: bool,
    domains: &str,
) -> Result<OrgSettings, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid(
            "org_name",
            "Enter a name of 1 to 100 characters.",
        ));
    }
    let allowed_domains =
        OrgSettings::parse_domains(domains).map_err(|m| AppError::invalid("allowed_domains", m))?;
    let s = OrgSettings {
        name: name.to_owned(),
        open_signup,
        allowed_domains,
    };
    state.db.save_org_settings(&s).await?;
    let signup = if s.open_signup {
        "open sign-up"
    } else {
        "sign-up by invitation"
    };
    audit::record(
        state,
        &Actor::Person(admin),
        AuditAction::SettingsChanged,
        None,
        &format!("Name {:?}, {signup}", s.name),
    )
    .await?;
    Ok(s)
}

/// The email hours of people who have not chosen their own.
pub async fn email_hours(state: &AppState) -> Result<SendWindow, AppError> {
    Ok(state.db.default_send_window().await?)
}

/// Checks and saves the default email hours.
pub async fn save_email_hours(
    state: &AppState,
    from: &str,
    until: &str,
    days: &[String],
) -> Result<SendWindow, AppError> {
    let window = SendWindow::parse(from, until, days)?;
    state.db.save_default_send_window(&window).await?;
    Ok(window)
}

/// Checks and saves the smallest group insights show.
pub async fn save_insights_group_min(
    state: &AppState,
    admin: &User,
    raw: &str,
) -> Result<GroupMin, AppError> {
    let k = GroupMin::parse(raw).map_err(|m| AppError::invalid("group_min", m))?;
    state.db.save_insights_min_group(k).await?;
    audit::record(
        state,
        &Actor::Person(admin),
        AuditAction::SettingsChanged,
        None,
        &format!("Insights show groups of {} people or more", k.get()),
    )
    .await?;
    Ok(k)
}
