use super::choice::text_column;
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// What a person may do in the organisation. Ordered: each role can do everything the roles
/// below it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Participant,
    ProgramAdmin,
    OrgAdmin,
}

impl Role {
    pub fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }

    pub const ALL: [Role; 3] = [Role::Participant, Role::ProgramAdmin, Role::OrgAdmin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Participant => "participant",
            Role::ProgramAdmin => "program_admin",
            Role::OrgAdmin => "org_admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Participant => "Participant",
            Role::ProgramAdmin => "Program admin",
            Role::OrgAdmin => "Org admin",
        }
    }

    /// True when this role includes everything `other` may do.
    pub fn at_least(self, other: Role) -> bool {
        self >= other
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Unknown role {0:?}: use participant, program_admin or org_admin.")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl TryFrom<String> for Role {
    type Error = UnknownRole;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

text_column!(Role);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_its_stored_name() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert!("admin".parse::<Role>().is_err());
    }

    #[test]
    fn roles_are_ordered_by_power() {
        assert!(Role::OrgAdmin.at_least(Role::ProgramAdmin));
        assert!(Role::ProgramAdmin.at_least(Role::Participant));
        assert!(!Role::Participant.at_least(Role::ProgramAdmin));
        assert!(!Role::ProgramAdmin.at_least(Role::OrgAdmin));
    }
}
