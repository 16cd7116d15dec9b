//! The delivery log and the test message, for org admins.

use crate::error::AppError;
use crate::models::{DeliveryLine, DeliveryOverview, PersonDeliveries};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::Role;
#[cfg(feature = "ssr")]
use crate::ssr::{delivery::log, support::context};

/// Where email goes, what waits, and what failed for good.
#[server(endpoint = "admin/delivery")]
pub async fn load_delivery() -> Result<DeliveryOverview, AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    log::overview(&context::state()?, &me).await
}

/// Everything sent to one person.
#[server(endpoint = "admin/delivery/person")]
pub async fn load_person_deliveries(id: i64) -> Result<PersonDeliveries, AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    log::person(&context::state()?, &me, id).await
}

/// Queues a failed message again.
#[server(endpoint = "admin/delivery/retry")]
pub async fn retry_delivery(id: i64) -> Result<(), AppError> {
    context::require_role(Role::OrgAdmin).await?;
    log::retry(&context::state()?, id).await?;
    leptos_axum::redirect("/admin/delivery?retried=1");
    Ok(())
}

/// Sends the signed-in admin a test message while they wait, and says what became of it.
#[server(endpoint = "admin/delivery/test")]
pub async fn send_test_message() -> Result<DeliveryLine, AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    let line = log::send_test(&context::state()?, &me).await?;
    leptos_axum::redirect(&format!("/admin/settings?test={}#email", line.id));
    Ok(line)
}

/// One message of the log: a test message's result after the page reloads.
#[server(endpoint = "admin/delivery/message")]
pub async fn load_delivery_message(id: i64) -> Result<DeliveryLine, AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    log::message(&context::state()?, &me, id).await
}
