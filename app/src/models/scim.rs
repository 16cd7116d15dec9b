use serde::{Deserialize, Serialize};

/// A provisioning token as org admins see it: a label and its first characters, never the
/// token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScimTokenView {
    pub id: i64,
    pub label: String,
    /// `tandem_scim_AbCd…`.
    pub hint: String,
    pub created_by: Option<String>,
    /// Times in UTC, as the page shows them.
    pub created: String,
    pub last_used: Option<String>,
    pub revoked: Option<String>,
}

/// The Provisioning page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScimView {
    /// The SCIM base URL to give the identity provider.
    pub endpoint: String,
    pub tokens: Vec<ScimTokenView>,
    /// A token just made, shown this once.
    pub new_token: Option<String>,
}
