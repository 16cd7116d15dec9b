//! Every message Tandem sends, written in one place: the features say who gets what, and these
//! functions say it in words. Each message is a [`Letter`] of paragraphs and links, from which
//! both the plain-text part and a simple HTML part (readable on a phone, links as large
//! buttons) are written, so the two always say the same.

use crate::domain::NotificationKind;
use crate::ssr::support::mailer::OutgoingMail;

/// One part of a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Para(String),
    /// A sentence leading to a link, e.g. "Review and publish it:" and the address.
    Link(String, String),
    /// A list of short items.
    List(Vec<String>),
    /// A list of items, each leading somewhere when it has an address.
    Links(Vec<(String, Option<String>)>),
    /// Small print.
    Note(String),
}

/// A message being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    to: String,
    subject: String,
    lines: Vec<Line>,
    signed: bool,
}

impl Letter {
    fn new(to: &str, subject: impl Into<String>, greeting: impl Into<String>) -> Self {
        Letter {
            to: to.to_owned(),
            subject: subject.into(),
            lines: vec![Line::Para(greeting.into())],
            signed: true,
        }
    }

    fn para(mut self, text: impl Into<String>) -> Self {
        self.lines.push(Line::Para(text.into()));
        self
    }

    fn link(mut self, lead: impl Into<String>, url: &str) -> Self {
        self.lines.push(Line::Link(lead.into(), url.to_owned()));
        self
    }

    fn list(mut self, items: Vec<String>) -> Self {
        if !items.is_empty() {
            self.lines.push(Line::List(items));
        }
        self
    }

    fn links(mut self, items: Vec<(String, Option<String>)>) -> Self {
        if !items.is_empty() {
            self.lines.push(Line::Links(items));
        }
        self
    }

    fn note(mut self, text: impl Into<String>) -> Self {
        self.lines.push(Line::Note(text.into()));
        self
    }

    fn unsigned(mut self) -> Self {
        self.signed = false;
        self
    }

    fn text(&self) -> String {
        let mut parts: Vec<String> = self
            .lines
            .iter()
            .map(|line| match line {
                Line::Para(p) | Line::Note(p) => p.clone(),
                Line::Link(lead, url) => format!("{lead}\n{url}"),
                Line::List(items) => items
                    .iter()
                    .map(|i| format!("- {i}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Line::Links(items) => items
                    .iter()
                    .map(|(text, url)| match url {
                        Some(url) => format!("- {text}\n  {url}"),
                        None => format!("- {text}"),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .collect();
        if self.signed {
            parts.push("Tandem".into());
        }
        parts.join("\n\n") + "\n"
    }

    fn html(&self) -> String {
        let mut body = String::new();
        for line in &self.lines {
            match line {
                Line::Para(p) => body.push_str(&format!("<p>{}</p>\n", escape(p))),
                Line::Note(p) => body.push_str(&format!(
                    "<p style=\"font-size:14px;color:#475569\">{}</p>\n",
                    escape(p)
                )),
                Line::Link(lead, url) => {
                    let label = lead.trim_end_matches(':').trim();
                    body.push_str(&format!(
                        "<p><a href=\"{}\" style=\"display:inline-block;padding:12px 20px;\
                         background:#0f766e;color:#ffffff;border-radius:8px;\
                         text-decoration:none;font-weight:600\">{}</a></p>\n",
                        escape(url),
                        escape(label)
                    ));
                }
                Line::List(items) => {
                    body.push_str("<ul>\n");
                    for i in items {
                        body.push_str(&format!("<li>{}</li>\n", escape(i)));
                    }
                    body.push_str("</ul>\n");
                }
                Line::Links(items) => {
                    body.push_str("<ul>\n");
                    for (text, url) in items {
                        match url {
                            Some(url) => body.push_str(&format!(
                                "<li style=\"margin-bottom:8px\"><a href=\"{}\" style=\"color:#0f766e\">{}</a></li>\n",
                                escape(url),
                                escape(text)
                            )),
                            None => body.push_str(&format!("<li>{}</li>\n", escape(text))),
                        }
                    }
                    body.push_str("</ul>\n");
                }
            }
        }
        if self.signed {
            body.push_str("<p>Tandem</p>\n");
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{}</title></head>\n<body style=\"margin:0;padding:24px 16px;\
             font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:16px;\
             line-height:1.5;color:#0f172a;background:#ffffff\">\n<div style=\"max-width:560px\">\n\
             {body}</div>\n</body></html>\n",
            escape(&self.subject)
        )
    }

    /// The message as it is sent: plain text and HTML.
    pub fn into_mail(self) -> OutgoingMail {
        OutgoingMail {
            text: self.text(),
            html: Some(self.html()),
            to: self.to,
            subject: self.subject,
            unsubscribe: None,
            message_id: None,
        }
    }
}

/// Adds the lines every notification ends with: why it came, how to stop that kind, and where
/// to choose what comes and when. Written into both parts.
pub fn add_footer(mail: &mut OutgoingMail, kind: NotificationKind, stop: &str, choices: &str) {
    let why = format!("You get this email about {}.", kind.about());
    mail.text.push_str(&format!(
        "\n--\n{why}\nStop these emails: {stop}\nChoose what Tandem sends you, and when: {choices}\n"
    ));
    if let Some(html) = &mut mail.html {
        let footer = format!(
            "<hr style=\"border:none;border-top:1px solid #cbd5e1;margin:24px 0 12px\">\n\
             <p style=\"font-size:14px;color:#475569\">{} <a href=\"{}\" style=\"color:#0f766e\">\
             Stop these emails</a> · <a href=\"{}\" style=\"color:#0f766e\">Choose what Tandem \
             sends you, and when</a></p>\n",
            escape(&why),
            escape(stop),
            escape(choices)
        );
        if let Some(at) = html.rfind("</div>") {
            html.insert_str(at, &footer);
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn hello(name: &str) -> String {
    if name.trim().is_empty() {
        "Hello,".into()
    } else {
        format!("Hello {name},")
    }
}

/// A single-use link to choose a new password.
pub fn password_reset(to: &str, name: &str, org: &str, link: &str) -> OutgoingMail {
    Letter::new(to, "Reset your Tandem password", hello(name))
        .para(format!(
            "Someone (hopefully you) asked to reset your {org} password on Tandem."
        ))
        .link("Choose a new password here within the next hour:", link)
        .note(
            "The link works once. If you did not ask for this, ignore this message: your \
             password stays as it is.",
        )
        .into_mail()
}

/// A message an org admin sends themselves to check that email reaches people.
pub fn test_message(to: &str, name: &str, org: &str, transport: &str) -> OutgoingMail {
    Letter::new(to, "A test message from Tandem", hello(name))
        .para(format!(
            "This is the test message you asked for in {org}'s settings. Tandem sent it \
             through {transport}, so email from Tandem reaches this address."
        ))
        .note("Nothing else needs doing.")
        .into_mail()
}

/// The weekly digest: what the person chose to gather, and what is coming up.
pub fn digest(
    to: &str,
    name: &str,
    gathered: Vec<(String, Option<String>)>,
    coming: Vec<String>,
    settings: &str,
) -> OutgoingMail {
    let count = gathered.len();
    Letter::new(
        to,
        match count {
            1 => "Your week on Tandem: 1 update".to_owned(),
            n => format!("Your week on Tandem: {n} updates"),
        },
        hello(name),
    )
    .para("Here is what happened since your last digest.")
    .links(gathered)
    .para(if coming.is_empty() {
        "Nothing is planned for you in the coming week yet."
    } else {
        "Coming up in the next seven days:"
    })
    .list(coming)
    .link(
        "Choose what goes into your digest, and when it comes:",
        settings,
    )
    .into_mail()
}

/// An invitation to create an account.
pub fn invitation(to: &str, org: &str, link: &str) -> OutgoingMail {
    Letter::new(to, format!("Join {org} on Tandem"), "Hello,")
        .para(format!(
            "You are invited to join {org} on Tandem, where colleagues learn from each other \
             through peer mentoring."
        ))
        .link(
            "Create your account here (the link works for 14 days):",
            link,
        )
        .unsigned()
        .into_mail()
}

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

/// A published round matched this person with `others` ("Ana and Bo"): who, why, and a first
/// agenda.
pub fn matched(
    to: &str,
    name: &str,
    others: &str,
    program: &str,
    reasons: &[String],
    agenda: &[String],
    link: &str,
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
}

/// Where a session or event takes place, as one phrase ("at Room 4, or by video: URL").
fn place_phrase(place: &str, video_url: &str) -> Option<String> {
    match (place.trim(), video_url.trim()) {
        ("", "") => None,
        (place, "") => Some(format!("Where: {place}.")),
        ("", video) => Some(format!("Video link: {video}")),
        (place, video) => Some(format!("Where: {place}, or by video: {video}")),
    }
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

/// A program opened for enrollment, to those it is for.
pub fn enrollment_open(
    to: &str,
    name: &str,
    program: &str,
    description: &str,
    closes_on: &str,
    link: &str,
) -> OutgoingMail {
    let mut letter = Letter::new(to, format!("Enrollment is open: {program}"), hello(name)).para(
        format!("{program} is open for enrollment until {closes_on}, and you can join."),
    );
    if !description.trim().is_empty() {
        letter = letter.para(description.trim());
    }
    letter
        .link("Read how it works and join in a few minutes:", link)
        .into_mail()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_html_say_the_same_and_html_is_escaped() {
        let mail = session_update(
            "bo@example.com",
            "Bo <the best>",
            "Ana proposed a session",
            "Ana Lopez proposed a session",
            "Wednesday 2 December 2026, 16:00–16:45 (Europe/Lisbon)",
            "https://tandem.example/programs/3/pair?x=1&y=2",
        );
        assert!(mail.text.starts_with("Hello Bo <the best>,\n\n"));
        assert!(mail.text.contains(
            "See it and answer on your pair page:\nhttps://tandem.example/programs/3/pair?x=1&y=2"
        ));
        assert!(mail.text.trim_end().ends_with("Tandem"));
        let html = mail.html.unwrap();
        assert!(html.contains("Hello Bo &lt;the best&gt;,"));
        assert!(html.contains("href=\"https://tandem.example/programs/3/pair?x=1&amp;y=2\""));
        assert!(html.contains(">See it and answer on your pair page</a>"));
        assert!(html.contains("16:00–16:45 (Europe/Lisbon)"));
        assert!(html.contains("<meta name=\"viewport\""), "reads on a phone");
    }

    #[test]
    fn a_match_email_carries_its_reasons_and_agenda() {
        let mail = matched(
            "ana@example.com",
            "Ana",
            "Bo",
            "Spring pairs",
            &["Bo can offer SQL, which Ana wants to grow".into()],
            &["Introduce yourselves".into()],
            "https://t.example/programs/1",
        );
        assert_eq!(mail.subject, "Your new match in Spring pairs");
        assert!(mail
            .text
            .contains("- Bo can offer SQL, which Ana wants to grow"));
        assert!(mail.text.contains("- Introduce yourselves"));
        assert!(mail.html.unwrap().contains("<li>Introduce yourselves</li>"));
    }
}
