//! A person's own profile: what matching and their partners read about them, checked field by
//! field, with the manager line kept free of loops.

use super::AppState;
use crate::domain::{Email, ProfileInput};
use crate::error::AppError;
use crate::models::{ProfileView, User};

/// The profile page: the person, and the time zones the form suggests.
pub fn page(user: User) -> ProfileView {
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
    ProfileView { user, time_zones }
}

/// Saves a profile after checking every field, the time zone and the manager (who must exist,
/// must not be the person, and must not be someone who reports to them).
pub async fn save(state: &AppState, user_id: i64, input: ProfileInput) -> Result<(), AppError> {
    let p = input.parse()?;
    let level = p.level_number()?;
    if !p.time_zone.is_empty() && p.time_zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(AppError::invalid(
            "time_zone",
            format!(
                "{:?} is not a time zone. Use a name like Europe/Paris.",
                p.time_zone
            ),
        ));
    }
    let db = &state.db;
    let manager_id = if p.manager_email.is_empty() {
        None
    } else {
        let email = Email::parse(&p.manager_email)
            .map_err(|e| AppError::invalid("manager_email", e.to_string()))?;
        let manager = db.user_by_email(&email).await?.ok_or_else(|| {
            AppError::invalid("manager_email", "Nobody in Tandem has this email.")
        })?;
        if manager.id == user_id {
            return Err(AppError::invalid(
                "manager_email",
                "You cannot be your own manager.",
            ));
        }
        // Walk up from the manager; reaching the person would make a loop.
        let mut cursor = Some(manager.id);
        let mut steps = 0;
        while let Some(id) = cursor {
            if id == user_id {
                return Err(AppError::invalid(
                    "manager_email",
                    "This person reports to you, directly or further down.",
                ));
            }
            steps += 1;
            if steps > 1000 {
                break;
            }
            cursor = db.manager_of(id).await?;
        }
        Some(manager.id)
    };
    Ok(db.update_profile(user_id, &p, level, manager_id).await?)
}
