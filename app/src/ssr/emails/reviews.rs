//! Messages about mentoring records for reviews: a manager's request to the employee, and
//! the employee's answer to the manager. Neither carries the record itself: it is read in
//! Tandem, where each read is logged for its owner.

use super::{hello, Letter};
use crate::ssr::support::mailer::OutgoingMail;

/// To an employee: `manager` asks for their mentoring record.
pub fn record_requested(to: &str, name: &str, manager: &str, link: &str) -> OutgoingMail {
    Letter::new(
        to,
        format!("{manager} asks for your mentoring record"),
        hello(name),
    )
    .para(format!(
        "{manager} asked to read your mentoring record for your performance review. Nothing \
         is shared unless you agree: you choose which parts, and for how long, and you can \
         withdraw at any time."
    ))
    .link("Agree or decline:", link)
    .into_mail()
}

/// To a manager: `employee` agreed (until `until`) or declined.
pub fn record_answered(
    to: &str,
    name: &str,
    employee: &str,
    until: Option<&str>,
    link: &str,
) -> OutgoingMail {
    match until {
        Some(until) => Letter::new(
            to,
            format!("{employee} shared their mentoring record"),
            hello(name),
        )
        .para(format!(
            "{employee} agreed that you may read the parts of their mentoring record they \
             chose, until {until}. They see each time you download it."
        ))
        .link("Download it:", link)
        .into_mail(),
        None => Letter::new(
            to,
            format!("{employee} declined to share their mentoring record"),
            hello(name),
        )
        .para(format!(
            "{employee} chose not to share their mentoring record this time."
        ))
        .into_mail(),
    }
}
