use serde::{Deserialize, Serialize};

/// One entry of the audit log as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntryView {
    pub id: i64,
    /// In UTC, as the page shows it.
    pub at: String,
    pub action: String,
    /// "Olga Admin <olga@example.com>", or an integration's label.
    pub actor: String,
    /// The person it is about, if any.
    pub subject: String,
    pub details: String,
}

/// The audit page: one page of entries and how long entries are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntryView>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub retention_days: i64,
}
