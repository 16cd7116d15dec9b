//! The providers org admins add, change and remove, and the "SSO only" switch.

use super::{callback, oidc, saml, service};
use crate::domain::sso::parse_claim_name;
use crate::domain::{AuditAction, Role, SsoProtocol};
use crate::error::AppError;
use crate::models::{OrgSettings, ProviderView, SignInOptions, SsoButton, SsoView, User};
use crate::ssr::audit::{self, Actor};
use crate::ssr::storage::{ProviderWrite, SsoMode};
use crate::ssr::support::sealed::SealPurpose;
use crate::ssr::AppState;

/// The admin's provider form, as typed.
pub struct ProviderForm<'a> {
    pub protocol: SsoProtocol,
    pub label: &'a str,
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// Empty when changing a provider: the stored secret stays.
    pub client_secret: &'a str,
    pub allowed_domains: &'a str,
    pub claim_name: &'a str,
    pub claim_department: &'a str,
    pub claim_title: &'a str,
    pub claim_manager: &'a str,
    pub claim_verified: &'a str,
    /// SAML: the attribute holding the address.
    pub claim_email: &'a str,
    /// SAML: the identity provider's metadata, pasted, or the address to read it from. Both
    /// empty when changing a provider: the stored document stays.
    pub saml_metadata: &'a str,
    pub saml_metadata_url: &'a str,
}

/// The Single sign-on page.
pub async fn view(state: &AppState) -> Result<SsoView, AppError> {
    let counts = state.db.sso_identity_counts().await?;
    let providers = state
        .db
        .identity_providers()
        .await?
        .into_iter()
        .map(|p| ProviderView {
            people: counts
                .iter()
                .find(|(id, _)| *id == p.id)
                .map_or(0, |(_, n)| *n),
            allowed_domains: p.domains().join(", "),
            id: p.id,
            label: p.label,
            protocol: p.protocol,
            issuer: p.issuer,
            client_id: p.client_id,
            claim_name: p.claim_name,
            claim_department: p.claim_department,
            claim_title: p.claim_title,
            claim_manager: p.claim_manager,
            claim_verified: p.claim_verified,
            claim_email: p.claim_email,
            saml_metadata_url: p.saml_metadata_url,
        })
        .collect();
    let mode = state.db.sso_mode().await?;
    let org_admins = state
        .db
        .active_people()
        .await?
        .into_iter()
        .filter(|u| u.role == Role::OrgAdmin)
        .map(|u| (u.id, format!("{} <{}>", u.name, u.email)))
        .collect();
    let sp = service(state);
    Ok(SsoView {
        providers,
        callback: callback(state),
        saml_entity_id: sp.entity_id,
        saml_acs: sp.acs,
        sso_only: mode.only,
        break_glass: mode.break_glass,
        org_admins,
    })
}

fn required<'a>(field: &str, raw: &'a str, what: &str, max: usize) -> Result<&'a str, AppError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(AppError::invalid(field, format!("Enter {what}.")));
    }
    if v.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("Use at most {max} characters."),
        ));
    }
    Ok(v)
}

fn claim_field(field: &str, raw: &str) -> Result<String, AppError> {
    parse_claim_name(raw).map_err(|m| AppError::invalid(field, m))
}

/// The protocol-specific half of a provider, checked: what identifies it, and its secret or
/// metadata.
struct Checked {
    issuer: String,
    client_id: String,
    sealed: String,
    claim_verified: String,
    claim_email: String,
    saml_metadata: String,
    saml_metadata_url: String,
}

/// Adds a provider (`id` is `None`) or changes one, after reading its metadata: an issuer
/// Tandem cannot discover, or SAML metadata it cannot use, is refused with what went wrong, so
/// a typo never reaches people.
pub async fn save_provider(
    state: &AppState,
    admin: &User,
    id: Option<i64>,
    form: ProviderForm<'_>,
) -> Result<i64, AppError> {
    let label = required("label", form.label, "the button's label", 60)?;
    let domains = OrgSettings::parse_domains(form.allowed_domains)
        .map_err(|m| AppError::invalid("allowed_domains", m))?;
    if domains.is_empty() {
        return Err(AppError::invalid(
            "allowed_domains",
            "Name at least one email domain this provider signs in, like example.com.",
        ));
    }
    let claim_name = claim_field("claim_name", form.claim_name)?;
    let claim_department = claim_field("claim_department", form.claim_department)?;
    let claim_title = claim_field("claim_title", form.claim_title)?;
    let claim_manager = claim_field("claim_manager", form.claim_manager)?;
    let existing = match id {
        Some(id) => Some(
            state
                .db
                .identity_provider(id)
                .await?
                .filter(|p| p.protocol == form.protocol)
                .ok_or_else(|| AppError::NotFound("There is no such provider.".into()))?,
        ),
        None => None,
    };
    let checked = match form.protocol {
        SsoProtocol::Oidc => check_oidc(state, &form, existing.as_ref()).await?,
        SsoProtocol::Saml => check_saml(state, &form, id, existing.as_ref()).await?,
    };
    let write = ProviderWrite {
        label,
        protocol: form.protocol,
        issuer: &checked.issuer,
        client_id: &checked.client_id,
        client_secret_sealed: &checked.sealed,
        allowed_domains: &domains,
        claim_name: &claim_name,
        claim_department: &claim_department,
        claim_title: &claim_title,
        claim_manager: &claim_manager,
        claim_verified: &checked.claim_verified,
        claim_email: &checked.claim_email,
        saml_metadata: &checked.saml_metadata,
        saml_metadata_url: &checked.saml_metadata_url,
    };
    let saved = state
        .db
        .save_identity_provider(id, write)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such provider.".into()))?;
    let verb = if id.is_some() { "changed" } else { "added" };
    let note = match form.protocol {
        SsoProtocol::Oidc if !form.client_secret.trim().is_empty() => ", client secret set",
        SsoProtocol::Saml => " (SAML)",
        SsoProtocol::Oidc => "",
    };
    audit::record(
        state,
        &Actor::Person(admin),
        AuditAction::SsoChanged,
        None,
        &format!(
            "Provider \"{label}\" {verb}: issuer {}, domains {}{note}",
            checked.issuer,
            domains.join(", ")
        ),
    )
    .await?;
    Ok(saved)
}

async fn check_oidc(
    state: &AppState,
    form: &ProviderForm<'_>,
    existing: Option<&crate::ssr::storage::ProviderRow>,
) -> Result<Checked, AppError> {
    let issuer = required("issuer", form.issuer, "the issuer URL", 500)?;
    let issuer = issuer.trim_end_matches('/');
    if !(issuer.starts_with("https://") || issuer.starts_with("http://")) {
        return Err(AppError::invalid(
            "issuer",
            "Enter the issuer URL, starting https://, as the provider shows it.",
        ));
    }
    let client_id = required("client_id", form.client_id, "the client ID", 300)?;
    let claim_verified = claim_field("claim_verified", form.claim_verified)?;
    if claim_verified.is_empty() {
        return Err(AppError::invalid(
            "claim_verified",
            "Name the claim by which the provider vouches for the address: usually email_verified.",
        ));
    }
    let seals = state.settings.seals(SealPurpose::OidcClientSecret);
    let secret = form.client_secret.trim();
    let sealed = match (existing, secret.is_empty()) {
        (_, false) if secret.chars().count() > 500 => {
            return Err(AppError::invalid(
                "client_secret",
                "Use at most 500 characters.",
            ))
        }
        (_, false) => seals.seal(secret),
        (Some(p), true) => p.client_secret_sealed.clone(),
        (None, true) => {
            return Err(AppError::invalid(
                "client_secret",
                "Enter the client secret.",
            ))
        }
    };
    oidc::check(issuer)
        .await
        .map_err(|m| AppError::invalid("issuer", m))?;
    Ok(Checked {
        issuer: issuer.to_owned(),
        client_id: client_id.to_owned(),
        sealed,
        claim_verified,
        claim_email: String::new(),
        saml_metadata: String::new(),
        saml_metadata_url: String::new(),
    })
}

/// SAML metadata comes pasted or from an address (read now, and kept: Tandem never depends
/// on the address being up at sign-in). It must name a sign-on address and a signing
/// certificate, and no other SAML provider may have the same entity ID, since answers are
/// told apart by their issuer.
async fn check_saml(
    state: &AppState,
    form: &ProviderForm<'_>,
    id: Option<i64>,
    existing: Option<&crate::ssr::storage::ProviderRow>,
) -> Result<Checked, AppError> {
    let url = form.saml_metadata_url.trim();
    let pasted = form.saml_metadata.trim();
    let (xml, field, url) = if !url.is_empty() {
        if url.chars().count() > 500 {
            return Err(AppError::invalid(
                "saml_metadata_url",
                "Use at most 500 characters.",
            ));
        }
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(AppError::invalid(
                "saml_metadata_url",
                "Enter the metadata URL, starting https://, as the identity provider shows it.",
            ));
        }
        let xml = saml::fetch_metadata(url)
            .await
            .map_err(|m| AppError::invalid("saml_metadata_url", m))?;
        (xml, "saml_metadata_url", url.to_owned())
    } else if !pasted.is_empty() {
        (pasted.to_owned(), "saml_metadata", String::new())
    } else if let Some(p) = existing {
        (
            p.saml_metadata.clone(),
            "saml_metadata",
            p.saml_metadata_url.clone(),
        )
    } else {
        return Err(AppError::invalid(
            "saml_metadata_url",
            "Enter the identity provider's metadata URL, or paste its metadata below.",
        ));
    };
    let idp = saml::read_metadata(&xml).map_err(|m| AppError::invalid(field, m))?;
    let taken = state.db.saml_provider_by_issuer(&idp.entity_id).await?;
    if taken.is_some_and(|p| Some(p.id) != id) {
        return Err(AppError::invalid(
            field,
            format!(
                "Provider with entity ID {} is already set up here; change that one instead.",
                idp.entity_id
            ),
        ));
    }
    Ok(Checked {
        issuer: idp.entity_id,
        client_id: String::new(),
        sealed: String::new(),
        claim_verified: String::new(),
        claim_email: claim_field("claim_email", form.claim_email)?,
        saml_metadata: xml,
        saml_metadata_url: url,
    })
}

/// Removes a provider; people who signed in through it keep their accounts. The last
/// provider cannot go while passwords are switched off.
pub async fn remove_provider(state: &AppState, admin: &User, id: i64) -> Result<(), AppError> {
    let mode = state.db.sso_mode().await?;
    if mode.only && state.db.identity_providers().await?.len() <= 1 {
        return Err(AppError::Conflict(
            "This is the only way to sign in while passwords are off: turn \"Sign in with SSO only\" off first.".into(),
        ));
    }
    let label = state
        .db
        .delete_identity_provider(id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such provider.".into()))?;
    audit::record(
        state,
        &Actor::Person(admin),
        AuditAction::SsoChanged,
        None,
        &format!("Provider \"{label}\" removed"),
    )
    .await?;
    Ok(())
}

/// Switches "Sign in with SSO only" on or off. On needs a provider and a break-glass org
/// admin, who keeps their password for the day the provider is down.
pub async fn save_mode(
    state: &AppState,
    admin: &User,
    only: bool,
    break_glass: Option<i64>,
) -> Result<(), AppError> {
    let break_glass = match break_glass.filter(|id| *id > 0) {
        None => None,
        Some(id) => match state.db.user_by_id(id).await? {
            Some(u) if u.active() && u.role == Role::OrgAdmin => Some(u),
            _ => return Err(AppError::invalid("", "Choose an active org admin.")),
        },
    };
    if only {
        if state.db.identity_providers().await?.is_empty() {
            return Err(AppError::invalid(
                "",
                "Add an identity provider first: with passwords off, it is the only way in.",
            ));
        }
        if break_glass.is_none() {
            return Err(AppError::invalid(
                "",
                "Choose the org admin who keeps their password, for the day the provider is down.",
            ));
        }
    }
    let mode = SsoMode {
        only,
        break_glass: break_glass.as_ref().map(|u| u.id),
    };
    state.db.save_sso_mode(mode).await?;
    let details = match (&break_glass, only) {
        (Some(u), true) => format!(
            "Sign in with SSO only: on; break-glass account {} <{}>",
            u.name, u.email
        ),
        _ => "Sign in with SSO only: off".to_owned(),
    };
    audit::record(
        state,
        &Actor::Person(admin),
        AuditAction::SsoChanged,
        None,
        &details,
    )
    .await?;
    Ok(())
}

/// The sign-in page's buttons, and whether the password form is for the break-glass admin
/// alone.
pub async fn sign_in_options(state: &AppState) -> Result<SignInOptions, AppError> {
    let providers = state
        .db
        .identity_providers()
        .await?
        .into_iter()
        .map(|p| SsoButton {
            id: p.id,
            label: p.label,
        })
        .collect();
    Ok(SignInOptions {
        providers,
        sso_only: state.db.sso_mode().await?.only,
    })
}
