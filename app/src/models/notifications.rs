//! How a person chooses what Tandem sends them, and the page an unsubscribe link opens.

use crate::domain::{NotificationInput, NotificationKind};
use serde::{Deserialize, Serialize};

/// The notification settings page: the form as the person left it, in their time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationsPage {
    pub input: NotificationInput,
    /// The zone the hours are in; empty when the profile names none.
    pub time_zone: String,
    /// How many notifications wait for the next digest.
    pub digest_waiting: usize,
}

/// What an unsubscribe link stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsubscribeView {
    /// Why the link cannot be used, if it cannot.
    pub problem: Option<String>,
    pub kind: Option<NotificationKind>,
    /// Whether that kind is off now.
    pub off: bool,
    pub first_name: String,
}
