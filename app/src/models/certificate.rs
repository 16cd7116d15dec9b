//! Certificates of participation as pages show them: those a person may ask for, and one
//! issued certificate as its verification page shows it to anyone holding its code.

use crate::domain::CertificateRole;
use serde::{Deserialize, Serialize};

/// A certificate a person may ask for: their part in one program in one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateChoice {
    pub program_id: i64,
    pub program_name: String,
    pub role: CertificateRole,
    /// "5 March 2026 to 4 June 2026"
    pub period: String,
    pub sessions: i64,
    /// "12.5 hours"
    pub held: String,
}

/// An issued certificate, exactly as it was printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// As printed, in groups of five.
    pub code: String,
    pub person_name: String,
    pub program_name: String,
    pub role: CertificateRole,
    pub period: String,
    pub sessions: i64,
    pub held: String,
    pub issued_on: String,
    /// The address that shows this page, printed on the certificate.
    pub verify_url: String,
    /// Where the PDF is downloaded from.
    pub pdf_path: String,
}
