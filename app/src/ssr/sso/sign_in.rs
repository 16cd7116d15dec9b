//! A sign-in through a provider: where the browser is sent, and what is checked when the
//! provider sends it back.

use super::{oidc, relying, PENDING_TTL_SECS};
use crate::domain::sso::{claim_text, claim_true, domain_allowed};
use crate::domain::{AuditAction, Email, SsoRefusal};
use crate::error::AppError;
use crate::ssr::audit::{self, Actor, Subject};
use crate::ssr::storage::{now, SsoJoin, SsoProfile};
use crate::ssr::AppState;
use serde::{Deserialize, Serialize};

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
