use crate::domain::Role;
use crate::error::AppError;
use crate::models::{OrgSettings, User};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::ssr::{accounts, context, storage::UserFilter};

pub const PEOPLE_PAGE_SIZE: i64 = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub email: String,
    pub role: Role,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub people: Vec<User>,
    pub total: i64,
    pub page: i64,
    pub invitations: Vec<PendingInvitation>,
    /// Every department, for the filter.
    pub departments: Vec<String>,
}

#[server(endpoint = "admin/people")]
pub async fn list_people(
    query: Option<String>,
    role: Option<String>,
    department: Option<String>,
    level: Option<String>,
    enrolled: Option<String>,
    page: Option<i64>,
) -> Result<PeoplePage, AppError> {
    context::require_role(Role::OrgAdmin).await?;
    let role = match role.as_deref().filter(|r| !r.is_empty()) {
        Some(r) => Some(
            r.parse::<Role>()
                .map_err(|e| AppError::invalid("role", e.to_string()))?,
        ),
        None => None,
    };
    let page = page.unwrap_or(1).max(1);
    let level = match level.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        Some(l) => Some(
            l.parse::<i64>()
                .map_err(|_| AppError::invalid("level", format!("{l:?} is not a level.")))?,
        ),
        None => None,
    };
    let enrolled = match enrolled.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("yes") => Some(true),
        Some("no") => Some(false),
        Some(other) => {
            return Err(AppError::invalid(
                "enrolled",
                format!("{other:?} is not yes or no."),
            ))
        }
    };
    let filter = UserFilter {
        query,
        role,
        department,
        level,
        enrolled,
        limit: PEOPLE_PAGE_SIZE,
        offset: (page - 1) * PEOPLE_PAGE_SIZE,
    };
    let db = &context::state()?.db;
    let (people, total) = db.list_users(&filter).await?;
    let invitations = db
        .pending_invitations()
        .await?
        .into_iter()
        .map(|(_, email, role, expires_at)| PendingInvitation {
            email,
            role,
            expires_at,
        })
        .collect();
    let departments = db.departments().await?;
    Ok(PeoplePage {
        departments,
        people,
        total,
        page,
        invitations,
    })
}

#[server(endpoint = "admin/invite")]
pub async fn invite_person(email: String, role: String) -> Result<String, AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    let role = role
        .parse::<Role>()
        .map_err(|e| AppError::invalid("role", e.to_string()))?;
    accounts::invite(&context::state()?, me.id, &email, role).await?;
    Ok(email.trim().to_lowercase())
}

#[server(endpoint = "admin/role")]
pub async fn change_role(user_id: i64, role: String) -> Result<(), AppError> {
    context::require_role(Role::OrgAdmin).await?;
    let role = role
        .parse::<Role>()
        .map_err(|e| AppError::invalid("role", e.to_string()))?;
    accounts::change_role(&context::state()?, user_id, role).await
}

#[server(endpoint = "admin/settings")]
pub async fn get_org_settings() -> Result<OrgSettings, AppError> {
    context::require_role(Role::OrgAdmin).await?;
    Ok(context::state()?.db.org_settings().await?)
}

#[server(endpoint = "admin/save_settings")]
pub async fn save_org_settings(
    org_name: String,
    open_signup: Option<String>,
    allowed_domains: String,
) -> Result<(), AppError> {
    context::require_role(Role::OrgAdmin).await?;
    accounts::save_org_settings(
        &context::state()?,
        &org_name,
        open_signup.is_some(),
        &allowed_domains,
    )
    .await?;
    leptos_axum::redirect("/admin/settings?saved=1");
    Ok(())
}
