//! The org directory import: a CSV of people (email, name, department, team, job title, level,
//! manager email, location, time zone) checked in full before anything is written.
//!
//! [`parse`] reads the file and checks each row on its own; [`plan`] checks the rows against
//! each other and against the people already in Tandem (unknown managers, reporting loops) and
//! says who will be created and who updated. Both are plain functions with no I/O; the storage
//! layer applies a plan in one transaction, and `ssr::directory` is the service the server
//! functions call: it keeps an upload, previews it and applies it. Server only, like the
//! matching engine.

mod parse;
mod plan;

pub use parse::{parse, DirectoryRow, MAX_IMPORT_BYTES};
pub use plan::{plan, ExistingPerson, ImportPlan};

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
