//! What the account pages show before anyone signs in.

use serde::{Deserialize, Serialize};

/// What the sign-up page needs to know before showing its form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpDetails {
    pub org_name: String,
    /// Whether people may sign up without an invitation.
    pub open: bool,
    /// The address an invitation link was sent to.
    pub invited_email: Option<String>,
    /// Why an invitation link cannot be used, if it cannot.
    pub invite_problem: Option<String>,
}
