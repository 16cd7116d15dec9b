//! Every message Tandem sends, written in one place: the features say who gets what, and these
//! functions say it in words. Each message is a [`Letter`] of paragraphs and links, from which
//! both the plain-text part and a simple HTML part (readable on a phone, links as large
//! buttons) are written, so the two always say the same.

mod accounts;
mod digest;
mod events;
mod goals;
mod mentor_requests;
mod pairs;
mod programs;
mod reviews;
mod rounds;

pub use accounts::*;
pub use digest::*;
pub use events::*;
pub use goals::*;
pub use mentor_requests::*;
pub use pairs::*;
pub use programs::*;
pub use reviews::*;
pub use rounds::*;

use crate::domain::NotificationKind;
use crate::ssr::support::html::escape;
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
            answers: Vec::new(),
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

/// The signed token in a personal link: what follows `marker`, up to a query.
fn token_after(link: &str, marker: &str) -> Option<String> {
    let (_, rest) = link.split_once(marker)?;
    let token = rest.split(['?', '#']).next()?;
    (!token.is_empty()).then(|| token.to_owned())
}

impl OutgoingMail {
    /// The message with buttons for `actions`, each carrying `token`; unchanged without one.
    fn answered_by(mut self, actions: &[crate::domain::ChatAction], token: Option<String>) -> Self {
        if let Some(token) = token {
            self.answers = actions
                .iter()
                .map(|&action| crate::domain::ChatAnswer {
                    action,
                    token: token.clone(),
                })
                .collect();
        }
        self
    }

    /// The text without the footer a notification's email carries.
    pub fn text_without_footer(&self) -> &str {
        match self.text.rfind("\n--\n") {
            Some(at) => &self.text[..at],
            None => &self.text,
        }
    }
}

fn hello(name: &str) -> String {
    if name.trim().is_empty() {
        "Hello,".into()
    } else {
        format!("Hello {name},")
    }
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
            "Wed 2 Dec 2026, 16:00–16:45 (Europe/Lisbon)",
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
            "https://t.example/programs/1/pair#times-0",
        );
        assert_eq!(mail.subject, "Your new match in Spring pairs");
        assert!(mail
            .text
            .contains("- Bo can offer SQL, which Ana wants to grow"));
        assert!(mail.text.contains("- Introduce yourselves"));
        assert!(mail.text.contains(
            "Pick a time that suits you both and propose it in one tap:\nhttps://t.example/programs/1/pair#times-0"
        ));
        assert!(mail.html.unwrap().contains("<li>Introduce yourselves</li>"));
    }
}
