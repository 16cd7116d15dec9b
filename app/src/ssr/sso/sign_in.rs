//! A sign-in through a provider: where the browser is sent, and what is checked when the
//! provider sends it back. Each protocol checks its own answer; then the same rules decide who
//! may come in ([`admit`]).

use super::{oidc, relying, saml, service, PENDING_TTL_SECS};
use crate::domain::sso::{claim_text, claim_true, domain_allowed, saml_email};
use crate::domain::{AuditAction, Email, SsoProtocol, SsoRefusal};
use crate::error::AppError;
use crate::ssr::audit::{self, Actor, Subject};
use crate::ssr::storage::{now, ProviderRow, SsoJoin, SsoProfile};
use crate::ssr::support::context::internal;
use crate::ssr::AppState;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A sign-in on its way to the provider, kept in the browser's login session: the answer is
/// taken only in the browser that asked, and only if it matches these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub provider_id: i64,
    pub proof: Proof,
    pub next: String,
    pub started_at: i64,
}

/// What ties the provider's answer to the request this browser made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "protocol", rename_all = "snake_case")]
pub enum Proof {
    Oidc {
        state: String,
        nonce: String,
        verifier: String,
    },
    /// The AuthnRequest's ID, which the assertion's InResponseTo must name.
    Saml { request_id: String },
}

impl Pending {
    fn fresh(&self) -> bool {
        now() - self.started_at <= PENDING_TTL_SECS
    }
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
    let started = match provider.protocol {
        SsoProtocol::Oidc => {
            let rp = relying(state, &provider)?;
            oidc::start(&rp).await.map(|s| {
                let proof = Proof::Oidc {
                    state: s.state,
                    nonce: s.nonce,
                    verifier: s.verifier,
                };
                (s.url, proof)
            })
        }
        SsoProtocol::Saml => saml::start(&service(state), &provider.saml_metadata, "")
            .map(|(url, request_id)| (url, Proof::Saml { request_id })),
    };
    match started {
        Ok((url, proof)) => Ok(Ok((
            url,
            Pending {
                provider_id: id,
                proof,
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

/// Finishes an OpenID Connect sign-in: the answer must belong to the sign-in this browser
/// started, the ID token must pass every check, and the address must be verified.
pub async fn complete(
    state: &AppState,
    pending: Option<Pending>,
    answer: &Callback,
) -> Result<Result<SignedIn, SsoRefusal>, AppError> {
    let Some(pending) = pending.filter(Pending::fresh) else {
        return Ok(Err(SsoRefusal::Expired));
    };
    let Proof::Oidc {
        state: expected,
        nonce,
        verifier,
    } = &pending.proof
    else {
        return Ok(Err(SsoRefusal::Expired));
    };
    if answer.state.as_deref() != Some(expected.as_str()) {
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
    let verified = match oidc::finish(&rp, code, nonce, verifier).await {
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
    let who = Who {
        subject: &verified.subject,
        email,
        claims: &verified.claims,
    };
    admit(state, &provider, who, pending.next, verified.ends_sessions).await
}

/// Finishes a SAML sign-in from the Response the browser posted. It is checked against the
/// certificates of the provider it names as its issuer; a good assertion is then taken once,
/// whichever server it reaches, before Tandem asks whether it answers the request this
/// browser made.
pub async fn complete_saml(
    state: &AppState,
    pending: Option<Pending>,
    posted: &str,
) -> Result<Result<SignedIn, SsoRefusal>, AppError> {
    let xml = match saml::decode(posted) {
        Ok(xml) => xml,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let issuer = saml::issuer_of(&xml);
    let provider = match &issuer {
        Some(issuer) => state.db.saml_provider_by_issuer(issuer).await?,
        None => None,
    };
    let Some(provider) = provider else {
        tracing::warn!(issuer = ?issuer, "SAML response from an issuer no provider has");
        return Ok(Err(SsoRefusal::WrongIssuer));
    };
    let id = provider.id;
    let service = service(state);
    let metadata = provider.saml_metadata.clone();
    // xmlsec's checks are blocking C calls.
    let checked = tokio::task::spawn_blocking(move || saml::finish(&service, &metadata, &xml))
        .await
        .map_err(internal)?;
    let asserted = match checked {
        Ok(a) => a,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if !state
        .db
        .take_saml_assertion(id, &asserted.id, asserted.valid_until)
        .await?
    {
        tracing::warn!(provider = id, assertion = %asserted.id, "SAML assertion replayed");
        return Ok(Err(SsoRefusal::Replayed));
    }
    let Some(pending) = pending.filter(|p| p.fresh() && p.provider_id == id) else {
        return Ok(Err(SsoRefusal::Expired));
    };
    let Proof::Saml { request_id } = &pending.proof else {
        return Ok(Err(SsoRefusal::Expired));
    };
    if asserted.in_response_to.as_deref() != Some(request_id.as_str()) {
        return Ok(Err(SsoRefusal::WrongNonce));
    }
    let Some(email) = saml_email(
        &asserted.attributes,
        &provider.claim_email,
        &asserted.subject,
    ) else {
        return Ok(Err(SsoRefusal::NoEmail));
    };
    let who = Who {
        subject: &asserted.subject,
        email,
        claims: &asserted.attributes,
    };
    admit(state, &provider, who, pending.next, false).await
}

/// Who a provider says is signing in, after its protocol's checks.
struct Who<'a> {
    subject: &'a str,
    email: Email,
    claims: &'a Map<String, Value>,
}

/// The rules every provider's sign-in meets: an allowed domain, an account that is not
/// closed. The first sign-in makes the account or claims the imported one; mapped claims
/// fill the profile.
async fn admit(
    state: &AppState,
    provider: &ProviderRow,
    who: Who<'_>,
    next: String,
    ends_sessions: bool,
) -> Result<Result<SignedIn, SsoRefusal>, AppError> {
    let email = who.email;
    if !domain_allowed(&email, &provider.domains()) {
        tracing::info!(provider = provider.id, email = %email, "single sign-on: domain not allowed");
        return Ok(Err(SsoRefusal::DomainNotAllowed));
    }
    let claims = who.claims;
    let profile = SsoProfile {
        name: claim_text(claims, &provider.claim_name),
        department: claim_text(claims, &provider.claim_department),
        title: claim_text(claims, &provider.claim_title),
        manager_email: claim_text(claims, &provider.claim_manager)
            .and_then(|m| Email::parse(&m).ok()),
    };
    let joined = state
        .db
        .sso_join(provider.id, who.subject, &email, &profile)
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
        ends_sessions,
        next,
    }))
}

/// Where to end the provider's own session after signing out of Tandem, if it has such an
/// address: the person is sent back to Tandem's sign-in page afterwards.
pub async fn end_session(state: &AppState, id: i64) -> Result<Option<String>, AppError> {
    let Some(provider) = state
        .db
        .identity_provider(id)
        .await?
        .filter(|p| p.protocol == SsoProtocol::Oidc)
    else {
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
