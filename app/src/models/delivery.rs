//! What Tandem sent and what became of it, as org admins see it.

use crate::domain::JobState;
use serde::{Deserialize, Serialize};

/// One message: to whom, when, through which channel, and whether it arrived or why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryLine {
    pub id: i64,
    pub subject: String,
    pub channel: String,
    pub state: JobState,
    /// When it was queued, in the viewer's time zone.
    pub queued: String,
    /// When it was delivered, failed or dropped.
    pub finished: Option<String>,
    pub attempts: i64,
    /// The mail server's answer for a failure, or why it was not sent.
    pub reason: Option<String>,
    pub recipient_id: Option<i64>,
    pub recipient: Option<String>,
}

/// The delivery page: where email goes, how much waits, and what failed for good.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryOverview {
    /// "the SMTP server mail.example.com:587 (STARTTLS)" or "the outbox folder data/outbox".
    pub transport: String,
    pub queued: i64,
    pub due: i64,
    pub failed_count: i64,
    pub failed: Vec<DeliveryLine>,
}

/// Everything sent to one person, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDeliveries {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub lines: Vec<DeliveryLine>,
}
