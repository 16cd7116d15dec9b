//! Messages to a pair about its sessions: changes, the agenda a day before, a reminder an hour before, and "Did you meet?" after.

use super::{hello, place_phrase, Letter};
use crate::domain::ChatAction;
use crate::ssr::support::mailer::OutgoingMail;

/// To a pair member: their partner proposed, answered, accepted or cancelled a session.
pub fn session_update(
    to: &str,
    name: &str,
    subject: &str,
    sentence: &str,
    when: &str,
    link: &str,
) -> OutgoingMail {
    Letter::new(to, subject, hello(name))
        .para(format!("{sentence}: {when}."))
        .link("See it and answer on your pair page:", link)
        .into_mail()
}

/// A day before a session: when, where, and the agenda, so both come prepared.
#[allow(clippy::too_many_arguments)]
pub fn session_coming_up(
    to: &str,
    name: &str,
    others: &str,
    program: &str,
    when: &str,
    place: &str,
    video_url: &str,
    agenda: &[String],
    link: &str,
) -> OutgoingMail {
    let mut letter = Letter::new(
        to,
        format!("Coming up: your session with {others}"),
        hello(name),
    )
    .para(format!("You meet {others} ({program}) on {when}."));
    if let Some(place) = place_phrase(place, video_url) {
        letter = letter.para(place);
    }
    letter = if agenda.is_empty() {
        letter.para("No agenda yet: add a point or two so you both come prepared.")
    } else {
        letter.para("The agenda:").list(agenda.to_vec())
    };
    letter
        .link("The session and its agenda on your pair page:", link)
        .into_mail()
}

/// An hour before a session.
pub fn session_soon(
    to: &str,
    name: &str,
    others: &str,
    when: &str,
    place: &str,
    video_url: &str,
    link: &str,
) -> OutgoingMail {
    let mut letter = Letter::new(
        to,
        format!("Starting soon: your session with {others}"),
        hello(name),
    )
    .para(format!("Your session with {others} starts soon: {when}."));
    if let Some(place) = place_phrase(place, video_url) {
        letter = letter.para(place);
    }
    letter.link("Your pair page:", link).into_mail()
}

/// After a session's end: did it take place? Each answer is a link to a page that asks once
/// more with a button, so a mail scanner opening links changes nothing.
pub fn did_you_meet(
    to: &str,
    name: &str,
    others: &str,
    when: &str,
    yes: &str,
    no: &str,
) -> OutgoingMail {
    Letter::new(to, format!("Did you meet {others}?"), hello(name))
        .para(format!("Your session with {others} was planned for {when}."))
        .link("Yes, we met:", yes)
        .link("No, it did not happen:", no)
        .note("Either of you can answer; the answer counts for the session, and your notes stay as they are.")
        .into_mail()
        .answered_by(
            &[ChatAction::SessionMet, ChatAction::SessionMissed],
            super::token_after(yes, "/sessions/check/"),
        )
}
