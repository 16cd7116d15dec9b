//! The people page: everyone in the organisation, filtered, and invitations not yet accepted.

use super::User;
use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// People shown on one page of the list.
pub const PEOPLE_PAGE_SIZE: i64 = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub email: String,
    pub role: Role,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeopleView {
    pub people: Vec<User>,
    pub total: i64,
    pub page: i64,
    pub invitations: Vec<PendingInvitation>,
    /// Every department, for the filter.
    pub departments: Vec<String>,
}
