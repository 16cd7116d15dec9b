//! Every message Tandem sends, written in one place: the features say who gets what, and these
//! functions say it in words. Each takes what the message needs and returns it ready to send.

use crate::ssr::support::mailer::OutgoingMail;

/// A single-use link to choose a new password.
pub fn password_reset(to: &str, name: &str, org: &str, link: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_owned(),
        subject: "Reset your Tandem password".into(),
        text: format!(
            "Hello {name},\n\nSomeone (hopefully you) asked to reset your {org} password on Tandem.\n\
             Choose a new password here within the next hour:\n\n{link}\n\n\
             The link works once. If you did not ask for this, ignore this message: your password \
             stays as it is.\n"
        ),
    }
}

/// An invitation to create an account.
pub fn invitation(to: &str, org: &str, link: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_owned(),
        subject: format!("Join {org} on Tandem"),
        text: format!(
            "Hello,\n\nYou are invited to join {org} on Tandem, where colleagues learn from each other \
             through peer mentoring.\n\nCreate your account here (the link works for 14 days):\n\n{link}\n"
        ),
    }
}

/// To a program admin: the rotation drafted the next round.
pub fn round_ready(to: &str, name: &str, program: &str, weeks: i64, link: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_owned(),
        subject: format!("The next round of {program} is ready to review"),
        text: format!(
            "Hello {name},\n\n{weeks} weeks have passed since the last round of {program}. Tandem drafted the next one, keeping everyone away from recent partners. Review and publish it:\n{link}\n\nTandem"
        ),
    }
}

/// A published round matched this person with `others` ("Ana and Bo").
pub fn matched(to: &str, name: &str, others: &str, program: &str, link: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_owned(),
        subject: format!("Your new match in {program}"),
        text: format!(
            "Hello {name},\n\nYou have been matched with {others} in {program}.\n\nSee why you were matched and a suggested first agenda:\n{link}\n\nTandem"
        ),
    }
}

/// An approved request for a new match placed this person in a new group.
pub fn rematched(to: &str, name: &str, program: &str, link: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_owned(),
        subject: format!("Your new match in {program}"),
        text: format!(
            "Hello {name},\n\nYou have a new match in {program}. See who and why:\n{link}\n\nTandem"
        ),
    }
}

/// To a program admin: someone asked for a new match. The reason stays on the page.
pub fn match_request(
    to: &str,
    name: &str,
    requester: &str,
    program: &str,
    link: &str,
) -> OutgoingMail {
    OutgoingMail {
        to: to.to_owned(),
        subject: format!("A request for a new match in {program}"),
        text: format!(
            "Hello {name},\n\n{requester} asked for a new match in {program}. Read the reason and decide:\n{link}\n\nTandem"
        ),
    }
}

/// To the requester: the program team kept the match.
pub fn match_request_declined(to: &str, name: &str, program: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_owned(),
        subject: format!("Your request in {program}"),
        text: format!(
            "Hello {name},\n\nThe program team kept your current match in {program} for now. If you want to talk about it, reply to your program admin.\n\nTandem"
        ),
    }
}

/// To a pair member: their partner proposed, answered, accepted or cancelled a session.
pub fn session_update(
    to: &str,
    name: &str,
    subject: &str,
    sentence: &str,
    when: &str,
    link: &str,
) -> OutgoingMail {
    OutgoingMail {
        to: to.to_owned(),
        subject: subject.to_owned(),
        text: format!(
            "Hello {name},\n\n{sentence}: {when}.\n\nSee it and answer on your pair page:\n{link}\n\nTandem"
        ),
    }
}

/// A seat freed up and went to the first on the waitlist.
pub fn seat_taken(to: &str, name: &str, event: &str, when: &str, link: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_owned(),
        subject: format!("You have a seat: {event}"),
        text: format!(
            "Hello {name},\n\nA seat opened up and it is yours: you are going to \"{event}\" on {when}.\n\n\
             If you can no longer come, give the seat back here so the next person can take it:\n{link}\n\nTandem"
        ),
    }
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
    OutgoingMail {
        to: to.to_owned(),
        subject: format!("The draw for {event}"),
        text: format!(
            "Hello {name},\n\n{result}\n\nYour answer, any time:\n{link}\n\nThe draw used seed {seed}, so it can be checked.\n\nTandem"
        ),
    }
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
    OutgoingMail {
        to: to.to_owned(),
        subject: format!("You're invited: {event}"),
        text: format!(
            "Hello {name},\n\n{organiser} invites you to \"{event}\" on {when}{at}.\n\nAnswer in one tap:\n{link}\n\nTandem"
        ),
    }
}
