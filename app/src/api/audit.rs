//! The audit log, for org admins.

use crate::error::AppError;
use crate::models::AuditPage;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::Role;
#[cfg(feature = "ssr")]
use crate::ssr::{audit, support::context};

#[server(endpoint = "admin/audit")]
pub async fn load_audit(
    action: Option<String>,
    person: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<i64>,
) -> Result<AuditPage, AppError> {
    context::require_role(Role::OrgAdmin).await?;
    let query = audit::AuditQuery {
        action,
        person,
        from,
        to,
        page,
    };
    audit::page(&context::state()?, query).await
}

/// How many days entries are kept.
#[server(endpoint = "admin/audit/retention")]
pub async fn save_audit_retention(days: String) -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    audit::save_retention(&context::state()?, &me, &days).await?;
    leptos_axum::redirect("/admin/audit?saved=1");
    Ok(())
}
