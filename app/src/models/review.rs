//! Mentoring records for performance reviews as pages and exports show them: the record
//! itself (only the parts agreed to), the requests and agreements on both sides, and the log
//! of exports its employee reads.

use crate::domain::{CertificateRole, EarnedBadge, KudosCategory};
use serde::{Deserialize, Serialize};

/// A program a person took part in, with the sessions held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordProgram {
    pub program: String,
    pub role: CertificateRole,
    pub period: String,
    pub sessions: i64,
    pub held: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordGoal {
    pub id: i64,
    pub title: String,
    pub program: String,
    pub achieved_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordKudos {
    pub id: i64,
    pub from: String,
    pub program: String,
    pub category: KudosCategory,
    pub note: String,
    pub day: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCertificate {
    pub program: String,
    pub role: CertificateRole,
    pub period: String,
    pub verify_url: String,
}

/// A mentoring record. A part left out of the agreement is `None` (absent from the JSON),
/// not empty, so a reader can tell "not shared" from "nothing yet".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub person: String,
    pub prepared_on: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programs: Option<Vec<RecordProgram>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub badges: Option<Vec<EarnedBadge>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificates: Option<Vec<RecordCertificate>>,
    pub goals: Vec<RecordGoal>,
    pub kudos: Vec<RecordKudos>,
}

/// A request and its answer, as one side reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentView {
    pub id: i64,
    /// The other person: the manager on the employee's page, the employee on the manager's.
    pub person: String,
    /// "Agreed until Fri 8 Jan 2027", "Waiting for an answer", "Withdrawn on …", "Ended on …".
    pub status: String,
    pub pending: bool,
    /// Agreed, not withdrawn, not ended: the manager may read the record now.
    pub readable: bool,
    pub requested_on: String,
    /// What was agreed, in words: "programs and sessions, 2 goals, 1 thank-you".
    pub scope: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportView {
    pub reader: String,
    pub format: String,
    pub when: String,
    /// Whether the reader read by an agreement (a manager) rather than as the employee.
    pub by_consent: bool,
}

/// Someone who reports to the reader, with their latest request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub user_id: i64,
    pub name: String,
    pub latest: Option<ConsentView>,
}

/// `/reviews`: my record and who may read it, and my team's records if I manage anyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewsPage {
    /// The goals and kudos I may choose to include.
    pub goals: Vec<RecordGoal>,
    pub kudos: Vec<RecordKudos>,
    /// Requests waiting for my answer.
    pub requests: Vec<ConsentView>,
    /// Answered requests, newest first.
    pub answered: Vec<ConsentView>,
    pub exports: Vec<ExportView>,
    pub team: Vec<TeamMember>,
}
