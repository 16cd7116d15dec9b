//! Messages about programs opening and closing for enrollment.

use super::{hello, Letter};
use crate::domain::dates::iso_day;
use crate::ssr::support::mailer::OutgoingMail;

/// A program opened for enrollment, to those it is for.
pub fn enrollment_open(
    to: &str,
    name: &str,
    program: &str,
    description: &str,
    closes_on: &str,
    link: &str,
) -> OutgoingMail {
    let mut letter =
        Letter::new(to, format!("Enrollment is open: {program}"), hello(name)).para(format!(
            "{program} is open for enrollment until {}, and you can join.",
            iso_day(closes_on)
        ));
    if !description.trim().is_empty() {
        letter = letter.para(description.trim());
    }
    letter
        .link("Read how it works and join in a few minutes:", link)
        .into_mail()
}

/// Two days before enrollment closes, to someone who joined with questions unanswered.
pub fn enrollment_closing(
    to: &str,
    name: &str,
    program: &str,
    closes_on: &str,
    link: &str,
) -> OutgoingMail {
    Letter::new(
        to,
        format!("Enrollment closes soon: {program}"),
        hello(name),
    )
    .para(format!(
        "You joined {program}, and some questions of its survey are still unanswered. \
         Matching reads your answers to find you a good partner, and they can be changed until \
         enrollment closes on {}.",
        iso_day(closes_on)
    ))
    .link("Finish your answers in a minute or two:", link)
    .into_mail()
}
