//! Messages about mentors people choose: a request to the mentor, and its answer (or its
//! lapse) to the mentee.

use super::{hello, Letter};
use crate::ssr::support::mailer::OutgoingMail;

/// To a mentor: `mentee` asks them, with a note, to answer by `answer_by`.
pub fn mentor_requested(
    to: &str,
    name: &str,
    mentee: &str,
    program: &str,
    note: &str,
    answer_by: &str,
    link: &str,
) -> OutgoingMail {
    let mut letter = Letter::new(
        to,
        format!("{mentee} asks you to be their mentor"),
        hello(name),
    )
    .para(format!(
        "{mentee} chose you as their mentor in {program}. Please answer by {answer_by}; \
             after that the request lapses and they can ask someone else."
    ));
    if !note.is_empty() {
        letter = letter.para(format!("Their note: “{note}”"));
    }
    letter.link("Accept or decline:", link).into_mail()
}

/// To a mentee: `mentor` accepted.
pub fn mentor_accepted(
    to: &str,
    name: &str,
    mentor: &str,
    program: &str,
    link: &str,
) -> OutgoingMail {
    Letter::new(to, format!("{mentor} will be your mentor"), hello(name))
        .para(format!(
            "{mentor} accepted your request in {program}. Agree how you will work together and \
             plan your first session on your pair page."
        ))
        .link("Your pair page:", link)
        .into_mail()
}

/// To a mentee: `mentor` declined.
pub fn mentor_declined(
    to: &str,
    name: &str,
    mentor: &str,
    program: &str,
    link: &str,
) -> OutgoingMail {
    Letter::new(to, format!("{mentor} cannot take you on"), hello(name))
        .para(format!(
            "{mentor} cannot be your mentor in {program} this time. Other mentors have places."
        ))
        .link("Choose another mentor:", link)
        .into_mail()
}

/// To a mentee: `mentor` did not answer in time.
pub fn mentor_request_lapsed(
    to: &str,
    name: &str,
    mentor: &str,
    program: &str,
    link: &str,
) -> OutgoingMail {
    Letter::new(to, format!("No answer from {mentor} yet"), hello(name))
        .para(format!(
            "{mentor} did not answer your request in {program} in time, so it has lapsed. You \
             can ask another mentor now."
        ))
        .link("Choose a mentor:", link)
        .into_mail()
}
