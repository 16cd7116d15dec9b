//! Messages about matching: rounds drafted and published, new matches, requests for a new match, and pairs that have not met.

use super::{hello, Letter};
use crate::ssr::support::mailer::OutgoingMail;

/// To a program admin: the rotation drafted the next round.
pub fn round_ready(to: &str, name: &str, program: &str, weeks: i64, link: &str) -> OutgoingMail {
    Letter::new(
        to,
        format!("The next round of {program} is ready to review"),
        hello(name),
    )
    .para(format!(
        "{weeks} weeks have passed since the last round of {program}. Tandem drafted the next \
         one, keeping everyone away from recent partners."
    ))
    .link("Review and publish it:", link)
    .into_mail()
}

/// A published round matched this person with `others` ("Ana and Bo"): who, why, a first
/// agenda, and where to pick a time that suits them all.
#[allow(clippy::too_many_arguments)]
pub fn matched(
    to: &str,
    name: &str,
    others: &str,
    program: &str,
    reasons: &[String],
    agenda: &[String],
    link: &str,
    times_link: &str,
) -> OutgoingMail {
    let mut letter = Letter::new(to, format!("Your new match in {program}"), hello(name))
        .para(format!("You have been matched with {others} in {program}."));
    if !reasons.is_empty() {
        letter = letter.para("Why you were matched:").list(reasons.to_vec());
    }
    if !agenda.is_empty() {
        letter = letter
            .para("A first agenda for your first meeting:")
            .list(agenda.to_vec());
    }
    letter
        .link(
            "Pick a time that suits you both and propose it in one tap:",
            times_link,
        )
        .link(
            "See why you were matched and a suggested first agenda:",
            link,
        )
        .into_mail()
}

/// An approved request for a new match placed this person in a new group.
pub fn rematched(to: &str, name: &str, program: &str, link: &str) -> OutgoingMail {
    Letter::new(to, format!("Your new match in {program}"), hello(name))
        .para(format!("You have a new match in {program}."))
        .link("See who and why:", link)
        .into_mail()
}

/// To the partner of someone who asked for a new match: kindly, and never why.
pub fn match_changed(to: &str, name: &str, program: &str, link: &str) -> OutgoingMail {
    Letter::new(
        to,
        format!("Your match in {program} has changed"),
        hello(name),
    )
    .para(format!(
        "The program team made a change to the pairs in {program}, and yours is one of \
             them. Nothing you did caused it: pairs change for many reasons, most of them \
             about timing and fit."
    ))
    .para(
        "Your goals, notes and past sessions stay yours. Your pair page shows your new \
             match as soon as you have one.",
    )
    .link("See your pair page:", link)
    .into_mail()
}

/// To a group that took one more person in.
pub fn group_joined(to: &str, name: &str, program: &str, link: &str) -> OutgoingMail {
    Letter::new(
        to,
        format!("Someone joined your group in {program}"),
        hello(name),
    )
    .para(format!(
        "A change to the pairs in {program} brought one more person into your group: you \
             are three now."
    ))
    .link("See who and why on your pair page:", link)
    .into_mail()
}

/// To a program admin: someone asked for a new match. The reason stays on the page.
pub fn match_request(
    to: &str,
    name: &str,
    requester: &str,
    program: &str,
    link: &str,
) -> OutgoingMail {
    Letter::new(
        to,
        format!("A request for a new match in {program}"),
        hello(name),
    )
    .para(format!("{requester} asked for a new match in {program}."))
    .link("Read the reason and decide:", link)
    .into_mail()
}

/// To the requester: the program team kept the match.
pub fn match_request_declined(to: &str, name: &str, program: &str) -> OutgoingMail {
    Letter::new(to, format!("Your request in {program}"), hello(name))
        .para(format!(
            "The program team kept your current match in {program} for now. If you want to \
             talk about it, reply to your program admin."
        ))
        .into_mail()
}

/// A group that has not planned a meeting some weeks after being matched: one nudge.
pub fn not_meeting_yet(
    to: &str,
    name: &str,
    others: &str,
    program: &str,
    weeks: i64,
    link: &str,
) -> OutgoingMail {
    let weeks = if weeks == 1 {
        "a week".to_owned()
    } else {
        format!("{weeks} weeks")
    };
    Letter::new(to, format!("Time to meet {others}"), hello(name))
        .para(format!(
            "You were matched with {others} in {program} {weeks} ago, and no meeting is planned \
             yet. A first conversation of half an hour is enough to start."
        ))
        .link("Propose a time on your pair page:", link)
        .into_mail()
}

/// A group's agreed rhythm has lapsed: `rhythm` is what they agreed, `weeks` how long it has
/// been since they last met (`None` before their first meeting).
pub fn meet_again(
    to: &str,
    name: &str,
    others: &str,
    program: &str,
    rhythm: &str,
    weeks: Option<i64>,
    link: &str,
) -> OutgoingMail {
    let agreed = format!(
        "In {program} you and {others} agreed to meet: {}.",
        rhythm.to_lowercase()
    );
    let (subject, status) = match weeks {
        None => (
            format!("Time to meet {others}"),
            "You have not met yet, and nothing is planned.".to_owned(),
        ),
        Some(weeks) => (
            format!("Time to meet {others} again"),
            format!(
                "You last met {} ago, and nothing is planned yet.",
                if weeks == 1 {
                    "a week".to_owned()
                } else {
                    format!("{weeks} weeks")
                }
            ),
        ),
    };
    Letter::new(to, subject, hello(name))
        .para(format!("{agreed} {status}"))
        .link("Propose a time on your pair page:", link)
        .into_mail()
}

/// A pulse survey of `program` is open for `name`.
pub fn pulse_invitation(
    to: &str,
    name: &str,
    program: &str,
    kind: crate::domain::PulseKind,
    link: &str,
) -> OutgoingMail {
    let (subject, why) = match kind {
        crate::domain::PulseKind::Fit => (
            format!("How is your match in {program}?"),
            "Three quick questions on how your match is working. If it is not, you can ask for \
             another one right there.",
        ),
        crate::domain::PulseKind::Pulse => (
            format!("Halfway through {program}: three questions"),
            "Three quick questions on how your sessions are going.",
        ),
        crate::domain::PulseKind::Closing => (
            format!("{program} is ending: how was it?"),
            "Four questions on what the program gave you, and advice for the next participants.",
        ),
    };
    Letter::new(to, subject, hello(name))
        .para(format!(
            "{why} The program's admins only ever see figures over at least five people, and \
             never who answered what."
        ))
        .link("Answer in a minute:", link)
        .into_mail()
}
