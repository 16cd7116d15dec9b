//! The weekly check-in nudge for goals.

use super::{hello, Letter};
use crate::ssr::support::mailer::OutgoingMail;

/// The weekly check-in nudge: every goal of this person that asks for one, in one message.
pub fn goals_due(to: &str, name: &str, goals: Vec<(String, Option<String>)>) -> OutgoingMail {
    let subject = match goals.len() {
        1 => "A goal is waiting for a check-in".to_owned(),
        n => format!("{n} goals are waiting for a check-in"),
    };
    Letter::new(to, subject, hello(name))
        .para(
            "A minute's check-in keeps your match up to date and shows how far you have come. \
             These have had none for a week or more:",
        )
        .links(goals)
        .into_mail()
}
