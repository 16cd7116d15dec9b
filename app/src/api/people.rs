//! The people page for org admins: the list, invitations and roles.

use crate::error::AppError;
use crate::models::PeopleView;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::Role;
#[cfg(feature = "ssr")]
use crate::ssr::{people, support::context};

#[server(endpoint = "admin/people")]
pub async fn list_people(
    query: Option<String>,
    role: Option<String>,
    department: Option<String>,
    level: Option<String>,
    enrolled: Option<String>,
    page: Option<i64>,
) -> Result<PeopleView, AppError> {
    context::require_role(Role::OrgAdmin).await?;
    let query = people::PeopleQuery {
        query,
        role,
        department,
        level,
        enrolled,
        page,
    };
    people::page(&context::state()?, query).await
}

#[server(endpoint = "admin/invite")]
pub async fn invite_person(email: String, role: String) -> Result<String, AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    people::invite(&context::state()?, me.id, &email, &role).await
}

#[server(endpoint = "admin/role")]
pub async fn change_role(user_id: i64, role: String) -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    people::change_role(&context::state()?, &me, user_id, &role).await
}

/// Erases a person's personal data (org admins; see `ssr::personal_data::erase`).
#[server(endpoint = "admin/erase")]
pub async fn erase_person(user_id: i64) -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    crate::ssr::personal_data::erase(&context::state()?, &me, user_id).await?;
    leptos_axum::redirect("/admin/people?erased=1");
    Ok(())
}

/// Deactivates (`active` is `0`) or reactivates (`1`) someone.
#[server(endpoint = "admin/active")]
pub async fn set_active(user_id: i64, active: String) -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    let state = context::state()?;
    match active.as_str() {
        "0" => people::deactivate(&state, &me, user_id).await?,
        "1" => people::reactivate(&state, &me, user_id).await?,
        other => {
            return Err(AppError::invalid(
                "active",
                format!("{other:?} is not 0 or 1."),
            ))
        }
    }
    leptos_axum::redirect("/admin/people");
    Ok(())
}
