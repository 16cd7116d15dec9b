//! Messages about events: invitations, seats, the draw, reminders and the answer-by date.

use super::{hello, place_phrase, Letter};
use crate::domain::ChatAction;
use crate::ssr::support::mailer::OutgoingMail;

/// A seat freed up and went to the first on the waitlist.
pub fn seat_taken(to: &str, name: &str, event: &str, when: &str, link: &str) -> OutgoingMail {
    Letter::new(to, format!("You have a seat: {event}"), hello(name))
        .para(format!(
            "A seat opened up and it is yours: you are going to \"{event}\" on {when}."
        ))
        .link(
            "If you can no longer come, give the seat back here so the next person can take it:",
            link,
        )
        .into_mail()
}

/// Where the Exec Encounter draw placed this person.
pub fn draw_result(
    to: &str,
    name: &str,
    event: &str,
    result: &str,
    seed: i64,
    link: &str,
) -> OutgoingMail {
    Letter::new(to, format!("The draw for {event}"), hello(name))
        .para(result)
        .link("Your answer, any time:", link)
        .note(format!("The draw used seed {seed}, so it can be checked."))
        .into_mail()
}

/// An invitation to an event, with a personal link that answers in one tap.
pub fn event_invitation(
    to: &str,
    name: &str,
    organiser: &str,
    event: &str,
    when: &str,
    place: &str,
    link: &str,
) -> OutgoingMail {
    let at = if place.is_empty() {
        String::new()
    } else {
        format!(", at {place}")
    };
    Letter::new(to, format!("You're invited: {event}"), hello(name))
        .para(format!(
            "{organiser} invites you to \"{event}\" on {when}{at}."
        ))
        .link("Answer in one tap:", link)
        .into_mail()
        .answered_by(
            &[ChatAction::RsvpGoing, ChatAction::RsvpNotGoing],
            super::token_after(link, "/rsvp/"),
        )
}

/// A day before an event, to those going.
pub fn event_coming_up(
    to: &str,
    name: &str,
    event: &str,
    when: &str,
    place: &str,
    video_url: &str,
    link: &str,
) -> OutgoingMail {
    let mut letter = Letter::new(to, format!("Coming up: {event}"), hello(name))
        .para(format!("You are going to \"{event}\" on {when}."));
    if let Some(place) = place_phrase(place, video_url) {
        letter = letter.para(place);
    }
    letter
        .link(
            "If you can no longer come, give your seat back in one tap:",
            link,
        )
        .into_mail()
}

/// The day before an event's answer-by date, to those invited who have not answered.
pub fn answer_by(
    to: &str,
    name: &str,
    event: &str,
    when: &str,
    deadline: &str,
    link: &str,
) -> OutgoingMail {
    Letter::new(to, format!("Answer by {deadline}: {event}"), hello(name))
        .para(format!(
            "\"{event}\" is on {when}, and answers close {deadline}. You have not answered yet."
        ))
        .link("Answer in one tap:", link)
        .into_mail()
}
