//! OpenID Connect, by the `openidconnect` crate: discovery, the authorisation-code flow with
//! PKCE, `state` and `nonce`, and the ID token's checks (issuer, audience, expiry, nonce and
//! the signature against the issuer's published keys). Nothing here checks a token by hand.
//!
//! The issuer's metadata and keys are read at the start of every sign-in and again when it
//! comes back, so a provider that rotates its signing key is trusted with the new key at once
//! and the old one stops working when the provider withdraws it; a sign-in costs the provider
//! a few small requests, which is nothing beside the sign-in itself.

use crate::domain::SsoRefusal;
use crate::ssr::support::web_fetch;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreClaimName, CoreClaimType,
    CoreClientAuthMethod, CoreErrorResponseType, CoreGenderClaim, CoreGrantType, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm,
    CoreResponseMode, CoreResponseType, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreSubjectIdentifierType, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AdditionalProviderMetadata, AuthorizationCode, ClaimsVerificationError,
    Client, ClientId, ClientSecret, CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, ProviderMetadata, RedirectUrl, Scope, StandardErrorResponse,
    StandardTokenResponse,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The ID token's claims beyond the standard ones (a department, a job title), kept so that
/// an admin can map any of them to a person's fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AllClaims {
    #[serde(flatten)]
    pub claims: Map<String, Value>,
}
impl AdditionalClaims for AllClaims {}

/// The metadata field that says where to end the provider's own session (OpenID Connect
/// RP-Initiated Logout), which the core metadata leaves out.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LogoutMetadata {
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
}
impl AdditionalProviderMetadata for LogoutMetadata {}

type Metadata = ProviderMetadata<
    LogoutMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

type TokenResponse = StandardTokenResponse<
    IdTokenFields<
        AllClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

type OidcClient = Client<
    AllClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Where one provider is and who Tandem is to it.
pub struct Relying<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub client_secret: String,
    /// Tandem's callback address, registered with the provider.
    pub redirect: String,
}

/// What a provider's metadata says, as the settings page shows it.
#[derive(Debug, Clone)]
pub struct Discovered {
    pub end_session: Option<String>,
}

/// A sign-in on its way to the provider: the address to send the browser to, and the
/// secrets that the answer must match, kept in the browser's login session meanwhile.
pub struct Started {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

/// The checked identity an ID token vouches for.
#[derive(Debug, Clone)]
pub struct Verified {
    pub subject: String,
    pub email: Option<String>,
    pub claims: Map<String, Value>,
    /// Whether the provider publishes an end-session address, to offer at sign-out.
    pub ends_sessions: bool,
}

/// Why discovery failed, in words for the admin's form.
pub fn describe_discovery_error<E: std::error::Error>(
    issuer: &str,
    e: &openidconnect::DiscoveryError<E>,
) -> String {
    use openidconnect::DiscoveryError as D;
    let what = match e {
        D::Request(_) => "it could not be reached".to_owned(),
        D::Response(status, _, _) => format!("it answered {status}"),
        D::Parse(_) => "its answer is not OpenID Connect metadata".to_owned(),
        D::Validation(m) => format!("its metadata does not match: {m}"),
        D::UrlParse(_) => "the issuer URL is not a URL".to_owned(),
        D::Other(m) => m.clone(),
        _ => "its metadata could not be read".to_owned(),
    };
    format!(
        "Tandem could not read {}/.well-known/openid-configuration: {what}.",
        issuer.trim_end_matches('/')
    )
}

async fn discover(issuer: &str) -> Result<Metadata, String> {
    let url = IssuerUrl::new(issuer.to_owned()).map_err(|_| {
        format!("{issuer:?} is not an issuer URL like https://login.example.com/tenant.")
    })?;
    Metadata::discover_async(url, web_fetch::client())
        .await
        .map_err(|e| describe_discovery_error(issuer, &e))
}

/// Reads the provider's metadata: what the settings page checks before saving.
pub async fn check(issuer: &str) -> Result<Discovered, String> {
    let metadata = discover(issuer).await?;
    Ok(Discovered {
        end_session: metadata.additional_metadata().end_session_endpoint.clone(),
    })
}

fn client(metadata: Metadata, rp: &Relying<'_>) -> Result<OidcClient, String> {
    let redirect = RedirectUrl::new(rp.redirect.clone()).map_err(|e| e.to_string())?;
    Ok(Client::from_provider_metadata(
        metadata,
        ClientId::new(rp.client_id.to_owned()),
        Some(ClientSecret::new(rp.client_secret.clone())),
    )
    .set_redirect_uri(redirect))
}

/// Starts a sign-in: the provider's authorisation address with a fresh `state`, `nonce` and
/// PKCE challenge, asking for the `openid email profile` scopes.
pub async fn start(rp: &Relying<'_>) -> Result<Started, String> {
    let client = client(discover(rp.issuer).await?, rp)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    Ok(Started {
        url: url.to_string(),
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
    })
}

/// Finishes a sign-in: trades the code for tokens and checks the ID token against the nonce
/// this browser's sign-in started with.
pub async fn finish(
    rp: &Relying<'_>,
    code: &str,
    nonce: &str,
    verifier: &str,
) -> Result<Verified, SsoRefusal> {
    let metadata = discover(rp.issuer).await.map_err(|e| {
        tracing::warn!(issuer = rp.issuer, error = %e, "single sign-on: discovery failed");
        SsoRefusal::Unreachable
    })?;
    let ends_sessions = metadata
        .additional_metadata()
        .end_session_endpoint
        .is_some();
    let client = client(metadata, rp).map_err(|e| {
        tracing::warn!(issuer = rp.issuer, error = %e, "single sign-on: client");
        SsoRefusal::Unreachable
    })?;
    let request = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .map_err(|e| {
            tracing::warn!(issuer = rp.issuer, error = %e, "single sign-on: no token endpoint");
            SsoRefusal::Unreachable
        })?;
    let tokens = request
        .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()))
        .request_async(web_fetch::client())
        .await
        .map_err(|e| {
            tracing::warn!(issuer = rp.issuer, error = %e, "single sign-on: code exchange failed");
            SsoRefusal::Denied
        })?;
    let id_token = tokens.extra_fields().id_token().ok_or_else(|| {
        tracing::warn!(issuer = rp.issuer, "single sign-on: no ID token");
        SsoRefusal::BadToken
    })?;
    let verifier = client.id_token_verifier();
    let claims = id_token
        .claims(&verifier, &Nonce::new(nonce.to_owned()))
        .map_err(|e| {
            tracing::warn!(issuer = rp.issuer, error = %e, "single sign-on: ID token refused");
            refusal(&e)
        })?;
    Ok(Verified {
        subject: claims.subject().as_str().to_owned(),
        email: claims.email().map(|e| e.as_str().to_owned()),
        // Every claim, the standard ones (`email_verified`, `name`) as much as the others,
        // read back from the checked claims.
        claims: match serde_json::to_value(claims) {
            Ok(Value::Object(all)) => all,
            _ => Map::new(),
        },
        ends_sessions,
    })
}

fn refusal(e: &ClaimsVerificationError) -> SsoRefusal {
    match e {
        ClaimsVerificationError::Expired(_) => SsoRefusal::TokenExpired,
        ClaimsVerificationError::InvalidAudience(_) => SsoRefusal::WrongAudience,
        ClaimsVerificationError::InvalidIssuer(_) => SsoRefusal::WrongIssuer,
        ClaimsVerificationError::InvalidNonce(_) => SsoRefusal::WrongNonce,
        ClaimsVerificationError::SignatureVerification(_) => SsoRefusal::BadSignature,
        _ => SsoRefusal::BadToken,
    }
}
