use serde::{Deserialize, Serialize};

/// One thing wrong with an org directory file. `row` is the line in the file (the header is
/// line 1; 0 means the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub row: usize,
    pub column: Option<String>,
    pub message: String,
}

/// A person in an import preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewPerson {
    pub line: usize,
    pub email: String,
    pub name: String,
    pub department: String,
    pub job_title: String,
    pub manager_email: Option<String>,
    /// For someone already in Tandem: what the import changes, in words.
    pub changes: Vec<String>,
}

/// What an uploaded directory file would do, shown before the admin confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub upload_id: i64,
    pub filename: String,
    /// Empty when the file can be imported.
    pub problems: Vec<ImportProblem>,
    pub create_count: usize,
    pub update_count: usize,
    pub unchanged: usize,
    /// The first people of each kind, for a look before confirming.
    pub create: Vec<PreviewPerson>,
    pub update: Vec<PreviewPerson>,
    /// Optional columns the file lacks: those fields stay as they are for everyone.
    pub absent_columns: Vec<String>,
    /// People in Tandem the file does not name (never org admins): a full import may mark
    /// them as having left. By email.
    pub missing: Vec<String>,
}
