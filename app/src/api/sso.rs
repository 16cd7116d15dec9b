//! Single sign-on: the providers and the "SSO only" switch for org admins, and the sign-in
//! page's buttons for everyone. The sign-in itself runs through plain routes (`/sso/…`),
//! since it is a pair of browser redirects, not a form.
// The provider form's fields are the save function's arguments, one per field, as the plain
// HTML form posts them; the macro's client half has as many.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::models::{SignInOptions, SsoView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::{Role, SsoProtocol};
#[cfg(feature = "ssr")]
use crate::ssr::{sso, support::context};

#[server(endpoint = "admin/sso")]
pub async fn load_sso() -> Result<SsoView, AppError> {
    context::require_role(Role::OrgAdmin).await?;
    sso::view(&context::state()?).await
}

/// Adds a provider (`id` empty or 0) or changes one (an empty secret, or empty SAML metadata,
/// keeps the stored one). Each protocol's form sends only its own fields.
#[server(endpoint = "admin/sso/save")]
pub async fn save_sso_provider(
    id: Option<i64>,
    protocol: Option<String>,
    label: String,
    issuer: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    saml_metadata_url: Option<String>,
    saml_metadata: Option<String>,
    allowed_domains: String,
    claim_email: Option<String>,
    claim_name: String,
    claim_department: String,
    claim_title: String,
    claim_manager: String,
    claim_verified: Option<String>,
) -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    let protocol = SsoProtocol::parse(protocol.as_deref().unwrap_or("oidc"))
        .ok_or_else(|| AppError::invalid("protocol", "Choose OpenID Connect or SAML 2.0."))?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let (issuer, client_id, client_secret) =
        (text(&issuer), text(&client_id), text(&client_secret));
    let (saml_metadata_url, saml_metadata) = (text(&saml_metadata_url), text(&saml_metadata));
    let (claim_email, claim_verified) = (text(&claim_email), text(&claim_verified));
    let form = sso::ProviderForm {
        protocol,
        label: &label,
        issuer: &issuer,
        client_id: &client_id,
        client_secret: &client_secret,
        allowed_domains: &allowed_domains,
        claim_name: &claim_name,
        claim_department: &claim_department,
        claim_title: &claim_title,
        claim_manager: &claim_manager,
        claim_verified: &claim_verified,
        claim_email: &claim_email,
        saml_metadata: &saml_metadata,
        saml_metadata_url: &saml_metadata_url,
    };
    let id = id.filter(|id| *id > 0);
    let saved = sso::save_provider(&context::state()?, &me, id, form).await?;
    leptos_axum::redirect(&format!("/admin/sso?saved=1#provider-{saved}"));
    Ok(())
}

#[server(endpoint = "admin/sso/remove")]
pub async fn remove_sso_provider(id: i64) -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    sso::remove_provider(&context::state()?, &me, id).await?;
    leptos_axum::redirect("/admin/sso?removed=1");
    Ok(())
}

/// "Sign in with SSO only": the checkbox is sent only when ticked.
#[server(endpoint = "admin/sso/mode")]
pub async fn save_sso_mode(
    sso_only: Option<String>,
    break_glass: Option<i64>,
) -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    sso::save_mode(&context::state()?, &me, sso_only.is_some(), break_glass).await?;
    leptos_axum::redirect("/admin/sso?mode=1");
    Ok(())
}

/// The sign-in page's provider buttons.
#[server(endpoint = "sign_in_options")]
pub async fn load_sign_in_options() -> Result<SignInOptions, AppError> {
    sso::sign_in_options(&context::state()?).await
}
