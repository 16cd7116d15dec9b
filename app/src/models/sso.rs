use crate::domain::SsoProtocol;
use serde::{Deserialize, Serialize};

/// A provider as org admins see it on the Single sign-on page: never its client secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderView {
    pub id: i64,
    pub label: String,
    pub protocol: SsoProtocol,
    /// The OpenID issuer, or the SAML identity provider's entity ID.
    pub issuer: String,
    pub client_id: String,
    /// As typed: `corp.example, example.org`.
    pub allowed_domains: String,
    pub claim_name: String,
    pub claim_department: String,
    pub claim_title: String,
    pub claim_manager: String,
    /// The boolean claim that vouches for the address.
    pub claim_verified: String,
    /// SAML: the attribute holding the address (empty: the NameID), and where the identity
    /// provider's metadata was read from (empty when it was pasted).
    pub claim_email: String,
    pub saml_metadata_url: String,
    /// How many people have signed in through it.
    pub people: i64,
}

/// The Single sign-on page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoView {
    pub providers: Vec<ProviderView>,
    /// Tandem's redirect URI, to register with each OpenID provider.
    pub callback: String,
    /// Tandem as a SAML service provider: its entity ID (the address of its metadata) and its
    /// Assertion Consumer Service, to register with each SAML provider.
    pub saml_entity_id: String,
    pub saml_acs: String,
    pub sso_only: bool,
    pub break_glass: Option<i64>,
    /// The active org admins, who may be the break-glass account: (id, "Name <email>").
    pub org_admins: Vec<(i64, String)>,
}

/// A sign-in button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoButton {
    pub id: i64,
    pub label: String,
}

/// What the sign-in page offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInOptions {
    pub providers: Vec<SsoButton>,
    /// Passwords work only for the break-glass org admin; the page shows the buttons alone.
    pub sso_only: bool,
}
