//! The org directory import: a CSV of people (email, name, department, team, job title, level,
//! manager email, location, time zone) checked in full before anything is written.
//!
//! [`read`] reads the file and checks each row on its own; [`plan_file`] checks the rows
//! against each other and against the people already in Tandem (unknown managers, reporting
//! loops) and says who will be created, who updated and how, and who is missing from the
//! file. Every problem of a file is found in one pass. A column the file lacks changes nobody. Both are plain functions with no I/O; the storage
//! layer applies a plan in one transaction, and `ssr::directory` is the service the server
//! functions call: it keeps an upload, previews it and applies it. Server only, like the
//! matching engine.

mod parse;
mod plan;

pub use parse::{parse, read, DirectoryRow, Parsed, MAX_IMPORT_BYTES};
pub use plan::{plan, plan_file, ExistingPerson, ImportPlan, Planned, Update};

/// The optional columns a file has. A column the file lacks leaves that field as it is for
/// everyone; an empty cell in a column it has clears the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub department: bool,
    pub team: bool,
    pub job_title: bool,
    pub level: bool,
    pub manager: bool,
    pub location: bool,
    pub time_zone: bool,
}

impl Default for Columns {
    /// Every column, as a file written for a first import has them.
    fn default() -> Self {
        Columns {
            department: true,
            team: true,
            job_title: true,
            level: true,
            manager: true,
            location: true,
            time_zone: true,
        }
    }
}

impl Columns {
    /// The names of the optional columns a file lacks, for the preview.
    pub fn absent(&self) -> Vec<&'static str> {
        [
            (self.department, "department"),
            (self.team, "team"),
            (self.job_title, "job title"),
            (self.level, "level"),
            (self.manager, "manager email"),
            (self.location, "location"),
            (self.time_zone, "time zone"),
        ]
        .into_iter()
        .filter(|(present, _)| !present)
        .map(|(_, name)| name)
        .collect()
    }
}

pub use crate::models::ImportProblem as Problem;

impl Problem {
    fn new(row: usize, column: Option<&str>, message: impl Into<String>) -> Self {
        Problem {
            row,
            column: column.map(str::to_owned),
            message: message.into(),
        }
    }
}

/// At most this many problems are reported; a file with more is usually the wrong file.
pub const MAX_PROBLEMS: usize = 200;
