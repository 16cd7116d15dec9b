//! The kinds of entry in the audit log. Stored as their `as_str` words; the page offers them
//! as a filter with their labels.

use super::choice::text_column;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    RoleChanged,
    PersonDeactivated,
    PersonReactivated,
    PersonErased,
    DirectoryImported,
    RoundPublished,
    PairLocked,
    PairForbidden,
    Provisioned,
    TokenCreated,
    TokenRevoked,
    SlackChanged,
    SettingsChanged,
    Exported,
    SsoChanged,
    SsoJoined,
}

impl AuditAction {
    pub const ALL: [AuditAction; 16] = [
        AuditAction::RoleChanged,
        AuditAction::PersonDeactivated,
        AuditAction::PersonReactivated,
        AuditAction::PersonErased,
        AuditAction::DirectoryImported,
        AuditAction::RoundPublished,
        AuditAction::PairLocked,
        AuditAction::PairForbidden,
        AuditAction::Provisioned,
        AuditAction::TokenCreated,
        AuditAction::TokenRevoked,
        AuditAction::SlackChanged,
        AuditAction::SettingsChanged,
        AuditAction::Exported,
        AuditAction::SsoChanged,
        AuditAction::SsoJoined,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::RoleChanged => "role_changed",
            AuditAction::PersonDeactivated => "person_deactivated",
            AuditAction::PersonReactivated => "person_reactivated",
            AuditAction::PersonErased => "person_erased",
            AuditAction::DirectoryImported => "directory_imported",
            AuditAction::RoundPublished => "round_published",
            AuditAction::PairLocked => "pair_locked",
            AuditAction::PairForbidden => "pair_forbidden",
            AuditAction::Provisioned => "provisioned",
            AuditAction::TokenCreated => "token_created",
            AuditAction::TokenRevoked => "token_revoked",
            AuditAction::SlackChanged => "slack_changed",
            AuditAction::SettingsChanged => "settings_changed",
            AuditAction::Exported => "exported",
            AuditAction::SsoChanged => "sso_changed",
            AuditAction::SsoJoined => "sso_joined",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AuditAction::RoleChanged => "Role changed",
            AuditAction::PersonDeactivated => "Person deactivated",
            AuditAction::PersonReactivated => "Person reactivated",
            AuditAction::PersonErased => "Person erased",
            AuditAction::DirectoryImported => "Directory imported",
            AuditAction::RoundPublished => "Round published",
            AuditAction::PairLocked => "Pair kept together",
            AuditAction::PairForbidden => "Pair kept apart",
            AuditAction::Provisioned => "Provisioned (SCIM)",
            AuditAction::TokenCreated => "Provisioning token created",
            AuditAction::TokenRevoked => "Provisioning token revoked",
            AuditAction::SlackChanged => "Slack connected or disconnected",
            AuditAction::SettingsChanged => "Settings changed",
            AuditAction::Exported => "Data exported",
            AuditAction::SsoChanged => "Single sign-on changed",
            AuditAction::SsoJoined => "Joined by single sign-on",
        }
    }
}

impl FromStr for AuditAction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        AuditAction::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| format!("{s:?} is not a kind of audit entry."))
    }
}

text_column!(AuditAction);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_word() {
        for a in AuditAction::ALL {
            assert_eq!(a.as_str().parse::<AuditAction>(), Ok(a));
        }
        assert!("password_changed".parse::<AuditAction>().is_err());
    }
}
