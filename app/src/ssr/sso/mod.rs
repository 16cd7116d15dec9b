//! Single sign-on with the company's OpenID Connect and SAML 2.0 providers: org admins
//! configure them and may make them the only way in ([`providers`]); people sign in through
//! them, and the first sign-in of an allowed address makes the account or claims the imported
//! one ([`sign_in`]). The protocols are in [`oidc`] and [`saml`]; these modules hold Tandem's
//! rules around them.

pub mod oidc;
mod providers;
pub mod saml;
mod sign_in;

pub use providers::{
    remove_provider, save_mode, save_provider, sign_in_options, view, ProviderForm,
};
pub use sign_in::{
    begin, complete, complete_saml, end_session, Callback, Pending, Proof, SignedIn,
};

use crate::error::AppError;
use crate::ssr::storage::ProviderRow;
use crate::ssr::support::sealed::SealPurpose;
use crate::ssr::AppState;

/// How long a sign-in may spend at the provider before its answer is no longer taken.
pub const PENDING_TTL_SECS: i64 = 10 * 60;

/// The login-session key a sign-in on its way waits under.
pub const PENDING_KEY: &str = "sso_pending";
/// The login-session key naming the provider a person signed in through, when it has a
/// sign-out of its own to offer at Tandem's.
pub const PROVIDER_KEY: &str = "sso_provider";

/// The path every provider sends people back to.
pub const CALLBACK_PATH: &str = "/sso/callback";

pub(crate) fn callback(state: &AppState) -> String {
    state.settings.link(CALLBACK_PATH)
}

/// Where identity providers post SAML answers, and Tandem's entity ID (the address of its
/// metadata).
pub const SAML_ACS_PATH: &str = "/sso/saml/acs";
pub const SAML_METADATA_PATH: &str = "/sso/saml/metadata";

/// Tandem as a SAML service provider.
pub fn service(state: &AppState) -> saml::Service {
    saml::Service {
        entity_id: state.settings.link(SAML_METADATA_PATH),
        acs: state.settings.link(SAML_ACS_PATH),
    }
}

/// Tandem's SAML service-provider metadata, for identity providers that read it.
pub fn service_metadata(state: &AppState) -> Result<String, AppError> {
    saml::service_metadata(&service(state)).map_err(crate::ssr::support::context::internal)
}

pub(crate) fn relying<'a>(
    state: &AppState,
    p: &'a ProviderRow,
) -> Result<oidc::Relying<'a>, AppError> {
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
