//! Provisioning tokens for org admins. A new token is handed to the page through the login
//! session, once, so it shows after the form's redirect with or without JavaScript.

use crate::error::AppError;
use crate::models::ScimView;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::Role;
#[cfg(feature = "ssr")]
use crate::ssr::{scim::tokens, support::context};

#[cfg(feature = "ssr")]
const NEW_TOKEN: &str = "scim_new_token";

#[server(endpoint = "admin/scim")]
pub async fn load_scim() -> Result<ScimView, AppError> {
    context::require_role(Role::OrgAdmin).await?;
    let login = context::login().await?;
    let new_token = login
        .remove::<String>(NEW_TOKEN)
        .await
        .map_err(context::internal)?;
    tokens::view(&context::state()?, new_token).await
}

#[server(endpoint = "admin/scim/create")]
pub async fn create_scim_token(label: String) -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    let token = tokens::create(&context::state()?, &me, &label).await?;
    context::login()
        .await?
        .insert(NEW_TOKEN, token)
        .await
        .map_err(context::internal)?;
    leptos_axum::redirect("/admin/scim#new-token");
    Ok(())
}

#[server(endpoint = "admin/scim/revoke")]
pub async fn revoke_scim_token(id: i64) -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    tokens::revoke(&context::state()?, &me, id).await?;
    leptos_axum::redirect("/admin/scim?revoked=1");
    Ok(())
}
