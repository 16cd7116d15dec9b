use crate::domain::{EnrollmentStatus, MatchingSettings, ProgramFormat, ProgramState};
use crate::models::{EnrollmentCounts, PersonRef};
use serde::{Deserialize, Serialize};

/// A program as stored, with what the server adds for display.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Program {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// Markdown as the admin wrote it.
    pub guidelines: String,
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
    pub state: ProgramState,
    pub created_at: i64,
    /// The hard rules this program sets for matching.
    pub matching: MatchingSettings,
    /// Weeks before a pair that has not met is nudged; 0 for never.
    #[serde(default)]
    pub nudge_weeks: i64,
}

/// A program's page: the program, its guidelines rendered and sanitised on the server, who
/// runs it, and whether the viewer may manage it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramView {
    pub program: Program,
    pub guidelines_html: String,
    /// Who runs the program.
    pub admins: Vec<PersonRef>,
    pub can_manage: bool,
    /// Enrollment figures, for those who manage the program.
    pub counts: Option<EnrollmentCounts>,
    /// The viewer's own enrollment status, if they joined.
    pub my_status: Option<EnrollmentStatus>,
    /// Whether the viewer confirmed reading the guidelines.
    pub guidelines_read: bool,
    /// Why the viewer cannot join, if they cannot.
    pub ineligible: Option<String>,
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

    /// Why someone with this department and level may not join, or `None` when they may.
    pub fn eligibility_problem(&self, department: &str, level: Option<i64>) -> Option<String> {
        if !self.departments.is_empty()
            && !self
                .departments
                .split(',')
                .any(|d| d.trim().eq_ignore_ascii_case(department.trim()))
        {
            return Some(format!(
                "This program is for people in {}.",
                self.departments.replace(',', ", ")
            ));
        }
        if self.min_level.is_none() && self.max_level.is_none() {
            return None;
        }
        let Some(level) = level else {
            return Some(
                "This program is for some levels only. Add your level to your profile first."
                    .into(),
            );
        };
        let too_low = self.min_level.is_some_and(|lo| level < lo);
        let too_high = self.max_level.is_some_and(|hi| level > hi);
        (too_low || too_high)
            .then(|| format!("{} can join; your level is {level}.", self.eligibility()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program(departments: &str, min: Option<i64>, max: Option<i64>) -> Program {
        Program {
            id: 1,
            name: "P".into(),
            description: String::new(),
            guidelines: String::new(),
            format: ProgramFormat::Peer,
            group_size: 2,
            rotation_weeks: 12,
            starts_on: "2027-01-01".into(),
            ends_on: "2027-06-01".into(),
            enrollment_opens_on: "2026-12-01".into(),
            enrollment_closes_on: "2026-12-20".into(),
            departments: departments.into(),
            min_level: min,
            max_level: max,
            state: ProgramState::Enrolling,
            created_at: 0,
            matching: MatchingSettings::default(),
            nudge_weeks: 2,
        }
    }

    #[test]
    fn eligibility_follows_departments_and_levels() {
        assert_eq!(program("", None, None).eligibility_problem("", None), None);
        let eng = program("Engineering,Design", None, None);
        assert_eq!(eng.eligibility_problem("design", Some(3)), None);
        assert!(eng
            .eligibility_problem("Sales", Some(3))
            .unwrap()
            .contains("Engineering, Design"));
        let levels = program("", Some(3), Some(5));
        assert_eq!(levels.eligibility_problem("Sales", Some(4)), None);
        assert!(levels
            .eligibility_problem("Sales", Some(6))
            .unwrap()
            .contains("your level is 6"));
        assert!(levels
            .eligibility_problem("Sales", None)
            .unwrap()
            .contains("Add your level"));
    }
}
