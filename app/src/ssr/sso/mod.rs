//! Single sign-on with the company's OpenID Connect providers: org admins configure them and
//! may make them the only way in; people sign in through them, and the first sign-in of an
//! allowed address makes the account or claims the imported one. The protocol is in
//! [`oidc`]; this module holds Tandem's rules around it.

pub mod oidc;

use crate::domain::sso::{claim_text, claim_true, domain_allowed, parse_claim_name};
use crate::domain::{AuditAction, Email, Role, SsoRefusal};
use crate::error::AppError;
use crate::models::{OrgSettings, ProviderView, SignInOptions, SsoButton, SsoView, User};
use crate::ssr::audit::{self, Actor, Subject};
use crate::ssr::storage::{now, ProviderRow, ProviderWrite, SsoJoin, SsoMode, SsoProfile};
use crate::ssr::support::sealed::SealPurpose;
use crate::ssr::AppState;
use serde::{Deserialize, Serialize};

/// How long a sign-in may spend at the provider before its answer is no longer taken.
pub const PENDING_TTL_SECS: i64 = 10 * 60;

/// The login-session key a sign-in on its way waits under.
pub const PENDING_KEY: &str = "sso_pending";
/// The login-session key naming the provider a person signed in through, when it has a
/// sign-out of its own to offer at Tandem's.
pub const PROVIDER_KEY: &str = "sso_provider";

/// The path every provider sends people back to.
pub const CALLBACK_PATH: &str = "/sso/callback";

/// A sign-in on its way to the provider, kept in the browser's login session: the answer is
/// taken only in the browser that asked, and only if it matches these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub provider_id: i64,
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    pub next: String,
    pub started_at: i64,
}

/// A finished sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub user_id: i64,
    pub provider_id: i64,
    /// Whether the provider has a sign-out of its own.
    pub ends_sessions: bool,
    pub next: String,
}

/// What the provider sent back to the callback address.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

/// The admin's provider form, as typed.
pub struct ProviderForm<'a> {
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
}

fn callback(state: &AppState) -> String {
    state.settings.link(CALLBACK_PATH)
}

fn relying<'a>(state: &AppState, p: &'a ProviderRow) -> Result<oidc::Relying<'a>, AppError> {
    let secret = state
        .settings
        .seals(SealPurpose::OidcClientSecret)
        .open(&p.client_secret_sealed)
        .map_err(crate::ssr::support::context::internal)?;
    Ok(oidc::Relying {
        issuer: &p.issuer,
        client_id: &p.client_id,
        client_secret: secret,
        redirect: callback(state),
    })
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
            issuer: p.issuer,
            client_id: p.client_id,
            claim_name: p.claim_name,
            claim_department: p.claim_department,
            claim_title: p.claim_title,
            claim_manager: p.claim_manager,
            claim_verified: p.claim_verified,
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
    Ok(SsoView {
        providers,
        callback: callback(state),
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

/// Adds a provider (`id` is `None`) or changes one, after reading its metadata: an issuer
/// Tandem cannot discover is refused with what went wrong, so a typo never reaches people.
pub async fn save_provider(
    state: &AppState,
    admin: &User,
    id: Option<i64>,
    form: ProviderForm<'_>,
) -> Result<i64, AppError> {
    let label = required("label", form.label, "the button's label", 60)?;
    let issuer = required("issuer", form.issuer, "the issuer URL", 500)?;
    let issuer = issuer.trim_end_matches('/');
    if !(issuer.starts_with("https://") || issuer.starts_with("http://")) {
        return Err(AppError::invalid(
            "issuer",
            "Enter the issuer URL, starting https://, as the provider shows it.",
        ));
    }
    let client_id = required("client_id", form.client_id, "the client ID", 300)?;
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
    let claim_verified = claim_field("claim_verified", form.claim_verified)?;
    if claim_verified.is_empty() {
        return Err(AppError::invalid(
            "claim_verified",
            "Name the claim by which the provider vouches for the address: usually email_verified.",
        ));
    }
    let existing = match id {
        Some(id) => Some(
            state
                .db
                .identity_provider(id)
                .await?
                .ok_or_else(|| AppError::NotFound("There is no such provider.".into()))?,
        ),
        None => None,
    };
    let seals = state.settings.seals(SealPurpose::OidcClientSecret);
    let secret = form.client_secret.trim();
    let sealed = match (&existing, secret.is_empty()) {
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
    let write = ProviderWrite {
        label,
        issuer,
        client_id,
        client_secret_sealed: &sealed,
        allowed_domains: &domains,
        claim_name: &claim_name,
        claim_department: &claim_department,
        claim_title: &claim_title,
        claim_manager: &claim_manager,
        claim_verified: &claim_verified,
    };
    let saved = state
        .db
        .save_identity_provider(id, write)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such provider.".into()))?;
    let verb = if id.is_some() { "changed" } else { "added" };
    let secret_note = if secret.is_empty() {
        ""
    } else {
        ", client secret set"
    };
    audit::record(
        state,
        &Actor::Person(admin),
        AuditAction::SsoChanged,
        None,
        &format!(
            "Provider \"{label}\" {verb}: issuer {issuer}, domains {}{secret_note}",
            domains.join(", ")
        ),
    )
    .await?;
    Ok(saved)
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

/// Starts a sign-in through provider `id`: the address to send the browser to, and what the
/// browser's login session keeps until the provider answers.
pub async fn begin(
    state: &AppState,
    id: i64,
    next: String,
) -> Result<Result<(String, Pending), SsoRefusal>, AppError> {
    let provider = state
        .db
        .identity_provider(id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such sign-in provider.".into()))?;
    let rp = relying(state, &provider)?;
    match oidc::start(&rp).await {
        Ok(started) => Ok(Ok((
            started.url,
            Pending {
                provider_id: id,
                state: started.state,
                nonce: started.nonce,
                verifier: started.verifier,
                next,
                started_at: now(),
            },
        ))),
        Err(e) => {
            tracing::warn!(provider = id, error = %e, "single sign-on could not start");
            Ok(Err(SsoRefusal::Unreachable))
        }
    }
}

/// Finishes a sign-in: the answer must belong to the sign-in this browser started, the ID
/// token must pass every check, and the address must be verified and in an allowed domain.
/// Only then is an account found, claimed or made.
pub async fn complete(
    state: &AppState,
    pending: Option<Pending>,
    answer: &Callback,
) -> Result<Result<SignedIn, SsoRefusal>, AppError> {
    let Some(pending) = pending.filter(|p| now() - p.started_at <= PENDING_TTL_SECS) else {
        return Ok(Err(SsoRefusal::Expired));
    };
    if answer.state.as_deref() != Some(pending.state.as_str()) {
        return Ok(Err(SsoRefusal::Expired));
    }
    if answer.error.is_some() {
        return Ok(Err(SsoRefusal::Denied));
    }
    let Some(code) = answer.code.as_deref().filter(|c| !c.is_empty()) else {
        return Ok(Err(SsoRefusal::Denied));
    };
    let Some(provider) = state.db.identity_provider(pending.provider_id).await? else {
        return Ok(Err(SsoRefusal::Expired));
    };
    let rp = relying(state, &provider)?;
    let verified = match oidc::finish(&rp, code, &pending.nonce, &pending.verifier).await {
        Ok(v) => v,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let Some(email) = verified.email.as_deref().and_then(|e| Email::parse(e).ok()) else {
        return Ok(Err(SsoRefusal::NoEmail));
    };
    if !claim_true(&verified.claims, &provider.claim_verified) {
        tracing::info!(provider = provider.id, email = %email, "single sign-on: unverified address refused");
        return Ok(Err(SsoRefusal::UnverifiedEmail));
    }
    if !domain_allowed(&email, &provider.domains()) {
        tracing::info!(provider = provider.id, email = %email, "single sign-on: domain not allowed");
        return Ok(Err(SsoRefusal::DomainNotAllowed));
    }
    let claims = &verified.claims;
    let profile = SsoProfile {
        name: claim_text(claims, &provider.claim_name),
        department: claim_text(claims, &provider.claim_department),
        title: claim_text(claims, &provider.claim_title),
        manager_email: claim_text(claims, &provider.claim_manager)
            .and_then(|m| Email::parse(&m).ok()),
    };
    let joined = state
        .db
        .sso_join(provider.id, &verified.subject, &email, &profile)
        .await?;
    let user_id = match joined {
        SsoJoin::Closed => return Ok(Err(SsoRefusal::AccountClosed)),
        SsoJoin::Account { user_id, created } => {
            if created {
                let name = profile.name.as_deref().unwrap_or(email.local_part());
                audit::record(
                    state,
                    &Actor::Integration(format!("Single sign-on \"{}\"", provider.label)),
                    AuditAction::SsoJoined,
                    Some(Subject {
                        id: user_id,
                        name,
                        email: email.as_str(),
                    }),
                    "Account made at first sign-in",
                )
                .await?;
            }
            user_id
        }
    };
    tracing::info!(
        provider = provider.id,
        user_id,
        "signed in by single sign-on"
    );
    Ok(Ok(SignedIn {
        user_id,
        provider_id: provider.id,
        ends_sessions: verified.ends_sessions,
        next: pending.next,
    }))
}

/// Where to end the provider's own session after signing out of Tandem, if it has such an
/// address: the person is sent back to Tandem's sign-in page afterwards.
pub async fn end_session(state: &AppState, id: i64) -> Result<Option<String>, AppError> {
    let Some(provider) = state.db.identity_provider(id).await? else {
        return Ok(None);
    };
    let Ok(found) = oidc::check(&provider.issuer).await else {
        return Ok(None);
    };
    Ok(found.end_session.map(|at| {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("client_id", &provider.client_id)
            .append_pair(
                "post_logout_redirect_uri",
                &state.settings.link("/sign-in?signed_out=1"),
            )
            .finish();
        let joiner = if at.contains('?') { '&' } else { '?' };
        format!("{at}{joiner}{query}")
    }))
}
