use crate::domain::{ProgramFormat, ProgramState};
use serde::{Deserialize, Serialize};

/// A program as stored, with what the server adds for display.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Program {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// Markdown as the admin wrote it.
    pub guidelines: String,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "String"))]
    pub format: ProgramFormat,
    pub group_size: i64,
    pub rotation_weeks: i64,
    pub starts_on: String,
    pub ends_on: String,
    pub enrollment_opens_on: String,
    pub enrollment_closes_on: String,
    /// Comma-separated; empty means every department.
    pub departments: String,
    pub min_level: Option<i64>,
    pub max_level: Option<i64>,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "String"))]
    pub state: ProgramState,
    pub created_at: i64,
}

/// A program's page: the program, its guidelines rendered and sanitised on the server, who
/// runs it, and whether the viewer may manage it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramView {
    pub program: Program,
    pub guidelines_html: String,
    pub admins: Vec<String>,
    pub can_manage: bool,
}

impl Program {
    /// Who may join, in words.
    pub fn eligibility(&self) -> String {
        let who = if self.departments.is_empty() {
            "Everyone".to_string()
        } else {
            format!("People in {}", self.departments.replace(',', ", "))
        };
        match (self.min_level, self.max_level) {
            (None, None) => who,
            (Some(lo), None) => format!("{who} at level {lo} or above"),
            (None, Some(hi)) => format!("{who} at level {hi} or below"),
            (Some(lo), Some(hi)) => format!("{who} at levels {lo} to {hi}"),
        }
    }
}
